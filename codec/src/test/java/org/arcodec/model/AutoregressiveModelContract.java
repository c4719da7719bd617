package org.arcodec.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What every {@link AutoregressiveModel} must satisfy: it is causal (a sample's conditional
 * never depends on that sample or on later ones), and its batch path gives the sequential
 * path's tables bit for bit. A model's test subclasses this and names the model and layouts.
 */
public abstract class AutoregressiveModelContract {

    protected abstract AutoregressiveModel model();

    /** Layouts to test, including 1x1 and odd sizes. */
    protected abstract List<SampleLayout> layouts();

    /** One coded step: the sample index and the full cumulative table. */
    record StepTable(int sampleIndex, int[] cumulative) {
    }

    @Test
    void changingASampleNeverChangesEarlierConditionals() {
        SplittableRandom random = new SplittableRandom(20261121);
        for (SampleLayout layout : layouts()) {
            byte[] samples = randomSamples(layout, random);
            List<StepTable> base = sequential(layout, samples);
            for (int trial = 0; trial < 8; trial++) {
                int step = random.nextInt(base.size());
                byte[] changed = samples.clone();
                int index = base.get(step).sampleIndex();
                changed[index] = (byte) ((changed[index] + 1 + random.nextInt(layout.alphabetSize() - 1))
                        % layout.alphabetSize());
                List<StepTable> after = sequential(layout, changed);
                for (int s = 0; s <= step; s++) {
                    assertEquals(base.get(s).sampleIndex(), after.get(s).sampleIndex(), layout + " step " + s);
                    assertArrayEquals(base.get(s).cumulative(), after.get(s).cumulative(),
                            layout + ": changing the sample of step " + step + " changed the conditional of step " + s);
                }
            }
        }
    }

    @Test
    void batchPathEqualsSequentialPath() {
        SplittableRandom random = new SplittableRandom(7);
        for (SampleLayout layout : layouts()) {
            byte[] samples = randomSamples(layout, random);
            List<StepTable> batch = new ArrayList<>();
            model().open(layout).forEachConditional(samples, new QuantizedCdf(),
                    (index, cdf) -> batch.add(new StepTable(index, table(cdf))));
            List<StepTable> sequential = sequential(layout, samples);
            assertEquals(sequential.size(), batch.size(), layout.toString());
            for (int s = 0; s < batch.size(); s++) {
                assertEquals(sequential.get(s).sampleIndex(), batch.get(s).sampleIndex(), layout + " step " + s);
                assertArrayEquals(sequential.get(s).cumulative(), batch.get(s).cumulative(), layout + " step " + s);
            }
        }
    }

    @Test
    void everySampleIsCodedExactlyOnce() {
        for (SampleLayout layout : layouts()) {
            byte[] samples = randomSamples(layout, new SplittableRandom(3));
            boolean[] seen = new boolean[samples.length];
            for (StepTable step : sequential(layout, samples)) {
                assertEquals(false, seen[step.sampleIndex()], layout + " codes sample " + step.sampleIndex() + " twice");
                seen[step.sampleIndex()] = true;
            }
            for (int i = 0; i < seen.length; i++) {
                assertEquals(true, seen[i], layout + " never codes sample " + i);
            }
        }
    }

    private List<StepTable> sequential(SampleLayout layout, byte[] samples) {
        ConditionalStream stream = model().open(layout);
        QuantizedCdf cdf = new QuantizedCdf();
        List<StepTable> steps = new ArrayList<>(samples.length);
        for (int i = 0; i < samples.length; i++) {
            int index = stream.next(cdf);
            steps.add(new StepTable(index, table(cdf)));
            stream.observe(samples[index] & 0xFF);
        }
        return steps;
    }

    private static int[] table(QuantizedCdf cdf) {
        int[] table = new int[cdf.alphabetSize() + 1];
        for (int s = 0; s <= cdf.alphabetSize(); s++) {
            table[s] = cdf.cumulative(s);
        }
        return table;
    }

    private static byte[] randomSamples(SampleLayout layout, SplittableRandom random) {
        byte[] samples = new byte[(int) layout.samples()];
        // Mostly a few values, so an adaptive model's state actually moves.
        int common = random.nextInt(layout.alphabetSize());
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(layout.alphabetSize()) : common);
        }
        return samples;
    }

    protected static List<SampleLayout> standardLayouts(int alphabet) {
        return Arrays.asList(
                new SampleLayout(1, 1, 1, alphabet),
                new SampleLayout(5, 3, 1, alphabet),
                new SampleLayout(4, 4, 3, alphabet),
                new SampleLayout(7, 2, 4, alphabet));
    }
}
