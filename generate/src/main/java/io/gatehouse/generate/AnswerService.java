package io.gatehouse.generate;

import io.gatehouse.embed.Embedder;
import io.gatehouse.index.ChunkIndex;
import io.gatehouse.index.RetrievedChunk;
import io.gatehouse.index.SearchMode;
import io.gatehouse.index.SearchRequest;
import io.gatehouse.policy.Principal;
import io.gatehouse.policy.Tier;
import io.gatehouse.policy.audit.AuditAction;
import io.gatehouse.policy.audit.AuditContent;
import io.gatehouse.policy.audit.AuditText;
import io.gatehouse.policy.audit.AuditEvent;
import io.gatehouse.policy.audit.AuditRecord;
import io.gatehouse.policy.audit.AuditTrail;
import io.gatehouse.policy.routing.DecisionInput;
import io.gatehouse.policy.routing.Route;
import io.gatehouse.policy.routing.RoutingDecision;
import io.gatehouse.policy.routing.RoutingPolicy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The read path: embed the question, retrieve with the asker's clearance filter inside the index,
 * let the policy decide from metadata alone, generate at the destination it names, and audit.
 * A destination whose provenance does not match the decision is never called.
 */
public final class AnswerService {

    private final Embedder embedder;
    private final ChunkIndex index;
    private final Supplier<? extends RoutingPolicy> policy;
    private final Map<String, Destination> destinations;
    private final AuditTrail audit;
    private final int topK;
    private final TextRetention questionText;

    /** How the audit trail keeps a question's text: as asked, or only its keyed hash. */
    public enum TextRetention { STORED, HASH_ONLY }

    public AnswerService(Embedder embedder, ChunkIndex index, Supplier<? extends RoutingPolicy> policy,
                         List<Destination> destinations, AuditTrail audit, int topK, TextRetention questionText) {
        this.embedder = embedder;
        this.index = index;
        this.policy = policy;
        this.destinations = destinations.stream().collect(Collectors.toUnmodifiableMap(Destination::name, d -> d));
        this.audit = audit;
        this.topK = topK;
        this.questionText = questionText;
    }

    /** What retrieval found for a question and what the policy decided, before any generation. */
    public record Routing(List<RetrievedChunk> hits, Tier maxTier, RoutingDecision decision) {
    }

    /** Retrieves and decides exactly as {@link #ask} would, without generating or auditing. */
    public Routing route(Principal asker, String question) {
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("question must not be empty");
        }
        float[] q = embedder.embedQuery(question).vector();
        List<RetrievedChunk> hits = index.search(new SearchRequest(asker, question, q, topK, SearchMode.HYBRID));
        Tier maxTier = hits.stream().map(RetrievedChunk::tier).reduce(Tier.PUBLIC, Tier::max);
        RoutingDecision decision = policy.get().decide(new DecisionInput(asker, maxTier, Set.of(), Set.of(), destinationsUp()));
        return new Routing(hits, maxTier, guardProvenance(decision));
    }

    /** Names of the destinations currently reachable. */
    public Set<String> destinationsUp() {
        return destinations.values().stream().filter(Destination::isUp).map(Destination::name).collect(Collectors.toSet());
    }

    public Answer ask(Principal asker, String question) {
        long started = System.nanoTime();
        Routing routing = route(asker, question);
        List<RetrievedChunk> hits = routing.hits();
        Tier maxTier = routing.maxTier();
        RoutingDecision decision = routing.decision();

        String text;
        String model = null;
        List<Citation> citations = List.of();
        if (decision instanceof RoutingDecision.Refuse refuse) {
            text = "This question cannot be answered: " + String.join("; ", refuse.reasons()) + ".";
        } else {
            List<ContextPassage> passages = new ArrayList<>(hits.size());
            for (int i = 0; i < hits.size(); i++) {
                passages.add(new ContextPassage(i + 1, hits.get(i)));
            }
            GeneratedText out = destinations.get(decision.destination()).generate(new GenerationRequest(question, passages));
            text = out.text();
            model = out.model();
            citations = citationsFor(out.citedPassages(), passages);
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("rule", decision.rule());
        detail.put("reasons", decision.reasons());
        detail.put("policyVersion", decision.policyVersion());
        if (decision.destination() != null) {
            detail.put("destination", decision.destination());
        }
        detail.put("chunks", hits.stream().map(h -> Map.of("id", h.chunkId(), "tier", h.tier().name())).toList());
        detail.put("cited", citations.stream().map(Citation::chunkId).toList());
        detail.put("latencyMs", (System.nanoTime() - started) / 1_000_000);
        if (model != null) {
            detail.put("model", model);
        }
        AuditContent content = new AuditContent(
                questionText == TextRetention.STORED ? AuditText.stored(question) : AuditText.hashOnly(question),
                AuditText.stored(text), AuditText.ABSENT);
        AuditRecord rec = audit.append(new AuditEvent(asker.username(), AuditAction.ASK, null,
                decision.route() == Route.REFUSE ? "REFUSED" : "OK", decision.route(), maxTier, detail, content));
        return new Answer(text, citations, decision, model, rec.id());
    }

    /** Belt and braces: a decision that keeps data on-prem must not name a closed destination, whatever the policy says. */
    private RoutingDecision guardProvenance(RoutingDecision d) {
        if (d instanceof RoutingDecision.Refuse) {
            return d;
        }
        Destination dest = destinations.get(d.destination());
        if (dest == null) {
            return new RoutingDecision.Refuse(d.rule(), List.of("destination '" + d.destination() + "' is not configured"),
                    d.policyVersion());
        }
        if (d.route() == Route.ON_PREM && dest.provenance() != Provenance.ON_PREM) {
            return new RoutingDecision.Refuse(d.rule(), List.of("destination '" + d.destination()
                    + "' is not on-prem but the decision requires on-prem generation"), d.policyVersion());
        }
        return d;
    }

    private static List<Citation> citationsFor(List<Integer> cited, List<ContextPassage> supplied) {
        List<Citation> out = new ArrayList<>();
        for (int n : cited) {
            if (n < 1 || n > supplied.size()) {
                continue; // a model citing a passage it was not given: dropped
            }
            RetrievedChunk c = supplied.get(n - 1).chunk();
            out.add(new Citation(n, c.documentId(), c.documentTitle(), c.page(), c.section(), c.chunkId(), c.ordinal(), c.tier()));
        }
        return out;
    }
}
