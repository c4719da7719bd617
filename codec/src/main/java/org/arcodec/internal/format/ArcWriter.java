package org.arcodec.internal.format;

import org.arcodec.Compressed;
import org.arcodec.ProgressListener;
import org.arcodec.RasterImage;
import org.arcodec.model.AutoregressiveModel;

public final class ArcWriter {
    private ArcWriter() {
    }

    public static Compressed write(RasterImage image, AutoregressiveModel model, ProgressListener progress) {
        throw new UnsupportedOperationException("in progress");
    }
}
