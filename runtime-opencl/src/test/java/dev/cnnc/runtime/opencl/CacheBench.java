package dev.cnnc.runtime.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A benchmark, not a test (the suite does not run it). What the binary cache saves: a cold source build of a few hundred lines of kernels against
 * a load of the cached binary, each followed by one launch of every kernel (PoCL finishes
 * compiling a kernel at its first launch). Prints the times; asserts only that the cached
 * program is used and computes the same.
 *
 * <p>Run alone: {@code java -cp <test classpath> dev.cnnc.runtime.opencl.CacheBench [rounds]};
 * with PoCL, {@code POCL_KERNEL_CACHE=0} turns off PoCL's own kernel cache as well.
 */
public final class CacheBench {
    /** A source of many kernels with one signature; {@code nonce} makes it new to every cache. */
    static String source(long nonce) {
        StringBuilder b = new StringBuilder("// cnnc binary cache bench\n");
        b.append("#define IDX(i) ((i) % n)\n");
        // in the code, not a comment: PoCL's own cache keys on the preprocessed source
        b.append("__kernel void nonce(__global const float* in, __global const float* w, __global float* out,"
                + " const int n) {\n    if (n == -").append(nonce % 1_000_000_007L).append(") out[0] = 1.0f;\n}\n\n");
        for (int k : new int[] {1, 3, 5, 7}) {
            b.append("__kernel void conv").append(k).append("x").append(k)
                    .append("(__global const float* in, __global const float* w, __global float* out, const int n) {\n");
            b.append("    int i = get_global_id(0);\n    if (i >= n) return;\n    float acc = 0.0f;\n");
            for (int dy = 0; dy < k; dy++) {
                for (int dx = 0; dx < k; dx++) {
                    b.append(String.format("    acc += in[IDX(i + %d * 64 + %d)] * w[%d];%n", dy, dx, dy * k + dx));
                }
            }
            b.append("    out[i] = fmax(acc, 0.0f);\n}\n\n");
        }
        String[] unary = {"fmax(x, 0.0f)", "1.0f / (1.0f + exp(-x))", "tanh(x)", "x * (1.0f / (1.0f + exp(-1.702f * x)))",
            "fmin(fmax(x, 0.0f), 6.0f)", "x > 0.0f ? x : 0.01f * x", "log(1.0f + exp(x))", "sqrt(fabs(x) + 1e-5f)"};
        for (int u = 0; u < unary.length; u++) {
            b.append("__kernel void unary").append(u)
                    .append("(__global const float* in, __global const float* w, __global float* out, const int n) {\n")
                    .append("    int i = get_global_id(0);\n    if (i >= n) return;\n")
                    .append("    float x = in[i] * w[i % 16] + w[(i + 1) % 16];\n")
                    .append("    out[i] = ").append(unary[u]).append(";\n}\n\n");
        }
        for (int t : new int[] {4, 8, 16}) {
            b.append("__kernel void matmul").append(t)
                    .append("(__global const float* in, __global const float* w, __global float* out, const int n) {\n")
                    .append("    __local float as[").append(t * t).append("], bs[").append(t * t).append("];\n")
                    .append("    int r = get_global_id(0) % 64, c = get_global_id(0) / 64, lr = get_local_id(0) % ")
                    .append(t).append(", lc = get_local_id(0) / ").append(t).append(";\n")
                    .append("    float acc = 0.0f;\n")
                    .append("    for (int k0 = 0; k0 < 64; k0 += ").append(t).append(") {\n")
                    .append("        as[lc * ").append(t).append(" + lr] = in[IDX(r * 64 + k0 + lc)];\n")
                    .append("        bs[lc * ").append(t).append(" + lr] = w[IDX((k0 + lr) * 64 + c)];\n")
                    .append("        barrier(CLK_LOCAL_MEM_FENCE);\n");
            for (int k = 0; k < t; k++) {
                b.append(String.format("        acc += as[%d * %d + lr] * bs[lc * %d + %d];%n", k, t, t, k));
            }
            b.append("        barrier(CLK_LOCAL_MEM_FENCE);\n    }\n")
                    .append("    if (get_global_id(0) < n) out[get_global_id(0)] = acc;\n}\n\n");
        }
        b.append("__kernel void softmax(__global const float* in, __global const float* w, __global float* out,"
                + " const int n) {\n"
                + "    int row = get_global_id(0);\n    if (row * 16 >= n) return;\n"
                + "    float m = -INFINITY;\n    for (int j = 0; j < 16; j++) m = fmax(m, in[row * 16 + j]);\n"
                + "    float s = 0.0f;\n    for (int j = 0; j < 16; j++) s += exp(in[row * 16 + j] - m);\n"
                + "    for (int j = 0; j < 16; j++) out[row * 16 + j] = exp(in[row * 16 + j] - m) / s;\n}\n\n");
        b.append("__kernel void batchnorm(__global const float* in, __global const float* w, __global float* out,"
                + " const int n) {\n"
                + "    int i = get_global_id(0);\n    if (i >= n) return;\n    int c = (i / 64) % 4;\n"
                + "    out[i] = (in[i] - w[c]) * rsqrt(w[4 + c] * w[4 + c] + 1e-5f) * w[8 + c] + w[12 + c];\n}\n\n");
        b.append("__kernel void maxpool(__global const float* in, __global const float* w, __global float* out,"
                + " const int n) {\n"
                + "    int i = get_global_id(0);\n    if (i >= n) return;\n    int y = i / 32, x = i % 32;\n"
                + "    float m = -INFINITY;\n"
                + "    for (int dy = 0; dy < 2; dy++)\n        for (int dx = 0; dx < 2; dx++)\n"
                + "            m = fmax(m, in[IDX((2 * y + dy) * 64 + 2 * x + dx)]);\n"
                + "    out[i] = m + w[0] * 0.0f;\n}\n\n");
        return b.toString();
    }

