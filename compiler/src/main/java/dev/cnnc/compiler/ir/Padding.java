package dev.cnnc.compiler.ir;

/**
 * Spatial padding as written: {@code valid}, {@code same}, {@code full} or explicit amounts.
 * {@link #resolve} turns it into top/bottom/left/right amounts for a given input.
 */
public record Padding(Mode mode, int height, int width) {

    public enum Mode { VALID, SAME, FULL, EXPLICIT }

    public static final Padding VALID = new Padding(Mode.VALID, 0, 0);

    public static Padding explicit(int h, int w) {
        return new Padding(Mode.EXPLICIT, h, w);
    }

    /** Resolved amounts {@code [top, bottom, left, right]}. */
    public int[] resolve(int inH, int inW, int effKH, int effKW, int strideH, int strideW) {
        switch (mode) {
            case VALID:
                return new int[] {0, 0, 0, 0};
            case FULL:
                return new int[] {effKH - 1, effKH - 1, effKW - 1, effKW - 1};
            case SAME: {
                // TensorFlow/Keras rule, which equals PyTorch's padding='same' at stride 1:
                // the output is ceil(in / stride) and the odd pixel of padding goes to the end.
                int outH = (int) ((inH + strideH - 1L) / strideH);
                int outW = (int) ((inW + strideW - 1L) / strideW);
                int totalH = (int) Math.min(Integer.MAX_VALUE, Math.max((outH - 1L) * strideH + effKH - inH, 0));
                int totalW = (int) Math.min(Integer.MAX_VALUE, Math.max((outW - 1L) * strideW + effKW - inW, 0));
                return new int[] {totalH / 2, totalH - totalH / 2, totalW / 2, totalW - totalW / 2};
            }
            default:
                return new int[] {height, height, width, width};
        }
    }

    @Override
    public String toString() {
        return mode == Mode.EXPLICIT ? (height == width ? Integer.toString(height) : height + "x" + width)
                : mode.name().toLowerCase(java.util.Locale.ROOT);
    }
}
