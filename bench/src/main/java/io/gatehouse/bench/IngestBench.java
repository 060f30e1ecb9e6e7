package io.gatehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code ./gatehouse bench ingest [--pdfs 40] [--pages 10] [--passages-per-page 4] [--workers 1] [--model NAME] [--corpus ../shared/eval/msmarco-5k/corpus.jsonl] [--out F]}:
 * end-to-end ingestion through the real server started from the built jar in a child JVM with a fresh data
 * folder. Multi-page PDFs are generated from real passages, uploaded as one corpus, and timed until the job
 * is done; the server's own stage timers (/prometheus) give each stage's share. The baseline in the same
 * run is the embedding stage alone: how close end-to-end comes to the embedder's ceiling.
 */
public final class IngestBench {

    private static final String ADMIN_PASSWORD = "bench-admin-passphrase";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern STAGE = Pattern.compile("gatehouse_ingest_stage_seconds_sum\\{[^}]*stage=\"(\\w+)\"[^}]*} ([0-9.eE+-]+)");

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Args.parse(args);
        int pdfs = Integer.parseInt(opts.getOrDefault("pdfs", "40"));
        int pages = Integer.parseInt(opts.getOrDefault("pages", "10"));
        Path corpus = Path.of(opts.getOrDefault("corpus", "../shared/eval/msmarco-5k/corpus.jsonl"));
        Path out = Path.of(opts.getOrDefault("out", "bench/results/ingest.json"));
        int perPage = Integer.parseInt(opts.getOrDefault("passages-per-page", "4"));
        String workers = opts.getOrDefault("workers", "1");
        String model = opts.get("model"); // a bundled embedding model name; the server's default when absent
        List<String> passages = passages(corpus, pdfs * pages * perPage);
        System.out.printf("generating %d PDFs x %d pages from %s%n", pdfs, pages, Files.exists(corpus) ? corpus : "synthetic text");
        byte[] zip = corpusZip(pdfs, pages, perPage, passages);

