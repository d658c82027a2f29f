package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Param;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.runtime.opencl.Program;
import dev.cnnc.train.Reals;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A memory-planned program computes bit for bit what the same program with one allocation per
 * buffer computes: several training steps (forward, loss, backward, gradient norm, optimizer)
 * and an evaluation, on models with residual adds, dropout, concat, a DenseNet-style block and a
 * squeeze-and-excitation block (broadcast mul). Every allocation starts as NaN bit patterns.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class PlannedEquivalenceTest {
    private static final int BATCH = 2;
    private static final int STEPS = 3;

    static final String DROP_CAT = """
            model DropCat {
              input x: [3, 8, 8]
              a = x -> conv(4, 3, pad: 1) as c1 -> relu
              b = x -> conv(4, 1) as c2 -> sigmoid
              output logits = concat(a, b) -> dropout(0.3) -> global_avgpool -> flatten -> dense(5) as fc
            }
            """;

    static final String DENSE_BLOCK = """
            block DL(g) {
              input x
              y = x -> batchnorm as bn -> relu -> conv(g, 3, pad: 1, bias: false) as conv
              output out = concat(x, y)
            }
            model DenseStyle {
              input x: [3, 8, 8]
              output logits = x -> conv(4, 3, pad: 1) as stem -> DL(3) * 2 as dense1 -> batchnorm as bn -> relu
                -> avgpool(2) -> global_avgpool -> flatten -> dense(4) as fc
            }
            """;

    static final String SE_BLOCK = """
            model SE {
              input x: [4, 6, 6]
              f = x -> conv(8, 3, pad: 1) as c1 -> batchnorm as bn -> relu
              s = f -> global_avgpool -> conv(2, 1) as fc1 -> relu -> conv(8, 1) as fc2 -> sigmoid
              output logits = mul(f, s) -> maxpool(2) -> global_avgpool -> flatten -> dense(3) as fc
            }
            """;

    @Test
    void smallResNetWithSgdMomentum() {
        same(SmallResNet.graph(), OptimizerLowering.Config.sgd(0.05, 0.9, false, 1e-4));
    }

    @Test
    void smallResNetMixed() { // fp16 activations and their fp32 working copies, shared by the planner
        same(SmallResNet.graph(), OptimizerLowering.Config.sgd(0.05, 0.9, false, 1e-4), Precision.MIXED);
    }

    @Test
    void denseNetStyleBlockMixed() {
        same(KernelHarness.compile(DENSE_BLOCK), OptimizerLowering.Config.adam(0.01, 0.9, 0.999, 1e-8, 0),
                Precision.MIXED);
    }

    @Test
    void dropoutAndConcatWithAdam() {
        same(KernelHarness.compile(DROP_CAT), OptimizerLowering.Config.adam(0.01, 0.9, 0.999, 1e-8, 0));
    }

    @Test
    void denseNetStyleBlockWithNesterov() {
        same(KernelHarness.compile(DENSE_BLOCK), OptimizerLowering.Config.sgd(0.05, 0.9, true, 1e-4));
    }

    @Test
    void squeezeAndExcitationWithAdamW() {
        same(KernelHarness.compile(SE_BLOCK), OptimizerLowering.Config.adamw(0.01, 0.9, 0.999, 1e-8, 0.01));
    }

    @Test
    void inferenceInPlace() {
        Graph g = KernelHarness.compile(SE_BLOCK);
        Lowered planned = Lowering.lower(g, Lowering.Options.inference(BATCH, Precision.FP32));
        Lowered plain = Lowering.lower(g, Lowering.Options.inference(BATCH, Precision.FP32).withPlanMemory(false));
        assertTrue(MemoryPlannerTest.inPlaceLaunches(planned.program()) > 0);
        assertEquals(List.of(), PlanChecker.check(planned));
        assertArrayEquals(infer(plain), infer(planned));
    }

    private static double[] infer(Lowered l) {
        Graph g = l.graph();
        Random r = new Random(3);
        try (Executor ex = new Executor(KernelHarness.device(), l.program())) {
            poisonAndFill(ex, l, r, false);
            Value in = g.inputs().get(0);
            double[] x = new double[(int) (BATCH * in.shape().elements())];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextGaussian();
            }
            Reals.write(ex.buffer(l.value(in)), x, false);
            ex.run(Lowered.FORWARD);
            Value out = g.outputs().values().iterator().next();
            double[] y = Reals.read(ex.buffer(l.value(out)), (int) (BATCH * out.shape().elements()), false);
            for (double v : y) {
                assertTrue(Double.isFinite(v));
            }
            return y;
        }
    }

    private static void same(Graph g, OptimizerLowering.Config opt) {
        same(g, opt, Precision.FP32);
    }

    private static void same(Graph g, OptimizerLowering.Config opt, Precision precision) {
        Lowering.Options o = Lowering.Options.training(BATCH, precision, LossLowering.Loss.crossEntropy(0.1));
        Lowered planned = Lowering.lower(g, o, opt);
        Lowered plain = Lowering.lower(g, o.withPlanMemory(false), opt);
        assertTrue(planned.program().allocatedBytes() < plain.program().allocatedBytes(),
                () -> planned.program().allocatedBytes() + " vs " + plain.program().allocatedBytes());
        assertEquals(List.of(), PlanChecker.check(planned));
        List<double[]> a = run(planned, opt);
        List<double[]> b = run(plain, opt);
        assertEquals(b.size(), a.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(b.get(i), a.get(i), "result #" + i + " of " + g.name());
            for (double v : a.get(i)) {
                assertTrue(Double.isFinite(v), "result #" + i + " of " + g.name());
            }
        }
    }

    /**
     * Losses, logits, parameter gradients per step, then an evaluation, then every parameter and
     * state (integer ones, such as {@code num_batches_tracked}, as raw bits).
     */
    static List<double[]> run(Lowered l, OptimizerLowering.Config opt) {
        boolean fp64 = l.options().precision() == Precision.FP64;
        List<double[]> out = new ArrayList<>();
        Graph g = l.graph();
        Program p = l.program();
        Value in = g.inputs().get(0);
        Value logits = g.outputs().values().iterator().next();
        int classes = (int) logits.shape().elements();
        Random r = new Random(7);
        try (Executor ex = new Executor(KernelHarness.device(), p)) {
            poisonAndFill(ex, l, r, fp64);
            ex.run(OptimizerLowering.ZERO_OPTIMIZER_STATE);
            for (int step = 0; step <= STEPS; step++) {
                double[] x = new double[(int) (BATCH * in.shape().elements())];
                for (int i = 0; i < x.length; i++) {
                    x[i] = r.nextGaussian();
                }
                int[] y = new int[BATCH];
                for (int i = 0; i < BATCH; i++) {
                    y[i] = r.nextInt(classes);
                }
                Reals.write(ex.buffer(l.value(in)), x, fp64);
                ex.buffer(l.labels()).write(y);
                ex.set("seed", 100 + step);
                if (step == STEPS) { // evaluation
                    ex.run(Lowered.FORWARD_INFERENCE);
                    ex.run(Lowered.ZERO_GRADS);
                    ex.run(Lowered.LOSS);
                    out.add(Reals.read(ex.buffer(l.loss()), BATCH, fp64));
                    out.add(Reals.read(ex.buffer(l.value(logits)), BATCH * classes, fp64));
                    break;
                }
                for (String phase : new String[] {Lowered.ZERO_PARAM_GRADS, Lowered.FORWARD, Lowered.ZERO_GRADS,
                        Lowered.LOSS, Lowered.BACKWARD, OptimizerLowering.GRAD_NORM}) {
                    ex.run(phase);
                }
                out.add(Reals.read(ex.buffer(l.loss()), BATCH, fp64));
                out.add(Reals.read(ex.buffer(l.value(logits)), BATCH * classes, fp64));
                for (Param prm : g.params()) {
                    if (prm.trainable()) {
                        out.add(Reals.read(ex.buffer(l.paramGrad(prm.name())), (int) prm.elements(), fp64));
                    }
                }
                out.add(Reals.read(ex.buffer(OptimizerLowering.GRAD_NORM_SQ_BUFFER), 1, fp64));
                int t = step + 1;
                ex.set(OptimizerLowering.LR, opt.lr());
                ex.set(OptimizerLowering.GRAD_SCALE, 0.5);
                ex.set(OptimizerLowering.ADAM_STEP_SIZE, opt.lr() / (1 - Math.pow(opt.beta1(), t)));
                ex.set(OptimizerLowering.ADAM_BIAS_CORRECTION2_SQRT, Math.sqrt(1 - Math.pow(opt.beta2(), t)));
                ex.run(OptimizerLowering.OPTIMIZER);
            }
            for (Param prm : g.params()) {
                if (prm.type().dtype().isFloat()) {
                    out.add(Reals.read(ex.buffer(l.param(prm.name())), (int) prm.elements(), fp64));
                } else {
                    double[] bits = new double[(int) prm.elements()];
                    ex.buffer(l.param(prm.name())).read(bits);
                    out.add(bits);
                }
            }
            for (int i = 0; i < p.buffers().size(); i++) {
                Program.Buffer b = p.buffers().get(i);
                if (b.name().startsWith("optimizer.") && !b.name().equals(OptimizerLowering.GRAD_NORM_PARTIALS_BUFFER)) {
                    out.add(Reals.read(ex.buffer(i), (int) (b.bytes() / (fp64 ? 8 : 4)), fp64));
                }
            }
        }
        return out;
    }

    /**
     * Every buffer filled with 0xFF bytes (NaN), so that a value read before it is written shows;
     * then random parameters (running variances in [1, 2)) and zero integer state.
     */
    static void poisonAndFill(Executor ex, Lowered l, Random r, boolean fp64) {
        for (int i = 0; i < l.program().buffers().size(); i++) {
            byte[] ff = new byte[(int) ex.buffer(i).bytes()];
            java.util.Arrays.fill(ff, (byte) 0xFF);
            ex.buffer(i).write(ff);
        }
        for (Param prm : l.graph().params()) {
            int n = (int) prm.elements();
            if (!prm.type().dtype().isFloat()) {
                ex.buffer(l.param(prm.name())).write(new byte[8 * n]);
                continue;
            }
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = prm.name().endsWith("running_var") ? 1 + r.nextDouble() : r.nextGaussian() * 0.3;
            }
            Reals.write(ex.buffer(l.param(prm.name())), v, fp64);
        }
    }
}
