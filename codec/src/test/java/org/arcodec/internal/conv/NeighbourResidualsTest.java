package org.arcodec.internal.conv;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NeighbourResidualsTest {
    private static final int WIDTH = 7;
    private static final int HEIGHT = 6;
    private static final int C = 2;

    /** A residual unique to sample (y, x, c), well inside the clamp once scaled. */
    private static double residual(int y, int x, int c) {
        return (y * 100 + x * 10 + c) / 1e5;
    }

    private static NeighbourResiduals codedUpTo(int lastY, int lastX) {
        NeighbourResiduals residuals = new NeighbourResiduals(WIDTH, C);
        for (int y = 0; y <= lastY; y++) {
            for (int x = 0; x < (y == lastY ? lastX : WIDTH); x++) {
                for (int c = 0; c < C; c++) {
                    residuals.record(y, x, c, residual(y, x, c), 0);
                }
            }
        }
        return residuals;
    }

    @Test
    void aPixelReadsTheResidualsOfTwelveCodedNeighbours() {
        int y = 5;
        int x = 3;
        NeighbourResiduals residuals = codedUpTo(y, x);
        float[] features = new float[residuals.features()];
        residuals.read(y, x, features);
        // W, N, NW, NE, WW, NN, NWW, NNW, NNE, NEE, WWW, NNN
        int[][] at = {{5, 2}, {4, 3}, {4, 2}, {4, 4}, {5, 1}, {3, 3}, {4, 1}, {3, 2}, {3, 4}, {4, 5}, {5, 0}, {2, 3}};
        float[] expected = new float[at.length * C];
        for (int n = 0; n < at.length; n++) {
            for (int c = 0; c < C; c++) {
                expected[n * C + c] = (float) (NeighbourResiduals.SCALE * residual(at[n][0], at[n][1], c));
            }
        }
        assertArrayEquals(expected, features);
    }

    @Test
    void neighboursOutsideTheImageReadZero() {
        NeighbourResiduals residuals = codedUpTo(HEIGHT - 1, WIDTH - 1);
        float[] features = new float[residuals.features()];
        residuals.read(0, 0, features);
        assertArrayEquals(new float[features.length], features, "the first pixel has no neighbours");
        residuals.read(HEIGHT - 1, WIDTH - 1, features);
        assertEquals(0, features[3 * C], "north-east of the last column");
        assertEquals(0, features[9 * C + 1], "north-east-east of the last column");
        assertEquals((float) (NeighbourResiduals.SCALE * residual(HEIGHT - 1, WIDTH - 2, 1)), features[1], "west");
    }

    @Test
    void largeResidualsAreClamped() {
        NeighbourResiduals residuals = new NeighbourResiduals(2, 1);
        residuals.record(0, 0, 0, 1, -1);
        float[] features = new float[residuals.features()];
        residuals.read(0, 1, features);
        assertEquals((float) NeighbourResiduals.LIMIT, features[0]);
        residuals.record(0, 0, 0, -1, 1);
        residuals.read(0, 1, features);
        assertEquals((float) -NeighbourResiduals.LIMIT, features[0]);
    }
}
