package dev.cnnc.runtime.opencl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays a {@link Program} on a device: builds its source once, allocates its buffers once
 * (fresh memory is expensive; they are reused for every run), creates each kernel once, and
 * runs a phase's launches in order. Everything it made is released by {@link #close}.
 */
public final class Executor implements AutoCloseable {
    private final ClDevice device;
    private final Program program;
    private final ClProgram built;
    private final List<ClBuffer> buffers = new ArrayList<>(); // per logical buffer; shared storages repeat
    private final List<ClBuffer> allocations = new ArrayList<>();
    private final Map<String, ClKernel> kernels = new HashMap<>();
    private final Map<String, Number> variables = new HashMap<>();
    private boolean closed;

    public Executor(ClDevice device, Program program) {
        this.device = device;
        this.program = program;
        ClProgram p = device.build(program.sourceName(), program.source(), program.buildOptions());
        this.built = p;
        try {
            // One allocation per storage (a planner's shared storage holds several logical buffers).
            for (long bytes : program.allocationBytes()) {
                allocations.add(device.allocate(Math.max(1, bytes)));
            }
            for (int a : program.allocationOf()) {
                buffers.add(allocations.get(a));
            }
            for (List<Program.Launch> phase : program.phases().values()) {
                for (Program.Launch l : phase) {
                    kernels.computeIfAbsent(l.kernel(), built::kernel);
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
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
        List<Program.Launch> launches = program.phases().get(phase);
        if (launches == null) {
            throw new IllegalArgumentException("no phase " + phase + " in " + program.sourceName() + " (phases: "
                    + program.phases().keySet() + ")");
        }
        for (Program.Launch l : launches) {
            ClKernel k = kernels.get(l.kernel());
            List<Object> args = l.args();
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                if (a instanceof Program.BufferRef r) {
                    k.arg(i, buffers.get(r.index()));
                } else if (a instanceof Program.Variable v) {
                    Number n = variables.get(v.name());
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
            k.launch(l.global(), l.local());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ClKernel k : kernels.values()) {
            k.close();
        }
        for (ClBuffer b : allocations) {
            b.close();
        }
        built.close();
    }
}
