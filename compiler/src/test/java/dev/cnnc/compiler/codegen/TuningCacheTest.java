package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.runtime.opencl.DeviceInfo;
import dev.cnnc.runtime.opencl.Program;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tuning cache: entries round-trip, stay per device, driver and precision, merge with what
 * the file held, are written atomically, and a corrupt file or an invalid entry is ignored with
 * a warning (defaults used), never an exception. And lowering applies what it holds: the kernel
 * source, launch geometry and {@link Lowered#gemms} show the tuned tiling.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class TuningCacheTest {
    @TempDir
    Path dir;

    static DeviceInfo device(String name, String driver, DeviceInfo.Type type) {
        return new DeviceInfo(0, 0, 0, "Portable Computing Language", "OpenCL 3.0 PoCL", name, "GenuineIntel", type, 2,
                1L << 33, 1L << 20, 1L << 31, 4096, true, false, "OpenCL C 1.2 PoCL", "OpenCL 3.0 PoCL HSTR", driver,
                true, true, List.of());
    }

    static final DeviceInfo CPU = device("cpu-test", "6.0", DeviceInfo.Type.CPU);
    static final String SHAPE = Tuning.key(Gemm.Spec.of(64, 3136, 576).batched(8, 0, 576 * 3136, 64 * 3136));

    private final List<String> warnings = new ArrayList<>();

    @Test
    void entriesRoundTripPerDeviceAndPrecision() {
        Path f = dir.resolve("sub/tune.json");
        GemmTiling t = new GemmTiling(12, 2, 4);
        TuningCache.store(f, CPU, Precision.FP32, Map.of(SHAPE, new TuningCache.Entry(t, 9.5, 11.25)), warnings::add);
        assertTrue(Files.exists(f));
        Tuning loaded = TuningCache.load(f, CPU, Precision.FP32, warnings::add);
        assertEquals(Map.of(SHAPE, t), loaded.gemms());
        assertFalse(loaded.gpu());
        assertEquals(11.25, TuningCache.read(f, CPU, Precision.FP32, warnings::add).get(SHAPE).defaultMs());
        // Another precision, driver or device: nothing tuned.
        assertEquals(Map.of(), TuningCache.load(f, CPU, Precision.FP64, warnings::add).gemms());
        assertEquals(Map.of(), TuningCache.load(f, device("cpu-test", "6.1", DeviceInfo.Type.CPU), Precision.FP32,
                warnings::add).gemms());
        assertEquals(Map.of(), TuningCache.load(f, device("other", "6.0", DeviceInfo.Type.CPU), Precision.FP32,
                warnings::add).gemms());
        assertEquals(List.of(), warnings);
    }

    @Test
    void storeMergesAndLeavesNoTemporaryFile() throws IOException {
        Path f = dir.resolve("tune.json");
        DeviceInfo other = device("cpu-test", "7.0", DeviceInfo.Type.CPU);
        TuningCache.store(f, other, Precision.FP32, Map.of("A", new TuningCache.Entry(new GemmTiling(4, 1, 2), 1, 2)),
                warnings::add);
        TuningCache.store(f, CPU, Precision.FP32, Map.of("B", new TuningCache.Entry(new GemmTiling(6, 2, 8), 1, 2)),
                warnings::add);
        TuningCache.store(f, CPU, Precision.FP32, Map.of("C", new TuningCache.Entry(new GemmTiling(8, 3, 8), 1, 2),
                "B", new TuningCache.Entry(new GemmTiling(4, 3, 16), 1, 2)), warnings::add);
        assertEquals(Map.of("A", new GemmTiling(4, 1, 2)), TuningCache.load(f, other, Precision.FP32,
                warnings::add).gemms());
        assertEquals(Map.of("B", new GemmTiling(4, 3, 16), "C", new GemmTiling(8, 3, 8)),
                TuningCache.load(f, CPU, Precision.FP32, warnings::add).gemms());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "only the cache, no temporary file");
        }
        assertEquals(List.of(), warnings);
    }

    @Test
    void corruptFileIsIgnoredWithAWarningAndReplacedOnStore() throws IOException {
        Path f = dir.resolve("tune.json");
        Files.writeString(f, "{\"format\": \"cnnc-tune-1\", \"devices\": {\"x\": ");
        Tuning t = TuningCache.load(f, CPU, Precision.FP32, warnings::add);
        assertEquals(Tuning.CPU, t);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("not valid JSON"), warnings.get(0));
        TuningCache.store(f, CPU, Precision.FP32, Map.of(SHAPE, new TuningCache.Entry(GemmTiling.CPU, 1, 1)),
                warnings::add);
        assertEquals(Map.of(SHAPE, GemmTiling.CPU), TuningCache.load(f, CPU, Precision.FP32, warnings::add).gemms());

        Files.writeString(f, "[1, 2]");
        assertEquals(Tuning.CPU, TuningCache.load(f, CPU, Precision.FP32, warnings::add));
        assertTrue(warnings.get(warnings.size() - 1).contains("not a cnnc-tune-1 file"));
    }

    @Test
    void invalidEntriesAreRejectedOthersKept() throws IOException {
        Path f = dir.resolve("tune.json");
        String key = TuningCache.deviceKey(CPU, Precision.FP32);
        Files.writeString(f, "{\"format\": \"cnnc-tune-1\", \"devices\": {\"" + key + "\": {\"gemm\": {"
                + "\"bad rows\": {\"rows\": 0, \"vectors\": 2, \"group\": 8},"
                + "\"too wide\": {\"rows\": 8, \"vectors\": 2, \"group\": 9000},"
                + "\"too many\": {\"rows\": 16, \"vectors\": 4, \"group\": 8},"
                + "\"not a number\": {\"rows\": \"8\", \"vectors\": 2, \"group\": 8},"
                + "\"fraction\": {\"rows\": 8.5, \"vectors\": 2, \"group\": 8},"
                + "\"not an object\": 3,"
                + "\"good\": {\"rows\": 6, \"vectors\": 1, \"group\": 4}}}}}");
        Tuning t = TuningCache.load(f, CPU, Precision.FP32, warnings::add);
        assertEquals(Map.of("good", new GemmTiling(6, 1, 4)), t.gemms());
        assertEquals(6, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("bad rows") && warnings.get(0).contains("rows must be 1 to 16"),
                warnings.get(0));
        // A device whose work-groups are smaller than a tuned width rejects that entry.
        DeviceInfo small = new DeviceInfo(0, 0, 0, "p", "v", "cpu-test", "x", DeviceInfo.Type.CPU, 2, 1L << 33, 1L << 20,
                1L << 31, 2, true, false, "c", CPU.deviceVersion(), "6.0", true, true, List.of());
        warnings.clear();
        assertEquals(Map.of(), TuningCache.load(f, small, Precision.FP32, warnings::add).gemms());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("good") && w.contains("work-group limit 2")),
                warnings.toString());
    }

    @Test
    void defaultPathFollowsTheEnvironment() {
        assertEquals(Path.of("/x/t.json"), TuningCache.defaultPath(Map.of(TuningCache.ENV, "/x/t.json"), "/home/u"));
        assertEquals(Path.of("/xdg/cnnc/tune.json"), TuningCache.defaultPath(Map.of("XDG_CACHE_HOME", "/xdg"),
                "/home/u"));
        assertEquals(Path.of("/home/u/.cache/cnnc/tune.json"), TuningCache.defaultPath(Map.of(), "/home/u"));
    }

    @Test
    void loweringUsesTheTunedTilingAndSaysSo() {
        Graph g = KernelHarness.compile("model Fc {\n  input x: [40]\n  output y = x -> dense(70) as fc\n}\n");
        Lowering.Options base = Lowering.Options.inference(20, Precision.FP32);
        Lowered plain = Lowering.lower(g, base);
        assertEquals(1, plain.gemms().size());
        Lowered.GemmUse use = plain.gemms().get(0);
        assertFalse(use.choice().tuned());
        assertEquals(GemmTiling.CPU, use.choice().tiling());
        assertTrue(plain.program().source().contains("tiling 8x32/8 (default for CPUs)"), plain.program().source());

        GemmTiling t = new GemmTiling(4, 3, 2);
        Lowered tuned = Lowering.lower(g, base.withTuning(Tuning.CPU.with(use.product().key(), t)));
        assertTrue(tuned.gemms().get(0).choice().tuned());
        assertTrue(tuned.program().source().contains("tiling 4x48/2 (tuned)"), tuned.program().source());
        Program.Launch launch = tuned.program().phases().get(Lowered.FORWARD).stream()
                .filter(l -> l.kernel().endsWith("_gemm")).findFirst().orElseThrow();
        assertEquals(List.of(5L, 2L, 1L), List.of(launch.global()[0], launch.global()[1], launch.global()[2]));
        assertEquals(1L, launch.local()[0]); // 5 row tiles: no divisor of 5 up to 2 but 1

        // The tuned and the default program compute the same outputs.
        double[] x = new double[20 * 40];
        double[] w = new double[70 * 40];
        double[] bias = new double[70];
        java.util.Random r = new java.util.Random(7);
        for (double[] a : new double[][] {x, w, bias}) {
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextDouble() - 0.5;
            }
        }
        double[][] outs = new double[2][];
        Lowered[] both = {plain, tuned};
        for (int i = 0; i < 2; i++) {
            try (dev.cnnc.runtime.opencl.Executor ex = new dev.cnnc.runtime.opencl.Executor(KernelHarness.device(),
                    both[i].program())) {
                dev.cnnc.train.Reals.write(ex.buffer(both[i].value(g.inputs().get(0))), x, false);
                dev.cnnc.train.Reals.write(ex.buffer(both[i].param("fc.weight")), w, false);
                dev.cnnc.train.Reals.write(ex.buffer(both[i].param("fc.bias")), bias, false);
                ex.run(Lowered.FORWARD);
                outs[i] = dev.cnnc.train.Reals.read(ex.buffer(both[i].value(g.outputs().values().iterator().next())),
                        20 * 70, false);
            }
        }
        for (int i = 0; i < outs[0].length; i++) {
            assertEquals(outs[0][i], outs[1][i], 1e-5, "output " + i);
        }
    }
}
