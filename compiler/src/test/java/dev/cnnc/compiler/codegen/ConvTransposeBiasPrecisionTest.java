package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Value;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The transposed convolution's bias gradient sums N·OH·OW terms per filter. Summed in one fp32
 * accumulator, 4 × 64 × 64 positive terms lose about 1e-4 of the result (PyTorch: 1e-7); summed
 * with compensation, fp32 stays within 1e-6 of the fp64 program's result.
 */
@Tag("device")
class ConvTransposeBiasPrecisionTest {
    @Test
    void theBiasGradientAt64x64IsWithinOneMillionthOfFp64() {
        Graph g = KernelHarness.compile("model T { input x: [2, 32, 32]  output y = x -> conv_transpose(3, 2, "
                + "stride: 2) as c }");
        int batch = 4;
        Value in = g.inputs().get(0);
        Value out = g.outputs().values().iterator().next();
        Random rnd = new Random(64);
        double[] x = new double[(int) (batch * in.shape().elements())];
        double[] w = new double[2 * 3 * 2 * 2];
        double[] dy = new double[(int) (batch * out.shape().elements())];
        for (double[] a : new double[][] {x, w}) {
            for (int i = 0; i < a.length; i++) {
                a[i] = rnd.nextDouble() - 0.5;
            }
        }
        for (int i = 0; i < dy.length; i++) {
            dy[i] = (float) rnd.nextDouble(); // positive: no cancellation, the relative error is the sum's
        }
        double[][] db = new double[2][];
        Precision[] precisions = {Precision.FP64, Precision.FP32};
        for (int p = 0; p < 2; p++) {
            try (KernelHarness h = new KernelHarness(g, batch, precisions[p], true)) {
                h.setInput(in, x);
                h.setParam("c.weight", w);
                h.setParam("c.bias", new double[3]);
                h.forward();
                h.backward(dy);
                db[p] = h.paramGrad("c.bias", 3);
            }
        }
        for (int f = 0; f < 3; f++) {
            double rel = Math.abs(db[1][f] - db[0][f]) / Math.abs(db[0][f]);
            assertTrue(rel < 1e-6, "filter " + f + ": fp32 " + db[1][f] + " vs fp64 " + db[0][f] + ", relative error "
                    + rel);
        }
    }
}
