package io.gatehouse.web.api;

import io.gatehouse.web.ui.PageAccessHandler;
import io.gatehouse.web.ui.PageRenderer;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MediaType;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Every error Micronaut itself produces (routing, binding, security, uncaught exceptions) becomes a
 * problem+json body. Server errors get an incident id instead of the exception's message, which might
 * quote request or document content.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorResponseProcessor.class);
    private static final int MAX_DETAIL = 300;

    /** Lazily: the page renderer's own beans must not wait for the error processor. */
    private final Provider<PageRenderer> pages;

    public ProblemErrorResponseProcessor(Provider<PageRenderer> pages) {
        this.pages = pages;
    }

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<Object> processResponse(ErrorContext ctx, MutableHttpResponse<?> base) {
        HttpStatus status = base.getStatus();
        String detail;
        if (status.getCode() >= 500) {
            String incident = UUID.randomUUID().toString();
            LOG.error("incident {}: {} {} failed with {}", incident, ctx.getRequest().getMethod(), ctx.getRequest().getPath(),
                    ctx.getRootCause().map(ProblemErrorResponseProcessor::withoutMessages).orElse("error"));
            detail = "internal error; incident " + incident;
        } else if (ctx.getRootCause().map(this::isJsonError).orElse(false)) {
            detail = "the request body is not valid JSON";
        } else {
            detail = ctx.getErrors().stream().map(Error::getMessage).findFirst().orElse(status.getReason());
            if (detail.length() > MAX_DETAIL) {
                detail = detail.substring(0, MAX_DETAIL) + "...";
            }
        }
        String slug = switch (status) {
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "not-found";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported-media-type";
            case REQUEST_ENTITY_TOO_LARGE -> "too-large";
            case BAD_REQUEST -> "bad-request";
            default -> status.getCode() >= 500 ? "internal-error" : status.name().toLowerCase(Locale.ROOT).replace('_', '-');
        };
        if (PageAccessHandler.isPage(ctx.getRequest())) {
            // a person in a browser: the same facts as a page, not as JSON
            String message = status == HttpStatus.NOT_FOUND ? "There is no such page." : detail;
            return ((MutableHttpResponse<Object>) base).contentType(MediaType.TEXT_HTML_TYPE)
                    .body(pages.get().body(ctx.getRequest(), "error",
                            Map.of("status", status.getCode(), "title", status.getReason(), "message", message)));
        }
        return ((MutableHttpResponse<Object>) base)
                .contentType(Problem.MEDIA_TYPE)
                .body(Problem.body(status, slug, status.getReason(), detail));
    }

    /**
     * Exception classes and top stack frames, but not messages: a message may quote a question, a document
     * or a SQL parameter, and logs must never carry those.
     */
    static String withoutMessages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 4000; c = c.getCause()) {
            sb.append(sb.isEmpty() ? "" : " <- caused by ").append(c.getClass().getName());
            StackTraceElement[] frames = c.getStackTrace();
            for (int i = 0; i < Math.min(4, frames.length); i++) {
                sb.append("\n    at ").append(frames[i]);
            }
        }
        return sb.toString();
    }

    private boolean isJsonError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String n = c.getClass().getName();
            if (n.contains("JsonParse") || n.contains("JsonProcessing") || n.contains("JsonEOF") || n.contains("SerdeException")) {
                return true;
            }
        }
        return false;
    }
}
