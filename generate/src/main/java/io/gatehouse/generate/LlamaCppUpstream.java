package io.gatehouse.generate;

import java.time.Instant;

/**
 * What the two ways of running a GGUF model with llama.cpp ({@link LlamaUpstream} in this process,
 * {@link LlamaProcessUpstream} in a child JVM) have in common: one generation at a time with a bounded
 * queue ({@link ModelTurns}), both deadlines counted from the call (waiting for the turn counts against
 * the first-token limit), and a cancellation while waiting answering with nothing, CANCELLED.
 */
abstract sealed class LlamaCppUpstream implements Upstream permits LlamaUpstream, LlamaProcessUpstream {

    protected final LlamaCppConfig config;
    protected final ModelTurns turns;

    LlamaCppUpstream(LlamaCppConfig config) {
        this.config = config;
        this.turns = new ModelTurns(config.name(), config.queueCapacity());
    }

    @Override
    public final String model() {
        return config.modelPath().getFileName().toString();
    }

    /** The messages the chat template is applied to; they never leave this machine. */
    @Override
    public final String payload(Prompt prompt) {
        return prompt.asLocalChat(config.maxTokens());
    }

    @Override
    public final Reply call(Prompt prompt, TokenSink sink, Cancellation cancellation) {
        Instant start = Instant.now();
        Instant firstDeadline = start.plus(config.resilience().firstTokenTimeout());
        Instant totalDeadline = start.plus(config.resilience().totalTimeout());
        try (ModelTurns.Turn turn = turns.acquire(cancellation, firstDeadline, config.resilience().firstTokenTimeout())) {
            if (turn == null) {
                return new Reply("", null, StopReason.CANCELLED);
            }
            return generateInTurn(prompt, sink, cancellation, firstDeadline, totalDeadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply("", null, StopReason.CANCELLED);
        }
    }

    /**
     * One generation, called holding the turn. Enforces {@code totalDeadline} and, where it can tell when the
     * first token comes, {@code firstDeadline}.
     */
    protected abstract Reply generateInTurn(Prompt prompt, TokenSink sink, Cancellation cancellation, Instant firstDeadline,
                                            Instant totalDeadline) throws InterruptedException;
}
