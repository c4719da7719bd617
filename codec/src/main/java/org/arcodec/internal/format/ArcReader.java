package org.arcodec.internal.format;

import org.arcodec.ArcInfo;
import org.arcodec.ModelCatalog;
import org.arcodec.ProgressListener;
import org.arcodec.RasterImage;

public final class ArcReader {
    private ArcReader() {
    }

    public static RasterImage read(byte[] arc, ModelCatalog models, ProgressListener progress) {
        throw new UnsupportedOperationException("in progress");
    }

    public static ArcInfo inspect(byte[] arc) {
        throw new UnsupportedOperationException("in progress");
    }
}
