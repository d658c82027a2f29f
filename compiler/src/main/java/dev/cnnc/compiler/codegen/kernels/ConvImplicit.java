package dev.cnnc.compiler.codegen.kernels;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.Gemm;
import dev.cnnc.compiler.codegen.GemmTiling;
import dev.cnnc.compiler.codegen.GemmTuner;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.codegen.Lowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.codegen.TuneBench;
import dev.cnnc.compiler.codegen.Tunable;
import dev.cnnc.compiler.codegen.Tuning;
import dev.cnnc.runtime.opencl.ClBuffer;
import dev.cnnc.runtime.opencl.ClDevice;
import dev.cnnc.runtime.opencl.ClKernel;
import dev.cnnc.runtime.opencl.Program;
import dev.cnnc.train.Reals;
import java.util.ArrayList;
import java.util.List;

/**
 * A one-group convolution as implicit matrix products ({@code kernels/conv_implicit.cl}), for CPUs:
 * the forward (and a stride-1 input gradient computed as a convolution) reads the GEMM's B
 * operand straight from a zero-padded copy of the input, split into phase planes by the stride
 * so that every tap reads contiguous runs, and the weight gradient is a reduction over the same
 * planes; neither builds an im2col matrix (C·KH·KW values per output position, written and read
 * back). See the template for the layout.
 *
 * <p>Pieces: each output row is cut into {@link #segments} pieces of {@link #lanes} columns (16
 * for rows wider than 8, else 8 or 4: one piece per row), and {@code 16 / lanes} consecutive
 * pieces make one 16-wide vector, so narrow rows (CIFAR's 8×8) still fill vectors.
 */
final class ConvImplicit {
    /** Zeros after the last padded plane: the furthest a piece's load runs past its row (< 16). */
    static final int SLACK = 16;

    private final ConvKernels.Geom g;
    /** Rows and columns of a phase plane. */
    private final int qh;
    private final int qw;
    /** The row phases (u·DH mod SH over the taps u) and column phases that taps read, ascending. */
    private final int[] rowPhases;
    private final int[] colPhases;
    private final int lanes;
    private final int segments;
    /**
     * Upsampling of the input (1, 1 normally): the padding kernel reads x as if u − 1 zeros stood
     * between its rows (columns), so that x [C, (H − 1)/UH + 1, (W − 1)/UW + 1] acts as the
     * [C, H, W] input of the geometry. A strided convolution's input gradient is such a
     * convolution of dy ({@link #upsampled}).
     */
    private final int uh;
    private final int uw;

    private ConvImplicit(ConvKernels.Geom g) {
        this(g, 1, 1);
    }

    private ConvImplicit(ConvKernels.Geom g, int uh, int uw) {
        this.g = g;
        this.uh = uh;
        this.uw = uw;
        this.qh = g.outH() + (g.kernel()[0] - 1) * g.dilation()[0] / g.stride()[0];
        this.qw = g.outW() + (g.kernel()[1] - 1) * g.dilation()[1] / g.stride()[1];
        this.rowPhases = phases(g.kernel()[0], g.dilation()[0], g.stride()[0]);
        this.colPhases = phases(g.kernel()[1], g.dilation()[1], g.stride()[1]);
        this.lanes = g.outW() > 8 ? 16 : g.outW() > 4 ? 8 : 4;
        this.segments = (g.outW() + lanes - 1) / lanes;
    }

    /** The implicit form of {@code g}, or null when it has groups. */
    static ConvImplicit of(ConvKernels.Geom g) {
        return g.groups() == 1 ? new ConvImplicit(g) : null;
    }

    /**
     * {@code g} (groups 1, stride 1) over its input upsampled by ({@code uh}, {@code uw}): the
     * input buffer holds only the rows and columns at multiples of the factors; the rest are zeros.
     */
    static ConvImplicit upsampled(ConvKernels.Geom g, int uh, int uw) {
        if (g.groups() != 1 || g.stride()[0] != 1 || g.stride()[1] != 1
                || (g.height() - 1) % uh != 0 || (g.width() - 1) % uw != 0) {
            throw new IllegalArgumentException("no upsampled implicit GEMM for " + g);
        }
        return new ConvImplicit(g, uh, uw);
    }

    private static int[] phases(int kernel, int dilation, int stride) {
        return java.util.stream.IntStream.range(0, kernel).map(u -> u * dilation % stride).distinct().sorted()
                .toArray();
    }

    private static int indexOf(int[] a, int v) {
        return java.util.Arrays.binarySearch(a, v);
    }

    /** Reals of one channel's phase planes. */
    private long plane() {
        return (long) rowPhases.length * colPhases.length * qh * qw;
    }

    /** Reals of one sample's phase planes. */
    long perSample() {
        return g.channels() * plane();
    }

    /** Where tap row u starts in a channel's phase planes (its phase plane's row). */
    private long rowOffset(int u) {
        int r = u * g.dilation()[0];
        return ((long) indexOf(rowPhases, r % g.stride()[0]) * colPhases.length * qh + r / g.stride()[0]) * qw;
    }

    /** Where tap column v starts, from its row's offset. */
    private long colOffset(int v) {
        int r = v * g.dilation()[1];
        return (long) indexOf(colPhases, r % g.stride()[1]) * qh * qw + r / g.stride()[1];
    }

    private static String list(java.util.stream.LongStream values) {
        return values.mapToObj(Long::toString).collect(java.util.stream.Collectors.joining(", "));
    }

