package org.arcodec.internal.conv;

import org.arcodec.internal.nn.LogisticMixture;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogScaleOffsetsTest {
    /** Log-scales of 3 channels with 2 components each, among 8 parameters. */
    private static final int[] LOG_SCALES = {1, 2, 4, 5, 6, 7};

    /** One logistic at the middle value (mean 0 on the [-1, 1] scale) with log-scale {@code logScale}. */
    private static LogisticMixture.Edges logistic(double logScale) {
        return new LogisticMixture(1).edges().set(new double[] {0, 0, logScale}, 0);
    }

    @Test
    void aFixedOffsetShiftsEveryLogScaleAndNeverLearns() {
        LogScaleOffsets fixed = LogScaleOffsets.fixed(3, LOG_SCALES.length, 0.25);
        double[] params = {1, 2, 3, 4, 5, 6, 7, 8};
        fixed.shift(params, LOG_SCALES);
        assertArrayEquals(new double[] {1, 2.25, 3.25, 4, 5.25, 6.25, 7.25, 8.25}, params);
        assertFalse(fixed.learns());
        fixed.learn(0, logistic(-3), 128);
        assertArrayEquals(new double[] {0.25, 0.25, 0.25}, fixed.offsets());
    }

    @Test
    void learntOffsetsNarrowForSamplesNearTheMeanAndWidenForFarOnesEachChannelItsOwn() {
        LogScaleOffsets learnt = LogScaleOffsets.learnt(3, LOG_SCALES.length, 0.01);
        assertTrue(learnt.learns());
        double[] params = {1, 2, 3, 4, 5, 6, 7, 8};
        learnt.shift(params, LOG_SCALES);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, params, "offsets start at 0");
        LogisticMixture.Edges wide = logistic(-2);   // s = 0.135: about 17 values
        for (int i = 0; i < 100; i++) {
            learnt.learn(0, wide, 128);   // at the mean: a narrower logistic gives it more mass
            learnt.learn(2, wide, 200);   // far out: a wider one does
        }
        double[] offsets = learnt.offsets();
        assertTrue(offsets[0] < -0.05, "R: " + offsets[0]);
        assertEquals(0, offsets[1], "G saw no sample");
        assertTrue(offsets[2] > 0.05, "B: " + offsets[2]);
        params = new double[] {1, 2, 3, 4, 5, 6, 7, 8};
        learnt.shift(params, LOG_SCALES);
        assertArrayEquals(new double[] {1, 2 + offsets[0], 3 + offsets[0], 4, 5, 6, 7 + offsets[2], 8 + offsets[2]},
                params);
    }

    @Test
    void oneStepIsBoundedAndOffsetsStayWithinTheirRange() {
        LogScaleOffsets learnt = LogScaleOffsets.learnt(1, 1, 0.1);
        LogisticMixture.Edges narrow = logistic(-4);   // value 170 is 18 scales away
        assertTrue(narrow.logScaleSlope(170) < -4 * LogScaleOffsets.MAX_SLOPE, "" + narrow.logScaleSlope(170));
        learnt.learn(0, narrow, 170);
        assertEquals(0.1 * LogScaleOffsets.MAX_SLOPE, learnt.offsets()[0], 1e-15);
        for (int i = 0; i < 100; i++) {
            learnt.learn(0, narrow, 170);
        }
        assertEquals(LogScaleOffsets.MAX_OFFSET, learnt.offsets()[0]);
    }
}
