package io.imgdiff.web;

import io.imgdiff.item.Box;
import io.imgdiff.item.DiffBox;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.RegionCaption;
import io.imgdiff.item.StageName;
import io.imgdiff.queue.RunStatus;
import io.imgdiff.queue.StageCounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One page of a run's gallery: counters, filter links (status, and every drop reason with its count, from the
 * run's counters, so no scan is needed to offer them), the items of the page with their final boxes, and a link to
 * the next page carrying the cursor.
 */
final class GalleryPage {

    /** The page's filters and paging, echoed into its links. */
    record Query(ItemStatus status, String reason, String after, int limit) {
    }

    private final RunStatus run;
    private final Query q;

    GalleryPage(RunStatus run, Query q) {
        this.run = run;
        this.q = q;
    }

    String render(GalleryPager.Page page) {
        String id = run.run().id();
        StringBuilder html = Html.page("imgdiff " + id).append("<p><a href=\"/runs\">runs</a></p><h1>run ")
                .append(Html.esc(id)).append("</h1><p class=\"meta\">").append(run.run().items())
                .append(" items: done ").append(run.done()).append(", dropped ").append(run.dropped())
                .append(", failed ").append(run.failed()).append(", still running ")
                .append(Math.max(0, run.run().items() - run.finished())).append(".</p>");
        filters(html);
        html.append("<p class=\"meta\" id=\"showing\">").append(page.items().size()).append(" shown")
                .append(q.after() == null ? " from the first item" : " after " + Html.esc(q.after()))
                .append(" (").append(page.scanned()).append(" looked at).</p>");
        page.items().forEach(item -> html.append(card(item)));
        if (page.next() != null) {
            html.append("<p><a class=\"next\" href=\"").append(link(q.status(), q.reason(), page.next()))
                    .append("\">next page</a></p>");
        } else {
            html.append("<p class=\"meta\" id=\"end\">end of run</p>");
        }
        return Html.end(html);
    }

    private void filters(StringBuilder html) {
        html.append("<p class=\"filters\">show: <a href=\"").append(link(null, null, null)).append("\">all</a>");
        for (ItemStatus s : List.of(ItemStatus.DONE, ItemStatus.DROPPED, ItemStatus.FAILED)) {
            html.append("<a class=\"status\" href=\"").append(link(s, null, null)).append("\">")
                    .append(s.name().toLowerCase(Locale.ROOT)).append("</a>");
        }
        html.append("</p><p class=\"filters\">dropped because: ");
        Map<String, Long> reasons = new TreeMap<>();
        for (Map.Entry<StageName, StageCounts> e : run.stages().entrySet()) {
            e.getValue().dropped().forEach((r, n) -> reasons.merge(r, n, Long::sum));
        }
        reasons.forEach((r, n) -> html.append("<a class=\"reason\" data-reason=\"").append(Html.esc(r))
                .append("\" href=\"").append(link(ItemStatus.DROPPED, r, null)).append("\">").append(Html.esc(r))
                .append(" (").append(n).append(")</a>"));
        html.append(reasons.isEmpty() ? "none" : "").append("</p>");
        if (q.status() != null || q.reason() != null) {
            html.append("<p class=\"meta\" id=\"filter\">filter: ")
                    .append(q.status() == null ? "" : q.status().name().toLowerCase(Locale.ROOT)).append(' ')
                    .append(Html.esc(q.reason() == null ? "" : q.reason())).append("</p>");
        }
    }

    private String link(ItemStatus status, String reason, String after) {
        StringBuilder s = new StringBuilder("/runs/").append(Html.url(run.run().id())).append("/gallery?limit=")
                .append(q.limit());
        if (status != null) {
            s.append("&amp;status=").append(status.name().toLowerCase(Locale.ROOT));
        }
        if (reason != null) {
            s.append("&amp;reason=").append(Html.url(reason));
        }
        if (after != null) {
            s.append("&amp;after=").append(Html.url(after));
        }
        return s.toString();
    }

    private static String card(Item item) {
        StringBuilder h = new StringBuilder("<div class=\"item\" id=\"").append(Html.esc(item.id()))
                .append("\" data-item=\"").append(Html.esc(item.id())).append("\" data-status=\"")
                .append(item.status()).append("\" data-reason=\"").append(Html.esc(item.reason())).append("\">")
                .append("<a class=\"open\" href=\"").append(Html.itemUrl(item)).append("\"><b>")
                .append(Html.esc(item.id())).append("</b></a> <span class=\"meta\">").append(item.status())
                .append("</span>");
        if (item.generate() != null && item.generate().removal() != null) { // removal variant: its A/B question
            h.append(" <span class=\"meta removal\">removal: which image contains the ")
                    .append(Html.esc(item.generate().removal().noun())).append("? A (exports may swap the sides)</span>");
        }
        h.append(Html.pair(item, marks(item), "gallery"));
        if (item.caption() != null) {
            for (RegionCaption r : Html.list(item.caption().regions())) {
                h.append("<p>").append(Html.esc(r.difference())).append("<br><span class=\"meta\">A: ")
                        .append(Html.esc(r.captionA())).append(" · B: ").append(Html.esc(r.captionB()))
                        .append("</span></p>");
            }
        }
        if (item.status() == ItemStatus.DROPPED) {
            h.append("<p class=\"drop\">dropped at ").append(stage(item)).append(": ").append(Html.esc(item.reason()))
                    .append("</p>");
        } else if (item.status() == ItemStatus.FAILED) {
            h.append("<p class=\"fail\">failed at ").append(stage(item)).append(": ").append(Html.esc(item.error()))
                    .append("</p>");
        }
        return h.append("</div>").toString();
    }

    /** The item's final boxes: captioned regions once caption ran, else what detect kept. */
    private static List<Html.Mark> marks(Item item) {
        List<Html.Mark> marks = new ArrayList<>();
        if (item.caption() != null) {
            int n = 1;
            for (RegionCaption r : Html.list(item.caption().regions())) {
                marks.add(new Html.Mark(r.box(), "kept", "#" + n++ + " " + r.difference()));
            }
        } else if (item.detect() != null) {
            int n = 1;
            for (DiffBox d : Html.list(item.detect().boxes())) {
                Box b = d.box();
                marks.add(new Html.Mark(b, "kept", "#" + n++ + (d.noun() == null ? "" : " " + d.noun())));
            }
        }
        return marks;
    }

    private static String stage(Item item) {
        return item.stage() == null ? "?" : item.stage().name();
    }
}
