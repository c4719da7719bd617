package org.arcodec;

import org.arcodec.internal.composite.AlphaSplitModel;
import org.arcodec.internal.histogram.AdaptiveHistogramModel;
import org.arcodec.internal.weights.NetworkLoader;
import org.arcodec.internal.weights.WeightFile;
import org.arcodec.model.AutoregressiveModel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Supplier;

/**
 * The models a codec can code with, by name. Models load lazily, on first use.
 *
 * <p>Bundled models are the histogram model, then every weight file ({@code .arcm}, docs/WEIGHTS.md)
 * listed in a {@value #MODELS_INDEX} resource on the class path: one resource path per line,
 * blank lines and lines starting with {@code #} ignored, the lists of all jars merged. Listing
 * reads only each file's meta (name and description); the weights load when the model is first
 * asked for.
 *
 * <p>For any model X of the catalog, {@code X+alpha} codes images with alpha: the alpha plane with
 * the histogram, then the colour with X. The bundled photograph models' are listed; any other
 * such name resolves on request ({@link #contains}, {@link #get}).
 */
public final class ModelCatalog {
    /**
     * The model {@code compress} uses when none is named and no bundled photograph model codes the
     * image's layout ({@link #defaultModelFor}); it codes every layout.
     */
    public static final String DEFAULT_MODEL = AdaptiveHistogramModel.NAME;
    /** The default for 8-bit RGB images, when bundled. */
    public static final String PHOTO_RGB_MODEL = "pixelcnnpp-photo";
    /**
     * The second model {@code compress} tries on 8-bit RGB images, when bundled: the same network
     * fine-tuned on the photographs downscaled by 3 only, which suits pictures of web sizes.
     */
    public static final String PHOTO_RGB_DOWNSCALED_MODEL = "pixelcnnpp-photo-downscaled";
    /** The default for 8-bit grayscale images, when bundled. */
    public static final String PHOTO_GRAY_MODEL = "pixelcnnpp-photo-gray";
    /** Class path resource(s) listing the bundled weight files. */
    public static final String MODELS_INDEX = "META-INF/arcodec/models.index";

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

    /** The models that ship with arcodec, found through this class's class loader. */
    public static ModelCatalog bundled() {
        ClassLoader loader = ModelCatalog.class.getClassLoader();
        return bundled(loader != null ? loader : ClassLoader.getSystemClassLoader());
    }

