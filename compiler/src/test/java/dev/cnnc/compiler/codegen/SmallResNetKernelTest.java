package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole-model check: a small ResNet-style graph (conv-BN-ReLU, a residual add, max
 * pooling, a strided conv, global pooling, dense, softmax cross-entropy) trained one step
 * on the device gives PyTorch's float64 loss, logits, gradients of every parameter and of the
 * input, BatchNorm running statistics, and then the eval-mode logits; oclgrind finds no invalid memory access or data race
 * or uninitialised read in its kernels; and no kernel reads a buffer before it is written
 * (every buffer starts as NaN, and the results stay exact).
 *
 * <p>oclgrind runs the kernels built with {@code -cl-opt-disable}: Debian's oclgrind 21.10
 * cannot check uninitialised values in optimised code (it stops with "Unsupported
 * instruction: freeze").
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class SmallResNetKernelTest {

    private static void compare(Map<String, double[]> torch, SmallResNet.Step step, double tolerance) {
        for (Map.Entry<String, double[]> e : step.values().entrySet()) {
            double[] expected = torch.get(e.getKey());
            assertTrue(expected != null, "no PyTorch value for " + e.getKey());
            OpCheck.assertClose(e.getKey(), expected, e.getValue(), tolerance, "small_resnet.cnn");
        }
        double loss = torch.get("loss")[0];
        assertEquals(loss, step.meanLoss(), tolerance * Math.abs(loss), "mean cross-entropy");
    }

    @Test
    void fp64TrainingStepMatchesPyTorch() {
        Map<String, double[]> torch = SmallResNet.torch();
        SmallResNet.Step step = SmallResNet.run(KernelHarness.device(), Precision.FP64);
        assertEquals(3 + 13 + 6, step.values().size(), step.values().keySet().toString());
        compare(torch, step, 1e-9);
    }

    @Test
    void fp32TrainingStepMatchesPyTorch() {
        Map<String, double[]> torch = SmallResNet.torch();
        compare(torch, SmallResNet.run(KernelHarness.device(), Precision.FP32), 1e-4);
    }

    @Test
    void noKernelReadsMemoryBeforeItIsWritten() {
        Map<String, double[]> torch = SmallResNet.torch();
        SmallResNet.Step poisoned = SmallResNet.run(KernelHarness.device(), Precision.FP64, true);
        for (Map.Entry<String, double[]> e : poisoned.values().entrySet()) {
            for (double v : e.getValue()) {
                assertTrue(Double.isFinite(v), e.getKey() + " has a non-finite value: a kernel read unwritten memory");
            }
        }
        compare(torch, poisoned, 1e-9);
    }

    /** The kernels chosen for GPUs (direct convolutions), with every oclgrind check. */
    @Test
    void oclgrindFindsNoInvalidAccessDataRaceOrUninitialisedReadInTheGpuKernels(@TempDir Path dir) {
        Oclgrind.assertClean(dir, SmallResNet.class, "-cl-opt-disable", "gpu");
    }

    /**
     * The kernels chosen for CPUs (implicit-GEMM convolutions), without oclgrind's
     * uninitialised-value check: Debian's oclgrind 21.10 crashes in it (SIGSEGV in
     * Uninitialized::instructionExecuted) on the widening shufflevectors clang emits at -O0 for
     * {@code (float16)(vload8(…), vload8(…))}, and, when those are built element by element, marks
     * lanes 8–15 of the vector literal uninitialised though every lane is stored. Reads of
     * unwritten memory by these kernels are caught by {@link #noKernelReadsMemoryBeforeItIsWritten}.
     */
    @Test
    void oclgrindFindsNoInvalidAccessOrDataRaceInTheCpuKernels(@TempDir Path dir) {
        Oclgrind.assertClean(dir, false, SmallResNet.class, "-cl-opt-disable");
    }
}
