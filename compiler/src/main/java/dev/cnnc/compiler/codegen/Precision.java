package dev.cnnc.compiler.codegen;

/** The floating-point type kernels compute in: fp32 by default, fp64 for tight gradient checks. */
public enum Precision {
    FP32("float", 4),
    FP64("double", 8);

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

    public int bytes() {
        return bytes;
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
        return this == FP32 ? s + "f" : s;
    }
}
