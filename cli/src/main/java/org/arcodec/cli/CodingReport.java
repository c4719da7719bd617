package org.arcodec.cli;

import org.arcodec.ArcInfo;
import org.arcodec.ColorType;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * What compress or decompress says about one file: a human line, or with {@code --json} one
 * JSON object.
 *
 * @param arc    the header of the {@code .arc} file, written or read
 * @param nllBpd the model's ideal code length in bits per sample; known when compressing
 */
record CodingReport(Path input, Path output, ArcInfo arc, OptionalDouble nllBpd, double seconds) {

    /** Bits per sample of the whole file: 8 * bytes / (width * height * channels). */
    double bpd() {
        return arc.bitsPerSample();
    }

    void print(PrintWriter out, boolean json) {
        out.println(json ? json() : human());
    }

    String json() {
        JsonLine line = new JsonLine()
                .add("input", input.toString())
                .add("output", output.toString())
                .add("width", arc.width())
                .add("height", arc.height())
                .add("channels", arc.channels())
                .add("color_type", arc.colorType().name())
                .add("bit_depth", arc.bitDepth())
                .add("model", arc.modelName())
                .add("model_variant", arc.modelVariant())
                .add("block_width", arc.blockWidth())
                .add("block_height", arc.blockHeight())
                .add("bytes", arc.fileBytes())
                .add("bpd", bpd());
        nllBpd.ifPresent(nll -> line.add("nll_bpd", nll));
        return line.add("seconds", Math.round(seconds * 1000) / 1000.0).toString();
    }

    /** {@code photo.png -> photo.arc  96x64 RGB  5123 B  2.345 bpd (model 2.301)  0.12 s} */
    String human() {
        String nll = nllBpd.isPresent() ? String.format(Locale.ROOT, " (model %.3f)", nllBpd.getAsDouble()) : "";
        return String.format(Locale.ROOT, "%s -> %s  %s  %d B  %.3f bpd%s  %.2f s",
                input, output, layout(arc.width(), arc.height(), arc.colorType(), arc.bitDepth()), arc.fileBytes(), bpd(),
                nll, seconds);
    }

    /** {@code 96x64 RGB}, {@code 28x28 gray 1-bit}, {@code 16x16 palette 4-bit}. */
    static String layout(int width, int height, ColorType colorType, int bitDepth) {
        String type = switch (colorType) {
            case GRAY -> "gray";
            case GRAY_ALPHA -> "gray+alpha";
            case RGB -> "RGB";
            case RGBA -> "RGBA";
            case PALETTE -> "palette";
        };
        return width + "x" + height + " " + type + (bitDepth == 8 ? "" : " " + bitDepth + "-bit");
    }
}
