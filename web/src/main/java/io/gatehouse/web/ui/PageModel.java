package io.gatehouse.web.ui;

import io.gatehouse.web.security.CsrfGuard;
import io.gatehouse.web.security.CsrfTokens;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import io.micronaut.views.model.ViewModelProcessor;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What every page needs besides its own model: the CSRF token for its forms and scripts, and who is
 * signed in (for the navigation). Pages put their own values in a {@code Map<String, Object>}.
 */
@Singleton
public class PageModel implements ViewModelProcessor<Map<String, Object>> {

    private final CsrfTokens tokens;

    public PageModel(CsrfTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void process(HttpRequest<?> request, ModelAndView<Map<String, Object>> view) {
        Map<String, Object> model = view.getModel().orElse(null);
        if (model == null) {
            return;
        }
        request.getAttribute(CsrfGuard.ATTRIBUTE, String.class).ifPresent(c -> model.put("csrf", tokens.tokenFor(c)));
        request.getUserPrincipal(Authentication.class).ifPresent(a -> {
            model.put("user", a.getName());
            model.put("roles", new TreeSet<>(a.getRoles()));
        });
        model.putIfAbsent("roles", Set.of());
        model.put("path", request.getPath());
    }
}
