package org.arcodec.models.bench;

import org.arcodec.ModelCatalog;

/** Prints the bundled model names, comma-separated: the default model list of the benchmarks. */
public final class ListModels {
    private ListModels() {
    }

    public static void main(String[] args) {
        System.out.println(String.join(",", ModelCatalog.bundled().names()));
    }
}
