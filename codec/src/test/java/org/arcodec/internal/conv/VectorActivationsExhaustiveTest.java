package org.arcodec.internal.conv;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

/**
 * {@link VectorActivations} against the scalar definitions on all 2^32 floats (ELU of x and -x, the
 * sigmoid gate of x): minutes on two cores under JDK 25, so not in the default test run. Run it with
 * {@code ./mvnw -B -pl codec test -Dtest=VectorActivationsExhaustiveTest -Darcodec.excludedGroups=none}
 * (add {@code -Djvm=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java} for JDK 25).
 */
@Tag("exhaustive")
class VectorActivationsExhaustiveTest {
    @Test
    void matchesTheDefinitionOnEveryFloat() {
        int chunks = 1 << 14;
        IntStream.range(0, chunks).parallel().forEach(chunk -> {
            float[] xs = new float[1 << 18];
            long from = (long) chunk << 18;
            for (int i = 0; i < xs.length; i++) {
                xs[i] = Float.intBitsToFloat((int) (from + i));
            }
            VectorActivationsTest.check(xs);
        });
    }
}
