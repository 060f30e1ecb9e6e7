package io.gatehouse.policy.routing;

import io.gatehouse.policy.Tier;
import io.gatehouse.policy.pii.PiiType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A routing policy read from a versioned YAML file (format: docs/policy.md). Rules are tried in order;
 * the first whose conditions hold decides. No rule matching means refusal. Immutable and thread-safe:
 * hot reload replaces the whole object (see {@link PolicyStore}).
 */
public final class YamlRoutingPolicy implements RoutingPolicy {

    /** The policy shipped in this jar, used when no policy file is configured. */
    public static final String DEFAULT_RESOURCE = "/gatehouse-policy.yaml";
    static final String NO_RULE = "no-rule-matched";

    private final String text;
    private final String version;
    private final String sha256;
    private final Map<String, Destination> destinations;
    private final Map<PiiType, Tier> piiTiers;
    private final Set<PiiType> restrictedTypes;
    private final List<PolicyRule> rules;

    private YamlRoutingPolicy(String text, PolicyParser.Parsed parsed, Set<PiiType> restrictedTypes) {
        this.text = text;
        this.version = parsed.version();
        this.sha256 = sha256Hex(text);
        this.destinations = Map.copyOf(parsed.destinations());
        this.piiTiers = Map.copyOf(parsed.piiTiers());
        this.restrictedTypes = Set.copyOf(restrictedTypes);
        this.rules = List.copyOf(parsed.rules());
    }

    /** Parses and validates; throws {@link PolicyValidationException} listing every problem with its line. */
    public static YamlRoutingPolicy parse(String yamlText) {
        PolicyParser.Parsed parsed = PolicyParser.parse(yamlText);
        Set<PiiType> restricted = EnumSet.copyOf(SafetyInvariants.RESTRICTED_PII_FLOOR);
        parsed.piiTiers().forEach((type, tier) -> {
            if (tier == Tier.RESTRICTED) {
                restricted.add(type);
            }
        });
        PolicyValidator.validate(parsed, restricted);
        return new YamlRoutingPolicy(yamlText, parsed, restricted);
    }

    public static YamlRoutingPolicy load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read policy file " + file, e);
        }
    }

    public static YamlRoutingPolicy defaultPolicy() {
        return parse(defaultPolicyText());
    }

    public static String defaultPolicyText() {
        try (InputStream in = YamlRoutingPolicy.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("default policy resource " + DEFAULT_RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public RoutingDecision decide(DecisionInput in) {
        String stamp = version();
        for (PolicyRule rule : rules) {
            if (rule.when().matches(in)) {
                return SafetyInvariants.enforce(outcome(rule, in, stamp), in, destinations, restrictedTypes);
            }
        }
        return new RoutingDecision.Refuse(NO_RULE, List.of("no rule of the policy matches this question; refusing"), stamp);
    }

    private static RoutingDecision outcome(PolicyRule rule, DecisionInput in, String stamp) {
        List<String> reasons = new ArrayList<>();
        reasons.add(rule.reason());
        if (rule.route() == Route.REFUSE) {
            return new RoutingDecision.Refuse(rule.name(), reasons, stamp);
        }
        String target = rule.destination();
        if (!in.destinationsUp().contains(target)) {
            reasons.add("destination '" + target + "' is down");
            String fallback = rule.fallback();
            if (fallback == null) {
                reasons.add("the rule names no fallback; refusing");
                return new RoutingDecision.Refuse(rule.name(), reasons, stamp);
            }
            if (!in.destinationsUp().contains(fallback)) {
                reasons.add("fallback '" + fallback + "' is down too; refusing");
                return new RoutingDecision.Refuse(rule.name(), reasons, stamp);
            }
            // The validator guarantees a fallback is on-prem, so a fallback is always an on-prem answer.
            reasons.add("answered on-prem by fallback '" + fallback + "'");
            return new RoutingDecision.OnPrem(fallback, rule.name(), reasons, stamp);
        }
        return switch (rule.route()) {
            case CLOSED_API -> new RoutingDecision.ClosedApi(target, rule.name(), reasons, stamp);
            case CLOSED_API_REDACTED -> new RoutingDecision.ClosedApiRedacted(target, rule.name(), reasons, stamp);
            case ON_PREM -> new RoutingDecision.OnPrem(target, rule.name(), reasons, stamp);
            case REFUSE -> throw new IllegalStateException("handled above");
        };
    }

    /** {@code <version>@sha256:<hex>}: what every decision and audit record carries. */
    @Override
    public String version() {
        return version + "@sha256:" + sha256;
    }

    /** The {@code version:} field of the file. */
    public String declaredVersion() {
        return version;
    }

    /** SHA-256 of the file's exact UTF-8 bytes, lower-case hex. */
    public String sha256() {
        return sha256;
    }

    /** The file as it was loaded, for GET /api/policy. */
    public String text() {
        return text;
    }

    public Map<String, Destination> destinations() {
        return destinations;
    }

    public List<PolicyRule> rules() {
        return rules;
    }

    /** The tier a chunk containing this PII type has at least (PUBLIC when the policy does not classify it). */
    public Tier tierFor(PiiType type) {
        if (SafetyInvariants.RESTRICTED_PII_FLOOR.contains(type)) {
            return Tier.RESTRICTED;
        }
        return piiTiers.getOrDefault(type, Tier.PUBLIC);
    }

    /** PII types that keep a question away from closed APIs. */
    public Set<PiiType> restrictedPiiTypes() {
        return restrictedTypes;
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
