package dev.cnnc.compiler.codegen;

import dev.cnnc.runtime.opencl.ClBuffer;
import dev.cnnc.runtime.opencl.ClDevice;
import dev.cnnc.runtime.opencl.ClKernel;
import dev.cnnc.runtime.opencl.ClProgram;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One {@link Tunable} kernel on a device with buffers of its own, to run or time any tiling of it:
 * {@code cnnc tune}'s bench and the tests'. A subclass says how the kernel of a tiling is made,
 * launched and bound to the buffers, and which buffer it writes; this class builds each register
 * block once (a program per block) and times launches with OpenCL profiling events.
 */
public abstract class TuneBench implements AutoCloseable {
    protected final ClDevice device;
    protected final Precision precision;
    private final List<ClBuffer> buffers = new ArrayList<>();
    private final Map<String, ClProgram> programs = new HashMap<>();
    private final Map<String, ClKernel> kernels = new HashMap<>();

    protected TuneBench(ClDevice device, Precision precision) {
        this.device = device;
        this.precision = precision;
    }

    public Precision precision() {
        return precision;
    }

    /** The kernel's {@link Tunable#key}. */
    public abstract String key();

    /** The launch's global size under {@code t}; the first dimension is the one its group width splits. */
    public abstract long[] global(GemmTiling t);

    /** The launch's work-group under {@code t}. */
    public abstract long[] local(GemmTiling t);

    /** A complete OpenCL source (prelude included) holding the kernel of {@code t}, its names starting with {@code name}. */
    protected abstract String source(GemmTiling t, String name);

    /** The function to launch in {@link #source}{@code (t, name)}. */
    protected abstract String function(String name);

    /** Sets the kernel's arguments to this bench's buffers. */
    protected abstract void bind(ClKernel k);

    /** Puts the written buffer back to its starting value (a kernel may add into it). */
    protected abstract void reset();

    /** Reads the written buffer. */
    protected abstract double[] output();

    /** A buffer of {@code elements} reals, released with the bench. */
    protected ClBuffer allocate(long elements) {
        ClBuffer b = device.allocate(Math.max(1, elements) * precision.bytes());
        buffers.add(b);
        return b;
    }

    /** {@code n} values uniform in [-1, 1]. */
    protected static double[] random(Random r, long n) {
        double[] d = new double[(int) n];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextDouble() * 2 - 1;
        }
        return d;
    }

    /** Resets the output, runs the tiling once, and returns the output. */
    public double[] run(GemmTiling t) {
        reset();
        kernel(t).launch(global(t), local(t));
        return output();
    }

    /** The fastest of {@code repeats} launches, in ms (after the run that compiled and verified it). */
    public double time(GemmTiling t, int repeats) {
        ClKernel k = kernel(t);
        long[] global = global(t);
        long[] local = local(t);
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < repeats; i++) {
            best = Math.min(best, k.launchTimed(global, local));
        }
        return best;
    }

    private ClKernel kernel(GemmTiling t) {
        String block = "r" + t.rows() + "v" + t.vectors();
        ClKernel k = kernels.get(block);
        if (k == null) {
            String name = "tune_" + block;
            ClProgram p = device.build("cnnc_tune_" + block + ".cl", source(t, name), "");
            programs.put(block, p);
            k = p.kernel(function(name));
            kernels.put(block, k);
        }
        long group = 1;
        for (long l : local(t)) {
            group *= l;
        }
        if (group > k.workGroupSize()) {
            throw new IllegalArgumentException("work-group of " + group + " exceeds the kernel's limit "
                    + k.workGroupSize());
        }
        bind(k);
        return k;
    }

    @Override
    public void close() {
        kernels.values().forEach(ClKernel::close);
        programs.values().forEach(ClProgram::close);
        buffers.forEach(ClBuffer::close);
    }
}
