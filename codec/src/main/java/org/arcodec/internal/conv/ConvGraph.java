package org.arcodec.internal.conv;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A fully convolutional autoregressive network as a list of nodes in topological order: the
 * single description that the codec's kernels ({@code ConvModel}) evaluate and that the trainer
 * in {@code models} turns into a SameDiff graph. docs/CONVNETS.md defines every op; this class
 * checks the wiring and derives which positions each node depends on, so that a network that
 * would let a pixel see itself or the future is refused when it is built, not found out by a
 * decoder that disagrees with its encoder.
 *
 * <p>Feature maps are [height][width][channels]. Positions outside the image read as 0. Node 0 is
 * the input: the C samples of a pixel as {@code v / 127.5 - 1} followed by a constant 1, so that
 * after zero padding the network can tell the image from its border. The last node gives the
 * head's P parameters per pixel.
 */
public final class ConvGraph {

    /** What a node computes; docs/CONVNETS.md gives each formula. */
    public enum Op {
        /** The image: C scaled samples and a constant 1 (C + 1 channels). */
        INPUT,
        /** Convolution; {@link Node#kind} says which positions its kernel covers. */
        CONV,
        /** out(y, x) = in(y - 1, x). */
        SHIFT_DOWN,
        /** out(y, x) = in(y, x - 1). */
        SHIFT_RIGHT,
        /** Sum of the inputs, in input order; all have the same channels. */
        ADD,
        /** Channels of the inputs one after the other, in input order. */
        CONCAT,
        /** [elu(x), elu(-x)]: twice the input's channels. */
        CONCAT_ELU,
        ELU,
        RELU,
        /** tanh(a) * sigmoid(b), a the first and b the second half of the input's channels. */
        TANH_SIGMOID_GATE,
        /** a * sigmoid(b), a the first and b the second half of the input's channels. */
        SIGMOID_GATE
    }

    /**
     * Which positions a convolution's fh x fw kernel covers around output (y, x). Kernel entry
     * (i, j) reads input position (y + i - top, x + j - left):
     * <pre>
     *   DOWN       top = fh - 1,  left = (fw - 1) / 2  (fw odd)   rows y-fh+1..y, centred columns
     *   DOWN_RIGHT top = fh - 1,  left = fw - 1                   rows y-fh+1..y, columns x-fw+1..x
     *   MASK_A     top = fh / 2,  left = fw / 2  (fh = fw odd)    entries before the centre in raster order
     *   MASK_B     top = fh / 2,  left = fw / 2  (fh = fw odd)    MASK_A and the centre
     * </pre>
     * A 1x1 DOWN convolution is the pointwise ("network in network") layer.
     */
    public enum ConvKind {
        DOWN, DOWN_RIGHT, MASK_A, MASK_B;

        public int top(int fh) {
            return this == DOWN || this == DOWN_RIGHT ? fh - 1 : fh / 2;
        }

        public int left(int fw) {
            return switch (this) {
                case DOWN -> (fw - 1) / 2;
                case DOWN_RIGHT -> fw - 1;
                case MASK_A, MASK_B -> fw / 2;
            };
        }

        /** Whether kernel entry (i, j) is used; masked entries are ignored (and trained as 0). */
        public boolean uses(int fh, int fw, int i, int j) {
            return switch (this) {
                case DOWN, DOWN_RIGHT -> true;
                case MASK_A -> i < fh / 2 || (i == fh / 2 && j < fw / 2);
                case MASK_B -> i < fh / 2 || (i == fh / 2 && j <= fw / 2);
            };
        }
    }

    /**
     * Which positions a node's value at p = (y, x) depends on, from least to most. The order of
     * the constants matters: a pointwise op depends on what the most dependent input does.
     * <ul>
     *   <li>{@code ROWS_ABOVE}: rows before y only. Computed for a whole row when the row starts.
     *   <li>{@code BEFORE}: positions before p in raster order. Computed at p before p's samples
     *       are coded; the head's input must be ROWS_ABOVE or BEFORE.
     *   <li>{@code UP_TO}: positions up to and including p. Computed at p once p is known.
     *   <li>{@code ROW}: all of rows up to y, including columns right of x. Computed for a whole
     *       row when the row ends; only a shift down makes it usable again.
     * </ul>
     */
    public enum Reach {
        ROWS_ABOVE, BEFORE, UP_TO, ROW
    }

    /**
     * One node. For {@link Op#CONV}: {@code kind}, kernel {@code fh} x {@code fw}, and tensors
     * {@code n<id>.w} [fh, fw, in channels, channels] and {@code n<id>.b} [channels]; otherwise
     * kind is null and fh = fw = 0.
     */
    public record Node(int id, Op op, int[] inputs, int channels, ConvKind kind, int fh, int fw, Reach reach) {
        public String weightName() {
            return "n" + id + ".w";
        }

        public String biasName() {
            return "n" + id + ".b";
        }
    }

    private final int imageChannels;
    private final List<Node> nodes;

    private ConvGraph(int imageChannels, List<Node> nodes) {
        this.imageChannels = imageChannels;
        this.nodes = Collections.unmodifiableList(nodes);
    }

    /** C, the samples per pixel the network models. */
    public int imageChannels() {
        return imageChannels;
    }

    /** All nodes, input first, output last, each after its inputs. */
    public List<Node> nodes() {
        return nodes;
    }

    public Node node(int id) {
        return nodes.get(id);
    }

    public Node output() {
        return nodes.get(nodes.size() - 1);
    }

