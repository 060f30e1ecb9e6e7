package io.gatehouse.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production entry point on a first start without demo accounts or a configured password: the
 * generated administrator password is printed once to standard output, works, never reaches a log
 * line, and is not printed again at the next start.
 */
class FirstStartTest {

    private static final Pattern PASSWORD = Pattern.compile("password:\\s+(\\S+)");

    @TempDir
    Path dir;

    @Test
    void theGeneratedAdministratorPasswordIsPrintedOnceAndWorks() throws Exception {
        Path data = dir.resolve("data");
        Path log = dir.resolve("server.log");
        String password;
        try (ChildServer server = ChildServer.start(data, "512m", log, Map.of())) {
            String output = Files.readString(log);
            Matcher m = PASSWORD.matcher(output);
            assertTrue(m.find(), "banner on standard output:\n" + output);
            password = m.group(1);
            assertEquals(1, count(output, password), "the password appears in the banner only, never in a log line");
            assertEquals(200, login(server, "admin", password));
            assertEquals(401, login(server, "admin", "admin-demo"), "no demo accounts");
        }
        try (ChildServer again = ChildServer.start(data, "512m", log, Map.of())) {
            String output = Files.readString(log);
            assertEquals(1, count(output, "an administrator account was created"), "printed on the first start only");
            assertEquals(1, count(output, password));
            assertEquals(200, login(again, "admin", password));
        }
    }

    private static int login(ChildServer server, String user, String password) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}")).build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
