package dev.cnnc.train.data;

import java.util.List;

/**
 * A labelled image classification dataset: {@link #size()} samples, each an image of shape
 * {@link #sampleShape()} = [C, H, W] with float pixels in [0, 1] and an integer label in
 * [0, classes().size()).
 *
 * <p>Implementations must allow {@link #copySample} and {@link #label} to be called from several
 * threads at once: the {@link DataLoader} reads samples on background threads.
 */
public interface Dataset {
    /** Number of samples. */
    int size();

    /** Shape of one sample, [C, H, W]; the caller must not modify the returned array. */
    int[] sampleShape();

    /** Class names in label order: label {@code k} is {@code classes().get(k)}. */
    List<String> classes();

    /** Label of sample {@code i}, in [0, classes().size()). */
    int label(int i);

    /**
     * Writes sample {@code i} as C·H·W floats in [0, 1], channel-major ([C, H, W]), into
     * {@code dst} starting at {@code offset}.
     */
    void copySample(int i, float[] dst, int offset);

    /** Number of floats in one sample, C·H·W. */
    default int sampleLength() {
        int[] s = sampleShape();
        return s[0] * s[1] * s[2];
    }

    /** The first {@code n} samples of this dataset (this one itself when {@code n} is 0 or not smaller). */
    default Dataset first(int n) {
        if (n <= 0 || n >= size()) {
            return this;
        }
        Dataset all = this;
        return new Dataset() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public int[] sampleShape() {
                return all.sampleShape();
            }

            @Override
            public java.util.List<String> classes() {
                return all.classes();
            }

            @Override
            public int label(int i) {
                return all.label(i);
            }

            @Override
            public void copySample(int i, float[] dst, int offset) {
                all.copySample(i, dst, offset);
            }
        };
    }
}
