package io.gatehouse.generate;

/** Whether a destination keeps data inside the perimeter. The policy checks it before any call. */
public enum Provenance {
    ON_PREM, CLOSED
}
