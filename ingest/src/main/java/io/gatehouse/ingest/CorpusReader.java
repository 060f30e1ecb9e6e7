package io.gatehouse.ingest;

import io.gatehouse.policy.Tier;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a ZIP corpus entry by entry, defensively: entry count, per-entry size, total size and the
 * compression ratio are checked against the bytes actually inflated (headers can lie), names that
 * escape the corpus or nest archives are refused, and each accepted entry is handed to the sink and
 * forgotten, so memory is bounded by one entry whatever the archive holds. A manifest
 * ({@code gatehouse.yaml}, {@code gatehouse.csv} or {@code manifest.csv} at the root) may give
 * per-file tiers, groups and external ids; otherwise the declared ones apply.
 */
public final class CorpusReader {

    /** Limits, each with a clear error when exceeded. */
    public record Limits(int maxEntries, long maxEntryBytes, long maxTotalBytes, int maxRatio) {
        public static final Limits DEFAULT = new Limits(10_000, 50L << 20, 2L << 30, 200);
    }

    /**
     * An entry that became (or will become) a document. The external id is the manifest's, or null: a path
     * alone is no identity (two corpora both hold a README.md), and replacing a document is never a side effect.
     */
    public record Accepted(int seq, String path, byte[] bytes, Tier tier, Set<String> groups, String externalId) {
    }

    /** Receives each accepted entry, or the reason an entry was refused. */
    public interface Sink {
        void accepted(Accepted entry);

        void refused(int seq, String path, String reason);
    }

    /** The whole archive is unusable (not a ZIP, too many entries, a bad manifest). */
    public static final class CorpusException extends RuntimeException {
        public CorpusException(String message) {
            super(message);
        }
    }

    private static final Set<String> MANIFESTS = Set.of("gatehouse.yaml", "gatehouse.yml", "gatehouse.csv", "manifest.csv");
    private static final Set<String> ARCHIVES = Set.of("zip", "gz", "tgz", "7z", "rar", "bz2", "xz", "tar", "jar", "war");
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    private final Limits limits;

    public CorpusReader(Limits limits) {
        this.limits = limits;
    }

    /** Reads the corpus; returns how many entries were skipped by design (folders, OS metadata, the manifest). */
    public int read(Path zip, Tier defaultTier, Set<String> defaultGroups, Sink sink) {
        try (ZipFile file = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
            List<? extends ZipEntry> entries = Collections.list((Enumeration<? extends ZipEntry>) file.entries());
            if (entries.size() > limits.maxEntries()) {
                throw new CorpusException("the archive has " + entries.size() + " entries; the limit is " + limits.maxEntries());
            }
            Map<String, ManifestLine> manifest = readManifest(file, entries);
            long total = 0;
            int seq = 0;
            int skipped = 0;
            for (ZipEntry e : entries) {
                String name = e.getName().replace('\\', '/');
                if (e.isDirectory() || isMetadata(name) || MANIFESTS.contains(name.toLowerCase(Locale.ROOT))) {
                    skipped++;
                    continue;
                }
                int n = seq++;
                String problem = nameProblem(name);
                if (problem != null) {
                    sink.refused(n, name, problem);
                    continue;
                }
                long budget = Math.min(limits.maxEntryBytes(), limits.maxTotalBytes() - total);
                byte[] bytes;
                try (InputStream in = file.getInputStream(e)) {
                    bytes = readAtMost(in, budget);
                } catch (ZipException ex) {
                    sink.refused(n, name, "the entry is corrupt in the archive");
                    continue;
                }
                if (bytes == null) {
                    sink.refused(n, name, total + limits.maxEntryBytes() > limits.maxTotalBytes()
                            ? "the corpus exceeds its total uncompressed limit of " + limits.maxTotalBytes() + " bytes"
                            : "the entry unpacks to more than " + limits.maxEntryBytes() + " bytes");
                    continue;
                }
                long compressed = Math.max(1, e.getCompressedSize());
                if (bytes.length > 1024 * 1024 && bytes.length / compressed > limits.maxRatio()) {
                    sink.refused(n, name, "the entry's compression ratio exceeds " + limits.maxRatio() + ":1 (a zip bomb?)");
                    continue;
                }
                total += bytes.length;
                ManifestLine m = manifest.get(name);
                sink.accepted(new Accepted(n, name, bytes, m != null && m.tier != null ? m.tier : defaultTier,
                        m != null && m.groups != null ? m.groups : defaultGroups,
                        m != null ? m.externalId : null));
            }
            return skipped;
        } catch (ZipException e) {
            throw new CorpusException("the upload is not a readable ZIP archive");
        } catch (IOException e) {
            throw new CorpusException("the archive could not be read: " + e.getClass().getSimpleName());
        }
    }

