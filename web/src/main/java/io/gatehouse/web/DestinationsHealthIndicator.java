package io.gatehouse.web;

import io.gatehouse.generate.Destination;
import io.gatehouse.generate.DestinationHealth;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each generation destination in /health: up or not, its circuit, calls and failures. A destination that is
 * down does not make Gatehouse unhealthy (the policy routes around it), so the indicator itself stays UP.
 */
@Singleton
public class DestinationsHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final Destinations destinations;

    public DestinationsHealthIndicator(Destinations destinations) {
        this.destinations = destinations;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        for (Destination d : destinations.all()) {
            DestinationHealth h = d.health();
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("up", h.up());
            one.put("provenance", h.provenance().name());
            if (h.model() != null) {
                one.put("model", h.model());
            }
            one.put("circuit", h.circuit().name());
            one.put("calls", h.calls());
            one.put("failures", h.failures());
            if (h.lastFailure() != null) {
                one.put("lastFailure", h.lastFailure());
            }
            details.put(d.name(), one);
        }
        healthStatus = HealthStatus.UP;
        return details;
    }

    @Override
    protected String getName() {
        return "destinations";
    }
}
