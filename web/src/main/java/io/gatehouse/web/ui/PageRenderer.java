package io.gatehouse.web.ui;

import io.micronaut.core.io.Writable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.views.ModelAndView;
import io.micronaut.views.ViewsModelDecorator;
import io.micronaut.views.ViewsRenderer;
import io.micronaut.views.ViewsRendererLocator;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.Map;

/**
 * Renders a page where Micronaut's view filter does not run: responses made by exception handlers.
 * The model gets the same decoration (CSRF token, signed-in user) as every other page.
 */
@Singleton
public class PageRenderer {

    private final ViewsRendererLocator renderers;
    private final ViewsModelDecorator decorator;

    public PageRenderer(ViewsRendererLocator renderers, ViewsModelDecorator decorator) {
        this.renderers = renderers;
        this.decorator = decorator;
    }

    public MutableHttpResponse<?> render(HttpRequest<?> request, HttpStatus status, String view, Map<String, Object> model) {
        return HttpResponse.status(status).contentType(MediaType.TEXT_HTML_TYPE).body(body(request, view, model));
    }

    /** The rendered page, for a response made elsewhere. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Writable body(HttpRequest<?> request, String view, Map<String, Object> model) {
        ModelAndView<Map<String, Object>> mv = new ModelAndView<>(view, new HashMap<>(model));
        decorator.decorate(request, mv);
        Map<String, Object> decorated = mv.getModel().orElseThrow();
        ViewsRenderer renderer = renderers.resolveViewsRenderer(view, MediaType.TEXT_HTML, decorated)
                .orElseThrow(() -> new IllegalStateException("no renderer for view " + view));
        return renderer.render(view, decorated, request);
    }

    /** The error page: a status, a title and one sentence. */
    public MutableHttpResponse<?> error(HttpRequest<?> request, HttpStatus status, String title, String message) {
        return render(request, status, "error", Map.of("status", status.getCode(), "title", title, "message", message));
    }
}
