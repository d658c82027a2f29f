package dev.cnnc.compiler.codegen;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.runtime.opencl.Program;
import java.util.List;
import java.util.Map;

/**
 * A graph lowered to a runtime {@link Program}, with the map from the graph's values and
 * parameters to the program's buffers.
 *
 * <p>Phases: {@code forward}; with training, {@code forward_inference} (inference mode, same
 * buffers, for evaluation), {@code zero_grads} (activation gradients; with
 * {@link Lowering.Options#planMemory} only those of the outputs and inputs, the others are zeroed
 * in {@code backward} just before their first use),
 * {@code zero_param_grads}, {@code loss} (the loss per sample and its gradient w.r.t. the
 * output) and {@code backward} (every node's backward rule in reverse order, accumulating; with
 * {@link Lowering.Options#checkpointSegments}, each segment's forward rules re-run first).
 * Scalar {@link dev.cnnc.runtime.opencl.Program.Variable}s used by kernels: {@code seed} (dropout
 * and random pooling regions; set it before running) and {@code loss_scale} (the {@code loss}
 * phase's gradient seed multiplier, initially 1; see {@code StepVariables.LOSS_SCALE}).
 * {@link #checkpoints}: the gradient checkpointing plan the backward phase follows (one
 * segment: none).
 */
/*
 * With memory planning (the default) buffers share device storage (see MemoryPlanner): only the
 * pinned ones (parameters, their gradients, optimizer state, inputs and their gradients, outputs,
 * labels, loss) keep their values between the host's phase sequences.
 */
public record Lowered(Graph graph, Lowering.Options options, Program program, Map<Value, Integer> values,
                      Map<Value, Integer> grads, Map<String, Integer> params, Map<String, Integer> paramGrads,
                      Map<String, Integer> saved, int labels, int loss, List<GemmUse> gemms,
                      Checkpointing.Plan checkpoints) {

    /**
     * A GEMM kernel of the program (a generated GEMM or a convolution's implicit-GEMM forward): the
     * product it computes and the tiling it got (tuned or default).
     */
    public record GemmUse(String kernel, Tunable product, Tuning.Choice choice) {
    }

    public static final String FORWARD = "forward";
    /** In a training program: the forward pass in inference mode, for evaluation. */
    public static final String FORWARD_INFERENCE = "forward_inference";
    public static final String ZERO_GRADS = "zero_grads";
    public static final String ZERO_PARAM_GRADS = "zero_param_grads";
    public static final String LOSS = "loss";
    public static final String BACKWARD = "backward";

    public Lowered {
        values = Map.copyOf(values);
        grads = Map.copyOf(grads);
        params = Map.copyOf(params);
        paramGrads = Map.copyOf(paramGrads);
        saved = Map.copyOf(saved);
        gemms = List.copyOf(gemms);
    }

    /** Without GEMM records (a program rebuilt by hand). */
    public Lowered(Graph graph, Lowering.Options options, Program program, Map<Value, Integer> values,
                   Map<Value, Integer> grads, Map<String, Integer> params, Map<String, Integer> paramGrads,
                   Map<String, Integer> saved, int labels, int loss, Checkpointing.Plan checkpoints) {
        this(graph, options, program, values, grads, params, paramGrads, saved, labels, loss, List.of(), checkpoints);
    }

    /** The scratch buffer {@code name} of layer {@code node} (see {@link Emitter#saved}). */
    public int saved(String node, String name) {
        Integer i = saved.get(node + "#" + name);
        if (i == null) {
            throw new IllegalArgumentException("no saved buffer " + name + " of " + node);
        }
        return i;
    }

    public int value(Value v) {
        Integer i = values.get(v);
        if (i == null) {
            throw new IllegalArgumentException("no buffer for value " + v.name());
        }
        return i;
    }

    public int grad(Value v) {
        Integer i = grads.get(v);
        if (i == null) {
            throw new IllegalArgumentException("no gradient buffer for value " + v.name());
        }
        return i;
    }

    public int param(String name) {
        Integer i = params.get(name);
        if (i == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return i;
    }

    public int paramGrad(String name) {
        Integer i = paramGrads.get(name);
        if (i == null) {
            throw new IllegalArgumentException("no gradient for parameter " + name);
        }
        return i;
    }
}
