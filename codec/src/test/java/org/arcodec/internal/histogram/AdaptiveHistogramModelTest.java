package org.arcodec.internal.histogram;

import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.AutoregressiveModelContract;
import org.arcodec.model.ConditionalStream;
import org.arcodec.model.QuantizedCdf;
import org.arcodec.model.SampleLayout;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdaptiveHistogramModelTest extends AutoregressiveModelContract {

    @Override
    protected AutoregressiveModel model() {
        return new AdaptiveHistogramModel();
    }

    @Override
    protected List<SampleLayout> layouts() {
        List<SampleLayout> layouts = new ArrayList<>(standardLayouts(256));
        layouts.addAll(standardLayouts(2));
        layouts.add(new SampleLayout(3, 3, 1, 16));
        return layouts;
    }

    @Test
    void probabilityFollowsTheCounts() {
        SampleLayout layout = new SampleLayout(4, 1, 1, 4);
        ConditionalStream stream = model().open(layout);
        QuantizedCdf cdf = new QuantizedCdf();
        stream.next(cdf);
        assertEquals(2.0, cdf.idealBits(0), 1e-12, "uniform prior over 4 symbols");
        stream.observe(2);
        stream.next(cdf);
        int total = 4 * AdaptiveHistogramModel.PRIOR + AdaptiveHistogramModel.INCREMENT;
        double expected = -Math.log((AdaptiveHistogramModel.PRIOR + AdaptiveHistogramModel.INCREMENT) / (double) total) / Math.log(2);
        assertEquals(expected, cdf.idealBits(2), 1e-12);
        assertTrue(cdf.frequency(2) > 10 * cdf.frequency(0));
    }

    @Test
    void channelsKeepSeparateCounts() {
        SampleLayout layout = new SampleLayout(2, 1, 2, 4);
        ConditionalStream stream = model().open(layout);
        QuantizedCdf cdf = new QuantizedCdf();
        stream.next(cdf);
        stream.observe(3);
        stream.next(cdf);
        assertEquals(2.0, cdf.idealBits(3), 1e-12, "channel 1 has seen nothing yet");
    }
}
