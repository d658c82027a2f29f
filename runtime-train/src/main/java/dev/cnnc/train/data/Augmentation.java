package dev.cnnc.train.data;

import java.util.Random;

/**
 * One random data-augmentation step, applied to one sample in place before normalization, on
 * pixels in [0, 1]. Implementations take every random choice from the {@code Random} they are
 * given (the {@link DataLoader} seeds it from (seed, epoch, sample index), so results do not depend
 * on thread timing), so their choices depend only on that generator and the image shape; they hold
 * no mutable state and may be called from several threads at once. Build them with {@link Augmentations#create}.
 */
public interface Augmentation {
    /**
     * Transforms the image {@code img[0 .. c·h·w)} in place; layout [C, H, W].
     *
     * @param rnd the source of every random choice of this step
     */
    void apply(float[] img, int c, int h, int w, Random rnd);

    /**
     * Throws {@link IllegalArgumentException} if this step cannot apply to images of shape
     * [c, h, w] (e.g. saturation of a grey image); the loader calls it once, before the first batch.
     */
    default void check(int c, int h, int w) {
    }
}
