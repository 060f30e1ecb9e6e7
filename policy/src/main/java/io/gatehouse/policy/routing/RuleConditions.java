package io.gatehouse.policy.routing;

import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;
import io.gatehouse.policy.pii.PiiType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The conditions of one rule; all must hold. Every condition is over metadata of {@link DecisionInput}.
 * "Any" sets are any-of conditions where an empty set means "no condition" (the parser rejects an empty
 * list, so empty only ever means absent); "none" sets must not intersect the input; {@code up} and
 * {@code down} name destinations that must all be up, respectively all be down.
 */
public record RuleConditions(Set<Tier> contextTiers, Set<PiiType> questionPiiAny, Set<PiiType> questionPiiNone,
                             Set<PiiType> contextPiiAny, Set<PiiType> contextPiiNone, Set<Role> askerRolesAny,
                             Set<Tier> askerClearances, Set<String> askerGroupsAny, Set<String> up, Set<String> down) {

    public RuleConditions {
        contextTiers = Set.copyOf(contextTiers);
        questionPiiAny = Set.copyOf(questionPiiAny);
        questionPiiNone = Set.copyOf(questionPiiNone);
        contextPiiAny = Set.copyOf(contextPiiAny);
        contextPiiNone = Set.copyOf(contextPiiNone);
        askerRolesAny = Set.copyOf(askerRolesAny);
        askerClearances = Set.copyOf(askerClearances);
        askerGroupsAny = Set.copyOf(askerGroupsAny);
        up = Set.copyOf(up);
        down = Set.copyOf(down);
    }

    /** Matches every input. */
    public static RuleConditions always() {
        Set<Tier> all = EnumSet.allOf(Tier.class);
        return new RuleConditions(all, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), all, Set.of(), Set.of(), Set.of());
    }

    public boolean matches(DecisionInput in) {
        return contextTiers.contains(in.maxContextTier())
                && anyOf(questionPiiAny, in.questionPii()) && !intersects(questionPiiNone, in.questionPii())
                && anyOf(contextPiiAny, in.contextPii()) && !intersects(contextPiiNone, in.contextPii())
                && anyOf(askerRolesAny, in.asker().roles())
                && askerClearances.contains(in.asker().clearance())
                && anyOf(askerGroupsAny, in.asker().groups())
                && in.destinationsUp().containsAll(up)
                && !intersects(down, in.destinationsUp());
    }

    /**
     * True when every input that {@code other} matches is matched by this too, i.e. a rule with these
     * conditions placed earlier makes {@code other}'s rule unreachable. Sound but not complete: a true answer is always right;
     * a rule shadowed only by the union of several earlier rules is not detected.
     */
    public boolean covers(RuleConditions other) {
        return contextTiers.containsAll(other.contextTiers)
                && anyCovers(questionPiiAny, other.questionPiiAny) && other.questionPiiNone.containsAll(questionPiiNone)
                && anyCovers(contextPiiAny, other.contextPiiAny) && other.contextPiiNone.containsAll(contextPiiNone)
                && anyCovers(askerRolesAny, other.askerRolesAny)
                && askerClearances.containsAll(other.askerClearances)
                && anyCovers(askerGroupsAny, other.askerGroupsAny)
                && other.up.containsAll(up)
                && other.down.containsAll(down);
    }

    /** Why these conditions can never all hold; empty when they can. */
    public List<String> contradictions() {
        List<String> why = new ArrayList<>();
        if (contextTiers.isEmpty()) {
            why.add("the context-tier conditions admit no tier");
        }
        if (askerClearances.isEmpty()) {
            why.add("the asker-clearance conditions admit no tier");
        }
        if (!questionPiiAny.isEmpty() && questionPiiNone.containsAll(questionPiiAny)) {
            why.add("question-pii requires a type that question-pii-none forbids");
        }
        if (!contextPiiAny.isEmpty() && contextPiiNone.containsAll(contextPiiAny)) {
            why.add("context-pii requires a type that context-pii-none forbids");
        }
        for (String d : up) {
            if (down.contains(d)) {
                why.add("destination '" + d + "' is required both up and down");
            }
        }
        return why;
    }

    private static <T> boolean anyOf(Set<T> required, Collection<T> present) {
        return required.isEmpty() || intersects(required, present);
    }

    private static <T> boolean anyCovers(Set<T> mine, Set<T> theirs) {
        return mine.isEmpty() || (!theirs.isEmpty() && mine.containsAll(theirs));
    }

    private static <T> boolean intersects(Set<T> a, Collection<T> b) {
        for (T t : b) {
            if (a.contains(t)) {
                return true;
            }
        }
        return false;
    }
}
