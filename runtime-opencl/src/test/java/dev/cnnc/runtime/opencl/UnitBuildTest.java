package dev.cnnc.runtime.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Programs cut into units ({@link Program#units}), built apart, on all cores, and cached per unit. */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class UnitBuildTest {
    private static final String PRELUDE = "typedef float real;\ninline real twice(real x) { return 2 * x; }\n";

    /**
     * A program of three units; unit k's kernel {@code fill<k>} writes twice (k + 1) into its
     * buffer, and {@code PER_UNIT - 1} more kernels of the unit are never launched, so that the
     * three units together are enough kernels to be compiled on several cores, each unit apart.
     */
    static String source(String extra) {
        StringBuilder b = new StringBuilder("/* header of this program only */\n");
        b.append(Program.PRELUDE_MARKER).append('\n').append(PRELUDE);
        for (int k = 0; k < 3; k++) {
            b.append(Program.UNIT_MARKER).append("u").append(k).append(" ==== */\n")
                    .append("__kernel void fill").append(k).append("(__global real* x) { x[get_global_id(0)] = twice(")
                    .append(k + 1).append(".0f)").append(k == 2 ? extra : "").append("; }\n");
            for (int j = 1; j < PER_UNIT; j++) {
                b.append("__kernel void more").append(k).append('_').append(j)
                        .append("(__global real* x) { x[get_global_id(0)] += ").append(j).append(".0f; }\n");
            }
        }
        return b.toString();
    }

    static final int PER_UNIT = ClProgramSet.PARALLEL_KERNELS / 2;

    static Program program(String source) {
        List<Program.Launch> launches = List.of(
                new Program.Launch("fill0", List.of(new Program.BufferRef(0)), new long[] {8}, null),
                new Program.Launch("fill1", List.of(new Program.BufferRef(1)), new long[] {8}, null),
                new Program.Launch("fill2", List.of(new Program.BufferRef(2)), new long[] {8}, null));
        return new Program("units.cl", source, "", List.of(new Program.Buffer("a", 32), new Program.Buffer("b", 32),
                new Program.Buffer("c", 32)), Map.of("first", launches.subList(0, 1), "rest", launches.subList(1, 3)));
    }

    @Test
    void unitsArePreludePlusTheirOwnText() {
        List<String> units = Program.units(source(""));
        assertEquals(3, units.size());
        for (int k = 0; k < 3; k++) {
            assertTrue(units.get(k).startsWith(Program.PRELUDE_MARKER + "\n" + PRELUDE), units.get(k));
            assertTrue(units.get(k).contains("fill" + k + "("), units.get(k));
            assertTrue(units.get(k).startsWith(Program.prelude(source(""))), units.get(k));
            assertFalse(units.get(k).contains("header"), "the header comment is not part of any unit");
            for (int j = 0; j < 3; j++) {
                assertEquals(j == k, units.get(k).contains("fill" + j + "("), units.get(k));
            }
        }
        assertEquals(List.of("__kernel void k() {}"), Program.units("__kernel void k() {}"), "no markers: one unit");
    }

    @Test
    void unitsAreBuiltWhenFirstNeededAndRunTogether(@TempDir Path dir) {
        Program p = program(source(""));
        try (ClDevice dev = TestDevices.open().cache(BinaryCache.at(dir)); Executor ex = new Executor(dev, p,
                List.of("first"))) {
            assertEquals(3, ex.kernels().units());
            assertEquals(1, ex.kernels().builtUnits(), "only the eager phase's unit is built");
            ex.run("first");
            ex.run("rest");
            assertEquals(3, ex.kernels().builtUnits(), "the rest were built when their phase first ran");
            float[] out = new float[8];
            for (int k = 0; k < 3; k++) {
                ex.buffer(k).read(out);
                assertEquals(2f * (k + 1), out[5], "unit " + k);
            }
        }
        // a second build of the same units, all at once, comes from the cache
        try (ClDevice dev = TestDevices.open().cache(BinaryCache.at(dir)); Executor ex = new Executor(dev, p)) {
            assertEquals(3, ex.kernels().builtUnits());
            if (!ClProgramSet.specialisingPocl(dev.info())) { // (else PoCL's own cache keeps them, not this one)
                assertEquals(0, ex.kernels().compiled(), "every unit from the cache");
            }
        }
    }

    @Test
    void aUnitSharedWithAnotherProgramIsNotBuiltAgain(@TempDir Path dir) {
        try (ClDevice dev = TestDevices.open().cache(BinaryCache.at(dir)); Executor ex = new Executor(dev,
                program(source("")))) {
            assertEquals(3, ex.kernels().compiled());
        }
        // only unit 2 differs: units 0 and 1 come from the cache (where binaries are kept)
        try (ClDevice dev = TestDevices.open().cache(BinaryCache.at(dir)); Executor ex = new Executor(dev,
                program(source(" + 1.0f")))) {
            boolean binaries = !ClProgramSet.specialisingPocl(dev.info());
            assertEquals(binaries ? 1 : 3, ex.kernels().compiled());
            ex.run("rest");
            float[] out = new float[8];
            ex.buffer(2).read(out);
            assertEquals(7f, out[0]);
        }
    }

    @Test
    void manyUnitsBuildInParallelAndReportProgress(@TempDir Path dir) {
        StringBuilder b = new StringBuilder(Program.PRELUDE_MARKER).append('\n').append(PRELUDE);
        List<Program.Launch> launches = new java.util.ArrayList<>();
        int n = ClProgramSet.PARALLEL_KERNELS + 1; // enough to go to several cores
        for (int k = 0; k < n; k++) {
            b.append(Program.UNIT_MARKER).append("u").append(k).append(" ==== */\n").append("__kernel void add")
                    .append(k).append("(__global real* x) { x[get_global_id(0)] += twice(").append(k).append(".0f); }\n");
            launches.add(new Program.Launch("add" + k, List.of(new Program.BufferRef(0)), new long[] {4}, null));
        }
        Program p = new Program("many.cl", b.toString(), "", List.of(new Program.Buffer("x", 16)),
                Map.of("all", launches));
        java.util.List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (ClDevice dev = TestDevices.open().cache(BinaryCache.at(dir))
                .progress((done, total) -> seen.add(done + "/" + total));
             Executor ex = new Executor(dev, p)) {
            ex.buffer(0).write(new float[4]);
            ex.run("all");
            float[] out = new float[4];
            ex.buffer(0).read(out);
            assertEquals(2f * n * (n - 1) / 2, out[3], "every unit's kernel ran: 2 * (0 + 1 + ... + n - 1)");
            assertEquals(n, seen.size(), seen::toString);
            assertTrue(seen.contains(n + "/" + n), seen::toString);
        }
    }

    @Test
    void fewSmallUnitsAreBuiltAsOneProgram(@TempDir Path dir) {
        StringBuilder b = new StringBuilder(Program.PRELUDE_MARKER).append('\n').append(PRELUDE);
        for (int k = 0; k < 2; k++) {
            b.append(Program.UNIT_MARKER).append("u").append(k).append(" ==== */\n").append("__kernel void set")
                    .append(k).append("(__global real* x) { x[get_global_id(0)] = twice(").append(k + 3).append(".0f); }\n");
        }
        Program p = new Program("two.cl", b.toString(), "", List.of(new Program.Buffer("x", 16)), Map.of("all",
                List.of(new Program.Launch("set0", List.of(new Program.BufferRef(0)), new long[] {4}, null),
                        new Program.Launch("set1", List.of(new Program.BufferRef(0)), new long[] {2}, null))));
        try (ClDevice dev = TestDevices.open().cache(BinaryCache.at(dir)); Executor ex = new Executor(dev, p)) {
            assertEquals(2, ex.kernels().compiled());
            assertEquals(1, new java.util.HashSet<>(ex.kernels().programs()).size(), "one program for both units");
            ex.run("all");
            float[] out = new float[4];
            ex.buffer(0).read(out);
            assertArrayEquals(new float[] {8, 8, 6, 6}, out);
        }
    }

    @Test
    void aUnitThatFailsToBuildIsReportedWithItsLog(@TempDir Path dir) {
        Program p = program(source(" + undefined_thing"));
        try (ClDevice dev = TestDevices.open().cache(BinaryCache.at(dir))) {
            ClException e = assertThrows(ClException.class, () -> new Executor(dev, p).close());
            assertTrue(e.getMessage().startsWith("OpenCL build of units.cl failed on "), e.getMessage());
            assertTrue(e.getMessage().contains("undefined_thing"), e.getMessage());
        }
    }
}