    private int taps() {
        return g.kernel()[0] * g.kernel()[1];
    }

    private int k() {
        return g.channels() * taps();
    }

    private int piecesPerVector() {
        return 16 / lanes;
    }

    /** Pieces of the output plane: rows × segments. */
    private int pieces() {
        return g.outH() * segments;
    }

    /** Filters per forward work-item: the tiling's rows, fewer when there are fewer filters. */
    private int forwardRows(GemmTiling t) {
        return Math.min(t.rows(), g.filters());
    }

    /** Filters per weight-gradient work-item: about 24 accumulators with all KW taps. */
    private int weightRows() {
        return Math.max(1, Math.min(8, 24 / g.kernel()[1]));
    }

    private static String vec(Precision p) {
        return p.cType() + "16";
    }

    /**
     * The values of {@code conv_implicit.cl} (the weight gradient); the channels and filters are
     * its kernel's last arguments, so convolutions that differ only in them share it (measured: no
     * slower than with them constant; docs/performance.md).
     */
    private KernelTemplate.Values values(Emitter e, String dyStorage) {
        return new KernelTemplate.Values(e.precision()).s("DYT", dyStorage).i("H", g.height()).i("W", g.width()).i("OH", g.outH()).i("OW", g.outW()).i("QH", qh).i("QW", qw)
                .i("SH", g.stride()[0]).i("SW", g.stride()[1])
                .s("RA", list(java.util.Arrays.stream(rowPhases).asLongStream()))
                .s("RB", list(java.util.Arrays.stream(colPhases).asLongStream()))
                .s("ROWS", rows()).i("KH", g.kernel()[0]).i("KW", g.kernel()[1]).i("DH", g.dilation()[0])
                .i("DW", g.dilation()[1]).i("LW", lanes).i("S", segments).i("LAST", last())
                .i("PPV", piecesPerVector()).i("SLACK", SLACK).s("V", vec(e.precision())).i("TF", weightRows())
                .s("WEIGHT", weightBody(e, dyStorage));
    }

    /**
     * The values of {@code conv_implicit_forward.cl}: {@code add} adds the product into y (no
     * epilogue), {@code stats} gathers batch statistics. The sizes stay constants (measured: with
     * the channels, filters and output rows as arguments, ResNet-20's convolutions took 15-30%
     * longer; docs/performance.md).
     */
    private KernelTemplate.Values forwardValues(Precision p, GemmTiling t, boolean add, boolean stats) {
        return forwardValues(p, t, add, stats, "real", "real");
    }

    /** As {@link #forwardValues(Precision, GemmTiling, boolean, boolean)} with y and the residual stored as given. */
    private KernelTemplate.Values forwardValues(Precision p, GemmTiling t, boolean add, boolean stats, String yt,
                                                String rt) {
        boolean flags = plain();
        String shape = String.format(java.util.Locale.ROOT, "%dx%dx%d (filters x output positions x C*KH*KW)",
                g.filters(), g.outH() * g.outW(), k());
        return new KernelTemplate.Values(p).i("C", g.channels()).i("F", g.filters()).i("OH", g.outH())
                .i("OW", g.outW()).i("OHW", (long) g.outH() * g.outW()).i("QH", qh).i("QW", qw).i("PLANE", plane())
                .i("K", k()).i("LW", lanes).i("S", segments)
                .i("LAST", last()).i("PPV", piecesPerVector()).s("V", vec(p)).i("TM", forwardRows(t)).i("NV", t.vectors())
                .i("PPT", piecesPerTile(t)).i("TN", t.columns()).s("SHAPE", shape + ", tiling " + t)
                .s("BIAS_ARGS", g.bias() ? ",\n                                __global const real* bias" : "")
                .s("EPILOGUE_ARGS", g.residual() ? ", __global const " + rt + "* R" : "").s("YT", yt)
                .s("STATS_ARGS", flags ? ", __global real* tstats, const long st_off, const int stats, const int add"
                        : stats ? ", __global real* tstats, const long st_off" : "")
                .s("FORWARD", forwardBody(p, t, add, stats, flags, yt, rt));
    }

    /**
     * Whether the forward's epilogue is plain (no bias, residual or activation): a convolution
     * before a batchnorm, or an input gradient computed as a convolution. Its kernel then takes
     * {@code stats} and {@code add} as arguments, so a layer's forward (which gathers batch
     * statistics) and the input gradient of a convolution of the same geometry (which may add into
     * y) are one kernel, compiled once. Both flags are read outside the loop over taps (measured:
     * the same step time; docs/performance.md).
     */
    private boolean plain() {
        return !g.bias() && !g.residual() && g.activation() == null;
    }

    private String rows() {
        return list(java.util.stream.IntStream.range(0, g.kernel()[0]).mapToLong(this::rowOffset));
    }

    /** Columns of a row's last piece. */
    private int last() {
        return g.outW() - (segments - 1) * lanes;
    }

    private int piecesPerTile(GemmTiling t) {
        return t.vectors() * piecesPerVector();
    }

    /** Column tiles of the forward (per sample). */
    private int tiles(GemmTiling t) {
        return (pieces() + piecesPerTile(t) - 1) / piecesPerTile(t);
    }

