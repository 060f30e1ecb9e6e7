package io.gatehouse.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * Passage vectors kept on disk between evaluation runs. The key is a hash of the model identity (which
 * includes the model file's hash) and every chunk text in order, so any change to the model, the
 * chunking or the corpus misses the cache instead of reusing stale vectors.
 */
record VectorCache(Path dir) {

    List<float[]> vectors(String modelIdentity, List<String> texts, Function<List<String>, List<float[]>> compute) throws IOException {
        Path file = dir.resolve(key(modelIdentity, texts) + ".vectors");
        if (Files.exists(file)) {
            return read(file, texts.size());
        }
        List<float[]> vectors = compute.apply(texts);
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "vectors", ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeInt(vectors.size());
            out.writeInt(vectors.isEmpty() ? 0 : vectors.getFirst().length);
            for (float[] v : vectors) {
                for (float x : v) {
                    out.writeFloat(x);
                }
            }
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return vectors;
    }

    private static List<float[]> read(Path file, int expected) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int n = in.readInt();
            int dim = in.readInt();
            if (n != expected) {
                throw new IOException(file + " holds " + n + " vectors, expected " + expected);
            }
            List<float[]> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                float[] v = new float[dim];
                for (int j = 0; j < dim; j++) {
                    v[j] = in.readFloat();
                }
                out.add(v);
            }
            return out;
        }
    }

    private static String key(String modelIdentity, List<String> texts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(modelIdentity.getBytes(StandardCharsets.UTF_8));
            for (String t : texts) {
                sha.update((byte) 0);
                sha.update(t.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
