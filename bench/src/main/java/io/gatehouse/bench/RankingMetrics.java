package io.gatehouse.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Per-query ranking metrics over graded judgements (grade > 0 means relevant; a document without a
 * judgement has grade 0). Gains are linear in the grade and discounted by log2(rank + 1), as in
 * trec_eval and pytrec_eval, which BEIR uses.
 */
public final class RankingMetrics {

    private RankingMetrics() {
    }

    /**
     * Standard nDCG@k: the ideal ranking is every judged document of the query, best grade first.
     * 0 when the query has no relevant document.
     */
    public static double ndcg(List<String> ranked, Map<String, Integer> grades, int k) {
        List<Integer> ideal = new ArrayList<>(grades.values());
        ideal.sort(Comparator.reverseOrder());
        double idcg = dcg(ideal, k);
        return idcg == 0 ? 0 : dcg(gradesOf(ranked, grades, k), k) / idcg;
    }

    /**
     * The embedding leaderboard's nDCG@k variant: the ideal ranking is the retrieved top k re-sorted by
     * grade, so it measures the order within the top k and ignores relevant documents that were not
     * retrieved. 0 when the top k holds nothing relevant.
     */
    public static double ndcgRetrievedIdeal(List<String> ranked, Map<String, Integer> grades, int k) {
        List<Integer> got = gradesOf(ranked, grades, k);
        List<Integer> ideal = new ArrayList<>(got);
        ideal.sort(Comparator.reverseOrder());
        double idcg = dcg(ideal, k);
        return idcg == 0 ? 0 : dcg(got, k) / idcg;
    }

    /** Share of the relevant documents found in the top k; 0 when the query has none. */
    public static double recall(List<String> ranked, Map<String, Integer> grades, int k) {
        long relevant = grades.values().stream().filter(g -> g > 0).count();
        if (relevant == 0) {
            return 0;
        }
        long found = ranked.stream().limit(k).distinct().filter(d -> grades.getOrDefault(d, 0) > 0).count();
        return (double) found / relevant;
    }

    /** Reciprocal rank of the first relevant document within the top k, else 0. */
    public static double reciprocalRank(List<String> ranked, Map<String, Integer> grades, int k) {
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (grades.getOrDefault(ranked.get(i), 0) > 0) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    private static List<Integer> gradesOf(List<String> ranked, Map<String, Integer> grades, int k) {
        List<Integer> out = new ArrayList<>(k);
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            out.add(Math.max(0, grades.getOrDefault(ranked.get(i), 0)));
        }
        return out;
    }

    private static double dcg(List<Integer> gains, int k) {
        double sum = 0;
        for (int i = 0; i < Math.min(k, gains.size()); i++) {
            sum += Math.max(0, gains.get(i)) / log2(i + 2);
        }
        return sum;
    }

    private static double log2(int x) {
        return Math.log(x) / Math.log(2);
    }
}
