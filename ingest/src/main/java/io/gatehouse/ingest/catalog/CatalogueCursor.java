package io.gatehouse.ingest.catalog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * A position in the catalogue's order (newest first: {@code created_at} descending, then {@code id}
 * descending, a total order because ids are unique) and the direction to read from it. A page is read
 * by key, not by offset, so documents uploaded while an administrator pages do not shift later pages
 * and a deep page costs what the first does. Clients hold it as an opaque token ({@link #token()}).
 */
public record CatalogueCursor(Direction direction, Instant createdAt, String id) {

    /** {@code OLDER} reads the rows after the position in catalogue order; {@code NEWER} the rows before it. */
    public enum Direction { OLDER, NEWER }

    private static final String VERSION = "c1";

    public CatalogueCursor {
        if (direction == null || createdAt == null || id == null || id.isEmpty()) {
            throw new IllegalArgumentException("a catalogue cursor needs a direction, a time and an id");
        }
    }

    static CatalogueCursor after(DocumentRow row) {
        return new CatalogueCursor(Direction.OLDER, row.createdAt(), row.id());
    }

    static CatalogueCursor before(DocumentRow row) {
        return new CatalogueCursor(Direction.NEWER, row.createdAt(), row.id());
    }

    /** URL-safe and opaque: callers pass it back unchanged. */
    public String token() {
        String plain = VERSION + "|" + (direction == Direction.OLDER ? "o" : "n") + "|" + createdAt + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a {@link #token()}; anything else is refused with a message fit for the client. */
    public static CatalogueCursor parse(String token) {
        String refused = "cursor is not one this server issued: pass back the nextCursor or previousCursor of a page unchanged";
        if (token == null || token.isBlank() || token.length() > 300) {
            throw new IllegalArgumentException(refused);
        }
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.UTF_8).split("\\|", -1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(refused);
        }
        if (parts.length != 4 || !parts[0].equals(VERSION) || !(parts[1].equals("o") || parts[1].equals("n"))
                || parts[3].isEmpty() || parts[3].length() > 36) {
            throw new IllegalArgumentException(refused);
        }
        try {
            return new CatalogueCursor(parts[1].equals("o") ? Direction.OLDER : Direction.NEWER, Instant.parse(parts[2]), parts[3]);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(refused);
        }
    }
}
