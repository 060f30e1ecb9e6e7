package io.gatehouse.generate;

import io.gatehouse.policy.routing.Provenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A model destination: prompt assembly within the context budget, bounded retries before the first
 * token, a circuit breaker feeding {@link #isUp()}, health counters, citation parsing and cost.
 * The protocol is the {@link Upstream}'s. Built by {@link DestinationFactory}.
 */
public final class GuardedDestination implements Destination {

    private static final Logger log = LoggerFactory.getLogger(GuardedDestination.class);

    private final String name;
    private final Provenance provenance;
    private final Upstream upstream;
    private final PromptBuilder prompts;
    private final Prices prices;
    private final Resilience resilience;
    private final CircuitBreaker breaker;
    private final InstantSource clock;

    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile Instant lastSuccessAt;
    private volatile Instant lastFailureAt;
    private volatile Failure.Kind lastFailure;

    GuardedDestination(String name, Provenance provenance, Upstream upstream, PromptBuilder prompts, Prices prices,
                       Resilience resilience, InstantSource clock) {
        this.name = name;
        this.provenance = provenance;
        this.upstream = upstream;
        this.prompts = prompts;
        this.prices = prices;
        this.resilience = resilience;
        this.clock = clock;
        this.breaker = new CircuitBreaker(resilience.breakerFailures(), resilience.breakerOpenFor(), clock);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public boolean isUp() {
        return breaker.isUp();
    }

    @Override
    public GeneratedText stream(GenerationRequest request, TokenSink sink, Cancellation cancellation) {
        calls.incrementAndGet();
        Prompt prompt = prompts.build(request);
        if (!breaker.tryAcquire()) {
            throw failed(new DestinationException(name, new Failure.Unavailable("it failed repeatedly and is paused"), false));
        }
        CountingSink counting = new CountingSink(sink);
        for (int attempt = 0; ; attempt++) {
            Upstream.Reply reply;
            try {
                reply = upstream.call(prompt, counting, cancellation);
            } catch (DestinationException e) {
                Duration wait = retryWait(e.failure(), attempt, counting.emitted());
                if (wait == null || cancellation.isCancelled()) {
                    if (e.failure().countsAgainstHealth()) {
                        breaker.onFailure();
                    } else {
                        breaker.onNeutral();
                    }
                    throw failed(e.withPartial(counting.emitted()));
                }
                // the kind only: no content, no server message
                log.info("destination {} attempt {} failed ({}), retrying in {} ms", name, attempt + 1,
                        e.failure().kind(), wait.toMillis());
                if (cancellation.await(wait)) {
                    breaker.onNeutral();
                    return result(prompt, new Upstream.Reply("", null, StopReason.CANCELLED));
                }
                continue;
            } catch (SinkFailure e) {
                // The caller could not take a token (its client went away): the destination was fine.
                breaker.onNeutral();
                throw e.original;
            } catch (RuntimeException e) {
                // A bug or an unexpected library failure: report it without its message, which might hold content.
                breaker.onFailure();
                throw failed(new DestinationException(name, new Failure.Unavailable("it failed unexpectedly ("
                        + e.getClass().getSimpleName() + ")"), counting.emitted()));
            }
            if (reply.stop() == StopReason.CANCELLED) {
                breaker.onNeutral();
            } else {
                breaker.onSuccess();
                lastSuccessAt = clock.instant();
            }
            return result(prompt, reply);
        }
    }

    /** How long to wait before the next attempt, or null when there must be none. */
    private Duration retryWait(Failure f, int attempt, boolean emitted) {
        if (emitted || !f.retryable() || attempt >= resilience.maxRetries()) {
            return null;
        }
        if (f instanceof Failure.RateLimited rl && rl.retryAfter().isPresent()) {
            Duration asked = rl.retryAfter().get();
            return asked.compareTo(resilience.maxRetryAfter()) > 0 ? null : asked;
        }
        return resilience.retryBackoff().multipliedBy(1L << Math.min(attempt, 10));
    }

    private GeneratedText result(Prompt prompt, Upstream.Reply reply) {
        Usage usage = reply.usage() != null ? reply.usage()
                : new Usage(prompt.estimatedTokens(), PromptBuilder.estimateTokens(reply.text()), false);
        return new GeneratedText(reply.text(), CitationParser.cited(reply.text(), prompt.suppliedPassages()),
                upstream.model(), usage, prices.cost(usage), reply.stop());
    }

    private DestinationException failed(DestinationException e) {
        failures.incrementAndGet();
        lastFailureAt = clock.instant();
        lastFailure = e.failure().kind();
        return e;
    }

    @Override
    public java.util.Optional<String> outboundPayload(GenerationRequest request) {
        return java.util.Optional.of(upstream.payload(prompts.build(request)));
    }

    @Override
    public DestinationHealth health() {
        Failure.Kind lf = lastFailure;
        return new DestinationHealth(name, provenance, upstream.model(), breaker.isUp(), breaker.state(),
                breaker.consecutiveFailures(), calls.get(), failures.get(), lastSuccessAt, lastFailureAt,
                lf == null ? null : lf.name());
    }

    @Override
    public void close() {
        upstream.close();
    }

    /** Marks an exception thrown by the caller's sink, so it is not mistaken for the destination's failure. */
    static final class SinkFailure extends RuntimeException {
        final RuntimeException original;

        SinkFailure(RuntimeException original) {
            super(null, null, false, false);
            this.original = original;
        }
    }

    /** Knows whether anything reached the caller, which forbids a retry (the user would see text twice). */
    private static final class CountingSink implements TokenSink {
        private final TokenSink delegate;
        private volatile boolean emitted;

        CountingSink(TokenSink delegate) {
            this.delegate = delegate;
        }

        @Override
        public void accept(String token) {
            if (!token.isEmpty()) {
                emitted = true;
                try {
                    delegate.accept(token);
                } catch (RuntimeException e) {
                    throw new SinkFailure(e);
                }
            }
        }

        boolean emitted() {
            return emitted;
        }
    }
}
