package io.gatehouse.policy.pii;

import java.util.Map;

/**
 * A read-only map from word to a byte of flags, compact enough to stay in cache: open addressing over
 * 64-bit FNV-1a hashes of the words (the words themselves are not kept; with a few hundred thousand
 * entries a 64-bit collision has a probability around 10^-8). One look-up is one or two array reads,
 * against three dependent pointer chases for a {@code HashMap<String, ...>}; the name recognizer does
 * several per word of every text.
 */
final class WordTable {

    private final long[] hashes;
    private final byte[] values;
    private final int mask;

    WordTable(Map<String, Byte> entries) {
        int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 2) - 1) << 1;
        hashes = new long[capacity];
        values = new byte[capacity];
        mask = capacity - 1;
        entries.forEach((word, value) -> {
            long h = hash(word);
            int i = (int) h & mask;
            while (hashes[i] != 0 && hashes[i] != h) {
                i = (i + 1) & mask;
            }
            hashes[i] = h;
            values[i] = (byte) (values[i] | value);
        });
    }

    /** The flags of {@code word} (already in key form: lower-case, NFC), 0 when absent. */
    byte get(String word) {
        long h = hash(word);
        int i = (int) h & mask;
        while (true) {
            long x = hashes[i];
            if (x == h) {
                return values[i];
            }
            if (x == 0) {
                return 0;
            }
            i = (i + 1) & mask;
        }
    }

    private static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 29; // spread the high bits into the low ones the table index uses
        return h == 0 ? 1 : h;
    }
}
