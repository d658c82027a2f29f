package dev.cnnc.compiler.codegen;

import dev.cnnc.runtime.opencl.Program;

/**
 * The generated matrix product that convolution and dense layers are lowered to
 * ({@code kernels/gemm.cl}): {@code C[z] (+)= Σ_y op(A[z][y]) · B[z][y] (+ bias)}, with B's rows
 * contiguous along N and A read through any strides. One place decides its code and launch
 * geometry; ops describe their products as {@link Spec}s, and the register block of each is a
 * {@link GemmTiling} that {@link Lowering.Options#tuning} chooses per shape.
 */
public final class Gemm {
    private Gemm() {
    }

    /**
     * How A, B, C and the residual R are stored: {@code real}, or {@code half} for a
     * mixed-precision program's fp16 activations ({@code kernels/common.cl}), read into and
     * written from the fp32 accumulators. With every operand real the kernel's text is the plain
     * fp32 one.
     */
    public record Storage(String a, String b, String c, String r) {
        public static final Storage REAL = new Storage("real", "real", "real", "real");

        boolean half(String t) {
            return t.equals("half");
        }

        /** Element {@code i} of operand pointer {@code p} stored as {@code t}. */
        public static String load(String t, String p, String i) {
            return t.equals("half") ? "LOAD_half(" + p + ", " + i + ")" : p + "[" + i + "]";
        }

        /** Sixteen elements from vector {@code v} of {@code p} ({@code p + 16·v}). */
        static String load16(String t, String v, String p) {
            return (t.equals("half") ? "vload_half16(" : "vload16(") + v + ", " + p + ")";
        }

        static String store16(String t, String x, String v, String p) {
            return (t.equals("half") ? "vstore_half16(" : "vstore16(") + x + ", " + v + ", " + p + ");";
        }

        /** A statement writing {@code x} to element {@code i} of {@code p}. */
        public static String store(String t, String p, String i, String x) {
            return t.equals("half") ? "STORE_half(" + p + ", " + i + ", " + x + ");" : p + "[" + i + "] = " + x + ";";
        }
    }

    /** No bias, a bias per row of C, or a bias per column. */
    public enum Bias { NONE, ROW, COLUMN }

    /** Which size of a product is the batch size, and so a kernel argument ({@link Spec#batchAlong}). */
    public enum BatchDim { NONE, M, K }

    /**
     * One product. {@code sam}/{@code sak}: A's strides along m and k; {@code ldb}/{@code ldc}:
     * the row strides of B and C; {@code batches} independent products (the third work
     * dimension) {@code az}/{@code bz}/{@code cz} apart; {@code sums} blocks added into each
     * ({@code ay}/{@code by} apart). The epilogue, applied as C is stored: {@code residual} adds
     * a matrix R laid out as C, then {@code activation} (an OpenCL C expression of {@code v},
     * null for none) maps the sum: {@code C = act(A·B + bias + R)}.
     */
    public record Spec(int m, int n, int k, long sam, long sak, long ldb, long ldc, int batches, long az, long bz,
                       long cz, int sums, long ay, long by, Bias bias, boolean accumulate, String activation,
                       boolean residual, BatchDim batchDim) implements Tunable {
        public Spec {
            if (m < 1 || n < 1 || k < 1 || batches < 1 || sums < 1) {
                throw new CodegenException("empty matrix product " + m + "x" + n + "x" + k);
            }
            if (accumulate && (activation != null || residual)) {
                throw new CodegenException("an accumulating product has no epilogue");
            }
        }

        @Override
        public String key() {
            return Tuning.key(this);
        }

        @Override
        public double macs() {
            return (double) m * n * k * batches * sums;
        }

        @Override
        public TuneBench bench(dev.cnnc.runtime.opencl.ClDevice device, Precision precision) {
            GemmTuner.Bench b = new GemmTuner.Bench(device, this, precision);
            try {
                b.randomInputs(1);
            } catch (RuntimeException e) {
                b.close();
                throw e;
            }
            return b;
        }

        /** A plain product of row-major A [m, k], B [k, n] into C [m, n]. */
        public static Spec of(int m, int n, int k) {
            return new Spec(m, n, k, k, 1, n, n, 1, 0, 0, 0, 1, 0, 0, Bias.NONE, false, null, false, BatchDim.NONE);
        }

        public Spec a(long sam, long sak) {
            return new Spec(m, n, k, sam, sak, ldb, ldc, batches, az, bz, cz, sums, ay, by, bias, accumulate,
                    activation, residual, batchDim);
        }

        public Spec batched(int batches, long az, long bz, long cz) {
            return new Spec(m, n, k, sam, sak, ldb, ldc, batches, az, bz, cz, sums, ay, by, bias, accumulate,
                    activation, residual, batchDim);
        }

        public Spec summed(int sums, long ay, long by) {
            return new Spec(m, n, k, sam, sak, ldb, ldc, batches, az, bz, cz, sums, ay, by, bias, accumulate,
                    activation, residual, batchDim);
        }

        public Spec withBias(Bias b) {
            return new Spec(m, n, k, sam, sak, ldb, ldc, batches, az, bz, cz, sums, ay, by, b, accumulate,
                    activation, residual, batchDim);
        }

        public Spec accumulating() {
            return new Spec(m, n, k, sam, sak, ldb, ldc, batches, az, bz, cz, sums, ay, by, bias, true,
                    activation, residual, batchDim);
        }

        /** With an epilogue: {@code activation} of {@code v} (null: none), after adding R when {@code residual}. */
        public Spec withEpilogue(String activation, boolean residual) {
            return new Spec(m, n, k, sam, sak, ldb, ldc, batches, az, bz, cz, sums, ay, by, bias, accumulate,
                    activation, residual, batchDim);
        }

        /**
         * With the batch size as M (the rows: a dense layer's forward and input gradient) or K (the
         * sum: its weight gradient): that size is then a kernel argument, so the kernel serves any
         * batch size. Every other size and stride stays a constant of the kernel's text (measured:
         * with all of them arguments, LeNet-5's GEMMs took 30-60% longer; docs/performance.md).
         */
        public Spec batchAlong(BatchDim d) {
            return new Spec(m, n, k, sam, sak, ldb, ldc, batches, az, bz, cz, sums, ay, by, bias, accumulate,
                    activation, residual, d);
        }

        /** The stored value for the OpenCL C sum {@code x} of the product, bias and residual. */
        String store(String x) {
            return activate(activation, x);
        }
    }

