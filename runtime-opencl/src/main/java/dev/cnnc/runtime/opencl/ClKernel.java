package dev.cnnc.runtime.opencl;

import static org.jocl.CL.*;

import java.util.Arrays;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_event;
import org.jocl.cl_kernel;

/**
 * One kernel of a program: set its arguments, then launch it over a global range split into
 * work-groups of a local size (or of the driver's choice). A launch only enqueues; it is timed
 * when the device's profiler is on or when {@link #launchTimed} is used.
 */
public final class ClKernel implements AutoCloseable {
    /** A {@code __local} argument of {@code bytes} bytes, for {@link #args}. */
    public record Local(long bytes) {
    }

    private final ClProgram program;
    private final String name;
    private final cl_kernel kernel;
    private ClBuffer[] buffers = new ClBuffer[0];
    private boolean closed;

    ClKernel(ClProgram program, String name, cl_kernel kernel) {
        this.program = program;
        this.name = name;
        this.kernel = kernel;
    }

    /** The kernel's name in its program. */
    public String name() {
        return name;
    }

    public ClKernel arg(int index, ClBuffer buffer) {
        buffer.checkUsable("pass to kernel " + name);
        if (buffer.device() != program.device()) {
            throw new IllegalArgumentException("kernel " + name + " argument " + index
                    + ": the buffer belongs to another OpenCL device");
        }
        set(index, Sizeof.cl_mem, Pointer.to(buffer.mem()), "buffer");
        if (index >= buffers.length) {
            buffers = Arrays.copyOf(buffers, index + 1);
        }
        buffers[index] = buffer;
        return this;
    }

    public ClKernel arg(int index, int value) {
        return set(index, Sizeof.cl_int, Pointer.to(new int[] {value}), "int");
    }

    public ClKernel arg(int index, long value) {
        return set(index, Sizeof.cl_long, Pointer.to(new long[] {value}), "long");
    }

    public ClKernel arg(int index, float value) {
        return set(index, Sizeof.cl_float, Pointer.to(new float[] {value}), "float");
    }

    public ClKernel arg(int index, double value) {
        return set(index, Sizeof.cl_double, Pointer.to(new double[] {value}), "double");
    }

    /** A {@code __local} buffer argument of {@code bytes} bytes. */
    public ClKernel localArg(int index, long bytes) {
        return set(index, bytes, null, "__local " + bytes + " bytes");
    }

    /**
     * Sets arguments 0, 1, ... in order: {@link ClBuffer}, {@link Integer}, {@link Long},
     * {@link Float}, {@link Double} or {@link Local}.
     */
    public ClKernel args(Object... values) {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v instanceof ClBuffer b) {
                arg(i, b);
            } else if (v instanceof Integer n) {
                arg(i, n.intValue());
            } else if (v instanceof Long n) {
                arg(i, n.longValue());
            } else if (v instanceof Float f) {
                arg(i, f.floatValue());
            } else if (v instanceof Double d) {
                arg(i, d.doubleValue());
            } else if (v instanceof Local l) {
                localArg(i, l.bytes());
            } else {
                throw new IllegalArgumentException("kernel " + name + " argument " + i + ": cannot pass "
                        + (v == null ? "null" : v.getClass().getSimpleName()));
            }
        }
        return this;
    }

    /**
     * Enqueues one launch. {@code local} may be null (the driver picks the work-group size);
     * otherwise it has as many dimensions as {@code global}. When the device's profiler is on,
     * the launch is timed and counted under this kernel's name.
     */
    public void launch(long[] global, long[] local) {
        Profiler profiler = program.device().profiler();
        if (profiler.enabled()) {
            profiler.pending(name, enqueue(global, local, true));
        } else {
            enqueue(global, local, false);
        }
    }

    /**
     * Launches once and waits for it; returns the kernel's run time in milliseconds from the
     * event's CL_PROFILING_COMMAND_START and _END. The profiler counts it when it is on.
     */
    public double launchTimed(long[] global, long[] local) {
        cl_event event = enqueue(global, local, true);
        long ns = Profiler.waitAndRelease(event, name);
        Profiler profiler = program.device().profiler();
        if (profiler.enabled()) {
            profiler.record(name, ns);
        }
        return ns / 1e6;
    }

    /** CL_KERNEL_WORK_GROUP_SIZE: the largest work-group this kernel can run with on its device. */
    public long workGroupSize() {
        checkOpen();
        long[] v = new long[1];
        ClException.check(clGetKernelWorkGroupInfo(kernel, program.device().id(), CL_KERNEL_WORK_GROUP_SIZE,
                Sizeof.size_t, Pointer.to(v), null), "clGetKernelWorkGroupInfo(" + name + ")");
        return v[0];
    }

    private cl_event enqueue(long[] global, long[] local, boolean wantEvent) {
        checkOpen();
        if (global.length < 1 || global.length > 3) {
            throw new IllegalArgumentException("kernel " + name + ": a launch has 1 to 3 dimensions, not "
                    + global.length);
        }
        if (local != null && local.length != global.length) {
            throw new IllegalArgumentException("kernel " + name + ": global size " + Arrays.toString(global)
                    + " and local size " + Arrays.toString(local) + " differ in dimensions");
        }
        for (int i = 0; i < buffers.length; i++) {
            if (buffers[i] != null && buffers[i].isClosed()) {
                throw new IllegalStateException("kernel " + name + " argument " + i
                        + ": the buffer was closed after it was set");
            }
        }
        cl_event event = wantEvent ? new cl_event() : null;
        int status = clEnqueueNDRangeKernel(program.device().queue(), kernel, global.length, null, global, local,
                0, null, event);
        if (status != CL_SUCCESS) {
            throw new ClException(status, "clEnqueueNDRangeKernel(" + name + ", global " + Arrays.toString(global)
                    + ", local " + (local == null ? "auto" : Arrays.toString(local)) + ") failed: "
                    + ClException.describe(status));
        }
        if (wantEvent) {
            NativeObjects.created(NativeObjects.Kind.EVENT);
        }
        return event;
    }

    private ClKernel set(int index, long size, Pointer value, String what) {
        checkOpen();
        int status = clSetKernelArg(kernel, index, size, value);
        if (status != CL_SUCCESS) {
            throw new ClException(status, "clSetKernelArg(" + name + ", " + index + ", " + what + ") failed: "
                    + ClException.describe(status));
        }
        return this;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("OpenCL kernel " + name + " is closed");
        }
        program.checkOpen();
    }

    /** Releases the kernel. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        buffers = new ClBuffer[0];
        program.forget(this);
        clReleaseKernel(kernel);
        NativeObjects.released(NativeObjects.Kind.KERNEL);
    }
}
