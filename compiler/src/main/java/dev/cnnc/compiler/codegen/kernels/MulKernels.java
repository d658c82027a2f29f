package dev.cnnc.compiler.codegen.kernels;

import dev.cnnc.compiler.codegen.Emitter;
import dev.cnnc.compiler.codegen.KernelTemplate;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ops.Mul;
import java.util.ArrayList;
import java.util.List;

/** The kernels of {@link Mul} ({@code kernels/mul.cl}, {@code kernels/mul_grad.cl}). */
public final class MulKernels implements OpKernels {
    /**
     * Kernels: the forward runs one work-item per output element; the gradient of each input runs
     * one work-item per element of that input, summing over the output elements that read it (its
     * broadcast dimensions), so no two work-items add into one address. Index arithmetic is
     * generated per node with the shapes baked in, and each buffer argument declared and read in its
     * own storage: the kernels read and write fp16 buffers themselves ({@link #halfStorage}).
     */
    @Override
    public void forward(Emitter e) {
        Shape out = e.outputType().shape();
        int count = e.node().inputs().size();
        StringBuilder product = new StringBuilder();
        for (int k = 0; k < count; k++) {
            product.append(k == 0 ? "" : " * ").append(read(k, e.inputType(k).shape(), e.inputStorage(k)));
        }
        String kernel = e.kernels("mul", new KernelTemplate.Values(e.precision()).i("COUNT", count)
                .s("SHAPE", out.toString()).s("INPUTS", inputs(e)).i("OUT", out.elements()).s("YT", e.outputStorage())
                .s("COORDS", coords("    ", out, null, "f", null)).s("PRODUCT", product.toString()));
        e.launch(kernel + "_forward", new long[] {out.elements(), e.batch()}, null, args(e, null));
    }

    @Override
    public void backward(Emitter e) {
        Shape out = e.outputType().shape();
        int count = e.node().inputs().size();
        // One launch per input, in order: an input used twice (mul(a, a)) accumulates both terms without a race.
        for (int k = 0; k < count; k++) {
            if (e.gradInput(k) == null) {
                continue;
            }
            Shape in = e.inputType(k).shape();
            long repeat = 1;
            for (int d = 0; d < out.rank(); d++) {
                if (broadcasts(in, out, d)) {
                    repeat *= out.dim(d);
                }
            }
            StringBuilder others = new StringBuilder();
            for (int j = 0; j < count; j++) {
                if (j != k) {
                    others.append(others.length() == 0 ? "" : " * ").append(read(j, e.inputType(j).shape(),
                            e.inputStorage(j)));
                }
            }
            String kernel = e.kernels("mul_grad", new KernelTemplate.Values(e.precision()).i("INPUT", k)
                    .s("INPUT_SHAPE", in.toString()).s("SHAPE", out.toString()).i("REPEAT", repeat)
                    .s("INPUTS", inputs(e)).i("OUT", out.elements()).i("SIZE", in.elements())
                    .s("DYT", e.outputGradStorage()).s("DXT", e.inputGradStorage(k))
                    .s("COORDS", coords("        ", out, in, "j", "r")).s("OUT_INDEX", index(out))
                    .s("OTHERS", others.toString()));
            e.launch(kernel + "_backward", new long[] {in.elements(), e.batch()}, null,
                    args(e, new Object[] {e.gradOutput(), e.gradInput(k)}));
        }
    }

    /** True when {@code in} is broadcast along output dimension {@code d} (size 1 against a larger size). */
    private static boolean broadcasts(Shape in, Shape out, int d) {
        return in.dim(d) == 1 && out.dim(d) > 1;
    }

    private static Object[] args(Emitter e, Object[] extra) {
        int count = e.node().inputs().size();
        List<Object> args = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            args.add(e.input(k));
        }
        if (extra == null) {
            args.add(e.output());
        } else {
            args.addAll(List.of(extra));
        }
        return args.toArray();
    }

    /** The inputs' parameters, each in its storage. */
    private static String inputs(Emitter e) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < e.node().inputs().size(); k++) {
            s.append(k == 0 ? "" : ", ").append("__global const ").append(e.inputStorage(k)).append("* x").append(k);
        }
        return s.toString();
    }

    /** {@code LOAD_T(xk, n * size + index)}: input k, of storage T, read at output coordinates c0, c1, ... */
    private static String read(int k, Shape in, String storage) {
        return "LOAD_" + storage + "(x" + k + ", n * " + in.elements() + " + " + index(in) + ")";
    }

    @Override
    public boolean halfStorage(Emitter e) {
        return true;
    }

    /**
     * The row-major index into {@code in} of output coordinates {@code c0, c1, ...}: dimensions where
     * {@code in} has size 1 contribute nothing (broadcast).
     */
    private static String index(Shape in) {
        StringBuilder s = new StringBuilder();
        long stride = 1;
        for (int d = in.rank() - 1; d >= 0; d--) {
            if (in.dim(d) != 1) {
                String term = stride == 1 ? "c" + d : "c" + d + " * " + stride;
                s.insert(0, s.length() == 0 ? term : term + " + ");
            }
            stride *= in.dim(d);
        }
        return s.length() == 0 ? "0" : s.toString();
    }

    /**
     * Declarations {@code const int c0 = ...;} of the output coordinates. Forward ({@code in} null):
     * all from the flat output index {@code flat}. Backward of input {@code in}: its dimensions from
     * its own flat index {@code flat}, its broadcast dimensions from the repeat counter {@code repeat}.
     */
    private static String coords(String indent, Shape out, Shape in, String flat, String repeat) {
        int rank = out.rank();
        long[] flatStride = new long[rank];
        long[] repeatStride = new long[rank];
        long f = 1;
        long r = 1;
        Shape own = in == null ? out : in;
        for (int d = rank - 1; d >= 0; d--) {
            if (in != null && broadcasts(in, out, d)) {
                repeatStride[d] = r;
                r *= out.dim(d);
            } else {
                flatStride[d] = f;
                f *= own.dim(d);
            }
        }
        StringBuilder s = new StringBuilder();
        for (int d = 0; d < rank; d++) {
            boolean fromRepeat = in != null && broadcasts(in, out, d);
            String expr = coordinate(fromRepeat ? repeat : flat, fromRepeat ? repeatStride[d] : flatStride[d],
                    out.dim(d), fromRepeat ? r : f);
            s.append(d == 0 ? "" : "\n").append(indent).append("const int c").append(d).append(" = ").append(expr)
                    .append(";");
        }
        return s.toString();
    }

    /** Coordinate of size {@code size} and stride {@code stride} in a counter running over {@code total} values. */
    private static String coordinate(String counter, long stride, int size, long total) {
        if (size == 1) {
            return "0";
        }
        String e = stride == 1 ? counter : "(" + counter + " / " + stride + ")";
        return stride * size < total ? e + " % " + size : e;
    }
}
