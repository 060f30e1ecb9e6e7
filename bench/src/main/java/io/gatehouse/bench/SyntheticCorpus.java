package io.gatehouse.bench;

import java.util.Random;

/**
 * Chunks for scale tests: unit vectors drawn around topic centroids (real embeddings are clustered,
 * and uniform random vectors make HNSW look worse and brute force no better than it is), and text
 * whose rarer words come from the same topic, so BM25 and the vectors agree roughly as they do on
 * real data. Queries are drawn from the same distribution but are not in the corpus.
 *
 * @param vectors  one unit vector per chunk
 * @param topics   the topic of each chunk
 * @param team      each chunk's team, 0..9; a clearance filter on one team admits 10%
 * @param centroids the topic centres, for drawing queries
 */
public record SyntheticCorpus(float[][] vectors, int[] topics, int[] team, float[][] centroids, long seed) {

    private static final int VOCABULARY = 20_000;
    private static final int TOPIC_WORDS = 60;
    private static final int WORDS_PER_CHUNK = 40;
    /**
     * Spread per component around the centroid: noise of norm ~1 in 384 dimensions, so a chunk has cosine
     * ~0.7 to its topic centre and ~0.5 to its topic's other chunks, about what bge-small gives related passages.
     */
    private static final double NOISE = 0.05;

    public static SyntheticCorpus generate(int chunks, int dimension, int topicCount, long seed) {
        Random rnd = new Random(seed);
        float[][] centroids = new float[topicCount][];
        for (int t = 0; t < topicCount; t++) {
            centroids[t] = gaussianUnit(rnd, dimension);
        }
        float[][] vectors = new float[chunks][];
        int[] topics = new int[chunks];
        int[] team = new int[chunks];
        for (int i = 0; i < chunks; i++) {
            topics[i] = rnd.nextInt(topicCount);
            vectors[i] = around(centroids[topics[i]], rnd);
            team[i] = rnd.nextInt(10);
        }
        return new SyntheticCorpus(vectors, topics, team, centroids, seed);
    }

    /** Query vectors and texts from the corpus's topics, not in the corpus. */
    public Queries queries(int n, long querySeed) {
        Random rnd = new Random(querySeed);
        float[][] v = new float[n][];
        String[] text = new String[n];
        for (int i = 0; i < n; i++) {
            int t = rnd.nextInt(centroids.length);
            v[i] = around(centroids[t], rnd);
            text[i] = word(topicWord(t, rnd.nextInt(TOPIC_WORDS))) + " " + word(topicWord(t, rnd.nextInt(TOPIC_WORDS)))
                    + " " + word(zipf(rnd));
        }
        return new Queries(v, text);
    }

    public record Queries(float[][] vectors, String[] texts) {
    }

    /** The chunk's text, generated on demand from its index (deterministic) so a million chunks need no text in memory. */
    public String text(int chunk) {
        Random rnd = new Random(seed * 31 + chunk);
        StringBuilder sb = new StringBuilder(WORDS_PER_CHUNK * 8);
        for (int w = 0; w < WORDS_PER_CHUNK; w++) {
            int word = rnd.nextInt(10) < 3 ? topicWord(topics[chunk], rnd.nextInt(TOPIC_WORDS)) : zipf(rnd);
            sb.append(word(word)).append(' ');
        }
        return sb.toString().trim();
    }

    private int topicWord(int topic, int k) {
        return VOCABULARY + topic * TOPIC_WORDS + k;
    }

    /** Common words: rank r with probability ~ 1/r over the general vocabulary. */
    private static int zipf(Random rnd) {
        return (int) Math.floor(Math.exp(rnd.nextDouble() * Math.log(VOCABULARY))) - 1;
    }

    /** A pronounceable token per word number, so the English analyser sees word-like input. */
    static String word(int n) {
        String consonants = "bcdfghklmnprstvz";
        String vowels = "aeiou";
        StringBuilder sb = new StringBuilder();
        int x = n + 1;
        do {
            sb.append(consonants.charAt(x % 16)).append(vowels.charAt((x / 16) % 5));
            x /= 80;
        } while (x > 0);
        return sb.append('x').toString();
    }

    private static float[] around(float[] centroid, Random rnd) {
        float[] v = new float[centroid.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = centroid[i] + (float) (rnd.nextGaussian() * NOISE);
        }
        return normalise(v);
    }

    private static float[] gaussianUnit(Random rnd, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return normalise(v);
    }

    private static float[] normalise(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float inv = (float) (1 / Math.sqrt(n));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }
}
