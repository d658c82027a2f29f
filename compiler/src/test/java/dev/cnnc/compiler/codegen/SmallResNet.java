package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.diag.DiagnosticFormatter;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Param;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.runtime.opencl.ClDevice;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.train.Reals;
import dev.cnnc.runtime.opencl.Program;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole-model check's network (resources/codegen/small_resnet.cnn) with the PyTorch
 * float64 values of one training step (small_resnet.txt, made by make_small_resnet.py), and
 * a runner that plays one training step of it on a device.
 */
final class SmallResNet {
    static final int BATCH = 3;

    private SmallResNet() {
    }

    static String resource(String name) {
        try (InputStream in = SmallResNet.class.getResourceAsStream("/codegen/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Graph graph() {
        Compilation c = new Compiler(List.of()).check("small_resnet.cnn", resource("small_resnet.cnn"), null);
        assertTrue(c.ok(), () -> DiagnosticFormatter.formatAll(c.diagnostics()));
        return c.models().get(0);
    }

    /** The PyTorch values by name: image, labels, parameters, logits, loss, grad.*, running stats. */
    static Map<String, double[]> torch() {
        Map<String, double[]> out = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                SmallResNet.class.getResourceAsStream("/codegen/small_resnet.txt"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split(" ");
                double[] v = new double[parts.length - 2];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Double.parseDouble(parts[i + 2]);
                }
                out.put(parts[0], v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The results of one training step on a device, in doubles. */
    record Step(Map<String, double[]> values, double meanLoss) {
    }

    /** Runs forward, loss and backward once with the PyTorch data; returns logits, grads and running stats. */
    static Step run(ClDevice device, Precision precision) {
        return run(device, precision, false);
    }

    /**
     * With {@code poison}, every buffer is first filled with NaN bit patterns (0xFF bytes), so a
     * kernel that reads memory nothing has written yet spreads NaN into the results.
     */
    static Step run(ClDevice device, Precision precision, boolean poison) {
        return run(device, precision, poison, "");
    }

    static Step run(ClDevice device, Precision precision, boolean poison, String buildOptions) {
        return run(device, precision, poison, buildOptions, true);
    }

    /** With {@code matrixKernels} false, the kernels chosen for GPUs (direct convolutions). */
    static Step run(ClDevice device, Precision precision, boolean poison, String buildOptions,
                    boolean matrixKernels) {
        Graph g = graph();
        Map<String, double[]> t = torch();
        Lowered l = Lowering.lower(g, Lowering.Options.builder().batch(BATCH).precision(precision).training(true)
                .inputGradients(true).loss(LossLowering.Loss.crossEntropy(0)).matrixKernels(matrixKernels).build());
        Program program = new Program(l.program().sourceName(), l.program().source(), buildOptions,
                l.program().buffers(), l.program().phases());
        try (Executor ex = new Executor(device, program)) {
            ex.set("seed", 1);
            if (poison) {
                for (int i = 0; i < l.program().buffers().size(); i++) {
                    byte[] ff = new byte[(int) ex.buffer(i).bytes()];
                    java.util.Arrays.fill(ff, (byte) 0xFF);
                    ex.buffer(i).write(ff);
                }
            }
            Value image = g.inputs().get(0);
            write(ex, l.value(image), t.get("image"), precision);
            double[] labels = t.get("labels");
            int[] y = new int[labels.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = (int) labels[i];
            }
            ex.buffer(l.labels()).write(y);
            for (Param p : g.params()) {
                if (p.name().endsWith("running_mean")) {
                    write(ex, l.param(p.name()), new double[(int) p.elements()], precision);
                } else if (p.name().endsWith("running_var")) {
                    double[] ones = new double[(int) p.elements()];
                    java.util.Arrays.fill(ones, 1);
                    write(ex, l.param(p.name()), ones, precision);
                } else if (p.trainable()) {
                    write(ex, l.param(p.name()), t.get(p.name()), precision);
                } else {
                    ex.buffer(l.param(p.name())).write(new byte[8]);
                }
            }
            ex.run(Lowered.FORWARD);
            ex.run(Lowered.ZERO_GRADS);
            ex.run(Lowered.ZERO_PARAM_GRADS);
            ex.run(Lowered.LOSS);
            ex.run(Lowered.BACKWARD);
            Map<String, double[]> out = new LinkedHashMap<>();
            Value logits = g.outputs().get("logits");
            out.put("logits", read(ex, l.value(logits), (int) (BATCH * logits.shape().elements()), precision));
            out.put("grad.image", read(ex, l.grad(image), (int) (BATCH * image.shape().elements()), precision));
            for (Param p : g.params()) {
                if (p.trainable()) {
                    out.put("grad." + p.name(), read(ex, l.paramGrad(p.name()), (int) p.elements(), precision));
                } else if (p.name().contains("running")) {
                    out.put(p.name(), read(ex, l.param(p.name()), (int) p.elements(), precision));
                }
            }
            double[] losses = read(ex, l.loss(), BATCH, precision);
            ex.run(Lowered.FORWARD_INFERENCE);
            out.put("logits_eval", read(ex, l.value(logits), (int) (BATCH * logits.shape().elements()), precision));
            double mean = 0;
            for (double v : losses) {
                mean += v / BATCH;
            }
            return new Step(out, mean);
        }
    }

    static void write(Executor ex, int buffer, double[] data, Precision p) {
        Reals.write(ex.buffer(buffer), data, p == Precision.FP64);
    }

    static double[] read(Executor ex, int buffer, int n, Precision p) {
        return Reals.read(ex.buffer(buffer), n, p == Precision.FP64);
    }

    /**
     * Entry point for the oclgrind check: one training step on the default device; prints the loss.
     * Arguments: build options, then {@code gpu} for the kernels chosen for GPUs.
     */
    public static void main(String[] args) {
        try (ClDevice device = ClDevice.open((String) null)) {
            // Unoptimised, so that oclgrind's uninitialised-value check sees no LLVM `freeze`.
            Step s = run(device, Precision.FP32, false, args.length > 0 ? args[0] : "",
                    args.length < 2 || !args[1].equals("gpu"));
            System.out.println("device: " + device.info().name());
            System.out.println("loss: " + s.meanLoss());
        }
    }
}
