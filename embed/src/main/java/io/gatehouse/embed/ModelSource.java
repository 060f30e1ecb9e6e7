package io.gatehouse.embed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a model file (the ONNX graph or its tokenizer.json) comes from: a resource inside a jar on
 * the class path (the bundled models) or a file on disk (any other BERT-style model).
 */
public sealed interface ModelSource {

    /** Opens the bytes; the caller closes the stream. */
    InputStream open() throws IOException;

    /** Human-readable location for error messages (never file contents). */
    String describe();

    default byte[] readAllBytes() {
        try (InputStream in = open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model file " + describe(), e);
        }
    }

    static ModelSource classpath(String resource) {
        return new Classpath(resource);
    }

    static ModelSource file(Path path) {
        return new File(path);
    }

    /** A resource name as {@link ClassLoader#getResourceAsStream} takes it (no leading slash). */
    record Classpath(String resource) implements ModelSource {
        public Classpath {
            Objects.requireNonNull(resource, "resource");
            if (resource.startsWith("/")) {
                resource = resource.substring(1);
            }
        }

        @Override
        public InputStream open() throws IOException {
            InputStream in = ModelSource.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IOException("resource " + resource + " is not on the class path"
                        + " (is the model jar a dependency?)");
            }
            return in;
        }

        @Override
        public String describe() {
            return "classpath:" + resource;
        }
    }

    record File(Path path) implements ModelSource {
        public File {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }

        @Override
        public String describe() {
            return path.toString();
        }
    }
}
