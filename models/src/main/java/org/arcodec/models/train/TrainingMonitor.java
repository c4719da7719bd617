package org.arcodec.models.train;

import java.util.Locale;

/**
 * What a training run reports while it runs: by default ({@link #log()}) timestamped lines on
 * standard output; {@code arcodec train} draws a progress bar instead.
 */
public interface TrainingMonitor {
    /**
     * Every how many steps the loop measures the training loss of the step's batch for
     * {@link #step} (a forward pass more); 0 for never.
     */
    default int lossEvery() {
        return 0;
    }

    /** A line about the run: the model, the data, a resumption, where checkpoints go. */
    void info(String line);

    /**
     * After each training step.
     *
     * @param lossBpd         the training loss of the latest batch measured (see {@link #lossEvery}) in bits per
     *                        dimension, before its step; NaN before the first
     * @param imagesPerSecond training images per second in this epoch so far
     */
    void step(int epoch, int epochs, int batch, int batches, double lossBpd, double imagesPerSecond);

    /** After each epoch's evaluation. */
    void epoch(Epoch result);

    /**
     * One epoch's figures.
     *
     * @param trainBpd       bpd on a fixed sample of the training images
     * @param best           whether the validation bpd is the best so far (its weights are kept)
     * @param elapsedMinutes training time of the whole run so far, earlier sessions included
     */
    record Epoch(int epoch, int epochs, double trainBpd, int trainSample, double validationBpd, boolean best,
                 double imagesPerSecond, double seconds, double elapsedMinutes, double learningRate) {
    }

    /** Timestamped lines on standard output, a step line every {@value LogMonitor#STEP_EVERY} batches. */
    static TrainingMonitor log() {
        return new LogMonitor();
    }

    /** The lines the trainers have always written, which the training logs under .cache/logs hold. */
    final class LogMonitor implements TrainingMonitor {
        static final int STEP_EVERY = 100;

        private LogMonitor() {
        }

        @Override
        public void info(String line) {
            TrainingLoop.log("%s", line);
        }

        @Override
        public int lossEvery() {
            return STEP_EVERY;
        }

        @Override
        public void step(int epoch, int epochs, int batch, int batches, double lossBpd, double imagesPerSecond) {
            if (batch % STEP_EVERY == 0) {
                TrainingLoop.log("  epoch %d: %d/%d batches, %.0f img/s, batch loss %.4f bpd", epoch, batch, batches,
                        imagesPerSecond, lossBpd);
            }
        }

        @Override
        public void epoch(Epoch e) {
            TrainingLoop.log("%s", String.format(Locale.ROOT,
                    "epoch %d/%d  train(%d) %.4f bpd  val %.4f bpd%s  %.0f img/s  epoch %.1f s  elapsed %.1f min  lr %.2e",
                    e.epoch(), e.epochs(), e.trainSample(), e.trainBpd(), e.validationBpd(), e.best() ? " *" : "",
                    e.imagesPerSecond(), e.seconds(), e.elapsedMinutes(), e.learningRate()));
        }
    }
}
