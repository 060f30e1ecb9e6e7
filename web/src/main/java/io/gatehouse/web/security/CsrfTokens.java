package io.gatehouse.web.security;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Signed double-submit CSRF tokens: the browser holds a random value in a cookie, and every form or
 * script request must also carry {@code HMAC(key, value)}. Another site can make the browser send the
 * cookie but can neither read it nor compute the HMAC, and a value planted in the cookie from elsewhere
 * is useless without the key.
 */
@Singleton
public class CsrfTokens {

    public static final String COOKIE = "gh_csrf";
    public static final String FIELD = "_csrf";
    public static final String HEADER = "X-CSRF-Token";

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public CsrfTokens(@Value("${micronaut.security.token.jwt.signatures.secret.generator.secret}") String secret) {
        try {
            // a key of its own, derived from the server secret, so a CSRF token never doubles as anything else
            byte[] k = MessageDigest.getInstance("SHA-256").digest(("gatehouse-csrf:" + secret).getBytes(StandardCharsets.UTF_8));
            this.key = new SecretKeySpec(k, "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh cookie value. */
    public String newCookieValue() {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** The token forms and scripts must send for this cookie value. */
    public String tokenFor(String cookieValue) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(cookieValue.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean matches(String cookieValue, String token) {
        if (cookieValue == null || token == null || cookieValue.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(cookieValue).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }
}
