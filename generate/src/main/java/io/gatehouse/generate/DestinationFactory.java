package io.gatehouse.generate;

import io.gatehouse.policy.routing.Provenance;
import java.time.InstantSource;

/** Builds destinations from configuration. The caller owns what it builds and closes it on shutdown. */
public final class DestinationFactory {

    private final InstantSource clock;

    public DestinationFactory(InstantSource clock) {
        this.clock = clock;
    }

    public DestinationFactory() {
        this(InstantSource.system());
    }

    public Destination create(DestinationConfig config) {
        return switch (config) {
            case OpenAiCompatibleConfig c -> new GuardedDestination(c.name(), c.provenance(),
                    new OpenAiCompatibleUpstream(c), new PromptBuilder(c.contextBudgetTokens()), c.prices(),
                    c.resilience(), clock);
            case AnthropicConfig c -> new GuardedDestination(c.name(), Provenance.CLOSED, new AnthropicUpstream(c),
                    new PromptBuilder(c.contextBudgetTokens()), c.prices(), c.resilience(), clock);
            case LlamaCppConfig c -> new GuardedDestination(c.name(), Provenance.ON_PREM,
                    c.isolation() == LlamaCppConfig.Isolation.IN_PROCESS ? new LlamaUpstream(c) : new LlamaProcessUpstream(c),
                    new PromptBuilder(c.contextBudgetTokens()), Prices.FREE, c.resilience(), clock);
            case ExtractiveConfig c -> new ExtractiveDestination(c.name(), c.maxSentences());
        };
    }
}
