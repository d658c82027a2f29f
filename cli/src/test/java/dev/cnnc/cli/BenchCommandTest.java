package dev.cnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `cnnc bench` runs generated kernels on the OpenCL device (PoCL in CI) and profiles them. */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
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
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "([0-9.]+) ms per step, [0-9.]+ images/s \\(median of 3 steps: min ([0-9.]+), mean ([0-9.]+) ms; ")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        double median = Double.parseDouble(m.group(1));
        double min = Double.parseDouble(m.group(2));
        double mean = Double.parseDouble(m.group(3));
        assertTrue(min > 0 && min <= median && 3 * mean >= 2 * median + min - 1e-2, r.out());
        assertTrue(r.out().matches("(?s).*kernels ran [0-9.]+ ms of [0-9.]+ ms per step while profiled.*"), r.out());
        for (String phase : new String[] {"  forward  ", "  backward  ", "  optimizer  "}) {
            assertTrue(r.out().contains(phase), phase + " in\n" + r.out());
        }
        // issue 18, item 11: FLOPs as info counts them (one per multiply-add), 3x the forward for a training step
        assertTrue(r.out().contains("0.00 GFLOP per step (3x forward, as `info` counts: one per multiply-add)"), r.out());
        assertTrue(r.out().matches("(?s).*device peak \\d+\\.\\d GFLOP/s measured \\(FMA loop\\): \\d+\\.\\d% of peak.*"),
                r.out());
        // fc1's ReLU is fused into its GEMM's store (fuse_epilogue); its backward is the epilogue's.
        assertTrue(r.out().contains("graph passes: fuse_epilogue, fuse_relu, fuse_batchnorm_statistics, fuse_elementwise"), r.out());
        // kernels are named for their family and a hash of their text
        for (String kernel : new String[] {"dense_\\w{8}_transpose", "gemm_\\w{8}_gemm", "dense_\\w{8}_backward_bias",
                "epilogue_\\w{8}_backward", "softmax_cross_entropy_\\w{8}_forward_backward", "optim_sgd_\\w{8}_tensors16"}) {
            assertTrue(java.util.regex.Pattern.compile(kernel).matcher(r.out()).find(), kernel + " in\n" + r.out());
        }
        assertTrue(!r.out().contains("pointwise_"), r.out());
    }

    @Test
    void passesSwitchOffByName(@TempDir Path dir) throws IOException {
        CliTest.Result r = CliTest.run("bench", mlp(dir).toString(), "--batch", "4", "--iterations", "1", "--profile",
                "--device", "cpu", "--disable-pass", "fuse_epilogue");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("graph passes: fold_batchnorm, fuse_relu, fuse_elementwise"), r.out());
        assertTrue(java.util.regex.Pattern.compile("pointwise_\\w{8}_forward").matcher(r.out()).find(), r.out());
        CliTest.Result none = CliTest.run("bench", mlp(dir).toString(), "--batch", "4", "--iterations", "1",
                "--device", "cpu", "--no-fusion");
        assertEquals(0, none.code(), none.err());
        assertTrue(none.out().contains("graph passes: none"), none.out());
        CliTest.Result bad = CliTest.run("bench", mlp(dir).toString(), "--disable-pass", "fuse_all");
        assertEquals(2, bad.code());
        assertEquals("cnnc bench: --disable-pass: no pass named `fuse_all`; the passes are [fold_batchnorm, "
                + "fuse_epilogue, fuse_relu, fuse_batchnorm_statistics, fuse_elementwise]\n", bad.err());
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, BenchCommand.median(new double[] {1, 2, 7}));
        assertEquals(2.5, BenchCommand.median(new double[] {1, 2, 3, 9}));
        assertEquals(4.0, BenchCommand.median(new double[] {4}));
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
