package io.gatehouse.web;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.gatehouse.embed.EmbeddingModelSpec;
import io.gatehouse.generate.AnswerService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.nio.file.Path;

/**
 * Top-level settings ({@code gatehouse.*}).
 *
 * @param dataDir   the folder holding the H2 database, the Lucene index and uploaded originals
 */
@ConfigurationProperties("gatehouse")
public record GatehouseConfig(@Bindable(defaultValue = "data") Path dataDir,
                              Embedding embedding,
                              Retrieval retrieval,
                              Demo demo,
                              Policy policy,
                              Audit audit,
                              Budget budget,
                              Pii pii) {

    /**
     * @param model         a bundled model name, or the name of the model at {@code onnx}
     * @param threads       ONNX Runtime intra-op threads, 0 = all cores
     * @param graphRewrites whether the model's graph is rewritten at load to run faster for the same
     *                      vectors (docs/performance.md); false runs the file as shipped
     * @param onnx          another BERT-style model's ONNX file; unset means the bundled {@code model}
     * @param tokenizer     that model's HuggingFace tokenizer.json
     * @param pooling       that model's pooling, {@code cls} or {@code mean}
     * @param maxTokens     the longest input that model takes, special tokens included
     * @param queryPrefix   the instruction that model wants before a query; unset means none
     * @param dimension     the length of that model's vectors
     */
    @ConfigurationProperties("embedding")
    public record Embedding(@Bindable(defaultValue = "bge-small-en-v1.5-q") String model,
                            @Bindable(defaultValue = "0") int threads,
                            @Bindable(defaultValue = "true") boolean graphRewrites,
                            @Nullable Path onnx,
                            @Nullable Path tokenizer,
                            @Bindable(defaultValue = "cls") String pooling,
                            @Bindable(defaultValue = "512") int maxTokens,
                            @Nullable String queryPrefix,
                            @Bindable(defaultValue = "0") int dimension) {

        public EmbeddingModelSpec spec() {
            return EmbeddingModelSpec.resolve(model, onnx, tokenizer, pooling, maxTokens, queryPrefix, dimension);
        }
    }

    /** @param topK passages retrieved per question and handed to the destination */
    @ConfigurationProperties("retrieval")
    public record Retrieval(@Bindable(defaultValue = "5") int topK) {
    }

    /** @param path the routing policy file; unset means {@code <data-dir>/policy.yaml} */
    @ConfigurationProperties("policy")
    public record Policy(@Nullable Path path) {
    }

    /**
     * @param questionText    how asks keep question and answer text in the audit trail: STORED, REDACTED, HASH_ONLY
     * @param outboundPayload how the exact body sent to a closed API is kept: STORED or HASH_ONLY
     */
    @ConfigurationProperties("audit")
    public record Audit(@Bindable(defaultValue = "STORED") AnswerService.TextRetention questionText,
                        @Bindable(defaultValue = "STORED") AnswerService.TextRetention outboundPayload) {
    }

    /** @param classificationMinScore spans below this confidence are tagged but do not raise a chunk's tier */
    @ConfigurationProperties("pii")
    public record Pii(@Bindable(defaultValue = "0.75") double classificationMinScore) {
    }

    /** Daily spend limits for closed APIs, in the currency of the destinations' prices; unset = unlimited. */
    @ConfigurationProperties("budget")
    public record Budget(@Nullable java.math.BigDecimal perUserDaily, @Nullable java.math.BigDecimal globalDaily) {
    }

    /** @param enabled load the demo corpus at start when the catalogue is empty; @param path its folder */
    @ConfigurationProperties("demo")
    public record Demo(@Bindable(defaultValue = "false") boolean enabled,
                       @Bindable(defaultValue = "demo") Path path) {
    }
}
