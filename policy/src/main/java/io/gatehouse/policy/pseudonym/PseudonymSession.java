package io.gatehouse.policy.pseudonym;

import io.gatehouse.policy.pii.PiiDetector;
import io.gatehouse.policy.pii.PiiSpan;
import io.gatehouse.policy.pii.PiiType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pseudonym map of one request. {@link #redact} replaces every PII span by a placeholder such as
 * {@code <PERSON_1>}, the same one each time the same value appears in any text of the request (question
 * and every context passage); {@link #restore} and {@link #restorer()} put the values back into the reply.
 * The map exists only in memory, only until {@link #close()}; it is never logged, audited or serialised.
 * Thread-safe, so context passages may be redacted concurrently.
 */
public final class PseudonymSession implements AutoCloseable {

    /** Anything shaped like a placeholder; only the ones this session issued are restored. */
    static final Pattern PLACEHOLDER = Pattern.compile("<[A-Z]+(?:_[A-Z]+)*_[0-9]+>");

    private record Key(PiiType type, String value) {
    }

    private final PiiDetector detector;
    private final Map<Key, String> placeholderByValue = new HashMap<>();
    private final Map<String, String> valueByPlaceholder = new HashMap<>();
    private final Map<PiiType, Integer> counters = new EnumMap<>(PiiType.class);
    private boolean closed;

    PseudonymSession(PiiDetector detector) {
        this.detector = detector;
    }

    /**
     * The text with every detected PII span replaced by its placeholder.
     *
     * @throws PseudonymizationException when the detector fails or returns spans outside the text; the
     *                                   caller must then not send anything of this request to a closed API
     */
    public synchronized String redact(String text) {
        ensureOpen();
        if (text == null || text.isEmpty()) {
            return text;
        }
        List<PiiSpan> spans = detect(text);
        StringBuilder out = new StringBuilder(text.length() + 16 * spans.size());
        int at = 0;
        for (PiiSpan s : spans) {
            out.append(text, at, s.start());
            out.append(placeholderFor(s.type(), text.substring(s.start(), s.end())));
            at = s.end();
        }
        out.append(text, at, text.length());
        return out.toString();
    }

    /** Redacts each text of a request with the same map; the result is in the same order. */
    public List<String> redactAll(List<String> texts) {
        List<String> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(redact(t));
        }
        return out;
    }

    /** The reply with every placeholder this session issued replaced by its value; anything else is left as is. */
    public synchronized String restore(String reply) {
        ensureOpen();
        if (reply == null || reply.indexOf('<') < 0 || valueByPlaceholder.isEmpty()) {
            return reply;
        }
        Matcher m = PLACEHOLDER.matcher(reply);
        StringBuilder out = new StringBuilder(reply.length());
        int at = 0;
        while (m.find()) {
            String value = valueByPlaceholder.get(m.group());
            if (value != null) {
                out.append(reply, at, m.start()).append(value);
                at = m.end();
            }
        }
        out.append(reply, at, reply.length());
        return out.toString();
    }

    /** A restorer for a reply that arrives in chunks; placeholders split across chunks are restored whole. */
    public StreamingRestorer restorer() {
        ensureOpen();
        return new StreamingRestorer(this);
    }

    /** How many distinct values were pseudonymised. */
    public synchronized int size() {
        return valueByPlaceholder.size();
    }

    /** True when {@code prefix} is the start of a placeholder this session issued (used by the streaming restorer). */
    synchronized boolean couldBecomePlaceholder(CharSequence prefix) {
        for (String p : valueByPlaceholder.keySet()) {
            if (p.length() > prefix.length() && p.startsWith(prefix.toString())) {
                return true;
            }
        }
        return false;
    }

    /** Forgets the map; any later use of the session is an error. */
    @Override
    public synchronized void close() {
        placeholderByValue.clear();
        valueByPlaceholder.clear();
        counters.clear();
        closed = true;
    }

    private List<PiiSpan> detect(String text) {
        List<PiiSpan> raw;
        try {
            raw = detector.analyze(text);
        } catch (RuntimeException | StackOverflowError e) {
            // The cause's message may quote the text; keep only its type.
            throw new PseudonymizationException("PII detection failed (" + e.getClass().getName() + ")");
        }
        if (raw == null) {
            throw new PseudonymizationException("PII detection returned no result");
        }
        List<PiiSpan> spans = new ArrayList<>(raw);
        for (PiiSpan s : spans) {
            if (s == null || s.end() > text.length() || s.start() == s.end()) {
                throw new PseudonymizationException("PII detection returned a span outside the text or empty");
            }
        }
        spans.sort(Comparator.comparingInt(PiiSpan::start).thenComparing(Comparator.comparingInt(PiiSpan::end).reversed()));
        // The detector promises non-overlapping spans; if one breaks that promise, redact the union rather
        // than leave part of a value in the clear.
        List<PiiSpan> merged = new ArrayList<>(spans.size());
        for (PiiSpan s : spans) {
            PiiSpan last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && s.start() < last.end()) {
                PiiType type = last.length() >= s.length() ? last.type() : s.type();
                merged.set(merged.size() - 1, new PiiSpan(last.start(), Math.max(last.end(), s.end()), type,
                        Math.max(last.score(), s.score())));
            } else {
                merged.add(s);
            }
        }
        return merged;
    }

    private String placeholderFor(PiiType type, String value) {
        Key key = new Key(type, value);
        String existing = placeholderByValue.get(key);
        if (existing != null) {
            return existing;
        }
        int n = counters.merge(type, 1, Integer::sum);
        String placeholder = "<" + type.name() + "_" + n + ">";
        placeholderByValue.put(key, placeholder);
        valueByPlaceholder.put(placeholder, value);
        return placeholder;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this pseudonym session is closed; its map is gone");
        }
    }
}
