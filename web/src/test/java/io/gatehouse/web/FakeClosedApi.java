package io.gatehouse.web;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A closed API on loopback speaking OpenAI's streaming {@code /v1/chat/completions} wire format. It records
 * every request body (what left the perimeter) and answers by echoing the placeholders it was sent, cut
 * so that a placeholder straddles two stream chunks, and citing passage [1].
 */
public final class FakeClosedApi implements AutoCloseable {

    private static final Pattern PLACEHOLDER = Pattern.compile("<[A-Z_]+_\\d+>");

    public final List<String> bodies = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    public FakeClosedApi() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                bodies.add(body);
                String reply = reply(body);
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                for (String piece : pieces(reply)) {
                    out.write(("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-fake\","
                            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":" + json(piece) + "},\"finish_reason\":null}]}\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                out.write(("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-fake\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\","
                        + "\"model\":\"gpt-fake\",\"choices\":[],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":10,"
                        + "\"total_tokens\":110}}\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
    }

    /** Configuration that makes this fake the destination the policy calls "closed". */
    public java.util.Map<String, String> asClosedDestination() {
        return java.util.Map.of("gatehouse.destinations.closed.type", "openai-compatible",
                "gatehouse.destinations.closed.provenance", "closed",
                "gatehouse.destinations.closed.base-url", baseUrl(),
                "gatehouse.destinations.closed.model", "gpt-fake");
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** "Closed answer about <PERSON_1>, <EMAIL_ADDRESS_1> [1]." for whatever placeholders the prompt held. */
    static String reply(String body) {
        Set<String> seen = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(body);
        while (m.find()) {
            seen.add(m.group());
        }
        return "Closed answer about " + String.join(", ", seen) + " [1].";
    }

    /** Chunks of 7 characters: long placeholders always straddle a chunk boundary. */
    private static List<String> pieces(String s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.length(); i += 7) {
            out.add(s.substring(i, Math.min(s.length(), i + 7)));
        }
        return out;
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
