package dev.cnnc.compiler.codegen.kernels;

import dev.cnnc.compiler.codegen.CodegenException;
import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ops.BatchNorm;
import dev.cnnc.compiler.ops.Fused;
import dev.cnnc.runtime.opencl.Program;

/**
 * The kernels of {@link BatchNorm} ({@code kernels/batchnorm.cl}): in training, one work-group per
 * channel (a tree reduction over up to 256 work-items) computes the batch mean and biased
 * variance, saves {@code mean} and {@code invstd = 1/√(var + ε)}, and updates the running
 * statistics as PyTorch (momentum, unbiased variance, one more batch tracked); in inference the
 * running statistics are saved in their place. Then one work-item per element normalises.
 * Backward (the seed's formulas): per channel (one work-group each) {@code Σ dy} and
 * {@code Σ dy·x̂} (giving dβ and dγ), then per element
 * {@code dx = γ·invstd·(dy − Σdy/M − x̂·Σ(dy·x̂)/M)}, M = N·H·W; with running statistics
 * (constants) {@code dx = γ·invstd·dy}. With a ReLU fused in ({@link Fused#RELU}) the output is
 * clamped at 0 and dy is masked by {@code y > 0} first. Recomputed for gradient checkpointing,
 * only the normalising kernel runs again, on the statistics the first run saved. On CPUs the
 * reductions run by blocks instead ({@link #byBlocks}). Also the folding of a batchnorm into the
 * layer before it ({@link #fold}). In mixed precision the kernels load and store x, y, dy and
 * dx in each one's storage (fp16 or fp32, {@link Emitter#storage}) and compute in fp32.
 */
public final class BatchNormKernels implements OpKernels {
    /** The layout x [N, C, INNER]: {C, INNER}. */
    private static int[] layout(Emitter e) {
        Shape s = e.inputType(0).shape();
        int c = s.dim(0);
        return new int[] {c, (int) (s.elements() / c)};
    }

    /** Work-items per channel in the reductions: a power of two, at most 256, no more than M needs. */
    static int reductionWidth(long m) {
        int l = 1;
        while (l < 256 && l < m) {
            l *= 2;
        }
        return l;
    }

    /**
     * Whether the reductions run by blocks (one work-item per sample and channel, in vectors,
     * then one per channel): a CPU's choice (see {@link Emitter#matrixKernels}), when a block is
     * whole vectors. Otherwise, and on GPUs, one work-group per channel with a tree in local
     * memory.
     */
    private static boolean byBlocks(Emitter e) {
        return e.matrixKernels() && layout(e)[1] % 16 == 0;
    }

    private static KernelTemplate.Values values(Emitter e) {
        int[] l = layout(e);
        Attrs a = e.attrs();
        long m = (long) e.batch() * l[1];
        // The channels, the batch (and with them the samples per work-item), the size of a channel's
        // block (H·W), the fused ReLU and accumulation are kernel arguments, not constants:
        // batchnorms that differ only in them (DenseNet's, ResNet's stages) share their kernels. L, the work-group of the tree reductions, depends on the batch; the
        // block kernels (a CPU's) do not use it, and then it is fixed.
        int width = byBlocks(e) ? 256 : reductionWidth(m);
        return new KernelTemplate.Values(e.precision())
                .s("V", e.precision().cType() + "16").i("L", width).r("EPS", a.f("eps")).r("MOMENTUM", a.f("momentum"))
                .i("HAS_AFFINE", a.b("affine") ? 1 : 0)
                .s("XT", e.inputStorage(0)).s("YT", e.outputStorage())
                .s("DYT", e.outputGradStorage()).s("DXT", e.inputGradStorage(0))
                .s("MT", Fused.relu(a) ? e.outputStorage() : e.outputGradStorage());
    }

    /**
     * The kernels read and write fp16 activations and gradients themselves (each buffer's storage
     * is a template value, {@link #values}), in every configuration: fused ReLU, statistics given
     * by the convolution before, the block kernels, recomputation.
     */
    @Override
    public boolean halfStorage(Emitter e) {
        return true;
    }

    /** The kernels' RELU argument: 1 with a fused ReLU. */
    private static int relu(Emitter e) {
        return Fused.relu(e.attrs()) ? 1 : 0;
    }

    /** The kernels' ACCUMULATE argument: 1 when dx is added to (it is not the first gradient written to x). */
    private static int accumulate(Emitter e) {
        return e.firstGradient(0) ? 0 : 1;
    }

    /** Work-items a block kernel should have at least, so that every core has several. */
    static final int MIN_ITEMS = 64;

