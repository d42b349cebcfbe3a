package io.imgdiff.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.item.Box;
import io.imgdiff.item.CaptionOutput;
import io.imgdiff.item.DetectOutput;
import io.imgdiff.item.DiffBox;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemInput;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.RegionCaption;
import io.imgdiff.item.RejectedBox;
import io.imgdiff.item.StageName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The item page's candidate table: every candidate once, with where it was dropped and why; sparse records render. */
class ItemPageTest {

    private static final ItemInput SUBMITTED = ItemInput.ofImagePair("runs/r/items/p/input_a.png",
            "runs/r/items/p/input_b.png", "a cat", "a dog");

    @Test
    void everyCandidateOnceWithItsVerdict() {
        Box kept = new Box(10, 10, 40, 40);
        Box lateDrop = new Box(50, 50, 60, 60);
        Box early = new Box(0, 0, 5, 5);
        var detect = new DetectOutput(List.of(new DiffBox(kept, 0.9, 0.3, 0.8, "dog"),
                new DiffBox(lateDrop, 0.5, 0.6, 0.4, null)), List.of(new RejectedBox(early, "crop-similar", 0.97)));
        var caption = new CaptionOutput(List.of(new RegionCaption(kept, "a cat", "a dog", "a cat became a dog")),
                List.of(new RejectedBox(lateDrop, "too-small", 0.001)));
        Item item = new Item("r", "p", StageName.FILTER, SUBMITTED, null, null, null, detect, caption, ItemStatus.DONE,
                StageName.CAPTION, null, null);
        String html = new ItemPage(item, new ObjectMapper()).render();
        assertEquals(3, count("<tr class=", html), html);
        assertTrue(html.contains("<tr class=\"kept\"><td>1</td><td>(10,10)–(40,40)"), html);
        assertTrue(html.contains("<td>dropped at caption</td><td>too-small</td>"), html);
        assertTrue(html.contains("<td>dropped at detect</td><td>crop-similar</td><td>0.970</td>"), html);
        assertEquals(6, count("<rect class=", html), "three candidates on each image");
        assertTrue(html.contains("data-size=\"auto\""), "a submitted pair's size comes from its image");
        assertTrue(html.contains("/api/runs/r/items/p/files/input_a.png"), html);
    }

    @Test
    void aSparseRecordStillRenders() {
        Item item = new Item("r", "q", StageName.FILTER, SUBMITTED, null, null, null, new DetectOutput(null, null),
                new CaptionOutput(null, null), ItemStatus.DROPPED, StageName.DETECT, "no-difference", null);
        String html = new ItemPage(item, new ObjectMapper()).render();
        assertTrue(html.contains("DROPPED at detect: no-difference"), html);
        assertEquals(0, count("<rect class=", html));
    }

    private static int count(String what, String html) {
        return (int) Pattern.compile(Pattern.quote(what)).matcher(html).results().count();
    }
}
