package org.arcodec.models.train;

import org.arcodec.internal.weights.WeightFile;
import org.arcodec.models.made.MadeMasks;
import org.arcodec.models.made.MadeSpec;
import org.arcodec.models.made.Ordering;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Converts a trained MADE between the training layout of {@link MadeGraph} and a weight file in
 * the layout of docs/WEIGHTS.md, through the codec's {@link WeightFile}.
 *
 * <p>Training keeps {@code W_l} as [H_{l-1}, H_l] and one output matrix per parameter group
 * (logits, means, log-scales) as [H_L, D * K]; the file keeps {@code W_l} as [H_l, H_{l-1}] and
 * one {@code V} of [D * P, H_L] whose rows {@code i*P .. i*P+P-1} are sample i's K logits, K
 * means and K log-scales. The order and every mask's unit numbers are stored as int32 tensors,
 * so the codec never needs the trainer's random numbers.
 */
public final class MadeParameters {
    private MadeParameters() {
    }

    /** A MADE read back from a weight file. */
    public record Loaded(MadeSpec spec, int[] order, List<MadeMasks> masks, Map<String, INDArray> weights,
                         SortedMap<String, String> meta) {
    }

    /**
     * A builder holding the model's tensors and the architecture meta keys; the caller adds
     * {@code name} and the keys for people before writing.
     */
    public static WeightFile.Builder toWeightFile(MadeSpec spec, Map<String, INDArray> weights, int[] order,
                                                  List<MadeMasks> masks) {
        int d = spec.samples();
        int[] hidden = spec.hidden();
        int p = spec.perSample();
        int n = spec.groupWidth();
        int last = hidden[hidden.length - 1];
        WeightFile.Builder b = WeightFile.builder()
                .meta("arch", "made")
                .meta("width", Integer.toString(spec.width()))
                .meta("height", Integer.toString(spec.height()))
                .meta("channels", "1")
                .meta("hidden", spec.hiddenLabel())
                .meta("masks", Integer.toString(masks.size()))
                .meta("direct", Boolean.toString(spec.direct()))
                .meta("ordering", spec.ordering().label())
                .meta("output", spec.outputLabel());
        b.ints("order", new int[] {d}, order);
        for (int i = 0; i < masks.size(); i++) {
            for (int l = 1; l <= hidden.length; l++) {
                b.ints("mask" + i + ".m" + l, new int[] {hidden[l - 1]}, masks.get(i).numbers(l));
            }
        }
        int fanIn = d;
        for (int l = 1; l <= hidden.length; l++) {
            float[] w = floats(weights.get("W" + l));                 // [fanIn, H_l]
            b.floats("W" + l, new int[] {hidden[l - 1], fanIn}, transpose(w, fanIn, hidden[l - 1]));
            b.floats("b" + l, new int[] {hidden[l - 1]}, floats(weights.get("b" + l)));
            fanIn = hidden[l - 1];
        }
        String[] groups = MadeGraph.groupNames(spec);
        float[] v = new float[d * p * last];
        float[] c = new float[d * p];
        float[] a = spec.direct() ? new float[d * p * d] : null;
        for (int g = 0; g < groups.length; g++) {
            float[] vg = floats(weights.get("V." + groups[g]));      // [H_L, D*n]
            float[] cg = floats(weights.get("c." + groups[g]));      // [D*n]
            float[] ag = spec.direct() ? floats(weights.get("A." + groups[g])) : null; // [D, D*n]
            for (int i = 0; i < d; i++) {
                for (int k = 0; k < n; k++) {
                    int row = i * p + g * n + k;
                    int column = i * n + k;
                    for (int h = 0; h < last; h++) {
                        v[row * last + h] = vg[h * d * n + column];
                    }
                    c[row] = cg[column];
                    if (a != null) {
                        for (int j = 0; j < d; j++) {
                            a[row * d + j] = ag[j * d * n + column];
                        }
                    }
                }
            }
        }
        b.floats("V", new int[] {d * p, last}, v);
        b.floats("c", new int[] {d * p}, c);
        if (a != null) {
            b.floats("A", new int[] {d * p, d}, a);
        }
        return b;
    }

