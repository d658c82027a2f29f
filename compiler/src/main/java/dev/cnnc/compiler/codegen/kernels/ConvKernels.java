package dev.cnnc.compiler.codegen.kernels;

import dev.cnnc.compiler.codegen.CodegenException;
import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.Gemm;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ops.Conv;
import dev.cnnc.compiler.ops.Fused;
import dev.cnnc.runtime.opencl.Program;

/**
 * The kernels of {@link Conv}: the direct kernels ({@code kernels/conv2d.cl}), forward one
 * work-item per output element; backward gathers, one work-item per element written (input
 * gradient per input element, weight gradient per weight element, bias gradient per filter), so
 * no two work-items add to one address. On CPUs a one-group convolution is lowered to matrix
 * products instead ({@link Geom#gemm}): an implicit GEMM ({@link ConvImplicit}), or a plain GEMM
 * for a pointwise one, with col2im or a convolution of dy for the input gradient.
 * {@link Geom} is a convolution's geometry and its lowering, also used twice by
 * {@code separable_conv} ({@link SeparableConvKernels}).
 */
public final class ConvKernels implements OpKernels {
    /** The kernel template of convolutions, also instantiated twice by {@code separable_conv}. */
    static final String TEMPLATE = "conv2d";

    /**
     * With a batchnorm folded in ({@link Fused#FOLDED_BN}, inference only) the weight and bias are
     * first folded from the current parameters ({@link BatchNormKernels#fold}); with an epilogue
     * ({@link Fused#ACTIVATION}, {@link Fused#RESIDUAL}: input 1) it is applied where the output
     * is stored.
     */
    @Override
    public void forward(Emitter e) {
        Geom g = geometry(e);
        Program.BufferRef w = e.param("weight");
        Program.BufferRef b = e.attrs().b("bias") ? e.param("bias") : null;
        dev.cnnc.compiler.ir.Component bn = Fused.foldedBatchNorm(e.attrs());
        if (bn != null) {
            if (e.training()) {
                throw new CodegenException("conv " + e.node().name() + " has batchnorm " + bn.name() + " folded in,"
                        + " which is for inference only (FoldBatchNorm), but is lowered for training");
            }
            Program.BufferRef[] folded = BatchNormKernels.fold(e, bn, w, b, g.filters(),
                    (long) (g.channels() / g.groups()) * g.kernel()[0] * g.kernel()[1]);
            w = folded[0];
            b = folded[1];
        }
        // Training a conv → batchnorm pair (FuseBatchNormStatistics): the batchnorm's statistics too.
        Program.BufferRef stats = Fused.bnStatistics(e.attrs()) && e.training()
                ? FusedKernels.statisticsBuffer(e, e.node().output()) : null;
        g.forward(e, !e.firstGradient(0), e.input(0), w, b, e.output(), Fused.residual(e.attrs()) ? e.input(1) : null,
                stats);
    }

    /**
     * As matrix products (one group, a CPU's kernels: {@link Geom#gemm}) a convolution reads and
     * writes fp16 activations itself; the direct kernels get fp32 working copies.
     */
    @Override
    public boolean halfStorage(Emitter e) {
        return geometry(e).gemm(e);
    }

    @Override
    public void backward(Emitter e) {
        if (Fused.foldedBatchNorm(e.attrs()) != null) {
            throw new CodegenException("conv " + e.node().name() + " has a batchnorm folded in: no backward");
        }
        Geom g = geometry(e);
        g.backward(e, !e.firstGradient(0), e.input(0), e.param("weight"), FusedKernels.epilogueBackward(e),
                e.gradInput(0), e.gradParam("weight"), g.bias() ? e.gradParam("bias") : null);
    }

    private static Geom geometry(Emitter e) {
        Attrs a = e.attrs();
        Shape in = e.inputType(0).shape();
        Shape out = e.outputType().shape();
        return new Geom(in.channels(), in.height(), in.width(), out.channels(), out.height(), out.width(),
                a.pair("kernel"), a.pair("stride"), Conv.resolvedPadding(a, in), a.pair("dilation"), a.i("groups"),
                a.b("bias") || Fused.foldedBatchNorm(a) != null, FusedKernels.activationExpression(a, e.precision()),
                Fused.residual(a));
    }

