package org.arcodec.cli;

import org.arcodec.ModelCatalog;
import org.arcodec.model.AutoregressiveModel;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.nio.file.Files;
import java.nio.file.Path;

/** What {@code --model} names: a bundled model, or a model file of the user's own. */
final class ModelSource {
    private ModelSource() {
    }

    /**
     * The model {@code compress --model nameOrPath} codes with.
     *
     * @throws ParameterException when it is neither a bundled model nor an existing file
     */
    static AutoregressiveModel resolve(ModelCatalog catalog, String nameOrPath, CommandSpec command) {
        if (catalog.contains(nameOrPath)) {
            return catalog.get(nameOrPath);
        }
        Path file = Path.of(nameOrPath);
        if (Files.exists(file)) {
            return load(file);
        }
        throw new ParameterException(command.commandLine(), "unknown model '" + nameOrPath
                + "': not a bundled model (" + String.join(", ", catalog.names()) + ") nor a model file");
    }

    /** The models {@code decompress} may need: the bundled ones, plus the model in {@code file} if given. */
    static ModelCatalog withFile(ModelCatalog catalog, Path file) {
        return file == null ? catalog : catalog.withFile(file);
    }

    private static AutoregressiveModel load(Path file) {
        return ModelCatalog.load(file);
    }
}
