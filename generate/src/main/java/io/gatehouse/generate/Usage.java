package io.gatehouse.generate;

/**
 * Tokens a call consumed. {@code reportedByModel} is false when the destination did not report usage
 * and the counts are our estimate (characters / 4), so the audit can tell counted from guessed.
 */
public record Usage(int promptTokens, int completionTokens, boolean reportedByModel) {

    public static final Usage NONE = new Usage(0, 0, true);

    public Usage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
