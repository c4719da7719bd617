package org.arcodec.models.train;

import org.arcodec.internal.weights.WeightFile;
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
import java.util.Locale;
import java.util.Properties;
import java.util.Random;

/**
 * Trains a {@link Trainable} on Fashion-MNIST or photograph patches ({@link TrainingData}) with
 * SameDiff on the CPU.
 *
 * <p>Adam with a learning rate that decays by {@code --lr-decay} per epoch (smoothly, per
 * iteration); validation on the held-out images (Fashion-MNIST: the last 5,000 training images, or
 * the first {@code --val-limit} of them) after every epoch, early stopping on validation bpd. An epoch is one
 * pass over the training images, or with {@code --epoch-images N} the first N of that epoch's
 * shuffle, so that slow networks reach a checkpoint every N images. A checkpoint (graph, updater
 * state, progress) is written every epoch to {@code .cache/checkpoints/<run>/}; {@code --resume}
 * continues from it. With {@code --average DECAY} the figures and the exported weights are those of
 * a moving average of the weights ({@link WeightAverage}), kept beside the checkpoint. The best
 * epoch's weights are kept as {@code best.arcm} there and copied to
 * {@code --out} at the end.
 */
final class TrainingLoop {
    /** Training images (the first ones) on which the per-epoch training bpd is measured. */
    static final int TRAIN_SAMPLE = 2_000;
    private final TrainOptions o;
    private final TrainingData data;
    private final Trainable model;
    private final TrainingMonitor monitor;

    TrainingLoop(TrainOptions options, TrainingData data, Trainable model) {
        this(options, data, model, TrainingMonitor.log());
    }

    TrainingLoop(TrainOptions options, TrainingData data, Trainable model, TrainingMonitor monitor) {
        this.o = options;
        this.data = data;
        this.model = model;
        this.monitor = monitor;
    }

