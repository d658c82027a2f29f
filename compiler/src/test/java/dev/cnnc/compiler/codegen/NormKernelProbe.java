package dev.cnnc.compiler.codegen;

import dev.cnnc.runtime.opencl.ClBuffer;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.runtime.opencl.Program;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one kernel of a template directly, outside {@link Lowering}: for kernels no lowered
 * program launches yet (the inference-mode backward rules: {@link Lowering} emits a backward
 * program only for training). Every argument is a real buffer given as doubles; all are read back.
 */
final class NormKernelProbe {
    private NormKernelProbe() {
    }

    static double[][] run(Precision p, String template, KernelTemplate.Values values, String kernel, long global,
                          double[]... buffers) {
        return run(p, template, values, kernel, global, 0, buffers);
    }

    /** With work-groups of {@code local} work-items (0: the driver chooses). */
    static double[][] run(Precision p, String template, KernelTemplate.Values values, String kernel, long global,
                          long local, double[]... buffers) {
        return run(p, template, values, kernel, global, local, List.of(), buffers);
    }

    /** With {@code scalars} (Integer, Long, Float, Double) after the buffers, as the kernel's last arguments. */
    static double[][] run(Precision p, String template, KernelTemplate.Values values, String kernel, long global,
                          long local, List<Object> scalars, double[]... buffers) {
        StringBuilder source = new StringBuilder();
        if (p == Precision.FP64) {
            source.append("#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
        }
        source.append("typedef ").append(p.cType()).append(" real;\n");
        source.append(KernelTemplate.load("common").render(Map.of())); // LOAD_T, STORE_T, as every program has
        Map<String, String> v = new LinkedHashMap<>(values.map());
        v.put("KERNEL", "probe");
        source.append(KernelTemplate.load(template).render(v));
        List<Program.Buffer> bufs = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        for (int i = 0; i < buffers.length; i++) {
            bufs.add(new Program.Buffer("arg" + i, (long) buffers[i].length * p.bytes()));
            args.add(new Program.BufferRef(i));
        }
        args.addAll(scalars);
        Program program = new Program("probe_" + template + ".cl", source.toString(), "", bufs,
                Map.of("run", List.of(new Program.Launch("probe_" + kernel, args, new long[] {global},
                        local > 0 ? new long[] {local} : null))));
        try (Executor ex = new Executor(KernelHarness.device(), program)) {
            for (int i = 0; i < buffers.length; i++) {
                write(ex.buffer(i), p, buffers[i]);
            }
            ex.run("run");
            double[][] out = new double[buffers.length][];
            for (int i = 0; i < buffers.length; i++) {
                out[i] = read(ex.buffer(i), p, buffers[i].length);
            }
            return out;
        }
    }

    private static void write(ClBuffer b, Precision p, double[] data) {
        if (p == Precision.FP64) {
            b.write(data);
            return;
        }
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        b.write(f);
    }

    private static double[] read(ClBuffer b, Precision p, int elements) {
        double[] out = new double[elements];
        if (p == Precision.FP64) {
            b.read(out);
            return out;
        }
        float[] f = new float[elements];
        b.read(f);
        for (int i = 0; i < elements; i++) {
            out[i] = f[i];
        }
        return out;
    }
}
