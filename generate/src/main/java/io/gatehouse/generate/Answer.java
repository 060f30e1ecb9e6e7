package io.gatehouse.generate;

import io.gatehouse.policy.routing.RoutingDecision;

import java.util.List;

/** The answer to a question: text, citations, the decision that routed it and the audit record that holds it. */
public record Answer(String text, List<Citation> citations, RoutingDecision decision, String model, long auditId) {

    public Answer {
        citations = List.copyOf(citations);
    }
}
