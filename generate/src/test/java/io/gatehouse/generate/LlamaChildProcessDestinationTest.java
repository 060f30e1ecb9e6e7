package io.gatehouse.generate;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlamaChildProcessDestinationTest extends LlamaDestinationTest {

    @Override
    LlamaCppConfig.Isolation isolation() {
        return LlamaCppConfig.Isolation.CHILD_PROCESS;
    }

    /**
     * The check: start and stop the destination 50 times. Each stop must end the child that held
     * the model (so the system has every byte of its native memory back), and this process must not grow.
     * About 2.5 s a cycle on 2 cores (a JVM start each), so tagged slow; the default run does five.
     */
    @Test
    @Tag("slow")
    void startingAndStoppingFiftyTimesLeavesNoModelProcessAndNoGrowth() throws IOException {
        startAndStop(50);
    }

    @Test
    void startingAndStoppingFiveTimesLeavesNoModelProcess() throws IOException {
        startAndStop(5);
    }

    private void startAndStop(int cycles) throws IOException {
        cycle();
        long before = residentKb();
        for (int i = 0; i < cycles; i++) {
            cycle();
            assertEquals(0, liveWorkers(), "the model's process is gone after close (cycle " + i + ")");
        }
        long grownMb = (residentKb() - before) / 1024;
        assertTrue(grownMb < 64, "resident memory grew by " + grownMb + " MB over " + cycles + " start/stop cycles");
    }

    @Test
    void aKilledModelProcessIsReplacedOnTheNextQuestion() {
        Destination d = new DestinationFactory().create(config(4, 0, isolation()));
        try (d) {
            assertTrue(d.generate(REQUEST).usage().promptTokens() > 0);
            List<ProcessHandle> workers = ProcessHandle.current().children()
                    .filter(LlamaChildProcessDestinationTest::isWorker).toList();
            assertEquals(1, workers.size(), "one model process");
            ProcessHandle killed = workers.getFirst();
            killed.destroyForcibly();
            killed.onExit().join();
            // Whether the next question finds the process already reaped (and starts a fresh one at once) or
            // writes to it first (and fails once, as UNAVAILABLE) depends on the JVM's reaper thread; both are
            // fine, and no question after that fails.
            GeneratedText answer;
            try {
                answer = d.generate(REQUEST);
            } catch (DestinationException e) {
                assertEquals(Failure.Kind.UNAVAILABLE, e.failure().kind());
                answer = d.generate(REQUEST);
            }
            assertTrue(answer.usage().promptTokens() > 0, "a fresh child answers");
            assertTrue(ProcessHandle.current().children().filter(LlamaChildProcessDestinationTest::isWorker)
                    .noneMatch(w -> w.pid() == killed.pid()), "the answer came from a new process");
        }
    }

    private static long liveWorkers() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).filter(LlamaChildProcessDestinationTest::isWorker)
                .count();
    }

    private static boolean isWorker(ProcessHandle p) {
        return p.info().arguments().map(a -> String.join(" ", a).contains(LlamaWorker.class.getName())).orElse(false);
    }
}
