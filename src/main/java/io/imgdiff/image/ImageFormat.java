package io.imgdiff.image;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;

/** The image formats {@link ImageCodec} reads, recognised by their signature bytes, never by a file name. */
enum ImageFormat {
    PNG(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}),
    JPEG(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}),
    GIF(new byte[] {'G', 'I', 'F', '8'}),
    BMP(new byte[] {'B', 'M'}),
    /** imgdiff's internal format ({@link RgbzCodec}); never read through ImageIO. */
    RGBZ(RgbzCodec.SIGNATURE);

    private final byte[] signature;

    ImageFormat(byte[] signature) {
        this.signature = signature;
    }

    /** The format whose signature {@code bytes} start with. */
    static Optional<ImageFormat> sniff(byte[] bytes) {
        for (ImageFormat f : values()) {
            if (bytes.length >= f.signature.length
                    && Arrays.equals(bytes, 0, f.signature.length, f.signature, 0, f.signature.length)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * A fresh reader. JPEG always gets TwelveMonkeys' reader (CMYK/YCCK, Adobe markers, better error handling). It
     * is looked up by class, and registered by hand when missing: ImageIO scans plugins only on the class loader
     * that first touched it, which under Quarkus' class loaders may not see TwelveMonkeys, and the provider works
     * only once registered (registration hands it the JDK reader it delegates to).
     */
    ImageReader reader() throws IOException {
        if (this == JPEG) {
            return jpegProvider().createReaderInstance();
        }
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(name().toLowerCase(java.util.Locale.ROOT));
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + this + " in this JRE");
        }
        return readers.next();
    }

    private static synchronized JPEGImageReaderSpi jpegProvider() {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        JPEGImageReaderSpi spi = registry.getServiceProviderByClass(JPEGImageReaderSpi.class);
        if (spi == null) {
            registry.registerServiceProvider(new JPEGImageReaderSpi(), ImageReaderSpi.class);
            spi = registry.getServiceProviderByClass(JPEGImageReaderSpi.class);
        }
        return spi;
    }

    /** Signatures of all formats, for error messages. */
    static String expected() {
        return "a PNG, JPEG, GIF or BMP signature";
    }
}
