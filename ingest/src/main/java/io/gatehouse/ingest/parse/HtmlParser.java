package io.gatehouse.ingest.parse;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

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
            render(body, out);
        }
        String text = out.toString().replaceAll("[ \\t\\x0B\\f\\r]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
        return new ParsedDocument(DocumentType.HTML, title, "", List.of(new PageText(1, text)));
    }

    private static void render(Node node, StringBuilder out) {
        if (node instanceof TextNode t) {
            out.append(t.text());
            return;
        }
        if (!(node instanceof Element e)) {
            return;
        }
        String tag = e.normalName();
        if (tag.length() == 2 && tag.charAt(0) == 'h' && Character.isDigit(tag.charAt(1))) {
            out.append("\n\n").append("#".repeat(tag.charAt(1) - '0')).append(' ').append(e.text()).append("\n\n");
            return;
        }
        boolean block = BLOCKS.contains(tag);
        if (block) {
            out.append("\n\n");
        } else if (tag.equals("td") || tag.equals("th")) {
            out.append(" | ");
        }
        for (Node child : e.childNodes()) {
            render(child, out);
        }
        if (block) {
            out.append("\n\n");
        }
    }
}
