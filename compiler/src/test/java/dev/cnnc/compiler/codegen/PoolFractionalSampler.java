package dev.cnnc.compiler.codegen;

import dev.cnnc.compiler.ops.FractionalMaxPool;
import dev.cnnc.compiler.reference.PoolRef;
import dev.cnnc.compiler.reference.Tensor;

/**
 * The windows fractional_maxpool's kernels draw, recomputed in Java for the tests: the same
 * counter-based hash of (seed, node salt, plane n·C + c, axis) gives 32 random bits b, the
 * uniform is u = b / 2^32, and the starts are the reference's {@link PoolRef#fractionalStarts}
 * (PyTorch's rule, in doubles). The kernels take the floors exactly in integers; comparing the
 * two checks both the hash and that the integer arithmetic is the interval rule.
 */
final class PoolFractionalSampler {
    private PoolFractionalSampler() {
    }

    /** MurmurHash3's 32-bit finaliser, as {@code mix} in pool_fractional.cl. */
    static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    /** The uniform of plane {@code plane} along {@code axis} (0: columns, 1: rows) for node {@code node}. */
    static double uniform(int seed, String node, int plane, int axis) {
        int h = mix(seed ^ FractionalMaxPool.salt(node));
        h = mix(h + (plane * 2 + axis) * 0x9e3779b9);
        h = mix(h);
        return Integer.toUnsignedLong(h) / 4294967296.0;
    }

    /** The regions of every plane of a batch, as the kernels draw them for {@code seed}. */
    static PoolRef.Regions regions(int seed, String node, int n, int c, int h, int w, int oh, int ow, int kh, int kw) {
        Tensor samples = new Tensor(n, c, 2);
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                samples.set(uniform(seed, node, b * c + ch, 0), b, ch, 0);
                samples.set(uniform(seed, node, b * c + ch, 1), b, ch, 1);
            }
        }
        return PoolRef.Regions.fromSamples(samples, h, w, oh, ow, kh, kw);
    }
}
