package dev.cnnc.train;

import dev.cnnc.runtime.opencl.ClBuffer;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.train.io.HostTensor;
import dev.cnnc.train.io.Safetensors;
import dev.cnnc.train.io.StateDict;
import dev.cnnc.train.io.TensorFileException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model weights and optimizer state between device buffers and safetensors files, in
 * PyTorch's names and layouts ({@code conv1.weight} OIHW, {@code bn1.running_mean},
 * {@code bn1.num_batches_tracked} int64), written atomically so a killed run never leaves a
 * corrupt file. Floats are stored as F32 whatever the program's precision, as PyTorch saves
 * them.
 *
 * <p>Two kinds of file:
 * <ul>
 *   <li>a <em>weights file</em> ({@code best.safetensors}, by {@link #saveWeights}; also what
 *       {@code cnnc init} and a compiled model's {@code save} write) holds exactly the model's {@code state_dict()} and nothing else among its tensors, so
 *       PyTorch's {@code model.load_state_dict(..., strict=True)} takes it as it is; what
 *       else cnnc knows (format, class names, normalisation, epoch) is in the safetensors
 *       {@code __metadata__} header, which PyTorch ignores;</li>
 *   <li>a <em>training checkpoint</em> ({@link #save}: {@code last.safetensors}) adds the
 *       optimizer state that {@code --resume} restores, as tensors named
 *       {@code optimizer.<param>.<state>} ({@value #OPTIMIZER_PREFIX}, PyTorch's per-parameter
 *       names: {@code momentum_buffer}, {@code exp_avg}, {@code exp_avg_sq}). PyTorch loads its
 *       weights with {@code strict=False}, or after dropping the keys with that prefix.</li>
 * </ul>
 * A training checkpoint's metadata also holds the epoch and optimizer step reached and, for a run
 * with loss scaling, the scaler's {@code GradScaler.state_dict()} as JSON ({@code scaler}) and
 * the steps it skipped ({@code skipped_steps}; {@link Trainer#SCALER}), which {@code --resume}
 * restores ({@link Trainer#resume}).
 * {@link #load} reads either as weights (ignoring optimizer tensors), so every reader takes
 * both, old checkpoints whose {@code best.safetensors} still carried optimizer state included.
 */
public final class Checkpoints {
    private Checkpoints() {
    }

    /** The name prefix of optimizer state tensors in a training checkpoint. */
    public static final String OPTIMIZER_PREFIX = "optimizer.";

    /** The {@code format} metadata of a training checkpoint (weights and optimizer state). */
    public static final String CHECKPOINT_FORMAT = "cnnc-checkpoint-1";

    /** The {@code format} metadata of a weights file (the model's state_dict only). */
    public static final String WEIGHTS_FORMAT = "cnnc-weights-1";

    /** The model's parameters and buffers, read from the device. */
    public static StateDict weights(ModelBinding m, Executor ex) {
        StateDict d = new StateDict();
        for (ModelBinding.ParamBinding p : m.params()) {
            d.put(p.name(), read(m, ex, p.buffer(), p.shape(), p.floating()));
        }
        return d;
    }

    /**
     * A training checkpoint: the weights, then the optimizer state ({@value #OPTIMIZER_PREFIX}
     * tensors), then {@code metadata} (epoch, step, seed ...) in the header.
     *
     * @throws NonFinite.NonFiniteException when a tensor holds NaN or infinity (nothing is written)
     */
    public static void save(Path file, ModelBinding m, Executor ex, Map<String, String> metadata) {
        StateDict d = weights(m, ex);
        for (ModelBinding.StateBinding s : m.state()) {
            d.put(s.name(), read(m, ex, s.buffer(), s.shape(), true));
        }
        write(file, d, metadata);
    }

    /**
     * A weights file: exactly the model's state_dict (parameters and buffers, PyTorch's names,
     * shapes and dtypes), with {@code metadata} in the header only, so that PyTorch loads it
     * with {@code strict=True}.
     *
     * @throws NonFinite.NonFiniteException when a tensor holds NaN or infinity (nothing is written)
     */
    public static void saveWeights(Path file, ModelBinding m, Executor ex, Map<String, String> metadata) {
        write(file, weights(m, ex), metadata);
    }

    /** Writes {@code d} with {@code metadata} atomically, unless a tensor is not finite. */
    private static void write(Path file, StateDict d, Map<String, String> metadata) {
        List<String> bad = NonFinite.tensors(d);
        if (!bad.isEmpty()) {
            throw new NonFinite.NonFiniteException("not writing " + file + ": " + listed(bad)
                    + " hold NaN or infinite values (the file keeps its previous content)");
        }
        metadata.forEach(d::putMetadata);
        Safetensors.write(file, d);
    }

    /**
     * Loads weights (and optimizer state when {@code withState}) into the device buffers. The
     * file must hold exactly the model's tensors, besides {@value #OPTIMIZER_PREFIX} tensors,
     * which are ignored unless {@code withState} (a weights file, a training checkpoint, a
     * PyTorch state_dict all load as weights); every missing, extra or mis-shaped tensor is
     * reported at once, naming both shapes. With {@code withState} the file must hold the
     * optimizer state too.
     *
     * @return the file's metadata
     */
    /**
     * The weights of {@code file} (a checkpoint or a PyTorch state_dict, no quantized model) as
     * {@link #load} would take them for {@code m}, checked on the host alone (names, shapes, finite
     * values; every problem at once), without the optimizer state: what {@code cnnc compile
     * --weights} puts in a jar.
     *
     * @throws IllegalArgumentException naming the file and what does not fit
     */
    public static StateDict checkedWeights(Path file, ModelBinding m) {
        StateDict d = Safetensors.read(file);
        refuseQuantized(file, d);
        List<String> bad = NonFinite.tensors(d);
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException(file + ": " + listed(bad) + " hold NaN or infinite values");
        }
        Map<String, long[]> expected = new LinkedHashMap<>();
        for (ModelBinding.ParamBinding p : m.params()) {
            expected.put(p.name(), p.shape());
        }
        StateDict weights = new StateDict();
        for (Map.Entry<String, HostTensor> e : d) {
            if (!e.getKey().startsWith(OPTIMIZER_PREFIX)) {
                weights.put(e.getKey(), e.getValue());
            }
        }
        checkNamed(file, weights, expected);
        d.metadata().forEach(weights::putMetadata);
        return weights;
    }

    public static Map<String, String> load(Path file, ModelBinding m, Executor ex, boolean withState) {
        StateDict d = Safetensors.read(file);
        refuseQuantized(file, d);
        List<String> bad = NonFinite.tensors(d);
        if (!bad.isEmpty()) {
            throw new NonFinite.NonFiniteException(file + ": " + listed(bad) + " hold NaN or infinite values; "
                    + "refusing to load them (the run that wrote them diverged)");
        }
        Map<String, long[]> expected = new LinkedHashMap<>();
        for (ModelBinding.ParamBinding p : m.params()) {
            expected.put(p.name(), p.shape());
        }
        StateDict weights = new StateDict();
        StateDict state = new StateDict();
        for (Map.Entry<String, HostTensor> e : d) {
            (e.getKey().startsWith(OPTIMIZER_PREFIX) ? state : weights).put(e.getKey(), e.getValue());
        }
        checkNamed(file, weights, expected);
        for (ModelBinding.ParamBinding p : m.params()) {
            write(m, ex, p.buffer(), weights.require(p.name()), p.floating());
        }
        if (withState) {
            if (state.isEmpty() && !m.state().isEmpty()) {
                throw new IllegalArgumentException(file + ": holds weights only, no optimizer state (a weights file "
                        + "such as best.safetensors); resume from a run's last.safetensors, or use it as --weights");
            }
            Map<String, long[]> expectedState = new LinkedHashMap<>();
            for (ModelBinding.StateBinding s : m.state()) {
                expectedState.put(s.name(), s.shape());
            }
            checkNamed(file, state, expectedState);
            for (ModelBinding.StateBinding s : m.state()) {
                write(m, ex, s.buffer(), state.require(s.name()), true);
            }
        }
        return d.metadata();
    }

    /**
     * What {@link #loadMatching} did, as PyTorch's {@code load_state_dict(strict=False)} reports
     * it: the tensors loaded, the model's tensors the file lacks (left as they were), the file's
     * tensors the model does not have, and the tensors of both whose shapes differ (left as they
     * were), each described with both shapes.
     */
    public record Matched(int loaded, int modelTensors, List<String> missing, List<String> unexpected,
                          List<String> mismatched) {
        /** The report: "loaded N of M tensors from FILE", then a line per kind of difference. */
        public String report(Path file) {
            StringBuilder b = new StringBuilder("loaded " + loaded + " of " + modelTensors + " tensors from " + file);
            if (!missing.isEmpty()) {
                b.append("\n  missing keys (not in the file, left initialised): ").append(String.join(", ", missing));
            }
            if (!unexpected.isEmpty()) {
                b.append("\n  unexpected keys (in the file, not in the model; ignored): ")
                        .append(String.join(", ", unexpected));
            }
            if (!mismatched.isEmpty()) {
                b.append("\n  shape mismatches (left initialised): ").append(String.join("; ", mismatched));
            }
            return b.toString();
        }
    }

    /**
     * Loads the weights of {@code file} that fit the model, by name and shape, over what the
     * buffers hold (the seeded initialisation), as PyTorch's {@code load_state_dict(strict=False)}
     * would, except that a shape mismatch is reported, not raised. Optimizer state in the file
     * ({@code optimizer.*}) is ignored. A file with no tensor that fits is an error.
     */
    public static Matched loadMatching(Path file, ModelBinding m, Executor ex) {
        StateDict d = Safetensors.read(file);
        refuseQuantized(file, d);
        List<String> missing = new java.util.ArrayList<>();
        List<String> unexpected = new java.util.ArrayList<>();
        List<String> mismatched = new java.util.ArrayList<>();
        java.util.Set<String> known = new java.util.HashSet<>();
        List<ModelBinding.ParamBinding> fit = new java.util.ArrayList<>();
        for (ModelBinding.ParamBinding p : m.params()) {
            known.add(p.name());
            HostTensor t = d.get(p.name());
            if (t == null) {
                missing.add(p.name());
            } else if (!java.util.Arrays.equals(t.shape(), p.shape())) {
                mismatched.add(p.name() + " (file " + HostTensor.shapeString(t.shape()) + ", model "
                        + HostTensor.shapeString(p.shape()) + ")");
            } else {
                fit.add(p);
            }
        }
        for (Map.Entry<String, HostTensor> e : d) {
            if (!known.contains(e.getKey()) && !e.getKey().startsWith(OPTIMIZER_PREFIX)) {
                unexpected.add(e.getKey());
            }
        }
        if (fit.isEmpty()) {
            throw new IllegalArgumentException(file + ": no tensor fits the model by name and shape, so nothing "
                    + "would be loaded" + (d.isEmpty() ? " (the file holds no tensors)" : "")
                    + new Matched(0, m.params().size(), missing, unexpected, mismatched).report(file)
                    .replaceFirst("^[^\n]*", ""));
        }
        StateDict loaded = new StateDict();
        for (ModelBinding.ParamBinding p : fit) {
            loaded.put(p.name(), d.require(p.name()));
        }
        List<String> bad = NonFinite.tensors(loaded);
        if (!bad.isEmpty()) {
            throw new NonFinite.NonFiniteException(file + ": " + listed(bad) + " hold NaN or infinite values; "
                    + "refusing to load them (the run that wrote them diverged)");
        }
        for (ModelBinding.ParamBinding p : fit) {
            write(m, ex, p.buffer(), d.require(p.name()), p.floating());
        }
        return new Matched(fit.size(), m.params().size(), missing, unexpected, mismatched);
    }

    /** "a, b and 3 more tensors" for the first few of {@code names}. */
    static String listed(List<String> names) {
        int shown = Math.min(3, names.size());
        String head = String.join(", ", names.subList(0, shown));
        return names.size() == 1 ? "tensor " + head
                : "tensors " + head + (names.size() > shown ? " and " + (names.size() - shown) + " more" : "");
    }

    /** The metadata key of the class names a checkpoint was trained with, in label order (a JSON list). */
    public static final String CLASSES = "classes";

    /** Whether {@code file} is an int8 model that {@code cnnc quantize} wrote (read from its header only). */
    public static boolean isQuantized(Path file) {
        return Safetensors.readHeader(file).metadata().containsKey(
                dev.cnnc.train.quant.QuantizedModel.QUANTIZATION_KEY);
    }

    /** The metadata key listing the batchnorm layers a quantized model folded into its layers (a JSON list). */
    public static final String FOLDED = "cnnc.folded";

    /**
     * Loads an int8 model ({@code cnnc quantize}) into a program lowered with its int8 layers
     * ({@code Lowering.Options#int8}): each quantized layer's int8 weights into its {@code weight}
     * buffer and its bias (as int32 at s_x·s_w), requantizers and weight scales into the buffers
     * {@code <layer>.int8_*}, every kept tensor into its parameter as a float file's would be;
     * then runs the {@code int8_pack} phase. A parameter that is neither kept nor a quantized
     * layer's nor a folded batchnorm's is missing, an error naming it.
     *
     * @return the file's metadata
     */
    public static Map<String, String> loadQuantized(Path file, ModelBinding m, Executor ex) {
        dev.cnnc.train.quant.QuantizedModel q = dev.cnnc.train.quant.QuantizedModel.read(file);
        java.util.Set<String> owners = new java.util.HashSet<>();
        for (dev.cnnc.train.quant.QuantizedLayer l : q.layers()) {
            owners.add(l.name());
        }
        String folded = q.metadata().get(FOLDED);
        if (folded != null) {
            try {
                for (Object o : (List<?>) dev.cnnc.train.io.Json.parse(folded)) {
                    owners.add((String) o);
                }
            } catch (dev.cnnc.train.io.Json.JsonException | ClassCastException e) {
                throw new TensorFileException(file, "metadata " + FOLDED + " is not a JSON list of names: " + folded);
            }
        }
        List<String> missing = new ArrayList<>();
        for (ModelBinding.ParamBinding p : m.params()) {
            dev.cnnc.train.quant.QuantizedLayer l = q.layer(p.name().substring(0, Math.max(0,
                    p.name().lastIndexOf('.'))));
            if (l != null && p.name().equals(l.tensor(dev.cnnc.train.quant.QuantizedLayer.WEIGHT))) {
                ex.buffer(p.buffer()).write(l.weight().values());
            } else if (q.others().containsKey(p.name())) {
                HostTensor t = q.others().get(p.name());
                if (!java.util.Arrays.equals(t.shape(), p.shape())) {
                    throw new TensorFileException(file, p.name(), "has shape " + HostTensor.shapeString(t.shape())
                            + ", the model's is " + HostTensor.shapeString(p.shape()));
                }
                write(m, ex, p.buffer(), t, p.floating());
            } else if (!owners.contains(p.name().substring(0, Math.max(0, p.name().lastIndexOf('.'))))) {
                missing.add(p.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new TensorFileException(file, "lacks " + listed(missing) + " of " + m.name());
        }
        for (dev.cnnc.train.quant.QuantizedLayer l : q.layers()) {
            String n = l.name() + ".";
            if (!m.program().hasBuffer(n + "int8_bias")) {
                throw new TensorFileException(file, l.name() + " is a quantized layer, but " + m.name()
                        + " was not compiled with it in int8");
            }
            ex.buffer(n + "int8_bias").write(l.quantizedBias());
            ex.buffer(n + "int8_wscale").write(l.weight().scales());
            int[] mult = new int[l.channels()];
            int[] shift = new int[l.channels()];
            if (l.outputScale() != null) {
                dev.cnnc.train.quant.Requantizer[] r = l.requantizers();
                for (int o = 0; o < r.length; o++) {
                    mult[o] = r[o].multiplier();
                    shift[o] = r[o].shift();
                }
            }
            ex.buffer(n + "int8_mult").write(mult);
            ex.buffer(n + "int8_shift").write(shift);
        }
        ex.run(INT8_PACK);
        return q.metadata();
    }

    /** The phase that packs int8 weights after they are written (the compiler's {@code Lowering.INT8_PACK}). */
    public static final String INT8_PACK = "int8_pack";

    /**
     * An int8 model that {@code cnnc quantize} wrote ({@code cnnc.quantization} in its header) is
     * not float weights: named as such rather than reported tensor by tensor as mismatched.
     */
    private static void refuseQuantized(Path file, StateDict d) {
        if (d.metadata().containsKey(dev.cnnc.train.quant.QuantizedModel.QUANTIZATION_KEY)) {
            throw new dev.cnnc.train.io.TensorFileException(file, "is an int8 model written by `cnnc quantize`: "
                    + "eval, run (logits) and predict take it; training and gradients need the float weights it "
                    + "was made from");
        }
    }

    /** {@code names} as the {@link #CLASSES} metadata value. */
    public static String classesValue(java.util.List<String> names) {
        return dev.cnnc.train.io.Json.write(names);
    }

    /**
     * The class names in a checkpoint's metadata, in label order; null when it has none (a
     * PyTorch state_dict, a checkpoint from before cnnc stored them) or they are not a JSON list
     * of strings.
     */
    public static java.util.List<String> classes(Map<String, String> metadata) {
        String v = metadata.get(CLASSES);
        if (v == null) {
            return null;
        }
        try {
            Object o = dev.cnnc.train.io.Json.parse(v);
            if (!(o instanceof java.util.List<?> l) || l.isEmpty()) {
                return null;
            }
            java.util.List<String> names = new java.util.ArrayList<>();
            for (Object e : l) {
                if (!(e instanceof String name)) {
                    return null;
                }
                names.add(name);
            }
            return java.util.List.copyOf(names);
        } catch (dev.cnnc.train.io.Json.JsonException e) {
            return null;
        }
    }

    private static void checkNamed(Path file, StateDict d, Map<String, long[]> expected) {
        try {
            d.check(expected);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static HostTensor read(ModelBinding m, Executor ex, int buffer, long[] shape, boolean floating) {
        int n = (int) HostTensor.numel(shape);
        ClBuffer b = ex.buffer(buffer);
        if (!floating) {
            byte[] raw = new byte[8 * n];
            b.read(raw);
            long[] v = new long[n];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(v);
            return HostTensor.ofLongs(shape, v);
        }
        float[] f = new float[n];
        if (m.fp64()) {
            double[] d = new double[n];
            b.read(d);
            for (int i = 0; i < n; i++) {
                f[i] = (float) d[i];
            }
        } else {
            b.read(f);
        }
        return HostTensor.ofFloats(shape, f);
    }

    private static void write(ModelBinding m, Executor ex, int buffer, HostTensor t, boolean floating) {
        ClBuffer b = ex.buffer(buffer);
        if (!floating) {
            long[] v = t.toLongArray();
            byte[] raw = new byte[8 * v.length];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(v);
            b.write(raw);
        } else if (m.fp64()) {
            b.write(t.toDoubleArray());
        } else {
            b.write(t.toFloatArray());
        }
    }
}
