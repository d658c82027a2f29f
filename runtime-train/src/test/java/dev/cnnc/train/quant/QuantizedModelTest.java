package dev.cnnc.train.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.train.io.DType;
import dev.cnnc.train.io.HostTensor;
import dev.cnnc.train.io.Safetensors;
import dev.cnnc.train.io.StateDict;
import dev.cnnc.train.io.TensorFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuantizedModelTest {
    @TempDir
    Path dir;

    private static QuantizedModel model() {
        Random r = new Random(30);
        float[] convW = new float[4 * 3 * 3 * 3];
        for (int i = 0; i < convW.length; i++) {
            convW[i] = (float) r.nextGaussian();
        }
        float[] fcW = new float[10 * 16];
        for (int i = 0; i < fcW.length; i++) {
            fcW[i] = (float) r.nextGaussian() * 0.1f;
        }
        QuantizedLayer conv = new QuantizedLayer("conv1", WeightQuantizer.quantize(new long[] {4, 3, 3, 3}, convW),
            new float[] {0.1f, -0.2f, 0.3f, 0}, 0.02f, 0.05f);
        QuantizedLayer fc = QuantizedLayer.of("fc", new long[] {10, 16}, fcW, null, 0.05f, null);
        return new QuantizedModel(Calibrator.Method.ENTROPY, List.of(conv, fc),
            Map.of("stem.weight", HostTensor.ofFloats(new long[] {2}, 1f, 2f)), Map.of("format", "pt"));
    }

    /** Writes the model's tensors with {@code change} applied, and reads it back. */
    private TensorFileException refused(Consumer<StateDict> change) {
        StateDict d = model().toStateDict();
        change.accept(d);
        Path file = dir.resolve("bad.safetensors");
        Safetensors.write(file, d);
        TensorFileException e = assertThrows(TensorFileException.class, () -> QuantizedModel.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        return e;
    }

    @Test
    void writesAndReadsAQuantizedModel() {
        QuantizedModel m = model();
        Path file = dir.resolve("model.int8.safetensors");
        m.write(file);
        Safetensors.Header h = Safetensors.readHeader(file);
        assertEquals("int8", h.metadata().get("cnnc.quantization"));
        assertEquals("entropy", h.metadata().get("cnnc.calibration"));
        assertEquals("pt", h.metadata().get("format"));
        StateDict d = Safetensors.read(file);
        assertEquals(DType.I8, d.require("conv1.weight").dtype());
        assertArrayEquals(new long[] {4, 3, 3, 3}, d.require("conv1.weight").shape());
        assertEquals(DType.F32, d.require("conv1.weight_scale").dtype());
        assertArrayEquals(new long[0], d.require("conv1.input_scale").shape());
        assertTrue(!d.contains("fc.output_scale"));

        QuantizedModel back = QuantizedModel.read(file);
        assertEquals(m.calibration(), back.calibration());
        assertEquals(m.metadata(), back.metadata());
        assertEquals(m.others(), back.others());
        assertEquals(2, back.layers().size());
        assertEquals(m.layer("conv1"), back.layer("conv1"));
        assertEquals(m.layer("fc"), back.layer("fc"));
        assertNull(back.layer("fc").outputScale());
        assertArrayEquals(new float[10], back.layer("fc").bias());
        assertEquals(0.05f, back.layer("conv1").outputScale());
    }

    @Test
    void int8AndInt32TensorsRoundTripThroughSafetensorsByValue() {
        HostTensor i8 = HostTensor.fromLongs(DType.I8, new long[] {2, 3}, -128, -127, -1, 0, 1, 127);
        HostTensor i32 = HostTensor.ofInts(new long[] {4}, Integer.MIN_VALUE, -1, 1 << 20, Integer.MAX_VALUE);
        Path file = dir.resolve("ints.safetensors");
        Safetensors.write(file, Map.of("q", i8, "acc", i32));
        StateDict back = Safetensors.read(file);
        assertEquals(i8, back.require("q"));
        assertArrayEquals(new long[] {-128, -127, -1, 0, 1, 127}, back.require("q").toLongArray());
        assertArrayEquals(new int[] {Integer.MIN_VALUE, -1, 1 << 20, Integer.MAX_VALUE},
            back.require("acc").toIntArray());
        assertEquals(List.of("acc", "q"), back.names()); // 4-byte type first, as the reference lays out
    }

    @Test
    void readsAScaleOfShapeOne() {
        StateDict d = model().toStateDict();
        d.put("conv1.input_scale", HostTensor.ofFloats(new long[] {1}, 0.25f));
        Path file = dir.resolve("one.safetensors");
        Safetensors.write(file, d);
        assertEquals(0.25f, QuantizedModel.read(file).layer("conv1").inputScale());
    }

    @Test
    void refusesAWrongDtypeOrShapeNamingTheTensor() {
        TensorFileException dtype = refused(d -> d.put("conv1.weight_scale",
            HostTensor.fromDoubles(DType.F64, new long[] {4}, 1, 1, 1, 1)));
        assertEquals("conv1.weight_scale", dtype.tensor());
        assertTrue(dtype.getMessage().contains("must be F32 [4]") && dtype.getMessage().contains("not F64 [4]"),
            dtype.getMessage());

        TensorFileException shape = refused(d -> d.put("fc.bias", HostTensor.ofFloats(new long[] {9}, new float[9])));
        assertEquals("fc.bias", shape.tensor());
        assertTrue(shape.getMessage().contains("not F32 [9]"), shape.getMessage());

        TensorFileException weight = refused(d -> d.put("fc.weight",
            HostTensor.ofFloats(new long[] {10, 16}, new float[160])));
        assertEquals("fc.weight", weight.tensor());
        assertTrue(weight.getMessage().contains("must be I8"), weight.getMessage());

        TensorFileException scalar = refused(d -> d.put("conv1.input_scale",
            HostTensor.ofFloats(new long[] {2}, 1, 1)));
        assertEquals("conv1.input_scale", scalar.tensor());
    }

    @Test
    void refusesMissingExtraAndOrphanTensors() {
        TensorFileException missing = refused(d -> d.remove("conv1.bias"));
        assertEquals("conv1.bias", missing.tensor());
        assertTrue(missing.getMessage().contains("missing"), missing.getMessage());

        TensorFileException extra = refused(d -> d.put("conv1.running_mean", HostTensor.zeros(DType.F32, 4)));
        assertEquals("conv1.running_mean", extra.tensor());
        assertTrue(extra.getMessage().contains("unexpected in the quantized layer conv1"), extra.getMessage());

        TensorFileException orphanScale = refused(d -> d.put("head.input_scale",
            HostTensor.ofFloats(new long[0], 1f)));
        assertEquals("head.input_scale", orphanScale.tensor());
        assertTrue(orphanScale.getMessage().contains("no head.weight_scale"), orphanScale.getMessage());

        TensorFileException orphanI8 = refused(d -> d.put("head.weight",
            HostTensor.fromLongs(DType.I8, new long[] {2}, 1, 2)));
        assertEquals("head.weight", orphanI8.tensor());
    }

    @Test
    void refusesBadValues() {
        TensorFileException minus128 = refused(d -> {
            byte[] b = d.require("fc.weight").bytes();
            b[17] = -128;
            d.put("fc.weight", HostTensor.of(DType.I8, new long[] {10, 16}, b));
        });
        assertEquals("fc.weight", minus128.tensor());
        assertTrue(minus128.getMessage().contains("element 17 is -128"), minus128.getMessage());

        TensorFileException zero = refused(d -> d.put("conv1.input_scale", HostTensor.ofFloats(new long[0], 0f)));
        assertTrue(zero.getMessage().contains("positive finite scale"), zero.getMessage());

        TensorFileException nan = refused(d -> d.put("conv1.weight_scale",
            HostTensor.ofFloats(new long[] {4}, 1f, Float.NaN, 1f, 1f)));
        assertTrue(nan.getMessage().contains("element 1 is NaN"), nan.getMessage());
    }

    @Test
    void refusesAFileThatIsNotMarkedAsQuantized() {
        Path file = dir.resolve("float.safetensors");
        Safetensors.write(file, model().toStateDict().asMap());
        TensorFileException plain = assertThrows(TensorFileException.class, () -> QuantizedModel.read(file));
        assertTrue(plain.getMessage().startsWith(file + ": not a quantized model"), plain.getMessage());
        TensorFileException method = refused(d -> d.putMetadata("cnnc.calibration", "kl"));
        assertTrue(method.getMessage().contains("unknown calibration method 'kl'"), method.getMessage());
        TensorFileException kind = refused(d -> d.putMetadata("cnnc.quantization", "int4"));
        assertTrue(kind.getMessage().contains("\"int4\""), kind.getMessage());
    }

    @Test
    void aLayerKnowsItsInt32BiasAndRequantizers() {
        QuantizedLayer conv = model().layer("conv1");
        float[] sw = conv.weight().scales();
        assertArrayEquals(Int8Reference.quantizeBias(conv.bias(), 0.02f, sw), conv.quantizedBias());
        assertEquals(Requantizer.of(0.02f * (double) sw[2] / 0.05f), conv.requantizers()[2]);
        assertThrows(IllegalStateException.class, () -> model().layer("fc").requantizers());
        assertThrows(IllegalArgumentException.class, () -> new QuantizedLayer("x",
            WeightQuantizer.quantize(new long[] {1, 1}, new float[] {1}), null, 0f, null));
    }
}
