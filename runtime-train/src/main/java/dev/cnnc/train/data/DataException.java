package dev.cnnc.train.data;

/**
 * A dataset that cannot be read or used: a missing or malformed file, an unreadable image, an
 * inconsistent folder, or a failure on the data loader's background thread. The message names the
 * file and says what is wrong, so it can be shown to the user as it is.
 */
public final class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
