package io.gatehouse.web.ui;

import io.gatehouse.web.Pdfs;
import io.gatehouse.web.RealServerTest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An admin in a real headless Chromium: upload a PDF, watch the job finish, find it in the catalogue, delete it. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminBrowserTest extends RealServerTest {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Inject
    EmbeddedServer server;

    @Test
    void adminUploadsAPdfSeesItIndexedThenDeletesIt() throws Exception {
        Path pdf = Files.createTempDirectory("gatehouse-upload").resolve("harbour-safety-rules.pdf");
        Files.write(pdf, Pdfs.pages("Harbour Safety Rules", List.of(
                List.of("Section 1. Mooring.", "Every vessel moors with two lines at the eastern quay."),
                List.of("Section 2. Fire.", "The fire pump is tested on the first Monday of each month."))));
        try (Browser b = new Browser(server.getURI())) {
            b.signIn("admin", "admin-demo");
            assertEquals("/admin", b.path(), "admins start at the catalogue");

            b.find("#upload-file").sendKeys(pdf.toString());
            new Select(b.find("#upload-tier")).selectByValue("CONFIDENTIAL");
            // no groups: any reader cleared for CONFIDENTIAL may see it, which the search below relies on
            b.find("#upload-submit").click();

            // the job page polls its progress fragment through htmx until the job is done
            new WebDriverWait(b.driver(), WAIT).until(d -> "true".equals(b.find("#job-progress").getAttribute("data-done")));
            assertTrue(b.path().startsWith("/admin/jobs/"), b.path());
            WebElement item = b.find("#job-items .job-item");
            assertEquals("indexed", item.getAttribute("data-state"), item.getText());
            assertEquals(b.find("#job-bar").getAttribute("max"), b.find("#job-bar").getAttribute("value"), "the bar is full");

            b.find("#back-to-catalogue").click();
            WebElement row = b.driver().findElements(By.cssSelector("#catalogue .doc-row")).stream()
                    .filter(r -> r.findElement(By.cssSelector(".doc-title")).getText().equals("Harbour Safety Rules"))
                    .findFirst().orElseThrow();
            String id = row.getAttribute("data-document-id");
            assertEquals("CONFIDENTIAL", row.findElement(By.cssSelector(".doc-tier")).getText());
            assertEquals("2", row.findElement(By.cssSelector(".doc-pages")).getText());
            assertTrue(Integer.parseInt(row.findElement(By.cssSelector(".doc-chunks")).getText().trim()) >= 2);
            b.screenshot("admin");

            String analyst = login("analyst");
            assertTrue(asked(analyst).contains("first Monday"), "indexed and searchable");

            row.findElement(By.cssSelector(".delete-submit")).click();
            // the page asks first; dismissing keeps the document
            b.driver().switchTo().alert().dismiss();
            assertTrue(b.has("#doc-" + id), "nothing deleted without confirmation");
            b.find("#doc-" + id + " .delete-submit").click();
            b.driver().switchTo().alert().accept();
            new WebDriverWait(b.driver(), WAIT).until(d -> !b.has("#doc-" + id));
            assertTrue(b.find("#admin-notice").getText().contains("Harbour Safety Rules"), b.find("#admin-notice").getText());
            assertFalse(asked(analyst).contains("first Monday"), "erased: the text is no longer found");
        }
    }

    private String asked(String token) {
        Map<?, ?> answer = ask(token, "When is the fire pump tested?");
        return String.valueOf(answer.get("answer"));
    }
}
