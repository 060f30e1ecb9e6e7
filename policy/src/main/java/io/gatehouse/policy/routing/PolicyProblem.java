package io.gatehouse.policy.routing;

/**
 * One thing wrong with a policy file.
 *
 * @param line    1-based line in the YAML text (0 when the problem concerns the whole file)
 * @param field   path of the offending field, e.g. {@code rules[2].when.context-tier-at-least}
 * @param message what is wrong, in words an admin can act on
 */
public record PolicyProblem(int line, String field, String message) {

    @Override
    public String toString() {
        return "line " + line + ", " + field + ": " + message;
    }
}
