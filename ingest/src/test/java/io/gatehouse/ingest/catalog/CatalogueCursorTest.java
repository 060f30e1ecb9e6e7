package io.gatehouse.ingest.catalog;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogueCursorTest {

    @Test
    void aTokenReadsBackAsTheSamePositionAndDirection() {
        CatalogueCursor c = new CatalogueCursor(CatalogueCursor.Direction.NEWER, Instant.parse("2026-03-01T09:00:00.123456Z"),
                "0b0e4a7e-2f7c-4c1e-9a57-0d9f3c4f8a11");
        String token = c.token();
        assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
        assertEquals(c, CatalogueCursor.parse(token));
    }

    @Test
    void anythingElseIsRefusedWithTheSameMessage() {
        String garbage = Base64.getUrlEncoder().encodeToString("c1|x|2026-03-01T09:00:00Z|id".getBytes());
        for (String bad : new String[] {"", "not base64!", garbage,
                Base64.getUrlEncoder().encodeToString("c1|o|yesterday|id".getBytes()),
                Base64.getUrlEncoder().encodeToString("c0|o|2026-03-01T09:00:00Z|id".getBytes()),
                "a".repeat(400)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CatalogueCursor.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("cursor is not one this server issued"), e.getMessage());
        }
    }

    @Test
    void aTitleFilterLongerThanTheLimitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CatalogueFilter(null, "x".repeat(CatalogueFilter.MAX_TITLE_FILTER + 1)));
    }
}
