package dev.cnnc.compiler.ops;

/**
 * How an op moves over space, for receptive-field analysis: its effective (dilated) kernel
 * and stride per axis. {@link #POINTWISE} keeps the field and jump; {@link #GLOBAL} makes a
 * value see the whole input; {@link #TRANSPOSED} divides the jump by the stride.
 */
public record Window(Kind kind, int kernelH, int kernelW, int strideH, int strideW) {

    public enum Kind { POINTWISE, SLIDING, TRANSPOSED, GLOBAL }

    public static final Window POINTWISE = new Window(Kind.POINTWISE, 1, 1, 1, 1);
    public static final Window GLOBAL = new Window(Kind.GLOBAL, 1, 1, 1, 1);

    public static Window sliding(int kh, int kw, int sh, int sw) {
        return new Window(Kind.SLIDING, kh, kw, sh, sw);
    }

    public static Window transposed(int kh, int kw, int sh, int sw) {
        return new Window(Kind.TRANSPOSED, kh, kw, sh, sw);
    }
}
