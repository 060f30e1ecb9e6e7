package io.gatehouse.policy.routing;

import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;
import io.gatehouse.policy.pii.PiiType;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a policy file from SnakeYAML's node tree (not its object constructor), so every value keeps its
 * line number for messages and no YAML tag can instantiate anything. Collects every problem it finds
 * instead of stopping at the first, then {@link PolicyValidator} checks the meaning.
 */
final class PolicyParser {

    static final int MAX_POLICY_CHARS = 1_000_000;

    private static final Set<String> TOP_KEYS = Set.of("version", "description", "destinations", "pii-tiers", "rules");
    private static final Set<String> DESTINATION_KEYS = Set.of("name", "provenance", "description");
    private static final Set<String> RULE_KEYS = Set.of("name", "when", "route", "destination", "fallback", "reason");
    private static final Set<String> WHEN_KEYS = Set.of("context-tier", "context-tier-at-least", "context-tier-at-most",
            "question-pii", "question-pii-none", "context-pii", "context-pii-none", "asker-role", "asker-clearance",
            "asker-clearance-at-least", "asker-clearance-at-most", "asker-group", "up", "down");

    /** What the file says, before its meaning is checked. */
    record Parsed(String version, Map<String, Destination> destinations, Map<String, Integer> destinationLines,
                  Map<PiiType, Tier> piiTiers, Map<PiiType, Integer> piiTierLines, List<PolicyRule> rules,
                  List<Map<String, Integer>> ruleFieldLines) {

        /** The line of a rule's field ("destination", "when.up", ...), or of the rule when the field is absent. */
        int line(int rule, String field) {
            return ruleFieldLines.get(rule).getOrDefault(field, rules.get(rule).line());
        }
    }

    private final List<PolicyProblem> problems = new ArrayList<>();
    /** PII types the policy classifies RESTRICTED; resolved before rules so "restricted" can be expanded. */
    private Set<PiiType> restrictedTypes = EnumSet.noneOf(PiiType.class);

    static Parsed parse(String text) {
        return new PolicyParser().run(text);
    }

    private Parsed run(String text) {
        if (text == null || text.isBlank()) {
            throw fail(0, "(file)", "the policy is empty");
        }
        if (text.length() > MAX_POLICY_CHARS) {
            throw fail(0, "(file)", "the policy is larger than " + MAX_POLICY_CHARS + " characters");
        }
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            options.setAllowRecursiveKeys(false);
            options.setCodePointLimit(MAX_POLICY_CHARS * 2);
            root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark();
            throw fail(m == null ? 0 : m.getLine() + 1, "(syntax)", "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw fail(0, "(syntax)", "not valid YAML: " + e.getMessage());
        }
        if (!(root instanceof MappingNode top)) {
            throw fail(root == null ? 0 : line(root), "(file)", "the policy must be a mapping with version, destinations and rules");
        }
        Map<String, Node> fields = fields(top, "", TOP_KEYS);
        String version = requiredScalar(fields, top, "version", "version");
        Map<String, Destination> destinations = new LinkedHashMap<>();
        Map<String, Integer> destinationLines = new LinkedHashMap<>();
        readDestinations(fields.get("destinations"), top, destinations, destinationLines);
        Map<PiiType, Tier> piiTiers = new EnumMap<>(PiiType.class);
        Map<PiiType, Integer> piiTierLines = new EnumMap<>(PiiType.class);
        readPiiTiers(fields.get("pii-tiers"), piiTiers, piiTierLines);
        restrictedTypes = EnumSet.noneOf(PiiType.class);
        restrictedTypes.addAll(SafetyInvariants.RESTRICTED_PII_FLOOR);
        piiTiers.forEach((type, tier) -> {
            if (tier == Tier.RESTRICTED) {
                restrictedTypes.add(type);
            }
        });
        List<Map<String, Integer>> ruleFieldLines = new ArrayList<>();
        List<PolicyRule> rules = readRules(fields.get("rules"), top, ruleFieldLines);
        if (!problems.isEmpty()) {
            throw new PolicyValidationException(problems);
        }
        return new Parsed(version, destinations, destinationLines, piiTiers, piiTierLines, rules, ruleFieldLines);
    }

