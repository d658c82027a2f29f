package dev.cnnc.compiler.codegen;

/**
 * The floating-point type kernels compute in, and how activations are stored: fp32 by default,
 * fp64 for tight gradient checks, and mixed (PyTorch AMP's): fp32 arithmetic, fp32 parameters,
 * gradients of parameters and optimizer state, with the activations and their gradients stored as
 * fp16 between layers ({@link Lowering}'s half storage).
 */
public enum Precision {
    FP32("float", 4),
    FP64("double", 8),
    MIXED("float", 4);

    private final String cType;
    private final int bytes;

    Precision(String cType, int bytes) {
        this.cType = cType;
        this.bytes = bytes;
    }

    /** The OpenCL C type, {@code float} or {@code double}. */
    public String cType() {
        return cType;
    }

    /** The bytes of one {@code real}: kernels' scalars, parameters, their gradients. */
    public int bytes() {
        return bytes;
    }

    /** Whether activations and their gradients are stored as fp16 (mixed precision). */
    public boolean halfStorage() {
        return this == MIXED;
    }

    /** The bytes of one stored activation or activation gradient: 2 in mixed precision, else {@link #bytes}. */
    public int activationBytes() {
        return halfStorage() ? 2 : bytes;
    }

    /** The word users write: fp32, fp64 or mixed. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A literal of this type: {@code 0.5f} or {@code 0.5}. */
    public String literal(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("not a finite constant: " + v);
        }
        String s = Double.toString(v);
        if (s.contains("E")) {
            s = s.replace("E", "e");
        }
        if (!s.contains(".") && !s.contains("e")) {
            s = s + ".0";
        }
        return this == FP64 ? s : s + "f";
    }
}
