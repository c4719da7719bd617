package org.arcodec.cli;

import org.arcodec.Arcodec;
import org.arcodec.ArcodecException;
import org.arcodec.ColorType;
import org.arcodec.ImageFiles;
import org.arcodec.ModelCatalog;
import org.arcodec.ProgressListener;
import org.arcodec.RasterImage;
import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.SampleLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code arcodec sample}: images drawn from a model by its own decoder fed random bits, tiled into
 * one grid picture.
 */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draw images from a model: the decoder that restores files, fed random bits.",
                "The samples are tiled into one grid image (PNG, PNM, BMP or TIFF by the output's extension)."})
final class SampleCommand implements Callable<Integer> {
    /** Pixels between tiles, drawn at full intensity. */
    static final int GAP = 2;
    static final int MAX_SAMPLES = 1024;
    static final int DEFAULT_SIDE = 32;

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "NAME|PATH",
            description = "Model to sample: a bundled model (see 'arcodec models') or a model file.")
    String model;

    @Option(names = "-n", paramLabel = "N", description = "Number of samples (1 to " + MAX_SAMPLES + "). Default: ${DEFAULT-VALUE}.")
    int count = 16;

    @Option(names = "--size", paramLabel = "WxH",
            description = "Size of each sample. Default: the model's own size, or " + DEFAULT_SIDE + "x" + DEFAULT_SIDE + ".")
    String size;

    @Option(names = "--color", paramLabel = "TYPE",
            description = "gray, gray_alpha, rgb or rgba. Default: the first of these the model codes.")
    String color;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed; the same seed draws the same grid. Default: ${DEFAULT-VALUE}.")
    long seed = 1;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The grid image to write.")
    Path output;

    @Option(names = {"-f", "--force"}, description = "Replace the output if it exists.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "Show no progress bar.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        if (count < 1 || count > MAX_SAMPLES) {
            throw new ParameterException(spec.commandLine(), "-n must be 1 to " + MAX_SAMPLES + ", got " + count);
        }
        AutoregressiveModel sampler = ModelSource.resolve(ModelCatalog.bundled(), model, spec);
        SampleLayout fixed = sampler.fixedLayout();
        int[] wh = size != null ? parseSize(size) : fixed != null ? new int[] {fixed.width(), fixed.height()}
                : new int[] {DEFAULT_SIDE, DEFAULT_SIDE};
        ColorType type = color != null ? parseColor(color) : firstSupported(sampler, wh[0], wh[1]);
        AtomicOutput.refuseExisting(output, force);
        int columns = (int) Math.ceil(Math.sqrt(count));
        int rows = (count + columns - 1) / columns;
        RasterImage[] tiles = new RasterImage[count];
        try (ProgressBar bar = ProgressBar.start(spec.commandLine().getErr(), "sampling " + model, !quiet)) {
            for (int i = 0; i < count; i++) {
                int done = i;
                ProgressListener perTile = (finished, total) -> bar.progress(done * total + finished, (long) count * total);
                tiles[i] = Arcodec.sample(sampler, wh[0], wh[1], type, seed + i, perTile);
            }
        }
        RasterImage grid = tile(tiles, columns, rows, wh[0], wh[1], type);
        AtomicOutput.write(output, force, file -> ImageFiles.write(grid, file));
        spec.commandLine().getOut().println(String.format(Locale.ROOT, "%s: %d samples of %dx%d %s from %s, seeds %d..%d",
                output, count, wh[0], wh[1], type.name().toLowerCase(Locale.ROOT), sampler.name(), seed, seed + count - 1));
        return 0;
    }

    private int[] parseSize(String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                int w = Integer.parseInt(parts[0]);
                int h = Integer.parseInt(parts[1]);
                if (w >= 1 && h >= 1 && w <= 4096 && h <= 4096) {
                    return new int[] {w, h};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ParameterException(spec.commandLine(), "--size must be WxH with sides 1 to 4096, got '" + text + "'");
    }

    private ColorType parseColor(String text) {
        try {
            ColorType type = ColorType.valueOf(text.toUpperCase(Locale.ROOT));
            if (type != ColorType.PALETTE) {
                return type;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new ParameterException(spec.commandLine(), "--color must be gray, gray_alpha, rgb or rgba, got '" + text + "'");
    }

    private static ColorType firstSupported(AutoregressiveModel model, int width, int height) {
        String reason = null;
        for (ColorType type : new ColorType[] {ColorType.GRAY, ColorType.GRAY_ALPHA, ColorType.RGB, ColorType.RGBA}) {
            reason = model.unsupportedReason(new SampleLayout(width, height, type.channels(), 256));
            if (reason == null) {
                return type;
            }
        }
        throw new ArcodecException("model '" + model.name() + "' cannot sample " + width + "x" + height + " images: "
                + reason);
    }

    /** The tiles in rows of {@code columns}, GAP pixels apart, the gaps and empty cells at full intensity. */
    static RasterImage tile(RasterImage[] tiles, int columns, int rows, int width, int height, ColorType type) {
        int c = type.channels();
        int gridWidth = columns * width + (columns - 1) * GAP;
        int gridHeight = rows * height + (rows - 1) * GAP;
        byte[] grid = new byte[gridWidth * gridHeight * c];
        Arrays.fill(grid, (byte) 0xFF);
        for (int t = 0; t < tiles.length; t++) {
            int x0 = (t % columns) * (width + GAP);
            int y0 = (t / columns) * (height + GAP);
            byte[] s = tiles[t].samples();
            for (int y = 0; y < height; y++) {
                System.arraycopy(s, y * width * c, grid, ((y0 + y) * gridWidth + x0) * c, width * c);
            }
        }
        return RasterImage.of(gridWidth, gridHeight, type, 8, grid);
    }
}
