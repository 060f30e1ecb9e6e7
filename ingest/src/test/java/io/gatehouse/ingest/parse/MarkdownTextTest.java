package io.gatehouse.ingest.parse;

import io.gatehouse.ingest.chunk.Chunker;
import io.gatehouse.ingest.chunk.TextChunk;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarkdownTextTest {

    private final MarkdownText markdown = new MarkdownText();

    @Test
    void markupGoesAndTheWordsStay() {
        assertEquals("Call us at the front desk today, or see the logo.",
                markdown.toText("Call **us** at [the _front_ desk](https://example.org/desk \"Desk\") today, or see the ![logo](logo.png)."));
        assertEquals("Run gatehouse run to start.", markdown.toText("Run `gatehouse run` to start."));
        assertEquals("Line one\nline two", markdown.toText("Line one  \nline two"), "a hard break stays a break");
        assertEquals("A sentence wrapped over two lines.", markdown.toText("A sentence wrapped\nover two lines."),
                "a soft break is only wrapping");
        assertEquals("bold and tagged", markdown.toText("<b>bold</b> and <i>tagged</i>"));
    }

    @Test
    void headingsBecomeHashLinesWhateverTheirSyntax() {
        assertEquals("# Title\n\n## Part\n\n### Detail\n\nText.",
                markdown.toText("Title\n=====\n\nPart\n----\n\n### Detail ###\n\nText."));
    }

    @Test
    void listsCodeTablesAndHtmlBlocksKeepTheirShape() {
        String md = """
                Steps:

                1. **Tell us.** Call the switchboard.
                2. **Acknowledgement.** We reply within 2 days.
                   - by letter
                   - by e-mail

                ```
                curl -X POST /api/ask
                ```

                | Tier | Who |
                |------|-----|
                | PUBLIC | anyone |

                <div class="note"><p>Kept <em>words</em></p><script>dropped()</script></div>

                ---

                > Quoted *advice*.
                """;
        assertEquals("""
                Steps:

                1. Tell us. Call the switchboard.
                2. Acknowledgement. We reply within 2 days.
                  - by letter
                  - by e-mail

                curl -X POST /api/ask

                Tier | Who
                PUBLIC | anyone

                Kept words

                Quoted advice.""", markdown.toText(md));
    }

    @Test
    void hostileNestingFallsBackToTheRawTextQuickly() {
        // Each of these makes the CommonMark parser overflow its stack or take quadratic time.
        for (String hostile : List.of("- ".repeat(100_000) + "listed words", "> ".repeat(100_000) + "quoted words",
                "*".repeat(100_000) + "starred words" + "*".repeat(100_000), "**a ".repeat(50_000) + "nested words" + " a**".repeat(50_000))) {
            String text = markdown.toText(hostile);
            assertTrue(text.contains("words"), () -> hostile.substring(0, 20));
        }
        assertTrue(MarkdownText.deeplyNested("text\n" + "> - 1. ".repeat(6)));
        assertFalse(MarkdownText.deeplyNested("- a\n  - b\n    - c\n> quote\n1. one\n2) two\n-not a marker\n"));
    }

    @Test
    void deepButLegalNestingKeepsItsWords() {
        String md = "> ".repeat(16) + "deep quote\n\n" + nestedList(16);
        String text = markdown.toText(md);
        assertTrue(text.contains("deep quote") && text.contains("level 15"), text);
    }

    private static String nestedList(int levels) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            sb.append("  ".repeat(i)).append("- level ").append(i).append('\n');
        }
        return sb.toString();
    }

    @Test
    void randomInputNeverThrows() {
        Random random = new Random(42);
        String alphabet = "#*_`[]()!<>-+=|\\ \n\tab1.:~\"'";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(400);
            for (int j = 0; j < n; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = markdown.toText(sb.toString());
            assertFalse(text.startsWith("\n") || text.endsWith("\n"), () -> "not stripped: " + sb);
        }
    }

    @Test
    void aMarkdownUploadIsChunkedAsTextWithItsSections() {
        byte[] bytes = """
                Handbook
                ========

                Complaints
                ----------

                2. **Acknowledgement.** We acknowledge every complaint within 2 working days.
                """.getBytes(StandardCharsets.UTF_8);
        ParsedDocument doc = new DocumentParser().parse(bytes, "handbook.md");
        assertEquals("Handbook", doc.title());
        List<TextChunk> chunks = new Chunker(64, 8, s -> s.split("\\s+").length).chunk(doc);
        TextChunk last = chunks.getLast();
        assertEquals("Complaints", last.section());
        assertTrue(last.text().contains("2. Acknowledgement. We acknowledge every complaint"), last.text());
        assertFalse(chunks.stream().anyMatch(c -> c.text().contains("**")));
        RejectedDocumentException empty = assertThrows(RejectedDocumentException.class,
                () -> new DocumentParser().parse("<!-- only a comment -->\n\n---\n".getBytes(StandardCharsets.UTF_8), "empty.md"));
        assertEquals(RejectedDocumentException.Reason.NO_TEXT, empty.reason());
    }
}
