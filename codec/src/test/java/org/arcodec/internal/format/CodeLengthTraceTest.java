package org.arcodec.internal.format;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodeLengthTraceTest {
    private static long setOfFirst(int samples) {
        long set = 0;
        for (int i = 0; i < samples; i++) {
            set = CodeLengthTrace.addSample(set, i);
        }
        return set;
    }

    @Test
    void aPassIsFarBehindOnlyBeyondBothTheMarginAndTheMinimumLead() {
        CodeLengthTrace leader = new CodeLengthTrace(10, 4);
        long set = setOfFirst(12);
        leader.record(3, set, 100_000);
        double limit = 100_000 + Math.max(VariantRace.MARGIN * 100_000, VariantRace.MIN_BITS);
        assertFalse(leader.farAhead(3, set, limit));
        assertTrue(leader.farAhead(3, set, limit + 1));

        leader.record(4, setOfFirst(16), 2_000_000);   // here the 1% margin is the larger bound
        assertFalse(leader.farAhead(4, setOfFirst(16), 2_019_999));
        assertTrue(leader.farAhead(4, setOfFirst(16), 2_020_001));
    }

    @Test
    void passesOverDifferentSamplesAreNeverCompared() {
        CodeLengthTrace leader = new CodeLengthTrace(10, 4);
        leader.record(1, setOfFirst(4), 10);
        long otherSamples = CodeLengthTrace.addSample(setOfFirst(3), 4);
        assertFalse(leader.farAhead(1, otherSamples, 1e9));
        assertTrue(leader.farAhead(1, setOfFirst(4), 1e9));
    }

    @Test
    void theSampleSetHashIgnoresOrderButNotMembership() {
        long forward = CodeLengthTrace.addSample(CodeLengthTrace.addSample(0, 5), 9);
        long backward = CodeLengthTrace.addSample(CodeLengthTrace.addSample(0, 9), 5);
        assertEquals(forward, backward);
        assertNotEquals(forward, CodeLengthTrace.addSample(CodeLengthTrace.addSample(0, 5), 8));
    }

    @Test
    void aTallImageKeepsEvenlySpacedPointsAndIgnoresRowsBetweenThem() {
        int rows = 3 * CodeLengthTrace.MAX_POINTS;
        CodeLengthTrace leader = new CodeLengthTrace(rows, 1);
        leader.record(2, 7, 0);        // between kept points: not kept
        leader.record(3, 7, 0);
        assertTrue(leader.farAhead(3, 7, 1e9));
        assertFalse(leader.farAhead(2, 7, 1e9));
        leader.record(rows, 8, 0);
        assertTrue(leader.farAhead(rows, 8, 1e9));
    }

    @Test
    void passesOfOtherShapesAreNotHeldAgainstEachOther() {
        assertTrue(new CodeLengthTrace(10, 4).sameShape(new CodeLengthTrace(10, 4)));
        assertFalse(new CodeLengthTrace(10, 4).sameShape(new CodeLengthTrace(10, 8)));
        assertFalse(new CodeLengthTrace(10, 4).sameShape(new CodeLengthTrace(5, 4)));
    }
}
