package org.arcodec.internal.coder;

import org.arcodec.internal.coder.CoderOverhead.Measurement;
import org.arcodec.model.QuantizedCdf;

import java.util.Locale;

/**
 * Prints the range coder's measured overhead over the ideal code length, the figures that
 * {@link CoderOverheadTest} checks. Run it from the repository root with
 * <pre>
 * mvn -q -pl codec test-compile exec:java -Dexec.mainClass=org.arcodec.internal.coder.CoderOverheadReport -Dexec.classpathScope=test
 * </pre>
 * ({@code exec:java} resolves to the newest exec-maven-plugin; write
 * {@code org.codehaus.mojo:exec-maven-plugin:3.5.0:java} instead to pin it.) Ideal bytes are
 * the sum over coded symbols of -log2 of their quantised probability, over 8. Throws if a row
 * fails to decode or exceeds the allowed size.
 */
public final class CoderOverheadReport {
    private CoderOverheadReport() {
    }

    public static void main(String[] args) {
        System.out.printf(Locale.ROOT, "Range coder overhead: %d-bit frequencies, %d-symbol alphabet, %d tables per row"
                        + " (centres %.1f to %.1f), symbols drawn from the quantised tables.%n",
                QuantizedCdf.PRECISION_BITS, CoderOverhead.ALPHABET, CoderOverhead.TABLES,
                CoderOverhead.centre(0), CoderOverhead.centre(CoderOverhead.TABLES - 1));
        System.out.printf(Locale.ROOT, "Allowed: coded <= ideal * (1 + %.0e) + %d bytes.%n%n",
                CoderOverhead.RELATIVE_SLACK, CoderOverhead.SLACK_BYTES);
        String header = String.format(Locale.ROOT, "%-9s %9s %9s %14s %12s %10s %12s %9s %7s",
                "shape", "entropy", "symbols", "ideal bytes", "coded bytes", "overhead", "overhead %", "allowed", "check");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        boolean allPass = true;
        for (Measurement m : CoderOverhead.standardMeasurements()) {
            boolean pass = m.decodedExactly() && m.codedBytes() <= m.allowedBytes();
            allPass &= pass;
            System.out.printf(Locale.ROOT, "%-9s %9.4f %9d %14.2f %12d %10.2f %11.6f%% %9.2f %7s%n",
                    m.shape().label(), m.entropyBits(), m.symbols(), m.idealBytes(), m.codedBytes(),
                    m.overheadBytes(), m.overheadPercent(), m.allowedBytes() - m.idealBytes(),
                    !m.decodedExactly() ? "DECODE" : pass ? "ok" : "OVER");
        }
        System.out.println();
        System.out.println("entropy: mean bits per symbol of the exact tables used; overhead and allowed: bytes over ideal.");
        if (!allPass) {
            throw new IllegalStateException("a measurement failed its check");
        }
    }
}
