package io.imgdiff.web;

import io.imgdiff.image.ItemPair;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.Box;
import io.imgdiff.item.Item;

import java.util.List;
import java.util.Locale;

/**
 * Pieces shared by the gallery's HTML pages: the page frame, escaping, and an image pair with its boxes drawn as an
 * SVG overlay in image pixels. Boxes are in A's pixel frame (B is resized to A before any comparison), so both
 * overlays use A's size: known from the generator, or read from image A itself in the browser once it has loaded
 * (submitted pairs come in any size), which the small script at the end of every page does.
 */
final class Html {

    /** A box to draw: its CSS class says what happened to it, {@code label} is shown next to it. */
    record Mark(Box box, String cssClass, String label) {
    }

    private static final String STYLE = "body{font-family:sans-serif;margin:1em;background:#fafafa;color:#222}"
            + "a{color:#0645ad}.item{background:#fff;border:1px solid #ddd;margin:0 0 1em;padding:.6em}"
            + ".pair{display:flex;gap:12px;margin:.4em 0}.img{position:relative;width:45%;max-width:640px}"
            + ".gallery .img{max-width:300px}.img img{width:100%;display:block}"
            + ".img svg{position:absolute;left:0;top:0;width:100%;height:100%}"
            + "rect{fill:none;stroke-width:3;vector-effect:non-scaling-stroke}rect.kept{stroke:#e00}"
            + "rect.detect-dropped{stroke:#f90;stroke-dasharray:6 4}rect.caption-dropped{stroke:#a0f;stroke-dasharray:2 3}"
            + "text{font:bold 12px sans-serif;fill:#e00;paint-order:stroke;stroke:#fff;stroke-width:3px}"
            + ".meta{color:#555;font-size:.9em}.drop{color:#a60}.fail{color:#b00}.filters a{margin-right:.8em}"
            + "table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left}"
            + "pre{background:#fff;border:1px solid #ddd;padding:.5em;overflow:auto;max-height:30em}";

    /** Sets each unsized overlay's viewBox from its pair's image A once that image has loaded. */
    private static final String SCRIPT = "<script>for(const f of document.querySelectorAll('.pair[data-size=auto]')){"
            + "const a=f.querySelector('img.a');const set=()=>{if(!a.naturalWidth)return;"
            + "for(const s of f.querySelectorAll('svg'))s.setAttribute('viewBox','0 0 '+a.naturalWidth+' '+a.naturalHeight);"
            + "f.dataset.size='image';};a.complete?set():a.addEventListener('load',set);}</script>";

    private Html() {
    }

    static StringBuilder page(String title) {
        return new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title><style>").append(STYLE).append("</style></head><body>");
    }

    static String end(StringBuilder html) {
        return html.append(SCRIPT).append("</body></html>").toString();
    }

    /** The item's pair with {@code marks} on both images, or an empty string when it has no pair yet. */
    static String pair(Item item, List<Mark> marks, String imgClass) {
        ItemPair.Keys keys;
        try {
            keys = ItemPair.keys(item);
        } catch (BadInputException e) {
            return "";
        }
        int w = item.generate() != null ? item.generate().width() : 0;
        int h = item.generate() != null ? item.generate().height() : 0;
        String viewBox = w > 0 && h > 0 ? " viewBox=\"0 0 " + w + " " + h + "\"" : "";
        StringBuilder s = new StringBuilder("<div class=\"pair ").append(imgClass).append("\" data-size=\"")
                .append(viewBox.isEmpty() ? "auto" : "known").append("\" data-boxes=\"").append(marks.size())
                .append("\">");
        s.append(image(item, keys.a(), "a", marks, viewBox)).append(image(item, keys.b(), "b", marks, viewBox));
        return s.append("</div>").toString();
    }

    private static String image(Item item, String key, String side, List<Mark> marks, String viewBox) {
        StringBuilder s = new StringBuilder("<div class=\"img\"><img class=\"").append(side).append("\" alt=\"image ")
                .append(side.toUpperCase(Locale.ROOT)).append("\" src=\"").append(fileUrl(item, key)).append("\">")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" preserveAspectRatio=\"none\"").append(viewBox)
                .append('>');
        for (Mark m : marks) {
            Box b = m.box();
            s.append("<rect class=\"").append(m.cssClass()).append("\" x=\"").append(b.x1()).append("\" y=\"")
                    .append(b.y1()).append("\" width=\"").append(b.width()).append("\" height=\"").append(b.height())
                    .append("\"><title>").append(esc(m.label())).append("</title></rect>");
            if (m.cssClass().equals("kept")) { // the number only; the whole label is the rect's tooltip
                String tag = m.label().contains(" ") ? m.label().substring(0, m.label().indexOf(' ')) : m.label();
                s.append("<text x=\"").append(b.x1() + 3).append("\" y=\"").append(b.y1() + 13).append("\">")
                        .append(esc(tag)).append("</text>");
            }
        }
        return s.append("</svg></div>").toString();
    }

    /** The API URL serving an object of the item; the object store key's last segment names the file. */
    static String fileUrl(Item item, String key) {
        return "/api/runs/" + url(item.run()) + "/items/" + url(item.id()) + "/files/"
                + url(key.substring(key.lastIndexOf('/') + 1));
    }

    static String itemUrl(Item item) {
        return "/runs/" + url(item.run()) + "/items/" + url(item.id());
    }

    static String url(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A list from a stored record, empty where an older or newer record has none. */
    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }
}
