package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * Fully connected layer (PyTorch {@code Linear}): weight {@code [units, in]}, bias {@code [units]}.
 * FLOPs per sample: {@code units × (in + 1)}, as the seed counts a conv.
 *
 * <p>Kernels and backward rule: {@code codegen.kernels.DenseKernels}.
 */
public final class Dense extends OpDef {
    private static final List<AttrSpec> ATTRS = List.of(
            AttrSpec.integer("units").required().min(1).doc("output features"),
            AttrSpec.bool("bias").defaultValue(true),
            Inits.initAttr());

    @Override
    public String name() {
        return "dense";
    }

    @Override
    public String summary() {
        return "fully connected layer y = W x + b (PyTorch Linear, Keras Dense)";
    }

    @Override
    public List<AttrSpec> attrs() {
        return ATTRS;
    }

    @Override
    public TensorType infer(InferContext ctx) {
        TensorType in = ctx.input(0);
        if (in.shape().rank() != 1) {
            return ctx.inputError(0, "`dense` expects a feature vector [F], but its input has shape " + in.shape(),
                    "add `flatten` before `dense` (" + in.shape() + " flattens to [" + in.shape().elements() + "])");
        }
        return in.withShape(Shape.of(ctx.attrs().i("units")));
    }

    @Override
    public List<ParamSpec> params(Attrs a, List<TensorType> in, TensorType out) {
        int units = a.i("units");
        int features = in.get(0).shape().dim(0);
        List<ParamSpec> ps = new ArrayList<>();
        ps.add(ParamSpec.weight("weight", TensorType.f32(units, features), Inits.DEFAULT));
        if (a.b("bias")) {
            ps.add(ParamSpec.fixedInit("bias", TensorType.f32(units), Inits.defaultBias(features)));
        }
        return ps;
    }

    @Override
    public long flops(Attrs a, List<TensorType> in, TensorType out) {
        return (long) a.i("units") * ((long) in.get(0).shape().dim(0) + (a.b("bias") ? 1 : 0));
    }

    @Override
    public Window window(Attrs a, List<TensorType> in, TensorType out) {
        return Window.GLOBAL;
    }
}