    /** Pads {@code cn} samples of {@code x} from sample {@code s0} into {@code xp}. */
    private void pad(Emitter e, Program.BufferRef x, Program.BufferRef xp, int s0, int cn) {
        int xh = (g.height() - 1) / uh + 1;
        int xw = (g.width() - 1) / uw + 1;
        String k = e.kernels("conv_pad", padValues(e).s("XT", e.storage(x)));
        e.launch(k + "_pad", (long) cn * g.channels() * rowPhases.length * colPhases.length * qh, x, xp,
                (long) s0 * g.channels() * xh * xw);
    }

    /**
     * The values of {@code conv_pad.cl}: the input's geometry, padding and stride only. They stay
     * constants: with them the kernel has no loops left, and PoCL then runs 16 work-items at once
     * in vectors (measured: as arguments, the padding took twice as long; docs/performance.md).
     */
    private KernelTemplate.Values padValues(Emitter e) {
        return new KernelTemplate.Values(e.precision()).i("H", g.height()).i("W", g.width())
                .i("UH", uh).i("UW", uw).i("XH", (g.height() - 1) / uh + 1).i("XW", (g.width() - 1) / uw + 1)
                .i("QH", qh).i("QW", qw).i("PT", g.pad()[0]).i("PL", g.pad()[2])
                .i("SH", g.stride()[0]).i("SW", g.stride()[1]).i("NA", rowPhases.length).i("NB", colPhases.length)
                .s("RA", list(java.util.Arrays.stream(rowPhases).asLongStream()))
                .s("RB", list(java.util.Arrays.stream(colPhases).asLongStream())).i("SLACK", SLACK);
    }

    /** A scratch buffer for {@code samples} padded samples. */
    Program.BufferRef padded(Emitter e, int samples) {
        return e.scratch("padded", samples * perSample() + SLACK);
    }

    /**
     * {@code y = act(conv(x, w) + b + r)} ({@code b}, {@code r} null without), {@code chunk} samples at a
     * time; {@code add}: {@code y += conv(x, w)} (no epilogue).
     */
    void forward(Emitter e, int chunk, Program.BufferRef x, Program.BufferRef w,
                 Program.BufferRef b, Program.BufferRef y, Program.BufferRef r, boolean add, Program.BufferRef stats) {
        Product product = new Product(g, Math.min(chunk, e.batch()));
        Tuning.Choice choice = e.gemmTiling(product);
        GemmTiling t = choice.tiling();
        String k = e.kernels("conv_implicit_forward", forwardValues(e.precision(), t, add, stats != null,
                e.storage(y), e.storage(r)));
        e.gemmUsed(k + "_forward", product, choice);
        long[] global = product.global(t); // a fresh array: its sample count is set per chunk below
        long fp = (long) g.filters() * g.outH() * g.outW();
        long tileStats = 3L * g.filters() * tiles(t);
        Program.BufferRef perTile = stats == null ? null : e.scratch("batch_statistics_tiles", e.batch() * tileStats);
        int n = e.batch();
        for (int s0 = 0; s0 < n; s0 += chunk) {
            int cn = Math.min(chunk, n - s0);
            Program.BufferRef xp = padded(e, chunk);
            pad(e, x, xp, s0, cn);
            global[2] = cn;
            long yOff = s0 * fp;
            List<Object> args = new ArrayList<>(List.of(w, xp, y, yOff));
            if (g.bias()) {
                args.add(b);
            }
            if (g.residual()) {
                args.add(r);
            }
            if (plain()) { // (without statistics the planes stand in for tstats, never written)
                args.add(stats == null ? xp : perTile);
                args.add(stats == null ? 0L : s0 * tileStats);
                args.add(stats == null ? 0 : 1);
                args.add(add ? 1 : 0);
            } else if (stats != null) {
                args.add(perTile);
                args.add(s0 * tileStats);
            }
            e.launch(k + "_forward", global.clone(), new long[] {t.groupFor(global[0]), 1, 1}, args.toArray());
        }
        if (stats != null) {
            String sk = e.kernels("batch_statistics", new KernelTemplate.Values(e.precision())
                    .s("V", vec(e.precision())).s("YT", e.storage(y)));
            e.launch(sk + "_tiles", (long) n * g.filters(), perTile, stats, tiles(t));
        }
    }


    /**
     * {@code dw += Σ_samples dy ⋆ x} over the batch, a chunk of {@code chunk} samples at a time.
     * Each chunk's samples are split into parts (whole samples each, {@link #parts}); the parts'
     * sums are then added in order. Work-groups are the {@code KH} work-items of one channel,
     * filter tile and part (one per tap row), which read the same dy and neighbouring rows of the
     * same plane while both are in the core's cache.
     */
    void weightGradient(Emitter e, int chunk, Program.BufferRef x, Program.BufferRef dy,
                        Program.BufferRef dw) {
        int n = e.batch();
        long rowTaps = (long) g.channels() * g.kernel()[0];
        long filterTiles = (g.filters() + weightRows() - 1) / weightRows();
        long dyBytesPerSample = (long) weightRows() * g.outH() * g.outW() * e.precision().bytes();
        long fp = (long) g.filters() * g.outH() * g.outW();
        long fk = (long) g.filters() * k();
        String k = e.kernels("conv_implicit", values(e, e.storage(dy)));
        long[] local = {g.kernel()[0], 1, 1};
        for (int s0 = 0; s0 < n; s0 += chunk) {
            int cn = Math.min(chunk, n - s0);
            int parts = parts(cn, rowTaps * filterTiles, dyBytesPerSample);
            Program.BufferRef xp = padded(e, chunk);
            pad(e, x, xp, s0, cn);
            long[] global = {rowTaps, filterTiles, parts};
            if (parts == 1) {
                e.launch(k + "_weight", global, local, dy, s0 * fp, xp, dw, cn / parts, 1, g.channels(), g.filters());
            } else {
                Program.BufferRef part = e.scratch("weight_partials", parts * fk);
                e.launch(k + "_weight", global, local, dy, s0 * fp, xp, part, cn / parts, 0, g.channels(), g.filters());
                KernelTemplate.Values v = new KernelTemplate.Values(e.precision()).s("ACC", "*c + ").s("BIAS", "");
                e.launch(e.kernels("gemm_reduce", v) + "_reduce", new long[] {k(), g.filters()}, null, part, dw, 0L,
                        part, fk, (long) k(), parts);
            }
        }
    }

