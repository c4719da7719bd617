package org.arcodec.internal.conv;

import org.arcodec.internal.nn.LogisticMixture;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeadOffsetsTest {
    /** Log-scales of 3 channels with 2 components each, among 8 parameters. */
    private static final int[] LOG_SCALES = {1, 2, 4, 5, 6, 7};
    /** Means of the same 3 channels: none of those learn in the tests of log-scales. */
    private static final int[] MEANS = {0, 0, 3, 3, 0, 3};

    /** One logistic at the middle value (mean 0 on the [-1, 1] scale) with log-scale {@code logScale}. */
    private static LogisticMixture.Edges logistic(double logScale) {
        return new LogisticMixture(1).edges().set(new double[] {0, 0, logScale}, 0);
    }

    @Test
    void aFixedOffsetShiftsEveryLogScaleAndNeverLearns() {
        HeadOffsets fixed = HeadOffsets.fixed(3, 2, 0.25);
        double[] params = {1, 2, 3, 4, 5, 6, 7, 8};
        fixed.shift(params, LOG_SCALES, MEANS);
        assertArrayEquals(new double[] {1, 2.25, 3.25, 4, 5.25, 6.25, 7.25, 8.25}, params);
        assertFalse(fixed.learns());
        fixed.learn(0, logistic(-3), 128);
        assertArrayEquals(new double[] {0.25, 0.25, 0.25}, fixed.logScaleOffsets());
    }

    @Test
    void learntOffsetsNarrowForSamplesNearTheMeanAndWidenForFarOnesEachChannelItsOwn() {
        HeadOffsets learnt = HeadOffsets.learnt(3, 2, 0.01, false);
        assertTrue(learnt.learns());
        double[] params = {1, 2, 3, 4, 5, 6, 7, 8};
        learnt.shift(params, LOG_SCALES, MEANS);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, params, "offsets start at 0");
        LogisticMixture.Edges wide = logistic(-2);   // s = 0.135: about 17 values
        for (int i = 0; i < 100; i++) {
            learnt.learn(0, wide, 128);   // at the mean: a narrower logistic gives it more mass
            learnt.learn(2, wide, 200);   // far out: a wider one does
        }
        double[] offsets = learnt.logScaleOffsets();
        assertTrue(offsets[0] < -0.05, "R: " + offsets[0]);
        assertEquals(0, offsets[1], "G saw no sample");
        assertTrue(offsets[2] > 0.05, "B: " + offsets[2]);
        params = new double[] {1, 2, 3, 4, 5, 6, 7, 8};
        learnt.shift(params, LOG_SCALES, MEANS);
        assertArrayEquals(new double[] {1, 2 + offsets[0], 3 + offsets[0], 4, 5, 6, 7 + offsets[2], 8 + offsets[2]},
                params);
    }

    @Test
    void oneStepIsBoundedAndOffsetsStayWithinTheirRange() {
        HeadOffsets learnt = HeadOffsets.learnt(1, 1, 0.1, false);
        LogisticMixture.Edges narrow = logistic(-4);   // value 170 is 18 scales away
        assertTrue(narrow.logScaleSlope(170) < -4 * HeadOffsets.MAX_SLOPE, "" + narrow.logScaleSlope(170));
        learnt.learn(0, narrow, 170);
        assertEquals(0.1 * HeadOffsets.MAX_SLOPE, learnt.logScaleOffsets()[0], 1e-15);
        for (int i = 0; i < 100; i++) {
            learnt.learn(0, narrow, 170);
        }
        assertEquals(HeadOffsets.MAX_OFFSET, learnt.logScaleOffsets()[0]);
    }

    @Test
    void learntMeansFollowSamplesAboveOrBelowTheMeanAndOnlyWhereAsked() {
        HeadOffsets both = HeadOffsets.learnt(2, 1, 0.01, true);
        HeadOffsets scalesOnly = HeadOffsets.learnt(2, 1, 0.01, false);
        LogisticMixture.Edges edges = logistic(-3);   // mean at 127.5, s = 0.05: about 6 values
        for (int i = 0; i < 200; i++) {
            both.learn(0, edges, 131);
            both.learn(1, edges, 124);
            scalesOnly.learn(0, edges, 131);
        }
        double[] means = both.meanOffsets();
        assertTrue(means[0] > 0 && means[0] < HeadOffsets.MAX_MEAN_OFFSET, "R: " + means[0]);
        assertTrue(means[1] < 0, "G: " + means[1]);
        assertEquals(0, scalesOnly.meanOffsets()[0]);
        double[] params = {0, 0, 0, 0};
        both.shift(params, new int[] {1, 3}, new int[] {0, 2});
        assertArrayEquals(new double[] {means[0], both.logScaleOffsets()[0], means[1], both.logScaleOffsets()[1]},
                params);
    }

    /**
     * After a whole pixel, each channel steps on the sum of the gradient over its own parameters:
     * log-scales at the rate, means at {@link HeadOffsets#MEAN_RATE}, each slope clamped.
     */
    @Test
    void aPixelsGradientMovesEachChannelByTheSumOverItsParameters() {
        int[] logScales = {1, 2, 4, 5, 6, 7};
        int[] means = {8, 9, 10, 11, 12, 13};
        HeadOffsets learnt = HeadOffsets.learnt(3, 2, 0.01, true);
        double[] gradient = new double[14];
        gradient[1] = 0.5;     // R's log-scales: 0.5 - 1.5 = -1
        gradient[2] = -1.5;
        gradient[6] = 10;      // B's log-scales: 10 + 0, clamped to 4
        gradient[8] = 20;      // R's means: 20 + 20 = 40
        gradient[9] = 20;
        gradient[12] = -100;   // B's means: -100, clamped to -50
        learnt.learnFromPixel(gradient, logScales, means);
        assertArrayEquals(new double[] {0.01, 0, -0.04}, learnt.logScaleOffsets(), 1e-15);
        double[] meanOffsets = learnt.meanOffsets();
        assertEquals(-40 * HeadOffsets.MEAN_RATE, meanOffsets[0], 1e-18);
        assertEquals(0, meanOffsets[1]);
        assertEquals(50 * HeadOffsets.MEAN_RATE, meanOffsets[2], 1e-18);
        HeadOffsets scalesOnly = HeadOffsets.learnt(3, 2, 0.01, false);
        scalesOnly.learnFromPixel(gradient, logScales, means);
        assertArrayEquals(new double[] {0, 0, 0}, scalesOnly.meanOffsets(), "means learn only where asked");
    }
}
