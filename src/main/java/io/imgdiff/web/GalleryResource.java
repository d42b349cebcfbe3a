package io.imgdiff.web;

import io.imgdiff.image.ItemPair;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.Box;
import io.imgdiff.item.DiffBox;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.RegionCaption;
import io.imgdiff.queue.RunRepository;
import io.imgdiff.queue.RunStatus;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code /runs/{run}/gallery}: a plain HTML page to look at a run — each item's pair with its difference boxes
 * drawn over both images, the region and difference captions, or why it was dropped or failed. Images come from
 * the object store through {@code /api/runs/{run}/items/{item}/files/{name}}.
 */
@Path("/runs/{run}/gallery")
public class GalleryResource {

    private static final String STYLE = "body{font-family:sans-serif;margin:1em;background:#fafafa}"
            + ".item{background:#fff;border:1px solid #ddd;margin:0 0 1em;padding:.6em}"
            + ".pair{display:flex;gap:12px}.img{position:relative;width:45%}.img img{width:100%;display:block}"
            + ".box{position:absolute;border:3px solid red;box-sizing:border-box}"
            + ".meta{color:#555;font-size:.9em}.drop{color:#a60}.fail{color:#b00}";

    private final RunRepository runs;

    GalleryResource(RunRepository runs) {
        this.runs = runs;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String gallery(@PathParam("run") String run, @QueryParam("status") String status,
                          @QueryParam("limit") @DefaultValue("50") int limit) {
        RunStatus s = runs.status(run).orElseThrow(() -> ApiException.notFound("run", "unknown run '" + run + "'"));
        if (limit < 1 || limit > 1000) {
            throw ApiException.badRequest("limit", "limit " + limit + " out of range, expected 1-1000");
        }
        ItemStatus wanted = parseStatus(status);
        List<Item> shown = new ArrayList<>();
        runs.forEachItem(run, item -> {
            if (shown.size() < limit && (wanted == null || item.status() == wanted)) {
                shown.add(item);
            }
        });
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>imgdiff ")
                .append(esc(run)).append("</title><style>").append(STYLE).append("</style></head><body>");
        html.append("<h1>run ").append(esc(run)).append("</h1><p class=\"meta\">").append(s.run().items())
                .append(" items: done ").append(s.done()).append(", dropped ").append(s.dropped()).append(", failed ")
                .append(s.failed()).append(". Showing ").append(shown.size())
                .append(wanted == null ? "" : " " + wanted.name().toLowerCase(Locale.ROOT))
                .append(" (?status=done|dropped|failed&amp;limit=N).</p>");
        shown.forEach(item -> html.append(card(run, item)));
        return html.append("</body></html>").toString();
    }

    private static String card(String run, Item item) {
        StringBuilder h = new StringBuilder("<div class=\"item\" id=\"").append(esc(item.id())).append("\"><b>")
                .append(esc(item.id())).append("</b> <span class=\"meta\">").append(item.status()).append("</span>");
        if (item.generate() != null && item.generate().removal() != null) { // removal variant: its A/B question
            h.append(" <span class=\"meta\">removal: which image contains the ")
                    .append(esc(item.generate().removal().noun())).append("? A (exports may swap the sides)</span>");
        }
        String[] keys = pairKeys(item);
        if (keys != null) {
            List<Box> boxes = item.detect() == null ? List.of() : item.detect().boxes().stream().map(DiffBox::box).toList();
            int w = item.generate() != null ? item.generate().width() : 0;
            int hgt = item.generate() != null ? item.generate().height() : 0;
            h.append("<div class=\"pair\">").append(image(run, item.id(), keys[0], boxes, w, hgt))
                    .append(image(run, item.id(), keys[1], boxes, w, hgt)).append("</div>");
        }
        if (item.caption() != null) {
            for (RegionCaption r : item.caption().regions()) {
                h.append("<p>").append(esc(r.difference())).append("<br><span class=\"meta\">A: ")
                        .append(esc(r.captionA())).append(" · B: ").append(esc(r.captionB())).append("</span></p>");
            }
        }
        if (item.status() == ItemStatus.DROPPED) {
            h.append("<p class=\"drop\">dropped at ").append(item.stage()).append(": ").append(esc(item.reason())).append("</p>");
        } else if (item.status() == ItemStatus.FAILED) {
            h.append("<p class=\"fail\">failed at ").append(item.stage()).append(": ").append(esc(item.error())).append("</p>");
        }
        return h.append("</div>").toString();
    }

    /** One image with the boxes drawn as percentages of its size (unknown size: no boxes). */
    private static String image(String run, String item, String key, List<Box> boxes, int w, int h) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        StringBuilder s = new StringBuilder("<div class=\"img\"><img loading=\"lazy\" src=\"/api/runs/")
                .append(esc(run)).append("/items/").append(esc(item)).append("/files/").append(esc(name)).append("\">");
        if (w > 0 && h > 0) {
            for (Box b : boxes) {
                s.append(String.format(Locale.ROOT,
                        "<div class=\"box\" style=\"left:%.2f%%;top:%.2f%%;width:%.2f%%;height:%.2f%%\"></div>",
                        100.0 * b.x1() / w, 100.0 * b.y1() / h, 100.0 * b.width() / w, 100.0 * b.height() / h));
            }
        }
        return s.append("</div>").toString();
    }

    /** The pair's object-store keys (generated, else submitted), or null when the item has no pair yet. */
    private static String[] pairKeys(Item item) {
        try {
            ItemPair.Keys k = ItemPair.keys(item);
            return new String[] {k.a(), k.b()};
        } catch (BadInputException e) {
            return null;
        }
    }

    private static ItemStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return ItemStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status", "status '" + status + "' unknown, expected done, dropped or failed");
        }
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
