package io.imgdiff.stage.export;

import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.Box;
import io.imgdiff.item.CaptionOutput;
import io.imgdiff.item.GenerateOutput;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.RegionCaption;
import io.imgdiff.item.RemovalOutput;
import io.imgdiff.item.RgbImage;
import io.imgdiff.item.StageName;
import io.imgdiff.store.ObjectStore;

import java.util.Arrays;
import java.util.List;

/** Item records of a finished run for export tests: done replacements, removals, drops and failures. */
public final class ExportItems {

    static final int W = 100;
    static final int H = 80;
    /** The removed object's box and colour in image A of {@link #removal}. */
    static final Box OBJECT = new Box(20, 10, 50, 40);
    static final int OBJECT_RED = 200;

    private ExportItems() {
    }

    /** A done replacement with one region per box; its pair goes into {@code store} unless null. */
    public static Item done(ObjectStore store, String id, Box... boxes) {
        if (store != null) {
            RgbImage a = RgbImage.blank(W, H);
            Arrays.fill(a.rgb(), (byte) 90);
            store.put(key(id, "a"), ImageCodec.encodePng(a), "image/png");
            RgbImage b = RgbImage.blank(W, H);
            new java.util.Random(id.hashCode()).nextBytes(b.rgb()); // noise: PNGs of real size, to fill shards
            store.put(key(id, "b"), ImageCodec.encodePng(b), "image/png");
        }
        List<RegionCaption> regions = Arrays.stream(boxes).map(b -> new RegionCaption(b, "a red cat", "a blue dog",
                "In the left image the red box shows a red cat, while in the right image it shows a blue dog."))
                .toList();
        return new Item("r", id, StageName.EDIT, null, null, new GenerateOutput(key(id, "a"), key(id, "b"), W, H,
                List.of()), null, null, new CaptionOutput(regions, List.of()), ItemStatus.DONE, StageName.CAPTION,
                null, null);
    }

    /**
     * A done removal: A has a red object at {@link #OBJECT}, B is grey there; one captioned region on the box.
     */
    public static Item removal(ObjectStore store, String id, String noun) {
        if (store != null) {
            RgbImage a = RgbImage.blank(W, H);
            Arrays.fill(a.rgb(), (byte) 90);
            RgbImage b = RgbImage.blank(W, H);
            Arrays.fill(b.rgb(), (byte) 90);
            for (int y = OBJECT.y1(); y < OBJECT.y2(); y++) {
                for (int x = OBJECT.x1(); x < OBJECT.x2(); x++) {
                    a.rgb()[(y * W + x) * 3] = (byte) OBJECT_RED;
                }
            }
            store.put(key(id, "a"), ImageCodec.encodePng(a), "image/png");
            store.put(key(id, "b"), ImageCodec.encodePng(b), "image/png");
        }
        RegionCaption region = new RegionCaption(OBJECT, "a red " + noun, "only the background",
                "In the left image the red box shows a red " + noun + ", which is missing from the right image.");
        return new Item("r", id, StageName.EDIT, null, null, new GenerateOutput(key(id, "a"), key(id, "b"), W, H,
                List.of(), new RemovalOutput(noun, OBJECT, "procedural", "truth", 1.0, 0.0)), null, null,
                new CaptionOutput(List.of(region), List.of()), ItemStatus.DONE, StageName.CAPTION, null, null);
    }

    public static Item finished(String id, ItemStatus status, StageName stage, String reason, String error) {
        return new Item("r", id, StageName.EDIT, null, null, null, null, null, null, status, stage, reason, error);
    }

    private static String key(String id, String side) {
        return "runs/r/items/" + id + "/" + side + ".png";
    }
}