    /**
     * The histogram model and the weight files that {@code loader}'s {@value #MODELS_INDEX}
     * resources list.
     *
     * @throws ArcodecException when an index lists a missing or unreadable resource, or two
     *                          models of one name
     */
    public static ModelCatalog bundled(ClassLoader loader) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        entries.put(AdaptiveHistogramModel.NAME, new Entry(AdaptiveHistogramModel.DESCRIPTION, AdaptiveHistogramModel::new));
        for (String resource : indexedResources(loader)) {
            SortedMap<String, String> meta;
            try (InputStream in = open(loader, resource)) {
                meta = WeightFile.readMeta(in, resource);
            } catch (IOException e) {
                throw new ArcodecException(resource + ": cannot read bundled model: " + e.getMessage(), e);
            }
            String name = NetworkLoader.name(meta, resource);
            if (entries.containsKey(name)) {
                throw new ArcodecException(resource + ": a bundled model named '" + name + "' is already listed");
            }
            entries.put(name, new Entry(NetworkLoader.description(meta), () -> loadResource(loader, resource, name)));
        }
        for (String photo : List.of(PHOTO_RGB_MODEL, PHOTO_RGB_DOWNSCALED_MODEL, PHOTO_GRAY_MODEL)) {
            Entry colour = entries.get(photo);
            if (colour != null) {
                entries.put(photo + AlphaSplitModel.SUFFIX, new Entry("alpha plane by the histogram, then the colour by "
                        + photo, () -> new AlphaSplitModel(colour.model())));
            }
        }
        return new ModelCatalog(entries);
    }

    /**
     * Loads the model in a weight file.
     *
     * @throws ArcodecException when the file cannot be read or is not a valid model
     */
    public static AutoregressiveModel load(Path file) {
        return NetworkLoader.load(WeightFile.read(file));
    }

    /** This catalog plus {@code model}, which replaces any model of the same name. */
    public ModelCatalog with(AutoregressiveModel model) {
        return with(model, "loaded from file");
    }

    /**
     * This catalog plus the model in a weight file, which replaces any model of the same name.
     * The file is read and checked now.
     *
     * @throws ArcodecException when the file cannot be read or is not a valid model
     */
    public ModelCatalog withFile(Path file) {
        WeightFile weights = WeightFile.read(file);
        AutoregressiveModel model = NetworkLoader.load(weights);
        return with(model, NetworkLoader.description(weights.meta()) + " (" + file + ")");
    }

    private ModelCatalog with(AutoregressiveModel model, String description) {
        Map<String, Entry> copy = new LinkedHashMap<>(entries);
        copy.put(model.name(), new Entry(description, () -> model));
        return new ModelCatalog(copy);
    }

    /**
     * The model {@code compress} uses for {@code image} when none is named, or the first of several
     * ({@link #defaultModelsFor}): {@value #PHOTO_RGB_MODEL} for 8-bit RGB and {@value #PHOTO_GRAY_MODEL}
     * for 8-bit gray where this catalog has them, with {@code +alpha} for RGBA and gray+alpha, else
     * {@value #DEFAULT_MODEL} (palettes, samples of fewer than 8 bits).
     */
    public String defaultModelFor(RasterImage image) {
        return defaultModelsFor(image).get(0);
    }

    /**
     * The models {@code compress} tries on {@code image} when none is named, keeping the smallest
     * file ({@link Arcodec#compressSmallest}): {@link #defaultModelFor} first, then, for 8-bit RGB
     * and RGBA, {@value #PHOTO_RGB_DOWNSCALED_MODEL} (with {@code +alpha} for RGBA) where this
     * catalog has it.
     */
    public List<String> defaultModelsFor(RasterImage image) {
        List<String> colour = image.bitDepth() != 8 ? List.of() : switch (image.colorType()) {
            case RGB, RGBA -> List.of(PHOTO_RGB_MODEL, PHOTO_RGB_DOWNSCALED_MODEL);
            case GRAY, GRAY_ALPHA -> List.of(PHOTO_GRAY_MODEL);
            case PALETTE -> List.of();
        };
        String suffix = switch (image.colorType()) {
            case RGBA, GRAY_ALPHA -> AlphaSplitModel.SUFFIX;
            default -> "";
        };
        List<String> names = new ArrayList<>();
        for (String name : colour) {
            if (entries.containsKey(name + suffix)) {
                names.add(name + suffix);
            }
        }
        return names.isEmpty() ? List.of(DEFAULT_MODEL) : List.copyOf(names);
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
     * @throws ArcodecException when the catalog has no such model, or its weights cannot be loaded
     */
    public AutoregressiveModel get(String name) {
        Entry entry = entries.get(name);
        if (entry != null) {
            return entry.model();
        }
        Entry colour = alphaSplitBase(name);
        if (colour == null) {
            throw new ArcodecException("unknown model '" + name + "'; available: " + String.join(", ", names()));
        }
        return new AlphaSplitModel(colour.model());
    }

    /** Whether {@link #get} knows {@code name}: a listed model, or {@code X+alpha} for a listed X. */
    public boolean contains(String name) {
        return entries.containsKey(name) || alphaSplitBase(name) != null;
    }

    private Entry alphaSplitBase(String name) {
        if (!name.endsWith(AlphaSplitModel.SUFFIX)) {
            return null;
        }
        String base = name.substring(0, name.length() - AlphaSplitModel.SUFFIX.length());
        return base.endsWith(AlphaSplitModel.SUFFIX) || base.equals(DEFAULT_MODEL) ? null : entries.get(base);
    }

    /** Resource paths from every index on the class path, first occurrence kept. */
    private static Set<String> indexedResources(ClassLoader loader) {
        Set<String> resources = new LinkedHashSet<>();
        try {
            Enumeration<URL> indexes = loader.getResources(MODELS_INDEX);
            while (indexes.hasMoreElements()) {
                URL index = indexes.nextElement();
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(index.openStream(), StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        String path = line.strip();
                        if (!path.isEmpty() && !path.startsWith("#")) {
                            resources.add(path.startsWith("/") ? path.substring(1) : path);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new ArcodecException("cannot read " + MODELS_INDEX + ": " + e.getMessage(), e);
        }
        return resources;
    }

    private static InputStream open(ClassLoader loader, String resource) {
        InputStream in = loader.getResourceAsStream(resource);
        if (in == null) {
            throw new ArcodecException(MODELS_INDEX + " lists " + resource + ", which is not on the class path");
        }
        return in;
    }

    private static AutoregressiveModel loadResource(ClassLoader loader, String resource, String name) {
        WeightFile weights;
        try (InputStream in = open(loader, resource)) {
            weights = WeightFile.read(in, resource);
        } catch (IOException e) {
            throw new ArcodecException(resource + ": cannot read bundled model: " + e.getMessage(), e);
        }
        AutoregressiveModel model = NetworkLoader.load(weights);
        if (!model.name().equals(name)) {
            throw new ArcodecException(resource + ": model name changed from '" + name + "' to '" + model.name() + "'");
        }
        return model;
    }
}
