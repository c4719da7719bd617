package org.arcodec.internal.weights;

import org.arcodec.ArcodecException;
import org.arcodec.internal.conv.ConvArchitecture;
import org.arcodec.internal.conv.ConvGraph;
import org.arcodec.internal.conv.ConvModel;
import org.arcodec.internal.made.MadeModel;
import org.arcodec.internal.nade.NadeModel;
import org.arcodec.internal.nn.OutputHead;
import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.SampleLayout;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Builds the model a weight file describes, by its {@code arch} meta value (docs/WEIGHTS.md):
 * checks every meta value and tensor shape it needs, that {@code order} is a permutation, that
 * connectivity numbers are in range and that weights are finite, and names the file and the
 * problem when one is not.
 */
public final class NetworkLoader {
    /** The {@code arch} values this codec evaluates. */
    public static final String MADE = "made";
    public static final String NADE = "nade";
    public static final String CONV = "conv";
    /** Longest model name a container can store (FORMAT.md). */
    static final int MAX_NAME_LENGTH = 64;
    /** Image size limits of fixed-size models: generous for MADE and NADE, which are dense in D. */
    static final int MAX_SIDE = 1 << 14;
    static final int MAX_CHANNELS = 4;
    static final int MAX_LAYERS = 16;
    static final int MAX_MASKS = 1024;
    /** Cap on MADE's connection lists (ints), which grow as D times the widest layer. */
    static final long MAX_CONNECTION_ENTRIES = 1L << 28;

    private NetworkLoader() {
    }

    /**
     * The model of a weight file.
     *
     * @throws ArcodecException when the file names an unknown arch or its contents do not fit it
     */
    public static AutoregressiveModel load(WeightFile file) {
        String arch = file.meta("arch");
        return switch (arch) {
            case MADE -> made(file);
            case NADE -> nade(file);
            case CONV -> conv(file);
            default -> throw new ArcodecException(file.source() + ": unknown arch '" + arch + "'; this codec knows "
                    + MADE + ", " + NADE + ", " + CONV);
        };
    }

    /**
     * The model name in a file's meta, checked as a container stores it: 1 to 64 printable ASCII
     * characters.
     */
    public static String name(Map<String, String> meta, String source) {
        String name = meta.get("name");
        if (name == null) {
            throw new ArcodecException(source + ": weight file has no meta key 'name'");
        }
        boolean printable = !name.isEmpty() && name.length() <= MAX_NAME_LENGTH;
        for (int i = 0; printable && i < name.length(); i++) {
            printable = name.charAt(i) >= 0x21 && name.charAt(i) <= 0x7E;
        }
        if (!printable) {
            throw new ArcodecException(source + ": model name '" + name + "' must be 1 to " + MAX_NAME_LENGTH
                    + " printable ASCII characters without spaces");
        }
        return name;
    }

    /**
     * One line about a model for listings: its {@code description} meta value, or one made of
     * arch, shape, size and output.
     */
    public static String description(Map<String, String> meta) {
        String given = meta.get("description");
        if (given != null && !given.isBlank()) {
            return given;
        }
        StringBuilder s = new StringBuilder(meta.getOrDefault("arch", "?"));
        if (CONV.equals(meta.get("arch"))) {
            s.append(' ').append(meta.getOrDefault("graph", "?")).append(", ").append(meta.getOrDefault("channels", "?"))
                    .append(" channel(s), features ").append(meta.getOrDefault("features", "?")).append(", depth ")
                    .append(meta.getOrDefault("depth", "?")).append(", ").append(meta.getOrDefault("output", "?"));
            return s.toString();
        }
        s.append(' ').append(meta.getOrDefault("width", "?")).append('x').append(meta.getOrDefault("height", "?"))
                .append('x').append(meta.getOrDefault("channels", "?"));
        if (meta.containsKey("hidden")) {
            s.append(", hidden ").append(meta.get("hidden"));
        }
        if (meta.containsKey("masks")) {
            s.append(", ").append(meta.get("masks")).append(" mask(s)");
        }
        if (meta.containsKey("output")) {
            s.append(", ").append(meta.get("output"));
        }
        return s.toString();
    }