    static final List<String> KERNELS = List.of("conv1x1", "conv3x3", "conv5x5", "conv7x7", "unary0", "unary1",
            "unary2", "unary3", "unary4", "unary5", "unary6", "unary7", "matmul4", "matmul8", "matmul16", "softmax",
            "batchnorm", "maxpool");

    /** Build times and first-launch times in ms, and the output of the last kernel. */
    record Run(double buildMs, double launchMs, boolean fromCache, float[] out) {
    }

    /** Builds the source on a fresh device with the given cache, then launches every kernel once. */
    static Run run(String source, BinaryCache cache) {
        int n = 4096;
        try (ClDevice dev = TestDevices.open().cache(cache);
                ClBuffer in = dev.upload(Kernels.ramp(n, 17, 8));
                ClBuffer w = dev.upload(Kernels.ramp(n, 5, 2));
                ClBuffer out = dev.allocate(4L * n)) {
            long t0 = System.nanoTime();
            ClProgram p = dev.build("bench.cl", source, "");
            long t1 = System.nanoTime();
            for (String name : KERNELS) {
                try (ClKernel k = p.kernel(name)) {
                    k.args(in, w, out, n);
                    long local = name.startsWith("matmul") ? Long.parseLong(name.substring(6)) : 64;
                    k.launch(new long[] {n}, new long[] {name.startsWith("matmul") ? local * local : local});
                }
            }
            dev.finish();
            long t2 = System.nanoTime();
            return new Run((t1 - t0) / 1e6, (t2 - t1) / 1e6, p.fromCache(), out.readFloats());
        }
    }

    /**
     * Prints the times of: a cold source build without the cnnc cache; a cold source build that
     * also stores the binary; the same source built again without the cnnc cache (a driver
     * cache such as PoCL's may help); and the build from the cnnc cache. Returns those four
     * totals (build + first launches) in ms.
     */
    static double[] measure(Path dir) {
        BinaryCache cache = BinaryCache.at(dir);
        String plain = source(System.nanoTime());
        String source = source(System.nanoTime() + 1);
        Run cold = run(plain, null);
        Run coldStore = run(source, cache);
        Run again = run(source, null);
        Run cached = run(source, cache);
        assertFalse(coldStore.fromCache());
        assertTrue(cached.fromCache(), "the second build with the cache loads the binary");
        assertArrayEquals(coldStore.out(), cached.out(), "the cached binary computes the same");
        assertArrayEquals(coldStore.out(), again.out());
        assertArrayEquals(coldStore.out(), cold.out());
        DeviceInfo d = TestDevices.info();
        System.out.printf(Locale.ROOT, "binary cache on %s (%s, driver %s): %d lines, %d kernels%n", d.name(),
                d.platformName(), d.driverVersion(), source.split("\n").length, KERNELS.size() + 1);
        print("cold source build, no cnnc cache", cold);
        print("cold source build, binary stored in the cnnc cache", coldStore);
        print("source build again, no cnnc cache", again);
        print("binary loaded from the cnnc cache", cached);
        double c = cold.buildMs() + cold.launchMs();
        double h = cached.buildMs() + cached.launchMs();
        double a = again.buildMs() + again.launchMs();
        System.out.printf(Locale.ROOT, "cached vs cold: %.1f ms saved (%.1fx); cached vs source again: %.1f ms saved"
                + " (%.1fx); storing the binary cost the cold run %.1f ms%n", c - h, c / h, a - h, a / h,
                coldStore.buildMs() + coldStore.launchMs() - c);
        return new double[] {c, coldStore.buildMs() + coldStore.launchMs(), a, h};
    }

    private static void print(String what, Run r) {
        System.out.printf(Locale.ROOT, "  %-52s build %8.1f ms + first launches %8.1f ms = %8.1f ms%n", what,
                r.buildMs(), r.launchMs(), r.buildMs() + r.launchMs());
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        for (int i = 0; i < rounds; i++) {
            Path dir = Files.createTempDirectory("cnnc-bench");
            measure(dir);
        }
    }
}
