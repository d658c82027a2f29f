package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Param;
import dev.cnnc.runtime.opencl.ClDevice;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.train.Reals;
import dev.cnnc.runtime.opencl.Program;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optimizer's kernels read nothing they should not: every phase of a training step with each
 * optimizer (two accumulated backward passes, the gradient norm over a parameter of several
 * chunks, two steps) on buffers poisoned with NaN stays finite, so no kernel reads memory before
 * it is written (the state buffers included: {@code zero_optimizer_state} must run first); and
 * under oclgrind there is no invalid access, data race or uninitialised read (as
 * {@link SmallResNetKernelTest}, kernels built with {@code -cl-opt-disable} for oclgrind).
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class OptimizerOclgrindTest {
    static final List<OptimizerLowering.Config> CONFIGS = List.of(OptimizerLowering.Config.sgd(0.1, 0, false, 0),
            OptimizerLowering.Config.sgd(0.1, 0.9, true, 1e-4), OptimizerLowering.Config.adam(1e-3, 0.9, 0.999, 1e-8,
                    1e-2), OptimizerLowering.Config.adamw(1e-3, 0.9, 0.999, 1e-8, 1e-2));

    /** Runs the steps; returns a message for each non-finite value found (empty: all finite). */
    static List<String> run(ClDevice device, Precision precision, boolean poison, String buildOptions,
                            List<OptimizerLowering.Config> configs) {
        List<String> problems = new ArrayList<>();
        Graph g = KernelHarness.compile(OptimizerAccumulationClipTest.WIDE);
        for (OptimizerLowering.Config c : configs) {
            Lowered l = Lowering.lower(g, Lowering.Options.training(2, precision), c);
            Program program = new Program(l.program().sourceName(), l.program().source(), buildOptions,
                    l.program().buffers(), l.program().phases());
            try (Executor ex = new Executor(device, program)) {
                ex.set("seed", 1);
                if (poison) {
                    for (int i = 0; i < program.buffers().size(); i++) {
                        byte[] ff = new byte[(int) ex.buffer(i).bytes()];
                        Arrays.fill(ff, (byte) 0xFF);
                        ex.buffer(i).write(ff);
                    }
                }
                Random r = new Random(3);
                for (Param p : g.params()) {
                    write(ex, l.param(p.name()), gaussian(r, (int) p.elements(), 0.1), precision);
                }
                ex.run(OptimizerLowering.ZERO_OPTIMIZER_STATE);
                for (int t = 1; t <= 2; t++) {
                    ex.run(Lowered.ZERO_PARAM_GRADS);
                    for (int k = 0; k < 2; k++) {
                        write(ex, l.value(g.inputs().get(0)), gaussian(r, 2 * 300, 1), precision);
                        ex.buffer(l.labels()).write(new int[] {r.nextInt(3), r.nextInt(3)});
                        ex.run(Lowered.FORWARD);
                        ex.run(Lowered.ZERO_GRADS);
                        ex.run(Lowered.LOSS);
                        ex.run(Lowered.BACKWARD);
                    }
                    ex.run(OptimizerLowering.GRAD_NORM);
                    double sumSq = read(ex, program.bufferIndex(OptimizerLowering.GRAD_NORM_SQ_BUFFER), 1,
                            precision)[0];
                    if (!Double.isFinite(sumSq) || sumSq <= 0) {
                        problems.add(c + " step " + t + ": grad norm² " + sumSq);
                    }
                    ex.set(OptimizerLowering.LR, c.lr());
                    ex.set(OptimizerLowering.GRAD_SCALE, 0.5 * Math.min(1, 1 / (Math.sqrt(sumSq) / 2 + 1e-6)));
                    ex.set(OptimizerLowering.ADAM_STEP_SIZE, c.lr() / (1 - Math.pow(c.beta1(), t)));
                    ex.set(OptimizerLowering.ADAM_BIAS_CORRECTION2_SQRT, Math.sqrt(1 - Math.pow(c.beta2(), t)));
                    ex.run(OptimizerLowering.OPTIMIZER);
                }
                for (Param p : g.params()) {
                    double[] v = read(ex, l.param(p.name()), (int) p.elements(), precision);
                    if (!Arrays.stream(v).allMatch(Double::isFinite)) {
                        problems.add(c + ": " + p.name() + " is not finite");
                    }
                    for (String s : c.stateNames()) {
                        double[] st = read(ex, program.bufferIndex(OptimizerLowering.stateBufferName(p.name(), s)),
                                (int) p.elements(), precision);
                        if (!Arrays.stream(st).allMatch(Double::isFinite)) {
                            problems.add(c + ": " + p.name() + "." + s + " is not finite");
                        }
                    }
                }
            }
        }
        return problems;
    }

    static double[] gaussian(Random r, int n, double scale) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = scale * r.nextGaussian();
        }
        return a;
    }

    static void write(Executor ex, int buffer, double[] data, Precision p) {
        Reals.write(ex.buffer(buffer), data, p == Precision.FP64);
    }

    static double[] read(Executor ex, int buffer, int n, Precision p) {
        return Reals.read(ex.buffer(buffer), n, p == Precision.FP64);
    }

    @Test
    void poisonedBuffersStayFinite() {
        for (Precision p : new Precision[] {Precision.FP32, Precision.FP64}) { // mixed: fp32's optimizer
            assertEquals(List.of(), run(KernelHarness.device(), p, true, "", CONFIGS));
        }
    }

    @Test
    void poisonIsNoticedWithoutZeroingTheState() {
        // The check above can fail: skip zero_optimizer_state on a poisoned Adam program and NaN spreads.
        Graph g = KernelHarness.compile(OptimizerStepTest.MODEL);
        OptimizerLowering.Config c = CONFIGS.get(2);
        Lowered l = Lowering.lower(g, Lowering.Options.builder().batch(1).training(true).build(), c);
        try (Executor ex = new Executor(KernelHarness.device(), l.program())) {
            for (int i = 0; i < l.program().buffers().size(); i++) {
                byte[] ff = new byte[(int) ex.buffer(i).bytes()];
                Arrays.fill(ff, (byte) 0xFF);
                ex.buffer(i).write(ff);
            }
            write(ex, l.param("fc.weight"), new double[6], Precision.FP32);
            write(ex, l.paramGrad("fc.weight"), new double[6], Precision.FP32);
            write(ex, l.param("fc.bias"), new double[2], Precision.FP32);
            write(ex, l.paramGrad("fc.bias"), new double[2], Precision.FP32);
            ex.set(OptimizerLowering.LR, 0.1).set(OptimizerLowering.GRAD_SCALE, 1.0)
                    .set(OptimizerLowering.ADAM_STEP_SIZE, 1.0).set(OptimizerLowering.ADAM_BIAS_CORRECTION2_SQRT, 0.1);
            ex.run(OptimizerLowering.OPTIMIZER);
            assertTrue(Double.isNaN(read(ex, l.param("fc.weight"), 6, Precision.FP32)[0]));
        }
    }

    /**
     * Entry point for the oclgrind run of configuration {@code args[1]} with build options
     * {@code args[0]}: prints the device and the problems found; exits 1 if any.
     */
    public static void main(String[] args) {
        try (ClDevice device = ClDevice.open((String) null)) {
            List<String> problems = run(device, Precision.FP32, false, args[0],
                    List.of(CONFIGS.get(Integer.parseInt(args[1]))));
            System.out.println("device: " + device.info().name());
            problems.forEach(System.out::println);
            if (!problems.isEmpty()) {
                System.exit(1);
            }
        }
    }

    /**
     * One process per optimizer: oclgrind 21.10 reports uninitialised values in any kernel (the
     * model's own dense kernels too) once a second program runs in a process after the first was
     * released, so each program gets a fresh process.
     */
    @Test
    void oclgrindFindsNoInvalidAccessDataRaceOrUninitialisedRead(@TempDir Path dir) throws IOException {
        for (int i = 0; i < CONFIGS.size(); i++) {
            Path scratch = Files.createDirectories(dir.resolve("run" + i));
            Oclgrind.assertClean(scratch, OptimizerOclgrindTest.class, "-cl-opt-disable", Integer.toString(i));
        }
    }
}
