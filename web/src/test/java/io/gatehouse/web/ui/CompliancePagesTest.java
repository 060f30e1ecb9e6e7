package io.gatehouse.web.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.policy.Tier;
import io.gatehouse.policy.audit.AuditAction;
import io.gatehouse.policy.audit.AuditContent;
import io.gatehouse.policy.audit.AuditEvent;
import io.gatehouse.policy.audit.AuditQuery;
import io.gatehouse.policy.audit.AuditRecord;
import io.gatehouse.policy.audit.AuditText;
import io.gatehouse.policy.audit.AuditTrail;
import io.gatehouse.policy.audit.StoredText;
import io.gatehouse.policy.routing.Route;
import io.gatehouse.web.FakeClosedApi;
import io.gatehouse.web.TestServer;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compliance pages through a real server with a fake closed API: records come from real asks and
 * uploads (and a few appended straight to the injected trail), and every expectation is computed from the
 * trail's records in Java, independently of the SQL filter the pages use.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompliancePagesTest implements TestServer {

    static final String SCRIPT = "<script>alert(1)</script>";
    static final String IMG = "<img src=x onerror=alert(1)>";

    final FakeClosedApi closed = new FakeClosedApi();

    @Inject
    EmbeddedServer server;
    @Inject
    @Client("/")
    HttpClient http;
    @Inject
    AuditTrail audit;
    @Inject
    DataSource dataSource;

    long staffAsk;
    long analystAsk;
    long hashOnlyAsk;
    String staffPayloadSent;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(TestServer.super.getProperties());
        p.putAll(closed.asClosedDestination());
        return p;
    }

    @Override
    public BlockingHttpClient client() {
        return http.toBlocking();
    }

    @AfterAll
    void stopFake() {
        closed.close();
    }

    @BeforeAll
    void createRecords() {
        String admin = login("admin");
        uploadAndWait(admin, "tides.txt", "Spring tides reach 6.1 metres at the outer harbour.".getBytes(StandardCharsets.UTF_8), "PUBLIC");
        uploadAndWait(admin, IMG + ".txt", "The vault code rotates every Tuesday at the harbour office.".getBytes(StandardCharsets.UTF_8), "RESTRICTED");
        Map<?, ?> staff = ask(login("staff"), "How high do spring tides reach? " + SCRIPT);
        assertEquals("CLOSED_API", ((Map<?, ?>) staff.get("decision")).get("route"), "precondition: public context goes to the closed API");
        staffAsk = ((Number) staff.get("auditId")).longValue();
        staffPayloadSent = closed.bodies.getLast();
        Map<?, ?> analyst = ask(login("analyst"), IMG + " When does the vault code rotate?");
        assertEquals("ON_PREM", ((Map<?, ?>) analyst.get("decision")).get("route"), "precondition: restricted context stays on-prem");
        analystAsk = ((Number) analyst.get("auditId")).longValue();
        // a closed answer whose payload the policy kept as a hash only, as AnswerService records it
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("rule", "internal-context-redacted");
        detail.put("reasons", List.of("INTERNAL context may go to the closed API once its personal data is pseudonymized"));
        detail.put("destination", "closed");
        detail.put("chunks", List.of(Map.of("id", "doc-h#0", "tier", "INTERNAL")));
        detail.put("cited", List.of());
        hashOnlyAsk = audit.append(new AuditEvent("hasher", AuditAction.ASK, null, "OK", Route.CLOSED_API_REDACTED, Tier.INTERNAL,
                detail, new AuditContent(AuditText.stored("q"), AuditText.stored("a"), AuditText.hashOnly("{\"secret\":1}")))).id();
        // enough records for three pages, and one whose subject is hostile markup
        for (int i = 0; i < 120; i++) {
            audit.append(new AuditEvent("bulk", AuditAction.SIMULATE, "sim-" + i, "OK", Route.ON_PREM, Tier.PUBLIC, Map.of("n", i)));
        }
        audit.append(new AuditEvent("bulk-xss", AuditAction.DELETE, SCRIPT, "OK", null, Tier.PUBLIC, Map.of("name", IMG)));
    }

    private FormClient signedIn(String user) {
        FormClient c = new FormClient(server.getURI());
        assertEquals(303, c.signIn(user, user + "-demo").statusCode());
        return c;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private List<AuditRecord> all() {
        List<AuditRecord> out = new ArrayList<>();
        for (int p = 0; ; p++) {
            List<AuditRecord> page = audit.list(new AuditQuery(null, null, null, null, null, null, null, p, AuditQuery.MAX_PAGE_SIZE)).records();
            out.addAll(page);
            if (page.size() < AuditQuery.MAX_PAGE_SIZE) {
                return out;
            }
        }
    }

    /** Ids of all records matching {@code p}, newest first, as the table lists them. */
    private List<Long> expected(Predicate<AuditRecord> p) {
        return all().stream().filter(p).map(AuditRecord::id).toList();
    }

    private static List<Long> rowIds(Document d) {
        return d.select("#audit-table tbody tr").stream()
                .map(tr -> Long.parseLong(tr.selectFirst("a.audit-link").text())).toList();
    }

    private static boolean contains(StoredText t, String needle) {
        return t.text() != null && t.text().toLowerCase(Locale.ROOT).contains(needle);
    }

    private static boolean textMatches(AuditRecord r, String text) {
        String n = text.toLowerCase(Locale.ROOT);
        return (r.subject() != null && r.subject().toLowerCase(Locale.ROOT).contains(n))
                || r.detailJson().toLowerCase(Locale.ROOT).contains(n)
                || contains(r.question(), n) || contains(r.answer(), n) || contains(r.outboundPayload(), n);
    }

    private Document page(FormClient c, String path) {
        HttpResponse<String> r = c.get(path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return Jsoup.parse(r.body());
    }

    @Test
    void eachFilterShowsExactlyTheMatchingRows() {
        FormClient c = signedIn("compliance");
        Document d = page(c, "/audit?user=staff&action=ASK");
        assertEquals(expected(r -> r.actor().equals("staff") && r.action() == AuditAction.ASK), rowIds(d));
        assertEquals(List.of(staffAsk), rowIds(d));
        assertEquals("staff", d.selectFirst("#filter-user").val(), "the form shows the filter back");
        assertEquals("ASK", d.selectFirst("#filter-action option[selected]").val());

        d = page(c, "/audit?route=CLOSED_API");
        assertEquals(expected(r -> r.route() == Route.CLOSED_API), rowIds(d));
        assertTrue(rowIds(d).contains(staffAsk));
        assertEquals("Closed API", d.selectFirst("#audit-row-" + staffAsk + " .audit-route .badge").text());

        d = page(c, "/audit?tier=RESTRICTED");
        assertEquals(expected(r -> r.tier() == Tier.RESTRICTED), rowIds(d));
        assertTrue(rowIds(d).contains(analystAsk));
        assertTrue(rowIds(d).size() >= 2, "the restricted upload and the analyst's question");

        d = page(c, "/audit?action=UPLOAD&user=admin");
        assertEquals(expected(r -> r.action() == AuditAction.UPLOAD && r.actor().equals("admin")), rowIds(d));
        assertEquals(2, rowIds(d).size());

        d = page(c, "/audit?text=" + enc("ONERROR"));
        assertEquals(expected(r -> textMatches(r, "onerror")), rowIds(d));
        assertTrue(rowIds(d).contains(analystAsk), "the question text is searched, ignoring case");

        d = page(c, "/audit?text=" + enc("spring tides") + "&user=analyst");
        assertEquals(expected(r -> r.actor().equals("analyst") && textMatches(r, "spring tides")), rowIds(d));

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        d = page(c, "/audit?user=staff&action=ASK&from=" + today + "T00:00&to=" + LocalDate.now(ZoneOffset.UTC).plusDays(1) + "T00:00");
        assertEquals(List.of(staffAsk), rowIds(d), "datetime-local values are read as UTC");
        assertEquals(today + "T00:00", d.selectFirst("#filter-from").val());
        d = page(c, "/audit?user=staff&to=" + enc("2000-01-01T00:00:00Z"));
        assertEquals(List.of(), rowIds(d), "ISO instants are accepted too");
        assertEquals("No record matches the filter.", d.selectFirst("#audit-count").text());
    }

    @Test
    void invalidFilterValuesAreExplainedOnThePage() {
        FormClient c = signedIn("compliance");
        for (String[] bad : new String[][]{{"from=yesterday", "'from' must be a date and time"},
                {"action=TELEPORT", "unknown action 'TELEPORT'"}, {"route=MOON", "unknown route"},
                {"tier=SECRET", "unknown tier 'SECRET'"}, {"page=-1", "'page' must be a whole number"},
                {"page=two", "'page' must be a whole number"}}) {
            HttpResponse<String> r = c.get("/audit?" + bad[0]);
            assertEquals(400, r.statusCode(), bad[0]);
            assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("text/html"), bad[0]);
            Document d = Jsoup.parse(r.body());
            Element error = d.selectFirst("#filter-error");
            assertNotNull(error, bad[0]);
            assertTrue(error.text().contains(bad[1]), error.text());
            assertNull(d.selectFirst("#audit-table"));
            assertNotNull(d.selectFirst("#audit-filter"), "the form stays so the value can be corrected");
        }
    }

    @Test
    void pagesOfFiftyWithLinksThatKeepTheFilter() {
        FormClient c = signedIn("compliance");
        List<Long> all = expected(r -> r.actor().equals("bulk"));
        assertEquals(120, all.size());
        Document d = page(c, "/audit?user=bulk");
        assertEquals(all.subList(0, 50), rowIds(d));
        assertNull(d.selectFirst("#page-prev"));
        String next = d.selectFirst("#page-next").attr("href");
        assertTrue(next.contains("user=bulk") && next.contains("page=1"), next);
        d = page(c, next);
        assertEquals(all.subList(50, 100), rowIds(d));
        d = page(c, d.selectFirst("#page-next").attr("href"));
        assertEquals(all.subList(100, 120), rowIds(d));
        assertNull(d.selectFirst("#page-next"));
        assertEquals("Records 101 to 120 of 120, newest first.", d.selectFirst("#audit-count").text());
        String prev = d.selectFirst("#page-prev").attr("href");
        assertTrue(prev.contains("user=bulk") && prev.contains("page=1"), prev);
        assertEquals(all.subList(50, 100), rowIds(page(c, prev)));
    }

    @Test
    void detailShowsTheDecisionTheChunksAndExactlyWhatLeft() throws Exception {
        FormClient c = signedIn("compliance");
        Document d = page(c, "/audit/" + staffAsk);
        assertEquals("staff", d.selectFirst("#record-user").text());
        assertEquals("public-context", d.selectFirst("#decision-rule").text());
        assertEquals("closed", d.selectFirst("#decision-destination").text());
        assertTrue(d.select("#decision-reasons li").stream().anyMatch(li -> li.text().contains("PUBLIC context")),
                d.select("#decision-reasons").text());
        assertEquals(chunksInDetail(staffAsk), chunksShown(d));
        assertEquals(List.of("PUBLIC"), chunksShown(d).values().stream().distinct().toList());
        assertEquals("STORED", d.selectFirst("#outbound-state").attr("data-state"));
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(staffPayloadSent), json.readTree(d.selectFirst("#outbound-payload").wholeText()),
                "the payload shown is exactly the body the closed API received");
        assertEquals("How high do spring tides reach? " + SCRIPT, d.selectFirst("#record-question .answer").wholeText());

        d = page(c, "/audit/" + analystAsk);
        assertEquals("NONE", d.selectFirst("#outbound-state").attr("data-state"));
        assertEquals("Nothing left the perimeter: the question was answered on-prem.", d.selectFirst("#outbound-state").text());
        assertNull(d.selectFirst("#outbound-payload"));
        assertEquals(chunksInDetail(analystAsk), chunksShown(d));
        assertTrue(chunksShown(d).containsValue("RESTRICTED"), chunksShown(d)::toString);

        d = page(c, "/audit/" + hashOnlyAsk);
        assertEquals("HASH_ONLY", d.selectFirst("#outbound-state").attr("data-state"));
        assertTrue(d.selectFirst("#outbound-state").text().contains(audit.get(hashOnlyAsk).orElseThrow().outboundPayload().hash()));
        assertNull(d.selectFirst("#outbound-payload"));
        assertFalse(d.html().contains("secret"), "a hash-only payload's text is nowhere on the page");
        assertEquals("INTERNAL", d.selectFirst("#record-chunks .chunk-tier").text());

        for (String missing : List.of("/audit/99999999", "/audit/abc")) {
            HttpResponse<String> r = c.get(missing);
            assertEquals(404, r.statusCode(), missing);
            assertEquals("No such audit record", Jsoup.parse(r.body()).selectFirst("h1").text());
        }
    }

    /** Chunk id to tier, as AnswerService wrote them into the record's detail. */
    private Map<String, String> chunksInDetail(long id) throws Exception {
        Map<String, String> m = new TreeMap<>();
        new ObjectMapper().readTree(audit.get(id).orElseThrow().detailJson()).path("chunks")
                .forEach(c -> m.put(c.path("id").asText(), c.path("tier").asText()));
        assertFalse(m.isEmpty(), "precondition: the answer used chunks");
        return m;
    }

    private static Map<String, String> chunksShown(Document d) {
        Map<String, String> m = new TreeMap<>();
        for (Element tr : d.select("#record-chunks tbody tr")) {
            m.put(tr.selectFirst(".chunk-id").text(), tr.selectFirst(".chunk-tier").text());
        }
        return m;
    }

    @Test
    void verifyButtonSaysIntactThenNamesTheTamperedRecord() throws Exception {
        FormClient c = signedIn("compliance");
        Document d = page(c, "/audit?user=staff");
        String csrf = d.selectFirst("#verify-form input[name=_csrf]").val();
        assertEquals("staff", d.selectFirst("#verify-form input[name=user]").val(), "the no-script path keeps the filter");
        long verifiesBefore = expected(r -> r.action() == AuditAction.AUDIT_VERIFY && r.actor().equals("compliance")).size();

        HttpResponse<String> r = c.postForm("/audit/verify", Map.of("_csrf", csrf, "user", "staff"));
        assertEquals(200, r.statusCode(), r.body());
        d = Jsoup.parse(r.body());
        assertNotNull(d.selectFirst("#verify-intact"), r.body());
        assertTrue(d.selectFirst("#verify-keys").text().matches("[0-9a-f]{16}: \\d+"), d.selectFirst("#verify-keys").text());
        assertEquals(expected(x -> x.actor().equals("staff")), rowIds(d), "the whole page comes back with the filter applied");
        assertEquals(verifiesBefore + 1, expected(x -> x.action() == AuditAction.AUDIT_VERIFY && x.actor().equals("compliance")).size(),
                "the verification is audited");

        long victim = analystAsk;
        tamper("UPDATE audit_record SET actor = 'mallory' WHERE seq = ?", victim);
        try {
            // as htmx sends it: only the result comes back, to replace the previous one in place
            HttpResponse<String> h = c.send(HttpRequest.newBuilder(server.getURI().resolve("/audit/verify"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("HX-Request", "true")
                    .header("X-CSRF-Token", csrf).POST(HttpRequest.BodyPublishers.ofString("_csrf=" + enc(csrf))));
            assertEquals(200, h.statusCode(), h.body());
            assertFalse(h.body().contains("<html"), "a fragment, not a page");
            Element result = Jsoup.parseBodyFragment(h.body()).selectFirst("#verify-result");
            assertNotNull(result.selectFirst("#verify-broken"), h.body());
            assertEquals(Long.toString(victim), result.selectFirst("#verify-broken-record").text());
            assertTrue(result.selectFirst("#verify-broken").text().contains("record " + victim + " was altered"), result.text());
        } finally {
            tamper("UPDATE audit_record SET actor = 'analyst' WHERE seq = ?", victim);
        }
        d = Jsoup.parse(c.postForm("/audit/verify", Map.of("_csrf", csrf)).body());
        assertNotNull(d.selectFirst("#verify-intact"));
        long lastVerify = expected(x -> x.action() == AuditAction.AUDIT_VERIFY && x.actor().equals("compliance")).getFirst();
        assertEquals(audit.get(lastVerify - 1).orElseThrow().recordHash(), d.selectFirst("#verify-head-hash").text(),
                "the head hash shown is the chain's head when it was verified");
    }

    private void tamper(String sql, long seq) throws Exception {
        try (Connection conn = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setLong(1, seq);
            assertEquals(1, ps.executeUpdate());
        }
    }

    @Test
    void exportLinksDownloadExactlyTheFilteredRows() {
        FormClient c = signedIn("compliance");
        Document d = page(c, "/audit?tier=RESTRICTED&text=" + enc("vault"));
        String csv = d.selectFirst("#export-csv").attr("href");
        assertTrue(csv.startsWith("/api/audit/export?format=csv&"), csv);
        assertTrue(d.selectFirst("#export-jsonl").attr("href").startsWith("/api/audit/export?format=jsonl&"));
        List<Long> want = expected(r -> r.tier() == Tier.RESTRICTED && textMatches(r, "vault"));
        assertFalse(want.isEmpty());
        HttpResponse<String> r = download(c, csv);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("text/csv"));
        List<List<String>> rows = csvRows(r.body());
        assertEquals("id", rows.getFirst().getFirst());
        List<Long> got = rows.subList(1, rows.size()).stream().map(row -> Long.parseLong(row.getFirst())).toList();
        assertEquals(want.reversed(), got, "the export holds the filter's rows, oldest first");

        d = page(c, "/audit?user=staff&from=2020-01-01T00:00");
        String href = d.selectFirst("#export-csv").attr("href");
        assertTrue(href.contains("from=2020-01-01T00%3A00%3A00Z"), "the datetime-local value goes to the API as an instant: " + href);
        rows = csvRows(download(c, href).body());
        assertEquals(expected(x -> x.actor().equals("staff")).reversed(),
                rows.subList(1, rows.size()).stream().map(row -> Long.parseLong(row.getFirst())).toList());
    }

    /** A link followed as a browser does: its Accept header takes any type, after HTML. */
    private HttpResponse<String> download(FormClient c, String href) {
        return c.send(HttpRequest.newBuilder(server.getURI().resolve(href))
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").GET());
    }

    /** RFC 4180 rows: quoted cells may hold commas, quotes and line breaks. */
    private static List<List<String>> csvRows(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (ch != '\r') {
                cell.append(ch);
            }
        }
        return rows;
    }

    @Test
    void chartCountsMatchTheRecords() {
        FormClient c = signedIn("compliance");
        Document d = page(c, "/audit");
        // the default range is the last 14 days, which holds every record of this test
        Map<String, Long> want = new TreeMap<>();
        Map<String, Long> wantTiers = new TreeMap<>();
        for (AuditRecord r : all()) {
            String day = LocalDate.ofInstant(r.at(), ZoneOffset.UTC).toString();
            if (r.route() != null) {
                want.merge(day + "/" + r.route().name(), 1L, Long::sum);
            }
            if (r.tier() != null) {
                wantTiers.merge(day + "/" + r.tier().name(), 1L, Long::sum);
            }
        }
        assertEquals(want, barCounts(d, "#chart-routes"));
        assertEquals(wantTiers, barCounts(d, "#chart-tiers"));
        assertEquals(14, d.select("#chart-routes g.chart-day").size());
        assertEquals(14, d.select("#chart-routes-table tbody tr").size(), "a data table for every day");
        Element todayRow = d.selectFirst("#chart-tiers-table tbody tr[data-day=" + LocalDate.now(ZoneOffset.UTC) + "]");
        assertEquals(Long.toString(wantTiers.getOrDefault(LocalDate.now(ZoneOffset.UTC) + "/RESTRICTED", 0L)),
                todayRow.selectFirst("td[data-value=RESTRICTED]").text());
        assertTrue(d.selectFirst("#chart-routes").attr("aria-labelledby").equals("chart-routes-title"));
        assertFalse(d.selectFirst("#chart-routes-title").text().isBlank());

        // a range longer than a quarter is charted over its last 92 days, and says so
        d = page(c, "/audit?from=2020-01-01T00:00");
        assertEquals(92, d.select("#chart-tiers g.chart-day").size());
        assertTrue(d.selectFirst("#chart-range").parent().text().contains("the charts show its last 92 days"));
        assertEquals(wantTiers, barCounts(d, "#chart-tiers"));

        // the rest of the filter applies to the charts too
        d = page(c, "/audit?user=bulk");
        Map<String, Long> bulk = barCounts(d, "#chart-routes");
        assertEquals(1, bulk.size());
        assertEquals(120L, bulk.values().iterator().next());
        assertTrue(bulk.keySet().iterator().next().endsWith("/ON_PREM"));
    }

    private static Map<String, Long> barCounts(Document d, String svg) {
        Map<String, Long> got = new TreeMap<>();
        for (Element rect : d.select(svg + " rect.bar")) {
            got.merge(rect.attr("data-day") + "/" + rect.attr("data-value"), Long.parseLong(rect.attr("data-count")), Long::sum);
        }
        return got;
    }

    @Test
    void onlyComplianceOfficersSeeTheAuditPages() {
        FormClient staff = signedIn("staff");
        for (String path : List.of("/audit", "/audit/1", "/audit?user=staff")) {
            assertEquals(403, staff.get(path).statusCode(), path);
        }
        String csrf = FormClient.csrfOf(staff.get("/ask").body());
        assertEquals(403, staff.postForm("/audit/verify", Map.of("_csrf", csrf)).statusCode());
        FormClient anonymous = new FormClient(server.getURI());
        for (String path : List.of("/audit", "/audit/1")) {
            HttpResponse<String> r = anonymous.get(path);
            assertEquals(303, r.statusCode(), path);
            assertTrue(r.headers().firstValue("location").orElseThrow().startsWith("/login?next="), path);
        }
    }

    @Test
    void hostileTextIsShownEscapedNeverAsMarkup() {
        FormClient c = signedIn("compliance");
        long xss = expected(r -> r.actor().equals("bulk-xss")).getFirst();
        for (String path : List.of("/audit?user=bulk-xss", "/audit?text=" + enc(SCRIPT), "/audit/" + staffAsk,
                "/audit/" + analystAsk, "/audit/" + xss,
                "/audit/" + expected(r -> r.action() == AuditAction.UPLOAD && r.tier() == Tier.RESTRICTED).getFirst())) {
            String html = c.get(path).body();
            assertFalse(html.contains(SCRIPT), path);
            assertFalse(html.contains("<img src=x"), path);
            Document d = Jsoup.parse(html);
            assertTrue(d.select("script").stream().allMatch(s -> s.hasAttr("src") && s.data().isEmpty()), path);
            assertTrue(d.select("img").isEmpty(), path);
            assertTrue(Stream.of("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src").anyMatch(html::contains),
                    path + " shows the text, escaped (an uploaded file's name arrives with '=' made a space)");
        }
        Document d = page(c, "/audit?user=bulk-xss");
        assertEquals(SCRIPT, d.selectFirst("#audit-row-" + xss + " .audit-subject").text());
        d = page(c, "/audit?text=" + enc(SCRIPT));
        assertEquals(SCRIPT, d.selectFirst("#filter-text").val());
        assertTrue(rowIds(d).contains(staffAsk));
        d = page(c, "/audit/" + analystAsk);
        assertTrue(d.selectFirst("#record-question").text().startsWith(IMG));
    }
}
