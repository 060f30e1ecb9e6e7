package io.gatehouse.ingest;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per key, from a fixed set: keys that hash to the same stripe share a lock, so memory stays
 * constant and unrelated keys contend only by that chance. Ingestion uses one set per kind of key
 * (document ids, content hashes, external ids) and takes them in that order, so no two threads wait on
 * each other.
 */
final class StripedLocks {

    private final ReentrantLock[] stripes;

    StripedLocks(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one stripe");
        }
        stripes = new ReentrantLock[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    ReentrantLock of(String key) {
        return stripes[Math.floorMod(key.hashCode(), stripes.length)];
    }
}
