package org.arcodec.models.train;

import org.arcodec.models.made.MadeMasks;
import org.arcodec.models.made.MadeSpec;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A MADE as a SameDiff graph. With several masks (connectivity-agnostic training) the masks are
 * fed as placeholders (0/1 constants, never trained) and multiplied into the weights, so that
 * each minibatch can use another mask. With one mask they are baked in instead: the weights
 * start masked and {@link #applyMasks} zeroes the masked entries again after every update. That
 * trains exactly the same model (Adam works per entry, so the masked entries' gradients never
 * touch the others) and saves the mask product and its gradient, about a quarter of a CPU
 * training step in a profile at batch 500.
 *
 * <pre>
 *   x   [B, D]                     placeholder, v / 127.5 - 1
 *   h_l = relu(h_{l-1} . (W_l * M_l) + b_l)         W_l [H_{l-1}, H_l], h_0 = x
 *   out_g = h_L . (V_g * MV) + c_g  (+ x . (A_g * MA))   V_g [H_L, D * n], g = parameter group
 *   logp [B, D] per-sample log-likelihood (nats);  loss = mean over the batch of -sum logp
 * </pre>
 * Groups g are the mixture logits, means and log-scales (n = K each), or the one softmax group
 * (n = 256). Training keeps weights as [fan-in, fan-out] for {@code mmul}; {@link MadeParameters}
 * converts to the [fan-out, fan-in] layout of docs/WEIGHTS.md.
 */
public final class MadeGraph {
    public static final String INPUT = "x";
    public static final String LOG_PROB = "logp";
    public static final String LOSS = "loss";
    static final String[] MIXTURE_GROUPS = {"logit", "mean", "logscale"};
    static final String[] SOFTMAX_GROUPS = {"softmax"};

    private final MadeSpec spec;
    private final SameDiff sd;

    private MadeGraph(MadeSpec spec, SameDiff sd) {
        this.spec = spec;
        this.sd = sd;
    }

    /** A new graph with freshly initialised weights (seeded by the spec). */
    public static MadeGraph create(MadeSpec spec) {
        SameDiff sd = SameDiff.create();
        build(sd, spec, initialWeights(spec));
        return new MadeGraph(spec, sd);
    }

    /** A graph holding given weights (training layout, see {@link #weights()}). */
    public static MadeGraph withWeights(MadeSpec spec, Map<String, INDArray> weights) {
        SameDiff sd = SameDiff.create();
        build(sd, spec, weights);
        return new MadeGraph(spec, sd);
    }

    /** Wraps a graph loaded from a checkpoint that {@link #create} built. */
    public static MadeGraph wrap(MadeSpec spec, SameDiff loaded) {
        return new MadeGraph(spec, loaded);
    }

    public MadeSpec spec() {
        return spec;
    }

    public SameDiff sameDiff() {
        return sd;
    }

    static String[] groupNames(MadeSpec spec) {
        return spec.softmax() ? SOFTMAX_GROUPS : MIXTURE_GROUPS;
    }

    /** Names of the trainable variables, in a fixed order. */
    public static List<String> variableNames(MadeSpec spec) {
        List<String> names = new ArrayList<>();
        for (int l = 1; l <= spec.hidden().length; l++) {
            names.add("W" + l);
            names.add("b" + l);
        }
        for (String g : groupNames(spec)) {
            names.add("V." + g);
            names.add("c." + g);
            if (spec.direct()) {
                names.add("A." + g);
            }
        }
        return names;
    }

    /** Whether the single mask is baked into the weights rather than fed per minibatch. */
    public static boolean bakedMasks(MadeSpec spec) {
        return spec.masks() == 1;
    }

    /**
     * Placeholder names in the order {@link #feeds} fills them: x, then (unless the masks are
     * baked) the hidden masks, MV and MA.
     */
    public static List<String> placeholderNames(MadeSpec spec) {
        List<String> names = new ArrayList<>();
        names.add(INPUT);
        if (bakedMasks(spec)) {
            return names;
        }
        for (int l = 1; l <= spec.hidden().length; l++) {
            names.add("M" + l);
        }
        names.add("MV");
        if (spec.direct()) {
            names.add("MA");
        }
        return names;
    }

    /** The mask arrays for one mask, in placeholder order after x. */
    public static INDArray[] maskArrays(MadeSpec spec, MadeMasks masks) {
        int[] hidden = spec.hidden();
        int d = spec.samples();
        int n = spec.groupWidth();
        List<INDArray> arrays = new ArrayList<>();
        for (int l = 1; l <= hidden.length; l++) {
            long fanIn = l == 1 ? d : hidden[l - 2];
            arrays.add(Nd4j.create(masks.hiddenMask(l), new long[] {fanIn, hidden[l - 1]}, 'c'));
        }
        arrays.add(Nd4j.create(masks.outputMask(n), new long[] {hidden[hidden.length - 1], (long) d * n}, 'c'));
        if (spec.direct()) {
            arrays.add(Nd4j.create(masks.directMask(n), new long[] {d, (long) d * n}, 'c'));
        }
        return arrays.toArray(new INDArray[0]);
    }

    /** Input and masks as a placeholder map, for {@code output}. */
    public Map<String, INDArray> feeds(INDArray x, INDArray[] masks) {
        Map<String, INDArray> map = new HashMap<>();
        List<String> names = placeholderNames(spec);
        map.put(INPUT, x);
        for (int k = 1; k < names.size(); k++) {
            map.put(names.get(k), masks[k - 1]);
        }
        return map;
    }

    /**
     * Multiplies the mask into the weights in place (baked masks only): W_l by M_l, every V by
     * MV, every A by MA.
     */
    public void applyMasks(INDArray[] masks) {
        if (!bakedMasks(spec)) {
            throw new IllegalStateException("masks are fed per minibatch, not baked");
        }
        int layers = spec.hidden().length;
        for (int l = 1; l <= layers; l++) {
            sd.getVariable("W" + l).getArr().muli(masks[l - 1]);
        }
        for (String g : groupNames(spec)) {
            sd.getVariable("V." + g).getArr().muli(masks[layers]);
            if (spec.direct()) {
                sd.getVariable("A." + g).getArr().muli(masks[layers + 1]);
            }
        }
    }

    /** Per-sample log-likelihoods (nats), [B, D], of a batch under one mask. */
    public INDArray logProb(INDArray x, INDArray[] masks) {
        return sd.output(feeds(x, masks), LOG_PROB).get(LOG_PROB);
    }

    /** The current trainable weights in training layout, by variable name (views, not copies). */
    public Map<String, INDArray> weights() {
        Map<String, INDArray> map = new LinkedHashMap<>();
        for (String name : variableNames(spec)) {
            map.put(name, sd.getVariable(name).getArr());
        }
        return map;
    }

    private static void build(SameDiff sd, MadeSpec spec, Map<String, INDArray> weights) {
        int d = spec.samples();
        int[] hidden = spec.hidden();
        int n = spec.groupWidth();

        boolean baked = bakedMasks(spec);
        SDVariable x = sd.placeHolder(INPUT, DataType.FLOAT, -1, d);
        SDVariable h = x;
        for (int l = 1; l <= hidden.length; l++) {
            long fanIn = l == 1 ? d : hidden[l - 2];
            SDVariable w = sd.var("W" + l, weights.get("W" + l));
            SDVariable b = sd.var("b" + l, weights.get("b" + l));
            if (!baked) {
                w = w.mul(sd.placeHolder("M" + l, DataType.FLOAT, fanIn, hidden[l - 1]));
            }
            h = sd.nn().relu(h.mmul(w).add(b), 0);
        }
        SDVariable outputMask = baked ? null : sd.placeHolder("MV", DataType.FLOAT, hidden[hidden.length - 1], (long) d * n);
        SDVariable directMask = baked || !spec.direct() ? null : sd.placeHolder("MA", DataType.FLOAT, d, (long) d * n);

        List<SDVariable> groups = new ArrayList<>();
        for (String g : groupNames(spec)) {
            SDVariable v = sd.var("V." + g, weights.get("V." + g));
            SDVariable c = sd.var("c." + g, weights.get("c." + g));
            SDVariable out = h.mmul(baked ? v : v.mul(outputMask)).add(c);
            if (spec.direct()) {
                SDVariable a = sd.var("A." + g, weights.get("A." + g));
                out = out.add(x.mmul(baked ? a : a.mul(directMask)));
            }
            groups.add(out.reshape(-1, d, n));                                 // [B, D, n]
        }
        SDVariable logp = spec.softmax()
                ? LogisticMixtureLoss.softmax(sd, x, groups.get(0))
                : LogisticMixtureLoss.logistic(sd, x, groups.get(0), groups.get(1), groups.get(2), n);
        logp = logp.rename(LOG_PROB);
        SDVariable loss = logp.sum(1).mean(0).neg().rename(LOSS);
        sd.setLossVariables(loss);
    }

    /**
     * Initial weights: He-normal for hidden layers, small output weights, and output biases that
     * start the mixture components spread over [-0.8, 0.8] with scale e^-2 (softmax: zeros).
     */
    static Map<String, INDArray> initialWeights(MadeSpec spec) {
        Random random = new Random(spec.seed() * 31 + 7);
        Map<String, INDArray> w = new LinkedHashMap<>();
        int d = spec.samples();
        int[] hidden = spec.hidden();
        int n = spec.groupWidth();
        long fanIn = d;
        for (int l = 1; l <= hidden.length; l++) {
            w.put("W" + l, gaussian(random, fanIn, hidden[l - 1], Math.sqrt(2.0 / fanIn)));
            w.put("b" + l, Nd4j.zeros(DataType.FLOAT, hidden[l - 1]));
            fanIn = hidden[l - 1];
        }
        for (String g : groupNames(spec)) {
            w.put("V." + g, gaussian(random, fanIn, (long) d * n, 0.1 / Math.sqrt(fanIn)));
            float[] bias = new float[d * n];
            for (int i = 0; i < d; i++) {
                for (int k = 0; k < n; k++) {
                    bias[i * n + k] = switch (g) {
                        case "mean" -> n == 1 ? 0f : (float) (-0.8 + 1.6 * k / (n - 1));
                        case "logscale" -> -2f;
                        default -> 0f;
                    };
                }
            }
            w.put("c." + g, Nd4j.create(bias, new long[] {(long) d * n}, 'c'));
            if (spec.direct()) {
                w.put("A." + g, gaussian(random, d, (long) d * n, 0.1 / Math.sqrt(d)));
            }
        }
        return w;
    }

    private static INDArray gaussian(Random random, long rows, long columns, double std) {
        float[] values = new float[Math.toIntExact(rows * columns)];
        for (int k = 0; k < values.length; k++) {
            values[k] = (float) (random.nextGaussian() * std);
        }
        return Nd4j.create(values, new long[] {rows, columns}, 'c');
    }
}
