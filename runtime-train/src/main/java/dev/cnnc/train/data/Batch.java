package dev.cnnc.train.data;

/**
 * A batch from a {@link DataLoader}: {@code size} samples, images as NCHW floats (sample k at
 * {@code images[k·C·H·W ..]}) and their labels. The arrays have room for a full batch; a short last
 * batch fills the first {@code size} samples and zeroes the rest (images 0, labels 0): only the
 * first {@code size} are data. The arrays belong to the loader's buffer pool and are reused: a
 * batch is valid until the consumer's next call on the epoch's iterator.
 */
public record Batch(float[] images, int[] labels, int size) {
}
