package io.gatehouse.policy.routing;

import java.util.Objects;

/** A generation destination the policy can name; the name matches a configured model client. */
public record Destination(String name, Provenance provenance) {

    public Destination {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(provenance, "provenance");
    }

    public boolean closed() {
        return provenance == Provenance.CLOSED;
    }
}
