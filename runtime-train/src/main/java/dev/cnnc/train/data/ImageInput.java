package dev.cnnc.train.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an image file of any size and colour model into a model's input {@code [C, H, W]}: the
 * one conversion that {@code cnnc predict} and a compiled model's {@code predict} use.
 *
 * <p>The steps, on the float image in [0, 1] that {@link ImageFolderDataset#read} decodes (alpha
 * dropped, palette expanded):
 * <ol>
 *   <li>colour to a 1-channel model: grey = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601 luma, the
 *       weights of PIL's {@code convert("L")});</li>
 *   <li>a different size: bilinear resampling with the semantics of PyTorch's
 *       {@code torch.nn.functional.interpolate(x, size=(H, W), mode="bilinear",
 *       align_corners=False, antialias=False)}, or {@code mode="nearest"} where the model's train
 *       section says {@code interpolation: nearest};</li>
 *   <li>grey to a 3-channel model: the grey plane repeated as R, G and B.</li>
 * </ol>
 * Every step is linear per pixel, so their order changes nothing but rounding; greying first
 * and repeating last keeps the resampling to the fewest planes. The model's mean/std
 * normalisation is not applied here: it follows, as for training data.
 */
public final class ImageInput {
    /** Luma weights of ITU-R BT.601 for R, G and B. */
    public static final double RED = 0.299;
    /** See {@link #RED}. */
    public static final double GREEN = 0.587;
    /** See {@link #RED}. */
    public static final double BLUE = 0.114;
    /** The default resampling: PyTorch's {@code interpolate(mode="bilinear", align_corners=False)}. */
    public static final String BILINEAR = "bilinear";
    /** PyTorch's {@code interpolate(mode="nearest")}: the source pixel at {@code ⌊d · in / out⌋}. */
    public static final String NEAREST = "nearest";
    /** The resamplings a model may declare (its train section's {@code interpolation}). */
    public static final List<String> INTERPOLATIONS = List.of(BILINEAR, NEAREST);

    private ImageInput() {
    }

    /**
     * What was done to an image to fit the model, for a note next to its prediction.
     *
     * @param source the image as read (size and colour)
     * @param resized whether it was resampled to the model's height and width
     * @param channelsChanged whether colour became grey or grey became RGB
     */
    public record Conversion(ImageFolderDataset.Pixels source, boolean resized, boolean channelsChanged,
                             String interpolation) {
        /** A conversion that resized bilinearly (if it resized). */
        public Conversion(ImageFolderDataset.Pixels source, boolean resized, boolean channelsChanged) {
            this(source, resized, channelsChanged, BILINEAR);
        }

        /**
         * The changes in words, empty when the image was used as it is: "resized from 640×480",
         * "RGB converted to grey", "its alpha channel is dropped".
         */
        public List<String> notes(int[] chw) {
            List<String> notes = new ArrayList<>();
            if (resized) {
                notes.add("resized from " + source.width() + "×" + source.height() + " to " + chw[2] + "×" + chw[1]
                        + (interpolation.equals(BILINEAR) ? "" : " (" + interpolation + ")"));
            }
            if (channelsChanged) {
                notes.add(source.channels() == 3 ? "RGB converted to grey" : "grey repeated as RGB");
            }
            if (source.alphaDropped()) {
                notes.add("its alpha channel is dropped");
            }
            return notes;
        }
    }

    /**
     * Reads {@code f} and writes it as the model's input {@code chw} = [C, H, W] at
     * {@code dst[offset]}.
     *
     * @throws DataException naming the file and the reason when it cannot be read (see
     *     {@link ImageFolderDataset#read}) or the model takes neither 1 nor 3 channels
     */
    public static Conversion load(Path f, int[] chw, float[] dst, int offset) {
        return load(f, chw, dst, offset, BILINEAR);
    }

    /** As {@link #load(Path, int[], float[], int)}, resizing with {@code interpolation} ({@link #INTERPOLATIONS}). */
    public static Conversion load(Path f, int[] chw, float[] dst, int offset, String interpolation) {
        checkChannels(chw);
        ImageFolderDataset.Pixels p = ImageFolderDataset.read(f);
        float[] x = convert(p.data(), p.channels(), p.height(), p.width(), chw, interpolation);
        System.arraycopy(x, 0, dst, offset, x.length);
        return new Conversion(p, p.height() != chw[1] || p.width() != chw[2], p.channels() != chw[0], interpolation);
    }

    /**
     * Converts a float image {@code [c, h, w]} (c is 1 or 3) to {@code chw} = [C, H, W] (C is 1
     * or 3) as the class comment describes; the input is not changed, and is returned as it is
     * when it already has the shape.
     *
     * @throws IllegalArgumentException if {@code c} or {@code C} is neither 1 nor 3, or
     *     {@code image} is not {@code c * h * w} long
     */
    public static float[] convert(float[] image, int c, int h, int w, int[] chw) {
        return convert(image, c, h, w, chw, BILINEAR);
    }

