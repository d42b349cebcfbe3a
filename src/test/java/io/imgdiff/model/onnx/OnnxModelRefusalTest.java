package io.imgdiff.model.onnx;

import io.imgdiff.compute.cpu.NmsCpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Models that do not fit are refused when opened, naming the file, what was expected and what was found. */
class OnnxModelRefusalTest {

    @Test
    void aClassifierIsNotAClipVisionModel() {
        Path wrong = TestModels.path(TestModels.WRONG);
        String m = refused(() -> new OnnxClipImageEmbedder(wrong, "pixel_values", "image_embeds", 8, OnnxSettings.cpu()));
        assertContains(m, wrong.toAbsolutePath().toString());
        assertContains(m, "input pixel_values float32 [?,3,224,224] expected, found no input 'pixel_values'");
        assertContains(m, "images int64 [1,3,640,640]");
        assertContains(m, "output image_embeds float32 [?,?] expected, found no output 'image_embeds'");
    }

    @Test
    void aTextModelIsNotAnImageModel() {
        Path text = TestModels.path(TestModels.TEXT);
        String m = refused(() -> new OnnxClipImageEmbedder(text, "pixel_values", "text_embeds", 8, OnnxSettings.cpu()));
        assertContains(m, "input 'input_ids' is not one this backend feeds");
        assertContains(m, "input_ids int64 [?,?]");
    }

    @Test
    void wrongDtypeAndShapeAreNamed() {
        Path wrong = TestModels.path(TestModels.WRONG);
        // Right name, wrong dtype and size: images int64 [1,3,640,640] where FastSAM takes float32 [?,3,1024,1024].
        String m = refused(() -> new OnnxFastSamProposer(wrong, 1024, 0.05, 0.5, 300, new NmsCpu(), OnnxSettings.cpu()));
        assertContains(m, "input images float32 [?,3,1024,1024] expected, found images int64 [1,3,640,640]");
        assertContains(m, "output output0 float32 [?,?,?] expected, found no output 'output0'");
    }

    @Test
    void aVisionModelIsNotFastSam() {
        Path vision = TestModels.path(TestModels.VISION);
        String m = refused(() -> new OnnxFastSamProposer(vision, 1024, 0.05, 0.5, 300, new NmsCpu(), OnnxSettings.cpu()));
        assertContains(m, vision.toAbsolutePath().toString());
        assertContains(m, "found no input 'images'");
    }

    @Test
    void aFileThatIsNotOnnxIsRefused(@TempDir Path dir) throws IOException {
        Path junk = Files.writeString(dir.resolve("clip.onnx"), "<html>404 Not Found</html>");
        String m = refused(() -> new OnnxClipImageEmbedder(junk, "pixel_values", "image_embeds", 8, OnnxSettings.cpu()));
        assertContains(m, "cannot load CLIP vision model " + junk.toAbsolutePath());
        assertContains(m, "expected an ONNX model file");
    }

    @Test
    void cudaOnTheCpuBuildIsRefusedWithTheFix() {
        var cuda = new OnnxSettings("cuda", 0, 0, 1);
        String m = refused(() -> new OnnxClipImageEmbedder(TestModels.path(TestModels.VISION), "pixel_values",
                "image_embeds", 8, cuda));
        assertContains(m, "expected CUDAExecutionProvider");
        assertContains(m, "-Pgpu");
    }

    @Test
    void anUnknownProviderIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new OnnxSettings("tpu", 0, 0, 1));
        assertContains(e.getMessage(), "'tpu' is not supported: expected cpu or cuda");
    }

    static String refused(Runnable open) {
        return assertThrows(IllegalStateException.class, open::run).getMessage();
    }

    static void assertContains(String message, String part) {
        assertTrue(message.contains(part), "message lacks [" + part + "]: " + message);
    }
}
