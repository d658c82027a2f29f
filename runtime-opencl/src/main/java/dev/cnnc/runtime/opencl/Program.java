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
 *
 * <p>The source may be cut into separately built <em>units</em> ({@link #units}): a line that
 * starts with {@link #UNIT_MARKER} begins one, and what comes before the first such line (after
 * the line {@link #PRELUDE_MARKER}, if there is one) is the prelude that every unit is built
 * with. The whole source is still one valid OpenCL C file, so a driver may build it at once.
 */
public record Program(String sourceName, String source, String buildOptions, List<Buffer> buffers,
                      Map<String, List<Launch>> phases) {

    /** A line of the source that starts with this begins a unit ({@link #units}). */
    public static final String UNIT_MARKER = "/* ==== unit ";
    /** The line after which the prelude of the units begins (the lines before it are a header comment). */
    public static final String PRELUDE_MARKER = "/* ==== prelude of every unit ==== */";

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

    /**
     * A logical device buffer: a name for messages and tools, its size, its storage (-1 for
     * storage of its own, or a shared storage index chosen by a memory planner), and whether it
     * holds fp16 values (a mixed-precision program's activations, read and written only through
     * {@code vload_half}/{@code vstore_half}) rather than the program's reals.
     * Every logical buffer with the same storage index lives in one device allocation (the
     * largest of their sizes), so the planner guarantees that no two of them hold a value that is
     * still needed at the same time.
     */
    public record Buffer(String name, long bytes, int storage, boolean half) {
        public Buffer {
            Objects.requireNonNull(name, "name");
            if (bytes < 0) {
                throw new IllegalArgumentException("negative size for buffer " + name);
            }
            if (storage < -1) {
                throw new IllegalArgumentException("storage of buffer " + name + " must be -1 or an index: " + storage);
            }
        }

        /** A buffer of reals with storage of its own. */
        public Buffer(String name, long bytes) {
            this(name, bytes, -1, false);
        }

        /** A buffer of reals in storage {@code storage}. */
        public Buffer(String name, long bytes, int storage) {
            this(name, bytes, storage, false);
        }

        /** This buffer with storage {@code index} (-1: its own). */
        public Buffer withStorage(int index) {
            return new Buffer(name, bytes, index, half);
        }
    }

    /** An argument that is buffer {@code index} of the program. */
    public record BufferRef(int index) {
    }

    /**
     * A scalar argument whose value is set on the executor before a phase runs (a seed, a
     * learning rate), passed to the kernel as {@code type}.
     */
    public record Variable(String name, Type type, Number initial) {
        public enum Type { INT, FLOAT, DOUBLE }

        /**
         * @param initial the value a launch passes while the host has not set the variable (e.g.
         *     the loss scale, 1 unless training scales the loss), or null: then it must be set
         */
        public Variable {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }

        /** A variable the host must set before a launch that uses it runs. */
        public Variable(String name, Type type) {
            this(name, type, null);
        }

        /** An {@code int} variable. */
        public Variable(String name) {
            this(name, Type.INT);
        }
    }

    /**
     * One launch: the kernel's name in the source, its arguments ({@link BufferRef},
     * {@link Variable}, {@link Integer}, {@link Long}, {@link Float} or {@link Double}), the
     * global size, the local size (null: the driver chooses) and what it is for ({@code origin}:
     * the layer whose rule launched it, for listings and tools; "" when nothing says). Kernels are
     * shared between launches, so the kernel's name alone does not say which layer it serves.
     */
    public record Launch(String kernel, List<Object> args, long[] global, long[] local, String origin) {
        /** A launch that names no origin. */
        public Launch(String kernel, List<Object> args, long[] global, long[] local) {
            this(kernel, args, global, local, "");
        }

        public Launch {
            Objects.requireNonNull(kernel, "kernel");
            origin = origin == null ? "" : origin;
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

    /**
     * Which device allocation each buffer lives in, 0..n-1 (buffers with storage -1 get one each,
     * in buffer order after the shared storages), and {@link #allocationBytes} their sizes.
     */
    public int[] allocationOf() {
        int shared = 0;
        for (Buffer b : buffers) {
            shared = Math.max(shared, b.storage() + 1);
        }
        int[] out = new int[buffers.size()];
        int next = shared;
        for (int i = 0; i < out.length; i++) {
            out[i] = buffers.get(i).storage() >= 0 ? buffers.get(i).storage() : next++;
        }
        return out;
    }

    /** The size of each allocation of {@link #allocationOf}: the largest buffer it holds. */
    public long[] allocationBytes() {
        int[] of = allocationOf();
        int n = 0;
        for (int a : of) {
            n = Math.max(n, a + 1);
        }
        long[] bytes = new long[n];
        for (int i = 0; i < of.length; i++) {
            bytes[of[i]] = Math.max(bytes[of[i]], buffers.get(i).bytes());
        }
        return bytes;
    }

    /** Total device bytes of the buffers as allocated (shared storages counted once). */
    public long allocatedBytes() {
        long sum = 0;
        for (long b : allocationBytes()) {
            sum += b;
        }
        return sum;
    }

    /**
     * The separately built pieces of the source, each a complete OpenCL C source: the prelude
     * followed by one unit's text. A source without unit markers is one unit, itself.
     */
    public List<String> units() {
        return units(source);
    }

    /** The units of {@code source} (see {@link #units()}). */
    public static List<String> units(String source) {
        List<Integer> starts = new java.util.ArrayList<>();
        int at = source.startsWith(UNIT_MARKER) ? 0 : source.indexOf("\n" + UNIT_MARKER);
        while (at >= 0) {
            int start = source.charAt(at) == '\n' ? at + 1 : at;
            starts.add(start);
            at = source.indexOf("\n" + UNIT_MARKER, start);
        }
        if (starts.isEmpty()) {
            return List.of(source);
        }
        String prelude = prelude(source);
        List<String> units = new java.util.ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1) : source.length();
            units.add(prelude + source.substring(starts.get(i), end));
        }
        return List.copyOf(units);
    }

    /**
     * The text every unit of {@code source} starts with: from the {@link #PRELUDE_MARKER} line (or
     * the start) to the first unit; "" for a source without units.
     */
    public static String prelude(String source) {
        int first = source.startsWith(UNIT_MARKER) ? 0 : source.indexOf("\n" + UNIT_MARKER);
        if (first < 0) {
            return "";
        }
        first = source.charAt(first) == '\n' ? first + 1 : first;
        int preludeStart = source.indexOf(PRELUDE_MARKER);
        return preludeStart >= 0 && preludeStart < first ? source.substring(preludeStart, first)
                : source.substring(0, first);
    }

    /** Whether the program has a buffer called {@code name}. */
    public boolean hasBuffer(String name) {
        for (Buffer b : buffers) {
            if (b.name().equals(name)) {
                return true;
            }
        }
        return false;
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
