package io.gatehouse.web.security;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.Optional;

/**
 * Authenticates browser requests by their session cookie. The account is looked up on every request, so a
 * disabled account, changed roles or a password that must be changed take effect at once.
 */
@Singleton
public class SessionCookieFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    public static final String COOKIE = "gh_session";

    private final WebSessions sessions;
    private final UserDirectory users;

    public SessionCookieFetcher(WebSessions sessions, UserDirectory users) {
        this.sessions = sessions;
        this.users = users;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        Optional<String> token = request.getCookies().findCookie(COOKIE).map(Cookie::getValue);
        if (token.isEmpty()) {
            return Publishers.empty();
        }
        // a database lookup: never on the event loop
        return Mono.fromCallable(() -> sessions.resolve(token.get())
                        .flatMap(s -> users.account(s.username())
                                // a disabled account, or a password reset since sign-in, ends the session
                                .filter(a -> a.enabled() && !s.createdAt().isBefore(a.passwordChangedAt())))
                        .map(a -> PasswordChangeGate.authentication(a.principal(), a.mustChangePassword()))
                        .orElse(null))
                .subscribeOn(Schedulers.boundedElastic());
    }
}
