package io.gatehouse.web.security;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Server-side browser sessions: a random 256-bit token in the cookie, its hash in {@code web_session}.
 * Unlike a self-contained token, a session ends for certain when it is closed, timed out or its account's
 * sessions are revoked.
 */
@Singleton
public class WebSessions {

    /** How often the idle clock is advanced: not on every request, so a busy page does not write on each call. */
    private static final Duration TOUCH_GRANULARITY = Duration.ofMinutes(1);

    private final DataSource dataSource;
    private final SessionSettings settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public WebSessions(DataSource dataSource, SessionSettings settings, Clock clock) {
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.settings = settings;
        this.clock = clock;
    }

    /** Opens a session for an authenticated user and returns the cookie value; sweeps expired ones on the way. */
    public String open(String username) {
        purgeExpired();
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Timestamp now = Timestamp.from(clock.instant());
        update("INSERT INTO web_session (token_hash, username, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
                hash(token), username, now, now);
        return token;
    }

    /** A live session: whose, and since when. */
    public record Session(String username, Instant createdAt) {
    }

    /** The session if the token names a live one; expired sessions are deleted on the way. */
    public Optional<Session> resolve(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        String h = hash(token);
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT username, created_at, last_seen_at FROM web_session WHERE token_hash = ?")) {
            s.setString(1, h);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                String user = r.getString(1);
                Instant created = r.getTimestamp(2).toInstant();
                Instant seen = r.getTimestamp(3).toInstant();
                if (now.isAfter(created.plus(settings.maxAge())) || now.isAfter(seen.plus(settings.idleTimeout()))) {
                    close(token);
                    return Optional.empty();
                }
                if (now.isAfter(seen.plus(TOUCH_GRANULARITY))) {
                    update("UPDATE web_session SET last_seen_at = ? WHERE token_hash = ?", Timestamp.from(now), h);
                }
                return Optional.of(new Session(user, created));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("session lookup failed", e);
        }
    }

    public void close(String token) {
        if (token != null) {
            update("DELETE FROM web_session WHERE token_hash = ?", hash(token));
        }
    }

    /**
     * After the user changed their own password: ends every session of theirs, the one they used included
     * (its token may be what leaked), and opens a fresh one for the browser that made the change.
     * Returns the new cookie value.
     */
    public String renew(String username) {
        closeAll(username);
        return open(username);
    }

    /** The session cookie for a token: readable by no script, sent on same-site navigations only. */
    public Cookie cookie(String token) {
        return Cookie.of(SessionCookieFetcher.COOKIE, token).path("/").httpOnly(true).secure(settings.secureCookies())
                .sameSite(SameSite.Lax);
    }

    /** Ends every session of the user: after a password reset, when the account is disabled. */
    public int closeAll(String username) {
        return update("DELETE FROM web_session WHERE username = ?", username);
    }

    /** Deletes sessions past either timeout; returns how many. */
    public int purgeExpired() {
        Instant now = clock.instant();
        return update("DELETE FROM web_session WHERE created_at < ? OR last_seen_at < ?",
                Timestamp.from(now.minus(settings.maxAge())), Timestamp.from(now.minus(settings.idleTimeout())));
    }

    private int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("session store failed", e);
        }
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