    /** What MADE and NADE share: name, shape, head and order. */
    private record Common(String name, SampleLayout layout, int inputs, OutputHead head, int params, int[] order) {
        static Common of(WeightFile file) {
            String name = NetworkLoader.name(file.meta(), file.source());
            int width = file.metaInt("width", 1, MAX_SIDE);
            int height = file.metaInt("height", 1, MAX_SIDE);
            int channels = file.metaInt("channels", 1, MAX_CHANNELS);
            long samples = (long) width * height * channels;
            if (samples < 2) {
                throw new ArcodecException(file.source() + ": a model needs at least 2 samples per image, got "
                        + width + "x" + height + "x" + channels);
            }
            OutputHead head;
            try {
                head = OutputHead.parse(file.meta("output"));
            } catch (IllegalArgumentException e) {
                throw new ArcodecException(file.source() + ": " + e.getMessage());
            }
            int inputs = (int) samples;
            int[] order = file.ints("order", inputs);
            boolean[] seen = new boolean[inputs];
            for (int s = 0; s < inputs; s++) {
                int i = order[s];
                if (i < 0 || i >= inputs || seen[i]) {
                    throw new ArcodecException(file.source() + ": tensor 'order' is not a permutation of 0.."
                            + (inputs - 1) + ": entry " + s + " is " + i);
                }
                seen[i] = true;
            }
            return new Common(name, new SampleLayout(width, height, channels, OutputHead.VALUES), inputs, head,
                    head.parameters(), order);
        }

        /** D * P, the rows of V and c. */
        int outputRows(WeightFile file) {
            return checkedSize(file, (long) inputs * params, "D*P");
        }
    }

    private static AutoregressiveModel made(WeightFile file) {
        Common common = Common.of(file);
        int[] sizes = hiddenSizes(file, file.meta("hidden"));
        int maskCount = file.metaInt("masks", 1, MAX_MASKS);
        boolean direct = bool(file, "direct");
        int d = common.inputs();
        int rows = common.outputRows(file);
        int layers = sizes.length;
        float[][] weights = new float[layers][];
        float[][] biases = new float[layers][];
        for (int l = 0; l < layers; l++) {
            int fanIn = l == 0 ? d : sizes[l - 1];
            checkedSize(file, (long) sizes[l] * fanIn, "W" + (l + 1));
            weights[l] = finite(file, "W" + (l + 1), sizes[l], fanIn);
            biases[l] = finite(file, "b" + (l + 1), sizes[l]);
        }
        checkedSize(file, (long) rows * sizes[layers - 1], "V");
        float[] v = finite(file, "V", rows, sizes[layers - 1]);
        float[] c = finite(file, "c", rows);
        float[] a = null;
        if (direct) {
            checkedSize(file, (long) rows * d, "A");
            a = finite(file, "A", rows, d);
        } else if (file.hasTensor("A")) {
            throw new ArcodecException(file.source() + ": tensor 'A' is present but meta direct=false");
        }
        long entries = (long) d * d / 2;
        int[][][] numbers = new int[maskCount][layers][];
        for (int i = 0; i < maskCount; i++) {
            for (int l = 0; l < layers; l++) {
                String tensor = "mask" + i + ".m" + (l + 1);
                int[] m = file.ints(tensor, sizes[l]);
                for (int j = 0; j < m.length; j++) {
                    if (m[j] < 1 || m[j] > d - 1) {
                        throw new ArcodecException(file.source() + ": tensor '" + tensor + "' entry " + j + " is "
                                + m[j] + ", outside 1.." + (d - 1));
                    }
                }
                numbers[i][l] = m;
                entries += (long) d * sizes[l];
            }
        }
        if (entries > MAX_CONNECTION_ENTRIES) {
            throw new ArcodecException(file.source() + ": MADE of " + d + " inputs, hidden " + file.meta("hidden")
                    + " and " + maskCount + " masks is too large for this codec's inference");
        }
        return new MadeModel(common.name(), file.sha256(), common.layout(), common.head(), common.order(),
                weights, biases, numbers, v, c, a);
    }

