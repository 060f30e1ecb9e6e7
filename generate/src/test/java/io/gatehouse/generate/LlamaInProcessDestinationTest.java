package io.gatehouse.generate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertTrue;

class LlamaInProcessDestinationTest extends LlamaDestinationTest {

    @Override
    LlamaCppConfig.Isolation isolation() {
        return LlamaCppConfig.Isolation.IN_PROCESS;
    }

    /**
     * The check in this mode: 50 start/stop cycles must not grow resident memory. It fails with
     * de.kherud:llama 4.2.0, whose LlamaModel.close() does not free llama.cpp's server context and leaves
     * a thread behind (upstream kherud/java-llama.cpp#102 and #116): measured here about 35 MB and one
     * thread per cycle. Our close() does call LlamaModel.close(); the memory is the binding's, which is why
     * CHILD_PROCESS is the default isolation. Off by default so the default run does not leak 1.7 GB on a
     * shared machine; run it with {@code -Dgatehouse.llama.leakcheck=true} to re-measure after a binding upgrade.
     */
    @Test
    @EnabledIfSystemProperty(named = "gatehouse.llama.leakcheck", matches = "true",
            disabledReason = "de.kherud:llama 4.2.0 leaks its native context on close (upstream #102/#116); see docs/destinations.md")
    void startingAndStoppingFiftyTimesFreesNativeMemory() throws IOException {
        for (int i = 0; i < 5; i++) {
            cycle(); // warm-up: allocator pools and the loaded native library settle
        }
        long before = residentKb();
        for (int i = 0; i < 50; i++) {
            cycle();
        }
        long grownMb = (residentKb() - before) / 1024;
        assertTrue(grownMb < 64, "resident memory grew by " + grownMb + " MB over 50 start/stop cycles");
    }
}