    /** As {@link #convert(float[], int, int, int, int[])}, resizing with {@code interpolation}. */
    public static float[] convert(float[] image, int c, int h, int w, int[] chw, String interpolation) {
        if (!INTERPOLATIONS.contains(interpolation)) {
            throw new IllegalArgumentException("interpolation is bilinear or nearest, not " + interpolation);
        }
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("an image has 1 (grey) or 3 (RGB) channels, not " + c);
        }
        if (image.length != c * h * w) {
            throw new IllegalArgumentException(image.length + " values are not an image [" + c + ", " + h + ", "
                    + w + "]");
        }
        checkChannels(chw);
        float[] x = image;
        int channels = c;
        if (c == 3 && chw[0] == 1) {
            x = grey(x, h, w);
            channels = 1;
        }
        if (h != chw[1] || w != chw[2]) {
            x = interpolation.equals(NEAREST) ? resizeNearest(x, channels, h, w, chw[1], chw[2])
                    : resizeBilinear(x, channels, h, w, chw[1], chw[2]);
        }
        if (channels == 1 && chw[0] == 3) {
            x = repeat(x, 3);
        }
        return x;
    }

    /** Refuses a model that does not take grey or RGB images. */
    private static void checkChannels(int[] chw) {
        if (chw.length != 3 || (chw[0] != 1 && chw[0] != 3)) {
            throw new DataException("the model takes " + java.util.Arrays.toString(chw) + "; images can be "
                    + "converted to [1, H, W] (grey) or [3, H, W] (RGB) only");
        }
    }

    /** One grey plane from an RGB image [3, h, w] with the BT.601 luma weights. */
    public static float[] grey(float[] rgb, int h, int w) {
        int plane = h * w;
        float[] g = new float[plane];
        for (int k = 0; k < plane; k++) {
            g[k] = (float) (RED * rgb[k] + GREEN * rgb[plane + k] + BLUE * rgb[2 * plane + k]);
        }
        return g;
    }

    /** {@code copies} copies of a single plane, one after the other. */
    private static float[] repeat(float[] plane, int copies) {
        float[] out = new float[plane.length * copies];
        for (int i = 0; i < copies; i++) {
            System.arraycopy(plane, 0, out, i * plane.length, plane.length);
        }
        return out;
    }

    /**
     * Nearest-neighbour resampling of each of {@code c} planes from {@code h × w} to
     * {@code outH × outW}, as PyTorch's {@code interpolate(mode="nearest")}: output pixel
     * {@code d} takes the source pixel {@code min(⌊d · in / out⌋, in − 1)}, the scale computed in
     * float as PyTorch does.
     */
    public static float[] resizeNearest(float[] src, int c, int h, int w, int outH, int outW) {
        int[] ys = nearest(h, outH);
        int[] xs = nearest(w, outW);
        float[] out = new float[c * outH * outW];
        for (int ch = 0; ch < c; ch++) {
            int in = ch * h * w;
            int o = ch * outH * outW;
            for (int y = 0; y < outH; y++) {
                for (int x = 0; x < outW; x++) {
                    out[o + y * outW + x] = src[in + ys[y] * w + xs[x]];
                }
            }
        }
        return out;
    }

    /** The source index of each of {@code out} positions along an axis of {@code in}, nearest rule. */
    private static int[] nearest(int in, int out) {
        float scale = (float) in / out;
        int[] idx = new int[out];
        for (int d = 0; d < out; d++) {
            idx[d] = Math.min((int) Math.floor(d * scale), in - 1);
        }
        return idx;
    }

    /**
     * Bilinear resampling of each of {@code c} planes from {@code h × w} to {@code outH × outW},
     * as PyTorch's {@code interpolate(mode="bilinear", align_corners=False, antialias=False)}:
     * output pixel {@code d} samples the source at {@code (d + 0.5) · in / out − 0.5}, clamped
     * below at 0, between its two neighbours (the last one repeated at the edge). Shrinking does
     * not average over the source pixels it skips (no antialiasing), as PyTorch's default.
     */
    public static float[] resizeBilinear(float[] src, int c, int h, int w, int outH, int outW) {
        int[] y0 = new int[outH];
        int[] y1 = new int[outH];
        double[] fy = new double[outH];
        taps(h, outH, y0, y1, fy);
        int[] x0 = new int[outW];
        int[] x1 = new int[outW];
        double[] fx = new double[outW];
        taps(w, outW, x0, x1, fx);
        float[] out = new float[c * outH * outW];
        for (int ch = 0; ch < c; ch++) {
            int in = ch * h * w;
            int o = ch * outH * outW;
            for (int y = 0; y < outH; y++) {
                int r0 = in + y0[y] * w;
                int r1 = in + y1[y] * w;
                double b = fy[y];
                for (int x = 0; x < outW; x++) {
                    double a = fx[x];
                    double top = (1 - a) * src[r0 + x0[x]] + a * src[r0 + x1[x]];
                    double bottom = (1 - a) * src[r1 + x0[x]] + a * src[r1 + x1[x]];
                    out[o + y * outW + x] = (float) ((1 - b) * top + b * bottom);
                }
            }
        }
        return out;
    }

    /** For each of {@code out} output positions along an axis of {@code in}: its two source indices and the weight of the second. */
    private static void taps(int in, int out, int[] i0, int[] i1, double[] frac) {
        double scale = (double) in / out;
        for (int d = 0; d < out; d++) {
            double s = Math.max(0, (d + 0.5) * scale - 0.5);
            int lo = Math.min((int) s, in - 1);
            i0[d] = lo;
            i1[d] = Math.min(lo + 1, in - 1);
            frac[d] = s - lo;
        }
    }
}
