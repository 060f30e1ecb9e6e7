package io.gatehouse.generate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a destination's API key comes from. The key is read at each call (a rotated secrets file is
 * picked up without restart), and never appears in a log line, exception message or {@code toString}.
 */
public sealed interface ApiKeySource {

    /** The key, or empty when it is not configured. */
    Optional<String> read();

    /** No key: local servers (vLLM, Ollama, llama.cpp server) usually need none. */
    record None() implements ApiKeySource {
        public Optional<String> read() {
            return Optional.empty();
        }
    }

    /** An environment variable, e.g. {@code OPENAI_API_KEY}; {@code environment} is for tests, holding that variable only. */
    record Environment(String variable, Map<String, String> environment) implements ApiKeySource {
        /** Reads the process environment; only the named variable is kept. */
        public Environment(String variable) {
            this(variable, System.getenv(variable) == null ? Map.of() : Map.of(variable, System.getenv(variable)));
        }

        public Environment {
            Objects.requireNonNull(variable, "variable");
            environment = Map.copyOf(environment);
        }

        public Optional<String> read() {
            return Optional.ofNullable(environment.get(variable)).map(String::strip).filter(s -> !s.isEmpty());
        }

        @Override
        public String toString() {
            return "Environment[" + variable + "]"; // not the map: it holds the key
        }
    }

    /** A file holding the key (surrounding whitespace ignored), e.g. a mounted Kubernetes or Docker secret. */
    record SecretsFile(Path path) implements ApiKeySource {
        public SecretsFile {
            Objects.requireNonNull(path, "path");
        }

        public Optional<String> read() {
            try {
                return Optional.of(Files.readString(path, StandardCharsets.UTF_8).strip()).filter(s -> !s.isEmpty());
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }
}
