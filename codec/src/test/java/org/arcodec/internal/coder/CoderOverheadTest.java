package org.arcodec.internal.coder;

import org.arcodec.internal.coder.CoderOverhead.Measurement;
import org.arcodec.internal.coder.CoderOverhead.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coder's size requirement: on 10^6 symbols drawn from peaked distributions with entropy
 * from 0.5 to 6 bits, the coded size is within 0.01% of the ideal sum of -log2 q(symbol)
 * under the quantised tables, plus at most 8 bytes. {@link CoderOverheadReport} prints the
 * same measurements.
 */
class CoderOverheadTest {

    static Stream<Arguments> distributions() {
        return Arrays.stream(Shape.values()).flatMap(shape ->
                Arrays.stream(CoderOverhead.TARGET_ENTROPIES).mapToObj(h -> Arguments.of(shape, h)));
    }

    @ParameterizedTest(name = "{0}, {1} bits")
    @MethodSource("distributions")
    void codedSizeIsWithinTheBoundOfTheIdeal(Shape shape, double targetEntropy) {
        Measurement m = CoderOverhead.measure(shape, targetEntropy, CoderOverhead.SYMBOLS,
                CoderOverhead.seed(shape, targetEntropy));
        String row = String.format("%s at %.1f bits: entropy %.4f, ideal %.2f bytes, coded %d bytes",
                shape.label(), targetEntropy, m.entropyBits(), m.idealBytes(), m.codedBytes());
        assertTrue(m.decodedExactly(), row + ": the stream did not decode to the symbols coded");
        assertEquals(targetEntropy, m.entropyBits(), 0.02, row + ": the distributions miss their entropy");
        assertEquals(targetEntropy, m.idealBytes() * 8 / m.symbols(), 0.05, row + ": the sample strays from the tables");
        assertTrue(m.codedBytes() <= m.allowedBytes(),
                row + ": over the allowed " + m.allowedBytes() + " bytes");
    }
}
