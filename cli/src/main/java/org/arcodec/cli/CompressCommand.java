package org.arcodec.cli;

import org.arcodec.Arcodec;
import org.arcodec.Compressed;
import org.arcodec.ImageFiles;
import org.arcodec.ModelCatalog;
import org.arcodec.RasterImage;
import org.arcodec.model.AutoregressiveModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;

/** {@code arcodec compress}: images to {@code .arc} files, each beside its input by default. */
@Command(name = "compress", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compress images (PNG, PNM, BMP, TIFF) losslessly into .arc files.",
                "IMG.png becomes IMG.arc beside it, or in --out-dir; existing files are kept unless -f."})
final class CompressCommand implements Callable<Integer> {
    static final String EXTENSION = ".arc";

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Images to compress.")
    List<Path> inputs;

    @Mixin
    OutputOptions output;

    @Option(names = {"-m", "--model"}, paramLabel = "NAME|PATH",
            description = "Model to code with: a bundled model (see 'arcodec models') or a model file."
                    + " Default: chosen from each image's layout: for 8-bit RGB the smaller file of "
                    + ModelCatalog.PHOTO_RGB_MODEL + " and " + ModelCatalog.PHOTO_RGB_DOWNSCALED_MODEL
                    + " (encoding takes as long as both), " + ModelCatalog.PHOTO_GRAY_MODEL
                    + " for 8-bit gray, the same +alpha with alpha, " + ModelCatalog.DEFAULT_MODEL
                    + " for the rest (palettes, other bit depths).")
    String model;

    @Option(names = "--json", description = "Print one JSON object per file instead of a line of text.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "Show no progress bar.")
    boolean quiet;

    @Override
    public Integer call() {
        output.checkUsage(inputs.size());
        ModelCatalog catalog = ModelCatalog.bundled();
        AutoregressiveModel named = model == null ? null : ModelSource.resolve(catalog, model, spec);
        boolean verbose = Failures.verboseRequested(spec);
        return Batch.run(inputs, spec.commandLine().getErr(), verbose, input -> compress(input, catalog, named));
    }

    /** Compresses one image with the named model, or with the smallest of the catalog's defaults for its layout. */
    private void compress(Path input, ModelCatalog catalog, AutoregressiveModel named) throws IOException {
        long start = System.nanoTime();
        RasterImage image = ImageFiles.read(input);
        List<AutoregressiveModel> coders = named != null ? List.of(named)
                : catalog.defaultModelsFor(image).stream().map(catalog::get).toList();
        Path target = output.targetFor(input, defaultName(input));
        Compressed arc;
        try (ProgressBar bar = ProgressBar.start(spec.commandLine().getErr(), input.toString(), !quiet)) {
            arc = Arcodec.compressSmallest(image, coders, bar);
        }
        output.write(target, file -> Files.write(file, arc.bytes()));
        double seconds = (System.nanoTime() - start) / 1e9;
        new CodingReport(input, target, Arcodec.inspect(arc.bytes()), OptionalDouble.of(arc.idealBitsPerSample()), seconds)
                .print(spec.commandLine().getOut(), json);
    }

    /** {@code photo.png} to {@code photo.arc}; a name without extension gains one. */
    static String defaultName(Path input) {
        String name = input.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + EXTENSION;
    }
}
