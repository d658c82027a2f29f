package dev.cnnc.train.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Named tensors in order, as PyTorch's {@code model.state_dict()} is: parameter and buffer names
 * ({@code layer1.0.conv1.weight}, {@code bn1.running_mean}, {@code bn1.num_batches_tracked}) to
 * tensors in PyTorch's layouts, plus the free-form string metadata a safetensors file carries.
 * {@link #check} compares it with the shapes a model needs and reports every difference at once.
 * Not thread-safe.
 */
public final class StateDict implements Iterable<Map.Entry<String, HostTensor>> {
    private final Map<String, HostTensor> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Path source;

    /** An empty state dict. */
    public StateDict() {
        this(null);
    }

    /** An empty state dict that will be filled from {@code source} (named in errors). */
    StateDict(Path source) {
        this.source = source;
    }

    /** A state dict holding {@code tensors} in their iteration order. */
    public static StateDict of(Map<String, HostTensor> tensors) {
        StateDict d = new StateDict();
        tensors.forEach(d::put);
        return d;
    }

    /** The file this was read from, or null. */
    public Path source() {
        return source;
    }

    /** Adds or replaces a tensor (a replaced one keeps its place); returns the one replaced, or null. */
    public HostTensor put(String name, HostTensor tensor) {
        return tensors.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(tensor, "tensor"));
    }

    /** The tensor called {@code name}, or null. */
    public HostTensor get(String name) {
        return tensors.get(name);
    }

    /**
     * The tensor called {@code name}.
     *
     * @throws TensorFileException naming the file and the tensor if there is none
     */
    public HostTensor require(String name) {
        HostTensor t = tensors.get(name);
        if (t == null) {
            throw new TensorFileException(source, name, "not found" + (source != null ? " in the file" : ""));
        }
        return t;
    }

    /** Whether there is a tensor called {@code name}. */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** Removes and returns the tensor called {@code name}, or null. */
    public HostTensor remove(String name) {
        return tensors.remove(name);
    }

    /** The names, in order. */
    public List<String> names() {
        return List.copyOf(tensors.keySet());
    }

    /** How many tensors there are. */
    public int size() {
        return tensors.size();
    }

    /** Whether there are none. */
    public boolean isEmpty() {
        return tensors.isEmpty();
    }

    /** The tensors by name, in order, as an unmodifiable view. */
    public Map<String, HostTensor> asMap() {
        return Collections.unmodifiableMap(tensors);
    }

    @Override
    public Iterator<Map.Entry<String, HostTensor>> iterator() {
        return asMap().entrySet().iterator();
    }

    /** The string metadata (safetensors' {@code __metadata__}), as an unmodifiable view. */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /** Sets one metadata entry. */
    public void putMetadata(String key, String value) {
        metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    /** The shapes by name, in order. */
    public Map<String, long[]> shapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        tensors.forEach((name, t) -> shapes.put(name, t.shape()));
        return shapes;
    }

    /**
     * Checks that this holds exactly the tensors {@code expected} names, each of the shape given
     * there (dtypes are not compared: a caller converts with {@link HostTensor#to}).
     *
     * @throws Mismatch listing every missing tensor, every unexpected tensor and every tensor of
     *     the wrong shape, the last with both shapes
     */
    public void check(Map<String, long[]> expected) {
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> wrongShape = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        String has = source != null ? "file has " : "state dict has ";
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            HostTensor t = tensors.get(e.getKey());
            if (t == null) {
                missing.add(e.getKey());
                lines.add("missing: " + e.getKey() + " " + HostTensor.shapeString(e.getValue()));
            }
        }
        for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
            if (!expected.containsKey(e.getKey())) {
                unexpected.add(e.getKey());
                lines.add("unexpected: " + e.getKey() + " " + HostTensor.shapeString(e.getValue().shape()));
            }
        }
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            HostTensor t = tensors.get(e.getKey());
            if (t != null && !Arrays.equals(t.shape(), e.getValue())) {
                wrongShape.add(e.getKey());
                lines.add(e.getKey() + ": " + has + HostTensor.shapeString(t.shape()) + ", the model needs "
                    + HostTensor.shapeString(e.getValue()));
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        String hint = prefixHint(missing, unexpected);
        if (hint != null) {
            lines.add(hint);
        }
        List<String> counts = new ArrayList<>();
        if (!missing.isEmpty()) {
            counts.add(missing.size() + " missing");
        }
        if (!unexpected.isEmpty()) {
            counts.add(unexpected.size() + " unexpected");
        }
        if (!wrongShape.isEmpty()) {
            counts.add(wrongShape.size() + " with the wrong shape");
        }
        String detail = "the tensors do not fit the model (" + String.join(", ", counts) + "):\n  "
            + String.join("\n  ", lines);
        throw new Mismatch(source, detail, missing, unexpected, wrongShape);
    }

    /**
     * A hint when names differ only by a leading prefix, as with {@code module.} from PyTorch's
     * DataParallel: {@code module.conv1.weight} in the file, {@code conv1.weight} in the model.
     */
    private static String prefixHint(List<String> missing, List<String> unexpected) {
        for (String m : missing) {
            for (String u : unexpected) {
                if (u.endsWith("." + m)) {
                    return "hint: the names differ by a prefix: '" + u + "' here, '" + m + "' in the model";
                }
                if (m.endsWith("." + u)) {
                    return "hint: the names differ by a prefix: '" + u + "' here, '" + m + "' in the model";
                }
            }
        }
        return null;
    }

    /** {@code StateDict{conv1.weight: F32 [6, 1, 5, 5], ...}}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("StateDict{");
        boolean first = true;
        for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
            b.append(first ? "" : ", ").append(e.getKey()).append(": ").append(e.getValue().dtype()).append(' ')
                .append(HostTensor.shapeString(e.getValue().shape()));
            first = false;
        }
        return b.append('}').toString();
    }

    /** What {@link #check} throws: the message lists everything; the lists are for programs. */
    public static final class Mismatch extends TensorFileException {
        private static final long serialVersionUID = 1L;
        private final List<String> missing;
        private final List<String> unexpected;
        private final List<String> wrongShape;

        Mismatch(Path file, String detail, List<String> missing, List<String> unexpected, List<String> wrongShape) {
            super(file, detail);
            this.missing = List.copyOf(missing);
            this.unexpected = List.copyOf(unexpected);
            this.wrongShape = List.copyOf(wrongShape);
        }

        /** Names the model needs that are not here, in the model's order. */
        public List<String> missing() {
            return missing;
        }

        /** Names here that the model does not have, in this state dict's order. */
        public List<String> unexpected() {
            return unexpected;
        }

        /** Names present in both with different shapes, in the model's order. */
        public List<String> wrongShape() {
            return wrongShape;
        }
    }
}
