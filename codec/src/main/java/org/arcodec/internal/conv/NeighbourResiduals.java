package org.arcodec.internal.conv;

/**
 * The model's prediction errors at the samples coded around a pixel (docs/CONVNETS.md,
 * "Neighbour residuals"). For each coded sample it keeps r = clamp(32 (x - E[x]), -4, 4) in float,
 * x the sample on the [-1, 1] scale and E[x] its mean under the head the pixel was coded with;
 * a pixel's features are the residuals of its {@link #NEIGHBOURS} neighbours, channel by channel,
 * 0 where a neighbour lies outside the image. The network sees the neighbours' values but not how
 * far off its own predictions of them were. Mutable: one per stream and variant.
 */
final class NeighbourResiduals {
    /** (dy, dx) of the neighbours read, in feature order: all are coded before the pixel. */
    private static final int[] DY = {0, -1, -1, -1, 0, -2, -1, -2, -2, -1, 0, -3};
    private static final int[] DX = {-1, 0, -1, 1, -2, 0, -2, -1, 1, 2, -3, 0};
    static final int NEIGHBOURS = DY.length;
    static final double SCALE = 32;
    static final double LIMIT = 4;
    /** Rows kept: the pixel's and the three above it. */
    private static final int ROWS = 4;

    private final int width;
    private final int channels;
    /** [row mod ROWS][x * C + c]. */
    private final float[][] rows;

    NeighbourResiduals(int width, int channels) {
        this.width = width;
        this.channels = channels;
        this.rows = new float[ROWS][width * channels];
    }

    /** Features per pixel: {@link #NEIGHBOURS} times C. */
    int features() {
        return NEIGHBOURS * channels;
    }

    /** Writes the features of pixel (y, x) into {@code out[n * C + c]}, neighbour n's channel c. */
    void read(int y, int x, float[] out) {
        for (int n = 0; n < NEIGHBOURS; n++) {
            int ny = y + DY[n];
            int nx = x + DX[n];
            boolean inside = ny >= 0 && nx >= 0 && nx < width;
            float[] row = rows[ny & (ROWS - 1)];
            for (int c = 0; c < channels; c++) {
                out[n * channels + c] = inside ? row[nx * channels + c] : 0;
            }
        }
    }

    /** Keeps the residual of sample {@code channel} of pixel (y, x): {@code sample} minus {@code expected}, on the [-1, 1] scale. */
    void record(int y, int x, int channel, double sample, double expected) {
        double r = (sample - expected) * SCALE;
        rows[y & (ROWS - 1)][x * channels + channel] = (float) Math.max(-LIMIT, Math.min(LIMIT, r));
    }
}
