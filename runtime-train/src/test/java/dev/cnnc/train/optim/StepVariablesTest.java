package dev.cnnc.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cnnc.runtime.opencl.ClDevice;
import dev.cnnc.runtime.opencl.ClException;
import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.runtime.opencl.Program;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The host's values for the optimizer phases, and that they reach kernels under the compiler's names. */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class StepVariablesTest {

    @Test
    void namesAreTheCompilersContract() {
        // The compiler's OptimizerLowering emits these names; this module cannot see it, so both pin them.
        assertEquals("lr", StepVariables.LR);
        assertEquals("grad_scale", StepVariables.GRAD_SCALE);
        assertEquals("adam_step_size", StepVariables.ADAM_STEP_SIZE);
        assertEquals("adam_bias_correction2_sqrt", StepVariables.ADAM_BIAS_CORRECTION2_SQRT);
        assertEquals("optimizer.grad_norm_sq", StepVariables.GRAD_NORM_SQ_BUFFER);
        assertEquals(List.of("zero_optimizer_state", "grad_norm", "optimizer"), List.of(
                StepVariables.ZERO_OPTIMIZER_STATE, StepVariables.GRAD_NORM, StepVariables.OPTIMIZER));
        assertEquals("optimizer.layer1.0.conv1.weight.exp_avg_sq",
                StepVariables.stateBufferName("layer1.0.conv1.weight", "exp_avg_sq"));
    }

    @Test
    void adamCorrections() {
        // t=1: 1 - 0.9 = 0.1; t=2: 1 - 0.81 = 0.19; t=3: 1 - 0.729 = 0.271.
        assertEquals(0.01 / 0.1, StepVariables.adamStepSize(0.01, 0.9, 1), 1e-15);
        assertEquals(0.01 / 0.19, StepVariables.adamStepSize(0.01, 0.9, 2), 1e-15);
        assertEquals(0.01 / 0.271, StepVariables.adamStepSize(0.01, 0.9, 3), 1e-15);
        assertEquals(Math.sqrt(0.001), StepVariables.adamBiasCorrection2Sqrt(0.999, 1), 1e-15);
        assertEquals(Math.sqrt(0.002997001), StepVariables.adamBiasCorrection2Sqrt(0.999, 3), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> StepVariables.adamStepSize(0.01, 0.9, 0));
    }

    @Test
    void clippingAndAccumulation() {
        assertEquals(5 / (10 + 1e-6), StepVariables.clipFactor(10, 5), 0.0);
        assertEquals(1.0, StepVariables.clipFactor(1, 5), 0.0, "below the threshold: unchanged");
        assertEquals(1.0, StepVariables.clipFactor(5 - 2e-6, 5), 0.0);
        assertEquals(0.25, StepVariables.gradScale(1e6, 4, 0), 0.0, "no clipping: the mean of 4 batches");
        // Summed gradients of norm 20 over 4 batches: the mean has norm 5; clipped to 2.5.
        assertEquals(2.5 / (5 + 1e-6) / 4, StepVariables.gradScale(400, 4, 2.5), 1e-17);
        assertEquals(0.25, StepVariables.gradScale(400, 4, 6), 0.0, "mean norm 5 < 6: not clipped");
        assertEquals(2.5 / (20 + 1e-6), StepVariables.gradScale(400, 1, 2.5), 1e-17);
        assertEquals(1.0, StepVariables.gradScale(400, 1, Double.NaN), 0.0);
        assertThrows(IllegalArgumentException.class, () -> StepVariables.gradScale(1, 0, 1));
    }

    /**
     * A stand-in for a lowered program (this module cannot use the compiler): grad_norm writes a
     * known Σg², the optimizer phase copies its scalar arguments out, so the names and types the
     * host sets are the ones kernels receive.
     */
    static Program program(boolean fp64) {
        String real = fp64 ? "double" : "float";
        String src = (fp64 ? "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n" : "") + "typedef " + real + " real;\n"
                + "__kernel void norm(__global real* t) { t[0] = (real)6.25; }\n"
                + "__kernel void opt(__global real* out, const real lr, const real gs, const real ss, const real bc) {"
                + " out[0] = lr; out[1] = gs; out[2] = ss; out[3] = bc; }\n";
        int bytes = fp64 ? 8 : 4;
        Program.Variable.Type t = fp64 ? Program.Variable.Type.DOUBLE : Program.Variable.Type.FLOAT;
        return new Program("stand_in.cl", src, "", List.of(new Program.Buffer("optimizer.grad_norm_sq", bytes),
                new Program.Buffer("out", 4L * bytes)), Map.of(
                StepVariables.GRAD_NORM, List.of(new Program.Launch("norm", List.of(new Program.BufferRef(0)),
                        new long[] {1}, null)),
                StepVariables.OPTIMIZER, List.of(new Program.Launch("opt", List.of(new Program.BufferRef(1),
                        new Program.Variable("lr", t), new Program.Variable("grad_scale", t),
                        new Program.Variable("adam_step_size", t), new Program.Variable("adam_bias_correction2_sqrt", t)),
                        new long[] {1}, null))));
    }

    static ClDevice device() {
        try {
            return ClDevice.open((String) null);
        } catch (ClException e) {
            return fail("this test needs an OpenCL device (PoCL: apt-get install -y pocl-opencl-icd) and found none:\n"
                    + e.getMessage());
        }
    }

    @Test
    void setsWhatTheKernelsRead() {
        try (ClDevice d = device()) {
            for (boolean fp64 : new boolean[] {true, false}) {
                try (Executor ex = new Executor(d, program(fp64))) {
                    assertEquals(6.25, StepVariables.gradSumOfSquares(ex), 0.0);
                    StepVariables.set(ex, "adam", 0.9, 0.999, 2, 0.01, 0.5);
                    ex.run(StepVariables.OPTIMIZER);
                    double[] out = new double[4];
                    if (fp64) {
                        ex.buffer("out").read(out);
                    } else {
                        float[] f = new float[4];
                        ex.buffer("out").read(f);
                        for (int i = 0; i < 4; i++) {
                            out[i] = f[i];
                        }
                    }
                    double[] want = {0.01, 0.5, 0.01 / (1 - Math.pow(0.9, 2)), Math.sqrt(1 - Math.pow(0.999, 2))};
                    for (int i = 0; i < 4; i++) {
                        assertEquals(fp64 ? want[i] : (float) want[i], out[i], 0.0, "argument " + i + " fp64 " + fp64);
                    }
                }
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> StepVariables.set(null, "rmsprop", 0, 0, 1, 0.1, 1));
    }
}
