package dev.cnnc.compiler.codegen.kernels;

import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.runtime.opencl.ClBuffer;
import dev.cnnc.runtime.opencl.ClKernel;
import dev.cnnc.runtime.opencl.ClProgram;
import dev.cnnc.train.quant.Int8Reference;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The int8 kernels of post-training quantization (issue 19), bit for bit the Java integer
 * reference of {@code dev.cnnc.train.quant} ({@link Int8Reference}, {@code Requantizer},
 * {@code Int8}):
 * <ul>
 * <li>{@link #conv}: an int8 convolution ({@code kernels/conv_int8.cl}) of any
 * {@link Int8Reference.Conv2d} geometry (stride, asymmetric padding, dilation, groups), int32
 * bias and accumulation, then per-output-channel requantization to int8 with an optional fused
 * ReLU, or the raw int32 accumulators, or their real values in float (a last layer);</li>
 * <li>{@link #dense}: the same for a dense layer ({@code kernels/gemm_int8.cl});</li>
 * <li>{@link #conversions}: float → int8 at a per-tensor scale, int8 → float, and int32
 * accumulators → float ({@code kernels/quantize_int8.cl}).</li>
 * </ul>
 * Each returns an instance holding its OpenCL C source (kernel names {@code family_<hash>}, as
 * {@code KernelSource} names them, so that several instances can share one program) and the
 * launch ranges, with a {@code launch} method that sets the arguments for a caller that builds
 * {@link Conv#source()} itself (with {@code ClDevice.build}: the tests and the benchmark);
 * programs get them through {@link Int8Layers}, which adds the sources and launches to a lowering.
 *
 * <p>The kernels are OpenCL C 1.2 and need 64-bit {@code long} (every full-profile device), no
 * double precision: the float conversions and outputs are float products (quantizing multiplies
 * by 1/s, as PyTorch does on a CPU), which OpenCL C rounds as Java does.
 *
 * <p>The convolution's inner loop ({@link Isa}): without VNNI an int8 multiply-add is no cheaper
 * than an fp32 FMA on AVX-512 (vpmaddwd does 32 products per instruction on one port, the FMAs 2 ×
 * 16 on two), so the AVX-512BW loop is about as fast as cnnc's fp32 convolution; AVX-512 VNNI's
 * vpdpbusd (64 products per instruction) is what makes int8 faster, 1.8-2.8× on ResNet-20's 3×3
 * convolutions at batch 32 on the 2-core PoCL CPU here (Int8ConvBench). A typical use:
 * <pre>
 *   Int8Kernels.Conv k = Int8Kernels.conv(geometry, Output.INT8, relu, Isa.forHost());
 *   ClProgram p = device.build("int8.cl", k.source(), "");
 *   k.pack(p, w, wp);                                        // once: wp of k.packedWeightBytes()
 *   k.launch(p, x, xp, wp, biasQ, mult, shift, 0f, null, y); // xp: k.paddedBytes() of scratch
 * </pre>
 */
public final class Int8Kernels {
    /** Placeholder for the kernel-name prefix until the text's hash is known. */
    private static final String NAME_TOKEN = "__cnnc_int8_name__";
    /** Bytes a padded-input buffer needs after its last plane: the furthest a piece reads past its row. */
    public static final int SLACK = 64;

    private Int8Kernels() {
    }

    /** What a layer writes. */
    public enum Output {
        /** Requantized int8 (mult/shift per output channel, optional ReLU): the usual case. */
        INT8("char"),
        /** The int32 accumulators, bias included (tests; a caller's own epilogue). */
        INT32("int"),
        /** The accumulators' real values acc · s_x · s_w[o] in float (a last layer left in float). */
        FLOAT("float");

        final String cType;

        Output(String cType) {
            this.cType = cType;
        }

        /** Bytes of one output element. */
        public int bytes() {
            return this == INT8 ? 1 : 4;
        }
    }

    /**
     * A convolution's tiling: filters per work-item (at most the filters of a group) and 16-lane
     * vectors of output positions per work-item.
     */
    public record Tiling(int filters, int vectors) {
        public Tiling {
            if (filters < 1 || filters > 16 || vectors < 1 || vectors > 8) {
                throw new IllegalArgumentException("tiling " + filters + " x " + vectors);
            }
        }

        /** 8 filters × 2 vectors: 16 int16 accumulators, half of AVX-512's registers. */
        public static final Tiling DEFAULT = new Tiling(8, 2);

        /** 4 filters × 4 vectors: measured a little faster than 8 × 2 with VNNI (Int8ConvBench). */
        public static final Tiling VNNI = new Tiling(4, 4);

        /** The tiling the {@code conv} methods without one pick for {@code isa}. */
        public static Tiling of(Isa isa) {
            return isa == Isa.AVX512_VNNI ? VNNI : DEFAULT;
        }
    }

    /** An instance's name: {@code family_<first 8 hex digits of SHA-256 of the text>}. */
    private static String[] named(String family, String text) {
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((family + "\n" + text).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String name = family + "_" + hash.substring(0, 8);
        return new String[] {name, text.replace(NAME_TOKEN, name)};
    }

    private static String epilogueDoc(Output out, boolean relu) {
        return switch (out) {
            case INT8 -> "y[o]    = clamp(round(acc[o] · mult[o] / 2^shift[o]), " + (relu ? "0" : "−127")
                    + ", 127)  (int8" + (relu ? ", ReLU fused" : "") + ")";
            case INT32 -> "y[o]    = acc[o]                                     (the int32 accumulators)";
            case FLOAT -> "y[o]    = (float) acc[o] · (sx · ws[o])  (real values, float)";
        };
    }

    /** 16 lanes' hex digit, as in {@code .sa}. */
    private static String lane(int i) {
        return Integer.toHexString(i);
    }

    // ------------------------------------------------------------------------------------------
    // Convolution

    /**
     * An int8 convolution with the portable-or-AVX-512BW loop ({@link Isa#AVX512BW}, safe on any
     * device) and its default tiling.
     */
    public static Conv conv(Int8Reference.Conv2d g, Output out, boolean relu) {
        return conv(g, out, relu, Isa.AVX512BW);
    }

    /**
     * An int8 convolution with the inner loop {@code isa} and its default tiling; on a PoCL CPU
     * device of this machine, {@code Isa.forHost()} is the fastest.
     */
    public static Conv conv(Int8Reference.Conv2d g, Output out, boolean relu, Isa isa) {
        return conv(g, out, relu, Tiling.of(isa), isa);
    }

    /** An int8 convolution; {@code relu} applies to the int8 output only. */
    public static Conv conv(Int8Reference.Conv2d g, Output out, boolean relu, Tiling tiling) {
        return new Conv(g, out, relu, tiling, Isa.AVX512BW);
    }

    /** An int8 convolution with an explicit inner loop ({@link Isa}). */
    public static Conv conv(Int8Reference.Conv2d g, Output out, boolean relu, Tiling tiling, Isa isa) {
        return new Conv(g, out, relu, tiling, isa);
    }

    /**
     * The convolution's inner loop. All give the same bits; see {@code conv_int8.cl}.
     */
    public enum Isa {
        /** OpenCL C only: 16-bit products of channel pairs. */
        PORTABLE,
        /**
         * vpmaddwd on channel pairs where the device compiler defines {@code __AVX512BW__} (PoCL on
         * an AVX-512 CPU), the portable loop elsewhere: safe on any device.
         */
        AVX512BW,
        /**
         * vpdpbusd on groups of 4 channels offset to unsigned bytes, compiled for the avx512vnni
         * target whatever the device's compiler targets: only for a CPU device that has AVX-512
         * VNNI ({@link #forHost}); elsewhere it fails to build or faults.
         */
        AVX512_VNNI;

        private static volatile Isa host;

        /**
         * The best loop for a PoCL (CPU) device on this machine: AVX512_VNNI where
         * {@code /proc/cpuinfo} lists avx512_vnni, else AVX512BW (which falls back by itself).
         * Only meaningful for a CPU device of this host.
         */
        public static Isa forHost() {
            Isa h = host;
            if (h == null) {
                h = AVX512BW;
                try {
                    for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                        if (line.startsWith("flags")) {
                            if (java.util.Arrays.asList(line.split("\\s+")).contains("avx512_vnni")) {
                                h = AVX512_VNNI;
                            }
                            break;
                        }
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    // not Linux: keep AVX512BW
                }
                host = h;
            }
            return h;
        }
    }

    /**
     * One convolution's kernels: {@link #packKernel} (w → the packed weights wp, once per weight,
     * {@link #pack}), then for each input {@link #padKernel} (x → the padded phase planes xp, a
     * scratch buffer of {@link #paddedBytes} bytes) and {@link #forwardKernel} (xp, wp → y), both
     * launched by {@link #launch}.
     */
    public static final class Conv {
        private final Int8Reference.Conv2d g;
        private final Output output;
        private final boolean relu;
        private final int cpg;
        private final int opg;
        private final int oh;
        private final int ow;
        private final int[] phases;
        private final int hp;
        private final int qw;
        private final int lanes;
        private final int segments;
        private final int last;
        private final int ppv;
        private final int tm;
        private final int nv;
        private final int pieces;
        private final int tiles;
        private final int filterTiles;
        /** Input channel pairs per group. */
        private final int pg;
        private final String name;
        private final String source;

        private final Isa isa;
        /** Input channels interleaved in xp: 4 for VNNI, else 2. */
        private final int cg;
        /** What xp adds to x: 128 for VNNI (unsigned bytes), else 0. */
        private final int off;

        private Conv(Int8Reference.Conv2d g, Output output, boolean relu, Tiling tiling, Isa isa) {
            this.g = g;
            this.isa = isa;
            this.cg = isa == Isa.AVX512_VNNI ? 4 : 2;
            this.off = isa == Isa.AVX512_VNNI ? 128 : 0;
            this.output = output;
            this.relu = relu;
            this.cpg = g.channelsPerGroup();
            this.opg = g.filters() / g.groups();
            this.oh = g.outHeight();
            this.ow = g.outWidth();
            this.phases = IntStream.range(0, g.kernelW()).map(v -> v * g.dilationW() % g.strideW()).distinct()
                    .sorted().toArray();
            this.hp = (oh - 1) * g.strideH() + (g.kernelH() - 1) * g.dilationH() + 1;
            this.qw = ow + (g.kernelW() - 1) * g.dilationW() / g.strideW();
            this.lanes = ow > 8 ? 16 : ow > 4 ? 8 : 4;
            this.segments = (ow + lanes - 1) / lanes;
            this.last = ow - (segments - 1) * lanes;
            this.ppv = 16 / lanes;
            this.tm = Math.min(tiling.filters(), opg);
            this.nv = tiling.vectors();
            this.pieces = oh * segments;
            this.tiles = (pieces + nv * ppv - 1) / (nv * ppv);
            this.filterTiles = (opg + tm - 1) / tm;
            this.pg = (cpg + cg - 1) / cg;
            String text = KernelTemplate.load("conv_int8").render(values().map());
            String[] n = named("conv_int8", text);
            this.name = n[0];
            this.source = n[1];
        }

        private KernelTemplate.Values values() {
            String phaseList = IntStream.of(phases).mapToObj(Integer::toString).collect(Collectors.joining(", "));
            return new KernelTemplate.Values(Precision.FP32).s("KERNEL", NAME_TOKEN).i("C", g.channels())
                    .i("H", g.height()).i("W", g.width()).i("F", g.filters()).i("CPG", cpg).i("KH", g.kernelH())
                    .i("KW", g.kernelW()).i("GROUPS", g.groups()).i("SH", g.strideH()).i("SW", g.strideW())
                    .i("DH", g.dilationH()).i("DW", g.dilationW()).i("PT", g.padTop()).i("PL", g.padLeft())
                    .i("OH", oh).i("OW", ow).s("EPILOGUE_DOC", epilogueDoc(output, relu)).i("NP", phases.length)
                    .i("HP", hp).i("QW", qw).s("PHASES", phaseList).i("SLACK", SLACK).i("S", segments)
                    .i("LW", lanes).i("LAST", last).i("PPV", ppv).i("TM", tm).i("NV", nv).i("PPT", nv * ppv)
                    .i("FT", filterTiles).i("TILES", tiles).i("PG", pg).i("CG", cg).i("OFF", off)
                    .s("EMASK", cg == 2 ? "0xffff" : "0xff").i("EBITS", cg == 2 ? 16 : 8).i("PACKED", packed())
                    .s("ISA", isa.toString()).s("HELPER", helper())
                    .s("PAD_INTERLEAVE", padInterleave())
                    .i("TAPS", (long) g.kernelH() * g.kernelW()).s("OUT_T", output.cType).s("BODY", body());
        }

        private long plane() {
            return (long) phases.length * hp * qw;
        }

        /** The pad kernel's 16 columns of CG channels (a, b[, c2, d]) interleaved and stored. */
        private String padInterleave() {
            String[] src = cg == 2 ? new String[] {"a", "b"} : new String[] {"a", "b", "c2", "d"};
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < cg; k++) {
                StringBuilder v = new StringBuilder();
                for (int l = 0; l < 16; l++) {
                    int col = k * 16 / cg + l / cg;
                    v.append(l > 0 ? ", " : "").append(src[l % cg]).append(".s").append(lane(col));
                }
                b.append("            vstore16((char16)(").append(v).append("), 0, out + j * ").append(cg).append(" + ")
                        .append(16 * k).append(");\n");
            }
            return b.toString().stripTrailing();
        }

        /** Packed weight ints before corr: F · PG · taps. */
        private long packed() {
            return (long) g.filters() * pg * g.kernelH() * g.kernelW();
        }

        /**
         * The 32 chars (16 columns × a channel pair) of the pieces of vector v at tap offset
         * {@code off} from P, as two char16 of 8 columns each.
         */
        private String[] load(String p, long off, int v) {
            String at = p + " + 2 * (" + off + " + in%d)";
            if (lanes == 16) {
                String a = String.format(Locale.ROOT, at, v * ppv);
                return new String[] {"vload16(0, " + a + ")", "vload16(0, " + a + " + 16)"};
            }
            if (lanes == 8) {
                return new String[] {"vload16(0, " + String.format(Locale.ROOT, at, v * ppv) + ")",
                    "vload16(0, " + String.format(Locale.ROOT, at, v * ppv + 1) + ")"};
            }
            String[] h = new String[2];
            for (int half = 0; half < 2; half++) {
                h[half] = "(char16)(vload8(0, " + String.format(Locale.ROOT, at, v * ppv + 2 * half) + "), vload8(0, "
                        + String.format(Locale.ROOT, at, v * ppv + 2 * half + 1) + "))";
            }
            return h;
        }

        /** The 64 bytes (16 columns × 4 channels) of vector v, as an int16 from the int pointer P (VNNI). */
        private String loadQuads(String p, long off, int v) {
            if (lanes == 16) {
                return "vload16(0, " + p + " + " + off + " + in" + (v * ppv) + ")";
            }
            StringBuilder b = new StringBuilder("(int16)(");
            for (int j = 0; j < ppv; j++) {
                b.append(j > 0 ? ", " : "").append("vload").append(lanes).append("(0, ").append(p).append(" + ")
                        .append(off).append(" + in").append(v * ppv + j).append(")");
            }
            return b.append(")").toString();
        }

        /** The offset of tap (kh, kw) in a channel pair's planes, in columns. */
        private long tapOffset(int kh, int kw) {
            int c = kw * g.dilationW();
            int phase = java.util.Arrays.binarySearch(phases, c % g.strideW());
            return ((long) phase * hp + (long) kh * g.dilationH()) * qw + c / g.strideW();
        }

        /** The inner loop over the channel groups and taps for {@code mode}. */
        private void products(java.util.function.Consumer<String> line, Isa mode) {
            boolean avx = mode == Isa.AVX512BW;
            int taps = g.kernelH() * g.kernelW();
            line.accept("for (int p = 0; p < " + pg + "; p++) {");
            if (mode == Isa.AVX512_VNNI) {
                line.accept("    __global const int* P = (__global const int*)(Pz + (size_t)p * " + (cg * plane()) + ");");
            } else {
                line.accept("    __global const char* P = Pz + (size_t)p * " + (cg * plane()) + ";");
            }
            line.accept("    const int kp = p * " + taps + ";");
            for (int kh = 0; kh < g.kernelH(); kh++) {
                for (int kw = 0; kw < g.kernelW(); kw++) {
                    int tap = kh * g.kernelW() + kw;
                    long off = tapOffset(kh, kw);
                    line.accept("    { /* tap (" + kh + ", " + kw + ") */");
                    if (mode == Isa.AVX512_VNNI) {
                        for (int v = 0; v < nv; v++) {
                            line.accept("        const int16 s" + v + " = " + loadQuads("P", off, v) + ";");
                        }
                        for (int i = 0; i < tm; i++) {
                            line.accept("        const int16 w" + i + " = (int16)(W" + i + "[kp + " + tap + "]);");
                            for (int v = 0; v < nv; v++) {
                                line.accept("        acc" + i + "_" + v + " = __builtin_ia32_vpdpbusd512(acc" + i + "_" + v
                                        + ", s" + v + ", w" + i + ");");
                            }
                        }
                        line.accept("    }");
                        continue;
                    }
                    for (int v = 0; v < nv; v++) {
                        String[] h = load("P", off, v);
                        if (avx) {
                            line.accept("        const cnnc_short32 s" + v + " = __builtin_convertvector(CNNC_CAT16("
                                    + h[0] + ", " + h[1] + "), cnnc_short32);");
                        } else {
                            line.accept("        const char16 h0_" + v + " = " + h[0] + ";");
                            line.accept("        const char16 h1_" + v + " = " + h[1] + ";");
                            line.accept("        const short16 e" + v + " = convert_short16((char16)(h0_" + v
                                    + ".even, h1_" + v + ".even));");
                            line.accept("        const short16 o" + v + " = convert_short16((char16)(h0_" + v
                                    + ".odd, h1_" + v + ".odd));");
                        }
                    }
                    for (int i = 0; i < tm; i++) {
                        if (avx) {
                            line.accept("        const cnnc_short32 w" + i + " = __builtin_astype((int16)(W" + i + "[kp + "
                                    + tap + "]), cnnc_short32);");
                            for (int v = 0; v < nv; v++) {
                                line.accept("        acc" + i + "_" + v + " += __builtin_ia32_pmaddwd512(s" + v + ", w"
                                        + i + ");");
                            }
                        } else {
                            line.accept("        const int wk" + i + " = W" + i + "[kp + " + tap + "];");
                            line.accept("        const short w0_" + i + " = (short)wk" + i + ", w1_" + i + " = (short)(wk"
                                    + i + " >> 16);");
                            for (int v = 0; v < nv; v++) {
                                line.accept("        acc" + i + "_" + v + " += convert_int16(e" + v + " * w0_" + i
                                        + " + o" + v + " * w1_" + i + ");");
                            }
                        }
                    }
                    line.accept("    }");
                }
            }
            line.accept("}");
        }

        private static final String IDS = "    const int gt = get_global_id(0);\n    const int t = get_global_id(1);\n"
                + "    const int z = get_global_id(2);\n";
        private static final String ARGS = "xp, wp, bias, mult, shift, sx, ws, y";

        /** The forward kernel's body: the work-item's ids and the computation, or a call of {@link #helper}. */
        private String body() {
            if (isa == Isa.AVX512_VNNI) {
                return "    " + NAME_TOKEN + "_vnni(" + ARGS + ", get_global_id(0), get_global_id(1), get_global_id(2));";
            }
            return IDS + core();
        }

        /** For VNNI: the computation as a function compiled for the avx512vnni target, else nothing. */
        private String helper() {
            if (isa != Isa.AVX512_VNNI) {
                return "";
            }
            return "/* the computation, compiled with AVX-512 VNNI (the device's compiler may target a CPU without\n"
                    + " * it: the caller has checked that this one has it), called once per work-item */\n"
                    + "__attribute__((target(\"avx512vnni\"))) __attribute__((noinline))\n"
                    + "void " + NAME_TOKEN + "_vnni(__global const char* xp, __global const int* wp, __global const int* bias,\n"
                    + "        __global const int* mult, __global const int* shift, const float sx, __global const float* ws,\n"
                    + "        __global " + output.cType + "* y, const int gt, const int t, const int z) {\n" + core() + "}\n";
        }

        private String core() {
            int taps = g.kernelH() * g.kernelW();
            StringBuilder b = new StringBuilder();
            java.util.function.Consumer<String> line = s -> b.append("    ").append(s).append('\n');
            line.accept("const int grp = gt / " + filterTiles + ";");
            line.accept("const int m0 = grp * " + opg + " + (gt % " + filterTiles + ") * " + tm + ";");
            line.accept("const int mlast = grp * " + opg + " + " + (opg - 1) + ";");
            line.accept("__global const char* Pz = xp + ((size_t)z * " + g.groups() + " + grp) * " + (cg * pg * plane())
                    + ";");
            line.accept("__global " + output.cType + "* Yz = y + (size_t)z * " + g.filters() + " * " + (oh * ow) + ";");
            for (int i = 0; i < tm; i++) {
                line.accept("__global const int* W" + i + " = wp + (size_t)min(m0 + " + i + ", mlast) * "
                        + (pg * taps) + ";");
            }
            int ppt = nv * ppv;
            for (int p = 0; p < ppt; p++) {
                line.accept("const int q" + p + " = min(t * " + ppt + " + " + p + ", " + (pieces - 1) + ");");
                line.accept("const int in" + p + " = (q" + p + " / " + segments + ") * " + (g.strideH() * qw)
                        + " + (q" + p + " % " + segments + ") * " + lanes + ";");
            }
            for (int i = 0; i < tm; i++) {
                for (int v = 0; v < nv; v++) {
                    line.accept("int16 acc" + i + "_" + v + " = (int16)0;");
                }
            }
            if (isa == Isa.AVX512BW) {
                b.append("#ifdef CNNC_INT8_AVX512\n");
                products(line, Isa.AVX512BW);
                b.append("#else\n");
                products(line, Isa.PORTABLE);
                b.append("#endif\n");
            } else {
                products(line, isa);
            }
            line.accept("/* epilogue: bias" + (off != 0 ? " − corr" : "") + ", then " + output + " */");
            String vt = output.cType + "16";
            for (int i = 0; i < tm; i++) {
                line.accept("if (m0 + " + i + " <= mlast) {");
                line.accept("    const int m = m0 + " + i + ";");
                line.accept("    __global " + output.cType + "* Ym = Yz + (size_t)m * " + (oh * ow) + ";");
                for (int v = 0; v < nv; v++) {
                    String a = "acc" + i + "_" + v + " + " + (off != 0 ? "(bias[m] - wp[" + packed() + " + m])" : "bias[m]");
                    String val = switch (output) {
                        case INT8 -> NAME_TOKEN + "_requant(" + a + ", mult[m], shift[m], " + (relu ? 0 : -127) + ")";
                        case INT32 -> a;
                        case FLOAT -> "convert_float16(" + a + ") * (sx * ws[m])";
                    };
                    line.accept("    {");
                    line.accept("        const " + vt + " o = " + val + ";");
                    for (int j = 0; j < ppv; j++) {
                        int p = v * ppv + j;
                        line.accept("        {");
                        line.accept("            const int q = t * " + ppt + " + " + p + ";");
                        line.accept("            if (q < " + pieces + ") {");
                        line.accept("                __global " + output.cType + "* yq = Ym + (q / " + segments + ") * "
                                + ow + " + (q % " + segments + ") * " + lanes + ";");
                        String slice = lanes == 16 ? "o" : lanes == 8 ? (j == 0 ? "o.lo" : "o.hi")
                                : "o.s" + lane(4 * j) + lane(4 * j + 1) + lane(4 * j + 2) + lane(4 * j + 3);
                        String full = "vstore" + lanes + "(" + slice + ", 0, yq);";
                        if (last == lanes) {
                            line.accept("                " + full);
                        } else {
                            StringBuilder partial = new StringBuilder();
                            for (int k = 0; k < last; k++) {
                                partial.append("yq[").append(k).append("] = o.s").append(lane(j * lanes + k)).append("; ");
                            }
                            if (segments == 1) {
                                line.accept("                " + partial.toString().trim());
                            } else {
                                line.accept("                if (q % " + segments + " == " + (segments - 1) + ") { "
                                        + partial + "} else { " + full + " }");
                            }
                        }
                        line.accept("            }");
                        line.accept("        }");
                    }
                    line.accept("    }");
                }
                line.accept("}");
            }
            return b.toString().stripTrailing();
        }

        public Int8Reference.Conv2d geometry() {
            return g;
        }

        public Output output() {
            return output;
        }

        /** The OpenCL C source of both kernels. */
        public String source() {
            return source;
        }

        /** The kernels' prefix, {@code conv_int8_<hash>}. */
        public String name() {
            return name;
        }

        public String packKernel() {
            return name + "_pack";
        }

        public String padKernel() {
            return name + "_pad";
        }

        public String forwardKernel() {
            return name + "_forward";
        }

        /** Bytes of the scratch buffer xp: the padded phase planes of the whole batch and {@link #SLACK}. */
        public long paddedBytes() {
            return (long) cg * g.batch() * g.groups() * pg * plane() + SLACK;
        }

        public long[] padGlobal() {
            return new long[] {(long) hp * g.batch() * g.groups() * pg * phases.length};
        }

        public long[] packGlobal() {
            return new long[] {g.filters()};
        }

        /** Bytes of the packed weights wp (an int per filter, channel group and tap, then corr per filter). */
        public long packedWeightBytes() {
            return 4L * (packed() + g.filters());
        }

        /** Packs the int8 OIHW weights w into wp ({@link #packedWeightBytes}), once per weight. */
        public void pack(ClProgram p, ClBuffer w, ClBuffer wp) {
            p.kernel(packKernel()).args(w, wp).launch(packGlobal(), null);
        }

        public long[] forwardGlobal() {
            return new long[] {(long) g.groups() * filterTiles, tiles, g.batch()};
        }

        /** Bytes of the output y. */
        public long outputBytes() {
            return (long) g.outputSize() * output.bytes();
        }

        /** Sets the pad kernel's arguments: x (int8 NCHW) → xp. */
        public ClKernel padArgs(ClKernel k, ClBuffer x, ClBuffer xp) {
            return k.args(x, xp);
        }

        /**
         * Sets the forward kernel's arguments. {@code mult} and {@code shift} (int per filter) are
         * read by the int8 output only, {@code sx} and {@code ws} (float per filter) by the float
         * output only; a null buffer is replaced by {@code w} (never read).
         */
        public ClKernel forwardArgs(ClKernel k, ClBuffer xp, ClBuffer wp, ClBuffer bias, ClBuffer mult, ClBuffer shift,
                float sx, ClBuffer ws, ClBuffer y) {
            return k.args(xp, wp, bias, mult != null ? mult : wp, shift != null ? shift : wp, sx, ws != null ? ws : wp, y);
        }

        /**
         * Both launches of a layer (in order on the device's queue): x → xp → y, with the packed
         * weights wp ({@link #pack}). Creates the kernel objects each call (they are released with
         * the program); a caller that launches often keeps them ({@link #padArgs}, {@link #forwardArgs}).
         */
        public void launch(ClProgram p, ClBuffer x, ClBuffer xp, ClBuffer wp, ClBuffer bias, ClBuffer mult,
                ClBuffer shift, float sx, ClBuffer ws, ClBuffer y) {
            padArgs(p.kernel(padKernel()), x, xp).launch(padGlobal(), null);
            forwardArgs(p.kernel(forwardKernel()), xp, wp, bias, mult, shift, sx, ws, y).launch(forwardGlobal(), null);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %s%s: %d filters x %d vectors of %d-column pieces%s", g, output,
                    relu ? "+relu" : "", tm, nv, lanes, ", " + isa);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Dense

    /** An int8 dense layer y[b, o] from x [batch, in] and w [out, in]; {@code relu} applies to the int8 output. */
    public static Dense dense(int batch, int in, int out, Output output, boolean relu) {
        return new Dense(batch, in, out, output, relu);
    }

    /** One dense layer's kernel, {@link #kernel}. */
    public static final class Dense {
        static final int TB = 4;
        static final int TO = 4;
        private final int batch;
        private final int in;
        private final int out;
        private final Output output;
        private final boolean relu;
        private final int tb;
        private final int to;
        private final String name;
        private final String source;

        private Dense(int batch, int in, int out, Output output, boolean relu) {
            if (batch < 1 || in < 1 || out < 1) {
                throw new IllegalArgumentException("dense " + batch + " x " + in + " -> " + out);
            }
            this.batch = batch;
            this.in = in;
            this.out = out;
            this.output = output;
            this.relu = relu;
            this.tb = Math.min(TB, batch);
            this.to = Math.min(TO, out);
            String text = KernelTemplate.load("gemm_int8").render(new KernelTemplate.Values(Precision.FP32)
                    .s("KERNEL", NAME_TOKEN).i("B", batch).i("IN", in).i("OUT", out)
                    .s("EPILOGUE_DOC", epilogueDoc(output, relu)).i("TB", tb).i("TO", to)
                    .i("OT", (out + to - 1) / to).i("BT", (batch + tb - 1) / tb).s("OUT_T", output.cType)
                    .s("BODY", body()).map());
            String[] n = named("gemm_int8", text);
            this.name = n[0];
            this.source = n[1];
        }

        private String body() {
            StringBuilder b = new StringBuilder();
            java.util.function.Consumer<String> line = s -> b.append("    ").append(s).append('\n');
            line.accept("const int o0 = get_global_id(0) * " + to + ";");
            line.accept("const int b0 = get_global_id(1) * " + tb + ";");
            for (int i = 0; i < tb; i++) {
                line.accept("__global const char* X" + i + " = x + (size_t)min(b0 + " + i + ", " + (batch - 1) + ") * " + in + ";");
            }
            for (int j = 0; j < to; j++) {
                line.accept("__global const char* W" + j + " = w + (size_t)min(o0 + " + j + ", " + (out - 1) + ") * " + in + ";");
            }
            for (int i = 0; i < tb; i++) {
                for (int j = 0; j < to; j++) {
                    line.accept("int16 acc" + i + "_" + j + " = (int16)0;");
                }
            }
            line.accept("int k = 0;");
            line.accept("for (; k + 32 <= " + in + "; k += 32) {");
            for (int i = 0; i < tb; i++) {
                line.accept("    const short16 xa" + i + " = convert_short16(vload16(0, X" + i + " + k)), xb" + i
                        + " = convert_short16(vload16(0, X" + i + " + k + 16));");
            }
            for (int j = 0; j < to; j++) {
                line.accept("    const short16 wa" + j + " = convert_short16(vload16(0, W" + j + " + k)), wb" + j
                        + " = convert_short16(vload16(0, W" + j + " + k + 16));");
            }
            for (int i = 0; i < tb; i++) {
                for (int j = 0; j < to; j++) {
                    line.accept("    acc" + i + "_" + j + " += convert_int16(xa" + i + " * wa" + j + " + xb" + i + " * wb" + j + ");");
                }
            }
            line.accept("}");
            if (in % 32 >= 16) {
                line.accept("{ /* 16 more */");
                for (int i = 0; i < tb; i++) {
                    line.accept("    const short16 xa" + i + " = convert_short16(vload16(0, X" + i + " + k));");
                }
                for (int j = 0; j < to; j++) {
                    line.accept("    const short16 wa" + j + " = convert_short16(vload16(0, W" + j + " + k));");
                }
                for (int i = 0; i < tb; i++) {
                    for (int j = 0; j < to; j++) {
                        line.accept("    acc" + i + "_" + j + " += convert_int16(xa" + i + " * wa" + j + ");");
                    }
                }
                line.accept("    k += 16;");
                line.accept("}");
            }
            for (int i = 0; i < tb; i++) {
                for (int j = 0; j < to; j++) {
                    line.accept("int s" + i + "_" + j + " = " + NAME_TOKEN + "_sum(acc" + i + "_" + j + ");");
                }
            }
            if (in % 16 != 0) {
                line.accept("for (; k < " + in + "; k++) { /* the last " + (in % 16) + " terms */");
                for (int i = 0; i < tb; i++) {
                    for (int j = 0; j < to; j++) {
                        line.accept("    s" + i + "_" + j + " += X" + i + "[k] * W" + j + "[k];");
                    }
                }
                line.accept("}");
            }
            for (int i = 0; i < tb; i++) {
                for (int j = 0; j < to; j++) {
                    String a = "s" + i + "_" + j + " + bias[o]";
                    String val = switch (output) {
                        case INT8 -> NAME_TOKEN + "_requant(" + a + ", mult[o], shift[o], " + (relu ? 0 : -127) + ")";
                        case INT32 -> a;
                        case FLOAT -> "(float)(" + a + ") * (sx * ws[o])";
                    };
                    line.accept("if (b0 + " + i + " < " + batch + " && o0 + " + j + " < " + out + ") {");
                    line.accept("    const int o = o0 + " + j + ";");
                    line.accept("    y[(size_t)(b0 + " + i + ") * " + out + " + o] = " + val + ";");
                    line.accept("}");
                }
            }
            return b.toString().stripTrailing();
        }

        public String source() {
            return source;
        }

        public String name() {
            return name;
        }

        public String kernel() {
            return name + "_forward";
        }

        public Output output() {
            return output;
        }

        public long[] global() {
            return new long[] {(out + to - 1) / to, (batch + tb - 1) / tb};
        }

        /** Bytes of the output y. */
        public long outputBytes() {
            return (long) batch * out * output.bytes();
        }

        /** Sets the kernel's arguments; null mult/shift/ws are replaced by w (never read), as in {@link Conv#forwardArgs}. */
        public ClKernel args(ClKernel k, ClBuffer x, ClBuffer w, ClBuffer bias, ClBuffer mult, ClBuffer shift, float sx,
                ClBuffer ws, ClBuffer y) {
            return k.args(x, w, bias, mult != null ? mult : w, shift != null ? shift : w, sx, ws != null ? ws : w, y);
        }

        public void launch(ClProgram p, ClBuffer x, ClBuffer w, ClBuffer bias, ClBuffer mult, ClBuffer shift, float sx,
                ClBuffer ws, ClBuffer y) {
            args(p.kernel(kernel()), x, w, bias, mult, shift, sx, ws, y).launch(global(), null);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Conversions

    /** The conversion kernels (one instance serves every tensor: sizes and scales are arguments). */
    public static Conversions conversions() {
        return Conversions.INSTANCE;
    }

    /** float ↔ int8 and int32 accumulators → float ({@code kernels/quantize_int8.cl}). */
    public static final class Conversions {
        static final Conversions INSTANCE = new Conversions();
        private final String name;
        private final String source;

        private Conversions() {
            String text = KernelTemplate.load("quantize_int8").render(
                    new KernelTemplate.Values(Precision.FP32).s("KERNEL", NAME_TOKEN).map());
            String[] n = named("quantize_int8", text);
            this.name = n[0];
            this.source = n[1];
        }

        public String source() {
            return source;
        }

        public String quantizeKernel() {
            return name + "_quantize";
        }

        public String dequantizeKernel() {
            return name + "_dequantize";
        }

        public String dequantizeAccumulatorsKernel() {
            return name + "_dequantize_acc";
        }

        /** q = Int8.quantize(x, s) for n floats (the kernel takes 1f / s, {@code Int8.inverse}). */
        public void quantize(ClProgram p, ClBuffer x, ClBuffer q, float s, int n) {
            p.kernel(quantizeKernel()).args(x, q, dev.cnnc.train.quant.Int8.inverse(s), n)
                    .launch(new long[] {vectors(n)}, null);
        }

        /** Work-items of quantize and dequantize for n elements: 16 each. */
        public static long vectors(long n) {
            return Math.max(1, (n + 15) / 16);
        }

        /** x = Int8.dequantize(q, s) for n values. */
        public void dequantize(ClProgram p, ClBuffer q, ClBuffer x, float s, int n) {
            p.kernel(dequantizeKernel()).args(q, x, s, n).launch(new long[] {vectors(n)}, null);
        }

        /** x = Int8Reference.dequantize(acc, channels, spatial, sx, ws) for n accumulators. */
        public void dequantizeAccumulators(ClProgram p, ClBuffer acc, ClBuffer x, float sx, ClBuffer ws, int channels,
                int spatial, int n) {
            p.kernel(dequantizeAccumulatorsKernel()).args(acc, x, sx, ws, channels, spatial, n)
                    .launch(new long[] {n}, null);
        }
    }
}
