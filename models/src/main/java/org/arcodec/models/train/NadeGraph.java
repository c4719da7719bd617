package org.arcodec.models.train;

import org.arcodec.internal.weights.WeightFile;
import org.arcodec.models.made.Ordering;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A NADE (Larochelle and Murray 2011) with real-valued outputs, as a SameDiff graph. The input
 * arrives in coding order ({@code xs[:, s] = x[:, order[s]]}), and a second time transposed for
 * the hidden layer, so every tensor below is indexed by step s:
 * <pre>
 *   xs  [B, D]     placeholder;   xt [D, B, 1] the same values, step-major
 *   a   [D, B, H] = b + exclusive cumsum over s of xt[s] . W[s]           W [D, 1, H]
 *   h   = sigmoid(a)                                                      (a_0 = b)
 *   out_g [B, D, n] = h[s] . V_g[s] + c_g[s]     (matmuls batched over s)  V_g [D, H, n]
 * </pre>
 * The step-major layout makes the per-step outer products and output layers batched matrix
 * products, whose gradients are far cheaper on the CPU than those of a broadcast product.
 * Groups g are the mixture logits, means and log-scales (n = K), or the 256 softmax logits.
 * {@link #export} converts to docs/WEIGHTS.md, where W is [H, D] indexed by sample and V is
 * [D * P, H] with rows {@code i*P .. i*P+P-1} for sample i.
 */
final class NadeGraph {
    static final String INPUT = "xs";
    static final String INPUT_STEPS = "xt";
    static final String LOG_PROB = "logp";
    static final String LOSS = "loss";

    final int width;
    final int height;
    final int hidden;
    /** Mixture components, or 0 for a 256-way softmax. */
    final int mixture;
    final Ordering ordering;
    final int[] order;
    private final SameDiff sd;

    private NadeGraph(int width, int height, int hidden, int mixture, Ordering ordering, int[] order, SameDiff sd) {
        this.width = width;
        this.height = height;
        this.hidden = hidden;
        this.mixture = mixture;
        this.ordering = ordering;
        this.order = order;
        this.sd = sd;
    }

    /** A new graph with initial weights drawn from {@code seed}, or one loaded from a checkpoint. */
    static NadeGraph create(int width, int height, int hidden, int mixture, Ordering ordering, long seed,
                            SameDiff loaded) {
        NadeGraph g = new NadeGraph(width, height, hidden, mixture, ordering, ordering.order(width, height, seed),
                loaded == null ? SameDiff.create() : loaded);
        if (loaded == null) {
            g.build(g.initialWeights(seed));
        }
        return g;
    }

    /** The graph of a NADE weight file (the inverse of {@link #export}). */
    static NadeGraph fromWeightFile(WeightFile file) {
        if (!"nade".equals(file.meta("arch"))) {
            throw new IllegalArgumentException(file.source() + ": not a NADE (arch=" + file.meta("arch") + ")");
        }
        int width = file.metaInt("width", 1, 1 << 12);
        int height = file.metaInt("height", 1, 1 << 12);
        int hidden = file.metaInt("hidden", 1, 1 << 20);
        String output = file.meta("output");
        int mixture = output.equals("softmax") ? 0 : Integer.parseInt(output.substring("logistic_mixture:".length()));
        int d = width * height;
        int[] order = file.ints("order", d);
        Ordering.steps(order);
        NadeGraph g = new NadeGraph(width, height, hidden, mixture, Ordering.fromLabel(file.meta("ordering", "raster")),
                order, SameDiff.create());
        int n = g.groupWidth();
        int p = g.perSample();
        float[] w = file.floats("W", hidden, d);
        float[] ws = new float[d * hidden];
        for (int s = 0; s < d; s++) {
            for (int k = 0; k < hidden; k++) {
                ws[s * hidden + k] = w[k * d + order[s]];
            }
        }
        Map<String, INDArray> weights = new LinkedHashMap<>();
        weights.put("W", Nd4j.create(ws, new long[] {d, 1, hidden}, 'c'));
        weights.put("b", Nd4j.create(file.floats("b", hidden), new long[] {hidden}, 'c'));
        float[] v = file.floats("V", d * p, hidden);
        float[] c = file.floats("c", d * p);
        String[] groups = g.groups();
        for (int q = 0; q < groups.length; q++) {
            float[] vg = new float[d * hidden * n];
            float[] cg = new float[d * n];
            for (int s = 0; s < d; s++) {
                int i = order[s];
                for (int j = 0; j < n; j++) {
                    int row = i * p + q * n + j;
                    for (int k = 0; k < hidden; k++) {
                        vg[(s * hidden + k) * n + j] = v[row * hidden + k];
                    }
                    cg[s * n + j] = c[row];
                }
            }
            weights.put("V." + groups[q], Nd4j.create(vg, new long[] {d, hidden, n}, 'c'));
            weights.put("c." + groups[q], Nd4j.create(cg, new long[] {d, n}, 'c'));
        }
        g.build(weights);
        return g;
    }

    SameDiff sameDiff() {
        return sd;
    }

    int samples() {
        return width * height;
    }

    String[] groups() {
        return mixture == 0 ? MadeGraph.SOFTMAX_GROUPS : MadeGraph.MIXTURE_GROUPS;
    }

    int groupWidth() {
        return mixture == 0 ? 256 : mixture;
    }

    int perSample() {
        return groups().length * groupWidth();
    }

    long parameterCount() {
        long d = samples();
        return d * hidden + hidden + d * perSample() * hidden + d * perSample();
    }

    String outputLabel() {
        return mixture == 0 ? "softmax" : "logistic_mixture:" + mixture;
    }

    /**
     * The placeholder arrays for a batch in raster order ([B, D]): xs [B, D] in coding order and
     * xt [D, B, 1], the same values step-major.
     */
    INDArray[] features(INDArray raster) {
        float[] x = raster.dup('c').data().asFloat();
        int d = samples();
        int b = x.length / d;
        float[] steps = new float[x.length];
        float[] stepMajor = new float[x.length];
        for (int r = 0; r < b; r++) {
            for (int s = 0; s < d; s++) {
                float v = x[r * d + order[s]];
                steps[r * d + s] = v;
                stepMajor[s * b + r] = v;
            }
        }
        return new INDArray[] {Nd4j.create(steps, new long[] {b, d}, 'c'),
                Nd4j.create(stepMajor, new long[] {d, b, 1}, 'c')};
    }

    /** Per-step log-likelihoods (nats), [B, D] in coding order, of a batch in raster order. */
    INDArray logProb(INDArray raster) {
        INDArray[] f = features(raster);
        return sd.output(Map.of(INPUT, f[0], INPUT_STEPS, f[1]), LOG_PROB).get(LOG_PROB);
    }

    private void build(Map<String, INDArray> weights) {
        int d = samples();
        int n = groupWidth();
        SDVariable xs = sd.placeHolder(INPUT, DataType.FLOAT, -1, d);
        SDVariable xt = sd.placeHolder(INPUT_STEPS, DataType.FLOAT, d, -1, 1);
        SDVariable w = sd.var("W", weights.get("W"));                          // [D, 1, H]
        SDVariable b = sd.var("b", weights.get("b"));                          // [H]
        SDVariable contributions = xt.mmul(w);                                 // [D, B, H]
        SDVariable a = sd.cumsum(contributions, true, false, 0).add(b);       // exclusive: a_0 = b
        SDVariable h = sd.nn().sigmoid(a);                                     // [D, B, H]
        List<SDVariable> outputs = new ArrayList<>();
        for (String g : groups()) {
            SDVariable v = sd.var("V." + g, weights.get("V." + g));            // [D, H, n]
            SDVariable c = sd.var("c." + g, weights.get("c." + g));            // [D, n]
            outputs.add(sd.permute(h.mmul(v), 1, 0, 2).add(c));                // [D, B, n] -> [B, D, n]
        }
        SDVariable logp = mixture == 0
                ? LogisticMixtureLoss.softmax(sd, xs, outputs.get(0))
                : LogisticMixtureLoss.logistic(sd, xs, outputs.get(0), outputs.get(1), outputs.get(2), n);
        logp = logp.rename(LOG_PROB);
        SDVariable loss = logp.sum(1).mean(0).neg().rename(LOSS);
        sd.setLossVariables(loss);
    }

    private Map<String, INDArray> initialWeights(long seed) {
        Random random = new Random(seed * 31 + 11);
        int d = samples();
        int n = groupWidth();
        Map<String, INDArray> w = new LinkedHashMap<>();
        w.put("W", gaussian(random, new long[] {d, 1, hidden}, 1.0 / Math.sqrt(d)));
        w.put("b", Nd4j.zeros(DataType.FLOAT, hidden));
        for (String g : groups()) {
            w.put("V." + g, gaussian(random, new long[] {d, hidden, n}, 0.1 / Math.sqrt(hidden)));
            float[] bias = new float[d * n];
            for (int s = 0; s < d; s++) {
                for (int k = 0; k < n; k++) {
                    bias[s * n + k] = switch (g) {
                        case "mean" -> n == 1 ? 0f : (float) (-0.8 + 1.6 * k / (n - 1));
                        case "logscale" -> -2f;
                        default -> 0f;
                    };
                }
            }
            w.put("c." + g, Nd4j.create(bias, new long[] {d, n}, 'c'));
        }
        return w;
    }

    private static INDArray gaussian(Random random, long[] shape, double std) {
        long count = 1;
        for (long s : shape) {
            count *= s;
        }
        float[] values = new float[Math.toIntExact(count)];
        for (int k = 0; k < values.length; k++) {
            values[k] = (float) (random.nextGaussian() * std);
        }
        return Nd4j.create(values, shape, 'c');
    }

    private float[] values(String name) {
        return sd.getVariable(name).getArr().castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    /** The current weights in the layout of docs/WEIGHTS.md, with the architecture meta keys. */
    WeightFile.Builder export() {
        int d = samples();
        int n = groupWidth();
        int p = perSample();
        float[] ws = values("W");                                              // [D(step), 1, H]
        float[] w = new float[hidden * d];                                     // [H, D(sample)]
        for (int s = 0; s < d; s++) {
            for (int k = 0; k < hidden; k++) {
                w[k * d + order[s]] = ws[s * hidden + k];
            }
        }
        float[] v = new float[d * p * hidden];
        float[] c = new float[d * p];
        String[] groups = groups();
        for (int g = 0; g < groups.length; g++) {
            float[] vg = values("V." + groups[g]);                             // [D(step), H, n]
            float[] cg = values("c." + groups[g]);                             // [D(step), n]
            for (int s = 0; s < d; s++) {
                int i = order[s];
                for (int q = 0; q < n; q++) {
                    int row = i * p + g * n + q;
                    for (int k = 0; k < hidden; k++) {
                        v[row * hidden + k] = vg[(s * hidden + k) * n + q];
                    }
                    c[row] = cg[s * n + q];
                }
            }
        }
        return WeightFile.builder()
                .meta("arch", "nade")
                .meta("width", Integer.toString(width))
                .meta("height", Integer.toString(height))
                .meta("channels", "1")
                .meta("hidden", Integer.toString(hidden))
                .meta("ordering", ordering.label())
                .meta("output", outputLabel())
                .ints("order", new int[] {d}, order)
                .floats("W", new int[] {hidden, d}, w)
                .floats("b", new int[] {hidden}, values("b"))
                .floats("V", new int[] {d * p, hidden}, v)
                .floats("c", new int[] {d * p}, c);
    }
}
