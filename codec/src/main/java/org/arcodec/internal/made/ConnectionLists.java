package org.arcodec.internal.made;

/**
 * For every threshold t in {@code [0, maxThreshold]}, the source units whose key is at most t, in
 * ascending unit index: the connections of a MADE unit (or output) with that threshold.
 *
 * <p>Lists of different thresholds are nested sets, but listing each one in ascending index keeps
 * the summation order of a dot product the plain one, so the same units give the same rounding in
 * the batch and the sequential path. Storage is {@code sum_t |list(t)|} ints, at most
 * {@code (maxThreshold + 1) * n}.
 */
final class ConnectionLists {
    /** {@code index[start[t] .. start[t + 1])} is list(t). */
    final int[] start;
    final int[] index;

    private ConnectionLists(int[] start, int[] index) {
        this.start = start;
        this.index = index;
    }

    /** Total ints the lists for these keys would take: for checking a size limit before building. */
    static long size(int[] keys, int maxThreshold) {
        long[] countAt = new long[maxThreshold + 2];
        for (int key : keys) {
            countAt[Math.min(Math.max(key, 0), maxThreshold + 1)]++;
        }
        long total = 0;
        long upTo = 0;
        for (int t = 0; t <= maxThreshold; t++) {
            upTo += countAt[t];
            total += upTo;
        }
        return total;
    }

    static ConnectionLists build(int[] keys, int maxThreshold) {
        long total = size(keys, maxThreshold);
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("connection lists of " + total + " entries are too large");
        }
        int[] start = new int[maxThreshold + 2];
        int[] index = new int[(int) total];
        int n = 0;
        for (int t = 0; t <= maxThreshold; t++) {
            start[t] = n;
            for (int k = 0; k < keys.length; k++) {
                if (keys[k] <= t) {
                    index[n++] = k;
                }
            }
        }
        start[maxThreshold + 1] = n;
        return new ConnectionLists(start, index);
    }

    /**
     * {@code sum + w[row + k] * in[k]} over the units k of list(t), added one at a time in
     * ascending k. The one dot product of MADE: both paths call it, so their rounding is equal.
     */
    double accumulate(double sum, int threshold, float[] w, int row, double[] in) {
        int[] idx = index;
        for (int n = start[threshold], end = start[threshold + 1]; n < end; n++) {
            int k = idx[n];
            sum += w[row + k] * in[k];
        }
        return sum;
    }
}
