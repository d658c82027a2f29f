package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.*;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.runtime.opencl.Program;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The program's source as {@link KernelSource} makes it: one kernel per distinct text, nothing
 * that no phase launches, named for the family and text (never for a layer), cut into units.
 * Device-free.
 */
class KernelSourceTest {
    private static final String TWO_ALIKE = "model M { input x: [3, 8, 8]  output y = x"
            + " -> conv(4, 3, pad: same) as first -> relu -> conv(4, 3, pad: same) as second -> relu"
            + " -> conv(4, 3, pad: same) as third -> relu -> flatten -> dense(10) as fc }";

    private static Set<String> launched(Program p) {
        Set<String> names = new HashSet<>();
        p.phases().values().forEach(ls -> ls.forEach(l -> names.add(l.kernel())));
        return names;
    }

    @Test
    void itemsCutAFileIntoTopLevelPiecesAndBack() {
        String text = "/* helper */\ninline real f(real x) { return x; }\n\n// a kernel\n"
                + "__kernel void a(__global real* x) {\n    if (1) { x[0] = f(1); }\n}\n"
                + "constant int table[2] = {1, 2};\n#define Q 3\n__kernel void b(__global real* x) { x[0] = 2; }\n";
        List<String> items = KernelSource.items(text);
        assertEquals(text, String.join("", items), "concatenated, the items are the text");
        assertEquals(5, items.size(), items::toString);
        assertEquals(List.of("a", "b"), KernelSource.kernelNames(text));
        String kept = KernelSource.keepLaunched(text, Set.of("b"));
        assertFalse(kept.contains("void a("), kept);
        assertFalse(kept.contains("// a kernel"), "a dropped kernel's comment goes with it: " + kept);
        assertTrue(kept.contains("inline real f(") && kept.contains("table[2]") && kept.contains("void b("), kept);
        assertNull(KernelSource.keepLaunched(text, Set.of()), "no kernel left: the block goes");
        assertEquals("inline real f(real x) { return x; }\n",
                KernelSource.keepLaunched("inline real f(real x) { return x; }\n", Set.of()), "helpers alone stay");
    }

    @Test
    void layersWithTheSameSizesShareTheirKernels() {
        Graph g = KernelHarness.compile(TWO_ALIKE);
        Lowered l = Lowering.lower(g, Lowering.Options.training(2, Precision.FP32));
        Program p = l.program();
        // the second and third convolutions (4 -> 4 channels; the first takes 3) launch one forward kernel
        Set<String> convForward = new HashSet<>();
        for (Program.Launch launch : p.phases().get(Lowered.FORWARD)) {
            if (launch.origin().matches("(second|third) forward") && launch.kernel().startsWith("conv_implicit_forward_")) {
                convForward.add(launch.kernel());
            }
        }
        assertEquals(1, convForward.size(), convForward::toString);
        // and it is defined once
        String k = convForward.iterator().next();
        assertEquals(1, p.source().split("void " + k + "\\(", -1).length - 1, p.source());
    }

    @Test
    void everyEmittedKernelIsLaunchedAndNoneIsNamedForALayer() {
        for (boolean training : new boolean[] {false, true}) {
            Graph g = KernelHarness.compile(TWO_ALIKE);
            Lowered l = Lowering.lower(g, training ? Lowering.Options.training(2, Precision.FP32)
                    : Lowering.Options.inference(2, Precision.FP32));
            Program p = l.program();
            List<String> emitted = KernelSource.kernelNames(p.source());
            assertEquals(new HashSet<>(emitted).size(), emitted.size(), "each kernel once: " + emitted);
            assertEquals(launched(p), new HashSet<>(emitted), "emitted = launched (training " + training + ")");
            for (String name : emitted) {
                assertFalse(name.contains("first") || name.contains("second") || name.contains("fc"), name);
            }
        }
    }

    @Test
    void unitsHoldOneFamilyForOnePhaseAndTheSameKernelsHaveTheSameText() {
        Graph g = KernelHarness.compile(TWO_ALIKE);
        Program p = Lowering.lower(g, Lowering.Options.training(2, Precision.FP32)).program();
        List<String> units = p.units();
        assertTrue(units.size() > 3, "several units: " + units.size());
        Set<String> seen = new HashSet<>();
        for (String u : units) {
            assertTrue(u.startsWith(Program.PRELUDE_MARKER), u);
            for (String k : KernelSource.kernelNames(u)) {
                assertTrue(seen.add(k), "kernel " + k + " in two units");
            }
        }
        // the same model under another name, with other layer names, gives the same units
        Graph other = KernelHarness.compile(TWO_ALIKE.replace("model M", "model Other").replace("first", "a1")
                .replace("second", "b2").replace("third", "c3"));
        assertEquals(units, Lowering.lower(other, Lowering.Options.training(2, Precision.FP32)).program().units());
    }

    @Test
    void theOptimizerAndGradientZeroingAreOneKernelEachWhateverTheModel() {
        Graph g = KernelHarness.compile(TWO_ALIKE);
        Program p = Lowering.lower(g, Lowering.Options.training(2, Precision.FP32),
                OptimizerLowering.Config.sgd(0.1, 0.9, false, 1e-4)).program();
        Set<String> optimizer = new HashSet<>();
        p.phases().get("optimizer").forEach(l -> optimizer.add(l.kernel()));
        assertEquals(1, optimizer.size(), optimizer::toString);
        assertTrue(optimizer.iterator().next().endsWith("_tensors16"), optimizer::toString);
        Set<String> zero = new HashSet<>();
        p.phases().get(Lowered.ZERO_PARAM_GRADS).forEach(l -> zero.add(l.kernel()));
        assertEquals(Set.of("cnnc_zero_tensors16"), zero);
    }
}
