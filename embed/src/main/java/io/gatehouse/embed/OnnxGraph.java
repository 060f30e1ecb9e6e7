package io.gatehouse.embed;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The parts of an ONNX model file that {@link EncoderGraphRewrite} reads and changes: the main graph's
 * nodes, the names of its initializers and outputs, and the default domain's opset. Everything else,
 * the weights above all, is carried through as the bytes it came in, so a rewrite costs one copy of
 * the file and nothing is lost that this class does not understand.
 *
 * <p>The file is a protobuf {@code ModelProto} (onnx.proto): field 7 is the graph, field 8 the opset
 * imports; in the graph, field 1 holds the nodes, 5 the initializers and 12 the outputs. Reading it by
 * hand keeps protobuf and a generated ONNX schema off the class path for about 200 lines. Malformed
 * input fails with an {@link IllegalArgumentException}, never an out-of-bounds read.
 */
final class OnnxGraph {

    /** One graph node; {@code rest} holds its other fields (attributes, doc string) as they were encoded. */
    record Node(List<String> inputs, List<String> outputs, String name, String opType, String domain, byte[] rest) {
        Node {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(opType, "opType");
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(rest, "rest");
        }

        static Node of(String name, String opType, List<String> inputs, List<String> outputs) {
            return new Node(inputs, outputs, name, opType, "", new byte[0]);
        }

        Node withInput(int index, String tensor) {
            List<String> changed = new ArrayList<>(inputs);
            changed.set(index, tensor);
            return new Node(changed, outputs, name, opType, domain, rest);
        }

        Node withInputs(List<String> changed) {
            return new Node(changed, outputs, name, opType, domain, rest);
        }
    }

    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_OUTPUT = 12;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_DOMAIN = 7;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_INT64_DATA = 7;
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_TYPE_INT64 = 7;
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private final byte[] source;
    /** The model's fields in file order; the graph's entry is a placeholder (start == -1). */
    private final List<Span> modelFields;
    /** The graph's fields other than nodes, in file order. */
    private final List<Span> graphFields;
    private final List<Node> nodes;
    private final Set<String> initializers;
    private final List<String> outputs;
    private final long defaultOpset;
    private final List<byte[]> addedInitializers = new ArrayList<>();

    private record Span(int start, int end) {
    }

    private OnnxGraph(byte[] source) {
        this.source = source;
        List<Span> model = new ArrayList<>();
        Span graph = null;
        long opset = -1;
        Reader r = new Reader(source, 0, source.length);
        while (r.more()) {
            int start = r.pos;
            int key = r.key();
            if (key >>> 3 == MODEL_GRAPH && (key & 7) == LENGTH_DELIMITED) {
                int length = r.length();
                if (graph != null) {
                    throw new IllegalArgumentException("model holds two graphs");
                }
                graph = new Span(r.pos, r.pos + length);
                r.pos += length;
                model.add(new Span(-1, -1));
                continue;
            }
            if (key >>> 3 == MODEL_OPSET_IMPORT && (key & 7) == LENGTH_DELIMITED) {
                int length = r.length();
                opset = Math.max(opset, defaultDomainVersion(new Reader(source, r.pos, r.pos + length)));
                r.pos += length;
            } else {
                r.skip(key & 7);
            }
            model.add(new Span(start, r.pos));
        }
        if (graph == null) {
            throw new IllegalArgumentException("model holds no graph");
        }
        this.modelFields = model;
        this.defaultOpset = opset;
        this.graphFields = new ArrayList<>();
        this.nodes = new ArrayList<>();
        this.initializers = new LinkedHashSet<>();
        this.outputs = new ArrayList<>();
        Reader g = new Reader(source, graph.start(), graph.end());
        while (g.more()) {
            int start = g.pos;
            int key = g.key();
            int field = key >>> 3;
            if ((key & 7) == LENGTH_DELIMITED && (field == GRAPH_NODE || field == GRAPH_INITIALIZER || field == GRAPH_OUTPUT)) {
                int length = g.length();
                Reader value = new Reader(source, g.pos, g.pos + length);
                g.pos += length;
                switch (field) {
                    case GRAPH_NODE -> {
                        nodes.add(node(value));
                        continue;
                    }
                    case GRAPH_INITIALIZER -> initializers.add(firstString(value, TENSOR_NAME));
                    default -> outputs.add(firstString(value, 1)); // ValueInfoProto.name
                }
            } else {
                g.skip(key & 7);
            }
            graphFields.add(new Span(start, g.pos));
        }
    }

    static OnnxGraph parse(byte[] model) {
        return new OnnxGraph(Objects.requireNonNull(model, "model"));
    }

    /** The nodes in the file's order, which ONNX requires to be topological. */
    List<Node> nodes() {
        return List.copyOf(nodes);
    }

    void replaceNodes(List<Node> replacement) {
        nodes.clear();
        nodes.addAll(replacement);
    }

    boolean isInitializer(String tensor) {
        return initializers.contains(tensor);
    }

    List<String> outputs() {
        return List.copyOf(outputs);
    }

    /** The opset version of the default (ai.onnx) domain, or -1 if the model imports none. */
    long defaultOpset() {
        return defaultOpset;
    }

    /** Adds a one-dimensional int64 initializer, as Slice takes its starts, ends and axes. */
    void addInt64Initializer(String name, long... values) {
        if (initializers.contains(name)) {
            throw new IllegalArgumentException("initializer " + name + " exists already");
        }
        Writer t = new Writer(64);
        t.varintField(TENSOR_DIMS, values.length);
        t.varintField(TENSOR_DATA_TYPE, TENSOR_TYPE_INT64);
        Writer packed = new Writer(16);
        for (long v : values) {
            packed.varint(v);
        }
        t.bytesField(TENSOR_INT64_DATA, packed.toByteArray());
        t.stringField(TENSOR_NAME, name);
        addedInitializers.add(t.toByteArray());
        initializers.add(name);
    }

