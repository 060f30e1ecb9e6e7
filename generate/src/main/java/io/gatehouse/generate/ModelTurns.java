package io.gatehouse.generate;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One generation at a time on a local model, up to {@code queueCapacity} callers waiting in arrival
 * order, and an immediate BUSY for any beyond: a clear answer beats an unbounded wait.
 */
final class ModelTurns {

    /** How often a waiting caller checks for cancellation and its deadline. */
    private static final long POLL_MS = 50;

    private final String destination;
    private final int queueCapacity;
    private final Semaphore admission;
    private final ReentrantLock turn = new ReentrantLock(true);

    ModelTurns(String destination, int queueCapacity) {
        this.destination = destination;
        this.queueCapacity = queueCapacity;
        this.admission = new Semaphore(1 + queueCapacity);
    }

    /** A held turn; closing it lets the next caller in. */
    interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Waits for this caller's turn. Returns null when cancelled while waiting; throws BUSY when the
     * queue is full and a first-token TIMEOUT when the turn does not come by {@code deadline}.
     */
    Turn acquire(Cancellation cancellation, Instant deadline, Duration limit) throws InterruptedException {
        if (!admission.tryAcquire()) {
            throw new DestinationException(destination, new Failure.Busy(queueCapacity), false);
        }
        try {
            while (!turn.tryLock(POLL_MS, TimeUnit.MILLISECONDS)) {
                if (cancellation.isCancelled()) {
                    admission.release();
                    return null;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new DestinationException(destination, new Failure.Timeout(Failure.Phase.FIRST_TOKEN, limit), false);
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            admission.release();
            throw e;
        }
        return () -> {
            turn.unlock();
            admission.release();
        };
    }

    /** Takes the turn unconditionally (shutdown waits for the running generation). */
    Turn exclusive() {
        turn.lock();
        return turn::unlock;
    }
}