    /**
     * Samples each work-item of {@code _block_forward_given} normalises: the largest divisor of
     * the batch that still leaves {@link #MIN_ITEMS} work-items. Each work-item merges its
     * channel's N per-sample statistics once; with one sample each, every block repeated the
     * same N merges (their divisions took longer than normalising a small block).
     */
    public static int samplesPerItem(int batch, int channels) {
        for (int s = batch; s > 1; s--) {
            if (batch % s == 0 && (long) channels * (batch / s) >= MIN_ITEMS) {
                return s;
            }
        }
        return 1;
    }

    /** γ, or a buffer the kernels never read without affine (an argument must be a valid buffer). */
    private static Program.BufferRef gammaOrAny(Emitter e) {
        return e.attrs().b("affine") ? e.param("weight") : e.param("running_mean");
    }

    private static Program.BufferRef betaOrAny(Emitter e) {
        return e.attrs().b("affine") ? e.param("bias") : e.param("running_mean");
    }

    @Override
    public void forward(Emitter e) {
        String k = e.kernels("batchnorm", values(e));
        int[] l = layout(e);
        int c = l[0];
        long m = (long) e.batch() * l[1];
        Program.BufferRef mean = e.kept("mean", c);
        Program.BufferRef invstd = e.kept("invstd", c);
        // Re-run by checkpointing (recomputing), the first run's batch statistics of the same input
        // are reused, and the running statistics are not updated a second time.
        if (e.training() && !e.recomputing()) {
            if (m < 2) {
                // PyTorch refuses too: the variance of one value is 0 and its unbiased estimate undefined.
                throw new CodegenException("`batchnorm` " + e.node().name() + " in training needs more than one"
                        + " value per channel, but batch " + e.batch() + " of " + e.inputType(0).shape()
                        + " gives one");
            }
            if (Fused.givenStatistics(e.attrs())) {
                // the convolution before left partial statistics (FuseBatchNormStatistics)
                Program.BufferRef given = FusedKernels.statisticsBuffer(e, e.node().inputs().get(0));
                if (byBlocks(e)) {
                    long items = (long) e.batch() / samplesPerItem(e.batch(), c) * c;
                    e.launch(k + "_block_forward_given", items, e.input(0), given, mean, invstd,
                            gammaOrAny(e), betaOrAny(e), e.output(), e.param("running_mean"), e.param("running_var"),
                            e.param("num_batches_tracked"), c, e.batch(), layout(e)[1], relu(e), accumulate(e), samplesPerItem(e.batch(), c));
                    return;
                }
                e.launch(k + "_given_finish", c, given, mean, invstd, e.param("running_mean"), e.param("running_var"),
                        e.param("num_batches_tracked"), c, e.batch(), layout(e)[1], relu(e), accumulate(e));
            } else if (byBlocks(e)) {
                // three launches: block sums; squares about the mean; the variance, then y
                long blocks = (long) e.batch() * c;
                Program.BufferRef part = e.scratch("batchnorm_blocks", 2 * blocks);
                e.launch(k + "_block_sum", blocks, e.input(0), part, c, e.batch(), layout(e)[1], relu(e), accumulate(e));
                e.launch(k + "_block_squares", blocks, e.input(0), part, mean, c, e.batch(), layout(e)[1], relu(e), accumulate(e));
                e.launch(k + "_block_forward_finish", blocks, e.input(0), part, mean, invstd, gammaOrAny(e),
                        betaOrAny(e), e.output(), e.param("running_mean"), e.param("running_var"),
                        e.param("num_batches_tracked"), c, e.batch(), layout(e)[1], relu(e), accumulate(e));
                return;
            } else {
                int w = reductionWidth(m);
                e.launch(k + "_stats", new long[] {(long) c * w}, new long[] {w}, e.input(0), mean, invstd,
                        e.param("running_mean"), e.param("running_var"), e.param("num_batches_tracked"), c, e.batch(), layout(e)[1], relu(e), accumulate(e));
            }
        } else if (!e.training()) {
            e.launch(k + "_running", c, e.param("running_mean"), e.param("running_var"), mean, invstd, c, e.batch(), layout(e)[1], relu(e), accumulate(e));
        }
        if (byBlocks(e)) {
            e.launch(k + "_block_forward", (long) e.batch() * c, e.input(0), mean, invstd, gammaOrAny(e),
                    betaOrAny(e), e.output(), c, e.batch(), layout(e)[1], relu(e), accumulate(e));
        } else {
            e.launch(k + "_forward", e.batch() * e.outputType().shape().elements(), e.input(0), mean, invstd,
                    gammaOrAny(e), betaOrAny(e), e.output(), c, e.batch(), layout(e)[1], relu(e), accumulate(e));
        }
    }

