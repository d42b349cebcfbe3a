package io.imgdiff.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.config.RunSettings;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.Ids;
import io.imgdiff.item.Item;
import io.imgdiff.queue.DeadLetter;
import io.imgdiff.queue.JobQueue;
import io.imgdiff.queue.RunInfo;
import io.imgdiff.queue.RunRepository;
import io.imgdiff.queue.RunStatus;
import io.imgdiff.store.ObjectKeys;
import io.imgdiff.store.ObjectStore;
import io.imgdiff.submit.InputReader;
import io.imgdiff.submit.RunSubmitter;
import io.imgdiff.submit.SubmitInput;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** The REST API: submit runs, read run status, items and dead letters. Maps HTTP only; logic lives elsewhere. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    /** The largest page of {@code GET /api/runs}. */
    static final int MAX_RUNS_PAGE = 1000;

    private final RunSubmitter submitter;
    private final RunRepository runs;
    private final JobQueue queue;
    private final ObjectStore store;
    private final ObjectMapper json;
    private final long maxPixels;

    RunResource(RunSubmitter submitter, RunRepository runs, JobQueue queue, ObjectStore store, ObjectMapper json,
                ImgdiffConfig config) {
        this.maxPixels = config.image().maxPixels();
        this.submitter = submitter;
        this.runs = runs;
        this.queue = queue;
        this.store = store;
        this.json = json;
    }

    /** The reply to a submission. */
    public record Submitted(String run, String entry, long items) {
    }

    @POST
    @Path("/runs")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(SubmitRequest request) {
        if (request == null) {
            throw ApiException.badRequest(null, "request body is missing; expected JSON with captions, pairs or images");
        }
        return submitted(submitter.submit(runId(request.run()), SubmitRequests.toInput(request),
                settings(request.settings())));
    }

    /** The same JSONL the CLI accepts (captions or caption pairs), as the request body. */
    @POST
    @Path("/runs")
    @Consumes({"application/x-ndjson", "application/jsonl", MediaType.TEXT_PLAIN})
    public Response submitJsonl(String body, @QueryParam("run") String run, @QueryParam("set") List<String> set) {
        SubmitInput input;
        try {
            input = new InputReader(json).readLines(body == null ? List.of() : body.lines().toList(), "body", null);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("body", e.getMessage());
        }
        Map<String, String> overrides;
        try {
            overrides = RunSettings.parseOverrides(set == null ? List.of() : set);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("set", e.getMessage());
        }
        return submitted(submitter.submit(runId(run), input, checked(overrides)));
    }

    /**
     * Runs, newest first, a page at a time ({@code limit} at most 1000: each run is a Redis read); the body stays a
     * plain list, {@code X-Total-Count} says how many runs there are and {@code Link: <…>; rel="next"} where the
     * next page is.
     */
    @GET
    @Path("/runs")
    public Response list(@QueryParam("offset") @DefaultValue("0") long offset,
                         @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_RUNS_PAGE) {
            throw ApiException.badRequest("limit", "limit " + limit + " out of range, expected 1-" + MAX_RUNS_PAGE);
        }
        if (offset < 0) {
            throw ApiException.badRequest("offset", "offset " + offset + " out of range, expected 0 or more");
        }
        List<RunInfo> page = runs.runs(offset, limit);
        long total = runs.runCount();
        Response.ResponseBuilder ok = Response.ok(page).header("X-Total-Count", total);
        if (offset + page.size() < total && !page.isEmpty()) {
            ok.header("Link", "</api/runs?offset=" + (offset + page.size()) + "&limit=" + limit + ">; rel=\"next\"");
        }
        return ok.build();
    }

    @GET
    @Path("/runs/{run}")
    public RunStatus status(@PathParam("run") String run) {
        return runs.status(runId(run)).orElseThrow(() -> ApiException.notFound("run", "unknown run '" + run + "'"));
    }

    @GET
    @Path("/runs/{run}/items/{item}")
    public Item item(@PathParam("run") String run, @PathParam("item") String item) {
        status(run);
        return runs.item(run, itemId(item)).orElseThrow(() -> ApiException.notFound("item",
                "unknown item '" + item + "' in run '" + run + "'"));
    }

    /** An object of an item (images, previews), straight from the object store. */
    @GET
    @Path("/runs/{run}/items/{item}/files/{name}")
    @Produces({"image/png", "image/jpeg", MediaType.APPLICATION_OCTET_STREAM})
    public Response file(@PathParam("run") String run, @PathParam("item") String item, @PathParam("name") String name) {
        String key;
        try {
            key = ObjectKeys.item(run, item, name);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("name", e.getMessage());
        }
        byte[] stored = store.get(key).orElseThrow(() -> ApiException.notFound("name", "no object '" + key + "'"));
        boolean internal = ImageCodec.isInternal(stored);
        byte[] bytes = internal ? ImageCodec.toPortable(key, stored, maxPixels) : stored; // browsers get PNG
        String type = internal || name.endsWith(".png") ? "image/png" : name.endsWith(".jpg") || name.endsWith(".jpeg")
                ? "image/jpeg" : MediaType.APPLICATION_OCTET_STREAM;
        return Response.ok(bytes, type).header("Cache-Control", "max-age=3600").build();
    }

    @GET
    @Path("/dead-letters")
    public List<DeadLetter> deadLetters(@QueryParam("run") String run, @QueryParam("max") @DefaultValue("100") int max) {
        if (max < 1 || max > 10_000) {
            throw ApiException.badRequest("max", "max " + max + " out of range, expected 1-10000");
        }
        return queue.deadLetters(run == null ? null : runId(run), max);
    }

    private Response submitted(RunInfo info) {
        return Response.created(URI.create("/api/runs/" + info.id()))
                .entity(new Submitted(info.id(), info.entry().key(), info.items())).build();
    }

    private static String runId(String run) {
        if (run == null || run.isBlank()) {
            return null;
        }
        try {
            return Ids.check("run id", run);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("run", e.getMessage());
        }
    }

    private static String itemId(String item) {
        try {
            return Ids.check("item id", item);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("item", e.getMessage());
        }
    }

    private static Map<String, String> settings(Map<String, String> raw) {
        if (raw == null) {
            return Map.of();
        }
        return checked(RunSettings.parseOverrides(raw.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }

    /** Validates overrides here so a bad one is a 400 naming the field, not a failure deep in submit. */
    private static Map<String, String> checked(Map<String, String> overrides) {
        try {
            RunSettings.of(overrides);
            return overrides;
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("settings", e.getMessage());
        }
    }
}
