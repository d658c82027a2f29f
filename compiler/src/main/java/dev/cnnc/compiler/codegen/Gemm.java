package dev.cnnc.compiler.codegen;

import dev.cnnc.runtime.opencl.Program;

/**
 * The generated matrix product that convolution and dense layers are lowered to
 * ({@code kernels/gemm.cl}): {@code C[z] (+)= Σ_y op(A[z][y]) · B[z][y] (+ bias)}, with B's rows
 * contiguous along N and A read through any strides. One place decides its shape constants
 * and launch geometry; ops describe their products as {@link Spec}s.
 */
public final class Gemm {
    /** Rows of C per work-item (accumulators of 16 lanes each). */
    static final int TILE_ROWS = 8;
    /** Columns of C per work-item: two 16-wide vectors. */
    static final int TILE_COLS = 32;

    private Gemm() {
    }

    /**
     * Work-items per work-group along M: a divisor of {@code tiles} up to 8, so that a CPU runs
     * several tiles per work-group (each work-group is a scheduling unit with its own cost)
     * while a GPU still gets many work-groups.
     */
    static long groupWidth(long tiles) {
        for (long w = 8; w > 1; w--) {
            if (tiles % w == 0) {
                return w;
            }
        }
        return 1;
    }

    /** No bias, a bias per row of C, or a bias per column. */
    public enum Bias { NONE, ROW, COLUMN }

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
                       boolean residual) {
        public Spec {
            if (m < 1 || n < 1 || k < 1 || batches < 1 || sums < 1) {
                throw new CodegenException("empty matrix product " + m + "x" + n + "x" + k);
            }
            if (accumulate && (activation != null || residual)) {
                throw new CodegenException("an accumulating product has no epilogue");
            }
        }

        /** A plain product of row-major A [m, k], B [k, n] into C [m, n]. */
        public static Spec of(int m, int n, int k) {
            return new Spec(m, n, k, k, 1, n, n, 1, 0, 0, 0, 1, 0, 0, Bias.NONE, false, null, false);
        }

        public Spec a(long sam, long sak) {
            return new Spec(m, n, k, sam, sak, ldb, ldc, batches, az, bz, cz, sums, ay, by, bias, accumulate,
                    activation, residual);
        }

        public Spec batched(int batches, long az, long bz, long cz) {
            return new Spec(m, n, k, sam, sak, ldb, ldc, batches, az, bz, cz, sums, ay, by, bias, accumulate,
                    activation, residual);
        }

        public Spec summed(int sums, long ay, long by) {
            return new Spec(m, n, k, sam, sak, ldb, ldc, batches, az, bz, cz, sums, ay, by, bias, accumulate,
                    activation, residual);
        }

        public Spec withBias(Bias b) {
            return new Spec(m, n, k, sam, sak, ldb, ldc, batches, az, bz, cz, sums, ay, by, b, accumulate,
                    activation, residual);
        }

        public Spec accumulating() {
            return new Spec(m, n, k, sam, sak, ldb, ldc, batches, az, bz, cz, sums, ay, by, bias, true,
                    activation, residual);
        }

        /** With an epilogue: {@code activation} of {@code v} (null: none), after adding R when {@code residual}. */
        public Spec withEpilogue(String activation, boolean residual) {
            return new Spec(m, n, k, sam, sak, ldb, ldc, batches, az, bz, cz, sums, ay, by, bias, accumulate,
                    activation, residual);
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
     * (A is passed in its place, an input the kernel only reads anyway, so no tool sees C read).
     */
    public static void emit(Emitter e, Spec s, Program.BufferRef a, Program.BufferRef b, Program.BufferRef c,
                            Program.BufferRef bias) {
        emit(e, s, a, 0, b, 0, c, 0, bias);
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
        int tm = TILE_ROWS;
        String vec = e.precision().cType() + "16";
        StringBuilder body = new StringBuilder();
        if (s.residual()) {
            body.append("    __global const real* Rz = R + r_off + (size_t)z * ").append(s.cz()).append(";\n");
        }
        for (int r = 0; r < tm; r++) {
            body.append("    const int r").append(r).append(" = min(m0 + ").append(r).append(", ").append(s.m() - 1)
                    .append(");\n");
        }
        body.append("    if (n0 + ").append(TILE_COLS).append(" <= ").append(s.n()).append(") {\n");
        vectorTile(body, s, tm, TILE_COLS / 16, vec, "n0");
        body.append("    } else {\n        int n = n0;\n");
        body.append("        for (; n + 16 <= ").append(s.n()).append("; n += 16) {\n");
        vectorTile(body, s, tm, 1, vec, "n");
        body.append("        }\n        for (; n < ").append(s.n())
                .append(" && n < n0 + ").append(TILE_COLS).append("; n++) {\n");
        scalarColumn(body, s, tm);
        body.append("        }\n    }");
        KernelTemplate.Values v = new KernelTemplate.Values(e.precision()).i("M", s.m()).i("N", s.n()).i("K", s.k())
                .i("SAM", s.sam()).i("SAK", s.sak()).i("LDB", s.ldb()).i("AZ", s.az()).i("BZ", s.bz())
                .i("CZ", s.cz()).i("ZSUM", s.sums()).i("AY", s.ay()).i("BY", s.by()).i("TM", tm)
                .i("TN", TILE_COLS).s("V", vec).s("BODY", body.toString())
                .s("EPILOGUE_ARGS", s.residual() ? ", __global const real* R, const long r_off" : "");
        String k = e.kernels("gemm", v);
        long cols = (s.n() + TILE_COLS - 1) / TILE_COLS;
        long rowTiles = (s.m() + tm - 1) / tm;
        Object[] args = s.residual() ? new Object[] {a, aOff, b, bOff, c, cOff, bias == null ? a : bias, res, rOff}
                : new Object[] {a, aOff, b, bOff, c, cOff, bias == null ? a : bias}; // without a bias: A, never read
        e.launch(k + "_gemm", new long[] {rowTiles, cols, s.batches()}, new long[] {groupWidth(rowTiles), 1, 1}, args);
    }

    /** A TM × (16·vectors) tile at column {@code col}: accumulate over y and k, then store. */
    private static void vectorTile(StringBuilder b, Spec s, int tm, int vectors, String vec, String col) {
        String in = "        ";
        for (int r = 0; r < tm; r++) {
            for (int v = 0; v < vectors; v++) {
                b.append(in).append(vec).append(" acc").append(r).append('_').append(v).append(" = (").append(vec)
                        .append(")0;\n");
            }
        }
        b.append(in).append("for (int y = 0; y < ").append(s.sums()).append("; y++) {\n");
        b.append(in).append("    __global const real* Ay = Az + (size_t)y * ").append(s.ay()).append(";\n");
        b.append(in).append("    __global const real* By = Bz + (size_t)y * ").append(s.by()).append(" + ").append(col)
                .append(";\n");
        b.append(in).append("    for (int k = 0; k < ").append(s.k()).append("; k++) {\n");
        b.append(in).append("        __global const real* Bk = By + (size_t)k * ").append(s.ldb()).append(";\n");
        for (int v = 0; v < vectors; v++) {
            b.append(in).append("        const ").append(vec).append(" b").append(v).append(" = vload16(").append(v)
                    .append(", Bk);\n");
        }
        b.append(in).append("        __global const real* Ak = Ay + (size_t)k * ").append(s.sak()).append(";\n");
        for (int r = 0; r < tm; r++) {
            b.append(in).append("        const ").append(vec).append(" a").append(r).append(" = (").append(vec)
                    .append(")(Ak[(size_t)r").append(r).append(" * ").append(s.sam()).append("]);\n");
            for (int v = 0; v < vectors; v++) {
                b.append(in).append("        acc").append(r).append('_').append(v).append(" = fma(a").append(r)
                        .append(", b").append(v).append(", acc").append(r).append('_').append(v).append(");\n");
            }
        }
        b.append(in).append("    }\n").append(in).append("}\n");
        for (int r = 0; r < tm; r++) {
            b.append(in).append("if (m0 + ").append(r).append(" < ").append(s.m()).append(") {\n");
            b.append(in).append("    __global real* c = Cz + (size_t)r").append(r).append(" * ").append(s.ldc())
                    .append(" + ").append(col).append(";\n");
            if (s.residual()) {
                b.append(in).append("    __global const real* rr = Rz + (size_t)r").append(r).append(" * ")
                        .append(s.ldc()).append(" + ").append(col).append(";\n");
            }
            for (int v = 0; v < vectors; v++) {
                String bias = s.bias() == Bias.ROW ? " + (" + vec + ")(bias[r" + r + "])"
                        : s.bias() == Bias.COLUMN ? " + vload16(" + v + ", bias + " + col + ")" : "";
                String residual = s.residual() ? " + vload16(" + v + ", rr)" : "";
                b.append(in).append("    vstore16(").append(s.accumulate() ? "vload16(" + v + ", c) + " : "")
                        .append(s.store("acc" + r + "_" + v + bias + residual)).append(", ").append(v)
                        .append(", c);\n");
            }
            b.append(in).append("}\n");
        }
    }

    /** Column n of the tile's rows, element by element (the last columns of C). */
    private static void scalarColumn(StringBuilder b, Spec s, int tm) {
        String in = "            ";
        for (int r = 0; r < tm; r++) {
            String bias = s.bias() == Bias.ROW ? " + bias[r" + r + "]" : s.bias() == Bias.COLUMN ? " + bias[n]" : "";
            b.append(in).append("if (m0 + ").append(r).append(" < ").append(s.m()).append(") {\n")
                    .append(in).append("    real sum = (real)0;\n")
                    .append(in).append("    for (int y = 0; y < ").append(s.sums()).append("; y++) {\n")
                    .append(in).append("        for (int k = 0; k < ").append(s.k()).append("; k++) {\n")
                    .append(in).append("            sum += Az[(size_t)y * ").append(s.ay()).append(" + (size_t)r")
                    .append(r).append(" * ").append(s.sam()).append(" + (size_t)k * ").append(s.sak())
                    .append("] * Bz[(size_t)y * ").append(s.by()).append(" + (size_t)k * ").append(s.ldb())
                    .append(" + n];\n")
                    .append(in).append("        }\n").append(in).append("    }\n")
                    .append(in).append("    __global real* c = Cz + (size_t)r").append(r).append(" * ").append(s.ldc())
                    .append(" + n;\n")
                    .append(in).append("    *c = ").append(s.accumulate() ? "*c + " : "")
                    .append(s.store("sum" + bias + (s.residual() ? " + Rz[(size_t)r" + r + " * " + s.ldc() + " + n]"
                            : ""))).append(";\n").append(in).append("}\n");
        }
    }
}
