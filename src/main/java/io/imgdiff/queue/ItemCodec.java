package io.imgdiff.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.item.CaptionOutput;
import io.imgdiff.item.DetectOutput;
import io.imgdiff.item.EditOutput;
import io.imgdiff.item.FilterOutput;
import io.imgdiff.item.GenerateOutput;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemInput;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.StageName;

import java.io.UncheckedIOException;
import java.util.Map;

/** Rebuilds an {@link Item} from its Redis hash, whose stage outputs are JSON of the item records. */
final class ItemCodec {

    private final ObjectMapper json;

    ItemCodec(ObjectMapper json) {
        this.json = json;
    }

    Item decode(String run, String id, Map<String, String> h) {
        String where = "run " + run + ", item " + id;
        return new Item(run, id, enumOf(StageName.class, h.get("entry")),
                field(h, "input", ItemInput.class, where),
                field(h, StageName.EDIT.key(), EditOutput.class, where),
                field(h, StageName.GENERATE.key(), GenerateOutput.class, where),
                field(h, StageName.FILTER.key(), FilterOutput.class, where),
                field(h, StageName.DETECT.key(), DetectOutput.class, where),
                field(h, StageName.CAPTION.key(), CaptionOutput.class, where),
                enumOf(ItemStatus.class, h.get("status")), enumOf(StageName.class, h.get("stage")),
                h.get("reason"), h.get("error"));
    }

    private <T> T field(Map<String, String> h, String name, Class<T> type, String where) {
        String text = h.get(name);
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("field '" + name + "' of " + where + " is not a valid "
                    + type.getSimpleName() + " JSON: " + abbreviate(text), e);
        }
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String name) {
        return name == null || name.isEmpty() ? null : Enum.valueOf(type, name);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
