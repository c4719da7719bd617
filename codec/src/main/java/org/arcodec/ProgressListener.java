package org.arcodec;

/** Told how far coding has got; called from the coding thread, at most once per image row. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total) -> { };

    /** {@code done} of {@code total} samples have been coded. */
    void progress(long done, long total);
}
