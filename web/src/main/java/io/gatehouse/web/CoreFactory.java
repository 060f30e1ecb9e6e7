package io.gatehouse.web;

import io.gatehouse.embed.Embedder;
import io.gatehouse.embed.OnnxEmbedder;
import io.gatehouse.generate.AnswerService;
import io.gatehouse.generate.Destination;
import io.gatehouse.generate.DestinationFactory;
import io.gatehouse.generate.SpendBudget;
import io.gatehouse.index.ChunkIndex;
import io.gatehouse.index.LuceneChunkIndex;
import io.gatehouse.index.RankFusion;
import io.gatehouse.ingest.ChunkClassifier;
import io.gatehouse.ingest.IngestConfig;
import io.gatehouse.ingest.OriginalStore;
import io.gatehouse.ingest.PiiChunkClassifier;
import io.gatehouse.policy.Tier;
import io.gatehouse.policy.pii.PiiDetector;
import io.gatehouse.policy.pii.PiiTierRules;
import io.gatehouse.policy.pii.PiiType;
import io.gatehouse.policy.pii.RecognizerPiiDetector;
import io.gatehouse.ingest.parse.DocumentParser;
import io.gatehouse.policy.audit.AuditKeyring;
import io.gatehouse.policy.audit.AuditTrail;
import io.gatehouse.policy.audit.JdbcAuditTrail;
import io.gatehouse.policy.routing.PolicyStore;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.List;
import java.nio.file.Path;

/** Wires the plain-Java modules (policy, embed, index, generate) into the application context. */
@Factory
public class CoreFactory {

    @Singleton
    @Bean(preDestroy = "close")
    Embedder embedder(GatehouseConfig config) {
        GatehouseConfig.Embedding e = config.embedding();
        int threads = e.threads() > 0 ? e.threads() : Runtime.getRuntime().availableProcessors();
        return OnnxEmbedder.open(e.spec(),
                OnnxEmbedder.Options.defaults().withIntraOpThreads(threads).withGraphRewrites(e.graphRewrites()));
    }

    @Singleton
    @Bean(preDestroy = "close")
    ChunkIndex chunkIndex(GatehouseConfig config, Embedder embedder) {
        return LuceneChunkIndex.open(config.dataDir().resolve("index"), embedder.identity().id(),
                embedder.dimension(), RankFusion.DEFAULT);
    }

    @Singleton
    OriginalStore originalStore(GatehouseConfig config) {
        return new OriginalStore(config.dataDir().resolve("originals"));
    }

    @Singleton
    DocumentParser documentParser(IngestConfig ingest) {
        return new DocumentParser(ingest.maxPages());
    }

    @Singleton
    PiiDetector piiDetector() {
        return RecognizerPiiDetector.withDefaults();
    }

    /**
     * A chunk's tier rises to what its PII demands: the higher of the routing policy's {@code pii-tiers}
     * (read at classification time, so a policy change applies to the next upload) and the built-in
     * combination rules (a person with contact or address data is CONFIDENTIAL).
     */
    @Singleton
    ChunkClassifier chunkClassifier(PiiDetector detector, PolicyStore policy, GatehouseConfig config) {
        PiiTierRules rules = PiiTierRules.defaults();
        return new PiiChunkClassifier(detector, types -> {
            Tier tier = rules.minimumTier(types);
            for (PiiType t : types) {
                tier = Tier.max(tier, policy.current().tierFor(t));
            }
            return tier;
        }, config.pii().classificationMinScore());
    }

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The HMAC keys of the audit chain: the current key (GATEHOUSE_AUDIT_KEY, or a key file beside, never
     * inside, the database) and the retired keys that still verify older records (GATEHOUSE_AUDIT_RETIRED_KEYS,
     * audit-keys/retired-*.key). Rotate with {@code ./gatehouse audit-key rotate}.
     */
    @Singleton
    AuditKeyring auditKeyring(GatehouseConfig config) {
        return AuditKeyring.resolve(System.getenv(), config.dataDir().resolve("audit.key"));
    }

    @Singleton
    AuditTrail auditTrail(DataSource dataSource, AuditKeyring keyring, Clock clock) {
        // The audit trail manages its own connections and transactions over plain JDBC; Micronaut Data's
        // contextual proxy would demand an ambient transaction it does not use.
        return new JdbcAuditTrail(DelegatingDataSource.unwrapDataSource(dataSource), keyring, clock);
    }

    /** The routing policy file ({@code gatehouse.policy.path}, default {@code <data-dir>/policy.yaml}), created from the shipped default. */
    @Singleton
    PolicyStore policyStore(GatehouseConfig config) {
        Path file = config.policy().path() != null ? config.policy().path() : config.dataDir().resolve("policy.yaml");
        return PolicyStore.fromFileOrDefault(file);
    }

    /** Every configured destination, built once; closed (connections, child processes) at shutdown. */
    @Singleton
    @Bean(preDestroy = "close")
    Destinations destinations(List<DestinationSettings> settings) {
        DestinationFactory factory = new DestinationFactory();
        List<Destination> built = new java.util.ArrayList<>();
        for (DestinationSettings s : settings) {
            built.add(factory.create(s.toConfig()));
        }
        return new Destinations(built);
    }

    @Singleton
    SpendBudget spendBudget(GatehouseConfig config, Clock clock) {
        GatehouseConfig.Budget b = config.budget();
        return new SpendBudget(new SpendBudget.Limits(b.perUserDaily(), b.globalDaily()), clock);
    }

    @Singleton
    AnswerService answerService(Embedder embedder, ChunkIndex index, PolicyStore policy, AuditTrail audit,
                                Destinations destinations, PiiDetector detector, SpendBudget spend, GatehouseConfig config) {
        return new AnswerService(embedder, index, policy::current, destinations.all(), audit, detector,
                new AnswerService.Settings(config.retrieval().topK(), config.audit().questionText(),
                        config.audit().outboundPayload()), spend);
    }
}
