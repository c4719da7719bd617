package org.arcodec.internal.image;

import org.arcodec.ArcodecException;
import org.arcodec.ColorType;
import org.arcodec.RasterImage;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads an image file into a {@link RasterImage} with its samples and layout exactly, or refuses
 * it with an {@link ArcodecException} that names the file and says what is wrong.
 *
 * <p>The format is found from the content, never the name: ImageIO asks each installed reader
 * (the JDK's PNG, BMP, GIF, JPEG and TIFF readers, TwelveMonkeys' PNM, BMP and TIFF readers)
 * whether it decodes the first bytes. Then, before any pixel is decoded:
 * <ol>
 *   <li>for PNG, {@link PngChunks} walks the chunks to IEND, checking CRCs and reading IHDR, PLTE
 *       and tRNS (gray or palette, and the exact palette);</li>
 *   <li>the layout of the reader's first image type is checked ({@link LayoutDetector}): 16-bit,
 *       floating-point, CMYK and other layouts a RasterImage cannot hold are refused here;</li>
 *   <li>the header's size is checked against {@link #MAX_SAMPLES} and the heap, since readers
 *       allocate the whole raster at once.</li>
 * </ol>
 * Then the pixels are decoded and their samples copied out raw ({@link BufferedImageConverter}).
 *
 * <p>What ImageIO does that is kept as it is:
 * <ul>
 *   <li>A gray or RGB PNG with a tRNS colour key comes back as gray+alpha or RGBA: alpha is 0
 *       where a pixel equals the key and 255 elsewhere, the other samples are unchanged. For
 *       1/2/4-bit gray with tRNS the gray samples are also widened to 8 bits by PNG's rule
 *       {@code v * 255 / (2^bits - 1)} ({@link PngChunks#grayKeyToAlpha}, since the JDK gets
 *       that case wrong). The transparency survives; the layout changes.</li>
 *   <li>A PNM file whose maxval is below 255 comes back scaled to 0..255 (TwelveMonkeys does
 *       this), so it is read as 8-bit; maxval above 255 is 16-bit and refused.</li>
 *   <li>Everything but the pixels and palette is dropped: gamma, colour profiles, resolution,
 *       text, the colour key of a PNG tRNS once it has become alpha.</li>
 * </ul>
 * Files with more than one image (multi-page TIFF, animated GIF) are refused rather than cut to
 * their first image.
 */
public final class ImageFileReader {
    /** The most samples (width x height x channels) an image may have: 1 GiB of samples. */
    static final long MAX_SAMPLES = 1L << 30;

    private static final String FORMATS = "PNG, PNM (PGM, PPM, PAM), BMP, TIFF";

    private ImageFileReader() {
    }

    /**
     * @throws ArcodecException naming the file when it cannot be read, is not an image ImageIO
     *                          decodes, is damaged or truncated, or has a layout a RasterImage
     *                          cannot hold exactly
     */
    public static RasterImage read(Path file) {
        String source = Objects.requireNonNull(file, "file").toString();
        if (!Files.exists(file)) {
            throw new ArcodecException(source + ": cannot be read: no such file");
        }
        if (Files.isDirectory(file)) {
            throw new ArcodecException(source + ": is a folder, not an image file");
        }
        if (!Files.isReadable(file)) {
            throw new ArcodecException(source + ": cannot be read: permission denied");
        }
        ImageInputStream in;
        try {
            in = new FileImageInputStream(file.toFile());
        } catch (IOException e) {
            throw new ArcodecException(source + ": cannot be read: " + FileErrors.describe(e), e);
        }
        try (in) {
            return read(in, source);
        } catch (IOException e) {
            throw new ArcodecException(source + ": cannot be read: " + FileErrors.describe(e), e);
        }
    }

    private static RasterImage read(ImageInputStream in, String source) throws IOException {
        if (in.length() == 0) {
            throw new ArcodecException(source + ": is empty");
        }
        ImageReader reader = findReader(in, source);
        String format = reader.getFormatName().toUpperCase(Locale.ROOT);
        try {
            PngChunks png = null;
            if (format.equals("PNG")) {
                png = PngChunks.scan(in, source);
            }
            in.seek(0);
            reader.setInput(in, false, false);
            return decode(reader, png, source);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ArcodecException a) {
                throw a;
            }
            // Decoders report damaged input with IOExceptions and, for some malformed headers,
            // with any unchecked exception; all of them mean the same to the caller.
            throw new ArcodecException(source + ": is not a readable " + format + " file: " + reason(e), e);
        } finally {
            reader.dispose();
        }
    }

    private static ImageReader findReader(ImageInputStream in, String source) {
        Iterator<ImageReader> readers;
        try {
            readers = ImageIO.getImageReaders(in);
        } catch (RuntimeException e) {
            // A plugin's format probe failed on these bytes rather than saying no.
            throw new ArcodecException(source + ": is not a readable image: " + reason(e), e);
        }
        if (!readers.hasNext()) {
            throw new ArcodecException(source + ": is not an image in a format arcodec reads (" + FORMATS + ")");
        }
        return readers.next();
    }

    private static RasterImage decode(ImageReader reader, PngChunks png, String source) throws IOException {
        int images = reader.getNumImages(true);
        if (images < 1) {
            throw new ArcodecException(source + ": is damaged or truncated: no complete image in it");
        }
        if (images > 1) {
            throw new ArcodecException(source + ": holds " + images + " images; arcodec reads files with exactly one");
        }
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        if (!types.hasNext()) {
            throw new ArcodecException(source + ": the decoder offers no way to decode this image");
        }
        ImageTypeSpecifier type = types.next();
        ImageLayout layout = LayoutDetector.detect(type.getColorModel(), type.getSampleModel(), png, source);
        checkSize(width, height, layout, source);
        int grayKey = png == null ? -1 : png.lowBitGrayKey();
        ImageReadParam param = reader.getDefaultReadParam();
        if (grayKey >= 0) {
            // Decode the raw 1/2/4-bit samples (the type without alpha) and apply the key here.
            while (type.getSampleModel().getNumBands() != 1 && types.hasNext()) {
                type = types.next();
            }
            param.setDestinationType(type);
        }
        BufferedImage image = reader.read(0, param);
        if (image.getWidth() != width || image.getHeight() != height) {
            throw new ArcodecException(source + ": decoded " + image.getWidth() + "x" + image.getHeight()
                    + " pixels from a " + width + "x" + height + " header");
        }
        // The decoded image, not the announced type, is authoritative (they agree for every reader tested).
        ImageLayout decoded = LayoutDetector.detect(image.getColorModel(), image.getSampleModel(), png, source);
        RasterImage raster = BufferedImageConverter.toRasterImage(image, decoded, source);
        if (grayKey >= 0 && raster.colorType() == ColorType.GRAY) {
            return PngChunks.grayKeyToAlpha(raster, grayKey);
        }
        return raster;
    }

    /** Refuses sizes the codec does not handle or this JVM cannot hold, before the reader allocates. */
    static void checkSize(int width, int height, ImageLayout layout, String source) {
        if (width < 1 || height < 1) {
            throw new ArcodecException(source + ": has an impossible size of " + width + "x" + height + " pixels");
        }
        long samples = (long) width * height * layout.channels();
        if (samples > MAX_SAMPLES) {
            throw new ArcodecException(source + ": a " + width + "x" + height + " " + layout + " image has "
                    + samples + " samples, more than the " + MAX_SAMPLES + " (2^30) arcodec handles");
        }
        // The decoder's raster and the sample copy each take about one byte per sample.
        long needed = 2 * samples;
        long heap = Runtime.getRuntime().maxMemory();
        if (needed > heap) {
            throw new ArcodecException(source + ": a " + width + "x" + height + " " + layout + " image needs about "
                    + mebibytes(needed) + " MiB to read, more than this JVM's " + mebibytes(heap)
                    + " MiB heap; raise it with -Xmx");
        }
    }

    private static long mebibytes(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    private static String reason(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e instanceof EOFException ? "the file ends too early" : e.getClass().getSimpleName();
        }
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            return message + " (" + cause.getMessage() + ")";
        }
        return message;
    }
}
