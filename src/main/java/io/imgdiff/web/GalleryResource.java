package io.imgdiff.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.item.Ids;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.queue.RunInfo;
import io.imgdiff.queue.RunRepository;
import io.imgdiff.queue.RunStatus;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * The gallery's HTML pages (HTTP mapping only; the pages are built by {@link GalleryPage} and {@link ItemPage}):
 * {@code /runs} lists runs; {@code /runs/{run}/gallery} shows a page of a run's items with their boxes, filtered by
 * status and drop reason and paged by item id ({@code after}), never reading more than one page's worth of a
 * 100k-item run; {@code /runs/{run}/items/{item}} shows one item with every candidate box and why it was kept or
 * dropped. Images come from {@code /api/runs/{run}/items/{item}/files/{name}}.
 */
@Path("/runs")
@Produces(MediaType.TEXT_HTML)
public class GalleryResource {

    private final RunRepository runs;
    private final ObjectMapper json;

    /** Runs listed on the start page (each is a Redis read). */
    static final int RUNS_SHOWN = 200;

    GalleryResource(RunRepository runs, ObjectMapper json) {
        this.runs = runs;
        this.json = json;
    }

    @GET
    public String runs() {
        StringBuilder html = Html.page("imgdiff runs").append("<h1>runs</h1><ul>");
        long total = runs.runCount();
        for (RunInfo r : runs.runs(0, RUNS_SHOWN)) {
            html.append("<li><a class=\"run\" href=\"/runs/").append(Html.url(r.id())).append("/gallery\">")
                    .append(Html.esc(r.id())).append("</a> <span class=\"meta\">").append(r.items())
                    .append(" items, entered at ").append(r.entry().key()).append("</span></li>");
        }
        html.append("</ul>");
        if (total > RUNS_SHOWN) {
            html.append("<p class=\"meta\">the newest ").append(RUNS_SHOWN).append(" of ").append(total)
                    .append(" runs; older ones: <a href=\"/api/runs?offset=").append(RUNS_SHOWN)
                    .append("\">/api/runs</a></p>");
        }
        return Html.end(html);
    }

    @GET
    @Path("/{run}/gallery")
    public String gallery(@PathParam("run") String run, @QueryParam("status") String status,
                          @QueryParam("reason") String reason, @QueryParam("after") String after,
                          @QueryParam("limit") @DefaultValue("50") int limit) {
        RunStatus s = status(run);
        if (limit < 1 || limit > 1000) {
            throw ApiException.badRequest("limit", "limit " + limit + " out of range, expected 1-1000");
        }
        ItemStatus wanted = parseStatus(status);
        String why = reason == null || reason.isBlank() ? null : reason.trim();
        Predicate<Item> filter = i -> (wanted == null || i.status() == wanted)
                && (why == null || why.equals(i.reason()));
        String from = after == null || after.isBlank() ? null : check("after", after);
        GalleryPager.Page page = GalleryPager.find(runs, run, from, limit, filter);
        return new GalleryPage(s, new GalleryPage.Query(wanted, why, from, limit)).render(page);
    }

    @GET
    @Path("/{run}/items/{item}")
    public String item(@PathParam("run") String run, @PathParam("item") String item) {
        status(run);
        Item it = runs.item(run, check("item", item)).orElseThrow(() -> ApiException.notFound("item",
                "unknown item '" + item + "' in run '" + run + "'"));
        return new ItemPage(it, json).render();
    }

    private RunStatus status(String run) {
        return runs.status(check("run", run)).orElseThrow(() -> ApiException.notFound("run", "unknown run '" + run + "'"));
    }

    private static String check(String field, String id) {
        try {
            return Ids.check(field + " id", id);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field, e.getMessage());
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
}
