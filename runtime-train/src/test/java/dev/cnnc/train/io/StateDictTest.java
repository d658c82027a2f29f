package dev.cnnc.train.io;

import static dev.cnnc.train.io.Fixtures.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateDictTest {

    /** LeNet-5 as cnnc names it, for 3-channel input. */
    private static Map<String, long[]> lenet3() {
        Map<String, long[]> m = new LinkedHashMap<>();
        m.put("conv1.weight", shape(6, 3, 5, 5));
        m.put("conv1.bias", shape(6));
        m.put("fc.weight", shape(10, 84));
        m.put("fc.bias", shape(10));
        return m;
    }

    @Test
    void checkListsEveryDifferenceAtOnce() {
        StateDict d = new StateDict();
        d.put("conv1.weight", HostTensor.zeros(DType.F32, 6, 1, 5, 5));
        d.put("conv1.bias", HostTensor.zeros(DType.F32, 6));
        d.put("fc2.weight", HostTensor.zeros(DType.F32, 10, 84));
        d.put("bn.num_batches_tracked", HostTensor.zeros(DType.I64));
        StateDict.Mismatch e = assertThrows(StateDict.Mismatch.class, () -> d.check(lenet3()));
        assertEquals("the tensors do not fit the model (2 missing, 2 unexpected, 1 with the wrong shape):\n"
            + "  missing: fc.weight [10, 84]\n"
            + "  missing: fc.bias [10]\n"
            + "  unexpected: fc2.weight [10, 84]\n"
            + "  unexpected: bn.num_batches_tracked []\n"
            + "  conv1.weight: state dict has [6, 1, 5, 5], the model needs [6, 3, 5, 5]", e.getMessage());
        assertEquals(List.of("fc.weight", "fc.bias"), e.missing());
        assertEquals(List.of("fc2.weight", "bn.num_batches_tracked"), e.unexpected());
        assertEquals(List.of("conv1.weight"), e.wrongShape());
        assertNull(e.file());
    }

    @Test
    void checkNamesTheFileItWasReadFrom() {
        Path file = Fixtures.path("state_dict.safetensors");
        StateDict d = Safetensors.read(file);
        Map<String, long[]> model = new LinkedHashMap<>(d.shapes());
        model.put("conv1.weight", shape(4, 1, 3, 3));
        StateDict.Mismatch e = assertThrows(StateDict.Mismatch.class, () -> d.check(model));
        assertEquals(file + ": the tensors do not fit the model (1 with the wrong shape):\n"
            + "  conv1.weight: file has [4, 3, 3, 3], the model needs [4, 1, 3, 3]", e.getMessage());
        assertEquals(file, e.file());
    }

    @Test
    void aPrefixLikeDataParallelsModuleGetsAHint() {
        StateDict d = new StateDict();
        d.put("module.fc.bias", HostTensor.zeros(DType.F32, 10));
        Map<String, long[]> model = Map.of("fc.bias", shape(10));
        StateDict.Mismatch e = assertThrows(StateDict.Mismatch.class, () -> d.check(model));
        assertEquals("the tensors do not fit the model (1 missing, 1 unexpected):\n"
            + "  missing: fc.bias [10]\n"
            + "  unexpected: module.fc.bias [10]\n"
            + "  hint: the names differ by a prefix: 'module.fc.bias' here, 'fc.bias' in the model", e.getMessage());
    }

    @Test
    void anOrderedMap() {
        StateDict d = new StateDict();
        HostTensor a = HostTensor.ofFloats(shape(1), 1f);
        HostTensor b = HostTensor.ofFloats(shape(1), 2f);
        assertNull(d.put("z", a));
        d.put("a", b);
        assertSame(a, d.put("z", b));
        assertEquals(List.of("z", "a"), d.names());
        assertArrayEquals(shape(1), d.shapes().get("z"));
        assertEquals("StateDict{z: F32 [1], a: F32 [1]}", d.toString());
        assertSame(b, d.remove("a"));
        assertEquals(1, d.size());
        TensorFileException e = assertThrows(TensorFileException.class, () -> d.require("a"));
        assertEquals("tensor 'a': not found", e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> d.asMap().clear());
        assertThrows(NullPointerException.class, () -> d.put("n", null));
        d.check(Map.of("z", shape(1)));
        StateDict read = Safetensors.read(Fixtures.path("state_dict.safetensors"));
        TensorFileException inFile = assertThrows(TensorFileException.class, () -> read.require("fc2.weight"));
        assertEquals(Fixtures.path("state_dict.safetensors") + ": tensor 'fc2.weight': not found in the file",
            inFile.getMessage());
        StateDict copy = StateDict.of(read.asMap());
        assertEquals(read.names(), copy.names());
    }
}
