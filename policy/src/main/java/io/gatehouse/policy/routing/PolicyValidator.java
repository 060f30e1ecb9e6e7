package io.gatehouse.policy.routing;

import io.gatehouse.policy.Tier;
import io.gatehouse.policy.pii.PiiType;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks the meaning of a parsed policy: references, provenance, the safety invariants, contradictions, reachability. */
final class PolicyValidator {

    private PolicyValidator() {
    }

    static void validate(PolicyParser.Parsed p, Set<PiiType> restrictedTypes) {
        List<PolicyProblem> problems = new ArrayList<>();
        p.piiTiers().forEach((type, tier) -> {
            if (SafetyInvariants.RESTRICTED_PII_FLOOR.contains(type) && tier != Tier.RESTRICTED) {
                problems.add(new PolicyProblem(p.piiTierLines().get(type), "pii-tiers." + type,
                        type + " is always RESTRICTED; a policy may not lower it to " + tier));
            }
        });
        Map<String, Integer> ruleLines = new HashMap<>();
        for (int i = 0; i < p.rules().size(); i++) {
            PolicyRule r = p.rules().get(i);
            String path = "rules[" + i + "]";
            Integer first = ruleLines.putIfAbsent(r.name(), r.line());
            if (first != null) {
                problems.add(new PolicyProblem(r.line(), path + ".name", "rule name '" + r.name() + "' is used twice (first at line " + first + ")"));
            }
            checkTarget(p, i, path, restrictedTypes, problems);
            for (String d : r.when().up()) {
                checkDeclared(p, d, p.line(i, "when.up"), path + ".when.up", problems);
            }
            for (String d : r.when().down()) {
                checkDeclared(p, d, p.line(i, "when.down"), path + ".when.down", problems);
            }
            for (String why : r.when().contradictions()) {
                problems.add(new PolicyProblem(p.line(i, "when"), path + ".when", "contradictory conditions, the rule can never fire: " + why));
            }
            if (r.when().contradictions().isEmpty()) {
                for (int j = 0; j < i; j++) {
                    PolicyRule earlier = p.rules().get(j);
                    if (earlier.when().covers(r.when())) {
                        problems.add(new PolicyProblem(r.line(), path, "unreachable: rule '" + earlier.name() + "' (line "
                                + earlier.line() + ") comes first and matches every question this rule matches"));
                        break;
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            problems.sort((a, b) -> Integer.compare(a.line(), b.line()));
            throw new PolicyValidationException(problems);
        }
    }

    private static void checkTarget(PolicyParser.Parsed p, int i, String path, Set<PiiType> restrictedTypes,
                                    List<PolicyProblem> problems) {
        PolicyRule r = p.rules().get(i);
        int destLine = p.line(i, "destination");
        int fallbackLine = p.line(i, "fallback");
        if (r.route() == Route.REFUSE) {
            if (r.destination() != null) {
                problems.add(new PolicyProblem(destLine, path + ".destination", "a REFUSE rule names no destination"));
            }
            if (r.fallback() != null) {
                problems.add(new PolicyProblem(fallbackLine, path + ".fallback", "a REFUSE rule has no fallback"));
            }
            return;
        }
        if (r.destination() == null) {
            problems.add(new PolicyProblem(destLine, path + ".destination", "is required for route " + r.route()));
            return;
        }
        Destination d = p.destinations().get(r.destination());
        boolean closedRoute = r.route() != Route.ON_PREM;
        if (d == null) {
            problems.add(new PolicyProblem(destLine, path + ".destination", "destination '" + r.destination() + "' is not declared"));
        } else if (closedRoute && !d.closed()) {
            problems.add(new PolicyProblem(destLine, path + ".destination", "route " + r.route() + " needs a closed destination; '"
                    + d.name() + "' is on-prem (use route ON_PREM)"));
        } else if (!closedRoute && d.closed()) {
            problems.add(new PolicyProblem(destLine, path + ".destination", "route ON_PREM needs an on-prem destination; '"
                    + d.name() + "' is closed"));
        }
        if (r.fallback() != null) {
            Destination f = p.destinations().get(r.fallback());
            if (f == null) {
                problems.add(new PolicyProblem(fallbackLine, path + ".fallback", "destination '" + r.fallback() + "' is not declared"));
            } else if (f.closed()) {
                problems.add(new PolicyProblem(fallbackLine, path + ".fallback", "a fallback must be on-prem: falling back to closed '"
                        + f.name() + "' is never allowed"));
            } else if (f.name().equals(r.destination())) {
                problems.add(new PolicyProblem(fallbackLine, path + ".fallback", "the fallback is the destination itself"));
            }
        }
        if (closedRoute) {
            Set<Tier> tooHigh = EnumSet.noneOf(Tier.class);
            for (Tier t : r.when().contextTiers()) {
                if (t.rank() > SafetyInvariants.MAX_CLOSED_TIER.rank()) {
                    tooHigh.add(t);
                }
            }
            if (!tooHigh.isEmpty()) {
                problems.add(new PolicyProblem(tierLine(p, i), path + ".when.context-tier", "a rule with route " + r.route()
                        + " must restrict context-tier to PUBLIC/INTERNAL; as written it also matches " + tooHigh));
            }
            if (!r.when().questionPiiNone().containsAll(restrictedTypes)) {
                Set<PiiType> missing = EnumSet.copyOf(restrictedTypes);
                missing.removeAll(r.when().questionPiiNone());
                problems.add(new PolicyProblem(p.line(i, "when"), path + ".when.question-pii-none", "a rule with route " + r.route()
                        + " must exclude RESTRICTED personal data in the question (add 'question-pii-none: [restricted]'); missing " + missing));
            }
        }
    }

    private static int tierLine(PolicyParser.Parsed p, int rule) {
        for (String key : new String[] {"when.context-tier", "when.context-tier-at-least", "when.context-tier-at-most"}) {
            int line = p.line(rule, key);
            if (line != p.rules().get(rule).line()) {
                return line;
            }
        }
        return p.line(rule, "when");
    }

    private static void checkDeclared(PolicyParser.Parsed p, String name, int line, String path, List<PolicyProblem> problems) {
        if (!p.destinations().containsKey(name)) {
            problems.add(new PolicyProblem(line, path, "destination '" + name + "' is not declared"));
        }
    }
}
