package io.gatehouse.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion: score(d) = sum over lists of weight / (k + rank(d)). Rank-based, so it
 * needs no calibration between BM25 scores and cosine similarities.
 *
 * @param k            dampens the head of each list; 60 is the value of Cormack et al.
 * @param bm25Weight   weight of the BM25 list
 * @param vectorWeight weight of the k-NN list
 */
public record RankFusion(int k, double bm25Weight, double vectorWeight) {

    public static final RankFusion DEFAULT = new RankFusion(60, 1.0, 1.0);

    public RankFusion {
        if (k < 1 || bm25Weight < 0 || vectorWeight < 0) {
            throw new IllegalArgumentException("k must be >= 1 and weights >= 0");
        }
    }

    /** Fuses two ranked lists of ids (best first) into one, best first. */
    public List<Map.Entry<String, Double>> fuse(List<String> bm25, List<String> vector) {
        Map<String, Double> scores = new LinkedHashMap<>();
        add(scores, bm25, bm25Weight);
        add(scores, vector, vectorWeight);
        Map<String, Integer> firstSeen = new HashMap<>();
        int i = 0;
        for (String id : scores.keySet()) {
            firstSeen.put(id, i++);
        }
        List<Map.Entry<String, Double>> out = new ArrayList<>(scores.entrySet());
        // Ties broken by first appearance (BM25 list first) so the order is deterministic.
        out.sort(Comparator.<Map.Entry<String, Double>>comparingDouble(Map.Entry::getValue).reversed()
                .thenComparing(e -> firstSeen.get(e.getKey())));
        return out;
    }

    private void add(Map<String, Double> scores, List<String> ids, double weight) {
        for (int r = 0; r < ids.size(); r++) {
            scores.merge(ids.get(r), weight / (k + r + 1), Double::sum);
        }
    }
}
