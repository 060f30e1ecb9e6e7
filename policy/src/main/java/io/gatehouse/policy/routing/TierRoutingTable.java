package io.gatehouse.policy.routing;

import io.gatehouse.policy.Tier;

import java.util.List;
import java.util.Optional;

/**
 * The first routing table: PUBLIC and INTERNAL context may go to a closed API, CONFIDENTIAL and
 * RESTRICTED stay on-prem. With no closed API configured (or it is down) closed-eligible questions
 * are answered on-prem and the decision says so; if the on-prem destination is down, refuse.
 */
public final class TierRoutingTable implements RoutingPolicy {

    private static final String VERSION = "builtin-tier-table-1";

    private final Optional<String> closedDestination;
    private final String onPremDestination;

    public TierRoutingTable(Optional<String> closedDestination, String onPremDestination) {
        this.closedDestination = closedDestination;
        this.onPremDestination = onPremDestination;
    }

    @Override
    public RoutingDecision decide(DecisionInput in) {
        Tier tier = in.maxContextTier();
        boolean onPremUp = in.destinationsUp().contains(onPremDestination);
        if (tier.rank() >= Tier.CONFIDENTIAL.rank()) {
            String why = "context includes " + tier + " chunks; CONFIDENTIAL and RESTRICTED context stays on-prem";
            if (!onPremUp) {
                return new RoutingDecision.Refuse("sensitive-context-on-prem",
                        List.of(why, "on-prem destination '" + onPremDestination + "' is down"), VERSION);
            }
            return new RoutingDecision.OnPrem(onPremDestination, "sensitive-context-on-prem", List.of(why), VERSION);
        }
        String why = "highest context tier is " + tier + "; PUBLIC and INTERNAL context may go to a closed API";
        if (closedDestination.isPresent() && in.destinationsUp().contains(closedDestination.get())) {
            return new RoutingDecision.ClosedApi(closedDestination.get(), "open-context-closed-api", List.of(why), VERSION);
        }
        String fallback = closedDestination
                .map(d -> "closed API '" + d + "' is down; answered on-prem")
                .orElse("no closed API is configured; answered on-prem");
        if (!onPremUp) {
            return new RoutingDecision.Refuse("open-context-closed-api",
                    List.of(why, fallback, "on-prem destination '" + onPremDestination + "' is down"), VERSION);
        }
        return new RoutingDecision.OnPrem(onPremDestination, "open-context-closed-api", List.of(why, fallback), VERSION);
    }

    @Override
    public String version() {
        return VERSION;
    }
}
