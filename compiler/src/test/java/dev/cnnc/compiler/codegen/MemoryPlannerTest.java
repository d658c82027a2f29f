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
        return Lowering.lower(g, Lowering.Options.training(batch, Precision.FP32, Recipes.loss(g)).withPlanMemory(plan),
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
                p.phases()), l.values(), l.grads(), l.params(), l.paramGrads(), l.saved(), l.labels(), l.loss(),
                l.checkpoints());
        assertFalse(PlanChecker.check(bad).isEmpty());
        // And a plain program (every buffer its own storage) passes.
        assertEquals(List.of(), PlanChecker.check(lowerTraining(stdlib("lenet5.cnn"), 2, false)));
    }

    /**
     * x:[4] -> dense(8) -> relu -> dense(3), batch 2, fp32, SGD with momentum, by hand.
     * Weights: a 8x4+8 = 40, b 3x8+3 = 27 reals = 268 B; their gradients 268 B; optimizer:
     * momentum buffers 268 B + one gradient-norm partial per parameter (4 x 4 B) + the norm (4 B)
     * = 288 B. Activations, naive: input 2x4, a 2x8, relu 2x8, logits 2x3, grad.a, grad.relu,
     * grad.logits (reals), labels 2 ints, loss 2 = (8+16+16+6+16+16+6+2+2) x 4 = 352 B, plus each
     * dense layer's transposed weight for its forward GEMM, a.wt 4x8 and b.wt 8x3 = 224 B: 576 B.
     * Planned: input, logits, labels, loss are pinned (72 B). Launches of a training step:
     * forward 0 a(x→a), 1 relu(a→relu), 2 b(relu→logits); zero_grads 3 zero(grad.logits); loss 4;
     * backward 5 zero(grad.relu), 6 b.dx, 7 b.dw, 8 b.db, 9 zero(grad.a), 10 relu'(a, relu, grad.relu
     * → grad.a), 11 a.dw, 12 a.db. Live: a 0-10, relu 1-10, grad.relu 5-10, grad.a 9-12, grad.logits
     * 3-8 (evaluation: a 0-1, relu 1-2, grad.logits 3-4; no grad.a). Only grad.logits and grad.a
     * are disjoint everywhere: four storages of 64 B = 256 B, plus 72 = 328 B. The transposed
     * weights (the forward's transpose then GEMM, launch numbers shifted by them) live only across
     * those two launches each: the largest, a.wt (128 B), gets a storage that b.wt and the
     * gradients that are disjoint from them share, which makes one of the four 64 B storages
     * 128 B: 328 + 64 = 392 B.
     */
    @Test
    void reportNumbersOfASmallModelByHand() {
        Graph g = KernelHarness.compile("""
                model Mlp {
                  input x: [4]
                  output logits = x -> dense(8) as a -> relu -> dense(3) as b
                  train {
                    optimizer: sgd(lr: 0.1, momentum: 0.9)
                  }
                }
                """);
        Lowered l = lowerTraining(g, 2, true);
        assertEquals(new MemoryPlanner.Summary(268, 268, 288, 392, 576), MemoryPlanner.summary(l));
        assertEquals(List.of(), PlanChecker.check(l));
        assertEquals(l.program().buffers().get(l.grad(g.outputs().get("logits"))).storage(),
                l.program().buffers().get(l.grad(g.nodes().get(0).output())).storage());
        assertEquals(new MemoryPlanner.Summary(268, 268, 288, 576, 576),
                MemoryPlanner.summary(lowerTraining(g, 2, false)));
    }

    /** Launches in which two buffers share storage (in place). */
    static int inPlaceLaunches(Program p) {
        int n = 0;
        for (List<Program.Launch> phase : p.phases().values()) {
            for (Program.Launch l : phase) {
                java.util.Map<Integer, Integer> seen = new java.util.HashMap<>();
                for (Object a : l.args()) {
                    if (a instanceof Program.BufferRef r && p.buffers().get(r.index()).storage() >= 0) {
                        Integer prev = seen.put(p.buffers().get(r.index()).storage(), r.index());
                        if (prev != null && prev != r.index()) {
                            n++;
                        }
                    }
                }
            }
        }
        return n;
    }

    @Test
    void elementwiseOpsRunInPlaceWhenTheirInputIsDeadAndTheCheckerAgrees() {
        Graph g = stdlib("resnet18.cnn");
        // Inference: conv -> bn -> relu chains and adds; the relus and adds may overwrite their inputs.
        Lowered on = Lowering.lower(g, Lowering.Options.inference(2, Precision.FP32));
        Lowered off = Lowering.lower(g, Lowering.Options.inference(2, Precision.FP32).withInPlace(false));
        assertTrue(inPlaceLaunches(on.program()) > 0);
        assertEquals(0, inPlaceLaunches(off.program()));
        assertEquals(List.of(), PlanChecker.check(on));
        // (No fewer bytes for ResNet-18: its peak is at conv -> batchnorm, which do not run in place.)
        // A chain whose peak is at element-wise ops: conv output 8x8x8 -> relu -> sigmoid in one storage.
        Graph chain = KernelHarness.compile("model C { input x: [4, 8, 8]  output logits = x -> conv(8, 3, pad: 1)"
                + " as c -> relu -> sigmoid -> global_avgpool -> flatten -> dense(3) as fc }");
        Lowered c1 = Lowering.lower(chain, Lowering.Options.inference(2, Precision.FP32));
        Lowered c0 = Lowering.lower(chain, Lowering.Options.inference(2, Precision.FP32).withInPlace(false));
        assertEquals(List.of(), PlanChecker.check(c1));
        assertEquals(2, inPlaceLaunches(c1.program()));
        // Without: {conv, sigmoid} and {relu, pooled 2x8}; with: {conv, relu, sigmoid} and {pooled}.
        assertEquals(2L * 8 * 8 * 8 * 4 - 2 * 8 * 4, c0.program().allocatedBytes() - c1.program().allocatedBytes());
        // Training: forward_inference's relus run in place (their input is dead in an evaluation)
        Lowered train = lowerTraining(g, 2, true);
        assertTrue(inPlaceLaunches(train.program()) > 0);
        System.out.println("ResNet-18 inference batch 2 allocated: in place " + on.program().allocatedBytes()
                + ", not " + off.program().allocatedBytes() + "; training in-place launches "
                + inPlaceLaunches(train.program()));
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
