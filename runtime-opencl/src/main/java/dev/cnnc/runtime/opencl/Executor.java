package dev.cnnc.runtime.opencl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays a {@link Program} on a device: builds its units ({@link ClProgramSet}: a phase's when it
 * is prepared or first runs, several phases' at once with {@link #prepare}), allocates its buffers once
 * (fresh memory is expensive; they are reused for every run), creates one kernel object per
 * launch with its fixed arguments (buffers, literals) set once, and runs a phase's launches in
 * order, setting only the {@link Program.Variable}s again: a training step of a ResNet has
 * hundreds of launches and thousands of arguments, and on a CPU device the host thread that
 * would set them every step shares the cores with the kernels. Everything it made is released
 * by {@link #close}.
 */
public final class Executor implements AutoCloseable {
    private final ClDevice device;
    private final Program program;
    private final ClProgramSet built;
    private final List<ClBuffer> buffers = new ArrayList<>(); // per logical buffer; shared storages repeat
    private final List<ClBuffer> allocations = new ArrayList<>();
    /** Per phase, one kernel object per launch, its fixed arguments already set. */
    private final Map<String, List<ClKernel>> bound = new HashMap<>();
    private final List<ClKernel> kernels = new ArrayList<>();
    private final Map<String, Number> variables = new HashMap<>();
    private boolean closed;

    /** Builds every phase's kernels now (a build error surfaces here). */
    public Executor(ClDevice device, Program program) {
        this(device, program, program.phases().keySet());
    }

    /**
     * Builds the kernels of {@code eager} now, all at once; every other phase's are built when it
     * first runs (a training program's evaluation phase need not delay the first step).
     */
    public Executor(ClDevice device, Program program, java.util.Collection<String> eager) {
        checkMemory(device.info(), program);
        this.device = device;
        this.program = program;
        this.built = device.build(program);
        try {
            // One allocation per storage (a planner's shared storage holds several logical buffers).
            for (long bytes : program.allocationBytes()) {
                allocations.add(device.allocate(Math.max(1, bytes)));
            }
            for (int a : program.allocationOf()) {
                buffers.add(allocations.get(a));
            }
            prepare(eager);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Refuses a program whose buffers cannot fit {@code device}, before any kernel is built or
     * buffer allocated: the planned total against the device's global memory, and the largest
     * allocation against the largest buffer the device allows.
     *
     * @throws ClException (CL_MEM_OBJECT_ALLOCATION_FAILURE) naming the figures
     */
    public static void checkMemory(DeviceInfo device, Program program) {
        long[] sizes = program.allocationBytes();
        long total = 0;
        int largest = -1;
        for (int i = 0; i < sizes.length; i++) {
            total = total > Long.MAX_VALUE - sizes[i] ? Long.MAX_VALUE : total + sizes[i]; // saturates
            if (largest < 0 || sizes[i] > sizes[largest]) {
                largest = i;
            }
        }
        String advice = "; use a smaller batch, or gradient checkpointing (cnnc's --checkpoint or --max-memory) "
                + "to keep fewer activations";
        if (total > device.globalMemBytes()) {
            throw new ClException(org.jocl.CL.CL_MEM_OBJECT_ALLOCATION_FAILURE, program.sourceName() + " needs "
                    + Devices.bytes(total) + " of device memory in " + sizes.length + " buffers (the largest "
                    + Devices.bytes(sizes[largest]) + "), but " + device.name() + " has "
                    + Devices.bytes(device.globalMemBytes()) + advice);
        }
        if (largest >= 0 && sizes[largest] > device.maxAllocBytes()) {
            throw new ClException(org.jocl.CL.CL_MEM_OBJECT_ALLOCATION_FAILURE, program.sourceName() + " needs a "
                    + "buffer of " + Devices.bytes(sizes[largest]) + " (" + holders(program, largest) + "), but "
                    + device.name() + " allows at most " + Devices.bytes(device.maxAllocBytes()) + " in one buffer"
                    + advice);
        }
    }

    /** The logical buffers that allocation {@code a} holds, for messages: "input.x" or "conv1, bn1 and 3 more". */
    private static String holders(Program program, int a) {
        int[] of = program.allocationOf();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < of.length; i++) {
            if (of[i] == a) {
                names.add(program.buffers().get(i).name());
            }
        }
        return names.size() <= 3 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
    }

    /**
     * Builds the kernels of {@code phases} that are not built yet, all at once, and makes their
     * kernel objects with their fixed arguments set.
     */
    public void prepare(java.util.Collection<String> phases) {
        java.util.Set<String> kernelNames = new java.util.LinkedHashSet<>();
        for (String phase : phases) {
            if (!bound.containsKey(phase)) {
                for (Program.Launch l : launches(phase)) {
                    kernelNames.add(l.kernel());
                }
            }
        }
        built.ensure(kernelNames);
        for (String phase : phases) {
            if (bound.containsKey(phase)) {
                continue;
            }
            List<Program.Launch> launches = launches(phase);
            List<ClKernel> ks = new ArrayList<>(launches.size());
            for (Program.Launch l : launches) {
                ClKernel k = built.kernel(l.kernel());
                kernels.add(k);
                ks.add(k);
                List<Object> args = l.args();
                for (int i = 0; i < args.size(); i++) {
                    if (!(args.get(i) instanceof Program.Variable)) {
                        setArg(k, i, args.get(i));
                    }
                }
            }
            bound.put(phase, ks);
        }
    }

    private List<Program.Launch> launches(String phase) {
        List<Program.Launch> launches = program.phases().get(phase);
        if (launches == null) {
            throw new IllegalArgumentException("no phase " + phase + " in " + program.sourceName() + " (phases: "
                    + program.phases().keySet() + ")");
        }
        return launches;
    }

    /** The program's kernels, built so far. */
    public ClProgramSet kernels() {
        return built;
    }

    public Program program() {
        return program;
    }

    public ClDevice device() {
        return device;
    }

    /**
     * The device buffer of {@code index}. A buffer that shares its storage (see
     * {@link Program.Buffer#storage}) may be larger than the logical buffer; its content is
     * only that buffer's while the plan keeps it live.
     */
    public ClBuffer buffer(int index) {
        return buffers.get(index);
    }

    public ClBuffer buffer(String name) {
        return buffers.get(program.bufferIndex(name));
    }

    /** Sets a {@link Program.Variable} used by launches. */
    public Executor set(String variable, Number value) {
        variables.put(variable, value);
        return this;
    }

    /** Enqueues every launch of {@code phase} in order (the queue is in order; reads wait). */
    public void run(String phase) {
        run(phase, null);
    }

    /**
     * Runs {@code phase} as {@link #run(String)} does, calling {@code afterEach} with each
     * launch's index and launch once it is enqueued: a buffer read in the call waits for it, so
     * a diagnostic pass can inspect what every launch wrote (slowly: for tools, not for steps).
     */
    public void run(String phase, java.util.function.ObjIntConsumer<Program.Launch> afterEach) {
        List<Program.Launch> launches = launches(phase);
        if (!bound.containsKey(phase)) {
            prepare(List.of(phase));
        }
        List<ClKernel> ks = bound.get(phase);
        for (int j = 0; j < launches.size(); j++) {
            Program.Launch l = launches.get(j);
            ClKernel k = ks.get(j);
            List<Object> args = l.args();
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i) instanceof Program.Variable v) {
                    Number n = variables.getOrDefault(v.name(), v.initial());
                    if (n == null) {
                        throw new IllegalStateException("variable " + v.name() + " of kernel " + l.kernel()
                                + " is not set");
                    }
                    switch (v.type()) {
                        case INT:
                            k.arg(i, n.intValue());
                            break;
                        case FLOAT:
                            k.arg(i, n.floatValue());
                            break;
                        default:
                            k.arg(i, n.doubleValue());
                            break;
                    }
                }
            }
            k.launch(l.global(), l.local());
            if (afterEach != null) {
                afterEach.accept(l, j);
            }
        }
    }

    /** Sets a fixed argument: a buffer or a literal number. */
    private void setArg(ClKernel k, int i, Object a) {
        if (a instanceof Program.BufferRef r) {
            k.arg(i, buffers.get(r.index()));
        } else if (a instanceof Integer n) {
            k.arg(i, n.intValue());
        } else if (a instanceof Long n) {
            k.arg(i, n.longValue());
        } else if (a instanceof Float f) {
            k.arg(i, f.floatValue());
        } else {
            k.arg(i, ((Double) a).doubleValue());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ClKernel k : kernels) {
            k.close();
        }
        for (ClBuffer b : allocations) {
            b.close();
        }
        built.close();
    }
}
