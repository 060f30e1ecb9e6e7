package io.gatehouse.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real server in a child JVM, for tests that kill it ({@code kill -9}) or bound its heap. It runs the
 * production entry point on the test classpath with its own data folder and port.
 */
final class ChildServer implements AutoCloseable {

    private final Process process;
    private final int port;

    private ChildServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** A child with the demo users (the tests sign in as them). */
    static ChildServer start(Path dataDir, String maxHeap, Path log) {
        return start(dataDir, maxHeap, log, Map.of("gatehouse.demo.accounts", "true"));
    }

    /** A child with these system properties ({@code -Dkey=value}); its standard output is appended to {@code log}. */
    static ChildServer start(Path dataDir, String maxHeap, Path log, Map<String, String> properties) {
        int port = freePort();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"));
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-cp", classpath, Application.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("GATEHOUSE_DATA_DIR", dataDir.toString());
        pb.environment().put("GATEHOUSE_PORT", Integer.toString(port));
        pb.environment().put("GATEHOUSE_DEMO", "false");
        pb.environment().put("MICRONAUT_ENVIRONMENTS", "child");
        try {
            ChildServer server = new ChildServer(pb.start(), port);
            server.awaitHealthy(Duration.ofSeconds(120));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hooks, no flushing; what was not durable is lost. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("child server exited with " + process.exitValue());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("child server did not become healthy in " + timeout);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