        Path data = Files.createTempDirectory("gatehouse-bench");
        int port = freePort();
        Path jar = Path.of("web/target/gatehouse-web-0.1.0-SNAPSHOT.jar");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx2g", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(data.resolve("server.log").toFile());
        pb.environment().put("GATEHOUSE_DATA_DIR", data.toString());
        pb.environment().put("GATEHOUSE_PORT", Integer.toString(port));
        pb.environment().put("GATEHOUSE_DEMO", "false");
        pb.environment().put("GATEHOUSE_INGEST_WORKERS", workers);
        if (model != null) {
            pb.environment().put("GATEHOUSE_EMBEDDING_MODEL", model);
        }
        // A first start like production's: the only account is the administrator with this password.
        pb.environment().put("GATEHOUSE_ADMIN_PASSWORD", ADMIN_PASSWORD);
        Process server = pb.start();
        String base = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newHttpClient();
        boolean succeeded = false;
        try {
            awaitHealthy(http, base, server);
            String token = login(http, base);
            long started = System.nanoTime();
            String jobId = upload(http, base, token, zip);
            JsonNode job;
            do {
                Thread.sleep(250);
                job = get(http, base + "/api/jobs/" + jobId, token);
            } while (!job.get("done").asBoolean());
            double seconds = (System.nanoTime() - started) / 1e9;
            int indexed = job.get("indexed").asInt();
            Map<String, Double> stages = stageSeconds(http, base);
            double total = stages.values().stream().mapToDouble(Double::doubleValue).sum();
            double pagesIndexed = (double) indexed * pages;
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("pdfs", pdfs);
            result.put("pagesPerPdf", pages);
            result.put("passagesPerPage", perPage);
            result.put("workers", Integer.parseInt(workers));
            result.put("model", model == null ? "default" : model);
            result.put("indexed", indexed);
            result.put("wallSeconds", seconds);
            result.put("pagesPerSecond", pagesIndexed / seconds);
            Map<String, Double> shares = new LinkedHashMap<>();
            stages.forEach((k, v) -> shares.put(k, v / total));
            result.put("stageShare", shares);
            double embedOnly = stages.getOrDefault("embed", 0.0);
            result.put("embedOnlyPagesPerSecond", embedOnly > 0 ? pagesIndexed / embedOnly : null);
            result.put("endToEndOverEmbedOnly", embedOnly > 0 ? (pagesIndexed / seconds) / (pagesIndexed / embedOnly) : null);
            result.put("cores", Runtime.getRuntime().availableProcessors());
            double chunks = counter(http, base, "gatehouse_ingest_chunks_total");
            result.put("chunks", chunks);
            result.put("chunksPerPage", chunks / pagesIndexed);
            result.put("chunksPerSecond", chunks / seconds);
            System.out.printf("%n| metric | value |%n|---|---|%n");
            System.out.printf("| PDFs x pages | %d x %d (%d indexed) |%n", pdfs, pages, indexed);
            System.out.printf("| ingest workers, passages per page, model | %s, %d, %s |%n", workers, perPage, model == null ? "default" : model);
            System.out.printf("| wall time | %.1f s |%n", seconds);
            System.out.printf("| end-to-end pages/s | %.1f |%n", pagesIndexed / seconds);
            System.out.printf("| chunks (of up to 256 tokens) per page | %.2f |%n", chunks / pagesIndexed);
            System.out.printf("| end-to-end chunks/s | %.1f |%n", chunks / seconds);
            if (embedOnly > 0) {
                System.out.printf("| embedding stage alone, pages/s (ceiling) | %.1f |%n", pagesIndexed / embedOnly);
                System.out.printf("| end-to-end / embedding alone | %.2f |%n", (pagesIndexed / seconds) / (pagesIndexed / embedOnly));
            }
            shares.forEach((k, v) -> System.out.printf("| share of stage time: %s | %.1f%% |%n", k, v * 100));
            Files.createDirectories(out.toAbsolutePath().getParent());
            JSON.writeValue(out.toFile(), result);
            System.out.println("\nwrote " + out);
            succeeded = true;
        } finally {
            server.destroy();
            server.waitFor();
            if (succeeded) {
                ScratchDirectory.delete(data);
            } else {
                System.err.println("server data and log kept in " + data);
            }
        }
    }

    static List<String> passages(Path corpus, int n) throws IOException {
        List<String> out = new ArrayList<>();
        if (Files.exists(corpus)) {
            try (var lines = Files.lines(corpus)) {
                lines.limit(n).forEach(l -> {
                    try {
                        out.add(JSON.readTree(l).get("text").asText());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        }
        while (out.size() < n) {
            out.add("Synthetic paragraph " + out.size() + " describes harbour operations, tide tables, berth allocation and "
                    + "the maintenance of navigation lights in plain English sentences of ordinary length.");
        }
        return out;
    }

    private static byte[] corpusZip(int pdfs, int pages, int perPage, List<String> passages) throws IOException {
        ByteArrayOutputStream zipBytes = new ByteArrayOutputStream();
        int p = 0;
        try (ZipOutputStream zip = new ZipOutputStream(zipBytes)) {
            for (int d = 0; d < pdfs; d++) {
                try (PDDocument doc = new PDDocument(); ByteArrayOutputStream pdf = new ByteArrayOutputStream()) {
                    PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
                    for (int pg = 0; pg < pages; pg++) {
                        PDPage page = new PDPage();
                        doc.addPage(page);
                        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                            cs.beginText();
                            cs.setFont(font, 10);
                            cs.setLeading(13);
                            cs.newLineAtOffset(50, 740);
                            int lines = 0;
                            for (int k = 0; k < perPage && lines < 52; k++) {
                                for (String line : wrap(ascii(passages.get(p++ % passages.size())), 95)) {
                                    if (lines++ >= 52) {
                                        break;
                                    }
                                    cs.showText(line);
                                    cs.newLine();
                                }
                                cs.newLine();
                                lines++;
                            }
                            cs.endText();
                        }
                    }
                    doc.save(pdf);
                    zip.putNextEntry(new ZipEntry("doc-" + d + ".pdf"));
                    zip.write(pdf.toByteArray());
                    zip.closeEntry();
                }
            }
        }
        return zipBytes.toByteArray();
    }

    /** Helvetica (WinAnsi) cannot show every character; the benchmark needs text, not typography. */
    private static String ascii(String s) {
        return s.replaceAll("[^\\x20-\\x7E]", " ");
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String w : text.split("\\s+")) {
            if (line.length() + w.length() + 1 > width && !line.isEmpty()) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(w);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static double counter(HttpClient http, String base, String name) throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create(base + "/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static Map<String, Double> stageSeconds(HttpClient http, String base) throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create(base + "/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> out = new LinkedHashMap<>();
        Matcher m = STAGE.matcher(text);
        while (m.find()) {
            out.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
        }
        return out;
    }

    private static void awaitHealthy(HttpClient http, String base, Process server) throws Exception {
        for (int i = 0; i < 480; i++) {
            if (!server.isAlive()) {
                throw new IllegalStateException("server exited; is web/target/gatehouse-web-0.1.0-SNAPSHOT.jar built?");
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("server did not start");
    }

    private static String login(HttpClient http, String base) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    private static String upload(HttpClient http, String base, String token, byte[] zip) throws Exception {
        String boundary = "bench-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"tier\"\r\n\r\nINTERNAL\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench.zip\"\r\n"
                + "Content-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(zip);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/corpora"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("upload refused: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("jobId").asText();
    }

    private static JsonNode get(HttpClient http, String url, String token) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
