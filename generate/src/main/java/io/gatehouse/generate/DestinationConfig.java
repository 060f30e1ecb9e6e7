package io.gatehouse.generate;

/**
 * The configuration of one destination, by kind. {@link DestinationFactory#create} turns it into a
 * {@link Destination}; the routing policy refers to it by {@link #name()}.
 */
public sealed interface DestinationConfig
        permits OpenAiCompatibleConfig, AnthropicConfig, LlamaCppConfig, ExtractiveConfig {

    String name();

    static void requireName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("a destination name is 1-64 letters, digits, '.', '_' or '-': " + name);
        }
    }

    static void requirePositive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, was " + value);
        }
    }
}