    private static final java.util.regex.Pattern ACTIVATION_INPUT = java.util.regex.Pattern.compile("\\bv\\b");

    /**
     * {@code activation}, an OpenCL C expression of {@code v} (null: the identity), applied to the
     * expression {@code x}: how an epilogue is written into a product's store, here and in the
     * direct kernels of convolution and dense layers.
     */
    public static String activate(String activation, String x) {
        return activation == null ? x : "(" + ACTIVATION_INPUT.matcher(activation)
                .replaceAll(java.util.regex.Matcher.quoteReplacement("(" + x + ")")) + ")";
    }

    /**
     * Emits the product for the node of {@code e}. {@code bias} may be null without a bias
     * (an operand of reals, A else B else C, is passed in its place; the kernel never reads it).
     */
    public static void emit(Emitter e, Spec s, Program.BufferRef a, Program.BufferRef b, Program.BufferRef c,
                            Program.BufferRef bias) {
        emit(e, s, a, 0, b, 0, c, 0, bias);
    }

    /**
     * Work-items a product should have at least (tiles × batches): fewer leave cores idle, so a
     * summed product with fewer tiles is split ({@link #splitParts}).
     */
    static final long MIN_TILES = 32;

    /**
     * Into how many parts a summed product of {@code tiles} tiles is split: each part sums a run
     * of the blocks into a partial product, and a reduction adds the partials. A weight gradient
     * is such a product: few tiles (filters × weights per filter) but long sums (samples ×
     * positions), which one work-item per tile would walk alone. The parts divide the blocks
     * evenly: the smallest divisor of {@code sums} giving {@link #MIN_TILES} work-items, else
     * one part per block. 1: not split (enough tiles, or nothing summed, or a batched product).
     */
    static int splitParts(Spec s, long tiles) {
        if (s.sums() == 1 || s.batches() > 1 || tiles >= MIN_TILES || s.activation() != null || s.residual()) {
            return 1;
        }
        long wanted = (MIN_TILES + tiles - 1) / tiles;
        for (int d = 2; d < s.sums(); d++) {
            if (s.sums() % d == 0 && d >= wanted) {
                return d;
            }
        }
        return s.sums();
    }

    /** With each matrix starting {@code aOff}, {@code bOff}, {@code cOff} elements into its buffer. */
    public static void emit(Emitter e, Spec s, Program.BufferRef a, long aOff, Program.BufferRef b, long bOff,
                            Program.BufferRef c, long cOff, Program.BufferRef bias) {
        emit(e, s, a, aOff, b, bOff, c, cOff, bias, null, 0);
    }

