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
import io.gatehouse.policy.audit.AuditEvent;
import io.gatehouse.policy.audit.AuditRecord;
import io.gatehouse.policy.audit.AuditText;
import io.gatehouse.policy.audit.AuditTrail;
import io.gatehouse.policy.pii.PiiDetector;
import io.gatehouse.policy.pii.PiiType;
import io.gatehouse.policy.pseudonym.PseudonymSession;
import io.gatehouse.policy.pseudonym.Pseudonymizer;
import io.gatehouse.policy.pseudonym.StreamingRestorer;
import io.gatehouse.policy.routing.DecisionInput;
import io.gatehouse.policy.routing.Provenance;
import io.gatehouse.policy.routing.Route;
import io.gatehouse.policy.routing.RoutingDecision;
import io.gatehouse.policy.routing.RoutingPolicy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The read path: detect PII in the question, embed it, retrieve with the asker's clearance filter inside
 * the index, let the policy decide from metadata alone, pseudonymize when the decision says so, generate
 * at the destination it names, restore, and audit. Guards fail closed: when PII detection or redaction
 * fails, or a destination's provenance does not match the decision, nothing goes to a closed API.
 */
public final class AnswerService {

    /** How the audit trail keeps question and answer text: as is, pseudonymized, or only a keyed hash. */
    public enum TextRetention { STORED, REDACTED, HASH_ONLY }

    /**
     * @param topK            passages retrieved per question
     * @param questionText    how question and answer text are kept in the audit trail
     * @param outboundPayload how the exact body sent to a closed API is kept (STORED or HASH_ONLY)
     */
    public record Settings(int topK, TextRetention questionText, TextRetention outboundPayload) {
        public static Settings defaults(int topK) {
            return new Settings(topK, TextRetention.STORED, TextRetention.STORED);
        }
    }

    /** What retrieval found for a question and what the policy decided, before any generation. */
    public record Routing(List<RetrievedChunk> hits, Tier maxTier, Set<PiiType> questionPii, RoutingDecision decision,
                          String guardFailure) {
    }

    private final Embedder embedder;
    private final ChunkIndex index;
    private final Supplier<? extends RoutingPolicy> policy;
    private final Map<String, Destination> destinations;
    private final AuditTrail audit;
    /** Null without a detector: no question PII is seen, and a redacted route cannot be honoured. */
    private final PiiDetector detector;
    private final Pseudonymizer pseudonymizer;
    private final Settings settings;
    private final SpendBudget spend;

    public AnswerService(Embedder embedder, ChunkIndex index, Supplier<? extends RoutingPolicy> policy,
                         List<Destination> destinations, AuditTrail audit, PiiDetector detector, Settings settings,
                         SpendBudget spend) {
        this.embedder = embedder;
        this.index = index;
        this.policy = policy;
        this.destinations = destinations.stream().collect(Collectors.toUnmodifiableMap(Destination::name, d -> d));
        this.audit = audit;
        this.detector = detector;
        this.pseudonymizer = detector == null ? null : new Pseudonymizer(detector);
        this.settings = settings;
        this.spend = spend;
    }

    /**
     * Without PII detection, for tests of routing and streaming: no question PII is seen, and a decision to
     * pseudonymize is answered on-prem instead (there is nothing to redact with), never sent unredacted.
     */
    AnswerService(Embedder embedder, ChunkIndex index, Supplier<? extends RoutingPolicy> policy,
                  List<Destination> destinations, AuditTrail audit, int topK) {
        this(embedder, index, policy, destinations, audit, null, Settings.defaults(topK), SpendBudget.unlimited());
    }

    AnswerService(Embedder embedder, ChunkIndex index, Supplier<? extends RoutingPolicy> policy,
                  List<Destination> destinations, AuditTrail audit, int topK, SpendBudget spend) {
        this(embedder, index, policy, destinations, audit, null, Settings.defaults(topK), spend);
    }

