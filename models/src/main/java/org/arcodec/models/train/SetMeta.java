package org.arcodec.models.train;

import org.arcodec.internal.weights.WeightFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Copies a weight file with some meta values set or replaced (tensors unchanged), for the keys
 * meant for people ({@code train_command}, {@code description}, ...). The digest changes.
 *
 * <pre>
 * ... -Dexec.mainClass=org.arcodec.models.train.SetMeta -Dexec.args="IN.arcm OUT.arcm key=value ..."
 * </pre>
 */
public final class SetMeta {
    private SetMeta() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: SetMeta IN.arcm OUT.arcm [key=value ...]");
        }
        WeightFile in = WeightFile.read(Path.of(args[0]));
        WeightFile.Builder out = WeightFile.builder();
        for (Map.Entry<String, String> e : in.meta().entrySet()) {
            out.meta(e.getKey(), e.getValue());
        }
        for (int k = 2; k < args.length; k++) {
            int eq = args[k].indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("not key=value: " + args[k]);
            }
            out.meta(args[k].substring(0, eq), args[k].substring(eq + 1));
        }
        for (String name : in.tensorNames()) {
            if (isInt(in, name)) {
                out.ints(name, in.dims(name), in.ints(name));
            } else {
                out.floats(name, in.dims(name), in.floats(name));
            }
        }
        out.write(Path.of(args[1]));
    }

    private static boolean isInt(WeightFile file, String name) {
        try {
            file.ints(name);
            return true;
        } catch (org.arcodec.ArcodecException floatTensor) {
            return false;
        }
    }
}
