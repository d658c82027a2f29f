package dev.cnnc.runtime.opencl;

import static org.jocl.CL.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_queue_properties;

/**
 * One OpenCL device opened for work: a context and an in-order command queue with profiling
 * enabled. It makes buffers and programs; closing the device releases whatever of them is
 * still open, then the queue and the context. Use one device from one thread at a time.
 */
public final class ClDevice implements AutoCloseable {
    private final DeviceInfo info;
    private final cl_device_id id;
    private final cl_context context;
    private final cl_command_queue queue;
    private final Profiler profiler = new Profiler();
    private final Set<AutoCloseable> children = Collections.newSetFromMap(new IdentityHashMap<>());
    private BinaryCache cache;
    private static volatile ClProgramSet.Progress defaultProgress = ClProgramSet.Progress.NONE;
    private ClProgramSet.Progress progress = defaultProgress;
    private boolean closed;

    private ClDevice(DeviceInfo info) {
        this.info = info;
        this.id = Devices.handle(info);
        int[] err = new int[1];
        cl_context ctx = clCreateContext(null, 1, new cl_device_id[] {id}, null, null, err);
        ClException.check(err[0], "clCreateContext(" + info.name() + ")");
        NativeObjects.created(NativeObjects.Kind.CONTEXT);
        cl_command_queue q;
        if (majorVersion(info.deviceVersion()) >= 2 && majorVersion(info.platformVersion()) >= 2) {
            cl_queue_properties props = new cl_queue_properties();
            props.addProperty(CL_QUEUE_PROPERTIES, CL_QUEUE_PROFILING_ENABLE);
            try {
                q = clCreateCommandQueueWithProperties(ctx, id, props, err);
            } catch (UnsupportedOperationException | LinkageError e) {
                q = createQueue12(ctx, id, err); // an ICD loader older than OpenCL 2.0
            }
        } else {
            q = createQueue12(ctx, id, err);
        }
        if (err[0] != CL_SUCCESS) {
            clReleaseContext(ctx);
            NativeObjects.released(NativeObjects.Kind.CONTEXT);
            ClException.check(err[0], "clCreateCommandQueue(" + info.name() + ")");
        }
        NativeObjects.created(NativeObjects.Kind.QUEUE);
        this.context = ctx;
        this.queue = q;
        this.cache = BinaryCache.fromEnvironment();
    }

    @SuppressWarnings("deprecation")
    private static cl_command_queue createQueue12(cl_context ctx, cl_device_id id, int[] err) {
        return clCreateCommandQueue(ctx, id, CL_QUEUE_PROFILING_ENABLE, err);
    }

    /** The {@code N} of "OpenCL N.M ..." (0 when the text does not say). */
    static int majorVersion(String clVersion) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("OpenCL (\\d+)\\.").matcher(clVersion);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /**
     * Opens the device a {@code --device} spec names (null or blank: the default device).
     *
     * @throws OpenClUnavailableException when there is no OpenCL platform or device
     * @throws IllegalArgumentException when no device fits the spec
     */
    public static ClDevice open(String spec) {
        return new ClDevice(Devices.select(spec));
    }

    /** Opens a device found by {@link Devices}. */
    public static ClDevice open(DeviceInfo info) {
        return new ClDevice(info);
    }

    /** What discovery knows about this device. */
    public DeviceInfo info() {
        return info;
    }

    /** The per-kernel launch times of this device. */
    public Profiler profiler() {
        return profiler;
    }

    /** The cache of program binaries that {@link #build} uses; null for none. */
    public BinaryCache cache() {
        return cache;
    }

    /**
     * Sets the binary cache {@link #build} uses (null: always build from source). A new device
     * starts with {@link BinaryCache#fromEnvironment()}.
     */
    public ClDevice cache(BinaryCache cache) {
        this.cache = cache;
        return this;
    }

    /** A new read-write buffer of {@code bytes} bytes (uninitialised). */
    public ClBuffer allocate(long bytes) {
        return adopt(new ClBuffer(this, bytes));
    }

    /** A new buffer holding a copy of {@code data}. */
    public ClBuffer upload(float[] data) {
        ClBuffer b = allocate(4L * Math.max(1, data.length));
        try {
            return b.write(data);
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
    }

    /**
     * Builds an OpenCL C program, from the binary cache when it has this source for this device.
     *
     * @param sourceName the file name the source is known by, used in error messages
     * @param source     OpenCL C source
     * @param options    build options such as {@code -cl-fast-relaxed-math} (null: none)
     * @throws ClException with the status name and the full build log when the build fails
     */
    public ClProgram build(String sourceName, String source, String options) {
        return adopt(ClProgram.build(this, sourceName, source, options == null ? "" : options, cache));
    }

    /**
     * A program's units ({@link Program#units}) as one set of kernels, each unit built when one of
     * its kernels is first asked for ({@link ClProgramSet#ensure}): from the binary cache where it
     * has it, else compiled on all cores at once with the others asked for together, telling
     * {@link #progress} after each unit.
     */
    public ClProgramSet build(Program program) {
        checkOpen();
        return adopt(new ClProgramSet(this, program, cache, progress));
    }

    /** Where {@link #build(Program)} reports its progress; a new device reports to {@link #defaultProgress}. */
    public ClDevice progress(ClProgramSet.Progress p) {
        this.progress = p == null ? ClProgramSet.Progress.NONE : p;
        return this;
    }

    /**
     * The progress listener of devices opened from now on (a command line sets one that draws a
     * line on its terminal).
     */
    public static void defaultProgress(ClProgramSet.Progress p) {
        defaultProgress = p == null ? ClProgramSet.Progress.NONE : p;
    }

    ClProgram adoptProgram(ClProgram p) {
        return adopt(p);
    }

    /** Waits until every command queued so far has finished, then collects pending profile times. */
    public void finish() {
        checkOpen();
        ClException.check(clFinish(queue), "clFinish(" + info.name() + ")");
        profiler.collect();
    }

    /** Whether {@link #close} has run. */
    public boolean isClosed() {
        return closed;
    }

    /** Releases every buffer, program and kernel of this device still open, then the queue and the context. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            clFinish(queue);
            profiler.releasePending();
            List<AutoCloseable> open;
            synchronized (children) {
                open = new ArrayList<>(children);
            }
            for (AutoCloseable c : open) {
                try {
                    c.close();
                } catch (Exception e) {
                    // keep releasing the rest; a release failure leaves nothing to retry
                }
            }
        } finally {
            closed = true;
            clReleaseCommandQueue(queue);
            NativeObjects.released(NativeObjects.Kind.QUEUE);
            clReleaseContext(context);
            NativeObjects.released(NativeObjects.Kind.CONTEXT);
        }
    }

    @Override
    public String toString() {
        return "ClDevice[" + info.label() + "]";
    }

    // ---- for the other wrappers ----

    cl_context context() {
        return context;
    }

    cl_command_queue queue() {
        return queue;
    }

    cl_device_id id() {
        return id;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("OpenCL device " + info.label() + " is closed");
        }
    }

    private <T extends AutoCloseable> T adopt(T child) {
        synchronized (children) {
            children.add(child);
        }
        return child;
    }

    void forget(AutoCloseable child) {
        synchronized (children) {
            children.remove(child);
        }
    }
}
