package io.gatehouse.policy.routing;

import io.gatehouse.policy.Principal;
import io.gatehouse.policy.Tier;
import io.gatehouse.policy.pii.PiiType;

import java.util.Objects;
import java.util.Set;

/**
 * Everything a routing decision may look at: metadata only, never document text or model output,
 * so nothing inside a document can talk the router into sending it elsewhere.
 *
 * @param maxContextTier  highest tier among the retrieved chunks (PUBLIC when nothing was retrieved)
 * @param destinationsUp  names of the destinations currently reachable
 */
public record DecisionInput(Principal asker, Tier maxContextTier, Set<PiiType> questionPii,
                            Set<PiiType> contextPii, Set<String> destinationsUp) {

    public DecisionInput {
        Objects.requireNonNull(asker, "asker");
        Objects.requireNonNull(maxContextTier, "maxContextTier");
        questionPii = Set.copyOf(questionPii);
        contextPii = Set.copyOf(contextPii);
        destinationsUp = Set.copyOf(destinationsUp);
    }
}
