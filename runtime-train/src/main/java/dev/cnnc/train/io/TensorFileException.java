package dev.cnnc.train.io;

import java.nio.file.Path;

/**
 * A tensor file could not be read or written: it is missing, unreadable, corrupt, or holds
 * something cnnc cannot use. The message starts with the file and, where one tensor is at fault,
 * names it: {@code model.safetensors: tensor 'fc.weight': data_offsets [0, 96] hold 96 bytes, but
 * F32 [10, 84] needs 3360}. Unchecked, like {@link java.io.UncheckedIOException}, because a caller
 * can rarely do more than report it.
 */
public class TensorFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String tensor;
    private final String detail;

    /** A problem with the file as a whole ({@code file} may be null for data not from a file). */
    public TensorFileException(Path file, String detail) {
        this(file, null, detail, null);
    }

    /** A problem with one tensor of the file ({@code tensor} may be null). */
    public TensorFileException(Path file, String tensor, String detail) {
        this(file, tensor, detail, null);
    }

    /** As {@link #TensorFileException(Path, String, String)}, caused by {@code cause}. */
    public TensorFileException(Path file, String tensor, String detail, Throwable cause) {
        super(format(file, tensor, detail), cause);
        this.file = file;
        this.tensor = tensor;
        this.detail = detail;
    }

    /** The file, or null. */
    public Path file() {
        return file;
    }

    /** The tensor at fault, or null when the problem is not one tensor's. */
    public String tensor() {
        return tensor;
    }

    /** The message without the file and tensor prefix. */
    public String detail() {
        return detail;
    }

    private static String format(Path file, String tensor, String detail) {
        StringBuilder b = new StringBuilder();
        if (file != null) {
            b.append(file).append(": ");
        }
        if (tensor != null) {
            b.append("tensor '").append(tensor).append("': ");
        }
        return b.append(detail).toString();
    }
}
