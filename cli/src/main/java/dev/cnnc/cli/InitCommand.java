package dev.cnnc.cli;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Param;
import dev.cnnc.train.app.CommandFailure;
import dev.cnnc.train.io.DType;
import dev.cnnc.train.io.HostTensor;
import dev.cnnc.train.io.Safetensors;
import dev.cnnc.train.io.StateDict;
import dev.cnnc.train.io.TensorFileException;
import dev.cnnc.train.optim.Initializers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cnnc init}: freshly initialised weights as safetensors, each parameter from its
 * initializer (the layer's, the model's or PyTorch's default), seeded; buffers as BatchNorm
 * starts them. No OpenCL device is needed.
 */
@Command(name = "init", description = "Write freshly initialised weights (safetensors, PyTorch names and layouts).")
final class InitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the .cnn file")
    Path file;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "the .safetensors to write")
    Path output;

    @Option(names = "--model", paramLabel = "NAME", description = "which model, when the file defines several")
    String model;

    @Option(names = "--seed", description = "seed (default: the train section's)")
    Long seed;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Graph g = TrainingSetup.compileAny(file, model, err);
            long s = seed != null ? seed : g.training().i("seed");
            StateDict d = new StateDict();
            for (Param p : g.params()) {
                long[] shape = longs(p.type().shape().dims());
                if (!p.type().dtype().isFloat()) {
                    d.put(p.name(), HostTensor.zeros(DType.I64, shape));
                    continue;
                }
                double[] v = Initializers.fill(p.init().name(), dev.cnnc.compiler.train.Recipes.options(p.init().options()), shape, s,
                        p.name());
                d.put(p.name(), HostTensor.fromDoubles(DType.F32, shape, v));
            }
            d.putMetadata("format", "cnnc-weights-1");
            d.putMetadata("model", g.name());
            d.putMetadata("seed", Long.toString(s));
            Safetensors.write(output, d);
            spec.commandLine().getOut().printf("%s: %d tensors, %,d parameters (seed %d)%n", output, d.size(),
                    g.parameterCount(), s);
            return Main.OK;
        } catch (CommandFailure f) {
            if (f.getMessage() != null) {
                err.println("cnnc init: error: " + f.getMessage());
            }
            return f.code();
        } catch (TensorFileException | IllegalArgumentException e) {
            err.println("cnnc init: error: " + e.getMessage());
            return Main.MODEL_ERROR;
        }
    }

    static long[] longs(int[] dims) {
        long[] out = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = dims[i];
        }
        return out;
    }
}
