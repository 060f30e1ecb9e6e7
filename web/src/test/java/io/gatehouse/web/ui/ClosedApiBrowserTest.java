package io.gatehouse.web.ui;

import io.gatehouse.web.FakeClosedApi;
import io.gatehouse.web.RealServerTest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Staff in headless Chromium with a closed API configured (a local fake speaking OpenAI's streaming wire
 * format, seven characters per chunk): public context goes to it, and the page builds the answer from the
 * streamed tokens under a "Closed API" badge.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClosedApiBrowserTest extends RealServerTest {

    private final FakeClosedApi closed = new FakeClosedApi();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(super.getProperties());
        p.putAll(closed.asClosedDestination());
        return p;
    }

    @AfterAll
    void stopFake() {
        closed.close();
    }

    @Test
    void aStreamedClosedApiAnswerIsBuiltPieceByPieceUnderItsBadge() {
        uploadAndWait(login("admin"), "tides.txt",
                "Spring tides reach 6.1 metres at the outer harbour.".getBytes(StandardCharsets.UTF_8), "PUBLIC");
        try (Browser b = new Browser(server.getURI())) {
            b.signIn("staff", "staff-demo");
            b.find("#question").sendKeys("How high do spring tides reach?");
            // one mutation per token the page applies, plus the final answer: many means it streamed
            b.script("window.__pieces = 0; new MutationObserver(function (records) { window.__pieces += records.length; })"
                    + ".observe(document.getElementById('answer'), {childList: true, characterData: true, subtree: true});");
            b.find("#ask-button").click();
            b.await("#citations li a", Duration.ofSeconds(60));

            assertEquals("CLOSED_API", b.find("#route-badge").getAttribute("data-route"));
            assertEquals("Closed API", b.find("#route-badge").getText());
            assertTrue(b.find("#route-explanation").getText().contains("external AI service"));
            assertEquals("Closed answer about [1].", b.find("#answer").getText().replace("  ", " "));
            int pieces = ((Number) b.script("return window.__pieces;")).intValue();
            assertTrue(pieces > 3, "the answer was built from several streamed tokens: " + pieces);
            assertFalse(b.driver().findElements(By.cssSelector("#reasons li")).isEmpty());
            assertEquals(1, closed.bodies.size(), "one call to the closed API");
        }
    }
}
