package io.gatehouse.web.ui;

import io.gatehouse.generate.Answer;
import io.gatehouse.generate.AnswerFailedException;
import io.gatehouse.generate.AnswerService;
import io.gatehouse.index.ChunkIndex;
import io.gatehouse.index.RetrievedChunk;
import io.gatehouse.policy.Principal;
import io.gatehouse.policy.audit.AuditAction;
import io.gatehouse.policy.audit.AuditPage;
import io.gatehouse.policy.audit.AuditQuery;
import io.gatehouse.policy.audit.AuditTrail;
import io.gatehouse.web.security.CurrentPrincipal;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The staff pages: ask (streamed by a script through {@code /api/ask/stream}; without scripts the form
 * posts here and the whole answer comes back), the cited passages, and the asker's own history.
 */
@Controller
@Secured("STAFF")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AskPage {

    static final int MAX_QUESTION_CHARS = 4000;
    private static final int HISTORY_PAGE = 20;

    private final AnswerService answers;
    private final ChunkIndex index;
    private final AuditTrail audit;
    private final CurrentPrincipal principals;

    public AskPage(AnswerService answers, ChunkIndex index, AuditTrail audit, CurrentPrincipal principals) {
        this.answers = answers;
        this.index = index;
        this.audit = audit;
        this.principals = principals;
    }

    @Get(value = "/ask", produces = MediaType.TEXT_HTML)
    public ModelAndView<Map<String, Object>> form() {
        return new ModelAndView<>("ask", base());
    }

    @Post(value = "/ask", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public HttpResponse<?> ask(@Body Map<String, String> form, Authentication auth) {
        Map<String, Object> model = base();
        String question = form.getOrDefault("question", "");
        model.put("question", question);
        if (question.isBlank() || question.length() > MAX_QUESTION_CHARS) {
            model.put("error", question.isBlank() ? "Type a question first."
                    : "The question is longer than " + MAX_QUESTION_CHARS + " characters.");
            return HttpResponse.badRequest(new ModelAndView<>("ask", model));
        }
        try {
            Answer a = answers.ask(principals.of(auth), question);
            model.put("answer", a);
            model.put("badge", RouteBadge.of(a.decision().route()));
        } catch (AnswerFailedException e) {
            model.put("error", "The answer could not be generated (" + e.failure().kind().name().toLowerCase()
                    .replace('_', ' ') + "). The attempt is in the audit trail as record " + e.auditId() + ".");
        }
        return HttpResponse.ok(new ModelAndView<>("ask", model));
    }

    @Get(value = "/passages/{chunkId}", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> passage(@PathVariable String chunkId, Authentication auth) {
        Principal reader = principals.of(auth);
        Optional<RetrievedChunk> chunk = chunkId.length() > 200 ? Optional.empty() : index.chunk(chunkId, reader);
        if (chunk.isEmpty()) {
            Map<String, Object> model = new HashMap<>();
            model.put("status", 404);
            model.put("title", "No such passage");
            model.put("message", "The passage does not exist, was deleted, or is outside your clearance.");
            return HttpResponse.status(HttpStatus.NOT_FOUND).body(new ModelAndView<>("error", model));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("chunk", chunk.get());
        return HttpResponse.ok(new ModelAndView<>("passage", model));
    }

    @Get(value = "/history", produces = MediaType.TEXT_HTML)
    public ModelAndView<Map<String, Object>> history(@Nullable @QueryValue Integer page, Authentication auth) {
        int p = page == null || page < 0 ? 0 : page;
        AuditPage records = audit.list(new AuditQuery(null, null, auth.getName(), AuditAction.ASK, null, null, null,
                p, HISTORY_PAGE));
        Map<String, Object> model = new HashMap<>();
        model.put("records", records.records());
        model.put("page", p);
        model.put("hasNext", (long) (p + 1) * HISTORY_PAGE < records.total());
        model.put("total", records.total());
        model.put("badges", RouteBadge.byRoute());
        return new ModelAndView<>("history", model);
    }

    private static Map<String, Object> base() {
        Map<String, Object> model = new HashMap<>();
        model.put("badges", RouteBadge.all());
        model.put("maxQuestion", MAX_QUESTION_CHARS);
        return model;
    }
}