    /**
     * Trains until --epochs, early stopping or --max-minutes; copies the best epoch's weights to
     * --out when given. Returns the best epoch's weight file in the checkpoint directory, or null
     * when no epoch finished.
     */
    Path run() throws IOException {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Path dir = o.checkpoints.resolve(o.run);
        Files.createDirectories(dir);

        Batches train = data.train;
        Batches validation = data.validation;
        Batches trainSample = train.first(Math.min(train.count(), Math.min(TRAIN_SAMPLE, validation.count())));
        int epochImages = o.epochImages > 0 ? Math.min(o.epochImages, train.count()) : train.count();
        int batchesPerEpoch = (epochImages + o.batch - 1) / o.batch;

        Path last = dir.resolve("last.sd");
        Path stateFile = dir.resolve("state.properties");
        Path best = dir.resolve("best.arcm");
        Path averageFile = dir.resolve("average.bin");
        Progress progress = new Progress();
        SameDiff sd;
        if (o.resume && Files.exists(last) && Files.exists(stateFile)) {
            progress = Progress.read(stateFile);
            sd = model.create(SameDiff.load(last.toFile(), true));
            sd.getTrainingConfig().setIterationCount(progress.iteration);
            info("resumed %s after epoch %d (best val %.4f bpd at epoch %d)", o.run, progress.epoch,
                    progress.bestValidation, progress.bestEpoch);
        } else {
            sd = model.create(null);
            double gamma = Math.pow(o.decay, 1.0 / batchesPerEpoch);
            sd.setTrainingConfig(TrainingConfig.builder()
                    .updater(new Adam(new ExponentialSchedule(ScheduleType.ITERATION, o.learningRate, gamma)))
                    .dataSetFeatureMapping(model.featureNames().toArray(new String[0]))
                    .markLabelsUnused()
                    .build());
        }
        WeightAverage average = null;
        if (o.average > 0) {
            boolean saved = o.resume && progress.epoch > 0 && Files.exists(averageFile);
            average = saved ? WeightAverage.read(averageFile, sd, o.average) : WeightAverage.of(sd, o.average);
        }
        info("%s", model.describe());
        info("parameters %,d (%.1f MB as float32); %d training images, %d per epoch in %d batches of %d;"
                + " %d validation images", model.parameterCount(), model.parameterCount() * 4 / 1e6, train.count(),
                epochImages, batchesPerEpoch, o.batch, validation.count());
        info("checkpoints in %s; command: %s", dir, o.command);

        while (progress.epoch < o.epochs && progress.sinceBest < o.patience) {
            int epoch = progress.epoch + 1;
            long start = System.nanoTime();
            Random random = new Random(o.seed * 1_000_003L + epoch);
            int[] indices = train.shuffled(random);
            long seen = 0;
            double batchLoss = Double.NaN;
            for (int k = 0; k < batchesPerEpoch; k++) {
                int from = k * o.batch;
                int to = Math.min(epochImages, from + o.batch);
                INDArray[] features = model.features(train.batch(indices, from, to), random);
                // SameDiff 1.0.0-M2.1 does not evaluate the loss itself when it trains (the backward
                // pass starts from its gradient), so the monitor's figure costs a forward pass.
                if (monitor.lossEvery() > 0 && (k + 1) % monitor.lossEvery() == 0) {
                    batchLoss = model.batchBitsPerDim(features);
                }
                sd.fit(new MultiDataSet(features, new INDArray[0]));
                model.afterStep(features);
                if (average != null) {
                    average.update(sd);
                }
                seen += to - from;
                monitor.step(epoch, o.epochs, k + 1, batchesPerEpoch, batchLoss,
                        seen / ((System.nanoTime() - start) / 1e9));
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            if (average != null) {
                average.swap(sd);
            }
            // SameDiff 1.0.0-M2.1 reports no loss from a single-minibatch fit, so the training
            // figure is measured after the epoch on a fixed sample of the training images.
            double trainBpd = model.bitsPerDim(trainSample);
            double validationBpd = model.bitsPerDim(validation);
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
                writeWeights(progress, best);
            } else {
                progress.sinceBest++;
            }
            if (average != null) {
                average.swap(sd);
                average.write(averageFile);
            }
            Path tmp = dir.resolve("last.sd.tmp");
            sd.save(tmp.toFile(), true);
            Files.move(tmp, last, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            progress.write(stateFile);
            monitor.epoch(new TrainingMonitor.Epoch(epoch, o.epochs, trainBpd, trainSample.count(), validationBpd,
                    improved, seen / trainSeconds, epochSeconds, progress.elapsedSeconds / 60,
                    o.learningRate * Math.pow(o.decay, epoch)));
            if (o.maxMinutes > 0 && progress.elapsedSeconds / 60 + epochSeconds / 60 > o.maxMinutes) {
                info("stopping: another epoch would pass --max-minutes %.1f", o.maxMinutes);
                break;
            }
        }
        if (progress.sinceBest >= o.patience) {
            info("early stop: no improvement for %d epochs", progress.sinceBest);
        }
        info("best val %.4f bpd at epoch %d; total training time %.1f min", progress.bestValidation,
                progress.bestEpoch, progress.elapsedSeconds / 60);
        if (!Files.exists(best)) {
            return null;
        }
        if (o.out != null) {
            Path parent = o.out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.copy(best, o.out, StandardCopyOption.REPLACE_EXISTING);
            info("wrote %s (%,d bytes)", o.out, Files.size(o.out));
        }
        return best;
    }

    private void info(String format, Object... args) {
        monitor.info(String.format(Locale.ROOT, format, args));
    }

    private void writeWeights(Progress progress, Path path) throws IOException {
        WeightFile.Builder builder = model.export()
                .meta("name", o.name)
                .meta("description", model.description())
                .meta("train_command", o.command)
                .meta("val_bpd", String.format(Locale.ROOT, "%.4f", progress.bestValidation))
                .meta("epochs", Integer.toString(progress.bestEpoch))
                .meta("seed", Long.toString(o.seed))
                .meta("trained_with", "arcodec-models " + o.trainer + ", ND4J/SameDiff 1.0.0-M2.1 on CPU,"
                        + " " + data.description + ", Adam lr " + o.learningRate
                        + " decay " + o.decay + "/epoch, batch " + o.batch
                        + (o.average > 0 ? ", weights averaged with decay " + o.average + " per step" : ""));
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        builder.write(tmp);
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void log(String format, Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = System.currentTimeMillis();
        System.arraycopy(args, 0, all, 1, args.length);
        System.out.printf(Locale.ROOT, "%tT " + format + "%n", all);
        System.out.flush();
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
                p.store(w, "training checkpoint progress");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
