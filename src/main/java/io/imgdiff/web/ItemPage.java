package io.imgdiff.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.item.Box;
import io.imgdiff.item.DiffBox;
import io.imgdiff.item.Item;
import io.imgdiff.item.RegionCaption;
import io.imgdiff.item.RejectedBox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One item: both images with every candidate box (kept in red; dropped at detect dashed orange; dropped at caption
 * dotted violet), a table of the candidates with their scores and the reason each was dropped, the captions, and
 * the whole stored record as JSON, so fields this page does not know (newer stages, variants) are still shown.
 */
final class ItemPage {

    /** One candidate row: where it ended and the figures that decided it. */
    private record Row(Box box, String verdict, String cssClass, String reason, double score, double cropCos,
                       double textScore, String noun) {
    }

    private final Item item;
    private final ObjectMapper json;

    ItemPage(Item item, ObjectMapper json) {
        this.item = item;
        this.json = json;
    }

    String render() {
        StringBuilder html = Html.page("imgdiff " + item.run() + " / " + item.id()).append("<p><a href=\"/runs/")
                .append(Html.url(item.run())).append("/gallery\">run ").append(Html.esc(item.run()))
                .append("</a></p><h1>item ").append(Html.esc(item.id())).append("</h1><p class=\"meta\" id=\"state\">")
                .append(item.status()).append(item.stage() == null ? "" : " at " + item.stage().key())
                .append(item.reason() == null ? "" : ": " + Html.esc(item.reason()))
                .append(item.error() == null ? "" : " <span class=\"fail\">" + Html.esc(item.error()) + "</span>")
                .append("</p>");
        captions(html);
        List<Row> rows = rows();
        List<Html.Mark> marks = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            marks.add(new Html.Mark(r.box(), r.cssClass(), "#" + (i + 1) + " " + r.verdict()
                    + (r.reason() == null ? "" : " (" + r.reason() + ")")));
        }
        html.append(Html.pair(item, marks, "item"));
        table(html, rows);
        if (item.caption() != null) {
            for (RegionCaption r : Html.list(item.caption().regions())) {
                html.append("<p class=\"region\">").append(Html.esc(r.difference())).append("<br><span class=\"meta\">A: ")
                        .append(Html.esc(r.captionA())).append(" · B: ").append(Html.esc(r.captionB()))
                        .append("</span></p>");
            }
        }
        html.append("<details><summary>stored record</summary><pre id=\"record\">").append(Html.esc(record()))
                .append("</pre></details>");
        return Html.end(html);
    }

    private void captions(StringBuilder html) {
        String a = item.edit() != null ? item.edit().captionA() : item.input() == null ? null : item.input().captionA();
        String b = item.edit() != null ? item.edit().captionB() : item.input() == null ? null : item.input().captionB();
        if (item.input() != null && item.input().caption() != null) {
            html.append("<p>caption: ").append(Html.esc(item.input().caption())).append("</p>");
        }
        if (a != null || b != null) {
            html.append("<p>A: ").append(Html.esc(a)).append("<br>B: ").append(Html.esc(b)).append("</p>");
        }
        if (item.filter() != null) {
            html.append("<p class=\"meta\">filter: pair cosine ").append(Html.num(item.filter().cosine()))
                    .append(", kept range ").append(Html.num(item.filter().minCos())).append("–")
                    .append(Html.num(item.filter().maxCos())).append("</p>");
        }
    }

    /** Every candidate once: detect's kept boxes (and what caption did with each), detect's rejects, caption's rejects. */
    private List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        if (item.detect() == null) {
            return rows;
        }
        List<RejectedBox> captionRejects = item.caption() == null ? List.of() : Html.list(item.caption().rejected());
        List<DiffBox> kept = Html.list(item.detect().boxes());
        for (DiffBox d : kept) {
            Optional<RejectedBox> late = captionRejects.stream().filter(r -> r.box().equals(d.box())).findFirst();
            if (late.isPresent()) {
                rows.add(new Row(d.box(), "dropped at caption", "caption-dropped", late.get().reason(),
                        late.get().score(), d.cropCos(), d.textScore(), d.noun()));
            } else {
                rows.add(new Row(d.box(), "kept", "kept", null, d.score(), d.cropCos(), d.textScore(), d.noun()));
            }
        }
        for (RejectedBox r : Html.list(item.detect().rejected())) {
            rows.add(new Row(r.box(), "dropped at detect", "detect-dropped", r.reason(), r.score(), Double.NaN,
                    Double.NaN, null));
        }
        captionRejects.stream().filter(r -> kept.stream().noneMatch(d -> d.box().equals(r.box())))
                .forEach(r -> rows.add(new Row(r.box(), "dropped at caption", "caption-dropped", r.reason(), r.score(),
                        Double.NaN, Double.NaN, null)));
        return rows;
    }

    private static void table(StringBuilder html, List<Row> rows) {
        html.append("<table id=\"candidates\"><tr><th>#</th><th>box (x1,y1)–(x2,y2)</th><th>size</th><th>verdict</th>"
                + "<th>reason</th><th>score</th><th>crop cos</th><th>text score</th><th>noun</th></tr>");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            Box b = r.box();
            html.append("<tr class=\"").append(r.cssClass()).append("\"><td>").append(i + 1).append("</td><td>(")
                    .append(b.x1()).append(',').append(b.y1()).append(")–(").append(b.x2()).append(',').append(b.y2())
                    .append(")</td><td>").append(b.width()).append('×').append(b.height()).append("</td><td>")
                    .append(r.verdict()).append("</td><td>").append(Html.esc(r.reason())).append("</td><td>")
                    .append(Html.num(r.score())).append("</td><td>").append(Html.num(r.cropCos())).append("</td><td>")
                    .append(Html.num(r.textScore())).append("</td><td>").append(Html.esc(r.noun())).append("</td></tr>");
        }
        html.append("</table>");
        if (rows.isEmpty()) {
            html.append("<p class=\"meta\">no candidate boxes (detect has not run on this item)</p>");
        }
    }

    private String record() {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(item);
        } catch (JsonProcessingException e) {
            return "record not serialisable: " + e.getMessage();
        }
    }
}
