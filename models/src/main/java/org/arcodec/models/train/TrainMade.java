package org.arcodec.models.train;

import org.arcodec.internal.weights.WeightFile;
import org.arcodec.models.data.FashionMnist;
import org.arcodec.models.data.IdxImages;
import org.arcodec.models.made.MadeMasks;
import org.arcodec.models.made.MadeSpec;
import org.arcodec.models.made.Ordering;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;

/**
 * Trains a MADE on Fashion-MNIST with SameDiff on the CPU and exports it as a weight file.
 *
 * <p>Connectivity-agnostic training: each minibatch draws one of {@code --masks} masks (all with
 * the same ordering). Adam with an exponentially decaying learning rate; validation on the held-
 * out last 5,000 training images after every epoch, with early stopping on validation bpd. A
 * checkpoint (graph, updater state, progress) is written every epoch to
 * {@code .cache/checkpoints/<run>/}; {@code --resume} continues from it. The best epoch's
 * weights are kept as {@code best.arcm} there and copied to {@code --out} at the end.
 *
 * <pre>
 * ./mvnw -q -pl models -am exec:java -Dexec.mainClass=org.arcodec.models.train.TrainMade \
 *   -Dexec.args="--ordering raster --masks 1 --hidden 500,300 --mixture 5 --epochs 20 --out made.arcm"
 * </pre>
 */
public final class TrainMade {
    /** Training images (the first ones) on which the per-epoch training bpd is measured. */
    static final int TRAIN_SAMPLE = 2_000;

    private TrainMade() {
    }

    /** Command-line options, with their defaults. */
    static final class Options {
        Ordering ordering = Ordering.RASTER;
        int masks = 1;
        int[] hidden = {500, 300};
        int mixture = 5;
        boolean direct = false;
        int epochs = 20;
        int batch = 100;
        double learningRate = 1e-3;
        /** Learning-rate factor per epoch. */
        double decay = 0.95;
        int patience = 3;
        long seed = 1;
        String run;
        boolean resume = false;
        Path out;
        String name = "made-fmnist";
        Path data = FashionMnist.DEFAULT_DIR;
        Path checkpoints = Path.of(".cache", "checkpoints");
        int trainLimit = 0;
        int validationLimit = 0;
        double maxMinutes = 0;
        String command;

