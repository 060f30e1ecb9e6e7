package io.gatehouse.generate;

import io.gatehouse.policy.routing.RoutingDecision;

/**
 * Follows one question as it is answered, for streaming to the asker: the decision comes first
 * (before any token, so the client sees where its question goes), then the tokens as generated.
 * Called on the asking thread.
 */
public interface AnswerListener {

    AnswerListener NONE = new AnswerListener() {
    };

    default void onDecision(RoutingDecision decision) {
    }

    default void onToken(String token) {
    }
}
