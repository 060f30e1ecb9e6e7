package io.gatehouse.policy.routing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The policy in force, replaceable while the server runs. A new policy is parsed and validated completely
 * before it becomes current, and then swapped in atomically: a decision sees either the old policy or the
 * new one, never a mix, and an invalid policy leaves the old one in force. Decisions made through this
 * object use whatever is current at the moment of the call, so a reload takes effect on the next question.
 */
public final class PolicyStore implements RoutingPolicy {

    private final Optional<Path> file;
    private final AtomicReference<YamlRoutingPolicy> current;
    private final Object writeLock = new Object();

    private PolicyStore(Optional<Path> file, YamlRoutingPolicy initial) {
        this.file = file;
        this.current = new AtomicReference<>(initial);
    }

    /** Backed by a file: loads it now; {@link #replace} writes accepted policies back to it. */
    public static PolicyStore fromFile(Path file) {
        return new PolicyStore(Optional.of(file), YamlRoutingPolicy.load(file));
    }

    /**
     * Backed by a file that is created from the shipped default when it does not exist yet (first start of
     * the embedded setup), so a policy replaced through the API survives a restart.
     */
    public static PolicyStore fromFileOrDefault(Path file) {
        if (!Files.exists(file)) {
            try {
                Path dir = file.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                write(file, YamlRoutingPolicy.defaultPolicyText());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create policy file " + file, e);
            }
        }
        return fromFile(file);
    }

    /** In memory only, starting from the given policy (the shipped default, in tests and the embedded setup). */
    public static PolicyStore inMemory(YamlRoutingPolicy initial) {
        return new PolicyStore(Optional.empty(), initial);
    }

    public YamlRoutingPolicy current() {
        return current.get();
    }

    @Override
    public RoutingDecision decide(DecisionInput input) {
        return current.get().decide(input);
    }

    @Override
    public String version() {
        return current.get().version();
    }

    /**
     * Validates {@code yamlText} and makes it current; on a file-backed store it is first written to the
     * file (via a temp file and an atomic move) so a restart keeps it. Throws {@link PolicyValidationException}
     * and changes nothing when the text is invalid.
     *
     * @return the policy now in force
     */
    public YamlRoutingPolicy replace(String yamlText) {
        YamlRoutingPolicy next = YamlRoutingPolicy.parse(yamlText);
        synchronized (writeLock) {
            if (file.isPresent()) {
                write(file.get(), yamlText);
            }
            current.set(next);
        }
        return next;
    }

    /** Re-reads the backing file (after an admin edited it); an invalid file leaves the current policy in force. */
    public YamlRoutingPolicy reload() {
        Path f = file.orElseThrow(() -> new IllegalStateException("this policy store has no file to reload from"));
        synchronized (writeLock) {
            YamlRoutingPolicy next = YamlRoutingPolicy.load(f);
            current.set(next);
            return next;
        }
    }

    public Optional<Path> file() {
        return file;
    }

    private static void write(Path target, String text) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(dir, ".policy", ".yaml.tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write policy file " + target, e);
        }
    }
}
