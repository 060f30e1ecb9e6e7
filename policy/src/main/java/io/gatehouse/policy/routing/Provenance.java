package io.gatehouse.policy.routing;

/** Whether a destination runs inside the perimeter (on-prem) or is a closed third-party API. */
public enum Provenance {
    ON_PREM, CLOSED
}