    private void readDestinations(Node node, Node parent, Map<String, Destination> out, Map<String, Integer> lines) {
        if (node == null) {
            problem(line(parent), "destinations", "is required: a list of {name, provenance}");
            return;
        }
        if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            problem(line(node), "destinations", "must be a non-empty list of {name, provenance}");
            return;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            String path = "destinations[" + i + "]";
            Node item = seq.getValue().get(i);
            if (!(item instanceof MappingNode map)) {
                problem(line(item), path, "must be a mapping with name and provenance");
                continue;
            }
            Map<String, Node> f = fields(map, path + ".", DESTINATION_KEYS);
            String name = requiredScalar(f, map, "name", path + ".name");
            String prov = requiredScalar(f, map, "provenance", path + ".provenance");
            Provenance provenance = null;
            if (prov != null) {
                provenance = switch (prov.trim().toLowerCase(Locale.ROOT)) {
                    case "on-prem", "on_prem", "onprem" -> Provenance.ON_PREM;
                    case "closed" -> Provenance.CLOSED;
                    default -> {
                        problem(line(f.get("provenance")), path + ".provenance", "must be 'on-prem' or 'closed', not '" + prov + "'");
                        yield null;
                    }
                };
            }
            if (name != null && out.containsKey(name)) {
                problem(line(f.get("name")), path + ".name", "destination '" + name + "' is declared twice (first at line "
                        + lines.get(name) + ")");
            } else if (name != null && provenance != null) {
                out.put(name, new Destination(name, provenance));
                lines.put(name, line(f.get("name")));
            }
        }
    }

    private void readPiiTiers(Node node, Map<PiiType, Tier> out, Map<PiiType, Integer> lines) {
        if (node == null) {
            return;
        }
        if (!(node instanceof MappingNode map)) {
            problem(line(node), "pii-tiers", "must be a mapping from PII type to tier");
            return;
        }
        for (NodeTuple t : map.getValue()) {
            String key = scalarText(t.getKeyNode());
            String path = "pii-tiers." + key;
            PiiType type = parseEnum(PiiType.class, key, t.getKeyNode(), path);
            Tier tier = parseTier(t.getValueNode(), path);
            if (type != null && out.containsKey(type)) {
                problem(line(t.getKeyNode()), path, "PII type listed twice");
            } else if (type != null && tier != null) {
                out.put(type, tier);
                lines.put(type, line(t.getKeyNode()));
            }
        }
    }

    private List<PolicyRule> readRules(Node node, Node parent, List<Map<String, Integer>> fieldLines) {
        List<PolicyRule> rules = new ArrayList<>();
        if (node == null) {
            problem(line(parent), "rules", "is required: an ordered list of rules");
            return rules;
        }
        if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            problem(line(node), "rules", "must be a non-empty list of rules");
            return rules;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            String path = "rules[" + i + "]";
            Node item = seq.getValue().get(i);
            if (!(item instanceof MappingNode map)) {
                problem(line(item), path, "must be a mapping with name, when, route, destination and reason");
                continue;
            }
            int before = problems.size();
            Map<String, Node> f = fields(map, path + ".", RULE_KEYS);
            String name = requiredScalar(f, map, "name", path + ".name");
            Node routeNode = f.get("route");
            Route route = null;
            if (routeNode == null) {
                problem(line(map), path + ".route", "is required: one of " + Arrays.toString(Route.values()));
            } else {
                route = parseEnum(Route.class, scalarText(routeNode), routeNode, path + ".route");
            }
            String destination = optionalScalar(f, "destination", path + ".destination");
            String fallback = optionalScalar(f, "fallback", path + ".fallback");
            String reason = requiredScalar(f, map, "reason", path + ".reason");
            Map<String, Integer> lines = new LinkedHashMap<>();
            f.forEach((k, n) -> lines.put(k, line(n)));
            RuleConditions when = f.containsKey("when") ? readWhen(f.get("when"), path + ".when", lines) : RuleConditions.always();
            if (problems.size() == before) {
                rules.add(new PolicyRule(name, line(map), when, route, destination, fallback, reason));
                fieldLines.add(lines);
            }
        }
        return rules;
    }

    private RuleConditions readWhen(Node node, String path, Map<String, Integer> lines) {
        if (!(node instanceof MappingNode map)) {
            problem(line(node), path, "must be a mapping of conditions");
            return RuleConditions.always();
        }
        Map<String, Node> f = fields(map, path + ".", WHEN_KEYS);
        f.forEach((k, n) -> lines.put("when." + k, line(n)));
        Set<Tier> contextTiers = tierRange(f, path, "context-tier");
        Set<Tier> clearances = tierRange(f, path, "asker-clearance");
        return new RuleConditions(contextTiers,
                piiList(f.get("question-pii"), path + ".question-pii"),
                piiList(f.get("question-pii-none"), path + ".question-pii-none"),
                piiList(f.get("context-pii"), path + ".context-pii"),
                piiList(f.get("context-pii-none"), path + ".context-pii-none"),
                list(f.get("asker-role"), path + ".asker-role", (n, p) -> parseEnum(Role.class, scalarText(n), n, p)),
                clearances,
                list(f.get("asker-group"), path + ".asker-group", (n, p) -> nonBlank(n, p)),
                list(f.get("up"), path + ".up", (n, p) -> nonBlank(n, p)),
                list(f.get("down"), path + ".down", (n, p) -> nonBlank(n, p)));
    }

    /** {@code X} (a list of tiers), {@code X-at-least} and {@code X-at-most}, intersected. */
    private Set<Tier> tierRange(Map<String, Node> f, String path, String key) {
        Set<Tier> tiers = EnumSet.allOf(Tier.class);
        if (f.containsKey(key)) {
            Set<Tier> listed = list(f.get(key), path + "." + key, (n, p) -> parseTier(n, p));
            if (!listed.isEmpty()) {
                tiers.retainAll(listed);
            }
        }
        if (f.containsKey(key + "-at-least")) {
            Tier min = parseTier(f.get(key + "-at-least"), path + "." + key + "-at-least");
            if (min != null) {
                tiers.removeIf(t -> t.rank() < min.rank());
            }
        }
        if (f.containsKey(key + "-at-most")) {
            Tier max = parseTier(f.get(key + "-at-most"), path + "." + key + "-at-most");
            if (max != null) {
                tiers.removeIf(t -> t.rank() > max.rank());
            }
        }
        return tiers;
    }

    /** A list of PII types; {@code restricted} stands for every type the policy classifies RESTRICTED, {@code any} for all. */
    private Set<PiiType> piiList(Node node, String path) {
        Set<PiiType> out = EnumSet.noneOf(PiiType.class);
        for (Set<PiiType> s : list(node, path, (n, p) -> {
            String v = scalarText(n);
            if ("restricted".equalsIgnoreCase(v)) {
                return EnumSet.copyOf(restrictedTypes);
            }
            if ("any".equalsIgnoreCase(v)) {
                return EnumSet.allOf(PiiType.class);
            }
            PiiType t = parseEnum(PiiType.class, v, n, p);
            return t == null ? null : EnumSet.of(t);
        })) {
            out.addAll(s);
        }
        return out;
    }

    private interface ItemReader<T> {
        T read(Node node, String path);
    }

    /** Absent gives an empty set; a present list must be non-empty (an empty any-of would match nothing). */
    private <T> Set<T> list(Node node, String path, ItemReader<T> reader) {
        Set<T> out = new LinkedHashSet<>();
        if (node == null) {
            return out;
        }
        List<Node> items;
        if (node instanceof SequenceNode seq) {
            items = seq.getValue();
        } else if (node instanceof ScalarNode) {
            items = List.of(node);
        } else {
            problem(line(node), path, "must be a list");
            return out;
        }
        if (items.isEmpty()) {
            problem(line(node), path, "must not be an empty list (leave the condition out instead)");
        }
        for (int i = 0; i < items.size(); i++) {
            T v = reader.read(items.get(i), path + "[" + i + "]");
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    private Tier parseTier(Node node, String path) {
        String v = scalarText(node);
        if (v == null) {
            problem(line(node), path, "must be a tier: one of " + Tier.names());
            return null;
        }
        try {
            return Tier.parse(v);
        } catch (IllegalArgumentException e) {
            problem(line(node), path, e.getMessage());
            return null;
        }
    }

    private <E extends Enum<E>> E parseEnum(Class<E> type, String value, Node node, String path) {
        if (value != null) {
            String norm = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(norm)) {
                    return e;
                }
            }
        }
        problem(line(node), path, "unknown value '" + value + "'; one of " + Arrays.toString(type.getEnumConstants()));
        return null;
    }

    private String nonBlank(Node node, String path) {
        String v = scalarText(node);
        if (v == null || v.isBlank()) {
            problem(line(node), path, "must be a non-empty string");
            return null;
        }
        return v.trim();
    }

    /** The mapping's entries by key; unknown and repeated keys are problems (a typo must not silently drop a condition). */
    private Map<String, Node> fields(MappingNode map, String prefix, Set<String> allowed) {
        Map<String, Node> out = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : map.getValue()) {
            String key = scalarText(t.getKeyNode());
            if (key == null) {
                problem(line(t.getKeyNode()), prefix + "?", "keys must be plain strings");
                continue;
            }
            if (!seen.add(key)) {
                problem(line(t.getKeyNode()), prefix + key, "appears twice");
                continue;
            }
            if (!allowed.contains(key)) {
                problem(line(t.getKeyNode()), prefix + key, "unknown field; expected one of " + new java.util.TreeSet<>(allowed));
                continue;
            }
            out.put(key, t.getValueNode());
        }
        return out;
    }

    private String requiredScalar(Map<String, Node> f, Node parent, String key, String path) {
        Node n = f.get(key);
        if (n == null) {
            problem(line(parent), path, "is required");
            return null;
        }
        return nonBlank(n, path);
    }

    private String optionalScalar(Map<String, Node> f, String key, String path) {
        Node n = f.get(key);
        return n == null ? null : nonBlank(n, path);
    }

    private static String scalarText(Node n) {
        return n instanceof ScalarNode s ? s.getValue() : null;
    }

    static int line(Node n) {
        return n == null || n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }

    private void problem(int line, String field, String message) {
        problems.add(new PolicyProblem(line, field, message));
    }

    private static PolicyValidationException fail(int line, String field, String message) {
        return new PolicyValidationException(List.of(new PolicyProblem(line, field, message)));
    }
}
