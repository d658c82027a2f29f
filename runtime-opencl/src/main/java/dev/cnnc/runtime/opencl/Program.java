package dev.cnnc.runtime.opencl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled program as plain data: one OpenCL C source, the device buffers it uses, and
 * named phases ({@code forward}, {@code backward}, ...), each a list of kernel launches.
 * Compilers produce it; {@link Executor} plays it. It knows nothing of models or layers
 * beyond the names it carries for messages.
 */
public record Program(String sourceName, String source, String buildOptions, List<Buffer> buffers,
                      Map<String, List<Launch>> phases) {

    public Program {
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(source, "source");
        buildOptions = buildOptions == null ? "" : buildOptions;
        buffers = List.copyOf(buffers);
        Map<String, List<Launch>> copy = new LinkedHashMap<>();
        phases.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        phases = java.util.Collections.unmodifiableMap(copy);
        for (List<Launch> launches : phases.values()) {
            for (Launch l : launches) {
                for (Object a : l.args()) {
                    if (a instanceof BufferRef r && (r.index() < 0 || r.index() >= buffers.size())) {
                        throw new IllegalArgumentException("launch of " + l.kernel() + " uses buffer #" + r.index()
                                + " of " + buffers.size());
                    }
                }
            }
        }
    }

    /** A device buffer: a name for messages and tools, and its size. */
    public record Buffer(String name, long bytes) {
        public Buffer {
            Objects.requireNonNull(name, "name");
            if (bytes < 0) {
                throw new IllegalArgumentException("negative size for buffer " + name);
            }
        }
    }

    /** An argument that is buffer {@code index} of the program. */
    public record BufferRef(int index) {
    }

    /**
     * A scalar argument whose value is set on the executor before a phase runs (a seed, a
     * learning rate), passed to the kernel as {@code type}.
     */
    public record Variable(String name, Type type) {
        public enum Type { INT, FLOAT, DOUBLE }

        public Variable {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }

        /** An {@code int} variable. */
        public Variable(String name) {
            this(name, Type.INT);
        }
    }

    /**
     * One launch: the kernel's name in the source, its arguments ({@link BufferRef},
     * {@link Variable}, {@link Integer}, {@link Long}, {@link Float} or {@link Double}), the
     * global size and the local size (null: the driver chooses).
     */
    public record Launch(String kernel, List<Object> args, long[] global, long[] local) {
        public Launch {
            Objects.requireNonNull(kernel, "kernel");
            args = List.copyOf(args);
            global = global.clone();
            local = local == null ? null : local.clone();
            for (Object a : args) {
                if (!(a instanceof BufferRef || a instanceof Variable || a instanceof Integer || a instanceof Long
                        || a instanceof Float || a instanceof Double)) {
                    throw new IllegalArgumentException("kernel " + kernel + ": unsupported argument " + a);
                }
            }
        }
    }

    public int bufferIndex(String name) {
        for (int i = 0; i < buffers.size(); i++) {
            if (buffers.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no buffer named " + name);
    }
}
