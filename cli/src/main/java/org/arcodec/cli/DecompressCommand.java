package org.arcodec.cli;

import org.arcodec.ArcInfo;
import org.arcodec.Arcodec;
import org.arcodec.ImageFiles;
import org.arcodec.ModelCatalog;
import org.arcodec.RasterImage;
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
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;

/** {@code arcodec decompress}: {@code .arc} files back to images, each beside its input by default. */
@Command(name = "decompress", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Decompress .arc files into images, pixel for pixel.",
                "IMG.arc becomes IMG.png beside it, or in --out-dir; with -o OUT the format follows OUT's"
                        + " extension (.png, .bmp, .tif, .pgm, .ppm, .pam). Existing files are kept unless -f."})
final class DecompressCommand implements Callable<Integer> {
    static final String EXTENSION = ".png";

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "ARC", description = ".arc files to decompress.")
    List<Path> inputs;

    @Mixin
    OutputOptions output;

    @Option(names = {"-m", "--model"}, paramLabel = "PATH",
            description = "A model file to decode with, besides the bundled models."
                    + " The model each file needs is named in the file.")
    Path modelFile;

    @Option(names = "--json", description = "Print one JSON object per file instead of a line of text.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "Show no progress bar.")
    boolean quiet;

    @Override
    public Integer call() {
        output.checkUsage(inputs.size());
        ModelCatalog models = ModelSource.withFile(ModelCatalog.bundled(), modelFile);
        boolean verbose = Failures.verboseRequested(spec);
        return Batch.run(inputs, spec.commandLine().getErr(), verbose, input -> decompress(input, models));
    }

    private void decompress(Path input, ModelCatalog models) throws IOException {
        long start = System.nanoTime();
        byte[] arc = Files.readAllBytes(input);
        ArcInfo info = Arcodec.inspect(arc);
        Path target = output.targetFor(input, defaultName(input));
        RasterImage image;
        try (ProgressBar bar = ProgressBar.start(spec.commandLine().getErr(), input.toString(), !quiet)) {
            image = Arcodec.decompress(arc, models, bar);
        }
        output.write(target, file -> ImageFiles.write(image, file));
        double seconds = (System.nanoTime() - start) / 1e9;
        new CodingReport(input, target, info, OptionalDouble.empty(), seconds)
                .print(spec.commandLine().getOut(), json);
    }

    /** {@code photo.arc} to {@code photo.png}; any other name gains {@code .png}. */
    static String defaultName(Path input) {
        String name = input.getFileName().toString();
        boolean arc = name.length() > CompressCommand.EXTENSION.length()
                && name.toLowerCase(Locale.ROOT).endsWith(CompressCommand.EXTENSION);
        return (arc ? name.substring(0, name.length() - CompressCommand.EXTENSION.length()) : name) + EXTENSION;
    }
}
