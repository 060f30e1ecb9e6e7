package io.gatehouse.web.api;

import io.gatehouse.ingest.ChunkClassifier;
import io.gatehouse.policy.Tier;
import io.gatehouse.policy.pii.PiiDetector;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/** Try the PII rules on a text: the spans found and the tier a chunk with that text would get. Nothing is stored or logged. */
@Controller("/api/pii")
@Secured({"ADMIN", "COMPLIANCE"})
@ExecuteOn(TaskExecutors.BLOCKING)
public class PiiController {

    static final int MAX_CHARS = 100_000;

    private final PiiDetector detector;
    private final ChunkClassifier classifier;

    public PiiController(PiiDetector detector, ChunkClassifier classifier) {
        this.detector = detector;
        this.classifier = classifier;
    }

    @Serdeable
    public record AnalyzeRequest(@Nullable String text, @Nullable String floor) {
    }

    @Serdeable
    public record SpanView(int start, int end, String type, double score, String text) {
    }

    @Serdeable
    public record AnalyzeResponse(List<SpanView> spans, Map<String, Integer> counts, String tier) {
    }

    @Post("/analyze")
    public AnalyzeResponse analyze(@Body AnalyzeRequest req) {
        if (req == null || req.text() == null) {
            throw new IllegalArgumentException("'text' is required");
        }
        if (req.text().length() > MAX_CHARS) {
            throw new IllegalArgumentException("'text' is longer than " + MAX_CHARS + " characters");
        }
        String text = req.text();
        List<SpanView> spans = detector.analyze(text).stream()
                .map(s -> new SpanView(s.start(), s.end(), s.type().name(), s.score(), text.substring(s.start(), s.end())))
                .toList();
        ChunkClassifier.Classification c = classifier.classify(text, req.floor() == null ? Tier.PUBLIC : Tier.parse(req.floor()));
        return new AnalyzeResponse(spans, c.piiCounts(), c.tier().name());
    }
}
