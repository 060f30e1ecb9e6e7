package io.gatehouse.ingest.parse;

import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;
import org.jsoup.Jsoup;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Markdown as the text a reader sees, which is what gets chunked, embedded and quoted in citations:
 * emphasis markers, link targets and HTML tags go; headings stay as {@code #} lines (the chunker starts a
 * section at each, setext headings included); blocks are separated by blank lines; list items keep a
 * short marker; code keeps its lines; table rows keep their cells. A line break inside a paragraph is
 * only wrapping, so it becomes a space and a wrapped sentence stays one sentence.
 */
final class MarkdownText {

    /** Deeper than this (only hostile input nests so far) a subtree is flattened without recursion. */
    private static final int MAX_DEPTH = 48;

    /** More list or quote markers than this at the start of one line is hostile input, not a document. */
    private static final int MAX_LINE_NESTING = 16;

    private final Parser parser = Parser.builder().extensions(List.of(TablesExtension.create())).build();

    /**
     * The text; hostile nesting, which the CommonMark parser handles in quadratic time (nested lists) or
     * by overflowing its stack (nested emphasis), falls back to the raw text, as a plain-text file is read.
     */
    String toText(String markdown) {
        if (deeplyNested(markdown)) {
            return markdown.strip();
        }
        Node document;
        try {
            document = parser.parse(markdown);
        } catch (StackOverflowError e) {
            return markdown.strip();
        }
        StringBuilder out = new StringBuilder(markdown.length());
        blocks(document, 0, "", out);
        return out.toString().strip();
    }

    /** Whether any line opens more than {@link #MAX_LINE_NESTING} lists or quotes; one linear scan. */
    static boolean deeplyNested(String text) {
        int i = 0;
        int n = text.length();
        while (i < n) {
            int markers = 0;
            while (i < n) {
                while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                    i++;
                }
                if (i >= n) {
                    break;
                }
                char c = text.charAt(i);
                if (c == '>') {
                    i++;
                } else if ((c == '-' || c == '+' || c == '*') && i + 1 < n && (text.charAt(i + 1) == ' ' || text.charAt(i + 1) == '\t')) {
                    i += 2;
                } else if (Character.isDigit(c)) {
                    int j = i;
                    while (j < n && j - i < 9 && Character.isDigit(text.charAt(j))) {
                        j++;
                    }
                    if (j + 1 < n && (text.charAt(j) == '.' || text.charAt(j) == ')') && text.charAt(j + 1) == ' ') {
                        i = j + 2;
                    } else {
                        break;
                    }
                } else {
                    break;
                }
                if (++markers > MAX_LINE_NESTING) {
                    return true;
                }
            }
            int eol = text.indexOf('\n', i);
            i = eol < 0 ? n : eol + 1;
        }
        return false;
    }

    private void blocks(Node parent, int depth, String indent, StringBuilder out) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
            block(n, depth + 1, indent, out);
        }
    }

    private void block(Node n, int depth, String indent, StringBuilder out) {
        if (depth > MAX_DEPTH) {
            flat(n, out);
            out.append("\n\n");
            return;
        }
        switch (n) {
            case Heading h -> {
                out.append("#".repeat(h.getLevel())).append(' ');
                inlines(h, depth, out);
                out.append("\n\n");
            }
            case Paragraph p -> {
                out.append(indent);
                inlines(p, depth, out);
                // Inside a list item the item's own line break ends it; elsewhere a blank line.
                out.append(p.getParent() instanceof ListItem ? "\n" : "\n\n");
            }
            case BulletList list -> items(list, depth, indent, out, null);
            case OrderedList list -> items(list, depth, indent, out,
                    list.getMarkerStartNumber() == null ? 1 : list.getMarkerStartNumber());
            case FencedCodeBlock code -> out.append(code.getLiteral()).append('\n');
            case IndentedCodeBlock code -> out.append(code.getLiteral()).append('\n');
            case HtmlBlock html -> {
                String text = Jsoup.parse(html.getLiteral()).text();
                if (!text.isBlank()) {
                    out.append(indent).append(text).append("\n\n");
                }
            }
            case ThematicBreak ignored -> {
            }
            case TableBlock table -> {
                table(table, out);
                out.append('\n');
            }
            default -> blocks(n, depth, indent, out); // the document, block quotes, extensions' blocks
        }
    }

    private void items(Node list, int depth, String indent, StringBuilder out, Integer start) {
        int number = start == null ? 0 : start;
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            out.append(indent).append(start == null ? "- " : (number++) + ". ");
            Node first = item.getFirstChild();
            if (first instanceof Paragraph p) {
                inlines(p, depth + 1, out);
                out.append('\n');
                first = first.getNext();
            } else {
                out.append('\n');
            }
            for (Node rest = first; rest != null; rest = rest.getNext()) {
                block(rest, depth + 2, indent + "  ", out);
            }
        }
        if (!(list.getParent() instanceof ListItem)) {
            out.append('\n');
        }
    }

    private void table(TableBlock table, StringBuilder out) {
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(table);
        // Rows sit under a head and a body; every row becomes one line of cells.
        List<Node> rows = new ArrayList<>();
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            if (n instanceof TableRow) {
                rows.add(n);
                continue;
            }
            for (Node c = n.getLastChild(); c != null; c = c.getPrevious()) {
                stack.push(c);
            }
        }
        for (Node row : rows) {
            boolean first = true;
            for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                if (cell instanceof TableCell) {
                    if (!first) {
                        out.append(" | ");
                    }
                    flat(cell, out);
                    first = false;
                }
            }
            out.append('\n');
        }
    }

    private void inlines(Node parent, int depth, StringBuilder out) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
            inline(n, depth + 1, out);
        }
    }

    private void inline(Node n, int depth, StringBuilder out) {
        if (depth > MAX_DEPTH) {
            flat(n, out);
            return;
        }
        switch (n) {
            case Text t -> out.append(t.getLiteral());
            case Code c -> out.append(c.getLiteral());
            case SoftLineBreak ignored -> out.append(' ');
            case HardLineBreak ignored -> out.append('\n');
            case HtmlInline ignored -> {
                // a tag; the words between tags are Text nodes of their own
            }
            default -> inlines(n, depth, out); // emphasis, strong, links (their text), images (their alt text)
        }
    }

    /** The words of a subtree in order, with an explicit stack: no recursion, whatever the nesting. */
    private static void flat(Node root, StringBuilder out) {
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            switch (n) {
                case Text t -> out.append(t.getLiteral());
                case Code c -> out.append(c.getLiteral());
                case FencedCodeBlock c -> out.append(c.getLiteral());
                case IndentedCodeBlock c -> out.append(c.getLiteral());
                case SoftLineBreak ignored -> out.append(' ');
                case HardLineBreak ignored -> out.append(' ');
                case Paragraph ignored -> out.append(' ');
                case Heading ignored -> out.append(' ');
                case ListItem ignored -> out.append(' ');
                default -> {
                }
            }
            for (Node c = n.getLastChild(); c != null; c = c.getPrevious()) {
                stack.push(c);
            }
        }
    }
}
