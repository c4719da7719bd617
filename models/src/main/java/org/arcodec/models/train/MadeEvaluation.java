package org.arcodec.models.train;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * The negative log-likelihood of a MADE on a set of images, in bits per dimension, with the
 * ensemble of masks combined as the codec combines them: each sample's probability is the mean
 * of its probabilities under the masks.
 */
final class MadeEvaluation {
    static final double LN2 = Math.log(2.0);
    private static final int BATCH = 500;

    private MadeEvaluation() {
    }

    /** Mean bits per dimension over the images. */
    static double bitsPerDim(MadeGraph graph, List<INDArray[]> masks, Batches images) {
        int[] all = images.identity();
        int d = images.imageSize();
        double totalNats = 0;
        for (int from = 0; from < all.length; from += BATCH) {
            int to = Math.min(all.length, from + BATCH);
            INDArray x = images.batch(all, from, to);
            double[][] perMask = new double[masks.size()][];
            for (int m = 0; m < masks.size(); m++) {
                perMask[m] = graph.logProb(x, masks.get(m)).dup('c').data().asDouble();
            }
            totalNats -= combine(perMask, (to - from) * d);
        }
        return totalNats / ((double) all.length * d * LN2);
    }

    /** Sum over entries of log(mean over masks of exp(logp)), computed stably. */
    static double combine(double[][] perMask, int length) {
        double sum = 0;
        double logMasks = Math.log(perMask.length);
        for (int k = 0; k < length; k++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double[] lp : perMask) {
                max = Math.max(max, lp[k]);
            }
            double s = 0;
            for (double[] lp : perMask) {
                s += Math.exp(lp[k] - max);
            }
            sum += max + Math.log(s) - logMasks;
        }
        return sum;
    }
}