    /**
     * Elements of the scratch data built at once for a chunk of samples (padded input planes of
     * an implicit GEMM, the columns col2im gathers): 32 Mi reals, 128 MiB in fp32, in a scratch
     * buffer all convolutions share. Fewer, larger chunks mean fewer launches
     * (and less generated code) for big batches.
     */
    public static final long COLUMN_LIMIT = 32L << 20;

    /** The most zeros per value (SH·SW) a strided input gradient's upsampled convolution may multiply. */
    static final int MAX_UPSAMPLING = 4;

    /**
     * The most products, relative to the GEMM and col2im, that a stride-1 input gradient computed
     * as a convolution may multiply ({@code inputGradientAsConvolution}): H·W / (OH·OW).
     */
    static final long MAX_FLIPPED_GROWTH = 2;

    /** Columns of a row that col2im sums at once in registers (the whole row when narrower). */
    static final int COL2IM_RUN = 16;

    private static volatile long columnLimit = COLUMN_LIMIT;

    /** Elements of a scratch chunk that fits a CPU's last-level cache with room to spare: 1 Mi reals. */
    static final long CACHED_COLUMNS = 1L << 20;

    /** Chunks per convolution before they may grow past {@link #CACHED_COLUMNS}. */
    static final long MAX_CHUNKS = 8;

    /**
     * Lowers with a smaller im2col limit while {@code body} runs (tests use it to make small
     * convolutions take several chunks); not for concurrent use.
     */
    public static void withColumnLimit(long elements, Runnable body) {
        long before = columnLimit;
        columnLimit = elements;
        try {
            body.run();
        } finally {
            columnLimit = before;
        }
    }

