package dev.cnnc.train;

import dev.cnnc.runtime.opencl.Program;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled classifier as the host sees it: its program, and which buffers hold the input
 * batch, the logits, the labels, the per-sample losses, and each parameter (with its
 * gradient and initializer) and optimizer state. Made by the compiler, or by generated code
 * without it.
 *
 * @param batch      samples per run (shapes are baked into the kernels)
 * @param inputShape one sample, e.g. {@code [1, 28, 28]}
 * @param classes    length of the logits vector
 */
public record ModelBinding(String name, Program program, int batch, int[] inputShape, int classes, int input,
                           int logits, int labels, int loss, List<ParamBinding> params, List<StateBinding> state,
                           boolean fp64, List<NodeProbe> nodes, String trainingRefusal) {

    /** The phase a training step starts with; a program without it evaluates only. */
    private static final String STEP = "backward";

    public ModelBinding {
        Objects.requireNonNull(program, "program");
        inputShape = inputShape.clone();
        params = List.copyOf(params);
        state = List.copyOf(state);
        nodes = List.copyOf(nodes);
        if (trainingRefusal == null || trainingRefusal.isEmpty()) {
            trainingRefusal = program.phases().containsKey(STEP) ? "" : name + " was compiled at batch " + batch
                    + " for evaluation only (a layer cannot train at this batch); compile it with a larger batch";
        }
    }

    /** A binding whose reason not to train, if its program has no training step, is the generic one. */
    public ModelBinding(String name, Program program, int batch, int[] inputShape, int classes, int input,
                        int logits, int labels, int loss, List<ParamBinding> params, List<StateBinding> state,
                        boolean fp64, List<NodeProbe> nodes) {
        this(name, program, batch, inputShape, classes, input, logits, labels, loss, params, state, fp64, nodes, "");
    }

    /** Whether the program has a training step; else {@link #trainingRefusal} says why not. */
    public boolean trainable() {
        return trainingRefusal.isEmpty();
    }

    /** @throws IllegalArgumentException with {@link #trainingRefusal} when the program cannot train */
    public void requireTrainable() {
        if (!trainable()) {
            throw new IllegalArgumentException(trainingRefusal);
        }
    }

    /** A binding without {@link NodeProbe}s (a non-finite value is then traced to a node by its launches only). */
    public ModelBinding(String name, Program program, int batch, int[] inputShape, int classes, int input,
                        int logits, int labels, int loss, List<ParamBinding> params, List<StateBinding> state,
                        boolean fp64) {
        this(name, program, batch, inputShape, classes, input, logits, labels, loss, params, state, fp64, List.of(),
                "");
    }

    /** The same model playing another program (the same buffers and launches, built otherwise). */
    public ModelBinding withProgram(Program other) {
        return new ModelBinding(name, other, batch, inputShape, classes, input, logits, labels, loss, params, state,
                fp64, nodes, trainingRefusal);
    }

    /**
     * Where a layer's values live, for tracing a non-finite value to the layer that made it: its
     * name as launches name their origin ({@link Program.Launch#origin}: {@code "<name> forward"}),
     * its place in the {@code .cnn} source ({@code "model.cnn:12:5"}, "" when unknown), the buffer
     * of its output, and the gradient buffers its backward rule writes (its inputs' and its
     * parameters'; -1 entries are absent).
     */
    public record NodeProbe(String name, String location, int output, List<Integer> grads) {
        public NodeProbe {
            Objects.requireNonNull(name, "name");
            location = location == null ? "" : location;
            grads = List.copyOf(grads);
        }
    }

    /**
     * One parameter or buffer in PyTorch's name and layout. {@code grad} is -1 when it has no
     * gradient; {@code init} names an initializer with its options ({@code he_normal}, {@code
     * default(fan_in)}).
     */
    public record ParamBinding(String name, long[] shape, boolean trainable, boolean floating, int buffer, int grad,
                               String init, Map<String, Object> initOptions) {
        public ParamBinding {
            shape = shape.clone();
            initOptions = Map.copyOf(initOptions);
        }

        public long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /** An optimizer state tensor ({@code optimizer.fc.weight.exp_avg}) shaped like its parameter. */
    public record StateBinding(String name, long[] shape, int buffer) {
        public StateBinding {
            shape = shape.clone();
        }
    }

    /** The phase that evaluates, in inference mode (running statistics, no dropout). */
    public static final String EVALUATION = "forward_inference";

    /**
     * Every phase but {@link #EVALUATION}: a training step and its set-up, which an
     * {@link dev.cnnc.runtime.opencl.Executor} should build together before the first step;
     * evaluation is built when it first runs.
     */
    public List<String> stepPhases() {
        return program.phases().keySet().stream().filter(p -> !p.equals(EVALUATION)).toList();
    }

    public int sampleLength() {
        int n = 1;
        for (int d : inputShape) {
            n *= d;
        }
        return n;
    }
}
