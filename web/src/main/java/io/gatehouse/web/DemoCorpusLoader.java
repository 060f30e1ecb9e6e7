package io.gatehouse.web;

import io.gatehouse.ingest.IngestionService;
import io.gatehouse.ingest.Upload;
import io.gatehouse.ingest.catalog.CatalogueFilter;
import io.gatehouse.ingest.catalog.DocumentCatalogue;
import io.gatehouse.policy.Tier;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Loads the demo corpus ({@code demo/manifest.csv}: path,tier,groups) on first start, so a newcomer can
 * ask questions a minute after cloning. Runs only when enabled and the catalogue is empty.
 */
@Singleton
@Requires(property = "gatehouse.demo.enabled", value = "true")
public class DemoCorpusLoader {

    private static final Logger LOG = LoggerFactory.getLogger(DemoCorpusLoader.class);

    private final IngestionService ingestion;
    private final DocumentCatalogue catalogue;
    private final GatehouseConfig config;

    public DemoCorpusLoader(IngestionService ingestion, DocumentCatalogue catalogue, GatehouseConfig config) {
        this.ingestion = ingestion;
        this.catalogue = catalogue;
        this.config = config;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        if (catalogue.count(CatalogueFilter.NONE) > 0) {
            return;
        }
        Path root = config.demo().path();
        Path manifest = root.resolve("manifest.csv");
        if (!Files.isRegularFile(manifest)) {
            LOG.warn("demo corpus enabled but {} is missing", manifest.toAbsolutePath());
            return;
        }
        try {
            List<String> lines = Files.readAllLines(manifest);
            int queued = 0;
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                Path file = root.resolve(f[0].strip()).normalize();
                if (!file.startsWith(root.normalize())) {
                    throw new IllegalStateException("demo manifest names a file outside " + root);
                }
                Set<String> groups = f.length > 2 ? Arrays.stream(f[2].split("[;|]")).map(String::strip)
                        .filter(s -> !s.isEmpty()).collect(Collectors.toSet()) : Set.of();
                ingestion.submit(new Upload(file.getFileName().toString(), Files.readAllBytes(file), Tier.parse(f[1]), groups, "system"));
                queued++;
            }
            LOG.info("demo corpus: {} documents queued for indexing", queued);
        } catch (IOException e) {
            LOG.error("could not read the demo corpus: {}", e.getClass().getSimpleName());
        }
    }
}