    /**
     * One instance of {@code conv2d.cl}: input {@code [channels, height, width]}, output
     * {@code [filters, outH, outW]}, kernel, stride, resolved padding {@code [top, bottom, left, right]},
     * dilation, groups, bias.
     * {@code activation}: the epilogue's activation as an expression of {@code v} (null: none);
     * {@code residual}: the epilogue adds a tensor of the output's shape (see {@link Fused}).
     */
    record Geom(int channels, int height, int width, int filters, int outH, int outW, int[] kernel, int[] stride,
                int[] pad, int[] dilation, int groups, boolean bias, String activation, boolean residual) {

        /** Without an epilogue. */
        Geom(int channels, int height, int width, int filters, int outH, int outW, int[] kernel, int[] stride,
             int[] pad, int[] dilation, int groups, boolean bias) {
            this(channels, height, width, filters, outH, outW, kernel, stride, pad, dilation, groups, bias, null,
                    false);
        }

        /**
         * The template's constants. With {@code accumulate} false the input gradient overwrites its
         * buffer instead of adding to it (a gradient private to the node, not zeroed beforehand).
         * The trailing padding needs no constant: the output size already accounts for it.
         */
        KernelTemplate.Values values(Emitter e, boolean accumulate) {
            return new KernelTemplate.Values(e.precision()).i("N", e.batch()).i("C", channels).i("H", height)
                    .i("W", width).i("F", filters).i("OH", outH).i("OW", outW).i("KH", kernel[0]).i("KW", kernel[1])
                    .i("SH", stride[0]).i("SW", stride[1]).i("PT", pad[0]).i("PL", pad[2])
                    .i("DH", dilation[0]).i("DW", dilation[1]).i("G", groups).i("CG", channels / groups)
                    .i("FG", filters / groups).i("HAS_BIAS", bias ? 1 : 0).i("ACCUMULATE", accumulate ? 1 : 0)
                    .s("EPILOGUE", Gemm.activate(activation, residual ? "acc + r[idx]" : "acc"))
                    .s("EPILOGUE_ARGS", residual ? ", __global const real* r" : "");
        }

        /**
         * How this convolution is computed: as matrix products (an implicit GEMM over padded phase
         * planes, {@link ConvImplicit}; a 1×1, stride 1, unpadded convolution is a plain GEMM) when
         * it has one group and the options ask for GEMMs (CPUs), else by the direct
         * kernels ({@code conv2d.cl}), which also serve depthwise and grouped convolutions. The
         * kernel names say which (`..._conv_implicit_...`, `..._gemm` or `..._conv2d_...`), so
         * `--emit ir` shows it.
         */
        boolean gemm(Emitter e) {
            return groups == 1 && e.matrixKernels();
        }

        private boolean pointwise() {
            return kernel[0] == 1 && kernel[1] == 1 && stride[0] == 1 && stride[1] == 1 && pad[0] == 0 && pad[1] == 0
                    && pad[2] == 0 && pad[3] == 0;
        }

        /**
         * For a stride-1 convolution, the input gradient as a convolution: dx = conv(dy, w′) with
         * w′[c, f, u, v] = w[f, c, KH − 1 − u, KW − 1 − v], stride 1, the same dilation and
         * padding (KH − 1)·DH − PT (likewise along W), over dy [F, OH, OW] into [C, H, W]: an
         * implicit GEMM over the padded dy that stores C·H·W values, where wᵀ · dy followed by
         * col2im stores C·KH·KW·OH·OW and gathers them again. It multiplies C·F·KH·KW·H·W times
         * against the product's C·F·KH·KW·OH·OW: the same for a "same" convolution, H·W / (OH·OW)
         * times as many for an unpadded one (the zeros of its wide padding). Null when not
         * applicable (strided, or padding wider than the dilated kernel) or when that factor is
         * over {@link #MAX_FLIPPED_GROWTH}. LeNet-5's second convolution (14² against 10², 1.96×)
         * measured 10% faster a training step as a convolution than as the product and col2im
         * (3.02 / 2.71, 3.19 / 2.85, 2.98 / 2.81 ms, `bench --train --batch 64`, 2026-12-07).
         */
        private Geom inputGradientAsConvolution() {
            int pt = (kernel[0] - 1) * dilation[0] - pad[0];
            int pl = (kernel[1] - 1) * dilation[1] - pad[2];
            if (stride[0] != 1 || stride[1] != 1 || pt < 0 || pl < 0
                    || (long) height * width > MAX_FLIPPED_GROWTH * outH * outW) {
                return null;
            }
            return new Geom(filters, outH, outW, channels, height, width, kernel, stride, new int[] {pt, pt, pl, pl},
                    dilation, 1, false, null, false);
        }

        /**
         * For a strided convolution, the input gradient as a stride-1 convolution of dy upsampled
         * by the stride (dy's values at multiples of it, zeros between: z [F, (OH − 1)·SH + 1,
         * (OW − 1)·SW + 1]) with the flipped weights w′ (as {@link #inputGradientAsConvolution}),
         * padded (KH − 1)·DH − PT before and so that H rows come out after: dx[h] = Σ_u z[h − PT′ +
         * u·DH]·w′[u] is Σ over i·SH + (KH − 1 − u)·DH − PT = h of dy[i]·w[KH − 1 − u], the
         * definition. It multiplies SH·SW times the products it needs (the zeros), against
         * wᵀ · dy and col2im, which write and gather again C·KH·KW·OH·OW values; so only for
         * SH·SW ≤ {@value #MAX_UPSAMPLING} (stride 2), and null otherwise, for a 1×1 kernel (whose
         * col2im moves no more than dx: measured slower upsampled on ResNet-20's shortcuts) or
         * when the padding is wider than the dilated kernel.
         */
        private Geom inputGradientAsUpsampledConvolution() {
            if (stride[0] * stride[1] == 1 || stride[0] * stride[1] > MAX_UPSAMPLING || kernel[0] * kernel[1] == 1) {
                return null;
            }
            int lh = (outH - 1) * stride[0] + 1;
            int lw = (outW - 1) * stride[1] + 1;
            int ek = (kernel[0] - 1) * dilation[0];
            int ew = (kernel[1] - 1) * dilation[1];
            int pt = ek - pad[0];
            int pl = ew - pad[2];
            int pb = height - lh - pt + ek;
            int pr = width - lw - pl + ew;
            if (pt < 0 || pl < 0 || pb < 0 || pr < 0) {
                return null;
            }
            return new Geom(filters, lh, lw, channels, height, width, kernel, new int[] {1, 1},
                    new int[] {pt, pb, pl, pr}, dilation, 1, false, null, false);
        }

        /** Weights per filter, the rows of an im2col matrix: C·KH·KW. */
        private int k() {
            return channels * kernel[0] * kernel[1];
        }

        /** Output positions, the columns of an im2col matrix: OH·OW. */
        private int p() {
            return outH * outW;
        }

        /**
         * Samples whose col2im columns (C·KH·KW × OH·OW each) are built at once: at most
         * {@link #COLUMN_LIMIT} reals, and no more than {@link #CACHED_COLUMNS} unless that would
         * take over {@link #MAX_CHUNKS} chunks. Small chunks stay in cache between the kernel that
         * writes them and the one that reads them; the bound on chunks keeps big batches from
         * unrolling into thousands of launches.
         */
        private int chunk(int batch) {
            return chunk(batch, (long) k() * p());
        }

        /** As {@link #chunk(int)} for scratch data of {@code perSample} reals per sample. */
        private static int chunk(int batch, long perSample) {
            long limit = Math.min(columnLimit, Math.max(CACHED_COLUMNS, batch * perSample / MAX_CHUNKS));
            return (int) Math.max(1, Math.min(batch, limit / perSample));
        }

        /**
         * The kernels of {@code conv_gemm.cl}. The sizes stay constants: these kernels are small and
         * cheap to build, and with constant sizes their index arithmetic is multiplications rather
         * than divisions (measured: as arguments, col2im and flip took ten times as long).
         */
        private String gemmKernels(Emitter e, boolean accumulate, String dyStorage, String dxStorage) {
            return e.kernels("conv_gemm", new KernelTemplate.Values(e.precision()).s("DYT", dyStorage)
                    .s("DXT", dxStorage).i("C", channels).i("H", height)
                    .i("W", width).i("OH", outH).i("OW", outW).i("KH", kernel[0]).i("KW", kernel[1])
                    .i("SH", stride[0]).i("SW", stride[1]).i("PT", pad[0]).i("PL", pad[2]).i("DH", dilation[0])
                    .i("DW", dilation[1]).i("K", k()).i("P", p()).i("F", filters)
                    .i("CW", Math.min(width, COL2IM_RUN))
                    .s("V", e.precision().cType() + "16").i("ACCUMULATE", accumulate ? 1 : 0));
        }

        /** {@code y = conv(x, w) + b} without an epilogue (see the overload). */
        void forward(Emitter e, boolean accumulate, Program.BufferRef x, Program.BufferRef w, Program.BufferRef b,
                     Program.BufferRef y) {
            forward(e, accumulate, x, w, b, y, null, null);
        }

        /**
         * {@code y = act(conv(x, w) + b + r)}; {@code b} is null without a bias, {@code r} without a
         * residual, the activation is this geometry's. {@code accumulate} is the backward's (see
         * {@link #values}): passed here too so both share one kernel instance. With {@code stats}
         * (else null) the partial batch statistics of y are left there ({@link FusedKernels#statisticsBuffer}).
         */
        void forward(Emitter e, boolean accumulate, Program.BufferRef x, Program.BufferRef w, Program.BufferRef b,
                     Program.BufferRef y, Program.BufferRef r, Program.BufferRef stats) {
            if (gemm(e) && !pointwise()) { // the implicit GEMM gathers the statistics as it stores
                ConvImplicit implicit = ConvImplicit.of(this);
                implicit.forward(e, chunk(e.batch(), implicit.perSample()), x, w, b, y, r, false, stats);
                return;
            }
            productForward(e, accumulate, x, w, b, y, r);
            if (stats != null) {
                String k = e.kernels("batch_statistics", new KernelTemplate.Values(e.precision())
                        .s("V", e.precision().cType() + "16").s("YT", e.storage(y)));
                e.launch(k + "_blocks", (long) e.batch() * filters, y, stats, p());
            }
        }

        /** The forward by the direct kernels or as matrix products ({@link #gemm}). */
        private void productForward(Emitter e, boolean accumulate, Program.BufferRef x, Program.BufferRef w,
                                    Program.BufferRef b, Program.BufferRef y, Program.BufferRef r) {
            if (!gemm(e)) {
                String k = e.kernels(TEMPLATE, values(e, accumulate));
                // Without a bias the kernel never reads b; pass the weight so the argument is a valid buffer.
                long outputs = (long) e.batch() * filters * outH * outW;
                if (residual) {
                    e.launch(k + "_forward", outputs, x, w, b == null ? w : b, y, r);
                } else {
                    e.launch(k + "_forward", outputs, x, w, b == null ? w : b, y);
                }
                return;
            }
            gemmForward(e, x, w, b, y, r, false);
        }

        /**
         * The forward as matrix products: an implicit GEMM ({@link ConvImplicit}), or for a
         * pointwise convolution y = w · x per sample; {@code r}: the epilogue's residual (null
         * without); with {@code add} (no epilogue) the product is added to {@code y}.
         */
        private void gemmForward(Emitter e, Program.BufferRef x, Program.BufferRef w, Program.BufferRef b,
                                 Program.BufferRef y, Program.BufferRef r, boolean add) {
            if (!pointwise()) {
                ConvImplicit implicit = ConvImplicit.of(this);
                implicit.forward(e, chunk(e.batch(), implicit.perSample()), x, w, b, y, r, add, null);
                return;
            }
            int n = e.batch();
            Gemm.Spec spec = Gemm.Spec.of(filters, p(), k()).withBias(b == null ? Gemm.Bias.NONE : Gemm.Bias.ROW)
                    .withEpilogue(activation, residual);
            if (add) {
                spec = spec.accumulating();
            }
            Gemm.emit(e, spec.batched(n, 0, (long) channels * height * width, (long) filters * p()), w, 0, x, 0, y, 0,
                    b, r, 0);
        }

        /**
         * Adds the gradients; {@code dx} (no input gradient wanted) and {@code db} (no bias) may
         * be null. With {@code accumulate} false the input gradient is overwritten.
         */
        void backward(Emitter e, boolean accumulate, Program.BufferRef x, Program.BufferRef w, Program.BufferRef dy,
                      Program.BufferRef dx, Program.BufferRef dw, Program.BufferRef db) {
            if (!gemm(e)) {
                String k = e.kernels(TEMPLATE, values(e, accumulate));
                if (dx != null) {
                    e.launch(k + "_backward_input", (long) e.batch() * channels * height * width, dy, w, dx);
                }
                e.launch(k + "_backward_weight", (long) filters * (channels / groups) * kernel[0] * kernel[1], dy, x,
                        dw);
                if (db != null) {
                    e.launch(k + "_backward_bias", filters, dy, db);
                }
                return;
            }
            int n = e.batch();
            int chunk = chunk(n);
            long kp = (long) k() * p();
            long fp = (long) filters * p();
            String k = gemmKernels(e, accumulate, e.storage(dy), e.storage(dx));
            ConvImplicit implicit = ConvImplicit.of(this);
            implicit.weightGradient(e, chunk(n, implicit.perSample()), x, dy, dw);
            // dx (+)= a convolution of dy with the flipped weights (stride 1), or col2im(wᵀ · dy), or
            // wᵀ · dy straight into dx for a pointwise conv
            Geom flipped = dx == null || pointwise() ? null : inputGradientAsConvolution();
            Geom upsampled = dx == null || flipped != null ? null : inputGradientAsUpsampledConvolution();
            if (flipped != null) {
                Program.BufferRef wf = e.scratch("flipped_weight", (long) filters * k());
                e.launch(k + "_flip", (long) filters * k(), w, wf);
                flipped.gemmForward(e, dy, wf, null, dx, null, accumulate);
            } else if (upsampled != null) {
                Program.BufferRef wf = e.scratch("flipped_weight", (long) filters * k());
                e.launch(k + "_flip", (long) filters * k(), w, wf);
                ConvImplicit up = ConvImplicit.upsampled(upsampled, stride[0], stride[1]);
                up.forward(e, chunk(n, up.perSample()), dy, wf, null, dx, null, accumulate, null);
            } else if (dx != null) {
                Gemm.Spec dxSpec = Gemm.Spec.of(k(), p(), filters).a(1, k());
                for (int s0 = 0; s0 < n; s0 += chunk) {
                    int cn = Math.min(chunk, n - s0);
                    Gemm.Spec batch = dxSpec.batched(cn, 0, fp, kp);
                    if (pointwise()) {
                        Gemm.emit(e, accumulate ? batch.accumulating() : batch, w, 0, dy, (long) s0 * fp, dx,
                                (long) s0 * kp, null);
                    } else {
                        Program.BufferRef dcol = e.scratch("dcol", chunk * kp);
                        Gemm.emit(e, batch, w, 0, dy, (long) s0 * fp, dcol, 0, null);
                        e.launch(k + "_col2im", (long) cn * channels * height, dcol, dx, s0);
                    }
                }
            }
            if (db != null) {
                long blocks = (long) e.batch() * filters;
                Program.BufferRef part = e.scratch("bias_blocks", blocks);
                e.launch(k + "_bias_blocks", blocks, dy, part);
                e.launch(k + "_bias_sum", filters, part, db, e.batch());
            }
        }
    }
}
