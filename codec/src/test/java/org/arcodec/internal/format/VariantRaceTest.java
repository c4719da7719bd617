package org.arcodec.internal.format;

import org.arcodec.model.QuantizedCdf;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VariantRaceTest {
    private static QuantizedCdf[] cdfs(int n) {
        QuantizedCdf[] cdfs = new QuantizedCdf[n];
        for (int v = 0; v < n; v++) {
            cdfs[v] = new QuantizedCdf();
        }
        return cdfs;
    }

    @Test
    void aVariantStopsAtTheFirstRowEndWhereItIsFarBehindTheLeader() {
        double[] bits = new double[3];
        VariantRace race = new VariantRace(3, 4, v -> bits[v]);
        QuantizedCdf[] cdfs = cdfs(3);
        double perSample = 100;
        int stoppedAt = -1;
        for (int sample = 1; sample <= 6000; sample++) {
            bits[0] += perSample;
            bits[1] += perSample * 1.009;   // within the 1% margin: runs to the end
            bits[2] += perSample * 1.02;
            boolean rowEnd = race.sampleDone(cdfs);
            assertEquals(sample % 4 == 0, rowEnd, "sample " + sample);
            if (stoppedAt < 0 && !race.running(2)) {
                stoppedAt = sample;
            }
        }
        // Variant 2 falls behind by 2 bits a sample; MIN_BITS is the larger bound here.
        double lead = VariantRace.MIN_BITS / (perSample * 0.02);   // samples until the lead passes MIN_BITS
        int expected = (int) (Math.floor(lead / 4) + 1) * 4;         // the first row end after that
        assertEquals(expected, stoppedAt);
        assertTrue(race.running(0));
        assertTrue(race.running(1));
        assertNull(cdfs[2]);
        assertNotNull(cdfs[1]);
        assertEquals(6000, race.samples());
    }

    @Test
    void variantZerosConditionalIsNeverNulledSinceTheStreamItselfComputesIt() {
        VariantRace race = new VariantRace(2, 1, v -> v == 0 ? 1e6 : 1);
        QuantizedCdf[] cdfs = cdfs(2);
        race.sampleDone(cdfs);
        assertFalse(race.running(0));
        assertTrue(race.running(1));
        assertNotNull(cdfs[0]);
    }
}
