package org.arcodec.internal.weights;

import org.arcodec.model.ConditionalStream;
import org.arcodec.model.QuantizedCdf;
import org.arcodec.model.SampleLayout;
import org.arcodec.model.AutoregressiveModel;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Compares a model's conditionals, sequential and batch, with a reference's probability tables:
 * exactly, both the quantised table and the ideal code length of every value.
 */
public final class ReferenceTables {
    private ReferenceTables() {
    }

    /** One step: the sample coded, its cumulative table and every value's ideal bits. */
    public record Step(int sample, int[] cumulative, double[] idealBits) {
        static Step of(int sample, QuantizedCdf cdf) {
            int n = cdf.alphabetSize();
            int[] cumulative = new int[n + 1];
            double[] bits = new double[n];
            for (int v = 0; v <= n; v++) {
                cumulative[v] = cdf.cumulative(v);
            }
            for (int v = 0; v < n; v++) {
                bits[v] = cdf.idealBits(v);
            }
            return new Step(sample, cumulative, bits);
        }
    }

    /** The step of a reference: its sample and probability table, through a QuantizedCdf. */
    public static Step step(int sample, double[] probabilities) {
        QuantizedCdf cdf = new QuantizedCdf();
        cdf.setFromProbabilities(probabilities, probabilities.length);
        return Step.of(sample, cdf);
    }

    /** The step of a reference that codes with an integer edge CDF over the 256 values. */
    public static Step step(int sample, QuantizedCdf.EdgeCdf edges) {
        QuantizedCdf cdf = new QuantizedCdf();
        cdf.setFromEdges(edges, 256);
        return Step.of(sample, cdf);
    }

    public static List<Step> sequential(AutoregressiveModel model, SampleLayout layout, byte[] samples) {
        ConditionalStream stream = model.open(layout);
        QuantizedCdf cdf = new QuantizedCdf();
        List<Step> steps = new ArrayList<>();
        for (int s = 0; s < samples.length; s++) {
            int sample = stream.next(cdf);
            steps.add(Step.of(sample, cdf));
            stream.observe(samples[sample] & 0xFF);
        }
        return steps;
    }

    public static List<Step> batch(AutoregressiveModel model, SampleLayout layout, byte[] samples) {
        List<Step> steps = new ArrayList<>();
        model.open(layout).forEachConditional(samples, new QuantizedCdf(), (sample, cdf) -> steps.add(Step.of(sample, cdf)));
        return steps;
    }

    public static void assertSame(List<Step> expected, List<Step> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int s = 0; s < expected.size(); s++) {
            assertEquals(expected.get(s).sample(), actual.get(s).sample(), what + " step " + s);
            assertArrayEquals(expected.get(s).cumulative(), actual.get(s).cumulative(), what + " step " + s);
            assertArrayEquals(expected.get(s).idealBits(), actual.get(s).idealBits(), 0.0, what + " step " + s);
        }
    }

    /** SHA-256 of every step's sample index and cumulative table, as hex: for golden values. */
    public static String digest(List<Step> steps) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(4 * 258);
            for (Step step : steps) {
                buffer.clear();
                buffer.putInt(step.sample());
                for (int c : step.cumulative()) {
                    buffer.putInt(c);
                }
                sha.update(buffer.array(), 0, buffer.position());
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
