package io.gatehouse.policy.pii;

/** Decides whether a pattern match is a real identifier (a checksum, a range rule, a parse). */
@FunctionalInterface
public interface Validator {

    Validator NONE = candidate -> true;

    boolean isValid(String candidate);
}
