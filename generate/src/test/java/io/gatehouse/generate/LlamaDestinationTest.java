package io.gatehouse.generate;

import io.gatehouse.policy.routing.Provenance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GGUF destination against a real (tiny, random-weight) model run by llama.cpp, in each isolation mode. */
abstract class LlamaDestinationTest {

    abstract LlamaCppConfig.Isolation isolation();


    static final GenerationRequest REQUEST = Passages.request("Who signs off expense claims?",
            "Expense claims are signed off by the line manager within five days.");

    private final List<Destination> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(Destination::close);
    }

    @Test
    void loadsLazilyStreamsTokensAndCountsThem() {
        Destination d = llama(16, 2);
        assertTrue(d.isUp(), "up before the model is loaded: loading is lazy");
        List<String> tokens = new ArrayList<>();
        GeneratedText out = d.stream(REQUEST, tokens::add, new Cancellation());
        assertFalse(tokens.isEmpty(), "tokens arrive through the sink");
        assertEquals(String.join("", tokens), out.text());
        assertTrue(out.usage().reportedByModel());
        assertTrue(out.usage().promptTokens() > 20, "the prompt holds instructions, passage and question");
        assertTrue(out.usage().completionTokens() >= tokens.size());
        assertEquals(Provenance.ON_PREM, d.provenance());
        assertEquals(0, out.estimatedCost().signum(), "on-prem costs nothing");
        assertEquals("llama-2-tiny-random.gguf", out.model());
    }

    @Test
    void honoursMaxTokens() {
        for (int max : new int[]{3, 9}) {
            Destination d = llama(max, 0);
            GeneratedText out = d.generate(REQUEST);
            assertTrue(out.usage().completionTokens() <= max, "at most " + max + ": " + out.usage());
            if (out.usage().completionTokens() == max) {
                assertEquals(StopReason.MAX_TOKENS, out.stopReason());
            }
        }
    }

    @Test
    void cancellationStopsGenerationWithinAToken() {
        Destination d = llama(200, 0);
        Cancellation cancel = new Cancellation();
        List<String> tokens = new ArrayList<>();
        GeneratedText out = d.stream(REQUEST, t -> {
            tokens.add(t);
            if (tokens.size() == 3) {
                cancel.cancel();
            }
        }, cancel);
        assertEquals(StopReason.CANCELLED, out.stopReason());
        assertEquals(3, tokens.size(), "no token after the cancel");
        // in-process the loop stops within a token; a child process may run a few more before the cancel arrives
        assertTrue(out.usage().completionTokens() < 50, "generation stopped early: " + out.usage());
    }

    @Test
    void aFailingSinkStopsGenerationAndFreesTheModelForTheNextQuestion() {
        Destination d = llama(64, 0);
        IllegalStateException gone = new IllegalStateException("client went away");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> d.stream(REQUEST, t -> {
            throw gone;
        }, new Cancellation()));
        assertTrue(thrown == gone);
        assertTrue(d.isUp());
        assertTrue(d.generate(REQUEST).usage().completionTokens() > 0, "the slot was released");
    }

    @Test
    void aFullQueueIsRefusedAsBusyAndTheQueueDrains() throws Exception {
        Destination d = llama(64, 0); // one generating, nobody may wait
        CountDownLatch generating = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<GeneratedText> first = pool.submit(() -> d.stream(REQUEST, t -> {
                generating.countDown();
                await(release);
            }, new Cancellation()));
            assertTrue(generating.await(30, TimeUnit.SECONDS));
            DestinationException busy = assertThrows(DestinationException.class, () -> d.generate(REQUEST));
            assertInstanceOf(Failure.Busy.class, busy.failure());
            assertTrue(busy.getMessage().contains("busy"), busy.getMessage());
            assertTrue(d.isUp(), "busy is load, not ill health");
            release.countDown();
            first.get(60, TimeUnit.SECONDS);
            assertTrue(d.generate(REQUEST).usage().promptTokens() > 0, "after the queue drained a question is answered");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aClosedDestinationSaysSo() {
        Destination d = llama(4, 0);
        d.generate(REQUEST);
        d.close();
        DestinationException e = assertThrows(DestinationException.class, () -> d.generate(REQUEST));
        assertInstanceOf(Failure.Unavailable.class, e.failure());
    }

    @Test
    void eachStartAndStopLoadsAnswersAndReleasesTheModel() {
        for (int i = 0; i < 3; i++) {
            Destination d = new DestinationFactory().create(config(4, 0, isolation()));
            assertTrue(d.generate(REQUEST).usage().promptTokens() > 0);
            d.close();
            DestinationException e = assertThrows(DestinationException.class, () -> d.generate(REQUEST));
            assertInstanceOf(Failure.Unavailable.class, e.failure());
        }
    }

    void cycle() {
        try (Destination d = new DestinationFactory().create(config(4, 0, isolation()))) {
            assertTrue(d.generate(REQUEST).usage().promptTokens() > 0);
        }
    }

    static long residentKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    private Destination llama(int maxTokens, int queue) {
        Destination d = new DestinationFactory().create(config(maxTokens, queue, isolation()));
        opened.add(d);
        return d;
    }

    static LlamaCppConfig config(int maxTokens, int queue, LlamaCppConfig.Isolation isolation) {
        return new LlamaCppConfig("local-llama", model(), 2, 1024, maxTokens, 0.8f, queue, 512, 42,
                new Resilience(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(120), 0,
                        Duration.ofMillis(10), Duration.ofSeconds(1), 3, Duration.ofSeconds(30)), isolation);
    }

    static Path model() {
        try {
            return Path.of(LlamaDestinationTest.class.getResource("/models/llama-2-tiny-random.gguf").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch l) {
        try {
            l.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
