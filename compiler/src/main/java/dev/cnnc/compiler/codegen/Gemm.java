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

    /** No bias, a bias per row of C, or a bias per column. */
    public enum Bias { NONE, ROW, COLUMN }

    /**
     * One product. {@code sam}/{@code sak}: A's strides along m and k; {@code ldb}/{@code ldc}:
     * the row strides of B and C; {@code batches} independent products (the third work
     * dimension) {@code az}/{@code bz}/{@code cz} apart; {@code sums} blocks added into each
     * ({@code ay}/{@code by} apart).
     */
    public record Spec(int m, int n, int k, long sam, long sak, long ldb, long ldc, int batches, long az, long bz,
                       long cz, int sums, long ay, long by, Bias bias, boolean accumulate) {
        public Spec {
            if (m < 1 || n < 1 || k < 1 || batches < 1 || sums < 1) {
                throw new CodegenException("empty matrix product " + m + "x" + n + "x" + k);
            }
        }

        /** A plain product of row-major A [m, k], B [k, n] into C [m, n]. */
        public static Spec of(int m, int n, int k) {
            return new Spec(m, n, k, k, 1, n, n, 1, 0, 0, 0, 1, 0, 0, Bias.NONE, false);
        }

        public Spec a(long sam, long sak) {
            return new Spec(m, n, k, sam, sak, ldb, ldc, batches, az, bz, cz, sums, ay, by, bias, accumulate);
        }

        public Spec batched(int batches, long az, long bz, long cz) {
            return new Spec(m, n, k, sam, sak, ldb, ldc, batches, az, bz, cz, sums, ay, by, bias, accumulate);
        }

        public Spec summed(int sums, long ay, long by) {
            return new Spec(m, n, k, sam, sak, ldb, ldc, batches, az, bz, cz, sums, ay, by, bias, accumulate);
        }

        public Spec withBias(Bias b) {
            return new Spec(m, n, k, sam, sak, ldb, ldc, batches, az, bz, cz, sums, ay, by, b, accumulate);
        }

        public Spec accumulating() {
            return new Spec(m, n, k, sam, sak, ldb, ldc, batches, az, bz, cz, sums, ay, by, bias, true);
        }
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
        Tuning.Choice choice = e.gemmTiling(s);
        GemmTiling t = choice.tiling();
        String k = e.kernels("gemm", values(s, t, e.precision(), choice.describe(e.gpuDefaults())));
        e.gemmUsed(k + "_gemm", s, choice);
        e.launch(k + "_gemm", global(s, t), local(s, t), a, aOff, b, bOff, c, cOff,
                bias == null ? a : bias); // without a bias the kernel never reads it: pass A
    }

    /**
     * The values of {@code kernels/gemm.cl} for the product {@code s} with tiling {@code t}; its
     * kernel is {@code ${KERNEL}_gemm(A, a_off, B, b_off, C, c_off, bias)}. {@code note} says in the
     * kernel's comment which tiling this is and why.
     */
    static KernelTemplate.Values values(Spec s, GemmTiling t, Precision precision, String note) {
        int tm = t.rows();
        int tn = t.columns();
        String vec = precision.cType() + "16";
        StringBuilder body = new StringBuilder();
        for (int r = 0; r < tm; r++) {
            body.append("    const int r").append(r).append(" = min(m0 + ").append(r).append(", ").append(s.m() - 1)
                    .append(");\n");
        }
        body.append("    if (n0 + ").append(tn).append(" <= ").append(s.n()).append(") {\n");
        vectorTile(body, s, tm, t.vectors(), vec, "n0");
        body.append("    } else {\n        int n = n0;\n");
        body.append("        for (; n + 16 <= ").append(s.n()).append("; n += 16) {\n");
        vectorTile(body, s, tm, 1, vec, "n");
        body.append("        }\n        for (; n < ").append(s.n())
                .append(" && n < n0 + ").append(tn).append("; n++) {\n");
        scalarColumn(body, s, tm);
        body.append("        }\n    }");
        return new KernelTemplate.Values(precision).s("SHAPE", Tuning.key(s)).s("TILING", note).i("M", s.m())
                .i("N", s.n()).i("K", s.k()).i("SAM", s.sam()).i("SAK", s.sak()).i("LDB", s.ldb()).i("AZ", s.az())
                .i("BZ", s.bz()).i("CZ", s.cz()).i("ZSUM", s.sums()).i("AY", s.ay()).i("BY", s.by()).i("TM", tm)
                .i("TN", tn).s("V", vec).s("BODY", body.toString());
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
            for (int v = 0; v < vectors; v++) {
                String bias = s.bias() == Bias.ROW ? " + (" + vec + ")(bias[r" + r + "])"
                        : s.bias() == Bias.COLUMN ? " + vload16(" + v + ", bias + " + col + ")" : "";
                b.append(in).append("    vstore16(").append(s.accumulate() ? "vload16(" + v + ", c) + " : "")
                        .append("acc").append(r).append('_').append(v).append(bias).append(", ").append(v)
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
                    .append(in).append("    *c = ").append(s.accumulate() ? "*c + " : "").append("sum").append(bias)
                    .append(";\n").append(in).append("}\n");
        }
    }
}
