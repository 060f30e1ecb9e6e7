package io.gatehouse.web;

import io.gatehouse.generate.Destination;

import java.util.List;

/** The configured generation destinations, owned by the application: closed at shutdown. */
public record Destinations(List<Destination> all) implements AutoCloseable {

    public Destinations {
        all = List.copyOf(all);
    }

    @Override
    public void close() {
        all.forEach(Destination::close);
    }
}
