package dev.cnnc.compiler.codegen;

import dev.cnnc.compiler.ir.Component;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Param;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.train.ModelBinding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A lowered training program as the host-side {@link ModelBinding} that runtime-train drives. */
public final class Bindings {
    private static final List<String> STATE = List.of(OptimizerLowering.MOMENTUM_BUFFER, OptimizerLowering.EXP_AVG,
            OptimizerLowering.EXP_AVG_SQ);

    private Bindings() {
    }

    /** Requires a program lowered for training with the loss, from a model with one input and one output. */
    public static ModelBinding of(Lowered l) {
        if (!l.options().loss()) {
            throw new IllegalArgumentException("a training binding needs a program lowered with its loss");
        }
        if (l.graph().inputs().size() != 1 || l.graph().outputs().size() != 1) {
            throw new IllegalArgumentException(l.graph().name() + ": training needs one input and one output, found "
                    + l.graph().inputs().size() + " and " + l.graph().outputs().size());
        }
        Value in = l.graph().inputs().get(0);
        Value out = l.graph().outputs().values().iterator().next();
        List<ModelBinding.ParamBinding> params = new ArrayList<>();
        for (Param p : l.graph().params()) {
            Integer grad = l.paramGrads().get(p.name());
            params.add(new ModelBinding.ParamBinding(p.name(), longs(p.type().shape().dims()), p.trainable(),
                    p.type().dtype().isFloat(), l.param(p.name()), grad == null ? -1 : grad, p.init().name(),
                    options(p.init())));
        }
        // Optimizer state buffers are named optimizer.<param>.<state> (see OptimizerLowering).
        List<ModelBinding.StateBinding> state = new ArrayList<>();
        List<dev.cnnc.runtime.opencl.Program.Buffer> buffers = l.program().buffers();
        for (int i = 0; i < buffers.size(); i++) {
            String name = buffers.get(i).name();
            for (Param p : l.graph().params()) {
                for (String suffix : STATE) {
                    if (name.equals(OptimizerLowering.stateBufferName(p.name(), suffix))) {
                        state.add(new ModelBinding.StateBinding(name, longs(p.type().shape().dims()), i));
                    }
                }
            }
        }
        return new ModelBinding(l.graph().name(), l.program(), l.options().batch(), in.shape().dims(),
                (int) out.shape().elements(), l.value(in), l.value(out), l.labels(), l.loss(), params, state,
                l.options().precision() == Precision.FP64, probes(l),
                l.program().phases().containsKey(Lowered.BACKWARD) ? ""
                        : dev.cnnc.compiler.ops.BatchNorm.untrainableAt(l.graph(), l.options().batch()));
    }

    /** Each layer's output and the gradients its backward rule writes, with its place in the source. */
    private static List<ModelBinding.NodeProbe> probes(Lowered l) {
        List<ModelBinding.NodeProbe> probes = new ArrayList<>();
        for (Node n : l.graph().nodes()) {
            List<Integer> grads = new ArrayList<>();
            for (Value v : n.inputs()) {
                grads.add(l.grads().getOrDefault(v, -1));
            }
            for (Param p : n.params()) {
                grads.add(l.paramGrads().getOrDefault(p.name(), -1));
            }
            probes.add(new ModelBinding.NodeProbe(n.name(), n.span() == null ? "" : n.span().toString(),
                    l.values().getOrDefault(n.output(), -1), grads));
        }
        return probes;
    }

    private static Map<String, Object> options(Component c) {
        Map<String, Object> m = new LinkedHashMap<>();
        c.options().asMap().forEach((k, v) -> {
            if (v != null) {
                m.put(k, v);
            }
        });
        return m;
    }

    private static long[] longs(int[] dims) {
        long[] out = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = dims[i];
        }
        return out;
    }
}
