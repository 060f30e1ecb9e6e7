package io.gatehouse.web.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code ./gatehouse ingest DIR --tier T [--groups G] [--server URL] [--user U]}: uploads every file under
 * DIR through the REST API as ZIP corpora of up to {@value #BATCH} files, shows a progress bar while the
 * server indexes them and ends with a summary that names each failed file and why. The password comes
 * from {@code GATEHOUSE_PASSWORD} or the console; a token in {@code GATEHOUSE_TOKEN} is used as is.
 */
public final class BulkIngest {

    static final int BATCH = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String server;
    private final PrintStream out;

    public BulkIngest(String server, PrintStream out) {
        this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new java.util.HashMap<>();
        String dir = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                opts.put(args[i].substring(2), args[++i]);
            } else if (dir == null) {
                dir = args[i];
            }
        }
        if (dir == null || !opts.containsKey("tier")) {
            System.err.println("usage: ./gatehouse ingest DIR --tier PUBLIC|INTERNAL|CONFIDENTIAL|RESTRICTED [--groups a,b] "
                    + "[--server http://localhost:8080] [--user admin]   (password: $GATEHOUSE_PASSWORD or prompt; or $GATEHOUSE_TOKEN)");
            System.exit(2);
        }
        BulkIngest cli = new BulkIngest(opts.getOrDefault("server", "http://localhost:8080"), System.out);
        String token = System.getenv("GATEHOUSE_TOKEN");
        if (token == null) {
            String user = opts.getOrDefault("user", "admin");
            String password = System.getenv("GATEHOUSE_PASSWORD");
            if (password == null && System.console() != null) {
                password = new String(System.console().readPassword("password for %s: ", user));
            }
            if (password == null) {
                System.err.println("no password: set GATEHOUSE_PASSWORD or GATEHOUSE_TOKEN");
                System.exit(2);
            }
            token = cli.login(user, password);
        }
        int failed = cli.run(Path.of(dir), opts.get("tier"), opts.getOrDefault("groups", ""), token);
        System.exit(failed == 0 ? 0 : 1);
    }

    public String login(String user, String password) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("username", user, "password", password));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server + "/api/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login failed: HTTP " + r.statusCode() + " " + problem(r.body()));
        }
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    /** Uploads and waits; returns how many files failed. */
    public int run(Path dir, String tier, String groups, String token) throws IOException, InterruptedException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        out.printf("%d files under %s%n", files.size(), dir);
        int indexed = 0;
        int duplicates = 0;
        List<String> failures = new ArrayList<>();
        for (int start = 0; start < files.size(); start += BATCH) {
            List<Path> batch = files.subList(start, Math.min(files.size(), start + BATCH));
            JsonNode accepted = upload(dir, batch, tier, groups, token);
            String jobId = accepted.get("jobId").asText();
            JsonNode job;
            while (true) {
                job = getJson("/api/jobs/" + jobId, token);
                progress(start + job.get("finished").asInt(), files.size());
                if (job.get("done").asBoolean()) {
                    break;
                }
                Thread.sleep(500);
            }
            out.println();
            indexed += job.get("indexed").asInt();
            duplicates += job.get("duplicates").asInt();
            for (JsonNode item : job.get("items")) {
                if ("FAILED".equals(item.get("status").asText())) {
                    failures.add(item.get("filename").asText() + ": " + item.path("error").asText());
                }
            }
        }
        out.printf("indexed %d, already present %d, failed %d%n", indexed, duplicates, failures.size());
        failures.forEach(f -> out.println("  failed " + f));
        return failures.size();
    }

    private JsonNode upload(Path root, List<Path> batch, String tier, String groups, String token)
            throws IOException, InterruptedException {
        Path zip = Files.createTempFile("gatehouse-ingest", ".zip");
        try {
            try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(os)) {
                for (Path f : batch) {
                    z.putNextEntry(new ZipEntry(root.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, z);
                    z.closeEntry();
                }
            }
            String boundary = "gatehouse-" + UUID.randomUUID();
            List<byte[]> parts = new ArrayList<>();
            parts.add(field(boundary, "tier", tier));
            if (!groups.isBlank()) {
                parts.add(field(boundary, "groups", groups));
            }
            parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"corpus.zip\"\r\n"
                    + "Content-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(
                    HttpRequest.BodyPublishers.ofByteArrays(parts),
                    HttpRequest.BodyPublishers.ofFile(zip),
                    HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n"));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server + "/api/corpora"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(body).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 202) {
                throw new IllegalStateException("upload refused: HTTP " + r.statusCode() + " " + problem(r.body()));
            }
            return JSON.readTree(r.body());
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    private JsonNode getJson(String path, String token) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": HTTP " + r.statusCode() + " " + problem(r.body()));
        }
        return JSON.readTree(r.body());
    }

    private void progress(int done, int total) {
        int width = 40;
        int filled = total == 0 ? width : (int) ((long) done * width / total);
        out.printf("\r[%s%s] %d/%d", "#".repeat(filled), ".".repeat(width - filled), done, total);
        out.flush();
    }

    private static byte[] field(String boundary, String name, String value) {
        return ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String problem(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n.has("detail") ? n.get("detail").asText() : body;
        } catch (IOException e) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }
}
