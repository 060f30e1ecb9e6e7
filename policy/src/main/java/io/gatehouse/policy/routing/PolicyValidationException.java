package io.gatehouse.policy.routing;

import java.util.List;
import java.util.stream.Collectors;

/** A policy file was rejected; {@link #problems()} lists every problem found, in file order. */
public final class PolicyValidationException extends RuntimeException {

    private final List<PolicyProblem> problems;

    public PolicyValidationException(List<PolicyProblem> problems) {
        super("invalid routing policy: " + problems.stream().map(PolicyProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<PolicyProblem> problems() {
        return problems;
    }
}
