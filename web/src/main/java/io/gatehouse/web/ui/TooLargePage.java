package io.gatehouse.web.ui;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.exceptions.ContentLengthExceededHandler;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * A body over the server's request limit is refused before any controller sees it. A browser uploading
 * through the admin page gets a page saying so instead of problem+json; the REST API keeps its problem.
 */
@Singleton
@Replaces(ContentLengthExceededHandler.class)
public class TooLargePage extends ContentLengthExceededHandler {

    private final PageRenderer pages;

    public TooLargePage(ErrorResponseProcessor<?> errors, PageRenderer pages) {
        super(errors);
        this.pages = pages;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ContentLengthExceededException e) {
        if (!PageAccessHandler.isPage(request)) {
            return super.handle(request, e);
        }
        // the exception's message holds only the two sizes, no content
        return pages.error(request, HttpStatus.REQUEST_ENTITY_TOO_LARGE, "Upload too large",
                "The server refused the upload: " + e.getMessage() + " bytes. Split a large corpus into several ZIP files.");
    }
}
