package dev.cnnc.compiler.codegen;

import dev.cnnc.compiler.codegen.kernels.Int8Kernels;
import dev.cnnc.runtime.opencl.ClBuffer;
import dev.cnnc.runtime.opencl.ClDevice;
import dev.cnnc.runtime.opencl.ClKernel;
import dev.cnnc.runtime.opencl.ClProgram;
import dev.cnnc.runtime.opencl.Profiler;
import dev.cnnc.train.quant.Int8Reference.Conv2d;
import dev.cnnc.train.quant.Requantizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A benchmark, not a test (the suite does not run it: the name does not match surefire's
 * patterns). The int8 convolution of {@link Int8Kernels} against cnnc's fp32 convolution (the
 * inference lowering of {@code conv(C, 3, pad: 1) -> relu}) on ResNet-20's 3×3 shapes at batch 32:
 * median kernel milliseconds of several launches, both in one run, printed and written to
 * {@code compiler/target/int8-bench.txt}.
 *
 * <p>Run: {@code mvn -o -q -B test -pl compiler -am -Dtest=Int8ConvBench -Dsurefire.failIfNoSpecifiedTests=false}
 * (system properties {@code int8.reps}; {@code int8.tilings}, a list such as {@code 8x2,4x4v,8x2p}: filters ×
 * vectors per work-item, suffix v for the AVX-512 VNNI loop (left out where this machine lacks
 * it), p for the portable loop, none for AVX-512BW; {@code default} for what {@code Isa.forHost}
 * and its tiling give).
 */
@Tag("device")
class Int8ConvBench {
    static final int BATCH = 32;
    /** C, H = W, filters, kernel, stride, pad: ResNet-20's 3x3 stride-1 convolutions, then its strided ones. */
    static final int[][] SHAPES = {{16, 32, 16, 3, 1, 1}, {32, 16, 32, 3, 1, 1}, {64, 8, 64, 3, 1, 1},
        {16, 32, 32, 3, 2, 1}, {32, 16, 64, 3, 2, 1}, {16, 32, 32, 1, 2, 0}, {32, 16, 64, 1, 2, 0}};

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    /** One int8 instance, ready to launch. */
    record Int8Run(String tiling, Int8Kernels.Conv conv, ClProgram program, List<ClBuffer> buffers, ClKernel pad,
            ClKernel forward, List<Double> padMs, List<Double> convMs, List<Double> all) {
        void launch(boolean record) {
            double a = pad.launchTimed(conv.padGlobal(), null);
            double b = forward.launchTimed(conv.forwardGlobal(), null);
            if (record) {
                padMs.add(a);
                convMs.add(b);
                all.add(a + b);
            }
        }

        void close() {
            buffers.forEach(ClBuffer::close);
            program.close();
        }
    }

    static Int8Run int8(ClDevice d, Conv2d g, String tiling) {
        // "8x2": 8 filters x 2 vectors, AVX-512BW loop; a suffix v: the VNNI loop, p: the portable one
        Int8Kernels.Isa isa = tiling.endsWith("v") ? Int8Kernels.Isa.AVX512_VNNI
                : tiling.endsWith("p") ? Int8Kernels.Isa.PORTABLE : Int8Kernels.Isa.AVX512BW;
        String[] tm = tiling.replaceAll("[vp]$", "").split("x");
        Int8Kernels.Conv k = Int8Kernels.conv(g, Int8Kernels.Output.INT8, true,
                new Int8Kernels.Tiling(Integer.parseInt(tm[0]), Integer.parseInt(tm[1])), isa);
        int c = g.filters();
        Random r = new Random(2);
        byte[] x = new byte[g.inputSize()];
        byte[] w = new byte[g.filters() * g.reduction()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (byte) (r.nextInt(255) - 127);
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (byte) (r.nextInt(255) - 127);
        }
        int[] mult = new int[c];
        int[] shift = new int[c];
        Arrays.fill(mult, Requantizer.of(0.003).multiplier());
        Arrays.fill(shift, Requantizer.of(0.003).shift());
        ClProgram p = d.build("int8_bench.cl", k.source(), "");
        ClBuffer bx = d.allocate(x.length).write(x);
        ClBuffer bw = d.allocate(w.length).write(w);
        ClBuffer bb = d.allocate(4L * c).write(new int[c]);
        ClBuffer bm = d.allocate(4L * c).write(mult);
        ClBuffer bs = d.allocate(4L * c).write(shift);
        ClBuffer xp = d.allocate(k.paddedBytes());
        ClBuffer y = d.allocate(k.outputBytes());
        ClBuffer wp = d.allocate(k.packedWeightBytes());
        k.pack(p, bw, wp);
        return new Int8Run(tiling, k, p, List.of(bx, bw, bb, bm, bs, xp, y, wp), k.padArgs(p.kernel(k.padKernel()), bx, xp),
                k.forwardArgs(p.kernel(k.forwardKernel()), xp, wp, bb, bm, bs, 0f, null, y), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>());
    }

