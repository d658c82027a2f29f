package dev.cnnc.train.data;

import dev.cnnc.train.catalog.ComponentSpec;
import dev.cnnc.train.catalog.OptionSpec;
import dev.cnnc.train.catalog.TrainingCatalogs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The augmentation steps of the language's {@code augment: [...]} list, with the names, options,
 * defaults and limits of the {@code augmentation} catalog ({@link TrainingCatalogs#AUGMENTATIONS},
 * which the compiler's checks read too), and the deterministic transforms they draw parameters for.
 *
 * <p>Definitions (all on [C, H, W] images with pixels in [0, 1], before normalization):
 * <ul>
 *   <li>{@code translate(pixels)}: shift by integers (dx, dy), each uniform in [-pixels, pixels];
 *       pixels shifted in are 0.</li>
 *   <li>{@code random_crop(pad)}: pad with zeros by {@code pad} on each side, then crop back to H×W
 *       at a uniform offset (torchvision's {@code RandomCrop(size, padding=pad)}): the same as a
 *       shift by (dx, dy) uniform in [-pad, pad].</li>
 *   <li>{@code hflip(p = 0.5)}, {@code vflip(p = 0.5)}: mirror left-right / top-bottom with
 *       probability p.</li>
 *   <li>{@code rotate(degrees)}: rotation R(θ), θ uniform in [-degrees, degrees], positive
 *       counter-clockwise as displayed (rows going down), about the centre ((W-1)/2, (H-1)/2).</li>
 *   <li>{@code scale(min, max)}: S(s, s) about the centre, s uniform in [min, max].</li>
 *   <li>{@code shear(degrees)}: shear parallel to the x axis by φ uniform in [-degrees, degrees]
 *       (as torchvision's {@code RandomAffine(shear=degrees)}): x' = x + tan φ · (y - cy).</li>
 *   <li>{@code brightness(delta)}: I' = I + β, β uniform in [-delta, delta] (the seed's formula).</li>
 *   <li>{@code contrast(min, max)}: I' = α I, α uniform in [min, max] (the seed's formula, not
 *       torchvision's blend with the mean grey).</li>
 *   <li>{@code saturation(min, max)}: torchvision's: I' = f I + (1 - f) grey, grey = 0.2989 R +
 *       0.587 G + 0.114 B, f uniform in [min, max]; f = 0 gives grey, f = 1 the image. RGB only.</li>
 *   <li>{@code hue(delta)}: torchvision's: RGB → HSV, h' = (h + δ) mod 1 with δ uniform in
 *       [-delta, delta] turns, → RGB. RGB only.</li>
 *   <li>{@code cutout(size, p = 1)}: with probability p, zero a size×size square (all channels)
 *       whose top-left corner is uniform among the places where it fits in the image (clipped to
 *       the image when size exceeds it).</li>
 *   <li>{@code random_erasing(p = 0.5, min_area = 0.02, max_area = 0.33)}: torchvision's
 *       {@code RandomErasing(p, scale=(min_area, max_area), ratio=(0.3, 3.3), value=0)}: with
 *       probability p, up to 10 tries of an area fraction uniform in [min_area, max_area] and an
 *       aspect ratio log-uniform in [0.3, 3.3]; the first rectangle that fits strictly inside is set
 *       to 0; if none fits, nothing changes.</li>
 * </ul>
 * Geometric steps (rotate, scale, shear) sample the source image bilinearly, with 0 outside it.
 * Photometric steps (brightness, contrast, saturation, hue) clamp the result to [0, 1], as
 * torchvision does for float images.
 */
public final class Augmentations {
    private Augmentations() {
    }

    private enum Kind { INT, NUMBER }

    /** One option: its name, kind, default (null: required) and bounds, from the catalog. */
    private record Opt(String name, Kind kind, Double dflt, double lo, boolean loOpen, double hi, boolean hiOpen) {
        static Opt of(OptionSpec o) {
            return new Opt(o.name(), o.type() == OptionSpec.Type.INT ? Kind.INT : Kind.NUMBER,
                    o.defaultValue() == null ? null : o.number(),
                    o.min() == null ? Double.NEGATIVE_INFINITY : o.min(), o.minExclusive(),
                    o.max() == null ? Double.POSITIVE_INFINITY : o.max(), o.maxExclusive());
        }

        String range() {
            boolean hasHi = hi != Double.POSITIVE_INFINITY;
            if (!hasHi) {
                return (loOpen ? "> " : "≥ ") + num(lo);
            }
            return (loOpen ? "(" : "[") + num(lo) + ", " + num(hi) + (hiOpen ? ")" : "]");
        }

        private static String num(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }
    }

    private record Def(String name, List<Opt> opts) {
    }

    /** The catalog's augmentations ({@link TrainingCatalogs#AUGMENTATIONS}), by name, in its order. */
    private static final Map<String, Def> DEFS = new LinkedHashMap<>();

    static {
        for (ComponentSpec c : TrainingCatalogs.AUGMENTATIONS.all()) {
            List<Opt> opts = new ArrayList<>();
            for (OptionSpec o : c.options()) {
                opts.add(Opt.of(o));
            }
            DEFS.put(c.name(), new Def(c.name(), List.copyOf(opts)));
        }
    }

    /** The augmentation names {@link #create} knows, in the catalog's order. */
    public static List<String> names() {
        return List.copyOf(DEFS.keySet());
    }

    /** The option names of augmentation {@code name}, in the catalog's (positional) order. */
    public static List<String> optionNames(String name) {
        Def d = def(name);
        List<String> out = new ArrayList<>();
        for (Opt o : d.opts()) {
            out.add(o.name());
        }
        return out;
    }

    private static Def def(String name) {
        Def d = DEFS.get(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown augmentation '" + name + "'; known: "
                    + String.join(", ", DEFS.keySet()));
        }
        return d;
    }

    /**
     * Builds an augmentation step from its catalog name and options by name (numbers as any
     * {@link Number}; an integer option takes an integral value). Missing options take the
     * catalog's defaults.
     *
     * @throws IllegalArgumentException for an unknown name, an unknown option, a missing required
     *     option, a value of the wrong type or out of the catalog's range, or min > max
     */
    public static Augmentation create(String name, Map<String, ?> options) {
        Def d = def(name);
        Map<String, Double> v = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : options.entrySet()) {
            Opt o = null;
            for (Opt x : d.opts()) {
                if (x.name().equals(e.getKey())) {
                    o = x;
                }
            }
            if (o == null) {
                throw new IllegalArgumentException("augmentation " + name + " has no option '" + e.getKey() + "'; "
                        + (d.opts().isEmpty() ? "it takes none" : "its options: " + String.join(", ", optionNames(name))));
            }
            Object val = e.getValue();
            if (!(val instanceof Number)) {
                throw new IllegalArgumentException("augmentation " + name + ": option " + o.name() + " must be "
                        + (o.kind() == Kind.INT ? "an integer" : "a number") + ", got "
                        + (val == null ? "null" : val + " (" + val.getClass().getSimpleName() + ")"));
            }
            double x = ((Number) val).doubleValue();
            if (o.kind() == Kind.INT && (x != Math.rint(x) || Double.isInfinite(x))) {
                throw new IllegalArgumentException("augmentation " + name + ": option " + o.name()
                        + " must be an integer, got " + val);
            }
            boolean ok = !Double.isNaN(x) && (o.loOpen() ? x > o.lo() : x >= o.lo())
                    && (o.hiOpen() ? x < o.hi() : x <= o.hi());
            if (!ok) {
                throw new IllegalArgumentException("augmentation " + name + ": option " + o.name() + " must be "
                        + o.range() + ", got " + val);
            }
            v.put(o.name(), x);
        }
        for (Opt o : d.opts()) {
            if (!v.containsKey(o.name())) {
                if (o.dflt() == null) {
                    throw new IllegalArgumentException("augmentation " + name + " needs option " + o.name() + " ("
                            + (o.kind() == Kind.INT ? "an integer " : "a number ") + o.range() + ")");
                }
                v.put(o.name(), o.dflt());
            }
        }
        switch (name) {
            case "translate":
                return new Translate(v.get("pixels").intValue());
            case "random_crop":
                return new RandomCrop(v.get("pad").intValue());
            case "hflip":
                return new Flip(true, v.get("p"));
            case "vflip":
                return new Flip(false, v.get("p"));
            case "rotate":
                return new Rotate(v.get("degrees"));
            case "scale":
                return new Scale(ordered(name, v, "min", "max"), v.get("max"));
            case "shear":
                return new Shear(v.get("degrees"));
            case "brightness":
                return new Brightness(v.get("delta"));
            case "contrast":
                return new Contrast(ordered(name, v, "min", "max"), v.get("max"));
            case "saturation":
                return new Saturation(ordered(name, v, "min", "max"), v.get("max"));
            case "hue":
                return new Hue(v.get("delta"));
            case "cutout":
                return new Cutout(v.get("size").intValue(), v.get("p"));
            case "random_erasing":
                return new RandomErasing(v.get("p"), ordered(name, v, "min_area", "max_area"), v.get("max_area"));
            default:
                throw new AssertionError(name);
        }
    }

    private static double ordered(String name, Map<String, Double> v, String lo, String hi) {
        if (v.get(lo) > v.get(hi)) {
            throw new IllegalArgumentException("augmentation " + name + ": " + lo + " (" + v.get(lo) + ") must not exceed "
                    + hi + " (" + v.get(hi) + ")");
        }
        return v.get(lo);
    }

    /** Uniform in [-a, a]. */
    private static double symmetric(Random rnd, double a) {
        return (2 * rnd.nextDouble() - 1) * a;
    }

    /** Uniform in [lo, hi]. */
    private static double between(Random rnd, double lo, double hi) {
        return lo + (hi - lo) * rnd.nextDouble();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private static float[] scratch(int n) {
        float[] s = SCRATCH.get();
        if (s.length < n) {
            s = new float[n];
            SCRATCH.set(s);
        }
        return s;
    }

    // ---- deterministic transforms --------------------------------------------------------------

    /**
     * Shifts the image by integers: out(y, x) = in(y - dy, x - dx), 0 where that is outside.
     * Positive dx moves content right, positive dy moves it down.
     */
    public static void shift(float[] img, int c, int h, int w, int dx, int dy) {
        if (dx == 0 && dy == 0) {
            return;
        }
        for (int ch = 0; ch < c; ch++) {
            int base = ch * h * w;
            // rows move down for dy > 0: walk so that a row is read before it is overwritten
            for (int k = 0; k < h; k++) {
                int y = dy > 0 ? h - 1 - k : k;
                int sy = y - dy;
                int row = base + y * w;
                if (sy < 0 || sy >= h) {
                    java.util.Arrays.fill(img, row, row + w, 0f);
                    continue;
                }
                int srow = base + sy * w;
                int x0 = Math.max(0, dx);
                int x1 = Math.min(w, w + dx);
                if (x1 > x0) {
                    System.arraycopy(img, srow + x0 - dx, img, row + x0, x1 - x0);
                    java.util.Arrays.fill(img, row, row + x0, 0f);
                    java.util.Arrays.fill(img, row + x1, row + w, 0f);
                } else {
                    java.util.Arrays.fill(img, row, row + w, 0f);
                }
            }
        }
    }

    /** Mirrors the image left-right: out(y, x) = in(y, W-1-x). */
    public static void hflip(float[] img, int c, int h, int w) {
        for (int r = 0; r < c * h; r++) {
            int a = r * w;
            int b = a + w - 1;
            while (a < b) {
                float t = img[a];
                img[a++] = img[b];
                img[b--] = t;
            }
        }
    }

    /** Mirrors the image top-bottom: out(y, x) = in(H-1-y, x). */
    public static void vflip(float[] img, int c, int h, int w) {
        float[] tmp = scratch(w);
        for (int ch = 0; ch < c; ch++) {
            int base = ch * h * w;
            for (int y = 0, z = h - 1; y < z; y++, z--) {
                System.arraycopy(img, base + y * w, tmp, 0, w);
                System.arraycopy(img, base + z * w, img, base + y * w, w);
                System.arraycopy(tmp, 0, img, base + z * w, w);
            }
        }
    }

    /**
     * Resamples the image through an affine map about the centre (cx, cy) = ((W-1)/2, (H-1)/2):
     * out(x, y) = in(cx + a (x-cx) + b (y-cy), cy + d (x-cx) + e (y-cy)), bilinear, 0 outside. The
     * matrix [[a, b], [d, e]] maps output offsets to source offsets (the inverse of the transform).
     */
    public static void affine(float[] img, int c, int h, int w, double a, double b, double d, double e) {
        int n = c * h * w;
        float[] src = scratch(n);
        System.arraycopy(img, 0, src, 0, n);
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            double oy = y - cy;
            for (int x = 0; x < w; x++) {
                double ox = x - cx;
                double sx = cx + a * ox + b * oy;
                double sy = cy + d * ox + e * oy;
                double fx0 = Math.floor(sx);
                double fy0 = Math.floor(sy);
                int out = y * w + x;
                if (fx0 < -1 || fy0 < -1 || fx0 > w - 1 || fy0 > h - 1) {
                    for (int ch = 0; ch < c; ch++) {
                        img[ch * plane + out] = 0f;
                    }
                    continue;
                }
                int x0 = (int) fx0;
                int y0 = (int) fy0;
                double fx = sx - fx0;
                double fy = sy - fy0;
                boolean inX0 = x0 >= 0;
                boolean inX1 = x0 + 1 <= w - 1;
                boolean inY0 = y0 >= 0;
                boolean inY1 = y0 + 1 <= h - 1;
                double w00 = (1 - fx) * (1 - fy);
                double w01 = fx * (1 - fy);
                double w10 = (1 - fx) * fy;
                double w11 = fx * fy;
                for (int ch = 0; ch < c; ch++) {
                    int base = ch * plane;
                    double v = 0;
                    if (inY0) {
                        int r = base + y0 * w;
                        if (inX0) {
                            v += w00 * src[r + x0];
                        }
                        if (inX1) {
                            v += w01 * src[r + x0 + 1];
                        }
                    }
                    if (inY1) {
                        int r = base + (y0 + 1) * w;
                        if (inX0) {
                            v += w10 * src[r + x0];
                        }
                        if (inX1) {
                            v += w11 * src[r + x0 + 1];
                        }
                    }
                    img[base + out] = (float) v;
                }
            }
        }
    }

    /** Rotates by {@code degrees} counter-clockwise as displayed (y axis pointing down) about the centre. */
    public static void rotate(float[] img, int c, int h, int w, double degrees) {
        double t = Math.toRadians(degrees);
        double cos = Math.cos(t);
        double sin = Math.sin(t);
        // exact quarter turns (cos(π/2) is 6e-17 in doubles): keep them pixel-exact permutations
        if (degrees % 90 == 0) {
            cos = Math.rint(cos);
            sin = Math.rint(sin);
        }
        // the source of an output offset is the output offset rotated back by -θ
        affine(img, c, h, w, cos, -sin, sin, cos);
    }

    /** Scales by s about the centre (s > 1 enlarges). */
    public static void scale(float[] img, int c, int h, int w, double s) {
        affine(img, c, h, w, 1 / s, 0, 0, 1 / s);
    }

    /** Shears parallel to the x axis by {@code degrees}: out(x + tan φ (y - cy), y) = in(x, y). */
    public static void shear(float[] img, int c, int h, int w, double degrees) {
        affine(img, c, h, w, 1, -Math.tan(Math.toRadians(degrees)), 0, 1);
    }

    /** I' = clamp(I + beta, 0, 1) on the first n values. */
    public static void brightness(float[] img, int n, double beta) {
        float b = (float) beta;
        for (int i = 0; i < n; i++) {
            img[i] = clamp01(img[i] + b);
        }
    }

    /** I' = clamp(alpha · I, 0, 1) on the first n values. */
    public static void contrast(float[] img, int n, double alpha) {
        float a = (float) alpha;
        for (int i = 0; i < n; i++) {
            img[i] = clamp01(a * img[i]);
        }
    }

    /** torchvision's adjust_saturation on an RGB image: clamp(f I + (1 - f) grey, 0, 1). */
    public static void saturation(float[] img, int h, int w, double factor) {
        int plane = h * w;
        float f = (float) factor;
        for (int k = 0; k < plane; k++) {
            float r = img[k];
            float g = img[plane + k];
            float b = img[2 * plane + k];
            float grey = 0.2989f * r + 0.587f * g + 0.114f * b;
            img[k] = clamp01(f * r + (1 - f) * grey);
            img[plane + k] = clamp01(f * g + (1 - f) * grey);
            img[2 * plane + k] = clamp01(f * b + (1 - f) * grey);
        }
    }

    /** torchvision's adjust_hue on an RGB image: shift the HSV hue by {@code turns} (mod 1). */
    public static void hue(float[] img, int h, int w, double turns) {
        int plane = h * w;
        for (int k = 0; k < plane; k++) {
            float r = clamp01(img[k]);
            float g = clamp01(img[plane + k]);
            float b = clamp01(img[2 * plane + k]);
            float maxc = Math.max(r, Math.max(g, b));
            float minc = Math.min(r, Math.min(g, b));
            float cr = maxc - minc;
            boolean eq = maxc == minc;
            float s = cr / (eq ? 1f : maxc);
            float div = eq ? 1f : cr;
            float rc = (maxc - r) / div;
            float gc = (maxc - g) / div;
            float bc = (maxc - b) / div;
            float hh;
            if (maxc == r) {
                hh = bc - gc;
            } else if (maxc == g) {
                hh = 2f + rc - bc;
            } else {
                hh = 4f + gc - rc;
            }
            double hue = ((hh / 6.0 + 1.0) % 1.0 + turns) % 1.0;
            if (hue < 0) {
                hue += 1;
            }
            float v = maxc;
            double h6 = hue * 6;
            double fi = Math.floor(h6);
            float f = (float) (h6 - fi);
            int i = ((int) fi) % 6;
            float p = clamp01(v * (1 - s));
            float q = clamp01(v * (1 - s * f));
            float t = clamp01(v * (1 - s * (1 - f)));
            float ro;
            float go;
            float bo;
            switch (i) {
                case 0: ro = v; go = t; bo = p; break;
                case 1: ro = q; go = v; bo = p; break;
                case 2: ro = p; go = v; bo = t; break;
                case 3: ro = p; go = q; bo = v; break;
                case 4: ro = t; go = p; bo = v; break;
                default: ro = v; go = p; bo = q; break;
            }
            img[k] = ro;
            img[plane + k] = go;
            img[2 * plane + k] = bo;
        }
    }

    /** Zeroes the rectangle of rows [y, y+eh) and columns [x, x+ew) (clipped to the image) in every channel. */
    public static void erase(float[] img, int c, int h, int w, int y, int x, int eh, int ew) {
        int y0 = Math.max(0, y);
        int y1 = Math.min(h, y + eh);
        int x0 = Math.max(0, x);
        int x1 = Math.min(w, x + ew);
        if (x1 <= x0) {
            return;
        }
        for (int ch = 0; ch < c; ch++) {
            for (int r = y0; r < y1; r++) {
                int o = (ch * h + r) * w;
                java.util.Arrays.fill(img, o + x0, o + x1, 0f);
            }
        }
    }

    private static float clamp01(float v) {
        return v < 0f ? 0f : (v > 1f ? 1f : v);
    }

    private static void needRgb(String name, int c) {
        if (c != 3) {
            throw new IllegalArgumentException("augmentation " + name + " needs 3-channel (RGB) images; the data has "
                    + c + " channel" + (c == 1 ? "" : "s"));
        }
    }

    // ---- the steps --------------------------------------------------------------------------------

    /** {@code translate(pixels)}: integer shift, each axis uniform in [-pixels, pixels]. */
    public record Translate(int pixels) implements Augmentation {
        @Override
        public void apply(float[] img, int c, int h, int w, Random rnd) {
            int dx = rnd.nextInt(2 * pixels + 1) - pixels;
            int dy = rnd.nextInt(2 * pixels + 1) - pixels;
            shift(img, c, h, w, dx, dy);
        }

        @Override
        public String toString() {
            return "translate(pixels: " + pixels + ")";
        }
    }

    /** {@code random_crop(pad)}: zero-pad by pad, crop back at a uniform offset. */
    public record RandomCrop(int pad) implements Augmentation {
        @Override
        public void apply(float[] img, int c, int h, int w, Random rnd) {
            int top = rnd.nextInt(2 * pad + 1);
            int left = rnd.nextInt(2 * pad + 1);
            // cropping the padded image at (top, left) moves content by (pad - left, pad - top)
            shift(img, c, h, w, pad - left, pad - top);
        }

        @Override
        public String toString() {
            return "random_crop(pad: " + pad + ")";
        }
    }

    /** {@code hflip(p)} ({@code horizontal}) or {@code vflip(p)}. */
    public record Flip(boolean horizontal, double p) implements Augmentation {
        @Override
        public void apply(float[] img, int c, int h, int w, Random rnd) {
            if (rnd.nextDouble() < p) {
                if (horizontal) {
                    hflip(img, c, h, w);
                } else {
                    vflip(img, c, h, w);
                }
            }
        }

        @Override
        public String toString() {
            return (horizontal ? "hflip" : "vflip") + "(p: " + fmt(p) + ")";
        }
    }

    /** {@code rotate(degrees)}: θ uniform in [-degrees, degrees]. */
    public record Rotate(double degrees) implements Augmentation {
        @Override
        public void apply(float[] img, int c, int h, int w, Random rnd) {
            rotate(img, c, h, w, symmetric(rnd, degrees));
        }

        @Override
        public String toString() {
            return "rotate(degrees: " + fmt(degrees) + ")";
        }
    }

    /** {@code scale(min, max)}: s uniform in [min, max]. */
    public record Scale(double min, double max) implements Augmentation {
        @Override
        public void apply(float[] img, int c, int h, int w, Random rnd) {
            scale(img, c, h, w, between(rnd, min, max));
        }

        @Override
        public String toString() {
            return "scale(min: " + fmt(min) + ", max: " + fmt(max) + ")";
        }
    }

    /** {@code shear(degrees)}: x-shear by φ uniform in [-degrees, degrees]. */
    public record Shear(double degrees) implements Augmentation {
        @Override
        public void apply(float[] img, int c, int h, int w, Random rnd) {
            shear(img, c, h, w, symmetric(rnd, degrees));
        }

        @Override
        public String toString() {
            return "shear(degrees: " + fmt(degrees) + ")";
        }
    }

    /** {@code brightness(delta)}: I' = I + β, β uniform in [-delta, delta]. */
    public record Brightness(double delta) implements Augmentation {
        @Override
        public void apply(float[] img, int c, int h, int w, Random rnd) {
            brightness(img, c * h * w, symmetric(rnd, delta));
        }

        @Override
        public String toString() {
            return "brightness(delta: " + fmt(delta) + ")";
        }
    }

    /** {@code contrast(min, max)}: I' = αI, α uniform in [min, max]. */
    public record Contrast(double min, double max) implements Augmentation {
        @Override
        public void apply(float[] img, int c, int h, int w, Random rnd) {
            contrast(img, c * h * w, between(rnd, min, max));
        }

        @Override
        public String toString() {
            return "contrast(min: " + fmt(min) + ", max: " + fmt(max) + ")";
        }
    }

    /** {@code saturation(min, max)}: factor uniform in [min, max]; RGB only. */
    public record Saturation(double min, double max) implements Augmentation {
        @Override
        public void apply(float[] img, int c, int h, int w, Random rnd) {
            needRgb("saturation", c);
            saturation(img, h, w, between(rnd, min, max));
        }

        @Override
        public void check(int c, int h, int w) {
            needRgb("saturation", c);
        }

        @Override
        public String toString() {
            return "saturation(min: " + fmt(min) + ", max: " + fmt(max) + ")";
        }
    }

    /** {@code hue(delta)}: hue shift uniform in [-delta, delta] turns; RGB only. */
    public record Hue(double delta) implements Augmentation {
        @Override
        public void apply(float[] img, int c, int h, int w, Random rnd) {
            needRgb("hue", c);
            hue(img, h, w, symmetric(rnd, delta));
        }

        @Override
        public void check(int c, int h, int w) {
            needRgb("hue", c);
        }

        @Override
        public String toString() {
            return "hue(delta: " + fmt(delta) + ")";
        }
    }

    /** {@code cutout(size, p)}: with probability p, zero a size×size square placed where it fits. */
    public record Cutout(int size, double p) implements Augmentation {
        @Override
        public void apply(float[] img, int c, int h, int w, Random rnd) {
            boolean go = rnd.nextDouble() < p;
            int y = rnd.nextInt(Math.max(1, h - size + 1));
            int x = rnd.nextInt(Math.max(1, w - size + 1));
            if (go) {
                erase(img, c, h, w, y, x, size, size);
            }
        }

        @Override
        public String toString() {
            return "cutout(size: " + size + ", p: " + fmt(p) + ")";
        }
    }

    /** {@code random_erasing(p, min_area, max_area)}: torchvision's RandomErasing with value 0. */
    public record RandomErasing(double p, double minArea, double maxArea) implements Augmentation {
        private static final double LOG_RATIO_MIN = Math.log(0.3);
        private static final double LOG_RATIO_MAX = Math.log(3.3);

        @Override
        public void apply(float[] img, int c, int h, int w, Random rnd) {
            if (!(rnd.nextDouble() < p)) {
                return;
            }
            double area = (double) h * w;
            for (int attempt = 0; attempt < 10; attempt++) {
                double target = area * between(rnd, minArea, maxArea);
                double ratio = Math.exp(between(rnd, LOG_RATIO_MIN, LOG_RATIO_MAX));
                int eh = (int) Math.round(Math.sqrt(target * ratio));
                int ew = (int) Math.round(Math.sqrt(target / ratio));
                if (!(eh < h && ew < w)) {
                    continue;
                }
                int y = rnd.nextInt(h - eh + 1);
                int x = rnd.nextInt(w - ew + 1);
                erase(img, c, h, w, y, x, eh, ew);
                return;
            }
        }

        @Override
        public String toString() {
            return "random_erasing(p: " + fmt(p) + ", min_area: " + fmt(minArea) + ", max_area: " + fmt(maxArea) + ")";
        }
    }
}
