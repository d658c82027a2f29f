package dev.cnnc.compiler.ops;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.Gemm;
import dev.cnnc.runtime.opencl.Program;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * Fully connected layer (PyTorch {@code Linear}): weight {@code [units, in]}, bias {@code [units]}.
 * FLOPs per sample: {@code units × (in + 1)}, as the seed counts a conv.
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
        return (long) a.i("units") * (in.get(0).shape().dim(0) + (a.b("bias") ? 1 : 0));
    }

    private static KernelTemplate.Values values(Emitter e) {
        return new KernelTemplate.Values(e.precision()).i("N", e.batch()).i("IN", e.inputType(0).shape().dim(0))
                .i("OUT", e.attrs().i("units")).i("HAS_BIAS", e.attrs().b("bias") ? 1 : 0);
    }

    /** y = x · wᵀ + b as a GEMM on a transposed copy of w (so B's rows are contiguous). */
    @Override
    public void forward(Emitter e) {
        String k = e.kernels("dense", values(e));
        int in = e.inputType(0).shape().dim(0);
        int units = e.attrs().i("units");
        if (!e.matrixKernels()) {
            // Without a bias the kernel never reads b; pass the weight so the argument is a valid buffer.
            e.launch(k + "_forward", new long[] {units, e.batch()}, null, e.input(0), e.param("weight"),
                    e.attrs().b("bias") ? e.param("bias") : e.param("weight"), e.output());
            return;
        }
        Program.BufferRef wt = e.saved("wt", (long) in * units);
        e.launch(k + "_transpose", new long[] {units, in}, null, e.param("weight"), wt);
        boolean bias = e.attrs().b("bias");
        Gemm.emit(e, Gemm.Spec.of(e.batch(), units, in).withBias(bias ? Gemm.Bias.COLUMN : Gemm.Bias.NONE),
                e.input(0), wt, e.output(), bias ? e.param("bias") : null);
    }

    /** dx += dy · w, dw += dyᵀ · x (GEMMs), db += Σ dy. */
    @Override
    public void backward(Emitter e) {
        String k = e.kernels("dense", values(e));
        int in = e.inputType(0).shape().dim(0);
        int units = e.attrs().i("units");
        if (!e.matrixKernels()) {
            if (e.gradInput(0) != null) {
                e.launch(k + "_backward_input", new long[] {in, e.batch()}, null, e.gradOutput(), e.param("weight"),
                        e.gradInput(0));
            }
            e.launch(k + "_backward_weight", new long[] {in, units}, null, e.gradOutput(), e.input(0),
                    e.gradParam("weight"));
        } else if (e.gradInput(0) != null) {
            Gemm.emit(e, Gemm.Spec.of(e.batch(), in, units).accumulating(), e.gradOutput(), e.param("weight"),
                    e.gradInput(0), null);
        }
        if (e.matrixKernels()) {
            Gemm.emit(e, Gemm.Spec.of(units, in, e.batch()).a(1, units).accumulating(), e.gradOutput(), e.input(0),
                    e.gradParam("weight"), null);
        }
        if (e.attrs().b("bias")) {
            e.launch(k + "_backward_bias", units, e.gradOutput(), e.gradParam("bias"));
        }
    }

    @Override
    public Window window(Attrs a, List<TensorType> in, TensorType out) {
        return Window.GLOBAL;
    }
}
