package io.gatehouse.generate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A one-way signal that a caller no longer wants a generation (the client disconnected, the user
 * pressed stop). Destinations register a reaction that aborts upstream work at once, such as closing
 * the HTTP connection, rather than noticing only when the next token arrives.
 */
public final class Cancellation {

    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final List<Runnable> reactions = new CopyOnWriteArrayList<>();

    public void cancel() {
        if (cancelled.getCount() > 0) {
            cancelled.countDown();
            reactions.forEach(Runnable::run);
        }
    }

    public boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    /**
     * Runs {@code reaction} once when cancelled (at once if already cancelled); closing the returned
     * handle withdraws it. The reaction may run on the cancelling thread.
     */
    public Registration onCancel(Runnable reaction) {
        AtomicBoolean ran = new AtomicBoolean();
        Runnable once = () -> {
            if (ran.compareAndSet(false, true)) {
                reaction.run();
            }
        };
        reactions.add(once);
        if (isCancelled()) {
            once.run();
        }
        return () -> reactions.remove(once);
    }

    /** Waits up to {@code d}; true when cancelled meanwhile (a retry back-off ends early on cancel). */
    boolean await(Duration d) {
        try {
            return cancelled.await(Math.max(0, d.toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Withdraws a reaction; closing twice is harmless. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
