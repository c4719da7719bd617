package org.arcodec.models.made;

import java.util.Arrays;
import java.util.Random;

/**
 * The connectivity of one MADE mask (Germain et al. 2015), exactly as docs/WEIGHTS.md defines it.
 *
 * <p>With D samples, {@code step(i)} the step at which sample i is coded (0-based) and a number
 * {@code m} in 1..D-1 for each hidden unit:
 * <ul>
 *   <li>input i feeds a layer-1 unit with number m when {@code step(i) < m};</li>
 *   <li>a unit of layer l-1 with number m feeds a unit of layer l with number m' when {@code m <= m'};</li>
 *   <li>a unit of the last layer with number m feeds the outputs of sample i when {@code m <= step(i)};</li>
 *   <li>input j feeds the outputs of sample i directly when {@code step(j) < step(i)}.</li>
 * </ul>
 * So every path from input j to the outputs of sample i passes numbers
 * {@code step(j) < m_1 <= ... <= m_L <= step(i)}: outputs depend only on earlier samples.
 *
 * <p>Unit numbers are drawn as in the paper: layer 1 uniformly from 1..D-1 (the smallest input
 * number, step + 1, is 1), layer l uniformly from (the smallest number of layer l-1)..D-1, so that
 * no unit is left without inputs.
 */
public final class MadeMasks {
    private final int[] step;
    private final int[][] numbers;

    private MadeMasks(int[] step, int[][] numbers) {
        this.step = step;
        this.numbers = numbers;
    }

    /**
     * Draws the unit numbers of one mask.
     *
     * @param order {@code order[s]} = sample coded at step s
     * @param hidden units per hidden layer
     * @param seed seeds this mask's numbers (a different seed per mask of an ensemble)
     */
    public static MadeMasks draw(int[] order, int[] hidden, long seed) {
        int d = order.length;
        if (d < 2) {
            throw new IllegalArgumentException("MADE needs at least 2 samples, got " + d);
        }
        Random random = new Random(seed);
        int[][] numbers = new int[hidden.length][];
        int low = 1;
        for (int l = 0; l < hidden.length; l++) {
            int[] m = new int[hidden[l]];
            int smallest = d - 1;
            for (int k = 0; k < m.length; k++) {
                m[k] = low + random.nextInt(d - low); // uniform in [low, d-1]
                smallest = Math.min(smallest, m[k]);
            }
            numbers[l] = m;
            low = smallest;
        }
        return new MadeMasks(Ordering.steps(order), numbers);
    }

    /** A mask from stored numbers (as read back from a weight file). */
    public static MadeMasks of(int[] order, int[][] numbers) {
        int d = order.length;
        int[][] copy = new int[numbers.length][];
        for (int l = 0; l < numbers.length; l++) {
            copy[l] = numbers[l].clone();
            for (int m : copy[l]) {
                if (m < 1 || m > d - 1) {
                    throw new IllegalArgumentException("unit number " + m + " in layer " + (l + 1) + " is outside 1.." + (d - 1));
                }
            }
        }
        return new MadeMasks(Ordering.steps(order), copy);
    }

    public int samples() {
        return step.length;
    }

    public int layers() {
        return numbers.length;
    }

    /** Unit numbers of hidden layer l (1-based, as in the tensor names {@code mask{i}.m{l}}): a copy. */
    public int[] numbers(int layer) {
        return numbers[layer - 1].clone();
    }

    /** {@code step[i]}: a copy. */
    public int[] steps() {
        return step.clone();
    }

    /**
     * The 0/1 mask of hidden layer l (1-based) as a [fanIn, units] row-major array, for
     * {@code h_l = relu(h_{l-1} . (W_l * M_l) + b_l)} with h_0 = x.
     */
    public float[] hiddenMask(int layer) {
        int[] out = numbers[layer - 1];
        float[] mask;
        if (layer == 1) {
            int d = step.length;
            mask = new float[d * out.length];
            for (int i = 0; i < d; i++) {
                for (int k = 0; k < out.length; k++) {
                    mask[i * out.length + k] = step[i] < out[k] ? 1f : 0f;
                }
            }
        } else {
            int[] in = numbers[layer - 2];
            mask = new float[in.length * out.length];
            for (int j = 0; j < in.length; j++) {
                for (int k = 0; k < out.length; k++) {
                    mask[j * out.length + k] = in[j] <= out[k] ? 1f : 0f;
                }
            }
        }
        return mask;
    }

    /**
     * The 0/1 mask from the last hidden layer to the outputs, as a [H_L, D * perSample] row-major
     * array whose column {@code i * perSample + p} is parameter p of sample i.
     */
    public float[] outputMask(int perSample) {
        int[] last = numbers[numbers.length - 1];
        int d = step.length;
        float[] mask = new float[last.length * d * perSample];
        for (int k = 0; k < last.length; k++) {
            for (int i = 0; i < d; i++) {
                float allowed = last[k] <= step[i] ? 1f : 0f;
                Arrays.fill(mask, (k * d + i) * perSample, (k * d + i + 1) * perSample, allowed);
            }
        }
        return mask;
    }

    /**
     * The 0/1 mask of direct input-to-output connections as a [D, D * perSample] row-major array:
     * input j feeds the parameters of sample i when {@code step(j) < step(i)}.
     */
    public float[] directMask(int perSample) {
        int d = step.length;
        float[] mask = new float[d * d * perSample];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < d; i++) {
                float allowed = step[j] < step[i] ? 1f : 0f;
                Arrays.fill(mask, (j * d + i) * perSample, (j * d + i + 1) * perSample, allowed);
            }
        }
        return mask;
    }
}
