package io.gatehouse.web.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gatehouse.policy.audit.AuditKey;
import io.gatehouse.policy.audit.AuditKeyring;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./gatehouse audit-key rotate} on a temp data folder: what it writes, prints and logs. */
class AuditKeyCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void captureLogs() {
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        root.detachAppender(logs);
    }

    private int run(Map<String, String> env, String... args) {
        return AuditKeyCommand.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String everythingShown() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)
                + logs.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.joining("\n"));
    }

    @Test
    void rotateRetiresTheOldKeyCreatesANewOneAndPrintsOnlyKeyIds(@TempDir Path data) throws Exception {
        Path keyFile = data.resolve("audit.key");
        AuditKey old = AuditKeyring.resolve(Map.of(), keyFile).current();
        String oldText = Files.readString(keyFile).trim();

        assertEquals(0, run(Map.of(), "rotate", "--data-dir", data.toString()));

        String newText = Files.readString(keyFile).trim();
        AuditKeyring ring = AuditKeyring.resolve(Map.of(), keyFile);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("retired audit key " + old.id()), printed);
        assertTrue(printed.contains(ring.current().id()), printed);
        assertEquals(List.of(old.id()), ring.retiredIds());
        Path retired = data.resolve("audit-keys/retired-" + old.id() + ".key");
        assertEquals(oldText, Files.readString(retired).trim());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(retired)));
        String shown = everythingShown();
        assertTrue(logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains("audit key rotated")), "the rotation is logged");
        for (String secret : List.of(oldText, newText)) {
            assertFalse(shown.contains(secret), "key material was printed or logged");
            assertFalse(shown.contains(secret.substring(0, 12)), "part of a key was printed or logged");
        }
    }

    @Test
    void withTheKeyInTheEnvironmentRotationIsExplainedAsTheOperatorsJob(@TempDir Path data) throws Exception {
        Path keyFile = data.resolve("audit.key");
        AuditKeyring.resolve(Map.of(), keyFile);
        String before = Files.readString(keyFile);
        byte[] raw = new byte[32];
        raw[0] = 1;
        String envKey = Base64.getEncoder().encodeToString(raw);

        assertEquals(1, run(Map.of(AuditKey.ENV_VAR, envKey), "rotate", "--data-dir", data.toString()));

        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("operator's job"), message);
        assertTrue(message.contains(AuditKeyring.RETIRED_ENV_VAR), message);
        assertFalse(everythingShown().contains(envKey));
        assertEquals(before, Files.readString(keyFile), "the key file is left as it is");
        assertFalse(Files.exists(data.resolve("audit-keys")));
    }

    @Test
    void aDataFolderWithoutAKeyAndBadUsageAreRefused(@TempDir Path data) {
        assertEquals(1, run(Map.of(), "rotate", "--data-dir", data.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("nothing to rotate"));
        assertFalse(Files.exists(data.resolve("audit.key")), "rotate never creates a first key");
        assertEquals(2, run(Map.of()));
        assertEquals(2, run(Map.of(), "rotate", "--data", data.toString()));
        assertEquals(2, run(Map.of(), "list"));
    }

    @Test
    void theDataFolderDefaultsToGatehouseDataDir(@TempDir Path data) {
        AuditKey old = AuditKeyring.resolve(Map.of(), data.resolve("audit.key")).current();
        assertEquals(0, run(Map.of("GATEHOUSE_DATA_DIR", data.toString()), "rotate"));
        assertTrue(Files.exists(data.resolve("audit-keys/retired-" + old.id() + ".key")));
    }
}
