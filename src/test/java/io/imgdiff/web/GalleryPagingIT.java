package io.imgdiff.web;

import io.imgdiff.item.ItemInput;
import io.imgdiff.item.StageName;
import io.imgdiff.submit.RunSubmitter;
import io.imgdiff.submit.SubmitInput;
import io.imgdiff.submit.SubmitItem;
import io.imgdiff.testing.RedisServerResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gallery paging on a run larger than one request may read (no worker: every item stays queued): cursors walk the
 * run in id order without repeats, and a filter that matches nothing stops after {@link GalleryPager#MAX_SCANNED}
 * items with a cursor instead of scanning the whole run.
 */
@QuarkusTest
@QuarkusTestResource(RedisServerResource.class)
class GalleryPagingIT {

    private static final int ITEMS = 2_500;
    private static final Pattern ITEM = Pattern.compile("data-item=\"([^\"]+)\"");
    private static final Pattern NEXT = Pattern.compile("class=\"next\" href=\"[^\"]*after=([^\"&]+)\"");

    @Inject
    RedisDataSource redis;

    @Inject
    RunSubmitter submitter;

    @BeforeEach
    void bigRun() {
        redis.flushall();
        List<SubmitItem> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            items.add(new SubmitItem(String.format("i%05d", i), ItemInput.ofCaption("a cat number " + i), null, null));
        }
        submitter.submit("big", new SubmitInput(StageName.EDIT, items), Map.of());
    }

    @Test
    void cursorsWalkTheWholeRunOnceInIdOrder() {
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            var req = given().queryParam("limit", 1000);
            String html = (after == null ? req : req.queryParam("after", after)).get("/runs/big/gallery")
                    .then().statusCode(200).extract().asString();
            List<String> ids = all(ITEM, html);
            assertTrue(ids.size() <= 1000, "a page holds at most limit items");
            seen.addAll(ids);
            after = all(NEXT, html).stream().findFirst().orElse(null);
            pages++;
        } while (after != null && pages < 10);
        assertEquals(3, pages);
        assertEquals(ITEMS, seen.size());
        assertEquals(ITEMS, seen.stream().distinct().count());
        assertEquals(seen.stream().sorted().toList(), seen);
    }

    @Test
    void aFilterMatchingNothingStopsAfterAScanLimitWithACursor() {
        String html = given().queryParam("status", "done").get("/runs/big/gallery").then().statusCode(200)
                .extract().asString();
        assertTrue(html.contains("0 shown from the first item (" + GalleryPager.MAX_SCANNED + " looked at)"), html);
        assertEquals(List.of(String.format("i%05d", GalleryPager.MAX_SCANNED - 1)), all(NEXT, html));
        String rest = given().queryParam("status", "done").queryParam("after", all(NEXT, html).get(0))
                .get("/runs/big/gallery").then().statusCode(200).extract().asString();
        assertTrue(rest.contains("(" + (ITEMS - GalleryPager.MAX_SCANNED) + " looked at)") && rest.contains("end of run"),
                rest);
    }

    @Test
    void itemPageOfAQueuedItemAndBadCursors() {
        String html = given().get("/runs/big/items/i00007").then().statusCode(200).extract().asString();
        assertTrue(html.contains("QUEUED") && html.contains("a cat number 7"), html);
        given().queryParam("after", "../x").get("/runs/big/gallery").then().statusCode(400);
        given().get("/runs/big/items/nope").then().statusCode(404);
        given().get("/runs").then().statusCode(200).body(org.hamcrest.Matchers.containsString("/runs/big/gallery"));
    }

    private static List<String> all(Pattern p, String html) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