    byte[] toByteArray() {
        Writer graph = new Writer(source.length + 4096);
        for (Node n : nodes) {
            graph.bytesField(GRAPH_NODE, encode(n));
        }
        for (Span s : graphFields) {
            graph.raw(source, s.start(), s.end());
        }
        for (byte[] t : addedInitializers) {
            graph.bytesField(GRAPH_INITIALIZER, t);
        }
        byte[] graphBytes = graph.toByteArray();
        Writer model = new Writer(graphBytes.length + 1024);
        for (Span s : modelFields) {
            if (s.start() < 0) {
                model.bytesField(MODEL_GRAPH, graphBytes);
            } else {
                model.raw(source, s.start(), s.end());
            }
        }
        return model.toByteArray();
    }

    private static byte[] encode(Node n) {
        Writer w = new Writer(128 + n.rest().length);
        for (String in : n.inputs()) {
            w.stringField(NODE_INPUT, in);
        }
        for (String out : n.outputs()) {
            w.stringField(NODE_OUTPUT, out);
        }
        if (!n.name().isEmpty()) {
            w.stringField(NODE_NAME, n.name());
        }
        w.stringField(NODE_OP_TYPE, n.opType());
        if (!n.domain().isEmpty()) {
            w.stringField(NODE_DOMAIN, n.domain());
        }
        w.raw(n.rest(), 0, n.rest().length);
        return w.toByteArray();
    }

    private Node node(Reader r) {
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        String name = "";
        String op = null;
        String domain = "";
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        while (r.more()) {
            int start = r.pos;
            int key = r.key();
            int field = key >>> 3;
            boolean text = (key & 7) == LENGTH_DELIMITED;
            if (text && field == NODE_INPUT) {
                in.add(r.string());
            } else if (text && field == NODE_OUTPUT) {
                out.add(r.string());
            } else if (text && field == NODE_NAME) {
                name = r.string();
            } else if (text && field == NODE_OP_TYPE) {
                op = r.string();
            } else if (text && field == NODE_DOMAIN) {
                domain = r.string();
            } else {
                r.skip(key & 7);
                rest.write(source, start, r.pos - start);
            }
        }
        if (op == null) {
            throw new IllegalArgumentException("a node has no op_type");
        }
        return new Node(in, out, name, op, domain, rest.toByteArray());
    }

    private long defaultDomainVersion(Reader r) {
        String domain = "";
        long version = -1;
        while (r.more()) {
            int key = r.key();
            if (key >>> 3 == 1 && (key & 7) == LENGTH_DELIMITED) {
                domain = r.string();
            } else if (key >>> 3 == 2 && (key & 7) == VARINT) {
                version = r.varint();
            } else {
                r.skip(key & 7);
            }
        }
        return domain.isEmpty() || domain.equals("ai.onnx") ? version : -1;
    }

    private String firstString(Reader r, int field) {
        while (r.more()) {
            int key = r.key();
            if (key >>> 3 == field && (key & 7) == LENGTH_DELIMITED) {
                return r.string();
            }
            r.skip(key & 7);
        }
        return "";
    }

    /** Protobuf wire-format reading over {@code [pos, end)} of the file, bounds-checked. */
    private static final class Reader {
        private final byte[] b;
        private final int end;
        int pos;

        Reader(byte[] b, int start, int end) {
            this.b = b;
            this.pos = start;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new IllegalArgumentException("truncated varint at byte " + pos);
                }
                byte x = b[pos++];
                value |= (long) (x & 0x7f) << shift;
                if (x >= 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("varint longer than 10 bytes at byte " + pos);
        }

        int key() {
            long key = varint();
            if (key >>> 3 == 0 || key > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("invalid field key " + key + " at byte " + pos);
            }
            return (int) key;
        }

        int length() {
            long n = varint();
            if (n < 0 || n > end - pos) {
                throw new IllegalArgumentException("field length " + n + " runs past its message at byte " + pos);
            }
            return (int) n;
        }

        String string() {
            int n = length();
            String s = new String(b, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        void skip(int wireType) {
            switch (wireType) {
                case VARINT -> varint();
                case FIXED64 -> advance(8);
                case LENGTH_DELIMITED -> advance(length());
                case FIXED32 -> advance(4);
                default -> throw new IllegalArgumentException("unsupported wire type " + wireType + " at byte " + pos);
            }
        }

        private void advance(int n) {
            if (n > end - pos) {
                throw new IllegalArgumentException("field runs past its message at byte " + pos);
            }
            pos += n;
        }
    }

    private static final class Writer {
        private final ByteArrayOutputStream out;

        Writer(int capacity) {
            out = new ByteArrayOutputStream(capacity);
        }

        void varint(long v) {
            while ((v & ~0x7fL) != 0) {
                out.write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        void varintField(int field, long v) {
            varint((long) field << 3 | VARINT);
            varint(v);
        }

        void bytesField(int field, byte[] bytes) {
            varint((long) field << 3 | LENGTH_DELIMITED);
            varint(bytes.length);
            out.write(bytes, 0, bytes.length);
        }

        void stringField(int field, String s) {
            bytesField(field, s.getBytes(StandardCharsets.UTF_8));
        }

        void raw(byte[] bytes, int from, int to) {
            out.write(bytes, from, to - from);
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