    /** Trainable parameters: every convolution's weights and biases. */
    public long parameterCount() {
        long count = 0;
        for (Node n : nodes) {
            if (n.op() == Op.CONV) {
                count += (long) n.fh() * n.fw() * nodes.get(n.inputs()[0]).channels() * n.channels() + n.channels();
            }
        }
        return count;
    }

    /** Builds a graph node by node; {@link #build} checks that the output is causal. */
    public static final class Builder {
        private final int imageChannels;
        private final List<Node> nodes = new ArrayList<>();

        public Builder(int imageChannels) {
            if (imageChannels < 1 || imageChannels > 4) {
                throw new IllegalArgumentException("image channels must be 1 to 4, got " + imageChannels);
            }
            this.imageChannels = imageChannels;
            nodes.add(new Node(0, Op.INPUT, new int[0], imageChannels + 1, null, 0, 0, Reach.UP_TO));
        }

        /** The input node's id. */
        public int input() {
            return 0;
        }

        public int channels(int node) {
            return nodes.get(node).channels();
        }

        public int conv(ConvKind kind, int fh, int fw, int channels, int in) {
            if (fh < 1 || fw < 1 || fh > 15 || fw > 15) {
                throw new IllegalArgumentException("kernel " + fh + "x" + fw + " out of range 1..15");
            }
            if ((kind == ConvKind.DOWN && fw % 2 == 0)
                    || ((kind == ConvKind.MASK_A || kind == ConvKind.MASK_B) && (fh != fw || fh % 2 == 0))) {
                throw new IllegalArgumentException(kind + " kernel " + fh + "x" + fw + " is not allowed");
            }
            return add(Op.CONV, channels, kind, fh, fw, convReach(kind, fw, reach(in)), in);
        }

        /** A 1x1 convolution. */
        public int pointwise(int channels, int in) {
            return conv(ConvKind.DOWN, 1, 1, channels, in);
        }

        public int shiftDown(int in) {
            return add(Op.SHIFT_DOWN, channels(in), null, 0, 0, Reach.ROWS_ABOVE, in);
        }

        public int shiftRight(int in) {
            Reach r = reach(in) == Reach.ROWS_ABOVE ? Reach.ROWS_ABOVE : reach(in) == Reach.ROW ? Reach.ROW : Reach.BEFORE;
            return add(Op.SHIFT_RIGHT, channels(in), null, 0, 0, r, in);
        }

        public int add(int... in) {
            for (int i : in) {
                if (channels(i) != channels(in[0])) {
                    throw new IllegalArgumentException("ADD of nodes with " + channels(in[0]) + " and " + channels(i)
                            + " channels");
                }
            }
            return add(Op.ADD, channels(in[0]), null, 0, 0, widest(in), in);
        }

        public int concat(int... in) {
            int c = 0;
            for (int i : in) {
                c += channels(i);
            }
            return add(Op.CONCAT, c, null, 0, 0, widest(in), in);
        }

        public int concatElu(int in) {
            return add(Op.CONCAT_ELU, 2 * channels(in), null, 0, 0, reach(in), in);
        }

        public int elu(int in) {
            return add(Op.ELU, channels(in), null, 0, 0, reach(in), in);
        }

        public int relu(int in) {
            return add(Op.RELU, channels(in), null, 0, 0, reach(in), in);
        }

        public int tanhSigmoidGate(int in) {
            return add(Op.TANH_SIGMOID_GATE, half(in), null, 0, 0, reach(in), in);
        }

        public int sigmoidGate(int in) {
            return add(Op.SIGMOID_GATE, half(in), null, 0, 0, reach(in), in);
        }

        /**
         * The graph, with the last node added as its output.
         *
         * @throws IllegalArgumentException when the output may depend on the pixel it predicts
         */
        public ConvGraph build() {
            Node out = nodes.get(nodes.size() - 1);
            if (out.reach() != Reach.ROWS_ABOVE && out.reach() != Reach.BEFORE) {
                throw new IllegalArgumentException("output node " + out.id() + " reaches " + out.reach()
                        + ": it would see the pixel it predicts");
            }
            return new ConvGraph(imageChannels, new ArrayList<>(nodes));
        }

        private Reach reach(int node) {
            return nodes.get(node).reach();
        }

        private int half(int in) {
            if (channels(in) % 2 != 0) {
                throw new IllegalArgumentException("a gate needs an even number of channels, node " + in + " has "
                        + channels(in));
            }
            return channels(in) / 2;
        }

        private Reach widest(int... in) {
            Reach r = Reach.ROWS_ABOVE;
            for (int i : in) {
                if (reach(i).compareTo(r) > 0) {
                    r = reach(i);
                }
            }
            return r;
        }

        private static Reach convReach(ConvKind kind, int fw, Reach in) {
            return switch (kind) {
                case DOWN -> in == Reach.ROWS_ABOVE ? Reach.ROWS_ABOVE : fw == 1 ? in : Reach.ROW;
                case DOWN_RIGHT, MASK_B -> in;
                case MASK_A -> in == Reach.UP_TO ? Reach.BEFORE : in;
            };
        }

        private int add(Op op, int channels, ConvKind kind, int fh, int fw, Reach reach, int... in) {
            for (int i : in) {
                if (i < 0 || i >= nodes.size()) {
                    throw new IllegalArgumentException("node " + nodes.size() + " reads node " + i + ", not built yet");
                }
            }
            if (in.length == 0) {
                throw new IllegalArgumentException(op + " needs an input");
            }
            int id = nodes.size();
            nodes.add(new Node(id, op, in.clone(), channels, kind, fh, fw, reach));
            return id;
        }
    }
}
