package io.gatehouse.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds ZIP corpora in memory for tests. */
public final class Corpora {

    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    public Corpora add(String name, byte[] bytes) {
        entries.put(name, bytes);
        return this;
    }

    public Corpora add(String name, String text) {
        return add(name, text.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] zip() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
