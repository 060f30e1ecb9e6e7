package io.gatehouse.generate;

import io.gatehouse.policy.routing.Provenance;
import io.gatehouse.embed.EmbeddingModelSpec;
import io.gatehouse.embed.OnnxEmbedder;
import io.gatehouse.index.ChunkRecord;
import io.gatehouse.index.LuceneChunkIndex;
import io.gatehouse.index.RankFusion;
import io.gatehouse.policy.Principal;
import io.gatehouse.policy.Role;
import io.gatehouse.policy.Tier;
import io.gatehouse.policy.audit.AuditQuery;
import io.gatehouse.policy.audit.AuditRecord;
import io.gatehouse.policy.audit.JdbcAuditTrail;
import io.gatehouse.policy.routing.Route;
import io.gatehouse.policy.routing.TierRoutingTable;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The read path with streaming, on real components: ONNX embeddings, a Lucene index, the audit trail
 * on H2, and a closed destination faked by a local server speaking OpenAI's wire format.
 */
class AnswerServiceStreamingTest {

    private static final String ON_PREM = "on-prem";

    private static final String CANARY = "CANARY-GULL-4411";
    private static OnnxEmbedder embedder;

    @TempDir
    Path dir;
    private LuceneChunkIndex index;
    private JdbcAuditTrail audit;
    private FakeModelServer server;
    private Destination openai;
    private AnswerService answers;
    private final Principal staff = new Principal("sam", Set.of(Role.STAFF), Tier.INTERNAL, Set.of());

    @BeforeAll
    static void loadEmbedder() {
        embedder = OnnxEmbedder.open(EmbeddingModelSpec.bgeSmallEnV15());
    }

    @AfterAll
    static void closeEmbedder() {
        embedder.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        index = LuceneChunkIndex.open(dir.resolve("index"), embedder.identity().id(), embedder.dimension(), RankFusion.DEFAULT);
        String text = "The ferry to Gull Island leaves at 06:45 from pier nine. Harbour code " + CANARY + ".";
        index.replaceDocument("d1", List.of(new ChunkRecord("d1#0", "d1", "Ferry timetable", 0, 3, "", 0, text.length(), text,
                embedder.embedDocuments(List.of(text)).getFirst().vector(), Tier.PUBLIC, Set.of(), Set.of())));
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        org.flywaydb.core.Flyway.configure().dataSource(ds)
                .locations(io.gatehouse.policy.audit.AuditSchema.migrationLocations(ds).toArray(String[]::new)).load().migrate();
        audit = new JdbcAuditTrail(ds, io.gatehouse.policy.audit.AuditKey.random(), Clock.systemUTC());
        server = new FakeModelServer("/v1/chat/completions");
        openai = new DestinationFactory().create(new OpenAiCompatibleConfig("openai", Provenance.CLOSED,
                URI.create(server.base() + "/v1"), "gpt-test", new ApiKeySource.Environment("K", Map.of("K", "sk-1")), 200,
                0.0, 1000, true, Prices.perMillion("2.50", "10.00"),
                new Resilience(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(20), 1,
                        Duration.ofMillis(10), Duration.ofSeconds(1), 5, Duration.ofSeconds(30))));
        answers = new AnswerService(embedder, index, () -> new TierRoutingTable(Optional.of("openai"), ON_PREM),
                List.of(openai, new ExtractiveDestination(ON_PREM, 2)), audit, 5);
    }

    @AfterEach
    void tearDown() throws Exception {
        openai.close();
        server.close();
        index.close();
    }

    @Test
    void theDecisionComesBeforeTheFirstTokenAndTheAuditHoldsTokensAndCost() {
        server.then(FakeModelServer.stream(OpenAiWire.stream(List.of("At 06:45 ", "[1]", "."), 400, 6), Duration.ZERO, -1));
        List<String> events = new CopyOnWriteArrayList<>();
        Answer a = answers.ask(staff, "When does the Gull Island ferry leave?", new AnswerListener() {
            @Override
            public void onDecision(io.gatehouse.policy.routing.RoutingDecision d) {
                events.add("decision:" + d.route() + ":" + d.destination());
            }

            @Override
            public void onToken(String token) {
                events.add("token:" + token);
            }
        }, new Cancellation());

        assertEquals(List.of("decision:CLOSED_API:openai", "token:At 06:45 ", "token:[1]", "token:."), events);
        assertEquals("At 06:45 [1].", a.text());
        assertEquals(1, a.citations().size());
        assertEquals("d1#0", a.citations().getFirst().chunkId());
        assertEquals(3, a.citations().getFirst().page());
        assertEquals("gpt-test", a.model());
        AuditRecord rec = record(a.auditId());
        assertEquals("OK", rec.outcome());
        assertEquals(Route.CLOSED_API, rec.route());
        assertTrue(rec.detailJson().contains("\"promptTokens\":400"), rec.detailJson());
        assertTrue(rec.detailJson().contains("\"completionTokens\":6"), rec.detailJson());
        assertTrue(rec.detailJson().contains("\"estimatedCost\":\"0.00106000\""), rec.detailJson());
    }

