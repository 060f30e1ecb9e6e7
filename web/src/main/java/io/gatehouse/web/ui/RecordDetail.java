package io.gatehouse.web.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gatehouse.policy.audit.AuditAction;
import io.gatehouse.policy.audit.AuditRecord;
import io.gatehouse.policy.audit.StoredText;
import io.gatehouse.policy.routing.Route;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One audit record made readable: the routing decision (rule, reasons, destination) and the chunks an
 * answer used, taken out of the detail JSON as {@code AnswerService} writes it; every other detail field as
 * a fact; and the content fields with what is known about each (stored, hash only, absent).
 *
 * @param facts    detail fields other than the decision and the chunks, values made readable
 * @param detail   the whole detail JSON, pretty-printed
 * @param outbound exactly what left the perimeter, or why nothing is shown
 */
public record RecordDetail(String rule, List<String> reasons, String destination, String policyVersion,
                           List<ChunkUse> chunks, List<Fact> facts, String detail,
                           Content question, Content answer, Content outbound) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Shown in their own sections, not again among the facts. */
    private static final Set<String> DECISION_FIELDS = Set.of("rule", "reasons", "destination", "policyVersion", "chunks", "cited");

    /** A chunk the answer was built from, its tier, and whether the answer cited it. */
    public record ChunkUse(String id, String tier, String tierCss, boolean cited) {
    }

    public record Fact(String name, String value, boolean block) {
    }

    /**
     * A content field. {@code state}: STORED (text shown), HASH_ONLY (the text was not kept: hash-only policy
     * or retention), ABSENT (there never was such content).
     */
    public record Content(State state, String text, String hash) {
        public enum State { STORED, HASH_ONLY, ABSENT }

        static Content of(StoredText t, boolean prettyJson) {
            if (!t.present()) {
                return new Content(State.ABSENT, null, null);
            }
            if (t.text() == null) {
                return new Content(State.HASH_ONLY, null, t.hash());
            }
            return new Content(State.STORED, prettyJson ? pretty(t.text()) : t.text(), t.hash());
        }

        public boolean stored() {
            return state == State.STORED;
        }

        public boolean hashOnly() {
            return state == State.HASH_ONLY;
        }

        public boolean absent() {
            return state == State.ABSENT;
        }
    }

    static RecordDetail of(AuditRecord r) {
        JsonNode d = parse(r.detailJson());
        Set<String> cited = new HashSet<>();
        d.path("cited").forEach(c -> cited.add(c.asText()));
        List<ChunkUse> chunks = new ArrayList<>();
        for (JsonNode c : d.path("chunks")) {
            String tier = c.path("tier").asText("");
            chunks.add(new ChunkUse(c.path("id").asText(""), tier, "tier-" + tier.toLowerCase(Locale.ROOT),
                    cited.contains(c.path("id").asText(""))));
        }
        List<String> reasons = new ArrayList<>();
        d.path("reasons").forEach(x -> reasons.add(x.isValueNode() ? x.asText() : x.toString()));
        List<Fact> facts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : d.properties()) {
            if (r.action() == AuditAction.ASK && DECISION_FIELDS.contains(e.getKey())) {
                continue;
            }
            facts.add(fact(e.getKey(), e.getValue()));
        }
        return new RecordDetail(text(d, "rule"), List.copyOf(reasons), text(d, "destination"), text(d, "policyVersion"),
                List.copyOf(chunks), List.copyOf(facts), pretty(r.detailJson()),
                Content.of(r.question(), false), Content.of(r.answer(), false), Content.of(r.outboundPayload(), true));
    }

    /** True when the record is an answer that stayed inside (on-prem or refused): nothing can have left. */
    static boolean stayedInside(AuditRecord r) {
        return r.route() == Route.ON_PREM || r.route() == Route.REFUSE;
    }

    private static Fact fact(String name, JsonNode v) {
        if (v.isValueNode() || v.isNull()) {
            return new Fact(name, v.isNull() ? "null" : v.asText(), false);
        }
        if (v.isArray()) {
            boolean scalars = true;
            List<String> items = new ArrayList<>();
            for (JsonNode x : v) {
                scalars &= x.isValueNode();
                items.add(x.asText());
            }
            if (scalars) {
                return new Fact(name, items.isEmpty() ? "(none)" : String.join(", ", items), false);
            }
        }
        return new Fact(name, pretty(v), true);
    }

    private static String text(JsonNode d, String field) {
        JsonNode v = d.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static JsonNode parse(String json) {
        try {
            JsonNode n = JSON.readTree(json == null ? "{}" : json);
            return n == null || !n.isObject() ? JSON.createObjectNode() : n;
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }

    /** {@code text} indented when it is JSON, as it is otherwise. */
    static String pretty(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return n == null || n.isValueNode() ? text : JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            return text;
        }
    }

    private static String pretty(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            return n.toString();
        }
    }
}
