package org.arcodec.models.train;

import org.arcodec.internal.conv.ConvArchitecture;
import org.arcodec.models.data.FashionMnist;
import org.arcodec.models.made.Ordering;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command-line options shared by the trainers, with their defaults. */
final class TrainOptions {
    static final String USAGE = """
            options: --ordering raster|column|evenodd|random  --masks N (MADE)  --hidden H1,H2,... (NADE: H)
                     --graph pixelcnn|gated_pixelcnn|pixelcnn_pp  --features F  --depth L (convolutional)
                     --mixture K | --softmax | --output softmax|logistic_mixture:K  --direct (MADE)
                     --epochs N  --epoch-images N  --batch B  --lr LR  --lr-decay F  --average DECAY
                     --patience N  --seed S  --run NAME  --resume  --init FILE.arcm  --out FILE.arcm  --name MODEL
                     --data DIR  --checkpoints DIR  --train-limit N  --val-limit N  --max-minutes M
                     --photos DIR (repeatable)  --channels 1|3  --patch SIDE  --patches N  --idx FILE (convolutional)""";

    final String trainer;
    Ordering ordering = Ordering.RASTER;
    int masks = 1;
    int[] hidden;
    int mixture = 5;
    boolean direct = false;
    /** Convolutional networks only. */
    ConvArchitecture graph;
    int features = 32;
    int depth = 5;
    int epochs = 20;
    /** Images per epoch, a fresh random draw from the training set each epoch; 0 for all of them. */
    int epochImages = 0;
    int batch = 100;
    double learningRate = 1e-3;
    /** Learning-rate factor per epoch. */
    double decay = 0.95;
    /** Decay per step of the weights' moving average that is validated and exported; 0: none. */
    double average = 0;
    int patience = 3;
    long seed = 1;
    String run;
    boolean resume = false;
    /** Convolutional networks only: start from this weight file's weights instead of random ones. */
    Path init;
    Path out;
    String name;
    Path data = FashionMnist.DEFAULT_DIR;
    /** Train on patches of the photograph corpus in this directory instead of Fashion-MNIST. */
    /** --photos, given once or more (one picture set at several scales, say). */
    final List<Path> photos = new ArrayList<>();
    /** Convolutional networks on an IDX file's images instead of Fashion-MNIST. */
    Path idx;
    /** 1 or 3; 0: 1 for Fashion-MNIST and IDX files, for --photos 3 when any image has colour. */
    int channels = 0;
    int patch = 32;
    /** Training patches, drawn once. */
    int patches = 50_000;
    Path checkpoints = Path.of(".cache", "checkpoints");
    int trainLimit = 0;
    int validationLimit = 0;
    double maxMinutes = 0;
    /** The command that reproduces the run (without --resume), for the weight file's meta. */
    String command;

    private TrainOptions(String trainer, String name, int[] hidden) {
        this.trainer = trainer;
        this.name = name;
        this.hidden = hidden;
    }

    static TrainOptions parse(Class<?> main, String defaultName, int[] defaultHidden, String[] args) {
        TrainOptions o = new TrainOptions(main.getSimpleName(), defaultName, defaultHidden);
        List<String> kept = new ArrayList<>();
        for (int k = 0; k < args.length; k++) {
            String a = args[k];
            switch (a) {
                case "--resume" -> o.resume = true;
                case "--direct" -> {
                    o.direct = true;
                    kept.add(a);
                }
                case "--softmax" -> {
                    o.mixture = 0;
                    kept.add(a);
                }
                default -> {
                    if (!a.startsWith("--") || k + 1 >= args.length) {
                        throw new IllegalArgumentException("unknown or incomplete option '" + a + "'\n" + USAGE);
                    }
                    String v = args[++k];
                    kept.add(a);
                    kept.add(v);
                    switch (a) {
                        case "--ordering" -> o.ordering = Ordering.fromLabel(v);
                        case "--masks" -> o.masks = Integer.parseInt(v);
                        case "--hidden" -> o.hidden = parseInts(v);
                        case "--mixture" -> o.mixture = Integer.parseInt(v);
                        case "--output" -> o.mixture = parseOutput(v);
                        case "--graph" -> o.graph = ConvArchitecture.fromLabel(v);
                        case "--features" -> o.features = Integer.parseInt(v);
                        case "--depth" -> o.depth = Integer.parseInt(v);
                        case "--epochs" -> o.epochs = Integer.parseInt(v);
                        case "--epoch-images" -> o.epochImages = Integer.parseInt(v);
                        case "--batch" -> o.batch = Integer.parseInt(v);
                        case "--lr" -> o.learningRate = Double.parseDouble(v);
                        case "--lr-decay" -> o.decay = Double.parseDouble(v);
                        case "--average" -> o.average = parseDecay(v);
                        case "--patience" -> o.patience = Integer.parseInt(v);
                        case "--seed" -> o.seed = Long.parseLong(v);
                        case "--run" -> o.run = v;
                        case "--out" -> o.out = Path.of(v);
                        case "--init" -> o.init = Path.of(v);
                        case "--name" -> o.name = v;
                        case "--data" -> o.data = Path.of(v);
                        case "--photos" -> o.photos.add(Path.of(v));
                        case "--idx" -> o.idx = Path.of(v);
                        case "--channels" -> o.channels = Integer.parseInt(v);
                        case "--patch" -> o.patch = Integer.parseInt(v);
                        case "--patches" -> o.patches = Integer.parseInt(v);
                        case "--checkpoints" -> o.checkpoints = Path.of(v);
                        case "--train-limit" -> o.trainLimit = Integer.parseInt(v);
                        case "--val-limit" -> o.validationLimit = Integer.parseInt(v);
                        case "--max-minutes" -> o.maxMinutes = Double.parseDouble(v);
                        default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
                    }
                }
            }
        }
        if (o.name == null) {
            o.name = o.graph == null ? "model" : o.graph.label().replace('_', '-')
                    + (o.idx != null ? "-idx" : o.photos.isEmpty() ? "-fmnist" : o.channels == 1 ? "-photo-gray" : "-photo");
        }
        if (o.run == null) {
            o.run = o.graph != null ? o.name : o.name + "-" + o.ordering.label() + "-m" + o.masks;
        }
        o.command = "scripts/train.sh " + main.getSimpleName() + " " + String.join(" ", kept);
        return o;
    }

    static double parseDecay(String value) {
        double d = Double.parseDouble(value);
        if (!(d >= 0 && d < 1)) {
            throw new IllegalArgumentException("--average must be in [0, 1), got " + value);
        }
        return d;
    }

    /** An {@code output} meta value as a mixture size: 0 for softmax. */
    static int parseOutput(String value) {
        if (value.equals("softmax")) {
            return 0;
        }
        if (value.startsWith("logistic_mixture:")) {
            return Integer.parseInt(value.substring("logistic_mixture:".length()));
        }
        throw new IllegalArgumentException("--output must be softmax or logistic_mixture:K, got '" + value + "'");
    }

    static int[] parseInts(String text) {
        String[] parts = text.split(",");
        int[] values = new int[parts.length];
        for (int k = 0; k < parts.length; k++) {
            values[k] = Integer.parseInt(parts[k].trim());
        }
        return values;
    }
}
