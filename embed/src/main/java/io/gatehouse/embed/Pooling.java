package io.gatehouse.embed;

/** How a model's per-token hidden states become one sentence vector; fixed by how the model was trained. */
public enum Pooling {
    /** The hidden state of the first ([CLS]) token: bge. */
    CLS,
    /** The average of the hidden states of the real (attention mask 1) tokens: sentence-transformers models such as MiniLM. */
    MEAN
}