    @Test
    void aDecisionToPseudonymizeWithoutADetectorStaysOnPremRatherThanSendingClearText() {
        io.gatehouse.policy.routing.RoutingPolicy redactAlways = new io.gatehouse.policy.routing.RoutingPolicy() {
            @Override
            public io.gatehouse.policy.routing.RoutingDecision decide(io.gatehouse.policy.routing.DecisionInput in) {
                return new io.gatehouse.policy.routing.RoutingDecision.ClosedApiRedacted("openai", "redact", List.of("test"), "t");
            }

            @Override
            public String version() {
                return "t";
            }
        };
        AnswerService noDetector = new AnswerService(embedder, index, () -> redactAlways,
                List.of(openai, new ExtractiveDestination(ON_PREM, 2)), audit, 5);
        Answer a = noDetector.ask(staff, "When does the Gull Island ferry leave?");
        assertEquals(Route.ON_PREM, a.decision().route());
        assertTrue(a.decision().reasons().toString().contains("no PII detector"), a.decision().reasons().toString());
        assertEquals(0, server.requests.size(), "nothing went to the closed API");
    }

    @Test
    void aFailingDestinationIsAuditedAndReportedWithoutContent() {
        server.then(FakeModelServer.status(500, Map.of(), OpenAiWire.error("server_error", "boom " + CANARY)));
        AnswerFailedException e = assertThrows(AnswerFailedException.class,
                () -> answers.ask(staff, "When does the Gull Island ferry leave?"));
        assertEquals(Failure.Kind.SERVER_ERROR, e.failure().kind());
        assertFalse(e.getMessage().contains(CANARY));
        assertFalse(e.getMessage().contains("Gull"));
        assertEquals(Route.CLOSED_API, e.decision().route());
        AuditRecord rec = record(e.auditId());
        assertEquals("FAILED", rec.outcome());
        assertTrue(rec.detailJson().contains("\"failure\":\"SERVER_ERROR\""), rec.detailJson());
        assertEquals(2, server.requests.size(), "one retry was configured");
    }

    @Test
    void aCancelledAnswerIsAuditedAsCancelled() {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            pieces.add("t" + i + " ");
        }
        server.then(FakeModelServer.stream(OpenAiWire.stream(pieces, 10, 200), Duration.ofMillis(10), -1));
        Cancellation cancel = new Cancellation();
        List<String> tokens = new CopyOnWriteArrayList<>();
        Answer a = answers.ask(staff, "When does the Gull Island ferry leave?", new AnswerListener() {
            @Override
            public void onToken(String token) {
                tokens.add(token);
                if (tokens.size() == 2) {
                    cancel.cancel();
                }
            }
        }, cancel);
        assertEquals("t0 t1 ", a.text());
        assertEquals("CANCELLED", record(a.auditId()).outcome());
    }

    @Test
    void whenTheDailyClosedApiBudgetIsSpentTheNextQuestionStaysOnPrem() {
        AnswerService budgeted = new AnswerService(embedder, index,
                () -> new TierRoutingTable(Optional.of("openai"), ON_PREM),
                List.of(openai, new ExtractiveDestination(ON_PREM, 2)), audit, 5,
                new SpendBudget(new SpendBudget.Limits(new java.math.BigDecimal("0.001"), null), Clock.systemUTC()));
        server.then(FakeModelServer.stream(OpenAiWire.stream(List.of("At 06:45 [1]."), 400, 6), Duration.ZERO, -1));
        Answer first = budgeted.ask(staff, "When does the Gull Island ferry leave?");
        assertEquals(Route.CLOSED_API, first.decision().route(), "0.00106 spent, over the 0.001 limit");

        Answer second = budgeted.ask(staff, "When does the Gull Island ferry leave?");
        assertEquals(Route.ON_PREM, second.decision().route());
        assertEquals(ON_PREM, second.decision().destination());
        assertEquals(1, server.requests.size(), "nothing more went out");
        assertTrue(record(second.auditId()).detailJson().contains("daily budget for closed model APIs"));

        Principal other = new Principal("kim", Set.of(Role.STAFF), Tier.INTERNAL, Set.of());
        assertEquals(Route.CLOSED_API, budgeted.ask(other, "When does the Gull Island ferry leave?").decision().route(),
                "the limit is per user");
    }

    private AuditRecord record(long id) {
        return audit.list(AuditQuery.firstPage(50)).records().stream().filter(r -> r.id() == id).findFirst().orElseThrow();
    }
}
