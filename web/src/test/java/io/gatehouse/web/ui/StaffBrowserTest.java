package io.gatehouse.web.ui;

import io.gatehouse.web.Pdfs;
import io.gatehouse.web.RealServerTest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Staff in a real headless Chromium: sign in, ask, get the answer with its sources and route, open a citation, see the history. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaffBrowserTest extends RealServerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    EmbeddedServer server;

    private String manualId;

    @BeforeAll
    void corpus() {
        String admin = login("admin");
        manualId = uploadAndWait(admin, "lighthouse-manual.pdf", Pdfs.pages("Lighthouse Operations Manual", List.of(
                List.of("Chapter 1. The lamp room.", "The lamp must be cleaned every morning before sunrise."),
                List.of("Chapter 2. Animals on the station.",
                        "The keeper's cat is named Quillibert and weighs seven kilograms.",
                        "Seagulls must not be fed from the gallery."),
                List.of("Chapter 3. Logbooks.", "The logbook is filed with the harbour master every Friday."))), "INTERNAL");
        uploadAndWait(admin, "visitor-notes.txt", ("Visitor notes. Visitors wear a teal badge at the harbour gate. "
                + "Old wiki markup follows: <script>window.__xss = 'document'</script> and "
                + "<img src=x onerror=\"window.__xss = 'image'\"> end of markup.").getBytes(StandardCharsets.UTF_8), "INTERNAL");
    }

    @Test
    void staffAsksAndSeesAStreamedAnswerWithCitationsAndTheRouteBadge() {
        try (Browser b = new Browser(server.getURI())) {
            b.signIn("staff", "staff-demo");
            assertEquals("/ask", b.path(), "staff start on the ask page");

            b.find("#question").sendKeys("What is the name of the keeper's cat?");
            b.find("#ask-button").click();
            b.await("#citations li a", WAIT);

            // the extractive answerer writes its answer as one piece; ClosedApiBrowserTest sees a model's many
            assertTrue(b.find("#answer").getText().contains("Quillibert"), b.find("#answer").getText());
            WebElement badge = b.find("#route-badge");
            assertEquals("ON_PREM", badge.getAttribute("data-route"));
            assertEquals("On-prem", badge.getText());
            assertFalse(b.driver().findElements(By.cssSelector("#reasons li")).isEmpty(), "the policy's reasons are shown");
            b.screenshot("ask");

            WebElement citation = b.driver().findElements(By.cssSelector("#citations li")).stream()
                    .filter(li -> li.getText().contains("Lighthouse Operations Manual")).findFirst().orElseThrow();
            assertTrue(citation.getText().contains("page 2"), citation.getText());
            assertTrue(citation.getText().contains("INTERNAL"), citation.getText());
            citation.findElement(By.tagName("a")).click();
            b.await("#passage-text", WAIT);
            assertTrue(b.path().startsWith("/passages/"), b.path());
            assertEquals("Lighthouse Operations Manual", b.find("h1").getText());
            assertEquals("2", b.find("#passage-page").getText());
            assertEquals("INTERNAL", b.find("#passage-tier").getText());
            assertTrue(b.find("#passage-text").getText().contains("Quillibert"));
            assertTrue(b.driver().getPageSource().contains(manualId));

            b.open("/history");
            assertTrue(b.find("#history").getText().contains("What is the name of the keeper's cat?"));
        }
    }

    @Test
    void theKeyboardAloneSignsInAndAsks() {
        try (Browser b = new Browser(server.getURI())) {
            b.open("/login");
            // the user name field has focus on arrival; Tab moves to the password, Enter submits
            b.driver().switchTo().activeElement().sendKeys("staff");
            b.driver().switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
            b.driver().switchTo().activeElement().sendKeys("staff-demo", org.openqa.selenium.Keys.ENTER);
            b.awaitPath("/ask", WAIT);
            // the first Tab reaches the skip link, which jumps straight to the content
            WebElement skip = b.driver().switchTo().activeElement();
            skip.sendKeys(org.openqa.selenium.Keys.TAB);
            assertEquals("Skip to content", b.driver().switchTo().activeElement().getText());
            b.find("#question").sendKeys("When is the logbook filed?");
            b.find("#question").sendKeys(org.openqa.selenium.Keys.TAB);
            WebElement ask = b.driver().switchTo().activeElement();
            assertEquals("ask-button", ask.getAttribute("id"), "the button follows the question in tab order");
            ask.sendKeys(org.openqa.selenium.Keys.ENTER);
            b.await("#citations li a", WAIT);
            assertTrue(b.find("#answer").getText().contains("Friday"), b.find("#answer").getText());
        }
    }

    @Test
    void markupInQuestionsAndDocumentsStaysText() {
        String question = "Which badge colour do visitors wear? <img src=x onerror=\"window.__xss = 'question'\">"
                + "<script>window.__xss = 'question-script'</script>";
        try (Browser b = new Browser(server.getURI())) {
            b.signIn("staff", "staff-demo");
            b.find("#question").sendKeys(question);
            b.find("#ask-button").click();
            b.await("#citations li a", WAIT);
            assertTrue(b.find("#answer").getText().contains("teal"), b.find("#answer").getText());
            assertNoScriptRan(b);

            b.driver().findElements(By.cssSelector("#citations li a")).stream()
                    .filter(a -> a.getText().contains("visitor-notes") || a.getText().toLowerCase().contains("visitor"))
                    .findFirst().orElseThrow().click();
            b.await("#passage-text", WAIT);
            assertTrue(b.find("#passage-text").getText().contains("<script>"), "the markup is shown as text");
            assertNoScriptRan(b);

            b.open("/history");
            assertTrue(b.find("#history").getText().contains("<img src=x"), "the question is shown as typed");
            assertNoScriptRan(b);

            // without scripts the form posts and the whole page comes back: the same text, just as inert
            b.open("/ask");
            b.script("document.getElementById('ask-form').replaceWith(document.getElementById('ask-form').cloneNode(true));");
            b.find("#question").sendKeys(question);
            b.find("#ask-button").click();
            b.await("#answer", WAIT);
            assertTrue(b.find("#answer").getText().contains("teal"));
            assertNoScriptRan(b);
        }
    }

    private static void assertNoScriptRan(Browser b) {
        assertNull(b.script("return window.__xss;"), "no injected script ran");
        assertTrue(b.driver().findElements(By.cssSelector("main img, main script:not([src='/static/ask.js'])")).isEmpty(), "no injected element exists");
        assertThrows(NoAlertPresentException.class, () -> b.driver().switchTo().alert());
    }
}
