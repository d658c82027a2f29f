package dev.cnnc.train.data;

/**
 * The model's input normalisation, {@code x' = (x − mean[c]) / std[c]} per channel, in float
 * arithmetic: the one rule that training's data loader, {@code eval}, {@code predict},
 * {@code run} and a compiled model's {@code forward} apply to raw inputs (pixel values in [0, 1]).
 * {@code mean} and {@code std} hold one number or one per channel; either may be absent.
 */
public final class Normalization {
    private final float[] mean; // per channel, or null
    private final float[] std;
    private final int channels;
    private final int plane;

    /**
     * The normalisation of samples of {@code sampleShape} ([C, H, W], or any shape whose first
     * dimension is the channel); null when the model has neither mean nor std.
     *
     * @throws IllegalArgumentException when a list fits neither one nor every channel, or a std is not positive
     */
    public static Normalization of(double[] mean, double[] std, int[] sampleShape) {
        if (mean == null && std == null) {
            return null;
        }
        int channels = sampleShape.length == 0 ? 1 : sampleShape[0];
        int plane = 1;
        for (int i = 1; i < sampleShape.length; i++) {
            plane *= sampleShape[i];
        }
        return new Normalization(perChannel("mean", mean, channels), perChannel("std", std, channels), channels,
                plane);
    }

    private Normalization(float[] mean, float[] std, int channels, int plane) {
        if (std != null) {
            for (float s : std) {
                if (!(s > 0)) {
                    throw new IllegalArgumentException("std must be > 0, got " + s);
                }
            }
        }
        this.mean = mean;
        this.std = std;
        this.channels = channels;
        this.plane = plane;
    }

    /** Normalises the sample at {@code offset} of {@code x} in place. */
    public void apply(float[] x, int offset) {
        for (int ch = 0; ch < channels; ch++) {
            float m = mean == null ? 0f : mean[ch];
            float sd = std == null ? 1f : std[ch];
            int o = offset + ch * plane;
            for (int i = 0; i < plane; i++) {
                x[o + i] = (x[o + i] - m) / sd;
            }
        }
    }

    /** Normalises every sample of {@code batch} in place. */
    public void applyAll(float[] batch) {
        for (int off = 0; off + channels * plane <= batch.length; off += channels * plane) {
            apply(batch, off);
        }
    }

    /** Every sample of an fp64 batch, in place (the same float-rounded mean and std, in double arithmetic). */
    public void applyAll(double[] batch) {
        int sample = channels * plane;
        for (int off = 0; off + sample <= batch.length; off += sample) {
            for (int ch = 0; ch < channels; ch++) {
                double m = mean == null ? 0 : mean[ch];
                double sd = std == null ? 1 : std[ch];
                int o = off + ch * plane;
                for (int i = 0; i < plane; i++) {
                    batch[o + i] = (batch[o + i] - m) / sd;
                }
            }
        }
    }

    private static float[] perChannel(String what, double[] v, int c) {
        if (v == null) {
            return null;
        }
        if (v.length != 1 && v.length != c) {
            throw new IllegalArgumentException(what + " has " + v.length + " values; give one number or one per "
                    + "channel (" + c + ")");
        }
        float[] out = new float[c];
        for (int i = 0; i < c; i++) {
            out[i] = (float) v[v.length == 1 ? 0 : i];
        }
        return out;
    }
}