    /**
     * The forward kernel's product as tilings see it ({@link Tunable}): the geometry's sizes and the
     * samples of a launch, not its epilogue, bias or statistics (they change only the stores), nor
     * the padding or upsampling (the padding kernel's business). A tiling's rows are the filters
     * per work-item, its vectors the 16-wide vectors of output positions, its group width the
     * work-items per group along the filter tiles.
     */
    static final class Product implements Tunable {
        private final ConvImplicit plain;
        private final int samples;

        Product(ConvKernels.Geom g, int samples) {
            this.plain = new ConvImplicit(new ConvKernels.Geom(g.channels(), g.height(), g.width(), g.filters(),
                    g.outH(), g.outW(), g.kernel(), g.stride(), g.pad(), g.dilation(), 1, false));
            this.samples = samples;
        }

        @Override
        public String key() {
            ConvKernels.Geom g = plain.g;
            return String.format(java.util.Locale.ROOT, "conv C=%d F=%d OH=%d OW=%d K=%dx%d S=%dx%d D=%dx%d samples=%d",
                    g.channels(), g.filters(), g.outH(), g.outW(), g.kernel()[0], g.kernel()[1], g.stride()[0],
                    g.stride()[1], g.dilation()[0], g.dilation()[1], samples);
        }

        @Override
        public double macs() {
            return (double) plain.g.filters() * plain.g.outH() * plain.g.outW() * plain.k() * samples;
        }

        /** Work-items: filter tiles, position tiles, samples. */
        long[] global(GemmTiling t) {
            int rows = plain.forwardRows(t);
            return new long[] {(plain.g.filters() + rows - 1) / rows, plain.tiles(t), samples};
        }

        @Override
        public TuneBench bench(ClDevice device, Precision precision) {
            return new Bench(device, precision, this);
        }
    }

    /** A convolution's forward alone, over random weights and phase planes, for {@code cnnc tune}. */
    private static final class Bench extends TuneBench {
        private final Product product;
        private final ClBuffer w;
        private final ClBuffer xp;
        private final ClBuffer y;
        private final int outputs;