        static Options parse(String[] args) {
            Options o = new Options();
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
                            case "--epochs" -> o.epochs = Integer.parseInt(v);
                            case "--batch" -> o.batch = Integer.parseInt(v);
                            case "--lr" -> o.learningRate = Double.parseDouble(v);
                            case "--lr-decay" -> o.decay = Double.parseDouble(v);
                            case "--patience" -> o.patience = Integer.parseInt(v);
                            case "--seed" -> o.seed = Long.parseLong(v);
                            case "--run" -> o.run = v;
                            case "--out" -> o.out = Path.of(v);
                            case "--name" -> o.name = v;
                            case "--data" -> o.data = Path.of(v);
                            case "--checkpoints" -> o.checkpoints = Path.of(v);
                            case "--train-limit" -> o.trainLimit = Integer.parseInt(v);
                            case "--val-limit" -> o.validationLimit = Integer.parseInt(v);
                            case "--max-minutes" -> o.maxMinutes = Double.parseDouble(v);
                            default -> throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
                        }
                    }
                }
            }
            if (o.run == null) {
                o.run = o.name + "-" + o.ordering.label() + "-m" + o.masks;
            }
            o.command = "./mvnw -q -pl models -am exec:java -Dexec.mainClass=" + TrainMade.class.getName()
                    + " -Dexec.args=\"" + String.join(" ", kept) + "\"";
            return o;
        }

        MadeSpec spec() {
            return new MadeSpec(FashionMnist.SIDE, FashionMnist.SIDE, hidden, mixture, direct, ordering, masks, seed);
        }
    }

    static final String USAGE = """
            options: --ordering raster|column|evenodd|random  --masks N  --hidden H1,H2,...
                     --mixture K | --softmax  --direct  --epochs N  --batch B  --lr LR  --lr-decay F
                     --patience N  --seed S  --run NAME  --resume  --out FILE.arcm  --name MODEL
                     --data DIR  --checkpoints DIR  --train-limit N  --val-limit N  --max-minutes M""";

    static int[] parseInts(String text) {
        String[] parts = text.split(",");
        int[] values = new int[parts.length];
        for (int k = 0; k < parts.length; k++) {
            values[k] = Integer.parseInt(parts[k].trim());
        }
        return values;
    }

    public static void main(String[] args) throws IOException {
        Options o = Options.parse(args);
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        MadeSpec spec = o.spec();
        Path dir = o.checkpoints.resolve(o.run);
        Files.createDirectories(dir);

        IdxImages trainImages = FashionMnist.train(o.data);
        IdxImages validationImages = FashionMnist.validation(o.data);
        Batches train = new Batches(trainImages, o.trainLimit);
        Batches validation = new Batches(validationImages, o.validationLimit);
        Batches trainSample = new Batches(trainImages, Math.min(train.count(), TRAIN_SAMPLE));
        int batchesPerEpoch = (train.count() + o.batch - 1) / o.batch;

        int[] order = spec.order();
        List<MadeMasks> masks = new ArrayList<>();
        List<INDArray[]> maskArrays = new ArrayList<>();
        for (int i = 0; i < spec.masks(); i++) {
            masks.add(spec.mask(i));
            maskArrays.add(MadeGraph.maskArrays(spec, masks.get(i)));
        }

        Path last = dir.resolve("last.sd");
        Path stateFile = dir.resolve("state.properties");
        Path best = dir.resolve("best.arcm");
        Progress progress = new Progress();
        MadeGraph graph;
        if (o.resume && Files.exists(last) && Files.exists(stateFile)) {
            progress = Progress.read(stateFile);
            graph = MadeGraph.wrap(spec, SameDiff.load(last.toFile(), true));
            graph.sameDiff().getTrainingConfig().setIterationCount(progress.iteration);
            log("resumed %s after epoch %d (best val %.4f bpd at epoch %d)", o.run, progress.epoch,
                    progress.bestValidation, progress.bestEpoch);
        } else {
            graph = MadeGraph.create(spec);
            if (MadeGraph.bakedMasks(spec)) {
                graph.applyMasks(maskArrays.get(0));
            }
            double gamma = Math.pow(o.decay, 1.0 / batchesPerEpoch);
            graph.sameDiff().setTrainingConfig(TrainingConfig.builder()
                    .updater(new Adam(new ExponentialSchedule(ScheduleType.ITERATION, o.learningRate, gamma)))
                    .dataSetFeatureMapping(MadeGraph.placeholderNames(spec).toArray(new String[0]))
                    .markLabelsUnused()
                    .build());
        }
        log("%s", spec);
        log("parameters %,d (%.1f MB as float32); %d training images in %d batches of %d; %d validation images",
                spec.parameterCount(), spec.parameterCount() * 4 / 1e6, train.count(), batchesPerEpoch, o.batch,
                validation.count());
        log("checkpoints in %s; command: %s", dir, o.command);

        SameDiff sd = graph.sameDiff();
        while (progress.epoch < o.epochs && progress.sinceBest < o.patience) {
            int epoch = progress.epoch + 1;
            long start = System.nanoTime();
            Random random = new Random(o.seed * 1_000_003L + epoch);
            int[] indices = train.shuffled(random);
            long seen = 0;
            long fitNanos = 0;
            long maskNanos = 0;
            for (int k = 0; k < batchesPerEpoch; k++) {
                int from = k * o.batch;
                int to = Math.min(train.count(), from + o.batch);
                INDArray[] maskSet = maskArrays.get(random.nextInt(maskArrays.size()));
                INDArray[] features = MadeGraph.bakedMasks(spec) ? new INDArray[1] : new INDArray[maskSet.length + 1];
                features[0] = train.batch(indices, from, to);
                System.arraycopy(maskSet, 0, features, 1, features.length - 1);
                long t0 = System.nanoTime();
                sd.fit(new MultiDataSet(features, new INDArray[0]));
                long t1 = System.nanoTime();
                if (MadeGraph.bakedMasks(spec)) {
                    graph.applyMasks(maskSet);
                }
                fitNanos += t1 - t0;
                maskNanos += System.nanoTime() - t1;
                seen += to - from;
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            log("  fit %.1f s, masks %.1f s, other %.1f s", fitNanos / 1e9, maskNanos / 1e9,
                    trainSeconds - (fitNanos + maskNanos) / 1e9);
            // SameDiff 1.0.0-M2.1 reports no loss from a single-minibatch fit, so the training
            // figure is measured after the epoch on a fixed sample of the training images.
            double trainBpd = MadeEvaluation.bitsPerDim(graph, maskArrays, trainSample);
            double validationBpd = MadeEvaluation.bitsPerDim(graph, maskArrays, validation);
            double epochSeconds = (System.nanoTime() - start) / 1e9;
            if (!Double.isFinite(validationBpd) || !Double.isFinite(trainBpd)) {
                throw new IllegalStateException("bpd is not finite after epoch " + epoch + ": train " + trainBpd
                        + ", validation " + validationBpd);
            }

            progress.epoch = epoch;
            progress.iteration = sd.getTrainingConfig().getIterationCount();
            progress.elapsedSeconds += epochSeconds;
            boolean improved = validationBpd < progress.bestValidation;
            if (improved) {
                progress.bestValidation = validationBpd;
                progress.bestEpoch = epoch;
                progress.sinceBest = 0;
                writeWeights(graph, order, masks, o, progress, best);
            } else {
                progress.sinceBest++;
            }
            Path tmp = dir.resolve("last.sd.tmp");
            sd.save(tmp.toFile(), true);
            Files.move(tmp, last, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            progress.write(stateFile);
            log("epoch %d/%d  train(2k) %.4f bpd  val %.4f bpd%s  %.0f img/s  epoch %.1f s  elapsed %.1f min  lr %.2e",
                    epoch, o.epochs, trainBpd, validationBpd, improved ? " *" : "", seen / trainSeconds, epochSeconds,
                    progress.elapsedSeconds / 60, o.learningRate * Math.pow(o.decay, epoch));
            if (o.maxMinutes > 0 && progress.elapsedSeconds / 60 + epochSeconds / 60 > o.maxMinutes) {
                log("stopping: another epoch would pass --max-minutes %.1f", o.maxMinutes);
                break;
            }
        }
        if (progress.sinceBest >= o.patience) {
            log("early stop: no improvement for %d epochs", progress.sinceBest);
        }
        log("best val %.4f bpd at epoch %d; total training time %.1f min", progress.bestValidation,
                progress.bestEpoch, progress.elapsedSeconds / 60);
        if (o.out != null && Files.exists(best)) {
            Files.createDirectories(o.out.toAbsolutePath().getParent());
            Files.copy(best, o.out, StandardCopyOption.REPLACE_EXISTING);
            log("wrote %s (%,d bytes)", o.out, Files.size(o.out));
        }
    }

    private static void writeWeights(MadeGraph graph, int[] order, List<MadeMasks> masks, Options o,
                                     Progress progress, Path path) throws IOException {
        WeightFile.Builder builder = MadeParameters.toWeightFile(graph.spec(), graph.weights(), order, masks)
                .meta("name", o.name)
                .meta("train_command", o.command)
                .meta("val_bpd", String.format(Locale.ROOT, "%.4f", progress.bestValidation))
                .meta("epochs", Integer.toString(progress.bestEpoch))
                .meta("seed", Long.toString(o.seed))
                .meta("trained_with", "arcodec-models TrainMade, ND4J/SameDiff 1.0.0-M2.1 on CPU, Fashion-MNIST train[0:55000]"
                        + " (validation train[55000:60000]), Adam lr " + o.learningRate + " decay " + o.decay
                        + "/epoch, batch " + o.batch);
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        builder.write(tmp);
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "%tT " + format + "%n", prepend(System.currentTimeMillis(), args));
        System.out.flush();
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /** What a checkpoint records besides the graph. */
    static final class Progress {
        int epoch;
        int iteration;
        double bestValidation = Double.POSITIVE_INFINITY;
        int bestEpoch;
        int sinceBest;
        double elapsedSeconds;

        static Progress read(Path file) throws IOException {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            Progress progress = new Progress();
            progress.epoch = Integer.parseInt(p.getProperty("epoch"));
            progress.iteration = Integer.parseInt(p.getProperty("iteration"));
            progress.bestValidation = Double.parseDouble(p.getProperty("best_val_bpd"));
            progress.bestEpoch = Integer.parseInt(p.getProperty("best_epoch"));
            progress.sinceBest = Integer.parseInt(p.getProperty("epochs_since_best"));
            progress.elapsedSeconds = Double.parseDouble(p.getProperty("elapsed_seconds"));
            return progress;
        }

        void write(Path file) throws IOException {
            Properties p = new Properties();
            p.setProperty("epoch", Integer.toString(epoch));
            p.setProperty("iteration", Integer.toString(iteration));
            p.setProperty("best_val_bpd", Double.toString(bestValidation));
            p.setProperty("best_epoch", Integer.toString(bestEpoch));
            p.setProperty("epochs_since_best", Integer.toString(sinceBest));
            p.setProperty("elapsed_seconds", Double.toString(elapsedSeconds));
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, "TrainMade checkpoint progress");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
