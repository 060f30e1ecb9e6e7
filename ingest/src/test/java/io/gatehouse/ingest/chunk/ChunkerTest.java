package io.gatehouse.ingest.chunk;

import io.gatehouse.ingest.parse.DocumentType;
import io.gatehouse.ingest.parse.PageText;
import io.gatehouse.ingest.parse.ParsedDocument;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkerTest {

    /** Whitespace words stand in for tokens: the chunker only needs a monotone counter. */
    private static final ToIntFunction<String> WORDS = s -> s.isBlank() ? 0 : s.strip().split("\\s+").length;

    @Test
    void chunksNeverCrossPagesAndCarryTheirPage() {
        ParsedDocument doc = new ParsedDocument(DocumentType.PDF, "t", List.of(
                new PageText(1, "First page sentence one. First page sentence two."),
                new PageText(2, "Second page only.")));
        List<TextChunk> chunks = new Chunker(50, 5, WORDS).chunk(doc);
        assertEquals(2, chunks.size());
        assertEquals(1, chunks.get(0).page());
        assertEquals(2, chunks.get(1).page());
        assertEquals("Second page only.", chunks.get(1).text());
    }

    @Test
    void markdownHeadingsStartChunksAndNameTheirSection() {
        String md = "# Fees\n\nCHAPS costs twenty pounds.\n\n## Hours\n\nOpen until five.\n\nClosed on Sunday.";
        List<TextChunk> chunks = new Chunker(100, 0, WORDS).chunk(
                new ParsedDocument(DocumentType.MARKDOWN, "t", List.of(new PageText(1, md))));
        assertEquals(2, chunks.size());
        assertEquals("Fees", chunks.get(0).section());
        assertEquals("Hours", chunks.get(1).section());
        assertTrue(chunks.get(1).text().contains("Closed on Sunday."));
    }

    @Test
    void randomTextIsCoveredWithinTheBudgetAndOffsetsPointAtTheText() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            String text = randomText(rnd);
            int target = 8 + rnd.nextInt(60);
            int overlap = rnd.nextInt(target / 2);
            List<TextChunk> chunks = new Chunker(target, overlap, WORDS).chunk(
                    new ParsedDocument(DocumentType.TEXT, "t", List.of(new PageText(1, text))));
            List<String> covered = new ArrayList<>();
            int lastEnd = 0;
            for (TextChunk c : chunks) {
                assertEquals(text.substring(c.start(), c.end()), c.text(), "offsets point at the chunk's text");
                // word windows are measured every 16 words, so one window may exceed the target by up to 15
                assertTrue(WORDS.applyAsInt(c.text()) <= target + 15, () -> "chunk over budget: " + c.tokens() + " > " + target);
                assertTrue(c.end() >= lastEnd, "chunks advance through the text");
                lastEnd = c.end();
                covered.add(c.text());
            }
            String joined = String.join(" ", covered);
            for (String word : text.split("\\s+")) {
                if (!word.isEmpty()) {
                    assertTrue(joined.contains(word), "every word lands in some chunk: " + word);
                }
            }
        }
    }

    @Test
    void consecutiveChunksOverlapBySentences() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            sb.append("Sentence number ").append(i).append(" is here. ");
        }
        List<TextChunk> chunks = new Chunker(20, 6, WORDS).chunk(
                new ParsedDocument(DocumentType.TEXT, "t", List.of(new PageText(1, sb.toString()))));
        assertTrue(chunks.size() > 3);
        for (int i = 1; i < chunks.size(); i++) {
            assertTrue(chunks.get(i).start() < chunks.get(i - 1).end(), "chunk " + i + " repeats the tail of the previous one");
        }
    }

    private static String randomText(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int paragraphs = 1 + rnd.nextInt(6);
        for (int p = 0; p < paragraphs; p++) {
            int sentences = 1 + rnd.nextInt(8);
            for (int s = 0; s < sentences; s++) {
                int words = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 120 : 15);
                for (int w = 0; w < words; w++) {
                    sb.append("w").append(rnd.nextInt(1000)).append(w + 1 < words ? " " : "");
                }
                sb.append(rnd.nextBoolean() ? ". " : "! ");
            }
            sb.append(rnd.nextBoolean() ? "\n\n" : "\n \n");
        }
        return sb.toString();
    }
}
