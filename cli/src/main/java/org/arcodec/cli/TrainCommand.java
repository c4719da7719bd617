package org.arcodec.cli;

import org.arcodec.ArcodecException;
import org.arcodec.models.train.TrainConv;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code arcodec train}: trains a convolutional model on the user's own images with the
 * project's ND4J trainer ({@link TrainConv}) and writes a model file for {@code --model}.
 * ND4J is not in arcodec.jar: the {@code ./arcodec} launcher adds it for this command.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a model on your own images and write a model file for 'arcodec compress -m FILE'.",
                "From a directory (PNG, PNM, BMP, TIFF), square patches at random places, mirrored at random; of the"
                        + " files sorted by name every 7th from the 4th is held out for validation. From an IDX3 file"
                        + " (as MNIST ships), whole images; the last twelfth is held out.",
                "A checkpoint is written after every epoch to OUTPUT.checkpoints/; --resume continues from it. The"
                        + " model file holds the epoch with the best validation bpd.",
                "Needs ND4J, which the ./arcodec launcher of a source checkout adds (JAVA_OPTS default -Xmx4g)."})
final class TrainCommand implements Callable<Integer> {
    static final String ND4J_CLASS = "org.nd4j.linalg.factory.Nd4j";
    /** Command-line words that do not change what is trained, left out of the recorded command. */
    private static final Set<String> NOT_RECORDED = Set.of("--resume", "-f", "--force", "-q", "--quiet", "--verbose");

    @Spec
    CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--data", paramLabel = "DIR", description = "A directory of images (at least 4).")
        Path directory;

