package dev.cnnc.runtime.opencl;

import java.util.Locale;

/**
 * Measures a device's arithmetic peak through OpenCL: a kernel of independent fused
 * multiply-add chains on 16-wide vectors (no memory traffic), timed with profiling events.
 * This is the "measured peak" that {@code cnnc bench} compares its kernels with; it counts a
 * multiply-add as 2 floating-point operations.
 */
public final class PeakFlops {
    /** Independent accumulators per work-item and vector width: enough to hide FMA latency. */
    private static final int CHAINS = 8;
    private static final int WIDTH = 16;

    private PeakFlops() {
    }

    static String source(String type) {
        StringBuilder b = new StringBuilder();
        if (type.equals("double")) {
            b.append("#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
        }
        String v = type + WIDTH;
        b.append("/* cnnc peak: ").append(CHAINS).append(" independent fma chains of ").append(v)
                .append(" per work-item */\n");
        b.append("__kernel void peak(__global ").append(type).append("* out, const int iterations) {\n");
        b.append("    const ").append(v).append(" m = (").append(v).append(")(0.999999);\n");
        b.append("    const ").append(v).append(" d = (").append(v).append(")(0.000001);\n");
        for (int c = 0; c < CHAINS; c++) {
            b.append("    ").append(v).append(" x").append(c).append(" = (").append(v).append(")(")
                    .append(type).append(")(get_global_id(0) + ").append(c).append(");\n");
        }
        b.append("    for (int i = 0; i < iterations; i++) {\n");
        for (int c = 0; c < CHAINS; c++) {
            b.append("        x").append(c).append(" = fma(x").append(c).append(", m, d);\n");
        }
        b.append("    }\n    ").append(v).append(" s = x0");
        for (int c = 1; c < CHAINS; c++) {
            b.append(" + x").append(c);
        }
        b.append(";\n    out[get_global_id(0)] = s.s0 + s.s1 + s.s2 + s.s3 + s.s4 + s.s5 + s.s6 + s.s7 + s.s8 + s.s9"
                + " + s.sa + s.sb + s.sc + s.sd + s.se + s.sf;\n}\n");
        return b.toString();
    }

    /**
     * The best of a few timed runs, in GFLOP/s, of {@code float} or {@code double} ({@code fp64}
     * needs the device's cl_khr_fp64) multiply-adds, each run long enough (~50 ms) to time.
     */
    public static double measure(ClDevice device, boolean fp64) {
        String type = fp64 ? "double" : "float";
        // A CPU needs a few work-items per core; a GPU thousands per compute unit to fill it.
        long perUnit = device.info().type() == DeviceInfo.Type.CPU ? 256 : 4096;
        long items = Math.max(64, device.info().computeUnits() * perUnit);
        try (ClProgram p = device.build("cnnc_peak_" + type + ".cl", source(type), "");
             ClKernel k = p.kernel("peak");
             ClBuffer out = device.allocate(items * (fp64 ? 8 : 4))) {
            int iterations = 64;
            double best = 0;
            for (int measured = 0; measured < 5; ) {
                k.arg(0, out).arg(1, iterations);
                double ms = k.launchTimed(new long[] {items}, null);
                if (ms < 30 && iterations < (1 << 24)) {
                    iterations *= 2; // too short to time well: lengthen, and do not count it
                    continue;
                }
                double flops = (double) items * iterations * CHAINS * WIDTH * 2;
                best = Math.max(best, flops / (ms * 1e6));
                measured++;
            }
            return best;
        }
    }

    /** "NNN.N GFLOP/s" */
    public static String format(double gflops) {
        return String.format(Locale.ROOT, "%.1f GFLOP/s", gflops);
    }
}
