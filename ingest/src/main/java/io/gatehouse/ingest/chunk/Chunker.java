package io.gatehouse.ingest.chunk;

import io.gatehouse.ingest.parse.DocumentType;
import io.gatehouse.ingest.parse.PageText;
import io.gatehouse.ingest.parse.ParsedDocument;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a document into chunks that follow its structure: never across pages, a new chunk at every
 * Markdown heading, paragraphs kept whole when they fit, long paragraphs cut at sentence ends and
 * runaway sentences at word boundaries. Sizes are measured by the embedder's own tokenizer, and
 * consecutive chunks share up to {@code overlapTokens} of trailing sentences so a fact split across
 * a boundary is still found whole in one of them.
 */
public final class Chunker {

    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n[ \\t\\x0B\\f\\r]*\\n");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?;:])\\s+|\\n");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern WORD = Pattern.compile("\\S+");

    private final int targetTokens;
    private final int overlapTokens;
    private final ToIntFunction<String> tokenCounter;

    public Chunker(int targetTokens, int overlapTokens, ToIntFunction<String> tokenCounter) {
        if (targetTokens < 8 || overlapTokens < 0 || overlapTokens >= targetTokens) {
            throw new IllegalArgumentException("need targetTokens >= 8 and 0 <= overlapTokens < targetTokens");
        }
        this.targetTokens = targetTokens;
        this.overlapTokens = overlapTokens;
        this.tokenCounter = tokenCounter;
    }

    public List<TextChunk> chunk(ParsedDocument doc) {
        List<TextChunk> out = new ArrayList<>();
        String section = "";
        for (PageText page : doc.pages()) {
            section = chunkPage(page, doc.type().hasHeadings(), section, out);
        }
        return out;
    }

    /** Chunks one page into {@code out}; returns the section heading in force at the page's end. */
    private String chunkPage(PageText page, boolean markdown, String section, List<TextChunk> out) {
        String text = page.text();
        List<Unit> pending = new ArrayList<>();
        int pendingTokens = 0;
        int from = 0;
        Matcher m = PARAGRAPH_BREAK.matcher(text);
        List<int[]> paragraphs = new ArrayList<>();
        while (m.find()) {
            paragraphs.add(new int[]{from, m.start()});
            from = m.end();
        }
        paragraphs.add(new int[]{from, text.length()});
        for (int[] para : paragraphs) {
            int[] span = trim(text, para[0], para[1]);
            if (span[0] >= span[1]) {
                continue;
            }
            String p = text.substring(span[0], span[1]);
            Matcher h = markdown ? HEADING.matcher(p.lines().findFirst().orElse("")) : null;
            if (h != null && h.matches()) {
                flush(page, section, pending, out);
                pending.clear();
                pendingTokens = 0;
                section = h.group(2);
            }
            for (Unit u : units(text, span[0], span[1])) {
                if (pendingTokens + u.tokens > targetTokens && !pending.isEmpty()) {
                    flush(page, section, pending, out);
                    List<Unit> carried = overlap(pending);
                    while (!carried.isEmpty() && carried.stream().mapToInt(c -> c.tokens).sum() + u.tokens > targetTokens) {
                        carried.removeFirst(); // the overlap yields to the new unit, never the budget
                    }
                    pending.clear();
                    pending.addAll(carried);
                    pendingTokens = carried.stream().mapToInt(c -> c.tokens).sum();
                }
                pending.add(u);
                pendingTokens += u.tokens;
            }
        }
        flush(page, section, pending, out);
        return section;
    }

    /** Splits [start, end) into units no larger than the target: the whole paragraph, its sentences, or word windows. */
    private List<Unit> units(String text, int start, int end) {
        String para = text.substring(start, end);
        int tokens = tokenCounter.applyAsInt(para);
        if (tokens <= targetTokens) {
            return List.of(new Unit(start, end, tokens));
        }
        List<Unit> out = new ArrayList<>();
        Matcher m = SENTENCE_END.matcher(para);
        int from = 0;
        while (true) {
            boolean found = m.find();
            int to = found ? m.start() : para.length();
            int[] s = trim(text, start + from, start + to);
            if (s[0] < s[1]) {
                String sentence = text.substring(s[0], s[1]);
                int t = tokenCounter.applyAsInt(sentence);
                if (t <= targetTokens) {
                    out.add(new Unit(s[0], s[1], t));
                } else {
                    out.addAll(wordWindows(text, s[0], s[1]));
                }
            }
            if (!found) {
                break;
            }
            from = m.end();
        }
        return out;
    }

    private List<Unit> wordWindows(String text, int start, int end) {
        List<Unit> out = new ArrayList<>();
        Matcher w = WORD.matcher(text).region(start, end);
        int winStart = -1;
        int winEnd = -1;
        int words = 0;
        // Grow a window word by word, measuring every 16 words to keep tokenizer calls few.
        while (w.find()) {
            if (winStart < 0) {
                winStart = w.start();
            }
            int candidateEnd = w.end();
            words++;
            if (words % 16 == 0 && tokenCounter.applyAsInt(text.substring(winStart, candidateEnd)) > targetTokens) {
                if (winEnd <= winStart) {
                    winEnd = candidateEnd; // a single 16-word run above target: accept it rather than loop
                }
                out.add(new Unit(winStart, winEnd, tokenCounter.applyAsInt(text.substring(winStart, winEnd))));
                winStart = -1;
                words = 0;
                w.region(winEnd, end);
                winEnd = -1;
                continue;
            }
            winEnd = candidateEnd;
        }
        if (winStart >= 0 && winEnd > winStart) {
            out.add(new Unit(winStart, winEnd, tokenCounter.applyAsInt(text.substring(winStart, winEnd))));
        }
        return out;
    }

    private List<Unit> overlap(List<Unit> previous) {
        List<Unit> carried = new ArrayList<>();
        int tokens = 0;
        for (int i = previous.size() - 1; i > 0; i--) { // never carry the whole previous chunk
            Unit u = previous.get(i);
            if (tokens + u.tokens > overlapTokens) {
                break;
            }
            carried.addFirst(u);
            tokens += u.tokens;
        }
        return carried;
    }

    private static void flush(PageText page, String section, List<Unit> pending, List<TextChunk> out) {
        if (pending.isEmpty()) {
            return;
        }
        int start = pending.getFirst().start;
        int end = pending.getLast().end;
        int tokens = pending.stream().mapToInt(u -> u.tokens).sum();
        out.add(new TextChunk(out.size(), page.number(), section, start, end, page.text().substring(start, end), tokens));
    }

    private static int[] trim(String s, int start, int end) {
        while (start < end && Character.isWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return new int[]{start, end};
    }

    private record Unit(int start, int end, int tokens) {
    }
}
