package io.gatehouse.web.ui;

import io.gatehouse.web.RealServerTest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A compliance officer in a real headless Chromium: filter the trail, verify the chain in place (htmx),
 * download the filter as CSV, open a record.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComplianceBrowserTest extends RealServerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    EmbeddedServer server;

    @Test
    void officerFiltersVerifiesInPlaceDownloadsAndOpensARecord() throws Exception {
        uploadAndWait(login("admin"), "tides.txt", "Spring tides reach 6.1 metres at the outer harbour.".getBytes(StandardCharsets.UTF_8), "PUBLIC");
        Map<?, ?> asked = ask(login("staff"), "How high do spring tides reach?");
        long askId = ((Number) asked.get("auditId")).longValue();
        try (Browser b = new Browser(server.getURI())) {
            b.signIn("compliance", "compliance-demo");
            assertEquals("/audit", b.path(), "compliance officers start at the audit trail");

            b.find("#filter-user").sendKeys("staff");
            new Select(b.find("#filter-action")).selectByValue("ASK");
            b.find("#filter-apply").click();
            b.await("#audit-row-" + askId, WAIT);
            List<WebElement> rows = b.driver().findElements(By.cssSelector("#audit-table tbody tr"));
            assertEquals(1, rows.size(), "only the staff member's question");
            assertTrue(b.driver().getCurrentUrl().contains("user=staff"), "the filter is in the address, to share");
            assertTrue(b.has("#chart-routes rect.bar"), "the chart draws the question");
            b.screenshot("audit");

            // the verification replaces only its result: the page (and its address) stay
            b.script("document.body.setAttribute('data-marker', 'same-page')");
            b.find("#verify-button").click();
            WebElement intact = b.await("#verify-intact", WAIT);
            assertTrue(intact.getText().contains("Chain intact"), intact.getText());
            assertEquals("same-page", b.find("body").getAttribute("data-marker"), "updated in place, no reload");

            b.find("#export-csv").click();
            Path csv = b.awaitDownload(".csv", WAIT);
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            assertTrue(lines.getFirst().startsWith("id,at,actor,action"), lines.getFirst());
            // a record starts with its id and timestamp (a quoted cell may continue over further lines)
            List<String> records = lines.stream().skip(1).filter(l -> l.matches("^\\d+,\\d{4}-.*")).toList();
            assertEquals(1, records.size(), "the download holds the filter's one record: " + lines);
            assertTrue(records.getFirst().startsWith(askId + ","), records.getFirst());

            b.find("#audit-link-" + askId).click();
            b.awaitPath("/audit/" + askId, WAIT);
            assertEquals("public-context", b.find("#decision-rule").getText());
            assertFalse(b.find("#outbound-state").getText().isBlank());
            b.screenshot("audit-record");
        }
    }
}
