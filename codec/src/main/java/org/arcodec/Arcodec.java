package org.arcodec;

import org.arcodec.internal.format.ArcReader;
import org.arcodec.internal.format.ArcWriter;
import org.arcodec.internal.format.DecoderSampler;
import org.arcodec.model.AutoregressiveModel;

import java.util.List;

/**
 * The library's entry point: compress an image with a model, decompress an {@code .arc}
 * stream with the model it names, or read a stream's header.
 *
 * <pre>{@code
 * RasterImage image = ImageFiles.read(Path.of("photo.png"));
 * ModelCatalog models = ModelCatalog.bundled();
 * Compressed arc = Arcodec.compress(image, models.get(models.defaultModelFor(image)));
 * RasterImage back = Arcodec.decompress(arc.bytes(), models);   // equals image
 * }</pre>
 */
public final class Arcodec {
    private Arcodec() {
    }

    public static Compressed compress(RasterImage image, AutoregressiveModel model) {
        return compress(image, model, ProgressListener.NONE);
    }

    /**
     * @throws ArcodecException when the model cannot code this image's layout
     */
    public static Compressed compress(RasterImage image, AutoregressiveModel model, ProgressListener progress) {
        return ArcWriter.write(image, model, progress);
    }

    /**
     * Codes the image with each model in turn and keeps the smallest file, the first of equal
     * sizes; {@code compress} does this with a layout's default models
     * ({@link ModelCatalog#defaultModelsFor}). A model after the first stops early, and its file
     * is not made, once its code length is more than 1% (and 8,192 bits) longer than the
     * smallest file's so far after the same row of samples: it would have to win that back on
     * the rest of the image. So it takes at most as long as coding with each model, and
     * reports progress over all of them.
     *
     * @throws IllegalArgumentException when {@code models} is empty
     * @throws ArcodecException         when a model cannot code this image's layout
     */
    public static Compressed compressSmallest(RasterImage image, List<AutoregressiveModel> models,
                                              ProgressListener progress) {
        return ArcWriter.writeSmallest(image, models, progress);
    }

    public static RasterImage decompress(byte[] arc, ModelCatalog models) {
        return decompress(arc, models, ProgressListener.NONE);
    }

    /**
     * Decodes a whole {@code .arc} stream, checking its header and pixel checksums.
     *
     * @throws CorruptArcException when the stream is truncated, damaged or not an .arc stream
     * @throws ArcodecException    when the model it names is missing or has other weights
     */
    public static RasterImage decompress(byte[] arc, ModelCatalog models, ProgressListener progress) {
        return ArcReader.read(arc, models, progress);
    }

    /**
     * Reads the header of an {@code .arc} stream without decoding it.
     *
     * @throws CorruptArcException when the header is truncated, damaged or not an .arc header
     */
    public static ArcInfo inspect(byte[] arc) {
        return ArcReader.inspect(arc);
    }

    /**
     * Draws an 8-bit image from a model by feeding the decoder random bits from {@code seed}:
     * the same decoder that restores files, so the image follows the model's quantised
     * conditionals exactly, and the same seed gives the same image.
     *
     * @throws ArcodecException when the model cannot code that size and colour type
     */
    public static RasterImage sample(AutoregressiveModel model, int width, int height, ColorType colorType, long seed,
                                     ProgressListener progress) {
        return DecoderSampler.sample(model, width, height, colorType, seed, progress);
    }
}
