package org.arcodec.internal.conv;

import org.arcodec.internal.conv.ConvGraph.ConvKind;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * The convolutional architectures, each built as a {@link ConvGraph} from four numbers: image
 * channels C, feature channels F, depth L and head parameters P per pixel. A weight file names
 * one by its {@code graph} meta value; docs/CONVNETS.md draws them.
 */
public enum ConvArchitecture {

    /**
     * PixelCNN (van den Oord et al. 2016): a 7x7 mask-A convolution, then L residual blocks
     * {@code h + pointwise(relu(maskB3x3(relu(h))))}, then relu, pointwise F, relu, pointwise P.
     * Stacked masked convolutions leave the blind spot up and to the right; it is kept as the
     * baseline.
     */
    PIXELCNN {
        @Override
        ConvGraph build(int c, int f, int depth, int params) {
            ConvGraph.Builder g = new ConvGraph.Builder(c);
            int h = g.conv(ConvKind.MASK_A, 7, 7, f, g.input());
            for (int l = 0; l < depth; l++) {
                int t = g.conv(ConvKind.MASK_B, 3, 3, f, g.relu(h));
                t = g.pointwise(f, g.relu(t));
                h = g.add(h, t);
            }
            int t = g.relu(g.pointwise(f, g.relu(h)));
            g.pointwise(params, t);
            return g.build();
        }
    },

    /**
     * Gated PixelCNN (van den Oord et al. 2016, conditional PixelCNN paper) with the blind spot
     * removed by two stacks. The vertical stack v sees the rows above (its first layer is
     * shifted down a row); the horizontal stack h sees the current row to the left and v, never
     * the other way round:
     * <pre>
     *   v = shiftDown(down2x3(x))                         h = shiftRight(downRight1x3(x))
     *   per layer:  vp = down2x3(v)           [2F]        hp = downRight1x2(h) + pointwise(vp)   [2F]
     *               v  = tanh(vp_a) sigmoid(vp_b)          h  = h + pointwise(tanh(hp_a) sigmoid(hp_b))
     *   out = pointwise P (relu (pointwise F (relu h)))
     * </pre>
     */
    GATED_PIXELCNN {
        @Override
        ConvGraph build(int c, int f, int depth, int params) {
            ConvGraph.Builder g = new ConvGraph.Builder(c);
            int v = g.shiftDown(g.conv(ConvKind.DOWN, 2, 3, f, g.input()));
            int h = g.shiftRight(g.conv(ConvKind.DOWN_RIGHT, 1, 3, f, g.input()));
            for (int l = 0; l < depth; l++) {
                int vp = g.conv(ConvKind.DOWN, 2, 3, 2 * f, v);
                int hp = g.add(g.conv(ConvKind.DOWN_RIGHT, 1, 2, 2 * f, h), g.pointwise(2 * f, vp));
                v = g.tanhSigmoidGate(vp);
                h = g.add(h, g.pointwise(f, g.tanhSigmoidGate(hp)));
            }
            int t = g.relu(g.pointwise(f, g.relu(h)));
            g.pointwise(params, t);
            return g.build();
        }
    },

    /**
     * PixelCNN++ (Salimans et al. 2017) at one resolution: the down and up sampling of the paper
     * are left out, so every activation is computed once per pixel. Streams u (rows above) and
     * ul (rows above and left), gated residual blocks, and the u-net style skip connections
     * between an up pass and a down pass of L blocks each:
     * <pre>
     *   u  = shiftDown(down2x3(x))
     *   ul = shiftDown(down1x3(x)) + shiftRight(downRight2x1(x))
     *   up pass, L times:   u = res(u, down2x3);               ul = res(ul, downRight2x2, u)        (both saved)
     *   down pass, L times: u = res(u, down2x3, saved u);      ul = res(ul, downRight2x2, [u, saved ul])
     *   out = pointwise P (elu ul)
     *   res(x, conv, a) = x + t_a sigmoid(t_b),  t = conv'(concatElu(conv(concatElu x) + pointwise(concatElu a)))  [conv' gives 2F]
     * </pre>
     */
    PIXELCNN_PP {
        @Override
        ConvGraph build(int c, int f, int depth, int params) {
            ConvGraph.Builder g = new ConvGraph.Builder(c);
            int u = g.shiftDown(g.conv(ConvKind.DOWN, 2, 3, f, g.input()));
            int ul = g.add(g.shiftDown(g.conv(ConvKind.DOWN, 1, 3, f, g.input())),
                    g.shiftRight(g.conv(ConvKind.DOWN_RIGHT, 2, 1, f, g.input())));
            Deque<Integer> savedU = new ArrayDeque<>();
            Deque<Integer> savedUl = new ArrayDeque<>();
            for (int l = 0; l < depth; l++) {
                u = gatedResidual(g, u, ConvKind.DOWN, 2, 3, -1);
                ul = gatedResidual(g, ul, ConvKind.DOWN_RIGHT, 2, 2, u);
                savedU.push(u);
                savedUl.push(ul);
            }
            for (int l = 0; l < depth; l++) {
                u = gatedResidual(g, u, ConvKind.DOWN, 2, 3, savedU.pop());
                ul = gatedResidual(g, ul, ConvKind.DOWN_RIGHT, 2, 2, g.concat(u, savedUl.pop()));
            }
            g.pointwise(params, g.elu(ul));
            return g.build();
        }

        private int gatedResidual(ConvGraph.Builder g, int x, ConvKind kind, int fh, int fw, int a) {
            int f = g.channels(x);
            int t = g.conv(kind, fh, fw, f, g.concatElu(x));
            if (a >= 0) {
                t = g.add(t, g.pointwise(f, g.concatElu(a)));
            }
            t = g.conv(kind, fh, fw, 2 * f, g.concatElu(t));
            return g.add(x, g.sigmoidGate(t));
        }
    };

    /**
     * The network for C image channels, F features, depth L (residual blocks, gated layers, or
     * blocks per pass) and P head parameters per pixel.
     */
    abstract ConvGraph build(int channels, int features, int depth, int params);

    /** Checks the numbers, then builds. */
    public ConvGraph graph(int channels, int features, int depth, int params) {
        if (features < 1 || features > 1024 || depth < 0 || depth > 64 || params < 1 || params > 4096) {
            throw new IllegalArgumentException(label() + ": features " + features + ", depth " + depth + ", params "
                    + params + " out of range (1..1024, 0..64, 1..4096)");
        }
        return build(channels, features, depth, params);
    }

    /** The {@code graph} meta value: pixelcnn, gated_pixelcnn, pixelcnn_pp. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ConvArchitecture fromLabel(String label) {
        for (ConvArchitecture a : values()) {
            if (a.label().equals(label)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown graph '" + label + "'; known: pixelcnn, gated_pixelcnn, pixelcnn_pp");
    }
}