    /** Retrieves and decides exactly as {@link #ask} would, without generating or auditing. */
    public Routing route(Principal asker, String question) {
        if (question == null || question.isBlank()) {
            throw new IllegalArgumentException("question must not be empty");
        }
        String guardFailure = null;
        Set<PiiType> questionPii = EnumSet.noneOf(PiiType.class);
        try {
            if (detector != null) {
                detector.analyze(question).forEach(s -> questionPii.add(s.type()));
            }
        } catch (RuntimeException e) {
            guardFailure = "PII detection failed on the question (" + e.getClass().getSimpleName() + ")";
        }
        float[] q = embedder.embedQuery(question).vector();
        List<RetrievedChunk> hits = index.search(new SearchRequest(asker, question, q, settings.topK(), SearchMode.HYBRID));
        Tier maxTier = hits.stream().map(RetrievedChunk::tier).reduce(Tier.PUBLIC, Tier::max);
        Set<PiiType> contextPii = EnumSet.noneOf(PiiType.class);
        for (RetrievedChunk h : hits) {
            for (String t : h.piiTypes()) {
                try {
                    contextPii.add(PiiType.valueOf(t));
                } catch (IllegalArgumentException ignored) {
                    // a type this version does not know cannot match a rule
                }
            }
        }
        Set<String> up = destinationsUp(asker);
        RoutingDecision decision = policy.get().decide(new DecisionInput(asker, maxTier, questionPii, contextPii, up));
        decision = guardProvenance(decision);
        if (guardFailure != null) {
            decision = keepInside(decision, guardFailure, up);
        }
        return new Routing(hits, maxTier, questionPii, decision, guardFailure);
    }

    /** Names of the destinations currently reachable. */
    public Set<String> destinationsUp() {
        return destinations.values().stream().filter(Destination::isUp).map(Destination::name).collect(Collectors.toSet());
    }

    private Set<String> destinationsUp(Principal asker) {
        boolean overBudget = spend.exhausted(asker.username()).isPresent();
        return destinations.values().stream().filter(Destination::isUp)
                .filter(d -> !overBudget || d.provenance() != Provenance.CLOSED) // spent: nothing more goes out
                .map(Destination::name).collect(Collectors.toSet());
    }

    public Answer ask(Principal asker, String question) {
        return ask(asker, question, AnswerListener.NONE, new Cancellation());
    }

