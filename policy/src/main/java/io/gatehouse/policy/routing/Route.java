package io.gatehouse.policy.routing;

/** Where generation for a question may happen. */
public enum Route {
    /** A closed API may see the prompt as it is. */
    CLOSED_API,
    /** A closed API may see the prompt only after its PII is pseudonymised. */
    CLOSED_API_REDACTED,
    /** Generation stays on an on-prem model (or the extractive answerer). */
    ON_PREM,
    /** No answer is generated. */
    REFUSE
}
