package io.gatehouse.web.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Browser sessions ({@code gatehouse.ui.*}).
 *
 * @param secureCookies mark cookies {@code Secure}: browsers then send them over HTTPS and to localhost only.
 *                      Turn off only for a plain-HTTP deployment on a trusted network.
 * @param idleTimeout   a session unused this long ends
 * @param maxAge        a session ends this long after sign-in, however busy
 */
@ConfigurationProperties("gatehouse.ui")
public record SessionSettings(@Bindable(defaultValue = "true") boolean secureCookies,
                              @Bindable(defaultValue = "30m") Duration idleTimeout,
                              @Bindable(defaultValue = "12h") Duration maxAge) {
}
