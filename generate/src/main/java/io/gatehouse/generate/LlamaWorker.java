package io.gatehouse.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The child process of a {@link LlamaCppConfig.Isolation#CHILD_PROCESS} destination: runs the model with
 * {@link LlamaUpstream} and speaks JSON lines over its standard streams. In: {@code generate} (system, user)
 * and {@code cancel}. Out: {@code token} (text), then {@code done} (usage, stop) or {@code error} (failure
 * kind and our own reason, never content). End of input means shut down.
 * Arguments: model path, threads, context size, max tokens, temperature, seed.
 */
public final class LlamaWorker {

    private final ObjectMapper json = new ObjectMapper();
    private final PrintStream out;
    private final LlamaUpstream model;
    private volatile Cancellation current = new Cancellation();

    private LlamaWorker(LlamaUpstream model, PrintStream out) {
        this.model = model;
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        // Only protocol lines may reach stdout; anything else printing there would corrupt it.
        PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        Duration day = Duration.ofDays(1); // the parent enforces the real time limits
        LlamaCppConfig config = new LlamaCppConfig("worker", Path.of(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]), Integer.parseInt(args[3]), Float.parseFloat(args[4]), 0, 32, Integer.parseInt(args[5]),
                new Resilience(Duration.ofSeconds(1), day, day, 0, Duration.ZERO, Duration.ZERO, 1, Duration.ZERO),
                LlamaCppConfig.Isolation.IN_PROCESS);
        try (LlamaUpstream upstream = new LlamaUpstream(config)) {
            new LlamaWorker(upstream, protocol).serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        }
        // The binding leaves a non-daemon thread behind (upstream #116); the process must end regardless.
        System.exit(0);
    }

    private void serve(BufferedReader in) throws IOException {
        ExecutorService generator = Executors.newSingleThreadExecutor();
        try {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode msg = json.readTree(line);
                switch (msg.path("type").asText()) {
                    case "generate" -> {
                        Cancellation c = new Cancellation();
                        current = c;
                        Prompt prompt = new Prompt(msg.path("system").asText(), msg.path("user").asText(), java.util.List.of(), 0);
                        generator.submit(() -> generate(prompt, c));
                    }
                    case "cancel" -> current.cancel();
                    default -> { } // unknown messages are ignored: the parent may be newer
                }
            }
        } finally {
            current.cancel();
            generator.shutdown();
        }
    }

    private void generate(Prompt prompt, Cancellation cancellation) {
        try {
            Upstream.Reply reply = model.call(prompt, t -> send(json.createObjectNode().put("type", "token").put("text", t)),
                    cancellation);
            send(json.createObjectNode().put("type", "done").put("promptTokens", reply.usage() == null ? 0 : reply.usage().promptTokens())
                    .put("completionTokens", reply.usage() == null ? 0 : reply.usage().completionTokens())
                    .put("stop", reply.stop().name()));
        } catch (DestinationException e) {
            ObjectNode err = json.createObjectNode().put("type", "error").put("kind", e.failure().kind().name());
            if (e.failure() instanceof Failure.Unavailable u) {
                err.put("why", u.why());
            }
            send(err);
        } catch (RuntimeException e) {
            send(json.createObjectNode().put("type", "error").put("kind", "UNAVAILABLE").put("why", "the local model failed"));
        }
    }

    private synchronized void send(ObjectNode msg) {
        try {
            out.println(json.writeValueAsString(msg));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
