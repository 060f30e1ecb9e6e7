package io.gatehouse.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/** Uploaded files as received, one file per job item id, so work can resume after a restart and a document can be fully erased. */
public final class OriginalStore {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final Path dir;

    public OriginalStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    public void put(String documentId, byte[] bytes) {
        Path target = path(documentId);
        try {
            // write-then-rename so a crash never leaves a half-written original under the final name
            Path tmp = Files.createTempFile(dir, documentId, ".part");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store original of " + documentId, e);
        }
    }

    public byte[] get(String id) {
        try {
            return Files.readAllBytes(path(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stored original " + id, e);
        }
    }

    public boolean exists(String documentId) {
        return Files.exists(path(documentId));
    }

    public void delete(String documentId) {
        try {
            Files.deleteIfExists(path(documentId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete original of " + documentId, e);
        }
    }

    private Path path(String documentId) {
        if (!SAFE_ID.matcher(documentId).matches()) {
            throw new IllegalArgumentException("not a document id");
        }
        return dir.resolve(documentId);
    }
}
