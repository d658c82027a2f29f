package dev.cnnc.compiler.codegen;

/** Code generation cannot proceed: an op without a kernel, a malformed template. A cnnc bug, not a user error. */
public final class CodegenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CodegenException(String message) {
        super(message);
    }
}
