package org.arcodec.internal.nn;

import org.arcodec.model.SampleLayout;

/** The layout check of models that code one image shape only (MADE, NADE). */
public final class FixedLayout {
    private FixedLayout() {
    }

    /** Why a model for {@code fixed} cannot code {@code requested}, or null when they are equal. */
    public static String mismatch(String model, SampleLayout fixed, SampleLayout requested) {
        if (requested.equals(fixed)) {
            return null;
        }
        return "model " + model + " codes only " + describe(fixed) + ", not " + describe(requested);
    }

    private static String describe(SampleLayout layout) {
        return layout.width() + "x" + layout.height() + " images with " + layout.channels() + " channel"
                + (layout.channels() == 1 ? "" : "s") + " of " + layout.alphabetSize() + " values";
    }
}
