package org.arcodec.internal.image;

import org.arcodec.ArcodecException;
import org.arcodec.RasterImage;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;

/**
 * Writes a {@link RasterImage} to a file in the format its name asks for (see
 * {@link OutputFormat}), refusing before the file is created when that format cannot hold the
 * layout exactly. PNG goes through {@link PngEncoder}; BMP, TIFF and PNM through ImageIO's
 * writers (the JDK's BMP writer, TwelveMonkeys' TIFF and PNM writers), which write exactly the
 * layouts {@link OutputFormat} allows them. Nothing but the pixels and palette is written.
 */
public final class ImageFileWriter {
    private static final String TIFF_COMPRESSION = "LZW";

    private ImageFileWriter() {
    }

    /**
     * @throws ArcodecException naming the file when the format cannot hold the image's layout,
     *                          or when the file cannot be written (a partial file is deleted)
     */
    public static void write(RasterImage image, Path file) {
        Objects.requireNonNull(image, "image");
        OutputFormat format = OutputFormat.forFile(Objects.requireNonNull(file, "file"));
        String refusal = format.whyCannotHold(image);
        if (refusal != null) {
            throw new ArcodecException(file + ": " + refusal);
        }
        OutputStream opened;
        try {
            opened = Files.newOutputStream(file);
        } catch (IOException e) {
            throw new ArcodecException(file + ": cannot be written: " + FileErrors.describe(e), e);
        }
        try (OutputStream out = new BufferedOutputStream(opened)) {
            if (format == OutputFormat.PNG) {
                PngEncoder.encode(image, out);
            } else {
                writeWithImageIo(image, format, out, file);
            }
        } catch (IOException | RuntimeException e) {
            deletePartial(file, e);
            if (e instanceof ArcodecException a) {
                throw a;
            }
            String reason = e instanceof IOException io ? FileErrors.describe(io) : e.toString();
            throw new ArcodecException(file + ": cannot be written: " + reason, e);
        }
    }

    private static void writeWithImageIo(RasterImage image, OutputFormat format, OutputStream out, Path file)
            throws IOException {
        BufferedImage buffered = BufferedImageConverter.toBufferedImage(image);
        Iterator<ImageWriter> writers = ImageIO.getImageWriters(
                ImageTypeSpecifier.createFromRenderedImage(buffered), format.imageIoName());
        if (!writers.hasNext()) {
            throw new ArcodecException(file + ": no ImageIO writer for " + format + " is installed "
                    + "(are the TwelveMonkeys plugins on the class path?)");
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format == OutputFormat.TIFF && param.canWriteCompressed()
                    && Arrays.asList(param.getCompressionTypes()).contains(TIFF_COMPRESSION)) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionType(TIFF_COMPRESSION);
            }
            writer.write(null, new IIOImage(buffered, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    private static void deletePartial(Path file, Exception cause) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
