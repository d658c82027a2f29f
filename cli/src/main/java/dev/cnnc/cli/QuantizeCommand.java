package dev.cnnc.cli;

import dev.cnnc.compiler.codegen.LossLowering;
import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.driver.Pipeline;
import dev.cnnc.compiler.driver.Settings;
import dev.cnnc.compiler.driver.Target;
import dev.cnnc.compiler.ir.Component;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.compiler.ops.Conv;
import dev.cnnc.compiler.ops.Dense;
import dev.cnnc.compiler.ops.Fused;
import dev.cnnc.compiler.train.Recipes;
import dev.cnnc.train.optim.StepVariables;
import dev.cnnc.runtime.opencl.ClDevice;
import dev.cnnc.runtime.opencl.DeviceInfo;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.train.Checkpoints;
import dev.cnnc.train.ModelBinding;
import dev.cnnc.train.Recipe;
import dev.cnnc.train.app.CommandFailure;
import dev.cnnc.train.app.Options;
import dev.cnnc.train.app.Runs;
import dev.cnnc.train.data.DataLoader;
import dev.cnnc.train.data.Dataset;
import dev.cnnc.train.io.HostTensor;
import dev.cnnc.train.io.Safetensors;
import dev.cnnc.train.io.StateDict;
import dev.cnnc.train.quant.BatchNormFold;
import dev.cnnc.train.quant.Calibration;
import dev.cnnc.train.quant.Calibrator;
import dev.cnnc.train.quant.QuantizedLayer;
import dev.cnnc.train.quant.QuantizedModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cnnc quantize}: post-training int8 quantization of a trained classifier. Every
 * convolution and dense layer of the model as it runs for inference (batchnorm folded into the
 * layer before it, {@code FoldBatchNorm}) gets per-output-channel symmetric int8 weights, with
 * the batchnorm folded in on the host first ({@link BatchNormFold}), and the activation scales of
 * its input and output, calibrated on the first batches of the training data by running the
 * float model ({@link Calibration}). The file it writes is described in docs/guide.md ("int8
 * quantization (format)"); tensors of other layers are kept in float.
 */
@Command(name = "quantize", description = "Post-training int8 quantization: per-channel int8 weights (batchnorm "
        + "folded in) and activation scales calibrated on training batches, written to a .safetensors file")
final class QuantizeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the .cnn file")
    Path file;

    @Option(names = "--model", paramLabel = "NAME", description = "which model, when the file defines several")
    String model;

    @Option(names = "--weights", required = true, paramLabel = "FILE", description = "the trained float weights "
            + "(.safetensors)")
    Path weights;

    @Mixin
    Options.Data data;

    @Option(names = "--calibration", paramLabel = "N", defaultValue = "8", description = "calibration batches "
            + "from the training data (default: ${DEFAULT-VALUE})")
    int calibration;

    @Option(names = "--batch", defaultValue = "64", description = "images per calibration batch (default: "
            + "${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "percentile", description = "how activation "
            + "ranges are chosen: minmax, percentile or entropy (KL divergence, as TensorRT) (default: "
            + "${DEFAULT-VALUE})")
    String method;

    @Option(names = "--percentile", defaultValue = "99.99", description = "the percentile of |x| that "
            + "--method percentile keeps (default: ${DEFAULT-VALUE})")
    double percentile;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "the quantized "
            + "model to write (.safetensors)")
    Path output;

    @Mixin
    Options.Device device;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        return TrainingSetup.guard("cnnc quantize", err, () -> {
            if (calibration < 1 || batch < 1) {
                throw CommandFailure.usage("--calibration and --batch must be at least 1");
            }
            if (!(percentile > 0 && percentile <= 100)) {
                throw CommandFailure.usage("--percentile must be in (0, 100]: " + percentile);
            }
            Calibrator.Method m = Calibrator.Method.parse(method.toLowerCase(Locale.ROOT));
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw CommandFailure.usage("no folder " + parent + " to write " + output.getFileName() + " in");
            }
            Graph g = TrainingSetup.compile(file, model, err);
            LossLowering.Loss loss = Recipes.lossOrCrossEntropy(g);
            Recipe r = TrainingSetup.recipe(g, Recipes.optimizer(g), loss, batch, Precision.FP32);
            int outputs = (int) g.outputs().values().iterator().next().shape().elements();
            // Checked before anything is built: the weights against the model, then the data.
            StateDict floats = Safetensors.read(weights);
            List<String> trained = Runs.checkpointClasses(weights, outputs);
            String dataName = data.name(r.data());
            Dataset train = Runs.checkSplit(g.name(), g.inputs().get(0).shape().dims(), outputs,
                    trained != null ? trained : r.classes(), dataName, Runs.dataset(dataName, data.dataDir, true),
                    true);
            DeviceInfo info = device.select();
            Pipeline.Build b = TrainingSetup.build(g, Settings.builder().batch(batch).precision(Precision.FP32)
                    .training(true).loss(loss).target(Target.device(info))
                    .tuning(new TuneCacheOptions().source(err)).bind(true).build());
            ModelBinding binding = b.binding();
            Graph inference = b.passed().inference();
            List<Layer> layers = layers(inference, b);
            if (layers.isEmpty()) {
                throw CommandFailure.model(g.name() + " has no convolution or dense layer to quantize");
            }
            Map<String, Calibration.Range> ranges;
            try (ClDevice dev = ClDevice.open(info);
                 Executor ex = new Executor(dev, binding.program(), List.of(ModelBinding.EVALUATION))) {
                ex.set(StepVariables.SEED, 0);
                Checkpoints.load(weights, binding, ex, false);
                DataLoader.Builder lb = DataLoader.builder(train).batchSize(batch).shuffle(false).dropLast(true);
                if (r.mean() != null) {
                    lb.normalize(r.mean(), r.std());
                }
                try (DataLoader loader = lb.build()) {
                    List<Calibration.Site> sites = new ArrayList<>();
                    for (Layer l : layers) {
                        sites.add(l.site());
                    }
                    ranges = Calibration.run(binding, ex, loader, calibration, sites, m, percentile);
                }
            }
            QuantizedModel q = quantize(layers, floats, ranges, m, g);
            q.write(output);
            report(out, q, layers, ranges, m, dataName, Math.min(calibration, (int) (train.size() / batch)));
            return Main.OK;
        });
    }

    /**
     * A layer to quantize: a convolution or dense node of the inference graph, its calibration
     * site, its batchnorm folded in (null when none) and whether its output is the model's.
     */
    record Layer(Node node, Calibration.Site site, Component foldedBatchNorm, boolean modelOutput) {
    }

    static List<Layer> layers(Graph inference, Pipeline.Build b) {
        Set<Value> outputs = new LinkedHashSet<>(inference.outputs().values());
        List<Layer> out = new ArrayList<>();
        for (Node n : inference.nodes()) {
            if (!(n.op() instanceof Conv) && !(n.op() instanceof Dense)) {
                continue;
            }
            Value in = n.inputs().get(0);
            Value o = n.output();
            Calibration.Site site = new Calibration.Site(n.name(), in.name(), b.lowered().value(in),
                    in.shape().elements(), o.name(), b.lowered().value(o), o.shape().elements());
            out.add(new Layer(n, site, Fused.foldedBatchNorm(n.attrs()), outputs.contains(o)));
        }
        return out;
    }

    /**
     * The quantized model: each layer's weight and bias with its batchnorm folded in, quantized
     * per output channel, with the input's scale and (unless it makes the model's output, which
     * stays float) the output's; every tensor of {@code floats} that no quantized layer took kept
     * as it is (a folded batchnorm's tensors are taken, and its {@code num_batches_tracked};
     * a checkpoint's optimizer state is dropped).
     */
    static QuantizedModel quantize(List<Layer> layers, StateDict floats, Map<String, Calibration.Range> ranges,
                                   Calibrator.Method method, Graph g) {
        List<QuantizedLayer> quantized = new ArrayList<>();
        Set<String> taken = new LinkedHashSet<>();
        for (Layer l : layers) {
            String name = l.node().name();
            HostTensor w = floats.require(name + ".weight");
            taken.add(name + ".weight");
            float[] weight = w.toFloatArray();
            float[] bias = null;
            if (floats.contains(name + ".bias")) {
                bias = floats.require(name + ".bias").toFloatArray();
                taken.add(name + ".bias");
            }
            Component bn = l.foldedBatchNorm();
            if (bn != null) {
                String p = bn.name() + ".";
                boolean affine = bn.options().b("affine");
                float[] gamma = affine ? floats.require(p + "weight").toFloatArray() : null;
                float[] beta = affine ? floats.require(p + "bias").toFloatArray() : null;
                BatchNormFold.Folded f = BatchNormFold.fold(weight, bias, gamma, beta,
                        floats.require(p + "running_mean").toFloatArray(),
                        floats.require(p + "running_var").toFloatArray(), bn.options().f("eps"));
                weight = f.weight();
                bias = f.bias();
                for (String s : List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked")) {
                    taken.add(p + s);
                }
            }
            if (bias == null) {
                bias = new float[(int) w.shape()[0]];
            }
            float sx = ranges.get(l.site().input()).scale();
            Float sy = l.modelOutput() ? null : ranges.get(l.site().output()).scale();
            quantized.add(QuantizedLayer.of(name, w.shape(), weight, bias, sx, sy));
        }
        List<String> folded = new ArrayList<>();
        for (Layer l : layers) {
            if (l.foldedBatchNorm() != null) {
                folded.add(l.foldedBatchNorm().name());
            }
        }
        Map<String, HostTensor> others = new LinkedHashMap<>();
        for (String n : floats.names()) {
            if (!taken.contains(n) && !n.startsWith(Checkpoints.OPTIMIZER_PREFIX)) {
                others.put(n, floats.require(n));
            }
        }
        // The float file's metadata travels (class names, normalisation), but not its format.
        Map<String, String> meta = new LinkedHashMap<>(floats.metadata());
        meta.remove("format");
        meta.put("model", g.name());
        meta.put(Checkpoints.FOLDED, dev.cnnc.train.io.Json.write(folded));
        return new QuantizedModel(method, quantized, others, meta);
    }

    private void report(PrintWriter out, QuantizedModel q, List<Layer> layers, Map<String, Calibration.Range> ranges,
                        Calibrator.Method m, String dataName, int batches) throws java.io.IOException {
        out.printf(Locale.ROOT, "calibrated on %d batch%s of %d training images (%s), method %s%s%n", batches,
                batches == 1 ? "" : "es", batch, dataName, m.key(),
                m == Calibrator.Method.PERCENTILE ? " " + percentile : "");
        out.printf(Locale.ROOT, "%-24s %12s %12s %12s   %s%n", "layer", "input amax", "output amax", "(max |y|)",
                "weight scales (min to max)");
        for (Layer l : layers) {
            QuantizedLayer ql = q.layer(l.node().name());
            Calibration.Range in = ranges.get(l.site().input());
            Calibration.Range o = ranges.get(l.site().output());
            float[] s = ql.weight().scales();
            float lo = Float.MAX_VALUE;
            float hi = 0;
            for (float v : s) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            out.printf(Locale.ROOT, "%-24s %12.5g %12s %12.5g   %.3g to %.3g%s%n", l.node().name(), in.amax(),
                    l.modelOutput() ? "(float)" : String.format(Locale.ROOT, "%.5g", o.amax()), o.max(), lo, hi,
                    l.foldedBatchNorm() != null ? ", batchnorm " + l.foldedBatchNorm().name() + " folded in" : "");
        }
        long before = Files.size(weights);
        long after = Files.size(output);
        out.printf(Locale.ROOT, "wrote %s: %d int8 layer%s, %,d bytes (the float weights: %,d bytes, %.1fx)%n", output,
                layers.size(), layers.size() == 1 ? "" : "s", after, before, (double) before / after);
    }
}
