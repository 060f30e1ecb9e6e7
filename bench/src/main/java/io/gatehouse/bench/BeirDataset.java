package io.gatehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A retrieval test collection in BEIR's layout: corpus.jsonl ({@code _id}, {@code title}, {@code text}),
 * queries.jsonl ({@code _id}, {@code text}) and a qrels TSV ({@code query-id corpus-id score}, with or
 * without a header line; a four-column TREC qrels line with an iteration column is accepted too).
 */
public record BeirDataset(Map<String, Passage> corpus, Map<String, String> queries,
                          Map<String, Map<String, Integer>> qrels) {

    public record Passage(String title, String text) {
        /** What is indexed: the title as a first paragraph when there is one, as BEIR's own dense baselines do. */
        public String indexedText() {
            return title.isBlank() ? text : title + "\n\n" + text;
        }
    }

    public static BeirDataset load(Path corpus, Path queries, Path qrels) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, Passage> docs = new LinkedHashMap<>();
        forEachLine(corpus, line -> {
            JsonNode n = json.readTree(line);
            docs.put(n.get("_id").asText(), new Passage(text(n, "title"), text(n, "text")));
        });
        Map<String, String> qs = new LinkedHashMap<>();
        forEachLine(queries, line -> {
            JsonNode n = json.readTree(line);
            qs.put(n.get("_id").asText(), text(n, "text"));
        });
        Map<String, Map<String, Integer>> judged = new LinkedHashMap<>();
        forEachLine(qrels, line -> {
            String[] f = line.split("\t");
            if (f.length < 3) {
                f = line.trim().split("\\s+");
            }
            if (f.length < 3) {
                throw new IOException("qrels line needs query-id, corpus-id and score: " + line);
            }
            String score = f[f.length - 1].trim();
            if (!score.matches("-?\\d+")) {
                return; // the header line ("query-id corpus-id score")
            }
            String doc = f[f.length - 2].trim();
            judged.computeIfAbsent(f[0].trim(), q -> new LinkedHashMap<>()).put(doc, Integer.parseInt(score));
        });
        return new BeirDataset(docs, qs, judged);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private interface LineHandler {
        void accept(String line) throws IOException;
    }

    private static void forEachLine(Path file, LineHandler handler) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    handler.accept(line);
                }
            }
        }
    }
}
