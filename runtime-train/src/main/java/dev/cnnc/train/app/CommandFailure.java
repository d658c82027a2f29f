package dev.cnnc.train.app;

/**
 * A user-facing problem of a command: printed as one message (no stack trace) and ended with
 * {@link #code}: {@value #MODEL_ERROR} for the model, its data or files, {@value #USAGE} for
 * the command line.
 */
public final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public static final int OK = 0;
    public static final int MODEL_ERROR = 1;
    public static final int USAGE = 2;
    public static final int INTERNAL = 70;

    private final int code;

    /** {@code message} null: the details were printed already. */
    public CommandFailure(int code, String message) {
        super(message);
        this.code = code;
    }

    public static CommandFailure usage(String message) {
        return new CommandFailure(USAGE, message);
    }

    public static CommandFailure model(String message) {
        return new CommandFailure(MODEL_ERROR, message);
    }

    public int code() {
        return code;
    }
}