    /** Reads up to {@code budget} bytes; null if the stream holds more. */
    private static byte[] readAtMost(InputStream in, long budget) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        long read = 0;
        for (int r; (r = in.read(buf)) > 0; ) {
            read += r;
            if (read > budget) {
                return null;
            }
            out.write(buf, 0, r);
        }
        return out.toByteArray();
    }

    static String nameProblem(String name) {
        if (name.startsWith("/") || DRIVE.matcher(name).matches()) {
            return "absolute paths are not allowed in a corpus";
        }
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                return "entry names may not contain '..'";
            }
        }
        String lower = name.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        if (dot >= 0 && ARCHIVES.contains(lower.substring(dot + 1))) {
            return "nested archives are not unpacked; upload them as corpora of their own";
        }
        return null;
    }

    private static boolean isMetadata(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        return name.startsWith("__MACOSX/") || base.startsWith("._") || base.equals(".DS_Store") || base.equals("Thumbs.db");
    }

    private record ManifestLine(Tier tier, Set<String> groups, String externalId) {
    }

    private Map<String, ManifestLine> readManifest(ZipFile file, List<? extends ZipEntry> entries) throws IOException {
        for (ZipEntry e : entries) {
            String name = e.getName().toLowerCase(Locale.ROOT);
            if (!MANIFESTS.contains(name)) {
                continue;
            }
            byte[] bytes;
            try (InputStream in = file.getInputStream(e)) {
                bytes = readAtMost(in, 10L << 20);
            }
            if (bytes == null) {
                throw new CorpusException("the manifest " + e.getName() + " is larger than 10 MB");
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            return name.endsWith(".csv") ? csvManifest(text) : yamlManifest(text);
        }
        return Map.of();
    }

    private static Map<String, ManifestLine> csvManifest(String text) {
        Map<String, ManifestLine> out = new HashMap<>();
        String[] lines = text.split("\r?\n");
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] f = lines[i].split(",", -1);
            try {
                Tier tier = f.length > 1 && !f[1].isBlank() ? Tier.parse(f[1]) : null;
                Set<String> groups = f.length > 2 && !f[2].isBlank() ? groups(List.of(f[2].split("[;|]"))) : null;
                String ext = f.length > 3 && !f[3].isBlank() ? f[3].strip() : null;
                out.put(f[0].strip(), new ManifestLine(tier, groups, ext));
            } catch (IllegalArgumentException ex) {
                throw new CorpusException("manifest line " + (i + 1) + ": " + ex.getMessage());
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ManifestLine> yamlManifest(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(10); // no billion-laughs expansion
        Object root;
        try {
            root = new Yaml(new SafeConstructor(options)).load(text);
        } catch (RuntimeException e) {
            throw new CorpusException("the YAML manifest is not valid YAML: " + e.getClass().getSimpleName());
        }
        if (!(root instanceof Map<?, ?> map) || !(map.get("files") instanceof List<?> files)) {
            throw new CorpusException("the YAML manifest needs a 'files' list of {path, tier, groups, externalId}");
        }
        Map<String, ManifestLine> out = new HashMap<>();
        int i = 0;
        for (Object o : files) {
            i++;
            if (!(o instanceof Map<?, ?> f) || !(f.get("path") instanceof String path)) {
                throw new CorpusException("manifest file entry " + i + " needs a 'path'");
            }
            try {
                Tier tier = f.get("tier") == null ? null : Tier.parse(f.get("tier").toString());
                Set<String> groups = f.get("groups") instanceof List<?> g ? groups((List<String>) g) : null;
                String ext = f.get("externalId") == null ? null : f.get("externalId").toString();
                out.put(path, new ManifestLine(tier, groups, ext));
            } catch (IllegalArgumentException | ClassCastException ex) {
                throw new CorpusException("manifest file entry " + i + " (" + path + "): " + ex.getMessage());
            }
        }
        return out;
    }

    private static Set<String> groups(List<String> raw) {
        Set<String> out = new LinkedHashSet<>();
        for (String g : raw) {
            String s = String.valueOf(g).strip();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
