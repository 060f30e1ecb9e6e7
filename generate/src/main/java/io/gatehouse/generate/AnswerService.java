package io.gatehouse.generate;

import io.gatehouse.embed.Embedder;
import io.gatehouse.index.ChunkIndex;
import io.gatehouse.index.RetrievedChunk;
import io.gatehouse.index.SearchMode;
import io.gatehouse.index.SearchRequest;
import io.gatehouse.policy.Principal;
import io.gatehouse.policy.Tier;
import io.gatehouse.policy.audit.AuditAction;
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
import java.util.Optional;
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
    private final Supplier<RoutingPolicy> policy;
    private final Map<String, Destination> destinations;
    private final AuditTrail audit;
    private final int topK;
    private final SpendBudget spend;

    public AnswerService(Embedder embedder, ChunkIndex index, Supplier<RoutingPolicy> policy,
                         List<Destination> destinations, AuditTrail audit, int topK) {
        this(embedder, index, policy, destinations, audit, topK, SpendBudget.unlimited());
    }

    public AnswerService(Embedder embedder, ChunkIndex index, Supplier<RoutingPolicy> policy,
                         List<Destination> destinations, AuditTrail audit, int topK, SpendBudget spend) {
        this.spend = spend;
        this.embedder = embedder;
        this.index = index;
        this.policy = policy;
        this.destinations = destinations.stream().collect(Collectors.toUnmodifiableMap(Destination::name, d -> d));
        this.audit = audit;
        this.topK = topK;
    }

    public Answer ask(Principal asker, String question) {
        return ask(asker, question, AnswerListener.NONE, new Cancellation());
    }

    /**
     * Answers while reporting progress to {@code listener}: the decision before generation starts, then
     * each token. {@code cancellation} (the client went away) stops generation upstream; the partial
     * answer is audited as CANCELLED. A destination failure is audited as FAILED and thrown as
     * {@link AnswerFailedException}.
     */
    public Answer ask(Principal asker, String question, AnswerListener listener, Cancellation cancellation) {
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("question must not be empty");
        }
        long started = System.nanoTime();
        float[] q = embedder.embedQuery(question).vector();
        List<RetrievedChunk> hits = index.search(new SearchRequest(asker, question, q, topK, SearchMode.HYBRID));
        Tier maxTier = hits.stream().map(RetrievedChunk::tier).reduce(Tier.PUBLIC, Tier::max);
        Optional<String> overBudget = spend.exhausted(asker.username());
        Set<String> up = destinations.values().stream().filter(Destination::isUp)
                .filter(d -> overBudget.isEmpty() || d.provenance() != Provenance.CLOSED) // spent: nothing more goes out
                .map(Destination::name).collect(Collectors.toSet());
        RoutingDecision decision = policy.get().decide(new DecisionInput(asker, maxTier, Set.of(), Set.of(), up));
        decision = guardProvenance(decision);

        listener.onDecision(decision);

        String text;
        String model = null;
        List<Citation> citations = List.of();
        GeneratedText out = null;
        DestinationException failure = null;
        if (decision instanceof RoutingDecision.Refuse refuse) {
            text = "This question cannot be answered: " + String.join("; ", refuse.reasons()) + ".";
        } else {
            List<ContextPassage> passages = new ArrayList<>(hits.size());
            for (int i = 0; i < hits.size(); i++) {
                passages.add(new ContextPassage(i + 1, hits.get(i)));
            }
            try {
                Destination destination = destinations.get(decision.destination());
                out = destination.stream(new GenerationRequest(question, passages), listener::onToken, cancellation);
                if (destination.provenance() == Provenance.CLOSED) {
                    spend.record(asker.username(), out.estimatedCost());
                }
                text = out.text();
                model = out.model();
                citations = citationsFor(out.citedPassages(), passages);
            } catch (DestinationException e) {
                failure = e;
                text = null;
            }
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("question", question);
        detail.put("rule", decision.rule());
        detail.put("reasons", decision.reasons());
        detail.put("policyVersion", decision.policyVersion());
        if (decision.destination() != null) {
            detail.put("destination", decision.destination());
        }
        detail.put("chunks", hits.stream().map(h -> Map.of("id", h.chunkId(), "tier", h.tier().name())).toList());
        detail.put("cited", citations.stream().map(Citation::chunkId).toList());
        if (out != null) {
            detail.put("model", out.model());
            detail.put("promptTokens", out.usage().promptTokens());
            detail.put("completionTokens", out.usage().completionTokens());
            detail.put("tokensReportedByModel", out.usage().reportedByModel());
            detail.put("estimatedCost", out.estimatedCost().toPlainString());
            detail.put("stopReason", out.stopReason().name());
        }
        overBudget.ifPresent(why -> detail.put("closedApiBudget", why));
        if (failure != null) {
            detail.put("failure", failure.failure().kind().name());
            detail.put("failedAfterTokens", failure.partial());
        }
        detail.put("latencyMs", (System.nanoTime() - started) / 1_000_000);
        String outcome = decision.route() == Route.REFUSE ? "REFUSED"
                : failure != null ? "FAILED"
                : out.stopReason() == StopReason.CANCELLED ? "CANCELLED" : "OK";
        AuditRecord rec = audit.append(new AuditEvent(asker.username(), AuditAction.ASK, null, outcome, decision.route(),
                maxTier, detail));
        if (failure != null) {
            throw new AnswerFailedException(failure, decision, rec.id());
        }
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
