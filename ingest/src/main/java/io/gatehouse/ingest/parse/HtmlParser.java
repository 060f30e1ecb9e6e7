package io.gatehouse.ingest.parse;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

import java.util.List;
import java.util.Set;

/**
 * HTML to text with jsoup: scripts, styles and page furniture (navigation, headers, footers, asides,
 * forms) removed; block elements become paragraphs and headings become Markdown headings.
 */
final class HtmlParser {

    private static final String FURNITURE = "script, style, noscript, template, svg, canvas, iframe, object, embed, "
            + "nav, header, footer, aside, form, button, select, [role=navigation], [aria-hidden=true]";
    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "main", "li", "tr", "pre",
            "blockquote", "dd", "dt", "table", "ul", "ol", "br", "hr", "figcaption", "caption", "address");

    private HtmlParser() {
    }

    static ParsedDocument parse(String html, String fallbackTitle) {
        Document doc = Jsoup.parse(html);
        String title = doc.title().isBlank() ? fallbackTitle : doc.title().strip();
        doc.select(FURNITURE).remove();
        StringBuilder out = new StringBuilder();
        Element body = doc.body();
        if (body != null) {
            // iterative traversal: hostile pages nest elements deeper than any call stack
            NodeTraversor.traverse(new Renderer(out), body);
        }
        String text = out.toString().replaceAll("[ \\t\\x0B\\f\\r]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
        return new ParsedDocument(DocumentType.HTML, title, "", List.of(new PageText(1, text)));
    }

    /** Writes text, paragraph breaks around blocks, cell separators and Markdown headings. */
    private static final class Renderer implements NodeVisitor {
        private final StringBuilder out;
        /** Depth of the heading being written whole, or -1: its descendants are already in its text. */
        private int headingDepth = -1;

        Renderer(StringBuilder out) {
            this.out = out;
        }

        @Override
        public void head(Node node, int depth) {
            if (headingDepth >= 0) {
                return;
            }
            if (node instanceof TextNode t) {
                out.append(t.text());
                return;
            }
            if (!(node instanceof Element e)) {
                return;
            }
            String tag = e.normalName();
            int level = headingLevel(tag);
            if (level > 0) {
                out.append("\n\n").append("#".repeat(level)).append(' ').append(e.text()).append("\n\n");
                headingDepth = depth;
            } else if (BLOCKS.contains(tag)) {
                out.append("\n\n");
            } else if (tag.equals("td") || tag.equals("th")) {
                out.append(" | ");
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (headingDepth >= 0) {
                if (depth == headingDepth) {
                    headingDepth = -1;
                }
                return;
            }
            if (node instanceof Element e && BLOCKS.contains(e.normalName())) {
                out.append("\n\n");
            }
        }

        private static int headingLevel(String tag) {
            return tag.length() == 2 && tag.charAt(0) == 'h' && tag.charAt(1) >= '1' && tag.charAt(1) <= '6' ? tag.charAt(1) - '0' : 0;
        }
    }
}