    /**
     * With the residual R of the spec's epilogue in {@code res}, starting {@code rOff} elements in
     * (null without one).
     */
    public static void emit(Emitter e, Spec s, Program.BufferRef a, long aOff, Program.BufferRef b, long bOff,
                            Program.BufferRef c, long cOff, Program.BufferRef bias, Program.BufferRef res, long rOff) {
        if (s.residual() != (res != null)) {
            throw new CodegenException("a residual buffer goes with a residual epilogue");
        }
        Tuning.Choice choice = e.gemmTiling(s);
        GemmTiling t = choice.tiling();
        long[] tiles = global(s, t);
        Storage st = new Storage(e.storage(a), e.storage(b), e.storage(c), e.storage(res));
        // (the partial sums' reduction writes C as reals: not for a half C)
        int parts = st.half(st.c()) ? 1 : splitParts(s, tiles[0] * tiles[1]);
        if (parts > 1) {
            int each = s.sums() / parts;
            long mn = (long) s.m() * s.n();
            Spec partial = new Spec(s.m(), s.n(), s.k(), s.sam(), s.sak(), s.ldb(), s.n(), parts, each * s.ay(),
                    each * s.by(), mn, each, s.ay(), s.by(), Bias.NONE, false, null, false, s.batchDim());
            Program.BufferRef p = e.scratch("gemm_partials", parts * mn);
            emit(e, partial, a, aOff, b, bOff, p, 0, null);
            String bt = s.bias() == Bias.ROW ? " + bias[m]" : s.bias() == Bias.COLUMN ? " + bias[n]" : "";
            KernelTemplate.Values v = new KernelTemplate.Values(e.precision())
                    .s("ACC", s.accumulate() ? "*c + " : "").s("BIAS", bt);
            e.launch(e.kernels("gemm_reduce", v) + "_reduce", new long[] {s.n(), s.m()}, null, p, c, cOff,
                    bias == null ? p : bias, mn, (long) s.ldc(), parts);
            return;
        }
        String k = e.kernels("gemm", values(s, t, e.precision(), choice.describe(e.gpuDefaults()), st));
        e.gemmUsed(k + "_gemm", s, choice);
        // without a bias an operand of reals stands in for it (never read: bias is declared real)
        Program.BufferRef none = !st.half(st.a()) ? a : !st.half(st.b()) ? b : c;
        Object[] args = s.residual() ? new Object[] {a, aOff, b, bOff, c, cOff, bias == null ? none : bias, res, rOff,
                s.m(), s.k()} : new Object[] {a, aOff, b, bOff, c, cOff, bias == null ? none : bias, s.m(), s.k()};
        e.launch(k + "_gemm", tiles, local(s, t), args);
    }

    /**
     * The values of {@code kernels/gemm.cl} for the product {@code s} with tiling {@code t}; its
     * kernel is {@code ${KERNEL}_gemm(A, a_off, B, b_off, C, c_off, bias[, R, r_off])}. {@code note}
     * says in the kernel's comment which tiling this is and why.
     */
    static KernelTemplate.Values values(Spec s, GemmTiling t, Precision precision, String note) {
        return values(s, t, precision, note, Storage.REAL);
    }

