package io.gatehouse.policy.pii;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WordTableTest {

    @Test
    void returnsTheFlagsOfEveryEntryAndZeroForOthers() {
        Map<String, Byte> entries = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            entries.put("word" + i, (byte) (1 + i % 100));
        }
        entries.put("zoë", (byte) 7);
        WordTable table = new WordTable(entries);
        entries.forEach((word, flags) -> assertEquals((byte) flags, table.get(word), word));
        assertEquals(0, table.get("word5000"));
        assertEquals(0, table.get(""));
        assertEquals(0, table.get("zoe"));
    }
}
