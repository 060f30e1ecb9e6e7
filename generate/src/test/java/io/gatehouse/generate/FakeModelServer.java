package io.gatehouse.generate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model API on a random loopback port, answering each request with the next scripted response
 * (the last one repeats). It records every request and notices when a client goes away mid-stream.
 * The wire format is in the scripts; see {@link OpenAiWire} and {@link AnthropicWire}.
 */
final class FakeModelServer implements AutoCloseable {

    record Recorded(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    @FunctionalInterface
    interface Script {
        void respond(HttpExchange exchange, FakeModelServer server) throws Exception;
    }

    final List<Recorded> requests = new CopyOnWriteArrayList<>();
    final CountDownLatch clientGone = new CountDownLatch(1);
    final AtomicInteger eventsWritten = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private final Deque<Script> scripts = new ArrayDeque<>();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private Script last;

    FakeModelServer(String path) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext(path, exchange -> {
            try (exchange) {
                requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        Map.copyOf(exchange.getRequestHeaders()),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                next().respond(exchange, this);
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e); // aborts the connection without ending the body
            }
        });
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    synchronized FakeModelServer then(Script... s) {
        scripts.addAll(List.of(s));
        return this;
    }

    private synchronized Script next() {
        if (!scripts.isEmpty()) {
            last = scripts.poll();
        }
        return last;
    }

    /** A plain response, as APIs send errors. */
    static Script status(int code, Map<String, String> headers, String json) {
        return (ex, s) -> {
            headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.getResponseHeaders().add("Content-Type", "application/json");
            byte[] b = json.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(code, b.length);
            ex.getResponseBody().write(b);
        };
    }

    /** An event stream, {@code gap} between events; with {@code cutAfter >= 0} the connection is dropped after that many. */
    static Script stream(List<String> events, Duration gap, int cutAfter) {
        return (ex, s) -> {
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            int i = 0;
            for (String e : events) {
                if (i++ == cutAfter) {
                    throw new IllegalStateException("cut"); // no terminating chunk: the client sees the body break off
                }
                try {
                    out.write(e.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    s.eventsWritten.incrementAndGet();
                } catch (IOException gone) {
                    s.clientGone.countDown();
                    return;
                }
                if (!gap.isZero()) {
                    Thread.sleep(gap.toMillis());
                }
            }
        };
    }

    /** Accepts the request and never answers (until the server closes). */
    static Script hang() {
        return (ex, s) -> s.release.await(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}
