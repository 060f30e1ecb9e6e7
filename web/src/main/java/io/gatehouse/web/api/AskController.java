package io.gatehouse.web.api;

import io.gatehouse.generate.Answer;
import io.gatehouse.generate.AnswerFailedException;
import io.gatehouse.generate.AnswerListener;
import io.gatehouse.generate.AnswerService;
import io.gatehouse.generate.Cancellation;
import io.gatehouse.policy.Principal;
import io.gatehouse.policy.routing.RoutingDecision;
import io.gatehouse.web.api.Dtos.AskRequest;
import io.gatehouse.web.api.Dtos.AskResponse;
import io.gatehouse.web.api.Dtos.CitationView;
import io.gatehouse.web.api.Dtos.DecisionView;
import io.gatehouse.web.security.CurrentPrincipal;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import java.util.List;

/** Questions from staff: answered whole, or streamed as server-sent events. */
@Controller("/api/ask")
@Secured("STAFF")
public class AskController {

    private static final Logger LOG = LoggerFactory.getLogger(AskController.class);

    /** Longer questions are almost certainly pasted documents, which the audit trail should not swallow. */
    static final int MAX_QUESTION_CHARS = 4000;

    private final AnswerService answers;
    private final CurrentPrincipal principals;

    public AskController(AnswerService answers, CurrentPrincipal principals) {
        this.answers = answers;
        this.principals = principals;
    }

    @Post
    @ExecuteOn(TaskExecutors.BLOCKING)
    public AskResponse ask(@Body AskRequest request, Authentication auth) {
        return AskResponse.of(answers.ask(principals.of(auth), validQuestion(request)));
    }

    /** What the {@code done} event carries once the answer is complete. */
    @Serdeable
    public record Done(String answer, List<CitationView> citations, String model, long auditId) {
    }

    @Serdeable
    public record Token(String text) {
    }

    /**
     * Server-sent events: {@code decision} (route, destination, reasons) before any token, then {@code token}
     * events as the model writes, then {@code done} with citations and the audit id, or {@code error} with a
     * problem. A client that disconnects cancels generation upstream.
     */
    @Post(value = "/stream", produces = MediaType.TEXT_EVENT_STREAM)
    public Publisher<Event<?>> stream(@Body AskRequest request, Authentication auth) {
        String question = validQuestion(request);
        Principal asker = principals.of(auth);
        return Flux.<Event<?>>create(sink -> {
            Cancellation cancellation = new Cancellation();
            sink.onCancel(cancellation::cancel);
            try {
                Answer a = answers.ask(asker, question, new AnswerListener() {
                    @Override
                    public void onDecision(RoutingDecision decision) {
                        sink.next(Event.of(DecisionView.of(decision)).name("decision"));
                    }

                    @Override
                    public void onToken(String token) {
                        sink.next(Event.of(new Token(token)).name("token"));
                    }
                }, cancellation);
                sink.next(Event.of(new Done(a.text(), a.citations().stream().map(CitationView::of).toList(), a.model(), a.auditId()))
                        .name("done"));
            } catch (AnswerFailedException e) {
                sink.next(Event.of(ApiExceptionHandlers.AnswerFailed.body(HttpStatus.BAD_GATEWAY, e)).name("error"));
            } catch (RuntimeException e) {
                LOG.error("streamed ask failed: {}", e.getClass().getName());
                sink.next(Event.of(Problem.body(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                        "the answer could not be produced")).name("error"));
            }
            sink.complete();
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static String validQuestion(AskRequest request) {
        if (request == null || request.question() == null || request.question().isBlank()) {
            throw new IllegalArgumentException("'question' is required and must not be blank");
        }
        if (request.question().length() > MAX_QUESTION_CHARS) {
            throw new IllegalArgumentException("'question' is longer than " + MAX_QUESTION_CHARS + " characters");
        }
        return request.question();
    }
}
