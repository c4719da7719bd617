package org.arcodec.cli;

import org.arcodec.ArcodecException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes an output file whole or not at all: into a temporary file in the target's directory,
 * then renamed onto the target. A failure, including an interrupted JVM, leaves neither a
 * partial target nor the temporary file.
 *
 * <p>Without {@code replace}, the temporary file is hard-linked to the target, which fails
 * atomically when the target exists, so a file created by someone else meanwhile is never
 * replaced. Where the file system has no hard links, an existence check just before the rename
 * stands in (with a window for such a race).
 */
final class AtomicOutput {
    /** Hidden, and ends with the target's name so that its extension still selects the format. */
    private static final String TEMP_PREFIX = ".arcodec-";
    private static final int TEMP_NAME_TRIES = 16;

    private AtomicOutput() {
    }

    /** Writes the complete content into the file it is given. */
    @FunctionalInterface
    interface Content {
        void writeTo(Path file) throws IOException;
    }

    static void write(Path target, boolean replace, Content content) throws IOException {
        Path temp = createTemp(target);
        temp.toFile().deleteOnExit();
        try {
            try {
                content.writeTo(temp);
            } catch (ArcodecException e) {
                throw namingTarget(e, temp, target);
            }
            if (replace || !linkWithoutReplacing(temp, target)) {
                refuseExisting(target, replace);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException | RuntimeException | Error failure) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    /**
     * Links {@code target} to the finished temporary file and removes the temporary name.
     *
     * @return false when the file system cannot make hard links
     * @throws ArcodecException when the target exists
     */
    private static boolean linkWithoutReplacing(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            refuseExisting(target, false);
            throw e;
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
        Files.delete(temp);
        return true;
    }

    /** A failure that names the temporary file, reworded to name the target the user asked for. */
    private static ArcodecException namingTarget(ArcodecException failure, Path temp, Path target) {
        String message = failure.getMessage();
        return message.contains(temp.toString())
                ? new ArcodecException(message.replace(temp.toString(), target.toString()), failure)
                : failure;
    }

    /** Fails when {@code target} exists and may not be replaced. */
    static void refuseExisting(Path target, boolean replace) {
        if (!replace && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ArcodecException(target + " already exists; use -f to overwrite it");
        }
    }

    /** A new empty file beside {@code target}, created with the default permissions for new files. */
    private static Path createTemp(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "the output directory does not exist");
        }
        String name = target.getFileName().toString();
        for (int attempt = 0; ; attempt++) {
            String random = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
            try {
                return Files.createFile(dir.resolve(TEMP_PREFIX + random + "-" + name));
            } catch (FileAlreadyExistsException e) {
                if (attempt == TEMP_NAME_TRIES) {
                    throw e;
                }
            }
        }
    }
}
