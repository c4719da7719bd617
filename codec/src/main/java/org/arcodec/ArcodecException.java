package org.arcodec;

/**
 * A failure the user can act on: an image the codec cannot represent, a model that is missing
 * or does not match, an unreadable file. The message says what was wrong.
 */
public class ArcodecException extends RuntimeException {
    public ArcodecException(String message) {
        super(message);
    }

    public ArcodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
