package io.imgdiff.web;

import io.imgdiff.item.Ids;
import io.imgdiff.item.ItemInput;
import io.imgdiff.item.StageName;
import io.imgdiff.submit.SubmitInput;
import io.imgdiff.submit.SubmitItem;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Turns a {@link SubmitRequest} into a {@link SubmitInput}, with errors naming the offending field. */
final class SubmitRequests {

    private SubmitRequests() {
    }

    static SubmitInput toInput(SubmitRequest r) {
        int given = (r.captions() != null ? 1 : 0) + (r.pairs() != null ? 1 : 0) + (r.images() != null ? 1 : 0);
        if (given != 1) {
            throw ApiException.badRequest(null, "expected exactly one of 'captions', 'pairs' or 'images', got " + given);
        }
        List<SubmitItem> items = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        if (r.captions() != null) {
            for (int i = 0; i < r.captions().size(); i++) {
                String c = r.captions().get(i);
                if (c == null || c.isBlank()) {
                    throw ApiException.badRequest("captions[" + i + "]", "caption is empty");
                }
                items.add(new SubmitItem(id(null, i, "captions", ids), ItemInput.ofCaption(c), null, null));
            }
            return nonEmpty(StageName.EDIT, items, "captions");
        }
        if (r.pairs() != null) {
            for (int i = 0; i < r.pairs().size(); i++) {
                SubmitRequest.CaptionPair p = r.pairs().get(i);
                if (p == null || p.captionA() == null || p.captionB() == null) {
                    throw ApiException.badRequest("pairs[" + i + "]", "a pair needs captionA and captionB");
                }
                items.add(new SubmitItem(id(p.id(), i, "pairs", ids), ItemInput.ofCaptionPair(p.captionA(), p.captionB()),
                        null, null));
            }
            return nonEmpty(StageName.GENERATE, items, "pairs");
        }
        for (int i = 0; i < r.images().size(); i++) {
            SubmitRequest.ImagePair p = r.images().get(i);
            String f = "images[" + i + "]";
            if (p == null) {
                throw ApiException.badRequest(f, "image pair is null");
            }
            items.add(new SubmitItem(id(p.id(), i, "images", ids), ItemInput.ofImagePair(null, null, p.captionA(), p.captionB()),
                    image(p.imageA(), p.formatA(), f + ".imageA"), image(p.imageB(), p.formatB(), f + ".imageB")));
        }
        return nonEmpty(StageName.FILTER, items, "images");
    }

    private static SubmitInput nonEmpty(StageName entry, List<SubmitItem> items, String field) {
        if (items.isEmpty()) {
            throw ApiException.badRequest(field, "no items");
        }
        return new SubmitInput(entry, items);
    }

    private static String id(String given, int index, String field, Set<String> seen) {
        String id = given == null ? String.format(Locale.ROOT, "%06d", index + 1) : given;
        try {
            Ids.check("item id", id);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field + "[" + index + "].id", e.getMessage());
        }
        if (!seen.add(id)) {
            throw ApiException.badRequest(field + "[" + index + "].id", "duplicate item id '" + id + "'");
        }
        return id;
    }

    private static SubmitItem.ImageSource image(String base64, String format, String field) {
        if (base64 == null || base64.isBlank()) {
            throw ApiException.badRequest(field, "missing base64 image bytes");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field, "not valid base64: " + e.getMessage());
        }
        String ext = format == null ? "png" : format.toLowerCase(Locale.ROOT);
        if (!ext.matches("[a-z0-9]{1,8}")) {
            throw ApiException.badRequest(field, "format '" + format + "' invalid, expected e.g. png or jpg");
        }
        return new SubmitItem.ImageSource() {
            @Override
            public byte[] read() {
                return bytes;
            }

            @Override
            public String extension() {
                return ext;
            }
        };
    }
}
