package io.gatehouse.web;

import io.gatehouse.ingest.IngestionService;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Order;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;

/** At start-up, before the demo loader looks at the catalogue, unfinished ingestion work resumes. */
@Singleton
public class IngestionResume {

    private final IngestionService ingestion;

    public IngestionResume(IngestionService ingestion) {
        this.ingestion = ingestion;
    }

    @EventListener
    @Order(-100)
    void onStartup(StartupEvent event) {
        ingestion.resume();
    }
}
