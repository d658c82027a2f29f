package dev.cnnc.compiler.codegen.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * How a weight gradient splits a chunk's samples into parts ({@link ConvImplicit#parts}): enough
 * work-items for the cores, and no more dy per work-item than fits a core's L1 cache. The sums of
 * the parts are checked against the reference gradients by the kernel tests (ConvKernelTest,
 * ConvTilingTest); this pins the rule itself.
 */
class WeightPartsTest {

    @Test
    void largePlanesGetOnePartPerSample() {
        // ResNet-20 stage 1: 8 filters x 32x32 fp32 = 32 KiB of dy per sample, 96 work-items
        assertEquals(32, ConvImplicit.parts(32, 96, 8L * 32 * 32 * 4));
        // ResNet-18 at 224: 100 KiB per sample, over the bound even alone: one sample per part
        assertEquals(32, ConvImplicit.parts(32, 1536, 8L * 56 * 56 * 4));
    }

    @Test
    void smallPlanesShareAPartUpToTheBound() {
        // 8 KiB per sample: 4 samples per part; 2 KiB: 16 samples per part
        assertEquals(8, ConvImplicit.parts(32, 384, 8L * 16 * 16 * 4));
        assertEquals(2, ConvImplicit.parts(32, 1536, 8L * 8 * 8 * 4));
        // fp64 doubles the bytes, so the parts
        assertEquals(4, ConvImplicit.parts(32, 1536, 8L * 8 * 8 * 8));
    }

    @Test
    void fewTilesAreSplitForTheCores() {
        // 1 KiB per sample would fit in one part, but 8 work-items leave cores idle
        assertEquals(8, ConvImplicit.parts(32, 8, 1024));
        // a batch too small for either bound: one part per sample
        assertEquals(3, ConvImplicit.parts(3, 4, 1024));
        // one sample: one part
        assertEquals(1, ConvImplicit.parts(1, 4, 1L << 20));
    }
}