    private static AutoregressiveModel nade(WeightFile file) {
        Common common = Common.of(file);
        int hidden = file.metaInt("hidden", 1, Integer.MAX_VALUE);
        int d = common.inputs();
        int rows = common.outputRows(file);
        checkedSize(file, (long) hidden * d, "W");
        checkedSize(file, (long) rows * hidden, "V");
        float[] w = finite(file, "W", hidden, d);
        float[] b = finite(file, "b", hidden);
        float[] v = finite(file, "V", rows, hidden);
        float[] c = finite(file, "c", rows);
        return new NadeModel(common.name(), file.sha256(), common.layout(), common.head(), common.order(), w, b, v, c);
    }

    /**
     * A convolutional model (docs/CONVNETS.md): meta graph, channels, features, depth and output
     * give the graph; every CONV node needs its two tensors, and the file may hold no others.
     */
    private static AutoregressiveModel conv(WeightFile file) {
        String name = name(file.meta(), file.source());
        int channels = file.metaInt("channels", 1, 3);
        if (channels == 2) {
            throw new ArcodecException(file.source() + ": meta 'channels' must be 1 or 3, got 2");
        }
        int features = file.metaInt("features", 1, 1024);
        int depth = file.metaInt("depth", 0, 64);
        ConvGraph graph;
        OutputHead head;
        try {
            ConvArchitecture architecture = ConvArchitecture.fromLabel(file.meta("graph"));
            head = OutputHead.parse(file.meta("output"));
            graph = architecture.graph(channels, features, depth, ConvModel.headParameters(channels, head));
        } catch (IllegalArgumentException e) {
            throw new ArcodecException(file.source() + ": " + e.getMessage());
        }
        int count = graph.nodes().size();
        float[][] weights = new float[count][];
        float[][] biases = new float[count][];
        Set<String> expected = new HashSet<>();
        for (ConvGraph.Node n : graph.nodes()) {
            if (n.op() != ConvGraph.Op.CONV) {
                continue;
            }
            int cin = graph.node(n.inputs()[0]).channels();
            checkedSize(file, (long) n.fh() * n.fw() * cin * n.channels(), n.weightName());
            weights[n.id()] = finite(file, n.weightName(), n.fh(), n.fw(), cin, n.channels());
            biases[n.id()] = finite(file, n.biasName(), n.channels());
            expected.add(n.weightName());
            expected.add(n.biasName());
        }
        for (String tensor : file.tensorNames()) {
            if (!expected.contains(tensor)) {
                throw new ArcodecException(file.source() + ": tensor '" + tensor + "' is not part of the "
                        + file.meta("graph") + " graph with features=" + features + ", depth=" + depth);
            }
        }
        return new ConvModel(name, file.sha256(), graph, head, weights, biases);
    }

    private static int[] hiddenSizes(WeightFile file, String hidden) {
        String[] parts = hidden.split(",", -1);
        if (parts.length > MAX_LAYERS) {
            throw new ArcodecException(file.source() + ": meta hidden=" + hidden + " has more than " + MAX_LAYERS
                    + " layers");
        }
        int[] sizes = new int[parts.length];
        for (int l = 0; l < parts.length; l++) {
            try {
                sizes[l] = Integer.parseInt(parts[l].trim());
            } catch (NumberFormatException e) {
                sizes[l] = 0;
            }
            if (sizes[l] < 1) {
                throw new ArcodecException(file.source() + ": meta hidden=" + hidden
                        + " must list positive layer sizes, such as 500,500");
            }
        }
        return sizes;
    }

    private static boolean bool(WeightFile file, String key) {
        String value = file.meta(key);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ArcodecException(file.source() + ": meta " + key + " must be true or false, got '"
                    + value + "'");
        };
    }

    /** A size that must fit an int, or the file's model is too large to hold in an array. */
    private static int checkedSize(WeightFile file, long size, String what) {
        if (size > Integer.MAX_VALUE - 8) {
            throw new ArcodecException(file.source() + ": " + what + " has " + size + " entries, too many for this codec");
        }
        return (int) size;
    }

    private static float[] finite(WeightFile file, String name, int... dims) {
        float[] values = file.floats(name, dims);
        for (int k = 0; k < values.length; k++) {
            if (!Float.isFinite(values[k])) {
                throw new ArcodecException(file.source() + ": tensor '" + name + "' entry " + k + " is " + values[k]);
            }
        }
        return values;
    }
}
