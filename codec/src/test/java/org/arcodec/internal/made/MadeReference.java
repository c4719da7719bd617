package org.arcodec.internal.made;

import org.arcodec.internal.nn.OutputHead;
import org.arcodec.internal.weights.ReferenceTables;
import org.arcodec.internal.weights.WeightFile;

import java.util.ArrayList;
import java.util.List;

/**
 * MADE the straightforward way, for checking the fast paths: for every step, a full masked
 * forward pass over inputs where every sample not yet coded is NaN (so a leak through a mask
 * would show), with the masks written out as the comparisons of docs/WEIGHTS.md. Read straight
 * from the weight file; shares only the output head with the code under test.
 */
final class MadeReference {
    private MadeReference() {
    }

    static List<ReferenceTables.Step> tables(WeightFile file, byte[] samples) {
        int d = samples.length;
        String[] hiddenMeta = file.meta("hidden").split(",");
        int layers = hiddenMeta.length;
        int[] size = new int[layers + 1];
        size[0] = d;
        for (int l = 1; l <= layers; l++) {
            size[l] = Integer.parseInt(hiddenMeta[l - 1]);
        }
        int masks = Integer.parseInt(file.meta("masks"));
        boolean direct = file.meta("direct").equals("true");
        OutputHead head = OutputHead.parse(file.meta("output"));
        int p = head.parameters();
        int[] order = file.ints("order");
        int[] stepOf = new int[d];
        for (int s = 0; s < d; s++) {
            stepOf[order[s]] = s;
        }
        float[][] w = new float[layers + 1][];
        float[][] b = new float[layers + 1][];
        for (int l = 1; l <= layers; l++) {
            w[l] = file.floats("W" + l);
            b[l] = file.floats("b" + l);
        }
        float[] v = file.floats("V");
        float[] c = file.floats("c");
        float[] a = direct ? file.floats("A") : null;
        int[][][] m = new int[masks][layers + 1][];
        for (int i = 0; i < masks; i++) {
            for (int l = 1; l <= layers; l++) {
                m[i][l] = file.ints("mask" + i + ".m" + l);
            }
        }

        List<ReferenceTables.Step> steps = new ArrayList<>();
        for (int s = 0; s < d; s++) {
            double[] x = new double[d];
            for (int i = 0; i < d; i++) {
                x[i] = stepOf[i] < s ? (samples[i] & 0xFF) / 127.5 - 1 : Double.NaN;
            }
            int sample = order[s];
            double[] table = new double[256];
            for (int q = 0; q < masks; q++) {
                double[][] h = new double[layers + 1][];
                h[0] = x;
                for (int l = 1; l <= layers; l++) {
                    h[l] = new double[size[l]];
                    for (int j = 0; j < size[l]; j++) {
                        double sum = b[l][j];
                        for (int k = 0; k < size[l - 1]; k++) {
                            boolean connected = l == 1 ? stepOf[k] < m[q][1][j] : m[q][l - 1][k] <= m[q][l][j];
                            if (connected) {
                                sum += w[l][j * size[l - 1] + k] * h[l - 1][k];
                            }
                        }
                        h[l][j] = Math.max(sum, 0.0);
                    }
                }
                double[] outputs = new double[p];
                for (int r = 0; r < p; r++) {
                    int row = sample * p + r;
                    double sum = c[row];
                    for (int k = 0; k < size[layers]; k++) {
                        if (m[q][layers][k] <= s) {
                            sum += v[row * size[layers] + k] * h[layers][k];
                        }
                    }
                    double directSum = 0;
                    if (direct) {
                        for (int j = 0; j < d; j++) {
                            if (stepOf[j] < s) {
                                directSum += a[row * d + j] * x[j];
                            }
                        }
                        sum += directSum;
                    }
                    outputs[r] = sum;
                }
                double[] probabilities = new double[256];
                head.probabilities(outputs, 0, probabilities);
                for (int value = 0; value < 256; value++) {
                    table[value] += probabilities[value];
                }
            }
            for (int value = 0; value < 256; value++) {
                table[value] /= masks;
            }
            steps.add(ReferenceTables.step(sample, table));
        }
        return steps;
    }
}
