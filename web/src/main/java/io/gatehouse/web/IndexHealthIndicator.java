package io.gatehouse.web;

import io.gatehouse.index.ChunkIndex;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The chunk index in /health: how many chunks it holds and which model built it. Both are cheap reads;
 * health checks run often, so nothing here walks the index.
 */
@Singleton
public class IndexHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final ChunkIndex index;

    public IndexHealthIndicator(ChunkIndex index) {
        this.index = index;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("chunks", index.chunkCount());
        details.put("model", index.modelId());
        healthStatus = HealthStatus.UP;
        return details;
    }

    @Override
    protected String getName() {
        return "index";
    }
}
