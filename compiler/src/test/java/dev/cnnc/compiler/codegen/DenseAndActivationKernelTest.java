package dev.cnnc.compiler.codegen;

import dev.cnnc.compiler.reference.ActivationRef;
import dev.cnnc.compiler.reference.DenseRef;
import dev.cnnc.compiler.reference.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Kernels of dense and the element-wise activations, verified by {@link OpCheck}. */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class DenseAndActivationKernelTest {

    static Stream<Arguments> denseCases() {
        return Stream.of(Arguments.of(1, 7, 3, true), Arguments.of(4, 10, 5, true), Arguments.of(3, 13, 1, false),
                Arguments.of(5, 1, 9, true),
                // Wide enough for the GEMM's 8x16 vector tiles and their edges (rows and columns past a tile)
                Arguments.of(19, 40, 37, true), Arguments.of(9, 33, 16, false), Arguments.of(2, 64, 48, true));
    }

    @ParameterizedTest(name = "dense batch {0}, {1} -> {2}, bias {3}")
    @MethodSource("denseCases")
    void dense(int batch, int in, int units, boolean bias) {
        String src = "model M { input x: [" + in + "]  output y = x -> dense(" + units + ", bias: " + bias + ") as fc }";
        OpCheck.verify(src, batch, 11 + in * units, new OpCheck.Reference() {
            @Override
            public double[] forward(Map<String, double[]> d) {
                return DenseRef.dense(Tensor.of(d.get("x"), batch, in), Tensor.of(d.get("fc.weight"), units, in),
                        bias ? Tensor.of(d.get("fc.bias"), units) : null).data();
            }

            @Override
            public Map<String, double[]> backward(Map<String, double[]> d, double[] dy) {
                DenseRef.Grads g = DenseRef.denseBackward(Tensor.of(d.get("x"), batch, in),
                        Tensor.of(d.get("fc.weight"), units, in), bias, Tensor.of(dy, batch, units));
                Map<String, double[]> out = new LinkedHashMap<>();
                out.put("x", g.dx().data());
                out.put("fc.weight", g.dw().data());
                if (bias) {
                    out.put("fc.bias", g.db().data());
                }
                return out;
            }
        });
    }

    static Stream<Arguments> activations() {
        return Stream.of(Arguments.of(ActivationRef.Kind.RELU, ""), Arguments.of(ActivationRef.Kind.RELU6, ""),
                Arguments.of(ActivationRef.Kind.LEAKY_RELU, "(alpha: 0.2)"), Arguments.of(ActivationRef.Kind.ELU, ""),
                Arguments.of(ActivationRef.Kind.ELU, "(alpha: 0.7)"), Arguments.of(ActivationRef.Kind.SIGMOID, ""),
                Arguments.of(ActivationRef.Kind.TANH, ""));
    }

    @ParameterizedTest(name = "{0}{1}")
    @MethodSource("activations")
    void activation(ActivationRef.Kind kind, String args) {
        double alpha = args.isEmpty() ? (kind == ActivationRef.Kind.ELU ? 1.0 : 0.01)
                : Double.parseDouble(args.replaceAll("[^0-9.]", ""));
        int[] shape = {3, 2, 5, 7};
        String src = "model M { input x: [2, 5, 7]  output y = x -> " + kind.opName() + args + " }";
        // Values kept away from the kinks (0 and 6) so finite differences are meaningful; scaled to reach 6.
        OpCheck.Fill fill = (name, n, rnd) -> {
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                double v;
                do {
                    v = rnd.nextDouble() * 16 - 8;
                } while (Math.abs(v) < 1e-3 || Math.abs(v - 6) < 1e-3);
                d[i] = v;
            }
            return d;
        };
        OpCheck.verify(src, 3, 5 + kind.ordinal(), new OpCheck.Reference() {
            @Override
            public double[] forward(Map<String, double[]> d) {
                return ActivationRef.forward(kind, alpha, Tensor.of(d.get("x"), shape)).data();
            }

            @Override
            public Map<String, double[]> backward(Map<String, double[]> d, double[] dy) {
                return Map.of("x", ActivationRef.backward(kind, alpha, Tensor.of(d.get("x"), shape),
                        Tensor.of(dy, shape)).data());
            }
        }, fill, true);
    }
}
