package dev.cnnc.compiler.analysis;

/**
 * Receptive field and jump (effective stride) of a value, per axis, from the seed:
 * {@code RF_l = RF_{l−1} + (K_l − 1)·J_{l−1}}, {@code J_l = J_{l−1}·s_l}, {@code RF_0 = J_0 = 1}.
 * Dilated kernels use {@code K_eff}; a transposed conv divides the jump by its stride first.
 * Doubles, because transposed convolutions make jumps fractional ({@link ModelReport} computes
 * them exactly and converts at the end).
 */
public record ReceptiveField(double fieldH, double fieldW, double jumpH, double jumpW) {
    public static final ReceptiveField PIXEL = new ReceptiveField(1, 1, 1, 1);

    public ReceptiveField max(ReceptiveField o) {
        return new ReceptiveField(Math.max(fieldH, o.fieldH), Math.max(fieldW, o.fieldW), Math.max(jumpH, o.jumpH),
                Math.max(jumpW, o.jumpW));
    }

    static String text(double h, double w) {
        return h == w ? number(h) : number(h) + "x" + number(w);
    }

    static String number(double v) {
        if (v == Math.rint(v)) {
            return Long.toString((long) v);
        }
        String s = String.format(java.util.Locale.ROOT, "%.3f", v);
        // 2.0004 prints as 2.000: drop the zeros and then the point, never leaving "2."
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    public String fieldText() {
        return text(fieldH, fieldW);
    }

    public String jumpText() {
        return text(jumpH, jumpW);
    }
}
