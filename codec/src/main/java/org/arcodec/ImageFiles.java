package org.arcodec;

import org.arcodec.internal.image.ImageFileReader;
import org.arcodec.internal.image.ImageFileWriter;

import java.nio.file.Path;

/**
 * Reads and writes image files as {@link RasterImage}s, sample values and layout exactly:
 * PNG, PNM (PGM, PPM, PAM), BMP and TIFF, through ImageIO and the TwelveMonkeys plugins.
 */
public final class ImageFiles {
    private ImageFiles() {
    }

    /**
     * Reads an image file.
     *
     * @throws ArcodecException naming the file when it cannot be read, is not an image in a
     *                          supported format, or has a layout the codec cannot keep exactly
     *                          (such as 16-bit samples)
     */
    public static RasterImage read(Path file) {
        return ImageFileReader.read(file);
    }

    /**
     * Writes an image file in the format its name ends with ({@code .png}, {@code .bmp},
     * {@code .tif}/{@code .tiff}, {@code .pgm}/{@code .ppm}/{@code .pam}/{@code .pnm}); PNG for
     * any other name. Writes {@code file} directly: callers that need atomicity write to a
     * temporary name and rename.
     *
     * @throws ArcodecException naming the file when it cannot be written, or when the format
     *                          cannot hold this layout exactly
     */
    public static void write(RasterImage image, Path file) {
        ImageFileWriter.write(image, file);
    }
}
