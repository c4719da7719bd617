package org.arcodec;

import org.arcodec.internal.histogram.AdaptiveHistogramModel;
import org.arcodec.model.AutoregressiveModel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The models a codec can code with, by name. Models load lazily, on first use.
 */
public final class ModelCatalog {
    /** The model {@code compress} uses when none is named. */
    public static final String DEFAULT_MODEL = AdaptiveHistogramModel.NAME;

    private final Map<String, Entry> entries;

    /** A model and how to load it; loads at most once. */
    private static final class Entry {
        private final String description;
        private final Supplier<AutoregressiveModel> loader;
        private AutoregressiveModel model;

        Entry(String description, Supplier<AutoregressiveModel> loader) {
            this.description = description;
            this.loader = loader;
        }

        String description() {
            return description;
        }

        synchronized AutoregressiveModel model() {
            if (model == null) {
                model = loader.get();
            }
            return model;
        }
    }

    private ModelCatalog(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /** The models that ship with arcodec. */
    public static ModelCatalog bundled() {
        Map<String, Entry> entries = new LinkedHashMap<>();
        entries.put(AdaptiveHistogramModel.NAME, new Entry(AdaptiveHistogramModel.DESCRIPTION, AdaptiveHistogramModel::new));
        return new ModelCatalog(entries);
    }

    /** This catalog plus {@code model}, which replaces any model of the same name. */
    public ModelCatalog with(AutoregressiveModel model) {
        Map<String, Entry> copy = new LinkedHashMap<>(entries);
        copy.put(model.name(), new Entry("loaded from file", () -> model));
        return new ModelCatalog(copy);
    }

    /** Names of the models, in the order they were added. */
    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(entries.keySet()));
    }

    /** One line about the named model, or null when there is none. */
    public String description(String name) {
        Entry entry = entries.get(name);
        return entry == null ? null : entry.description();
    }

    /**
     * The named model.
     *
     * @throws ArcodecException when the catalog has no such model
     */
    public AutoregressiveModel get(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new ArcodecException("unknown model '" + name + "'; available: " + String.join(", ", names()));
        }
        return entry.model();
    }
}
