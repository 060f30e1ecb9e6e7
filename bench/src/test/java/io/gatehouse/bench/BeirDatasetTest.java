package io.gatehouse.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BeirDatasetTest {

    @TempDir
    Path dir;

    @Test
    void readsCorpusQueriesAndQrelsWithOrWithoutHeader() throws Exception {
        Path corpus = Files.writeString(dir.resolve("corpus.jsonl"), """
                {"_id": "d1", "title": "Harbour", "text": "The harbour opens at six.", "metadata": {}}
                {"_id": "d2", "text": "No title here."}
                """);
        Path queries = Files.writeString(dir.resolve("queries.jsonl"), """
                {"_id": "q1", "text": "when does the harbour open"}
                """);
        Path withHeader = Files.writeString(dir.resolve("a.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td2\t0\n");
        Path without = Files.writeString(dir.resolve("b.tsv"), "q1\td1\t2\nq1\td2\t0\n");
        Path trec = Files.writeString(dir.resolve("c.txt"), "q1 0 d1 2\nq1 0 d2 0\n");
        for (Path qrels : List.of(withHeader, without, trec)) {
            BeirDataset data = BeirDataset.load(corpus, queries, qrels);
            assertEquals(Map.of("q1", Map.of("d1", 2, "d2", 0)), data.qrels(), qrels.getFileName().toString());
            assertEquals("Harbour\n\nThe harbour opens at six.", data.corpus().get("d1").indexedText());
            assertEquals("No title here.", data.corpus().get("d2").indexedText());
            assertEquals("when does the harbour open", data.queries().get("q1"));
        }
    }

    @Test
    void aDocumentRanksWhereItsBestChunkRanks() {
        List<RetrievalEval.ScoredDoc> chunks = List.of(new RetrievalEval.ScoredDoc("a", 0.9), new RetrievalEval.ScoredDoc("b", 0.8),
                new RetrievalEval.ScoredDoc("a", 0.7), new RetrievalEval.ScoredDoc("c", 0.6));
        assertEquals(List.of("a", "b", "c"), RetrievalEval.fold(chunks).stream().map(RetrievalEval.ScoredDoc::id).toList());
    }

    @Test
    void everyJudgedQueryCountsEvenWithoutResults() {
        Map<String, Map<String, Integer>> qrels = Map.of("q1", Map.of("a", 1), "q2", Map.of("b", 1));
        RetrievalEval.Scores s = RetrievalEval.score(Map.of("q1", List.of(new RetrievalEval.ScoredDoc("a", 1))), qrels);
        assertEquals(2, s.queries());
        assertEquals(0.5, s.ndcg10(), 1e-9);
        assertEquals(0.5, s.mrr10(), 1e-9);
        assertEquals(0.5, s.ndcg10RetrievedIdeal(), 1e-9);
    }
}