    /**
     * Answers while reporting progress to {@code listener}: the decision before generation starts, then
     * each token (restored, when the prompt was pseudonymized). {@code cancellation} (the client went
     * away) stops generation upstream; the partial answer is audited as CANCELLED. A destination failure
     * is audited as FAILED and thrown as {@link AnswerFailedException}.
     */
    public Answer ask(Principal asker, String question, AnswerListener listener, Cancellation cancellation) {
        long started = System.nanoTime();
        Routing routing = route(asker, question);
        List<RetrievedChunk> hits = routing.hits();
        RoutingDecision decision = routing.decision();
        List<ContextPassage> passages = new ArrayList<>(hits.size());
        for (int i = 0; i < hits.size(); i++) {
            passages.add(new ContextPassage(i + 1, hits.get(i)));
        }
        GenerationRequest request = new GenerationRequest(question, passages);
        PseudonymSession session = null;
        String guardFailure = routing.guardFailure();
        if (decision instanceof RoutingDecision.ClosedApiRedacted && pseudonymizer == null) {
            guardFailure = "no PII detector is configured to pseudonymize with";
            decision = keepInside(decision, guardFailure, destinationsUp(asker));
        }
        if (decision instanceof RoutingDecision.ClosedApiRedacted) {
            try {
                session = pseudonymizer.open();
                request = redact(session, request);
            } catch (RuntimeException e) {
                if (session != null) {
                    session.close();
                    session = null;
                }
                guardFailure = "pseudonymization failed (" + e.getClass().getSimpleName() + ")";
                decision = keepInside(decision, guardFailure, destinationsUp(asker));
                request = new GenerationRequest(question, passages);
            }
        }
        listener.onDecision(decision);

        String text;
        List<Citation> citations = List.of();
        GeneratedText out = null;
        DestinationException failure = null;
        String payload = null;
        try {
            if (decision instanceof RoutingDecision.Refuse refuse) {
                text = "This question cannot be answered: " + String.join("; ", refuse.reasons()) + ".";
            } else {
                Destination destination = destinations.get(decision.destination());
                if (destination.provenance() == Provenance.CLOSED) {
                    payload = destination.outboundPayload(request).orElse(null);
                }
                try {
                    TokenSink sink = listener::onToken;
                    StreamingRestorer restorer = session == null ? null : session.restorer();
                    if (restorer != null) {
                        sink = token -> {
                            String restored = restorer.accept(token);
                            if (!restored.isEmpty()) {
                                listener.onToken(restored);
                            }
                        };
                    }
                    out = destination.stream(request, sink, cancellation);
                    if (restorer != null) {
                        String tail = restorer.finish();
                        if (!tail.isEmpty()) {
                            listener.onToken(tail);
                        }
                    }
                    if (destination.provenance() == Provenance.CLOSED) {
                        spend.record(asker.username(), out.estimatedCost());
                    }
                    text = session == null ? out.text() : session.restore(out.text());
                    citations = citationsFor(out.citedPassages(), passages);
                } catch (DestinationException e) {
                    failure = e;
                    text = null;
                }
            }
        } finally {
            if (session != null) {
                session.close(); // the placeholder map lives for this request only
            }
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("rule", decision.rule());
        detail.put("reasons", decision.reasons());
        detail.put("policyVersion", decision.policyVersion());
        if (decision.destination() != null) {
            detail.put("destination", decision.destination());
        }
        detail.put("chunks", hits.stream().map(h -> Map.of("id", h.chunkId(), "tier", h.tier().name())).toList());
        detail.put("questionPii", routing.questionPii().stream().map(Enum::name).sorted().toList());
        detail.put("cited", citations.stream().map(Citation::chunkId).toList());
        if (guardFailure != null) {
            detail.put("guardFailure", guardFailure);
        }
        if (out != null) {
            detail.put("model", out.model());
            detail.put("promptTokens", out.usage().promptTokens());
            detail.put("completionTokens", out.usage().completionTokens());
            detail.put("tokensReportedByModel", out.usage().reportedByModel());
            detail.put("estimatedCost", out.estimatedCost().toPlainString());
            detail.put("stopReason", out.stopReason().name());
        }
        spend.exhausted(asker.username()).ifPresent(why -> detail.put("closedApiBudget", why));
        if (failure != null) {
            detail.put("failure", failure.failure().kind().name());
            detail.put("failedAfterTokens", failure.partial());
        }
        detail.put("latencyMs", (System.nanoTime() - started) / 1_000_000);
        String outcome = decision.route() == Route.REFUSE ? "REFUSED"
                : failure != null ? "FAILED"
                : out.stopReason() == StopReason.CANCELLED ? "CANCELLED" : "OK";
        AuditContent content = new AuditContent(retain(question, settings.questionText()),
                text == null ? AuditText.ABSENT : retain(text, settings.questionText()),
                payload == null ? AuditText.ABSENT
                        : settings.outboundPayload() == TextRetention.HASH_ONLY ? AuditText.hashOnly(payload) : AuditText.stored(payload));
        AuditRecord rec = audit.append(new AuditEvent(asker.username(), AuditAction.ASK, null, outcome, decision.route(),
                routing.maxTier(), detail, content));
        if (failure != null) {
            throw new AnswerFailedException(failure, decision, rec.id());
        }
        return new Answer(text, citations, decision, out == null ? null : out.model(), rec.id());
    }

    /** Question and every passage with their PII replaced by placeholders that are stable within the request. */
    private static GenerationRequest redact(PseudonymSession session, GenerationRequest request) {
        String question = session.redact(request.question());
        List<ContextPassage> redacted = new ArrayList<>(request.passages().size());
        for (ContextPassage p : request.passages()) {
            RetrievedChunk c = p.chunk();
            redacted.add(new ContextPassage(p.number(), new RetrievedChunk(c.chunkId(), c.documentId(),
                    session.redact(c.documentTitle()), c.ordinal(), c.page(), session.redact(c.section()),
                    session.redact(c.text()), c.tier(), c.groups(), c.piiTypes(), c.score(), c.rank())));
        }
        return new GenerationRequest(question, redacted);
    }

    private AuditText retain(String text, TextRetention retention) {
        return switch (retention) {
            case STORED -> AuditText.stored(text);
            case HASH_ONLY -> AuditText.hashOnly(text);
            case REDACTED -> {
                if (pseudonymizer == null) {
                    yield AuditText.hashOnly(text);
                }
                try (PseudonymSession s = pseudonymizer.open()) {
                    yield AuditText.stored(s.redact(text));
                } catch (RuntimeException e) {
                    yield AuditText.hashOnly(text); // cannot redact: keep only the hash
                }
            }
        };
    }

    /**
     * Fail closed: a decision that would send anything to a closed API becomes an on-prem answer (the first
     * on-prem destination that is up) or a refusal, with the reason recorded.
     */
    private RoutingDecision keepInside(RoutingDecision d, String why, Set<String> up) {
        if (d.route() != Route.CLOSED_API && d.route() != Route.CLOSED_API_REDACTED) {
            return d;
        }
        List<String> reasons = new ArrayList<>(d.reasons());
        reasons.add(why + "; nothing may leave the perimeter");
        Optional<Destination> onPrem = destinations.values().stream()
                .filter(x -> x.provenance() == Provenance.ON_PREM && up.contains(x.name()))
                .sorted((a, b) -> a.name().compareTo(b.name())).findFirst();
        if (onPrem.isPresent()) {
            reasons.add("answered on-prem by '" + onPrem.get().name() + "'");
            return new RoutingDecision.OnPrem(onPrem.get().name(), d.rule(), reasons, d.policyVersion());
        }
        reasons.add("no on-prem destination is up; refusing");
        return new RoutingDecision.Refuse(d.rule(), reasons, d.policyVersion());
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