    @Override
    public void backward(Emitter e) {
        String k = e.kernels("batchnorm", values(e));
        int c = layout(e)[0];
        long elements = e.batch() * e.outputType().shape().elements();
        Program.BufferRef mean = e.saved("mean", c);
        Program.BufferRef invstd = e.saved("invstd", c);
        boolean affine = e.attrs().b("affine");
        // The output is read only with a fused ReLU; otherwise pass dy (read anyway), so that the
        // output need not stay alive until backward (the memory planner sees every argument as used).
        Program.BufferRef y = Fused.relu(e.attrs()) ? e.output() : e.gradOutput();
        boolean batchStats = e.training() && e.gradInput(0) != null;
        Program.BufferRef sums = null;
        boolean paramsDone = false;
        if (affine || batchStats) {
            sums = e.saved("sums", 2L * c);
            if (byBlocks(e)) {
                long blocks = (long) e.batch() * c;
                Program.BufferRef part2 = e.scratch("batchnorm_blocks", 2 * blocks);
                e.launch(k + "_block_backward", blocks, e.input(0), e.gradOutput(), y, mean, invstd, part2, c, e.batch(), layout(e)[1], relu(e), accumulate(e));
                e.launch(k + "_block_backward_sums", c, part2, sums, affine ? e.gradParam("weight") : sums,
                        affine ? e.gradParam("bias") : sums, c, e.batch(), layout(e)[1], relu(e), accumulate(e));
                paramsDone = affine;
                if (batchStats) {
                    e.launch(k + "_block_backward_input", blocks, e.input(0), e.gradOutput(), y, mean, invstd,
                            gammaOrAny(e), sums, e.gradInput(0), c, e.batch(), layout(e)[1], relu(e), accumulate(e));
                    return;
                }
            } else {
                int w = reductionWidth((long) e.batch() * layout(e)[1]);
                e.launch(k + "_backward_sums", new long[] {(long) c * w}, new long[] {w}, e.input(0),
                        e.gradOutput(), y, mean, invstd, sums, c, e.batch(), layout(e)[1], relu(e), accumulate(e));
            }
        }
        if (affine && !paramsDone) {
            e.launch(k + "_backward_params", c, sums, e.gradParam("weight"), e.gradParam("bias"), c, e.batch(), layout(e)[1], relu(e), accumulate(e));
        }
        if (e.gradInput(0) != null) {
            if (batchStats) {
                e.launch(k + "_backward_input", elements, e.input(0), e.gradOutput(), y, mean, invstd,
                        gammaOrAny(e), sums, e.gradInput(0), c, e.batch(), layout(e)[1], relu(e), accumulate(e));
            } else {
                e.launch(k + "_backward_input_frozen", elements, e.gradOutput(), y, invstd, gammaOrAny(e),
                        e.gradInput(0), c, e.batch(), layout(e)[1], relu(e), accumulate(e));
            }
        }
    }

    /**
     * Emits, for a convolution or dense layer with batchnorm {@code bn} folded in ({@link Fused#FOLDED_BN}:
     * the node's name, eps and affine), the kernels that fold the current parameters, and returns
     * the folded weight and bias (scratch buffers all folded layers share, as large as the largest
     * needs: they live only until the layer has run): with {@code s = γ / √(running_var + ε)}
     * per output channel (γ = 1 without affine), {@code w' = w · s} and
     * {@code b' = (b − running_mean) · s + β} (b = 0 without a bias, β = 0 without affine): the
     * layer then computes PyTorch's {@code bn(layer(x))} in eval mode. The weight's first axis is
     * the output channel ({@code [F, ...]}, OIHW or [units, in]), {@code perChannel} elements each.
     * Folding at run time (O(parameters), before the layer) keeps the parameters shared with
     * training and checkpoints unchanged.
     */
    public static Program.BufferRef[] fold(Emitter e, dev.cnnc.compiler.ir.Component bn, Program.BufferRef w,
                                    Program.BufferRef b, int channels, long perChannel) {
        boolean affine = bn.options().b("affine");
        String p = bn.name() + ".";
        Program.BufferRef mean = e.paramNamed(p + "running_mean");
        Program.BufferRef var = e.paramNamed(p + "running_var");
        Program.BufferRef gamma = affine ? e.paramNamed(p + "weight") : mean; // never read without affine
        Program.BufferRef beta = affine ? e.paramNamed(p + "bias") : mean;
        String k = e.kernels("fold_batchnorm", new KernelTemplate.Values(e.precision())
                .r("EPS", bn.options().f("eps")).i("HAS_AFFINE", affine ? 1 : 0).i("HAS_BIAS", b != null ? 1 : 0));
        Program.BufferRef wf = e.scratch("folded_weight", channels * perChannel);
        Program.BufferRef bf = e.scratch("folded_bias", channels);
        e.launch(k + "_weight", new long[] {perChannel, channels}, null, w, gamma, var, wf, perChannel);
        e.launch(k + "_bias", channels, b != null ? b : w, gamma, beta, mean, var, bf);
        return new Program.BufferRef[] {wf, bf};
    }
}
