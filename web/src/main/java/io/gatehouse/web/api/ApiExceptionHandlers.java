package io.gatehouse.web.api;

import io.gatehouse.generate.AnswerFailedException;
import io.gatehouse.index.IndexModelMismatchException;
import io.gatehouse.ingest.CorpusReader;
import io.gatehouse.ingest.parse.RejectedDocumentException;
import io.gatehouse.web.security.AccountException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.util.Map;

/** Our own failures, each with its status and stable problem type. */
public final class ApiExceptionHandlers {

    private ApiExceptionHandlers() {
    }

    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    @Requires(classes = {RejectedDocumentException.class, ExceptionHandler.class})
    public static class RejectedDocument implements ExceptionHandler<RejectedDocumentException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, RejectedDocumentException e) {
            HttpStatus status = switch (e.reason()) {
                case EMPTY, NO_TEXT -> HttpStatus.BAD_REQUEST;
                case UNSUPPORTED_TYPE, NESTED_ARCHIVE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
                case TOO_LARGE -> HttpStatus.REQUEST_ENTITY_TOO_LARGE;
                case TYPE_MISMATCH, MALFORMED, ENCRYPTED, TOO_MANY_PAGES -> HttpStatus.UNPROCESSABLE_ENTITY;
            };
            return Problem.response(status, "document/" + Problem.slug(e.reason()), "Document rejected", e.getMessage());
        }
    }

    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    public static class RejectedCorpus implements ExceptionHandler<CorpusReader.CorpusException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, CorpusReader.CorpusException e) {
            return Problem.response(HttpStatus.UNPROCESSABLE_ENTITY, "corpus/rejected", "Corpus rejected", e.getMessage());
        }
    }

    /** The destination the policy chose failed; the message names the destination and the kind of failure, nothing else. */
    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    public static class AnswerFailed implements ExceptionHandler<AnswerFailedException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, AnswerFailedException e) {
            HttpStatus status = switch (e.failure().kind()) {
                case BUSY, RATE_LIMITED, UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
                case TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
                default -> HttpStatus.BAD_GATEWAY;
            };
            return Problem.response(status, body(status, e));
        }

        /** Also the {@code error} event of a streamed answer, so both name a failure the same way. */
        static Map<String, Object> body(HttpStatus status, AnswerFailedException e) {
            Map<String, Object> body = Problem.body(status, "destination/" + Problem.slug(e.failure().kind()),
                    "Generation failed", e.getMessage());
            body.put("auditId", e.auditId());
            return body;
        }
    }

    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    public static class InvalidArgument implements ExceptionHandler<IllegalArgumentException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, IllegalArgumentException e) {
            return Problem.response(HttpStatus.BAD_REQUEST, "invalid-argument", "Invalid request", e.getMessage());
        }
    }

    /**
     * Account administration refused: 400 naming the invalid field, 404 unknown user, 409 duplicate or last admin;
     * changing one's own password also 403 for a wrong current password or a locked account.
     */
    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    public static class AccountRefused implements ExceptionHandler<AccountException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, AccountException e) {
            HttpStatus status = switch (e.kind()) {
                case INVALID -> HttpStatus.BAD_REQUEST;
                case NOT_FOUND -> HttpStatus.NOT_FOUND;
                case CONFLICT -> HttpStatus.CONFLICT;
                case WRONG_PASSWORD, LOCKED -> HttpStatus.FORBIDDEN;
            };
            var body = Problem.body(status, "account/" + Problem.slug(e.kind()), "Account change refused", e.getMessage());
            if (e.field() != null) {
                body.put("field", e.field());
            }
            return Problem.response(status, body);
        }
    }

    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    public static class ModelMismatch implements ExceptionHandler<IndexModelMismatchException, HttpResponse<?>> {
        @Override
        public HttpResponse<?> handle(HttpRequest request, IndexModelMismatchException e) {
            return Problem.response(HttpStatus.SERVICE_UNAVAILABLE, "index-model-mismatch", "Index built by another model", e.getMessage());
        }
    }
}
