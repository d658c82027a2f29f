package dev.cnnc.compiler.codegen.kernels;

import dev.cnnc.compiler.codegen.CodegenException;
import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.Lowering;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Component;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ops.Conv;
import dev.cnnc.compiler.ops.Dense;
import dev.cnnc.compiler.ops.Fused;
import dev.cnnc.runtime.opencl.Program;
import dev.cnnc.train.quant.Int8;
import dev.cnnc.train.quant.Int8Reference;

/**
 * A convolution or dense layer of the inference phase run in int8 ({@link Lowering.Int8Layer}),
 * with {@link Int8Kernels}: its float input is quantized at the input's scale, padded (a
 * convolution), multiplied in int8 with int32 accumulation and requantized per output channel
 * (with the layer's ReLU) to int8 at the output's scale, then dequantized into the layer's float
 * output, so that every other layer reads floats as before; a layer without an output scale (the
 * model's last) writes the accumulators' real values instead. Dequantizing q·s_y and quantizing
 * it again at the next layer's s_x = s_y gives q back exactly, so a chain of int8 layers computes
 * what an int8 pipeline would.
 *
 * <p>The host writes the layer's int8 weights into its {@code weight} parameter's buffer, and
 * into buffers named {@code <layer>.int8_bias} (int32 bias at s_x·s_w[o]), {@code .int8_mult},
 * {@code .int8_shift} (the requantizers) and {@code .int8_wscale} (s_w, float), then runs
 * {@link Lowering#INT8_PACK}, which packs the weights into {@code .int8_packed}.
 */
public final class Int8Layers {
    /** The host-written buffers' suffixes. */
    public static final String BIAS = "int8_bias";
    public static final String MULT = "int8_mult";
    public static final String SHIFT = "int8_shift";
    public static final String WEIGHT_SCALE = "int8_wscale";

    private Int8Layers() {
    }

    /** The inference forward of {@code e}'s node in int8. */
    public static void forward(Emitter e, Lowering.Int8Layer q) {
        Attrs a = e.attrs();
        String name = e.node().name();
        boolean residual = Fused.residual(a);
        Component act = Fused.activation(a);
        // The int8 epilogue requantizes with an optional ReLU; a residual add or another activation
        // runs in float after the product's real values (acc · s_x · s_w), as does a last layer's.
        boolean floatEpilogue = residual || act != null && !act.name().equals("relu");
        Int8Kernels.Output output = q.outputScale() != null && !floatEpilogue ? Int8Kernels.Output.INT8
                : Int8Kernels.Output.FLOAT;
        boolean relu = act != null && output == Int8Kernels.Output.INT8;
        Shape in = e.inputType(0).shape();
        Shape out = e.outputType().shape();
        long inElements = (long) e.batch() * in.elements();
        long outElements = (long) e.batch() * out.elements();
        int filters = out.channels();
        Program.BufferRef weight = e.param("weight");
        Program.BufferRef bias = e.pinned(BIAS, 4L * filters);
        Program.BufferRef mult = e.pinned(MULT, 4L * filters);
        Program.BufferRef shift = e.pinned(SHIFT, 4L * filters);
        Program.BufferRef ws = e.pinned(WEIGHT_SCALE, 4L * filters);

        Int8Kernels.Conversions cv = Int8Kernels.conversions();
        e.addSource("int8_convert", "int8 conversions", cv.source());
        Program.BufferRef xq = e.scratch("int8_x", reals(inElements));
        e.launch(cv.quantizeKernel(), Int8Kernels.Conversions.vectors(inElements), e.input(0), xq,
                Int8.inverse(q.inputScale()),
                Math.toIntExact(inElements));
        Program.BufferRef y = output == Int8Kernels.Output.INT8 ? e.scratch("int8_y", reals(outElements)) : e.output();
        if (e.node().op() instanceof Conv) {
            int[] k = a.pair("kernel");
            int[] s = a.pair("stride");
            int[] d = a.pair("dilation");
            int[] p = Conv.resolvedPadding(a, in);
            Int8Reference.Conv2d g = new Int8Reference.Conv2d(e.batch(), in.channels(), in.height(), in.width(),
                    filters, k[0], k[1], s[0], s[1], p[0], p[1], p[2], p[3], d[0], d[1], a.i("groups"));
            // VNNI only on a CPU device (the matrix kernels' choice) whose host has it: PoCL's device
            // is this CPU; elsewhere the AVX-512BW loop, which falls back to portable code.
            Int8Kernels.Isa isa = e.matrixKernels() && Int8Kernels.Isa.forHost() == Int8Kernels.Isa.AVX512_VNNI
                    ? Int8Kernels.Isa.AVX512_VNNI : Int8Kernels.Isa.AVX512BW;
            Int8Kernels.Conv c = Int8Kernels.conv(g, output, relu, isa);
            e.addSource("int8_conv", "int8 convolution " + g, c.source());
            Program.BufferRef wp = e.pinned("int8_packed", c.packedWeightBytes());
            e.packLaunch(c.packKernel(), c.packGlobal(), weight, wp);
            Program.BufferRef xp = e.scratch("int8_padded", reals(c.paddedBytes()));
            e.launch(c.padKernel(), c.padGlobal(), null, xq, xp);
            e.launch(c.forwardKernel(), c.forwardGlobal(), null, xp, wp, bias, mult, shift, q.inputScale(), ws, y);
        } else if (e.node().op() instanceof Dense) {
            int units = a.i("units");
            Int8Kernels.Dense dn = Int8Kernels.dense(e.batch(), in.dim(0), units, output, relu);
            e.addSource("int8_dense", "int8 dense layer " + in.dim(0) + " -> " + units, dn.source());
            e.launch(dn.kernel(), dn.global(), null, xq, weight, bias, mult, shift, q.inputScale(), ws, y);
        } else {
            throw new CodegenException(name + ": only convolutions and dense layers run in int8");
        }
        if (output == Int8Kernels.Output.INT8) {
            e.launch(cv.dequantizeKernel(), Int8Kernels.Conversions.vectors(outElements), y, e.output(),
                    q.outputScale(),
                    Math.toIntExact(outElements));
        } else if (residual || act != null) {
            floatEpilogue(e, residual, outElements);
        }
    }

    /** y = act(y + r) (or act(y), or y + r) over the layer's float output, in place. */
    private static void floatEpilogue(Emitter e, boolean residual, long n) {
        String expr = FusedKernels.activationExpression(e.attrs(), e.precision());
        String text = "/* y = " + (expr == null ? "v" : expr) + " with v = y" + (residual ? " + r" : "")
                + ", in place: the float epilogue of an int8 layer */\n__kernel void NAME(__global real* y"
                + (residual ? ", __global const real* r" : "") + ", const int n) {\n"
                + "    const int i = get_global_id(0);\n"
                + "    if (i < n) {\n"
                + "        const real v = y[i]" + (residual ? " + r[i]" : "") + ";\n"
                + "        y[i] = " + (expr == null ? "v" : expr) + ";\n"
                + "    }\n}\n";
        String kernel = "int8_epilogue_" + String.format("%08x", text.hashCode());
        e.addSource("int8_epilogue", "the float epilogue of int8 layers", text.replace("NAME", kernel));
        if (residual) {
            e.launch(kernel, n, e.output(), e.input(1), Math.toIntExact(n));
        } else {
            e.launch(kernel, n, e.output(), Math.toIntExact(n));
        }
    }

    /** Reals (4-byte elements) that hold {@code bytes}. */
    private static long reals(long bytes) {
        return Math.max(1, (bytes + 3) / 4);
    }
}
