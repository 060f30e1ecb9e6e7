package io.gatehouse.policy.pii;

import io.gatehouse.policy.Tier;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the PII found in a chunk implies for its tier: the minimum tier the chunk must have. Single
 * types can demand a tier on their own (a card number makes a chunk RESTRICTED); combinations
 * cover data that is sensitive only together (a name is harmless, a name with a phone number is
 * contact data about a person). The chunk's tier is then max(the document's floor, this minimum).
 *
 * @param byType       tier demanded by the presence of one type
 * @param combinations tiers demanded by types found together
 */
public record PiiTierRules(Map<PiiType, Tier> byType, List<Combination> combinations) {

    /**
     * Applies when every type of {@code allOf} is present and, if {@code anyOf} is not empty, at least one of it.
     */
    public record Combination(Set<PiiType> allOf, Set<PiiType> anyOf, Tier tier) {

        public Combination {
            allOf = Set.copyOf(allOf);
            anyOf = Set.copyOf(anyOf);
            Objects.requireNonNull(tier, "tier");
            if (allOf.isEmpty() && anyOf.isEmpty()) {
                throw new IllegalArgumentException("a combination needs at least one type");
            }
        }

        boolean matches(Set<PiiType> found) {
            return found.containsAll(allOf) && (anyOf.isEmpty() || anyOf.stream().anyMatch(found::contains));
        }

        String describe() {
            StringBuilder b = new StringBuilder(new TreeSet<>(allOf).toString());
            if (!anyOf.isEmpty()) {
                b.append(" with any of ").append(new TreeSet<>(anyOf));
            }
            return b.toString();
        }
    }

    /** The minimum tier and the rules that set it (type names only, never values). */
    public record Classification(Tier tier, List<String> reasons) {

        public Classification {
            Objects.requireNonNull(tier, "tier");
            reasons = List.copyOf(reasons);
        }
    }

    /** Types that, with a person's name, make contact or address data about that person. */
    public static final Set<PiiType> CONTACT_TYPES = Set.of(PiiType.EMAIL_ADDRESS, PiiType.PHONE_NUMBER,
            PiiType.STREET_ADDRESS);

    public PiiTierRules {
        byType = Map.copyOf(byType);
        combinations = List.copyOf(combinations);
    }

    /**
     * Payment cards, IBANs, social security, passport and NHS numbers: RESTRICTED. A driver's
     * licence number (a government identifier): CONFIDENTIAL. A person together with an email
     * address, phone number or street address: CONFIDENTIAL.
     */
    public static PiiTierRules defaults() {
        Map<PiiType, Tier> byType = new EnumMap<>(PiiType.class);
        for (PiiType t : List.of(PiiType.CREDIT_CARD, PiiType.IBAN_CODE, PiiType.US_SSN, PiiType.US_PASSPORT, PiiType.UK_NHS)) {
            byType.put(t, Tier.RESTRICTED);
        }
        byType.put(PiiType.US_DRIVER_LICENSE, Tier.CONFIDENTIAL);
        return new PiiTierRules(byType, List.of(new Combination(Set.of(PiiType.PERSON), CONTACT_TYPES, Tier.CONFIDENTIAL)));
    }

    /** The minimum tier for a chunk in which these types were found; PUBLIC when nothing applies. */
    public Tier minimumTier(Collection<PiiType> found) {
        return classify(found).tier();
    }

    /** The minimum tier for a chunk with these spans. */
    public Tier minimumTierOf(Collection<PiiSpan> spans) {
        return minimumTier(spans.stream().map(PiiSpan::type).toList());
    }

    public Classification classify(Collection<PiiType> found) {
        Set<PiiType> present = found.isEmpty() ? EnumSet.noneOf(PiiType.class) : EnumSet.copyOf(found);
        Tier tier = Tier.PUBLIC;
        List<String> reasons = new ArrayList<>();
        for (PiiType t : present) {
            Tier demanded = byType.get(t);
            if (demanded != null && demanded.rank() > Tier.PUBLIC.rank()) {
                tier = Tier.max(tier, demanded);
                reasons.add(t + " -> " + demanded);
            }
        }
        for (Combination c : combinations) {
            if (c.matches(present)) {
                tier = Tier.max(tier, c.tier());
                reasons.add(c.describe() + " -> " + c.tier());
            }
        }
        return new Classification(tier, reasons);
    }

    /**
     * Builds rules from configuration as parsed from YAML or JSON:
     * <pre>
     * types: {CREDIT_CARD: RESTRICTED, US_DRIVER_LICENSE: CONFIDENTIAL}
     * combinations:
     *   - {all: [PERSON], any: [EMAIL_ADDRESS, PHONE_NUMBER, STREET_ADDRESS], tier: CONFIDENTIAL}
     * </pre>
     * Unknown type or tier names are rejected with a message naming the accepted ones.
     */
    public static PiiTierRules fromConfig(Map<String, ?> config) {
        Map<PiiType, Tier> byType = new LinkedHashMap<>();
        Object types = config.get("types");
        if (types != null) {
            if (!(types instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("'types' must map PII types to tiers");
            }
            m.forEach((k, v) -> byType.put(parseType(String.valueOf(k)), Tier.parse(String.valueOf(v))));
        }
        List<Combination> combinations = new ArrayList<>();
        Object combos = config.get("combinations");
        if (combos != null) {
            if (!(combos instanceof List<?> list)) {
                throw new IllegalArgumentException("'combinations' must be a list");
            }
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> c)) {
                    throw new IllegalArgumentException("each combination must have 'all' and/or 'any', and 'tier'");
                }
                combinations.add(new Combination(parseTypes(c.get("all")), parseTypes(c.get("any")),
                        Tier.parse(c.get("tier") == null ? null : String.valueOf(c.get("tier")))));
            }
        }
        Set<String> unknown = new TreeSet<>(config.keySet());
        unknown.removeAll(Set.of("types", "combinations"));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown PII tier rule keys " + unknown + "; expected 'types' and 'combinations'");
        }
        return new PiiTierRules(byType, combinations);
    }

    private static Set<PiiType> parseTypes(Object value) {
        if (value == null) {
            return Set.of();
        }
        if (!(value instanceof Collection<?> c)) {
            return Set.of(parseType(String.valueOf(value)));
        }
        Set<PiiType> out = EnumSet.noneOf(PiiType.class);
        for (Object o : c) {
            out.add(parseType(String.valueOf(o)));
        }
        return out;
    }

    private static PiiType parseType(String name) {
        try {
            return PiiType.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown PII type '" + name + "'; one of " + List.of(PiiType.values()));
        }
    }
}
