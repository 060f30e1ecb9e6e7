package io.gatehouse.embed;

import java.util.Objects;

/**
 * What built a vector: model name, SHA-256 of the model file and dimension. An index remembers
 * the identity that built it and refuses to be searched or extended with another.
 */
public record ModelIdentity(String name, String sha256, int dimension) {

    public ModelIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** Compact form stored in index metadata, e.g. {@code bge-small-en-v1.5-q@3f2a...:384}. */
    public String id() {
        return name + "@" + sha256 + ":" + dimension;
    }
}
