package org.arcodec.internal.format;

import org.arcodec.ProgressListener;
import org.arcodec.internal.coder.RangeDecoder;
import org.arcodec.model.ConditionalStream;
import org.arcodec.model.QuantizedCdf;
import org.arcodec.model.SampleLayout;

/**
 * The decoder's loop: asks the model for each conditional in its order, lets the range decoder
 * pick the symbol, and tells the model. Restoring a file and drawing a sample (random bits in
 * place of a payload) are the same loop.
 */
final class PayloadDecoder {
    private PayloadDecoder() {
    }

    static byte[] decode(RangeDecoder decoder, ConditionalStream stream, SampleLayout layout,
                         ProgressListener progress) {
        int total = (int) layout.samples();
        int samplesPerRow = layout.width() * layout.channels();
        int alphabet = layout.alphabetSize();
        byte[] samples = new byte[total];
        QuantizedCdf cdf = new QuantizedCdf();
        for (int i = 0; i < total; i++) {
            int index = stream.next(cdf);
            if (cdf.alphabetSize() != alphabet) {
                throw new IllegalStateException("model gave a distribution over " + cdf.alphabetSize()
                        + " symbols for samples with " + alphabet + " values");
            }
            int symbol = cdf.symbolFor(decoder.target());
            decoder.consume(cdf.cumulative(symbol), cdf.frequency(symbol));
            samples[index] = (byte) symbol;
            stream.observe(symbol);
            if ((i + 1) % samplesPerRow == 0) {
                progress.progress(i + 1, total);
            }
        }
        return samples;
    }
}
