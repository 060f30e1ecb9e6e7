package io.gatehouse.web.api;

import io.gatehouse.generate.AnswerService;
import io.gatehouse.web.api.Dtos.AskRequest;
import io.gatehouse.web.api.Dtos.AskResponse;
import io.gatehouse.web.security.CurrentPrincipal;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

/** Questions from staff. */
@Controller("/api/ask")
@Secured("STAFF")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AskController {

    /** Longer questions are almost certainly pasted documents, which the audit trail should not swallow. */
    static final int MAX_QUESTION_CHARS = 4000;

    private final AnswerService answers;
    private final CurrentPrincipal principals;

    public AskController(AnswerService answers, CurrentPrincipal principals) {
        this.answers = answers;
        this.principals = principals;
    }

    @Post
    public AskResponse ask(@Body AskRequest request, Authentication auth) {
        if (request == null || request.question() == null || request.question().isBlank()) {
            throw new IllegalArgumentException("'question' is required and must not be blank");
        }
        if (request.question().length() > MAX_QUESTION_CHARS) {
            throw new IllegalArgumentException("'question' is longer than " + MAX_QUESTION_CHARS + " characters");
        }
        return AskResponse.of(answers.ask(principals.of(auth), request.question()));
    }
}