    /** As {@link #values(Spec, GemmTiling, Precision, String)}, with the operands stored as {@code st} says. */
    static KernelTemplate.Values values(Spec s, GemmTiling t, Precision precision, String note, Storage st) {
        int tm = t.rows();
        int tn = t.columns();
        String vec = precision.cType() + "16";
        StringBuilder body = new StringBuilder();
        body.append("    const int M = ").append(s.batchDim() == BatchDim.M ? "arg_m" : String.valueOf(s.m())).append(";\n");
        body.append("    const int K = ").append(s.batchDim() == BatchDim.K ? "arg_k" : String.valueOf(s.k())).append(";\n");
        if (s.residual()) {
            body.append("    __global const ").append(st.r()).append("* Rz = R + r_off + (size_t)z * ").append(s.cz())
                    .append(";\n");
        }
        for (int r = 0; r < tm; r++) {
            body.append("    const int r").append(r).append(" = min(m0 + ").append(r).append(", M - 1);\n");
        }
        // The launch has ceil(N / TN) column tiles, so only the last one can cross N, by N mod TN
        // columns: the paths for it (16 columns at a time, then the last N mod 16 one by one) are
        // emitted only where they can run, since each costs the device compiler as much as the tile.
        int rest = s.n() % tn;
        if (rest == 0) {
            vectorTile(body, s, st, tm, t.vectors(), vec, "n0", "    ");
            body.setLength(body.length() - 1); // (the template adds the closing line's break)
        } else {
            body.append("    if (n0 + ").append(tn).append(" <= ").append(s.n()).append(") {\n");
            vectorTile(body, s, st, tm, t.vectors(), vec, "n0", "        ");
            body.append("    } else {\n        int n = n0;\n");
            if (rest >= 16) {
                body.append("        for (; n + 16 <= ").append(s.n()).append("; n += 16) {\n");
                vectorTile(body, s, st, tm, 1, vec, "n", "        ");
                body.append("        }\n");
            }
            if (rest % 16 != 0) {
                body.append("        {\n"); // n < N here: N mod 16 columns are left
                partialTile(body, s, st, tm, vec);
                body.append("        }\n");
            }
            body.append("    }");
        }
        // M and K as the text has them: a number, or the name of the batch size's argument
        String m = s.batchDim() == BatchDim.M ? "M" : String.valueOf(s.m());
        String k = s.batchDim() == BatchDim.K ? "K" : String.valueOf(s.k());
        // (not the number of batched products: the launch's third dimension, not part of the kernel)
        String shape = "M=" + (m.equals("M") ? "(the batch)" : m) + " N=" + s.n() + " K="
                + (k.equals("K") ? "(the batch)" : k) + " sums=" + s.sums() + " A=" + Tuning.aLayout(s);
        return new KernelTemplate.Values(precision).s("SHAPE", shape).s("TILING", note).s("M", m).i("N", s.n())
                .s("K", k).i("SAM", s.sam()).i("SAK", s.sak()).i("LDB", s.ldb()).i("AZ", s.az())
                .i("BZ", s.bz()).i("CZ", s.cz()).i("ZSUM", s.sums()).i("AY", s.ay()).i("BY", s.by()).i("TM", tm)
                .i("TN", tn).s("V", vec).s("BODY", body.toString()).s("AT", st.a()).s("BT", st.b()).s("CT", st.c())
                .s("EPILOGUE_ARGS", s.residual() ? ", __global const " + st.r() + "* R, const long r_off" : "");
    }

    /** Work-items: row tiles (first, so consecutive work-groups share a panel of B), column tiles, batches. */
    static long[] global(Spec s, GemmTiling t) {
        return new long[] {(s.m() + t.rows() - 1) / t.rows(), (s.n() + t.columns() - 1) / t.columns(), s.batches()};
    }

    /** The work-group: {@link GemmTiling#groupFor} row tiles. */
    static long[] local(Spec s, GemmTiling t) {
        return new long[] {t.groupFor(global(s, t)[0]), 1, 1};
    }

    /** A TM × (16·vectors) tile at column {@code col}: accumulate over y and k, then store. */
    private static void vectorTile(StringBuilder b, Spec s, Storage st, int tm, int vectors, String vec, String col,
                                   String in) {
        for (int r = 0; r < tm; r++) {
            for (int v = 0; v < vectors; v++) {
                b.append(in).append(vec).append(" acc").append(r).append('_').append(v).append(" = (").append(vec)
                        .append(")0;\n");
            }
        }
        b.append(in).append("for (int y = 0; y < ").append(s.sums()).append("; y++) {\n");
        b.append(in).append("    __global const ").append(st.a()).append("* Ay = Az + (size_t)y * ").append(s.ay())
                .append(";\n");
        b.append(in).append("    __global const ").append(st.b()).append("* By = Bz + (size_t)y * ").append(s.by())
                .append(" + ").append(col).append(";\n");
        b.append(in).append("    for (int k = 0; k < K; k++) {\n");
        b.append(in).append("        __global const ").append(st.b()).append("* Bk = By + (size_t)k * ").append(s.ldb())
                .append(";\n");
        for (int v = 0; v < vectors; v++) {
            b.append(in).append("        const ").append(vec).append(" b").append(v).append(" = ")
                    .append(Storage.load16(st.b(), String.valueOf(v), "Bk")).append(";\n");
        }
        b.append(in).append("        __global const ").append(st.a()).append("* Ak = Ay + (size_t)k * ").append(s.sak())
                .append(";\n");
        for (int r = 0; r < tm; r++) {
            b.append(in).append("        const ").append(vec).append(" a").append(r).append(" = (").append(vec)
                    .append(")(").append(Storage.load(st.a(), "Ak", "(size_t)r" + r + " * " + s.sam())).append(");\n");
            for (int v = 0; v < vectors; v++) {
                b.append(in).append("        acc").append(r).append('_').append(v).append(" = fma(a").append(r)
                        .append(", b").append(v).append(", acc").append(r).append('_').append(v).append(");\n");
            }
        }
        b.append(in).append("    }\n").append(in).append("}\n");
        for (int r = 0; r < tm; r++) {
            b.append(in).append("if (m0 + ").append(r).append(" < M) {\n");
            b.append(in).append("    __global ").append(st.c()).append("* c = Cz + (size_t)r").append(r).append(" * ")
                    .append(s.ldc()).append(" + ").append(col).append(";\n");
            if (s.residual()) {
                b.append(in).append("    __global const ").append(st.r()).append("* rr = Rz + (size_t)r").append(r)
                        .append(" * ").append(s.ldc()).append(" + ").append(col).append(";\n");
            }
            for (int v = 0; v < vectors; v++) {
                String bias = s.bias() == Bias.ROW ? " + (" + vec + ")(bias[r" + r + "])"
                        : s.bias() == Bias.COLUMN ? " + vload16(" + v + ", bias + " + col + ")" : "";
                String residual = s.residual() ? " + " + Storage.load16(st.r(), String.valueOf(v), "rr") : "";
                b.append(in).append("    ").append(Storage.store16(st.c(), (s.accumulate()
                        ? Storage.load16(st.c(), String.valueOf(v), "c") + " + " : "")
                        + s.store("acc" + r + "_" + v + bias + residual), String.valueOf(v), "c")).append("\n");
            }
            b.append(in).append("}\n");
        }
    }

