package io.gatehouse.policy.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The audit keys: the current key, which signs every new record, and retired keys, which only verify
 * records signed before a rotation (and compute content-hash lookups over them). A record names its key by
 * {@link AuditKey#id()}; records written before key ids existed are tried against every key, current first.
 * <p>
 * Retired keys come from {@value #RETIRED_ENV_VAR} (comma-separated base64) and from the files
 * {@code audit-keys/retired-<keyid>.key} beside the current key file. {@link #rotate} moves the current key
 * file's key into that folder and writes a new one.
 */
public final class AuditKeyring {

    /** Comma-separated base64 keys that verify old records but never sign new ones. */
    public static final String RETIRED_ENV_VAR = "GATEHOUSE_AUDIT_RETIRED_KEYS";
    /** The folder, beside the current key file, holding retired key files. */
    public static final String RETIRED_DIR = "audit-keys";
    private static final Logger LOG = LoggerFactory.getLogger(AuditKeyring.class);

    private final AuditKey current;
    /** Every key by id, current first, then retired keys in the order configured. */
    private final Map<String, AuditKey> byId;

    public AuditKeyring(AuditKey current, List<AuditKey> retired) {
        this.current = current;
        Map<String, AuditKey> keys = new LinkedHashMap<>();
        keys.put(current.id(), current);
        for (AuditKey k : retired) {
            keys.putIfAbsent(k.id(), k);
        }
        this.byId = Collections.unmodifiableMap(keys);
    }

    /** A keyring of one key (no rotation has happened, or tests). */
    public static AuditKeyring of(AuditKey current) {
        return new AuditKeyring(current, List.of());
    }

    /**
     * The current key as {@link AuditKey#resolve} finds it ({@value AuditKey#ENV_VAR}, else {@code keyFile},
     * created when absent) plus the retired keys from {@value #RETIRED_ENV_VAR} and from
     * {@code <keyFile's folder>/audit-keys/retired-*.key}.
     */
    public static AuditKeyring resolve(Map<String, String> environment, Path keyFile) {
        AuditKey current = AuditKey.resolve(environment, keyFile);
        List<AuditKey> retired = new ArrayList<>();
        String fromEnv = environment.get(RETIRED_ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            int n = 0;
            for (String part : fromEnv.split(",")) {
                n++;
                if (!part.isBlank()) {
                    retired.add(AuditKey.parse(part, RETIRED_ENV_VAR + " entry " + n));
                }
            }
        }
        retired.addAll(retiredFiles(retiredDir(keyFile)));
        AuditKeyring ring = new AuditKeyring(current, retired);
        LOG.info("audit keyring: current key {}, retired keys {}", current.id(), ring.retiredIds());
        return ring;
    }

    /** The folder of retired key files for {@code keyFile}. */
    public static Path retiredDir(Path keyFile) {
        return keyFile.toAbsolutePath().getParent().resolve(RETIRED_DIR);
    }

    private static List<AuditKey> retiredFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir, "retired-*.key")) {
            listing.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the retired audit keys in " + dir, e);
        }
        files.sort(null); // a stable order whatever the file system lists first
        List<AuditKey> keys = new ArrayList<>();
        for (Path f : files) {
            AuditKey.warnIfShared(f);
            try {
                AuditKey k = AuditKey.parse(Files.readString(f, StandardCharsets.US_ASCII), "retired audit key file " + f);
                if (!f.getFileName().toString().equals(retiredFileName(k.id()))) {
                    LOG.warn("retired audit key file {} holds key {}: its name does not match its key", f, k.id());
                }
                keys.add(k);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the retired audit key file " + f, e);
            }
        }
        return keys;
    }

    static String retiredFileName(String keyId) {
        return "retired-" + keyId + ".key";
    }

    /** The key that signs new records. */
    public AuditKey current() {
        return current;
    }

    /** Every key, current first. */
    public List<AuditKey> keys() {
        return List.copyOf(byId.values());
    }

    public Optional<AuditKey> find(String keyId) {
        return Optional.ofNullable(keyId == null ? null : byId.get(keyId));
    }

    /** Ids of the retired keys, in keyring order. */
    public List<String> retiredIds() {
        return byId.keySet().stream().filter(id -> !id.equals(current.id())).toList();
    }

    /** What {@link #rotate} did: ids only, never key material. */
    public record Rotation(String retiredKeyId, String newKeyId, Path retiredFile) {
    }

    /**
     * Retires the key in {@code keyFile} and puts a new random key in its place. The old key is first written
     * to {@code audit-keys/retired-<id>.key} (owner read/write only from creation), then the new key replaces
     * the key file atomically: at every instant both keys exist on disk, so a crash cannot lose the key that
     * signed the existing records. Servers pick the new key up at their next start; the first record they
     * append under it is an {@link AuditAction#AUDIT_KEY_ROTATED} record naming both ids.
     *
     * @throws IllegalStateException when the key comes from {@value AuditKey#ENV_VAR} (rotating the file would
     *                               change nothing), or when there is no key file yet
     */
    public static Rotation rotate(Map<String, String> environment, Path keyFile) {
        String fromEnv = environment.get(AuditKey.ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            throw new IllegalStateException("the audit key comes from " + AuditKey.ENV_VAR + ", so rotating it is the operator's job: "
                    + "add the current value to " + RETIRED_ENV_VAR + " (comma-separated), set " + AuditKey.ENV_VAR
                    + " to a new key (base64 of 32 random bytes, e.g. `openssl rand -base64 32`) and restart the servers");
        }
        if (!Files.exists(keyFile)) {
            throw new IllegalStateException("there is no audit key at " + keyFile + " yet: the server creates one at first start, "
                    + "so there is nothing to rotate");
        }
        try {
            AuditKey.warnIfShared(keyFile);
            String oldText = Files.readString(keyFile, StandardCharsets.US_ASCII).trim();
            AuditKey old = AuditKey.parse(oldText, "audit key file " + keyFile);
            Path dir = retiredDir(keyFile);
            createOwnerOnlyDir(dir);
            Path retired = dir.resolve(retiredFileName(old.id()));
            Path tmp = AuditKey.ownerOnlyTempFile(retired, oldText + "\n");
            try {
                Files.createLink(retired, tmp);
            } catch (FileAlreadyExistsException already) {
                // Retired before (an interrupted rotation, or a key restored from backup): that file holds it.
                AuditKey existing = AuditKey.parse(Files.readString(retired, StandardCharsets.US_ASCII), "retired key file " + retired);
                if (!existing.id().equals(old.id())) {
                    throw new IllegalStateException(retired + " exists and holds another key (" + existing.id() + "); move it away first");
                }
            } catch (UnsupportedOperationException noLinks) {
                Files.move(tmp, retired);
            } finally {
                Files.deleteIfExists(tmp);
            }
            String fresh = AuditKey.newEncodedKey();
            AuditKey next = AuditKey.parse(fresh, "new audit key");
            Path newTmp = AuditKey.ownerOnlyTempFile(keyFile, fresh);
            try {
                try {
                    Files.move(newTmp, keyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException notAtomic) {
                    Files.move(newTmp, keyFile, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(newTmp);
            }
            LOG.info("audit key rotated: key {} retired to {}, new key {}", old.id(), retired, next.id());
            return new Rotation(old.id(), next.id(), retired);
        } catch (IOException e) {
            throw new UncheckedIOException("could not rotate the audit key at " + keyFile, e);
        }
    }

    private static void createOwnerOnlyDir(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(EnumSet.of(
                    PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE)));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(dir);
        }
    }

    @Override
    public String toString() {
        return "AuditKeyring[current " + current.id() + ", retired " + retiredIds() + "]";
    }
}