    @Test
    void bench() throws IOException {
        int reps = Integer.getInteger("int8.reps", 21);
        String tilingList = System.getProperty("int8.tilings", "8x2p,8x2,4x4,8x2v,4x4v");
        StringBuilder out = new StringBuilder();
        ClDevice d = KernelHarness.device();
        out.append("device: ").append(d).append(", batch ").append(BATCH).append(", median of ").append(reps)
                .append(" launches (fp32 and int8 launches interleaved), kernel ms (OpenCL profiling events)\n");
        for (int[] shape : SHAPES) {
            int c = shape[0];
            int hw = shape[1];
            int f = shape[2];
            int kernel = shape[3];
            int stride = shape[4];
            int pad = shape[5];
            Conv2d g = Conv2d.of(BATCH, c, hw, hw, f, kernel, stride, pad, 1, 1);
            List<Int8Run> runs = new ArrayList<>();
            for (String t : tilingList.split(",")) {
                if (t.endsWith("v") && Int8Kernels.Isa.forHost() != Int8Kernels.Isa.AVX512_VNNI) {
                    continue; // would fault
                }
                Int8Kernels.Isa isa = Int8Kernels.Isa.forHost();
                Int8Kernels.Tiling dt = Int8Kernels.Tiling.of(isa);
                runs.add(int8(d, g, t.equals("default") ? dt.filters() + "x" + dt.vectors()
                        + (isa == Int8Kernels.Isa.AVX512_VNNI ? "v" : "") : t));
            }
            // fp32: cnnc's own lowering of the layer
            Map<String, List<Double>> fp32 = new LinkedHashMap<>();
            String src = "model B {\n  input image: [" + c + ", " + hw + ", " + hw + "]\n  output y = image -> conv("
                    + f + ", " + kernel + ", stride: " + stride + ", pad: " + pad + ") -> relu\n}\n";
            try (KernelHarness h = new KernelHarness(KernelHarness.compile(src), BATCH, Precision.FP32, false)) {
                Random r = new Random(1);
                h.setInput(h.input(0), r.doubles((long) BATCH * c * hw * hw, -1, 1).toArray());
                // every parameter set: uninitialized memory may hold denormals, which are ~100x slower
                for (dev.cnnc.compiler.ir.Param prm : h.graph.params()) {
                    h.setParam(prm.name(), r.doubles(prm.elements(), -0.1, 0.1).toArray());
                }
                Profiler prof = h.executor.device().profiler();
                for (int i = 0; i < reps + 3; i++) {
                    prof.enable(true);
                    prof.reset();
                    h.forward();
                    double total = 0;
                    for (Profiler.Entry e : prof.entries()) {
                        if (i >= 3) {
                            fp32.computeIfAbsent(e.kernel(), k -> new ArrayList<>()).add(e.totalMs());
                        }
                        total += e.totalMs();
                    }
                    if (i >= 3) {
                        fp32.computeIfAbsent("(all)", k -> new ArrayList<>()).add(total);
                    }
                    prof.enable(false);
                    prof.reset();
                    for (Int8Run run : runs) {
                        run.launch(i >= 3);
                    }
                }
            } finally {
                runs.forEach(Int8Run::close);
            }
            out.append(String.format(Locale.ROOT, "\n%dx%d, %d -> %d, %dx%d pad %d stride %d (%.1f MMAC)%n", hw, hw, c,
                    f, kernel, kernel, pad, stride, (double) BATCH * g.filters() * g.reduction() * g.outHeight() * g.outWidth() / 1e6));
            double fpAll = median(fp32.get("(all)"));
            for (Map.Entry<String, List<Double>> e : fp32.entrySet()) {
                out.append(String.format(Locale.ROOT, "  fp32 %-45s %8.3f ms%n", e.getKey(), median(e.getValue())));
            }
            for (Int8Run run : runs) {
                double i8 = median(run.all());
                out.append(String.format(Locale.ROOT,
                        "  int8 tiling %-5s pad %7.3f ms + conv %7.3f ms = %8.3f ms   fp32/int8 = %.2fx%n",
                        run.tiling(), median(run.padMs()), median(run.convMs()), i8, fpAll / i8));
            }
        }
        System.out.print(out);
        Path file = Path.of("target", "int8-bench.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, out.toString());
    }
}
