package io.gatehouse.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A GGUF model run by llama.cpp in a child JVM ({@link LlamaWorker}), started on the first question and
 * stopped by {@link #close()}, which returns all of its native memory to the system. Questions queue
 * as for the in-process model ({@link ModelTurns}); time limits and cancellation are enforced here.
 * The child's stderr is discarded: llama.cpp may print prompts there.
 */
final class LlamaProcessUpstream extends LlamaCppUpstream {

    /** How long a cancelled or timed-out generation may take to acknowledge before the child is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Object EOF = new Object();

    private final ObjectMapper json = new ObjectMapper();
    private Worker worker; // guarded by a turn
    private boolean closed; // guarded by a turn

    LlamaProcessUpstream(LlamaCppConfig config) {
        super(config);
    }

    @Override
    protected Reply generateInTurn(Prompt prompt, TokenSink sink, Cancellation cancellation, Instant firstDeadline,
                                   Instant totalDeadline) throws InterruptedException {
        return exchange(running(), prompt, sink, cancellation, firstDeadline, totalDeadline);
    }

    private Reply exchange(Worker w, Prompt prompt, TokenSink sink, Cancellation cancellation, Instant firstDeadline,
                           Instant totalDeadline) throws InterruptedException {
        ObjectNode request = json.createObjectNode().put("type", "generate").put("system", prompt.system()).put("user", prompt.user());
        if (!w.send(request)) {
            throw died(w);
        }
        StringBuilder text = new StringBuilder();
        boolean started = false;
        Cancellation.Registration onCancel = cancellation.onCancel(() -> w.send(json.createObjectNode().put("type", "cancel")));
        try {
            while (true) {
                Instant deadline = started ? totalDeadline : firstDeadline;
                Object m = w.out.poll(Math.max(0, Duration.between(Instant.now(), deadline).toNanos()), TimeUnit.NANOSECONDS);
                if (m == null) {
                    stopGeneration(w);
                    throw new DestinationException(config.name(), started
                            ? new Failure.Timeout(Failure.Phase.TOTAL, config.resilience().totalTimeout())
                            : new Failure.Timeout(Failure.Phase.FIRST_TOKEN, config.resilience().firstTokenTimeout()), started);
                }
                if (m == EOF) {
                    throw died(w);
                }
                JsonNode msg = (JsonNode) m;
                switch (msg.path("type").asText()) {
                    case "token" -> {
                        if (cancellation.isCancelled()) {
                            continue; // already in the pipe when the cancel went out: the caller asked for no more
                        }
                        String t = msg.path("text").asText("");
                        try {
                            sink.accept(t);
                        } catch (RuntimeException e) {
                            stopGeneration(w);
                            throw e;
                        }
                        text.append(t);
                        started = true;
                    }
                    case "done" -> {
                        return new Reply(text.toString(), new Usage(msg.path("promptTokens").asInt(),
                                msg.path("completionTokens").asInt(), true), StopReason.valueOf(msg.path("stop").asText("END")));
                    }
                    case "error" -> throw new DestinationException(config.name(), new Failure.Unavailable(
                            msg.path("why").asText("the local model failed")), started);
                    default -> { } // not ours
                }
            }
        } finally {
            onCancel.close();
        }
    }

    /** Asks the child to stop the current generation and waits for it to say so; a child that does not is killed. */
    private void stopGeneration(Worker w) throws InterruptedException {
        w.send(json.createObjectNode().put("type", "cancel"));
        Instant until = Instant.now().plus(STOP_GRACE);
        while (Instant.now().isBefore(until)) {
            Object m = w.out.poll(Math.max(1, Duration.between(Instant.now(), until).toMillis()), TimeUnit.MILLISECONDS);
            if (m == EOF) {
                break;
            }
            if (m instanceof JsonNode n && ("done".equals(n.path("type").asText()) || "error".equals(n.path("type").asText()))) {
                return;
            }
        }
        stop(w);
        worker = null;
    }

    private DestinationException died(Worker w) {
        stop(w);
        worker = null; // the next question starts a fresh child
        return new DestinationException(config.name(), new Failure.Unavailable("the local model process stopped"), false);
    }

    /** Call holding a turn. */
    private Worker running() {
        if (closed) {
            throw new DestinationException(config.name(), new Failure.Unavailable("it has been shut down"), false);
        }
        if (worker != null && worker.process.isAlive()) {
            return worker;
        }
        if (!Files.isReadable(config.modelPath())) {
            throw new DestinationException(config.name(), new Failure.Unavailable("its model file is missing"), false);
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), LlamaWorker.class.getName(),
                config.modelPath().toAbsolutePath().toString(), String.valueOf(config.threads()),
                String.valueOf(config.contextSize()), String.valueOf(config.maxTokens()), String.valueOf(config.temperature()),
                String.valueOf(config.seed()));
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            worker = new Worker(p, json);
            return worker;
        } catch (IOException e) {
            throw new DestinationException(config.name(), new Failure.Unavailable("the local model process could not start"), false);
        }
    }

    private static void stop(Worker w) {
        w.closeInput(); // the child shuts down at the end of its input
        try {
            if (!w.process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                w.process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            w.process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        ModelTurns.Turn exclusive = turns.exclusive(); // waits for a running generation
        try {
            closed = true;
            if (worker != null) {
                stop(worker);
                worker = null;
            }
        } finally {
            exclusive.close();
        }
    }

    /** The child process, its input, and a queue of its output messages (parsed JSON, or EOF at the end). */
    private static final class Worker {
        final Process process;
        final BlockingQueue<Object> out = new LinkedBlockingQueue<>();
        private final Writer in;
        private final ObjectMapper json;

        Worker(Process process, ObjectMapper json) {
            this.process = process;
            this.json = json;
            this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(this::read, "llama-worker-output");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("{")) {
                        try {
                            out.add(json.readTree(line));
                        } catch (IOException notOurs) {
                            // a stray line from native code: not protocol
                        }
                    }
                }
            } catch (IOException e) {
                // the child went away; EOF below tells the waiting caller
            } finally {
                out.add(EOF);
            }
        }

        synchronized boolean send(JsonNode msg) {
            try {
                in.write(json.writeValueAsString(msg));
                in.write('\n');
                in.flush();
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        synchronized void closeInput() {
            try {
                in.close();
            } catch (IOException ignored) {
                // already closed: the child is gone
            }
        }
    }
}
