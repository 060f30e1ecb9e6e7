package io.gatehouse.web;

import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import jakarta.inject.Inject;

/** A test against the real server the Micronaut test extension starts on a random port, through a real HTTP client. */
public abstract class RealServerTest implements TestServer {

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public BlockingHttpClient client() {
        return http.toBlocking();
    }
}
