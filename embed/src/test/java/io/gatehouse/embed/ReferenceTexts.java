package io.gatehouse.embed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The varied texts the correctness tests compare on: hand-written short, non-English, emoji, code and
 * odd-formatting lines from {@code reference-texts.txt}, topped up with long texts stitched from them
 * at lengths spread up to the model's maximum.
 */
final class ReferenceTexts {

    private ReferenceTexts() {
    }

    static List<String> handWritten() {
        try (InputStream in = ReferenceTexts.class.getResourceAsStream("/reference-texts.txt")) {
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> texts = new ArrayList<>();
            for (String line : all.split("\n", -1)) {
                if (line.isEmpty() || line.startsWith("# ")) {
                    continue;
                }
                texts.add(line.replace("\\n", "\n").replace("\\t", "\t"));
            }
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code total} texts: every hand-written one, then long ones whose token counts (by the model's
     * own tokenizer) climb evenly towards {@code maxTextTokens}, so none is truncated.
     */
    static List<String> mixed(Embedder embedder, int total, int maxTextTokens) {
        List<String> base = handWritten();
        List<String> texts = new ArrayList<>(base);
        int longOnes = total - base.size();
        for (int k = 0; k < longOnes; k++) {
            int target = 40 + (int) ((long) k * (maxTextTokens - 40) / Math.max(1, longOnes - 1));
            StringBuilder sb = new StringBuilder();
            int i = (k * 7) % base.size();
            while (true) {
                String candidate = sb.isEmpty() ? base.get(i) : sb + " " + base.get(i);
                if (embedder.countTokens(candidate) > target) {
                    break;
                }
                sb.setLength(0);
                sb.append(candidate);
                i = (i + 1) % base.size();
            }
            if (sb.isEmpty()) {
                sb.append(base.get((k * 7) % base.size()));
            }
            texts.add(sb.toString());
        }
        return texts;
    }
}