        @Option(names = "--idx", paramLabel = "FILE", description = "An IDX3 file of 8-bit gray images, gzipped or not.")
        Path idx;
    }

    @Option(names = "--arch", paramLabel = "ARCH",
            description = "pixelcnnpp, gated-pixelcnn or pixelcnn. Default: ${DEFAULT-VALUE}.")
    String arch = "pixelcnnpp";

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "MODEL.arcm", description = "The model file to write.")
    Path output;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs in all, counting those before --resume. Default: ${DEFAULT-VALUE}.")
    int epochs = 10;

    @Option(names = "--resume", description = "Continue from the last checkpoint in OUTPUT.checkpoints/ (same options).")
    boolean resume;

    @Option(names = "--epoch-images", paramLabel = "N", description = "Training images (patches) per epoch. Default: ${DEFAULT-VALUE}.")
    int epochImages = 2_000;

    @Option(names = "--features", paramLabel = "F", description = "Feature maps per layer. Default: ${DEFAULT-VALUE}.")
    int features = 32;

    @Option(names = "--depth", paramLabel = "L", description = "Layers (PixelCNN++: resnet blocks per stage). Default: ${DEFAULT-VALUE}.")
    int depth = 2;

    @Option(names = "--mixture", paramLabel = "K", description = "Logistics in the output mixture; 0 for a 256-way softmax. Default: ${DEFAULT-VALUE}.")
    int mixture = 5;

    @Option(names = "--channels", paramLabel = "1|3", description = "1 (gray; colour images as luma) or 3 (RGB). Default: 3 when any image has colour.")
    Integer channels;

    @Option(names = "--patch", paramLabel = "SIDE", description = "Patch side in pixels (--data). Default: ${DEFAULT-VALUE}.")
    int patch = 32;

    @Option(names = "--patches", paramLabel = "N", description = "Training patches drawn once (--data). Default: ${DEFAULT-VALUE}.")
    int patches = 20_000;

    @Option(names = "--batch", paramLabel = "B", description = "Images per training step. Default: ${DEFAULT-VALUE}.")
    int batch = 16;

    @Option(names = "--lr", paramLabel = "RATE", description = "Adam learning rate, times 0.95 per epoch. Default: ${DEFAULT-VALUE}.")
    double learningRate = 1e-3;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the weights, patches and order. Default: ${DEFAULT-VALUE}.")
    long seed = 1;

    @Option(names = "--name", paramLabel = "NAME", description = "The model's name in .arc files. Default: the output file's name without .arcm.")
    String name;

    @Option(names = "--average", paramLabel = "DECAY", description = "Validate and write a moving average of the "
            + "weights with this decay per step, such as 0.999. It starts at the initial weights, so it pays off on "
            + "runs of thousands of steps. Default: off.")
    Double average;

    @Option(names = "--max-minutes", paramLabel = "M", description = "Stop before an epoch that would end past M minutes of training.")
    Double maxMinutes;

    @Option(names = {"-f", "--force"}, description = "Replace the output if it exists.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "Show no progress bar and no notes, only the epoch lines.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        String graph = switch (arch.toLowerCase(Locale.ROOT)) {
            case "pixelcnnpp", "pixelcnn++", "pixelcnn_pp" -> "pixelcnn_pp";
            case "gated-pixelcnn", "gated_pixelcnn" -> "gated_pixelcnn";
            case "pixelcnn" -> "pixelcnn";
            default -> throw new ParameterException(spec.commandLine(),
                    "--arch must be pixelcnnpp, gated-pixelcnn or pixelcnn, got '" + arch + "'");
        };
        Path data = source.directory != null ? source.directory : source.idx;
        if (!Files.exists(data)) {
            throw new ArcodecException(data + ": no such " + (source.directory != null ? "directory" : "file"));
        }
        requireTrainingRuntime();
        AtomicOutput.refuseExisting(output, force);

        String fileName = output.getFileName().toString();
        List<String> options = new ArrayList<>(List.of(
                "--graph", graph, "--features", Integer.toString(features), "--depth", Integer.toString(depth),
                "--mixture", Integer.toString(mixture), "--epochs", Integer.toString(epochs),
                "--epoch-images", Integer.toString(epochImages), "--batch", Integer.toString(batch),
                "--lr", Double.toString(learningRate), "--seed", Long.toString(seed),
                "--name", name != null ? name : fileName.replaceFirst("\\.arcm$", ""),
                "--checkpoints", output.toAbsolutePath().getParent().toString(), "--run", fileName + ".checkpoints"));
        if (source.directory != null) {
            options.addAll(List.of("--photos", data.toString(), "--patch", Integer.toString(patch),
                    "--patches", Integer.toString(patches)));
        } else {
            options.addAll(List.of("--idx", data.toString()));
        }
        if (channels != null) {
            options.addAll(List.of("--channels", channels.toString()));
        }
        if (maxMinutes != null) {
            options.addAll(List.of("--max-minutes", maxMinutes.toString()));
        }
        if (average != null) {
            options.addAll(List.of("--average", average.toString()));
        }
        if (resume) {
            options.add("--resume");
        }

        Path best;
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(new DroppedLines(stdout, "Added differentiated op"), true));
        try (TrainingProgress progress = new TrainingProgress(spec.commandLine().getOut(), spec.commandLine().getErr(),
                ProgressBar.start(spec.commandLine().getErr(), "training " + fileName, !quiet), quiet)) {
            best = TrainConv.train(options, recordedCommand(), progress);
        } catch (IllegalArgumentException e) {
            throw new ArcodecException(e.getMessage(), e);
        } finally {
            System.out.close();
            System.setOut(stdout);
        }
        if (best == null) {
            throw new ArcodecException(output + ": not written: no epoch finished (see --epochs and --max-minutes)");
        }
        AtomicOutput.write(output, force, file -> Files.copy(best, file, StandardCopyOption.REPLACE_EXISTING));
        spec.commandLine().getOut().println(String.format(Locale.ROOT,
                "%s: %,d bytes; compress with: arcodec compress -m %s IMAGE", output, Files.size(output), output));
        return 0;
    }

    /** The command line that reproduces this run, for the model file's train_command meta. */
    private String recordedCommand() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        List<String> words = new ArrayList<>(List.of("arcodec", "train"));
        // The parse result holds the whole command line, options before "train" included.
        for (String word : args.subList(args.indexOf(spec.name()) + 1, args.size())) {
            if (!NOT_RECORDED.contains(word)) {
                words.add(word);
            }
        }
        return String.join(" ", words);
    }

    /** ND4J is on the class path when the launcher put it there. */
    static void requireTrainingRuntime() {
        try {
            Class.forName(ND4J_CLASS, false, TrainCommand.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ArcodecException("arcodec train needs the training libraries (ND4J), which arcodec.jar leaves"
                    + " out; run it as ./arcodec train from a source checkout, which adds them");
        }
    }
}
