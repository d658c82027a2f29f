package dev.cnnc.train.quant;

import dev.cnnc.train.io.DType;
import dev.cnnc.train.io.HostTensor;
import dev.cnnc.train.io.Safetensors;
import dev.cnnc.train.io.StateDict;
import dev.cnnc.train.io.TensorFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A post-training int8 model as a safetensors file: its {@link QuantizedLayer}s, the tensors it
 * keeps in float, and the header metadata that marks it.
 *
 * <h2>File layout</h2>
 * <ul>
 *   <li>metadata {@code "cnnc.quantization": "int8"} (required: it tells a quantized model from a
 *       float checkpoint) and {@code "cnnc.calibration": "minmax" | "percentile" | "entropy"} (how
 *       the activation scales were chosen); other metadata is kept as is;
 *   <li>for each quantized layer, the tensors {@code <name>.weight} (I8 [O, ...]),
 *       {@code <name>.weight_scale} (F32 [O]), {@code <name>.bias} (F32 [O], batchnorm folded in),
 *       {@code <name>.input_scale} (F32 [], [1] read too) and optionally
 *       {@code <name>.output_scale} (F32 []), as {@link QuantizedLayer} describes; a layer is
 *       recognised by its {@code .weight_scale};
 *   <li>any other tensor, not I8, is kept in float as it is ({@link #others}): a layer left
 *       unquantized, such as a first convolution on raw pixels.
 * </ul>
 * Reading refuses, with a {@link TensorFileException} naming the file and the tensor: a file without
 * the metadata, a missing or extra tensor of a quantized layer, a wrong dtype or shape, an int8
 * value of -128, a scale that is not positive and finite, and a scale or I8 tensor that belongs to
 * no layer.
 *
 * @param calibration how the activation scales were calibrated
 * @param layers the quantized layers, in the order of the file's header (cnnc's files: by name)
 * @param others the tensors kept as they are, in header order
 * @param metadata every metadata entry, the two above included
 */
public record QuantizedModel(Calibrator.Method calibration, List<QuantizedLayer> layers,
        Map<String, HostTensor> others, Map<String, String> metadata) {
    /** The metadata key that marks a quantized model. */
    public static final String QUANTIZATION_KEY = "cnnc.quantization";
    /** The only value of {@link #QUANTIZATION_KEY} so far. */
    public static final String INT8 = "int8";
    /** The metadata key naming the calibration method. */
    public static final String CALIBRATION_KEY = "cnnc.calibration";

    private static final List<String> SUFFIXES = List.of(QuantizedLayer.WEIGHT, QuantizedLayer.WEIGHT_SCALE,
        QuantizedLayer.BIAS, QuantizedLayer.INPUT_SCALE, QuantizedLayer.OUTPUT_SCALE);

    public QuantizedModel {
        Objects.requireNonNull(calibration, "calibration");
        layers = List.copyOf(layers);
        others = Collections.unmodifiableMap(new LinkedHashMap<>(others));
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put(QUANTIZATION_KEY, INT8);
        meta.put(CALIBRATION_KEY, calibration.key());
        metadata = Collections.unmodifiableMap(meta);
        Set<String> names = new LinkedHashSet<>();
        for (QuantizedLayer l : layers) {
            for (String s : SUFFIXES) {
                if (!names.add(l.tensor(s))) {
                    throw new IllegalArgumentException("two quantized layers are called " + l.name());
                }
            }
        }
        for (Map.Entry<String, HostTensor> e : others.entrySet()) {
            if (names.contains(e.getKey())) {
                throw new IllegalArgumentException("the tensor " + e.getKey() + " is both a quantized layer's and kept");
            }
            if (e.getValue().dtype() == DType.I8) {
                throw new IllegalArgumentException("the kept tensor " + e.getKey() + " is I8; int8 tensors belong to "
                    + "quantized layers, with a weight_scale");
            }
        }
    }

    /** A model of {@code layers} only. */
    public static QuantizedModel of(Calibrator.Method calibration, List<QuantizedLayer> layers) {
        return new QuantizedModel(calibration, layers, Map.of(), Map.of());
    }

    /** The layer called {@code name}, or null. */
    public QuantizedLayer layer(String name) {
        for (QuantizedLayer l : layers) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        return null;
    }

    // ---- writing ----

    /** The tensors and metadata of the file, quantized layers first. */
    public StateDict toStateDict() {
        StateDict d = new StateDict();
        for (QuantizedLayer l : layers) {
            WeightQuantizer.QuantizedWeight w = l.weight();
            d.put(l.tensor(QuantizedLayer.WEIGHT), w.valuesTensor());
            d.put(l.tensor(QuantizedLayer.WEIGHT_SCALE), HostTensor.ofFloats(new long[] {w.channels()}, w.scales()));
            d.put(l.tensor(QuantizedLayer.BIAS), HostTensor.ofFloats(new long[] {w.channels()}, l.bias()));
            d.put(l.tensor(QuantizedLayer.INPUT_SCALE), HostTensor.ofFloats(new long[0], l.inputScale()));
            if (l.outputScale() != null) {
                d.put(l.tensor(QuantizedLayer.OUTPUT_SCALE), HostTensor.ofFloats(new long[0], l.outputScale()));
            }
        }
        others.forEach(d::put);
        metadata.forEach(d::putMetadata);
        return d;
    }

    /**
     * Writes the model to {@code file} as safetensors, atomically.
     *
     * @throws TensorFileException naming the file if it cannot be written
     */
    public void write(Path file) {
        Safetensors.write(file, toStateDict());
    }

    // ---- reading ----

    /**
     * Reads a quantized model from a safetensors file.
     *
     * @throws TensorFileException naming the file and tensor for anything wrong
     */
    public static QuantizedModel read(Path file) {
        return from(Safetensors.read(file));
    }

    /**
     * The quantized model a state dict holds, checked as {@link #read} checks a file; errors name
     * {@code dict.source()}.
     *
     * @throws TensorFileException naming the file and tensor for anything wrong
     */
    public static QuantizedModel from(StateDict dict) {
        Path file = dict.source();
        Map<String, String> metadata = dict.metadata();
        String quantization = metadata.get(QUANTIZATION_KEY);
        if (quantization == null) {
            throw new TensorFileException(file, "not a quantized model: the header's metadata has no \""
                + QUANTIZATION_KEY + "\" (a float checkpoint is quantized with cnnc quantize)");
        }
        if (!quantization.equals(INT8)) {
            throw new TensorFileException(file, "\"" + QUANTIZATION_KEY + "\" is \"" + quantization
                + "\"; cnnc reads \"" + INT8 + "\" models only");
        }
        String method = metadata.get(CALIBRATION_KEY);
        if (method == null) {
            throw new TensorFileException(file, "the header's metadata has no \"" + CALIBRATION_KEY
                + "\" (minmax, percentile or entropy)");
        }
        Calibrator.Method calibration;
        try {
            calibration = Calibrator.Method.parse(method);
        } catch (IllegalArgumentException e) {
            throw new TensorFileException(file, "\"" + CALIBRATION_KEY + "\": " + e.getMessage());
        }

        Set<String> layerNames = new LinkedHashSet<>();
        String scaleSuffix = "." + QuantizedLayer.WEIGHT_SCALE;
        for (String name : dict.names()) {
            if (name.endsWith(scaleSuffix)) {
                layerNames.add(name.substring(0, name.length() - scaleSuffix.length()));
            }
        }
        Map<String, HostTensor> others = new LinkedHashMap<>();
        for (String name : dict.names()) {
            int dot = name.lastIndexOf('.');
            String prefix = dot < 0 ? null : name.substring(0, dot);
            String suffix = name.substring(dot + 1);
            if (prefix != null && layerNames.contains(prefix)) {
                if (!SUFFIXES.contains(suffix)) {
                    throw new TensorFileException(file, name, "unexpected in the quantized layer " + prefix
                        + ", which holds only " + String.join(", ", SUFFIXES));
                }
                continue;
            }
            HostTensor t = dict.get(name);
            if (suffix.equals(QuantizedLayer.INPUT_SCALE) || suffix.equals(QuantizedLayer.OUTPUT_SCALE)) {
                throw new TensorFileException(file, name, "a scale of no quantized layer: there is no "
                    + (prefix == null ? "" : prefix) + scaleSuffix);
            }
            if (t.dtype() == DType.I8) {
                throw new TensorFileException(file, name, "an I8 tensor outside a quantized layer: there is no "
                    + (prefix == null ? name : prefix) + scaleSuffix + " to give its scales");
            }
            others.put(name, t);
        }
        List<QuantizedLayer> layers = new ArrayList<>();
        for (String layer : layerNames) {
            layers.add(readLayer(dict, layer, file));
        }
        return new QuantizedModel(calibration, layers, others, metadata);
    }

    private static QuantizedLayer readLayer(StateDict dict, String layer, Path file) {
        String wName = layer + "." + QuantizedLayer.WEIGHT;
        HostTensor w = require(dict, wName, file);
        if (w.dtype() != DType.I8 || w.rank() < 1) {
            throw new TensorFileException(file, wName, "a quantized weight must be I8 [O, ...], not " + w.dtype()
                + " " + HostTensor.shapeString(w.shape()));
        }
        long channels = w.dim(0);
        byte[] values = w.bytes();
        for (int i = 0; i < values.length; i++) {
            if (values[i] < Int8.QMIN) {
                throw new TensorFileException(file, wName, "element " + i + " is -128; int8 weights are symmetric, "
                    + "in [-127, 127]");
            }
        }
        float[] scales = vector(dict, layer + "." + QuantizedLayer.WEIGHT_SCALE, channels, file, true);
        float[] bias = vector(dict, layer + "." + QuantizedLayer.BIAS, channels, file, false);
        float inputScale = scalar(dict, layer + "." + QuantizedLayer.INPUT_SCALE, true, file);
        String outName = layer + "." + QuantizedLayer.OUTPUT_SCALE;
        Float outputScale = dict.contains(outName) ? scalar(dict, outName, true, file) : null;
        return new QuantizedLayer(layer, new WeightQuantizer.QuantizedWeight(w.shape(), values, scales), bias,
            inputScale, outputScale);
    }

    private static HostTensor require(StateDict dict, String name, Path file) {
        HostTensor t = dict.get(name);
        if (t == null) {
            throw new TensorFileException(file, name, "missing: a quantized layer needs weight, weight_scale, bias "
                + "and input_scale");
        }
        return t;
    }

    private static float[] vector(StateDict dict, String name, long channels, Path file, boolean positive) {
        HostTensor t = require(dict, name, file);
        if (t.dtype() != DType.F32 || t.rank() != 1 || t.dim(0) != channels) {
            throw new TensorFileException(file, name, "must be F32 [" + channels + "] (one per output channel of "
                + "the weight), not " + t.dtype() + " " + HostTensor.shapeString(t.shape()));
        }
        float[] v = t.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            checkValue(v[i], positive, file, name, "element " + i);
        }
        return v;
    }

    private static float scalar(StateDict dict, String name, boolean positive, Path file) {
        HostTensor t = require(dict, name, file);
        if (t.dtype() != DType.F32 || t.numel() != 1 || t.rank() > 1) {
            throw new TensorFileException(file, name, "must be F32 [] (or [1]), not " + t.dtype() + " "
                + HostTensor.shapeString(t.shape()));
        }
        float v = t.toFloatArray()[0];
        checkValue(v, positive, file, name, "the value");
        return v;
    }

    private static void checkValue(float v, boolean positive, Path file, String name, String what) {
        if (!Float.isFinite(v) || (positive && !(v > 0))) {
            throw new TensorFileException(file, name, what + " is " + v + "; it must be "
                + (positive ? "a positive finite scale" : "finite"));
        }
    }

    @Override
    public String toString() {
        return "QuantizedModel[" + calibration.key() + ", " + layers.size() + " layers, " + others.size()
            + " other tensors " + Arrays.toString(others.keySet().toArray()) + "]";
    }
}