        Bench(ClDevice device, Precision precision, Product product) {
            super(device, precision);
            this.product = product;
            ConvImplicit c = product.plain;
            long weights = (long) c.g.filters() * c.k();
            long planes = product.samples * c.perSample() + SLACK;
            outputs = (int) ((long) product.samples * c.g.filters() * c.g.outH() * c.g.outW());
            try {
                w = allocate(weights);
                xp = allocate(planes);
                y = allocate(outputs);
                java.util.Random r = new java.util.Random(1);
                boolean fp64 = precision == Precision.FP64;
                Reals.write(w, random(r, weights), fp64);
                Reals.write(xp, random(r, planes), fp64);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        public String key() {
            return product.key();
        }

        @Override
        public long[] global(GemmTiling t) {
            return product.global(t);
        }

        @Override
        public long[] local(GemmTiling t) {
            return new long[] {t.groupFor(product.global(t)[0]), 1, 1};
        }

        @Override
        protected String source(GemmTiling t, String name) {
            return Lowering.prelude(precision) + KernelTemplate.load("conv_implicit_forward").render(
                    GemmTuner.withKernel(product.plain.forwardValues(precision, t, false, false), name));
        }

        @Override
        protected String function(String name) {
            return name + "_forward";
        }

        @Override
        protected void bind(ClKernel k) {
            if (product.plain.plain()) {
                k.args(w, xp, y, 0L, y, 0L, 0, 0); // no statistics (y stands in for tstats), no adding
            } else {
                k.args(w, xp, y, 0L);
            }
        }

        @Override
        protected void reset() {
            // the forward overwrites every output
        }

        @Override
        protected double[] output() {
            return Reals.read(y, outputs, precision == Precision.FP64);
        }
    }

    /** Work-items a weight gradient should have at least: fewer leave cores idle. */
    static final long MIN_WORK_ITEMS = 64;

    /**
     * The most dy bytes a weight-gradient work-item should read per part (a core's L1 data cache
     * is 32–48 KiB): with more, each (c, u) work-item streams its filters' dy over all samples
     * from memory again. Measured on ResNet-20 b32 (bench --profile, 2-core PoCL): weight
     * gradients 12.4–14.9 ms per step with one part per chunk, 9.1–10.4 ms with this bound
     * (partial sums then cost 0.7–1.0 ms more).
     */
    static final long PART_BYTES = 32 * 1024;

    /**
     * Parts of a chunk of {@code samples}, {@code tiles} work-items each, {@code bytesPerSample}
     * of dy read per work-item and sample: the smallest divisor of {@code samples} that gives at
     * least {@link #MIN_WORK_ITEMS} work-items and at most {@link #PART_BYTES} per work-item, else
     * one part per sample.
     */
    static int parts(int samples, long tiles, long bytesPerSample) {
        for (int d = 1; d < samples; d++) {
            if (samples % d == 0 && d * tiles >= MIN_WORK_ITEMS && samples / d * bytesPerSample <= PART_BYTES) {
                return d;
            }
        }
        return samples;
    }

    // ------------------------------------------------------------------ generated bodies

    /** An expression of type real{width} of {@code count} reals loaded from {@code p}, the rest 0. */
    static String load(String real, String p, int count, int width) {
        return load(real, "real", p, count, width);
    }

    /** As {@link #load(String, String, int, int)} from {@code p} stored as {@code storage} (real or half). */
    static String load(String real, String storage, String p, int count, int width) {
        boolean half = storage.equals("half");
        if (count >= width) {
            return (half ? "vload_half" : "vload") + width + "(0, " + p + ")";
        }
        StringBuilder b = new StringBuilder("(" + real + width + ")(");
        int done = 0;
        boolean first = true;
        for (int w = 8; w >= 1; w /= 2) {
            if (count - done >= w) {
                b.append(first ? "" : ", ").append(w == 1 ? (half ? "LOAD_half(" + p + ", " + done + ")"
                        : "(" + p + ")[" + done + "]") : (half ? "vload_half" : "vload") + w + "(0, " + p
                        + (done == 0 ? "" : " + " + done) + ")");
                done += w;
                first = false;
            }
        }
        for (; done < width; done++) {
            b.append(", (").append(real).append(")0");
        }
        return b.append(")").toString();
    }

    /** The 16 lanes of pieces at {@code ptrs} (each {@link #lanes} wide; {@code count} of each loaded, the rest 0). */
    private String vector(String real, String[] ptrs, int count) {
        return vector(real, "real", ptrs, count);
    }

    /** As {@link #vector(String, String[], int)} from pointers to {@code storage} (real or half). */
    private String vector(String real, String storage, String[] ptrs, int count) {
        if (ptrs.length == 1) {
            return load(real, storage, ptrs[0], count, 16);
        }
        StringBuilder b = new StringBuilder("(" + real + "16)(");
        for (int i = 0; i < ptrs.length; i++) {
            b.append(i == 0 ? "" : ", ").append(ptrs[i] == null ? "(" + real + lanes + ")0"
                    : load(real, storage, ptrs[i], count, lanes));
        }
        return b.append(")").toString();
    }

    private static final String[] SWIZZLE = {"0123456789abcdef"};

    /** Lanes {@code [from, from + width)} of a 16-vector expression. */
    private static String lanesOf(String v, int from, int width) {
        return width == 16 ? v : v + ".s" + SWIZZLE[0].substring(from, from + width);
    }

    private String forwardBody(Precision p, GemmTiling t, boolean addConst, boolean statsConst, boolean flags,
                               String yt, String rt) {
        // with flags, stats and add are the kernel's arguments: the statistics code is there, run when asked
        boolean stats = flags || statsConst;
        String add = flags ? "add" : addConst ? "1" : null;
        String real = p.cType();
        String vec = vec(p);
        int tm = forwardRows(t);
        int vectors = t.vectors();
        int ppv = piecesPerVector();
        int ppt = vectors * ppv;
        int kw = g.kernel()[1];
        StringBuilder b = new StringBuilder();
        String in = "    ";
        for (int r = 0; r < tm; r++) {
            b.append(in).append("const int r").append(r).append(" = min(m0 + ").append(r).append(", ")
                    .append(g.filters() - 1).append(");\n");
            b.append(in).append("__global const real* A").append(r).append(" = A + (size_t)r").append(r)
                    .append(" * ").append(k()).append(";\n");
        }
        // pieces: q = t·PPT + j → output row oy, segment; in: offset in a padded plane, out: in y's plane
        for (int j = 0; j < ppt; j++) {
            b.append(in).append("const int q").append(j).append(" = min(t * ").append(ppt).append(" + ").append(j)
                    .append(", ").append(pieces() - 1).append(");\n");
            String oy = segments == 1 ? "q" + j : "(q" + j + " / " + segments + ")";
            String seg = segments == 1 ? "0" : "(q" + j + " % " + segments + ")";
            b.append(in).append("const int in").append(j).append(" = ").append(oy).append(" * ").append(qw)
                    .append(" + ").append(seg).append(" * ").append(lanes).append(";\n");
            b.append(in).append("const int out").append(j).append(" = ").append(oy).append(" * ").append(g.outW())
                    .append(" + ").append(seg).append(" * ").append(lanes).append(";\n");
        }
        for (int r = 0; r < tm; r++) {
            for (int v = 0; v < vectors; v++) {
                b.append(in).append(vec).append(" acc").append(r).append('_').append(v).append(" = (").append(vec)
                        .append(")0;\n");
            }
        }
        boolean unrollRows = taps() <= 25;
        b.append(in).append("for (int c = 0; c < ").append(g.channels()).append("; c++) {\n");
        b.append(in).append("    __global const real* Pc = Pz + (size_t)c * ").append(plane()).append(";\n");
        b.append(in).append("    const int kc = c * ").append(taps()).append(";\n");
        String tin = in + "    ";
        if (!unrollRows) {
            b.insert(0, in + "const int rows[" + g.kernel()[0] + "] = {" + rows() + "};\n");
            b.append(tin).append("for (int u = 0; u < ").append(g.kernel()[0]).append("; u++) {\n");
            tin += "    ";
            b.append(tin).append("__global const real* Pu = Pc + rows[u];\n");
            b.append(tin).append("const int ku = kc + u * ").append(kw).append(";\n");
        }
        for (int u = 0; u < (unrollRows ? g.kernel()[0] : 1); u++) {
            for (int v = 0; v < kw; v++) {
                String base = unrollRows ? "Pc + " + (rowOffset(u) + colOffset(v)) : "Pu + " + colOffset(v);
                String tap = unrollRows ? "kc + " + (u * kw + v) : "ku + " + v;
                b.append(tin).append("{\n");
                for (int vv = 0; vv < vectors; vv++) {
                    String[] ptrs = new String[ppv];
                    for (int i = 0; i < ppv; i++) {
                        ptrs[i] = base + " + in" + (vv * ppv + i);
                    }
                    b.append(tin).append("    const ").append(vec).append(" b").append(vv).append(" = ")
                            .append(vector(real, ptrs, lanes)).append(";\n");
                }
                for (int r = 0; r < tm; r++) {
                    b.append(tin).append("    const ").append(vec).append(" a").append(r).append(" = (").append(vec)
                            .append(")(A").append(r).append('[').append(tap).append("]);\n");
                    for (int vv = 0; vv < vectors; vv++) {
                        b.append(tin).append("    acc").append(r).append('_').append(vv).append(" = fma(a").append(r)
                                .append(", b").append(vv).append(", acc").append(r).append('_').append(vv)
                                .append(");\n");
                    }
                }
                b.append(tin).append("}\n");
            }
        }
        if (!unrollRows) {
            b.append(in).append("    }\n");
        }
        b.append(in).append("}\n");
        // lanes stored per piece (0 past the last piece, the last segment's width at a row's end)
        int last = last();
        long ohw = (long) g.outH() * g.outW();
        for (int j = 0; j < ppt; j++) {
            String full = last == lanes || segments == 1 ? String.valueOf(last)
                    : "(q" + j + " % " + segments + " != " + (segments - 1) + " ? " + lanes + " : " + last + ")";
            b.append(in).append("const int n").append(j).append(" = t * ").append(ppt).append(" + ").append(j)
                    .append(" < ").append(pieces()).append(" ? ").append(full).append(" : 0;\n");
        }
        if (stats) {
            // masks of the stored lanes, for the statistics
            b.append(in).append("const int16 lane = (int16)(");
            for (int i = 0; i < 16; i++) {
                b.append(i == 0 ? "" : ", ").append(i % lanes);
            }
            b.append(");\n");
            for (int vv = 0; vv < vectors; vv++) {
                StringBuilder counts = new StringBuilder("(int16)(");
                for (int i = 0; i < ppv; i++) {
                    counts.append(i == 0 ? "" : ", ").append(ppv == 1 ? "n" + (vv * ppv + i)
                            : "(int" + lanes + ")(n" + (vv * ppv + i) + ")");
                }
                b.append(in).append("const ").append(vec).append(" mask").append(vv).append(" = (").append(vec)
                        .append(")0 - convert_").append(real).append("16(lane < ").append(counts).append("));\n");
            }
            b.append(in).append("const real stored = (real)(");
            for (int j = 0; j < ppt; j++) {
                b.append(j == 0 ? "" : " + ").append("n").append(j);
            }
            b.append(");\n");
        }
        for (int r = 0; r < tm; r++) {
            b.append(in).append("if (m0 + ").append(r).append(" < ").append(g.filters()).append(") {\n");
            b.append(in).append("    __global ").append(yt).append("* y = Yz + (size_t)r").append(r).append(" * ")
                    .append(ohw).append(";\n");
            if (g.residual()) {
                b.append(in).append("    __global const ").append(rt).append("* rr = R + y_off + (size_t)z * ")
                        .append((long) g.filters() * ohw).append(" + (size_t)r").append(r).append(" * ")
                        .append(ohw).append(";\n");
            }
            String bias = g.bias() ? " + (" + vec + ")(bias[r" + r + "])" : "";
            for (int vv = 0; vv < vectors; vv++) {
                b.append(in).append("    const ").append(vec).append(" o").append(vv).append(" = acc").append(r)
                        .append('_').append(vv).append(bias).append(";\n");
            }
            if (stats) {
                // this tile's count, mean and squared deviations for filter m0 + r: two passes over o
                b.append(in).append(flags ? "    if (stats) {\n" : "    {\n");
                b.append(in).append("        const ").append(vec).append(" sum = ");
                for (int vv = 0; vv < vectors; vv++) {
                    b.append(vv == 0 ? "" : " + ").append("o").append(vv).append(" * mask").append(vv);
                }
                b.append(";\n");
                lanesSum(b, in + "        ", real, "sum", "total");
                b.append(in).append("        const real mean = total / stored;\n");
                b.append(in).append("        ").append(vec).append(" sq = (").append(vec).append(")0;\n");
                for (int vv = 0; vv < vectors; vv++) {
                    b.append(in).append("        {\n");
                    b.append(in).append("            const ").append(vec).append(" d = (o").append(vv).append(" - (")
                            .append(vec).append(")(mean)) * mask").append(vv).append(";\n");
                    b.append(in).append("            sq = fma(d, d, sq);\n");
                    b.append(in).append("        }\n");
                }
                b.append(in).append("        __global real* st = tstats + st_off + 3 * (((size_t)z * ")
                        .append(g.filters()).append(" + r").append(r).append(") * ").append(tiles(t)).append(" + t);\n");
                b.append(in).append("        st[0] = stored;\n");
                b.append(in).append("        st[1] = mean;\n");
                lanesSum(b, in + "        ", real, "sq", "m2");
                b.append(in).append("        st[2] = m2;\n");
                b.append(in).append("    }\n");
            }
            for (int vv = 0; vv < vectors; vv++) {
                for (int i = 0; i < ppv; i++) {
                    int j = vv * ppv + i;
                    String piece = lanesOf("o" + vv, i * lanes, lanes);
                    String whole = storePiece(piece, "out" + j, lanes, add, yt, rt);
                    if (last == lanes) {
                        b.append(in).append("    if (n").append(j).append(" > 0) {\n").append(whole);
                    } else {
                        b.append(in).append("    if (n").append(j).append(" == ").append(lanes).append(") {\n")
                                .append(whole)
                                .append(in).append("    } else if (n").append(j).append(" > 0) {\n")
                                .append(partialPiece(in + "        ", piece, "out" + j, last, add, yt, rt));
                    }
                    b.append(in).append("    }\n");
                }
            }
            b.append(in).append("}\n");
        }
        return b.toString();
    }

    /**
     * Declares {@code name}, the sum of the 16 lanes of the vector {@code v}: halves added in a
     * tree (16 → 8 → 4 → 2 → 1), cheaper than four 4-lane dot products.
     */
    private static void lanesSum(StringBuilder b, String in, String real, String v, String name) {
        b.append(in).append("const ").append(real).append("8 ").append(name).append("8 = ").append(v).append(".lo + ")
                .append(v).append(".hi;\n");
        b.append(in).append("const ").append(real).append("4 ").append(name).append("4 = ").append(name)
                .append("8.lo + ").append(name).append("8.hi;\n");
        b.append(in).append("const ").append(real).append("2 ").append(name).append("2 = ").append(name)
                .append("4.lo + ").append(name).append("4.hi;\n");
        b.append(in).append("const ").append(real).append(' ').append(name).append(" = ").append(name).append("2.x + ")
                .append(name).append("2.y;\n");
    }

    /** Stores a whole piece: {@code value} ({@code width} lanes) through the epilogue at {@code y + at}. */
    /**
     * Stores the first {@code last} lanes of {@code value} (a piece that ends the row) at y + at:
     * through a private array, the residual added lane by lane (the lanes past the row's end are
     * not read), then the activation applied to the whole vector at once, as for a whole piece:
     * applied lane by lane a transcendental activation ran scalar (LeNet-5's tanh: half the
     * convolution's time, for the 12 of 28 columns in the last piece).
     */
    private String partialPiece(String in, String value, String at, int last, String add, String yt, String rt) {
        StringBuilder b = new StringBuilder();
        b.append(in).append("real l[").append(lanes).append("];\n");
        b.append(in).append("vstore").append(lanes).append("(").append(value).append(", 0, l);\n");
        if (g.residual()) {
            b.append(in).append("for (int i = 0; i < ").append(last).append("; i++) {\n");
            b.append(in).append("    l[i] += ").append(Gemm.Storage.load(rt, "rr", at + " + i")).append(";\n");
            b.append(in).append("}\n");
        }
        if (g.activation() != null) {
            b.append(in).append("vstore").append(lanes).append("(")
                    .append(Gemm.activate(g.activation(), "vload" + lanes + "(0, l)")).append(", 0, l);\n");
        }
        b.append(in).append("for (int i = 0; i < ").append(last).append("; i++) {\n");
        b.append(in).append("    ").append(Gemm.Storage.store(yt, "y", at + " + i",
                added(add, Gemm.Storage.load(yt, "y", at + " + i"), "l[i]"))).append("\n");
        b.append(in).append("}\n");
        return b.toString();
    }

    private String storePiece(String value, String at, int width, String add, String yt, String rt) {
        String in = "        ";
        String rload = rt.equals("half") ? "vload_half" : "vload";
        String yload = yt.equals("half") ? "vload_half" : "vload";
        String ystore = yt.equals("half") ? "vstore_half" : "vstore";
        String v = value + (g.residual() ? " + " + rload + width + "(0, rr + " + at + ")" : "");
        return in + ystore + width + "(" + added(add, yload + width + "(0, y + " + at + ")",
                Gemm.activate(g.activation(), v)) + ", 0, y + " + at + ");\n";
    }

    /**
     * {@code value}, added to {@code old} when {@code add} says so: null (never), "1" (always) or
     * the name of the kernel's argument (a select, so that y is read only when it is added to).
     */
    private static String added(String add, String old, String value) {
        if (add == null) {
            return value;
        }
        return add.equals("1") ? old + " + " + value : "(" + add + " ? " + old + " + " + value + " : " + value + ")";
    }

    private String weightBody(Emitter e, String dyt) {
        String real = e.precision().cType();
        String vec = vec(e.precision());
        int tf = weightRows();
        int kw = g.kernel()[1];
        int ppv = piecesPerVector();
        int last = g.outW() - (segments - 1) * lanes;
        long ohw = (long) g.outH() * g.outW();
        StringBuilder b = new StringBuilder();
        String in = "    ";
        for (int f = 0; f < tf; f++) {
            b.append(in).append("const int fr").append(f).append(" = min(f0 + ").append(f).append(", F - 1);\n");
            for (int v = 0; v < kw; v++) {
                b.append(in).append(vec).append(" acc").append(f).append('_').append(v).append(" = (").append(vec)
                        .append(")0;\n");
            }
        }
        b.append(in).append("for (int s = g * each; s < (g + 1) * each; s++) {\n");
        for (int f = 0; f < tf; f++) {
            b.append(in).append("    __global const ").append(dyt).append("* D").append(f)
                    .append(" = dy + dy_off + ((size_t)s * F + fr")
                    .append(f).append(") * ").append(ohw).append(";\n");
        }
        b.append(in).append("    __global const real* Pu = xp + ((size_t)s * C + c) * ").append(plane())
                .append(" + rows[u];\n");
        String step = in + "        ";
        if (ppv == 1) {
            b.append(in).append("    for (int oy = 0; oy < ").append(g.outH()).append("; oy++) {\n");
            for (int seg = 0; seg < segments; seg++) {
                int count = seg == segments - 1 ? last : lanes;
                String[] d = new String[tf];
                for (int f = 0; f < tf; f++) {
                    d[f] = load(real, dyt, "D" + f + " + oy * " + g.outW() + " + " + seg * lanes, count, 16);
                }
                String[] p = new String[kw];
                for (int v = 0; v < kw; v++) {
                    p[v] = load(real, "Pu + oy * " + qw + " + " + ((long) seg * lanes + colOffset(v)),
                            count, 16);
                }
                weightStep(b, step, vec, d, p);
            }
            b.append(in).append("    }\n");
        } else {
            // rows in groups of PPV, one piece each; a last group with fewer rows loads zeros for the missing ones
            int full = g.outH() / ppv;
            int rest = g.outH() % ppv;
            if (full > 0) {
                b.append(in).append("    for (int oy = 0; oy < ").append(full * ppv).append("; oy += ").append(ppv)
                        .append(") {\n");
                weightStep(b, step, vec, weightPieces(real, dyt, tf, "oy", ppv), weightTaps(real, kw, "oy", ppv));
                b.append(in).append("    }\n");
            }
            if (rest > 0) {
                b.append(in).append("    {\n");
                weightStep(b, step, vec, weightPieces(real, dyt, tf, String.valueOf(full * ppv), rest),
                        weightTaps(real, kw, String.valueOf(full * ppv), rest));
                b.append(in).append("    }\n");
            }
        }
        b.append(in).append("}\n");
        for (int f = 0; f < tf; f++) {
            b.append(in).append("if (f0 + ").append(f).append(" < F) {\n");
            for (int v = 0; v < kw; v++) {
                String a = "acc" + f + "_" + v;
                String tap = "(c * " + g.kernel()[0] + " + u) * " + kw + " + " + v;
                b.append(in).append("    {\n");
                lanesSum(b, in + "        ", real, a, "h");
                b.append(in).append("        __global real* o = out + ((size_t)g * F + fr").append(f).append(") * C * ")
                        .append(taps()).append(" + ").append(tap).append(";\n")
                        .append(in).append("        *o = (add ? *o : (real)0) + h;\n")
                        .append(in).append("    }\n");
            }
            b.append(in).append("}\n");
        }
        return b.toString();
    }

    /** The dy vectors of {@code tf} filters over rows {@code oy …} ({@code rows} of the group's PPV rows exist). */
    private String[] weightPieces(String real, String dyt, int tf, String oy, int rows) {
        String[] d = new String[tf];
        for (int f = 0; f < tf; f++) {
            String[] ptrs = new String[piecesPerVector()];
            for (int i = 0; i < rows; i++) {
                ptrs[i] = "D" + f + " + (" + oy + " + " + i + ") * " + g.outW();
            }
            d[f] = vector(real, dyt, ptrs, g.outW());
        }
        return d;
    }

    private String[] weightTaps(String real, int kw, String oy, int rows) {
        String[] p = new String[kw];
        for (int v = 0; v < kw; v++) {
            String[] ptrs = new String[piecesPerVector()];
            for (int i = 0; i < rows; i++) {
                ptrs[i] = "Pu + (" + oy + " + " + i + ") * " + qw + " + " + colOffset(v);
            }
            p[v] = vector(real, ptrs, g.outW());
        }
        return p;
    }

    /**
     * One step of the weight gradient: the {@code p.length} tap vectors first, then each filter's
     * dy vector and its taps' multiply-adds, so only one dy vector is live at a time (registers:
     * the accumulators, the taps and one dy).
     */
    private static void weightStep(StringBuilder b, String in, String vec, String[] d, String[] p) {
        b.append(in).append("{\n");
        for (int v = 0; v < p.length; v++) {
            b.append(in).append("    const ").append(vec).append(" p").append(v).append(" = ").append(p[v])
                    .append(";\n");
        }
        for (int f = 0; f < d.length; f++) {
            b.append(in).append("    {\n");
            b.append(in).append("        const ").append(vec).append(" d = ").append(d[f]).append(";\n");
            for (int v = 0; v < p.length; v++) {
                b.append(in).append("        acc").append(f).append('_').append(v).append(" = fma(d, p").append(v)
                        .append(", acc").append(f).append('_').append(v).append(");\n");
            }
            b.append(in).append("    }\n");
        }
        b.append(in).append("}\n");
    }
}