    /** Reads a MADE weight file back into the training layout. */
    public static Loaded fromWeightFile(WeightFile file) {
        if (!"made".equals(file.meta("arch"))) {
            throw new IllegalArgumentException(file.source() + ": not a MADE (arch=" + file.meta("arch") + ")");
        }
        int width = file.metaInt("width", 1, 1 << 12);
        int height = file.metaInt("height", 1, 1 << 12);
        if (file.metaInt("channels", 1, 1) != 1) {
            throw new IllegalArgumentException("only one channel is supported");
        }
        String[] hiddenText = file.meta("hidden").split(",");
        int[] hidden = new int[hiddenText.length];
        for (int l = 0; l < hidden.length; l++) {
            hidden[l] = Integer.parseInt(hiddenText[l].trim());
        }
        String output = file.meta("output");
        int mixture;
        if (output.equals("softmax")) {
            mixture = 0;
        } else if (output.startsWith("logistic_mixture:")) {
            mixture = Integer.parseInt(output.substring("logistic_mixture:".length()));
        } else {
            throw new IllegalArgumentException(file.source() + ": unknown output '" + output + "'");
        }
        int maskCount = file.metaInt("masks", 1, 1 << 16);
        boolean direct = Boolean.parseBoolean(file.meta("direct"));
        Ordering ordering = Ordering.fromLabel(file.meta("ordering"));
        MadeSpec spec = new MadeSpec(width, height, hidden, mixture, direct, ordering, maskCount, 0);

        int d = spec.samples();
        int p = spec.perSample();
        int n = spec.groupWidth();
        int last = hidden[hidden.length - 1];
        int[] order = file.ints("order", d);
        List<MadeMasks> masks = new ArrayList<>();
        for (int i = 0; i < maskCount; i++) {
            int[][] numbers = new int[hidden.length][];
            for (int l = 1; l <= hidden.length; l++) {
                numbers[l - 1] = file.ints("mask" + i + ".m" + l, hidden[l - 1]);
            }
            masks.add(MadeMasks.of(order, numbers));
        }
        Map<String, INDArray> weights = new LinkedHashMap<>();
        int fanIn = d;
        for (int l = 1; l <= hidden.length; l++) {
            float[] w = file.floats("W" + l, hidden[l - 1], fanIn);
            weights.put("W" + l, array(transpose(w, hidden[l - 1], fanIn), fanIn, hidden[l - 1]));
            weights.put("b" + l, Nd4j.create(file.floats("b" + l, hidden[l - 1]), new long[] {hidden[l - 1]}, 'c'));
            fanIn = hidden[l - 1];
        }
        float[] v = file.floats("V", d * p, last);
        float[] c = file.floats("c", d * p);
        float[] a = direct ? file.floats("A", d * p, d) : null;
        String[] groups = MadeGraph.groupNames(spec);
        for (int g = 0; g < groups.length; g++) {
            float[] vg = new float[last * d * n];
            float[] cg = new float[d * n];
            float[] ag = direct ? new float[d * d * n] : null;
            for (int i = 0; i < d; i++) {
                for (int k = 0; k < n; k++) {
                    int row = i * p + g * n + k;
                    int column = i * n + k;
                    for (int h = 0; h < last; h++) {
                        vg[h * d * n + column] = v[row * last + h];
                    }
                    cg[column] = c[row];
                    if (ag != null) {
                        for (int j = 0; j < d; j++) {
                            ag[j * d * n + column] = a[row * d + j];
                        }
                    }
                }
            }
            weights.put("V." + groups[g], array(vg, last, (long) d * n));
            weights.put("c." + groups[g], Nd4j.create(cg, new long[] {(long) d * n}, 'c'));
            if (ag != null) {
                weights.put("A." + groups[g], array(ag, d, (long) d * n));
            }
        }
        return new Loaded(spec, order, masks, weights, file.meta());
    }

    private static float[] floats(INDArray array) {
        return array.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    private static INDArray array(float[] values, long rows, long columns) {
        return Nd4j.create(values, new long[] {rows, columns}, 'c');
    }

    /** [rows, columns] row-major to [columns, rows] row-major. */
    static float[] transpose(float[] m, int rows, int columns) {
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < columns; col++) {
                t[col * rows + r] = m[r * columns + col];
            }
        }
        return t;
    }
}