    /**
     * The last columns of C, n to N − 1 (fewer than 16): one vector per row as in {@link #vectorTile},
     * its B lanes past N loaded from column N − 1 (in bounds, never stored), the lanes that exist
     * stored one by one.
     */
    private static void partialTile(StringBuilder b, Spec s, Storage st, int tm, String vec) {
        String in = "            ";
        b.append(in).append("const int last = ").append(s.n() - 1).append(" - n;\n");
        for (int r = 0; r < tm; r++) {
            b.append(in).append(vec).append(" acc").append(r).append(" = (").append(vec).append(")0;\n");
        }
        b.append(in).append("for (int y = 0; y < ").append(s.sums()).append("; y++) {\n");
        b.append(in).append("    __global const ").append(st.a()).append("* Ay = Az + (size_t)y * ").append(s.ay())
                .append(";\n");
        b.append(in).append("    __global const ").append(st.b()).append("* By = Bz + (size_t)y * ").append(s.by())
                .append(" + n;\n");
        b.append(in).append("    for (int k = 0; k < K; k++) {\n");
        b.append(in).append("        __global const ").append(st.b()).append("* Bk = By + (size_t)k * ").append(s.ldb())
                .append(";\n");
        b.append(in).append("        const ").append(vec).append(" b0 = (").append(vec).append(")(");
        for (int i = 0; i < 16; i++) {
            b.append(i == 0 ? "" : ", ").append(Storage.load(st.b(), "Bk", "min(" + i + ", last)"));
        }
        b.append(");\n");
        b.append(in).append("        __global const ").append(st.a()).append("* Ak = Ay + (size_t)k * ").append(s.sak())
                .append(";\n");
        for (int r = 0; r < tm; r++) {
            b.append(in).append("        acc").append(r).append(" = fma((").append(vec).append(")(")
                    .append(Storage.load(st.a(), "Ak", "(size_t)r" + r + " * " + s.sam())).append("), b0, acc")
                    .append(r).append(");\n");
        }
        b.append(in).append("    }\n").append(in).append("}\n");
        b.append(in).append("real lanes[16];\n");
        for (int r = 0; r < tm; r++) {
            String bias = s.bias() == Bias.ROW ? " + bias[r" + r + "]" : s.bias() == Bias.COLUMN ? " + bias[n + i]" : "";
            String value = (s.accumulate() ? Storage.load(st.c(), "c", "i") + " + " : "")
                    + s.store("lanes[i]" + bias + (s.residual() ? " + " + Storage.load(st.r(), "Rz", "(size_t)r" + r
                    + " * " + s.ldc() + " + n + i") : ""));
            b.append(in).append("if (m0 + ").append(r).append(" < M) {\n")
                    .append(in).append("    __global ").append(st.c()).append("* c = Cz + (size_t)r").append(r)
                    .append(" * ").append(s.ldc()).append(" + n;\n")
                    .append(in).append("    vstore16(acc").append(r).append(", 0, lanes);\n")
                    .append(in).append("    for (int i = 0; i <= last; i++) {\n")
                    .append(in).append("        ").append(Storage.store(st.c(), "c", "i", value)).append("\n")
                    .append(in).append("    }\n").append(in).append("}\n");
        }
    }
}
