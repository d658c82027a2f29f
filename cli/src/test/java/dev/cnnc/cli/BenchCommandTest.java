package dev.cnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `cnnc bench` runs generated kernels on the OpenCL device (PoCL in CI) and profiles them. */
class BenchCommandTest {

    static Path mlp(Path dir) throws IOException {
        Path f = dir.resolve("mlp.cnn");
        Files.writeString(f, "model Mlp { input x: [20]  output y = x -> dense(16) as fc1 -> relu -> dense(4) as fc2 }\n");
        return f;
    }

    @Test
    void timesATrainingStepAndProfilesEveryKernel(@TempDir Path dir) throws IOException {
        CliTest.Result r = CliTest.run("bench", mlp(dir).toString(), "--batch", "4", "--train", "--iterations", "3",
                "--profile", "--device", "cpu");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("batch 4, fp32, training step (sgd(lr=0.01"), r.out());
        assertTrue(r.out().contains("images/s"), r.out());
        for (String phase : new String[] {"  forward  ", "  backward  ", "  optimizer  "}) {
            assertTrue(r.out().contains(phase), phase + " in\n" + r.out());
        }
        // 20*16 + 16*4 = 384 multiply-adds per sample forward: 2 * 3 * 384 * 4 FLOPs per training step.
        assertTrue(r.out().contains("0.00 GFLOP per step (3x forward, 2 per multiply-add)"), r.out());
        assertTrue(r.out().matches("(?s).*device peak \\d+\\.\\d GFLOP/s measured \\(FMA loop\\): \\d+\\.\\d% of peak.*"),
                r.out());
        for (String kernel : new String[] {"k_fc1__dense_transpose", "k_fc1__gemm_gemm", "k_fc1__dense_backward_bias",
                "k_relu1__pointwise_backward", "k_loss__softmax_cross_entropy_forward_backward", "optim_sgd"}) {
            assertTrue(r.out().contains(kernel), kernel + " in\n" + r.out());
        }
    }

    @Test
    void rejectsBadOptionsWithUsageErrors(@TempDir Path dir) throws IOException {
        assertEquals(2, CliTest.run("bench", mlp(dir).toString(), "--precision", "fp8").code());
        CliTest.Result r = CliTest.run("bench", mlp(dir).toString(), "--device", "no-such-device-name");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no-such-device-name"), r.err());
        assertEquals(2, CliTest.run("bench", mlp(dir).toString(), "--batch", "0").code());
    }
}
