package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.diag.DiagnosticFormatter;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.train.Recipes;
import dev.cnnc.runtime.opencl.Program;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The memory planner's plans, checked by {@link PlanChecker} (no device needed). */
class MemoryPlannerTest {
    static Graph stdlib(String file) {
        Compilation c = new Compiler(List.of(dev.cnnc.compiler.frontend.Library.folder(Path.of("..", "stdlib"))))
                .check(Path.of("..", "stdlib", "models", file));
        assertTrue(c.ok(), () -> DiagnosticFormatter.formatAll(c.diagnostics()));
        return c.models().get(0);
    }

    static Lowered lowerTraining(Graph g, int batch, boolean plan) {
        return Lowering.lower(g, new Lowering.Options(batch, Precision.FP32, true, false, Recipes.loss(g), plan),
                Recipes.optimizer(g));
    }

    @Test
    void everyStdlibModelPlansSoundlyForTrainingAndInference() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("..", "stdlib", "models"))) {
            files = s.filter(f -> f.toString().endsWith(".cnn")).sorted().toList();
        }
        assertTrue(files.size() >= 8, files::toString);
        for (Path f : files) {
            Graph g = stdlib(f.getFileName().toString());
            Lowered planned = lowerTraining(g, 2, true);
            List<String> errors = PlanChecker.check(planned);
            assertTrue(errors.isEmpty(), () -> f + ": " + errors.subList(0, Math.min(10, errors.size())));
            MemoryPlanner.Summary s = MemoryPlanner.summary(planned);
            MemoryPlanner.Summary naive = MemoryPlanner.summary(lowerTraining(g, 2, false));
            assertEquals(naive.activationsNaive(), naive.activationsPlanned(), f.toString());
            assertEquals(naive.activationsNaive(), s.activationsNaive(), f.toString());
            assertTrue(s.activationsPlanned() < s.activationsNaive(), f + ": " + s);
            Lowered inference = Lowering.lower(g, Lowering.Options.inference(2, Precision.FP32));
            List<String> ie = PlanChecker.check(inference);
            assertTrue(ie.isEmpty(), () -> f + " (inference): " + ie.subList(0, Math.min(10, ie.size())));
        }
    }

    @Test
    void theCheckerCatchesAPlanThatSharesLiveBuffers() {
        Lowered l = lowerTraining(stdlib("lenet5.cnn"), 2, true);
        Program p = l.program();
        // Put two activations that are live together (a layer's input and output) into one storage.
        Program.Launch first = p.phases().get(Lowered.FORWARD).get(1);
        List<Integer> refs = new ArrayList<>();
        first.args().forEach(a -> {
            if (a instanceof Program.BufferRef r && !l.params().containsValue(r.index())) {
                refs.add(r.index());
            }
        });
        assertTrue(refs.size() >= 2, refs::toString);
        List<Program.Buffer> buffers = new ArrayList<>(p.buffers());
        int s = buffers.get(refs.get(0)).storage();
        assertTrue(s >= 0);
        buffers.set(refs.get(1), buffers.get(refs.get(1)).withStorage(s));
        Lowered bad = new Lowered(l.graph(), l.options(), new Program(p.sourceName(), p.source(), "", buffers,
                p.phases()), l.values(), l.grads(), l.params(), l.paramGrads(), l.saved(), l.labels(), l.loss());
        assertFalse(PlanChecker.check(bad).isEmpty());
        // And a plain program (every buffer its own storage) passes.
        assertEquals(List.of(), PlanChecker.check(lowerTraining(stdlib("lenet5.cnn"), 2, false)));
    }

    @Test
    void resnet18AtBatch32() {
        Graph g = stdlib("resnet18.cnn");
        MemoryPlanner.Summary s = MemoryPlanner.summary(lowerTraining(g, 32, true));
        System.out.println("ResNet-18 batch 32: " + s + " total planned " + s.totalPlanned() + " naive "
                + s.totalNaive());
        assertTrue(s.activationsPlanned() < s.activationsNaive());
    }
}
