package io.gatehouse.web.ui;

import io.gatehouse.web.security.PasswordChangeGate;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.micronaut.security.config.RedirectConfiguration;
import io.micronaut.security.config.RedirectService;
import io.micronaut.security.errors.PriorToLoginPersistence;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A browser that reaches a page without a session is sent to sign in and brought back afterwards; a
 * signed-in user without the role gets a page saying so. The REST API keeps its problem+json 401/403. A user
 * held by the {@link PasswordChangeGate} is sent to change their password (pages) or told to (API).
 */
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class PageAccessHandler extends DefaultAuthorizationExceptionHandler {

    private final PageRenderer pages;

    public PageAccessHandler(ErrorResponseProcessor<?> errors, RedirectConfiguration redirects,
                             RedirectService redirectService, @Nullable PriorToLoginPersistence priorToLogin,
                             PageRenderer pages) {
        super(errors, redirects, redirectService, priorToLogin);
        this.pages = pages;
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException e) {
        if (e.isForbidden() && PasswordChangeGate.required(e.getAuthentication())) {
            // held until the password someone else set is changed: said precisely, whatever the role
            return isPage(request) ? HttpResponse.seeOther(URI.create(PasswordChangeGate.CHANGE_PAGE))
                    : PasswordChangeGate.problem();
        }
        if (!isPage(request)) {
            return super.handle(request, e);
        }
        if (!e.isForbidden()) {
            String next = request.getPath();
            return HttpResponse.seeOther(URI.create("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)));
        }
        return pages.error(request, HttpStatus.FORBIDDEN, "Not allowed", "Your account's role does not include this page.");
    }

    /** A page request from a browser: not the REST API, and asking for HTML. */
    public static boolean isPage(HttpRequest<?> request) {
        String path = request.getPath();
        if (path.startsWith("/api/") || path.startsWith("/health") || path.startsWith("/prometheus")) {
            return false;
        }
        return request.getHeaders().accept().stream().anyMatch(t -> t.matches(MediaType.TEXT_HTML_TYPE));
    }
}
