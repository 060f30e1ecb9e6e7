package io.gatehouse.embed;

import java.util.List;

/**
 * Turns text into L2-normalised vectors with one local model. Passages and queries are embedded
 * by separate methods because models such as bge want an instruction prefix on queries only.
 * Implementations are safe for concurrent use and hold native resources: close them.
 */
public interface Embedder extends AutoCloseable {

    /** One embedding per text, in input order. */
    List<Embedding> embedDocuments(List<String> texts);

    Embedding embedQuery(String text);

    /** Tokens the model's own tokenizer makes of the text, without special tokens; for sizing chunks. */
    int countTokens(String text);

    /** The model's maximum input length in tokens, special tokens included. */
    int maxTokens();

    int dimension();

    ModelIdentity identity();

    @Override
    void close();
}
