package io.gatehouse.web;

import io.gatehouse.ingest.catalog.CatalogueFilter;
import io.gatehouse.ingest.catalog.DocumentCatalogue;
import io.gatehouse.ingest.catalog.JobRepository;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The demo corpus ({@code demo/manifest.csv}) is loaded on the first start, when the catalogue is empty,
 * and not submitted again on the next start over the same data.
 */
class DemoCorpusTest {

    @Test
    void theDemoCorpusIsLoadedOnceIntoAnEmptyCatalogue() throws Exception {
        Path demo = Path.of("..", "demo").toAbsolutePath().normalize();
        long manifestFiles = Files.readAllLines(demo.resolve("manifest.csv")).stream().skip(1).filter(l -> !l.isBlank()).count();
        Map<String, Object> props = new HashMap<>(TestServerProperties.fresh());
        props.put("gatehouse.demo.enabled", "true");
        props.put("gatehouse.demo.path", demo.toString());

        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props)) {
            DocumentCatalogue catalogue = server.getApplicationContext().getBean(DocumentCatalogue.class);
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (catalogue.count(CatalogueFilter.NONE) < manifestFiles && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(manifestFiles, catalogue.count(CatalogueFilter.NONE));
            assertEquals(manifestFiles, server.getApplicationContext().getBean(JobRepository.class).count());
        }
        try (EmbeddedServer again = ApplicationContext.run(EmbeddedServer.class, props)) {
            assertEquals(manifestFiles, again.getApplicationContext().getBean(JobRepository.class).count(),
                    "a catalogue with documents gets no demo uploads");
            assertEquals(manifestFiles, again.getApplicationContext().getBean(DocumentCatalogue.class).count(CatalogueFilter.NONE));
        }
    }
}
