package dev.cnnc.compiler.codegen;

import dev.cnnc.runtime.opencl.ClDevice;

/**
 * A kernel whose register block and work-group a {@link GemmTiling} sets, every tiling computing
 * the same thing: a generated GEMM ({@link Gemm.Spec}) or the implicit-GEMM forward of a
 * convolution. {@link Tuning} maps its {@link #key} to the tiling it gets; {@code cnnc tune}
 * ({@link GemmTuner}) builds and times tilings of it alone through {@link #bench}.
 */
public interface Tunable {
    /** What decides the best tiling (sizes, not the epilogue), e.g. {@code M=64 N=3136 K=576 batches=8 sums=1 A=rows}. */
    String key();

    /** Multiply-adds of one launch. */
    double macs();

    /** This kernel on {@code device} with buffers of its own, filled with seeded random inputs. */
    TuneBench bench(ClDevice device, Precision precision);
}
