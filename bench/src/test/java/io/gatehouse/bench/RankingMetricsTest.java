package io.gatehouse.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Hand-computed cases: log2(2) = 1, log2(3) = 1.5849625, log2(4) = 2. */
class RankingMetricsTest {

    private static final double EPS = 1e-6;
    private static final Map<String, Integer> GRADES = Map.of("a", 3, "b", 2, "c", 1, "z", 0);

    @Test
    void perfectRankingScoresOne() {
        assertEquals(1.0, RankingMetrics.ndcg(List.of("a", "b", "c"), GRADES, 10), EPS);
        assertEquals(1.0, RankingMetrics.ndcgRetrievedIdeal(List.of("a", "b", "c"), GRADES, 10), EPS);
    }

    @Test
    void standardNdcgCountsRelevantDocumentsThatWereNotRetrieved() {
        // ranked: x(0) a(3) z(0); DCG = 3/log2(3) = 1.8927893
        // ideal over all judgements: 3, 2, 1 -> 3 + 2/1.5849625 + 1/2 = 4.7618595
        List<String> ranked = List.of("x", "a", "z");
        assertEquals(1.8927893 / 4.7618595, RankingMetrics.ndcg(ranked, GRADES, 10), EPS);
        // the variant's ideal is the retrieved grades re-sorted: 3, 0, 0 -> 3
        assertEquals(1.8927893 / 3.0, RankingMetrics.ndcgRetrievedIdeal(ranked, GRADES, 10), EPS);
    }

    @Test
    void cutoffAppliesToBothRankingAndIdeal() {
        // k = 1: ranked c(1); ideal a(3): 1/3. Variant: ideal is c itself: 1.
        assertEquals(1.0 / 3.0, RankingMetrics.ndcg(List.of("c", "a"), GRADES, 1), EPS);
        assertEquals(1.0, RankingMetrics.ndcgRetrievedIdeal(List.of("c", "a"), GRADES, 1), EPS);
    }

    @Test
    void nothingRelevantRetrievedScoresZero() {
        assertEquals(0.0, RankingMetrics.ndcg(List.of("x", "z"), GRADES, 10), EPS);
        assertEquals(0.0, RankingMetrics.ndcgRetrievedIdeal(List.of("x", "z"), GRADES, 10), EPS);
        assertEquals(0.0, RankingMetrics.reciprocalRank(List.of("x", "z"), GRADES, 10), EPS);
        assertEquals(0.0, RankingMetrics.recall(List.of(), GRADES, 100), EPS);
    }

    @Test
    void recallAndReciprocalRank() {
        List<String> ranked = List.of("z", "x", "c", "a");
        assertEquals(2.0 / 3.0, RankingMetrics.recall(ranked, GRADES, 100), EPS);
        assertEquals(1.0 / 3.0, RankingMetrics.recall(ranked, GRADES, 3), EPS);
        assertEquals(1.0 / 3.0, RankingMetrics.reciprocalRank(ranked, GRADES, 10), EPS);
        assertEquals(0.0, RankingMetrics.reciprocalRank(ranked, GRADES, 2), EPS);
    }

    @Test
    void aQueryWithOnlyZeroGradesHasNoIdealGain() {
        Map<String, Integer> none = Map.of("z", 0);
        assertEquals(0.0, RankingMetrics.ndcg(List.of("z"), none, 10), EPS);
        assertEquals(0.0, RankingMetrics.recall(List.of("z"), none, 10), EPS);
    }
}
