package io.gatehouse.embed;

/**
 * A unit-length vector and what the tokenizer did to make it: how many tokens the text had and
 * whether it was cut at the model's maximum (a truncated passage is only partly represented).
 */
public record Embedding(float[] vector, int tokenCount, boolean truncated) {
}
