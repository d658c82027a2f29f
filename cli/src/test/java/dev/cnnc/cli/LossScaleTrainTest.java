package dev.cnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.train.Trainer;
import dev.cnnc.train.io.HostTensor;
import dev.cnnc.train.io.Json;
import dev.cnnc.train.io.Safetensors;
import dev.cnnc.train.io.StateDict;
import dev.cnnc.train.optim.LossScaler;
import dev.cnnc.train.report.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `cnnc train` with {@code loss_scale} on a small conv net and a subset of Fashion-MNIST:
 * PyTorch GradScaler's semantics (an overflowing step is skipped and leaves the parameters and
 * optimizer state as they were, the scale backs off and grows), power-of-two scaling changes no
 * bit of the result, and a resumed run continues the scale and its growth tracker.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class LossScaleTrainTest {
    /** 2^127, the largest power of two in fp32: the scaled gradients' Σg² overflows to infinity. */
    static final double HUGE = Math.scalb(1.0, 127);

    private static Path model(Path dir, String train) throws IOException {
        Path file = dir.resolve("small.cnn");
        Files.writeString(file, """
                model Small {
                  input image: [1, 28, 28]
                  output logits = image -> conv(4, 3) as c1 -> relu -> maxpool(4) -> flatten -> dense(10) as fc
                  train {
                    data: "fashion-mnist"
                    %s
                  }
                }
                """.formatted(train));
        return file;
    }

    private static CliTest.Result train(Path model, Path run, String... more) {
        List<String> args = new ArrayList<>(List.of("train", model.toString(), "--batch", "32", "--test-limit", "64",
                "--seed", "3", "--run-dir", run.toString()));
        args.addAll(List.of(more));
        CliTest.Result r = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err() + r.out());
        return r;
    }

    private static void assertSameTensors(Path a, Path b) {
        StateDict x = Safetensors.read(a);
        StateDict y = Safetensors.read(b);
        assertEquals(x.names(), y.names());
        for (Map.Entry<String, HostTensor> e : x) {
            assertEquals(e.getValue(), y.require(e.getKey()), e.getKey() + " differs");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> scaler(Path checkpoint) throws Exception {
        return (Map<String, Object>) Json.parse(Safetensors.read(checkpoint).metadata().get(Trainer.SCALER));
    }

    private static String meta(Path checkpoint, String key) {
        return Safetensors.read(checkpoint).metadata().get(key);
    }

    /**
     * Power-of-two scaling is exact: the gradient seed, every backward product and sum, Σg², the
     * clipping norm √Σg²/(S·k) and grad_scale/S all scale by S without rounding, so the
     * parameters and optimizer state equal the unscaled run's bit for bit.
     */
    @Test
    void dynamicScalingChangesNoBitOfSgdWithMomentumAdamAccumulationClippingOrFp64(@TempDir Path dir)
            throws IOException {
        String[][] recipes = {
            {"optimizer: sgd(lr: 0.05, momentum: 0.9)", "--limit", "320"},
            {"optimizer: sgd(lr: 0.05, momentum: 0.9)\n    accumulate: 3\n    grad_clip: 0.5", "--limit", "576"},
            {"optimizer: adam(lr: 0.01)\n    grad_clip: 0.5", "--limit", "320"},
            {"optimizer: adam(lr: 0.01)\n    accumulate: 3\n    precision: fp64", "--limit", "576"},
        };
        for (int i = 0; i < recipes.length; i++) {
            Path m = model(Files.createDirectories(dir.resolve("m" + i)), recipes[i][0]);
            Path plain = dir.resolve("plain" + i);
            Path scaled = dir.resolve("scaled" + i);
            train(m, plain, "--epochs", "2", recipes[i][1], recipes[i][2]);
            CliTest.Result r = train(m, scaled, "--epochs", "2", recipes[i][1], recipes[i][2], "--loss-scale",
                    "dynamic");
            assertTrue(r.out().contains("loss scale dynamic(init: 65536, growth_factor: 2, backoff_factor: 0.5, "
                    + "growth_interval: 2000)"), r.out());
            assertSameTensors(plain.resolve("last.safetensors"), scaled.resolve("last.safetensors"));
            assertEquals(MetricsLog.readRun(plain).steps(), MetricsLog.readRun(scaled).steps(), recipes[i][0]);
            assertEquals("0", meta(scaled.resolve("last.safetensors"), Trainer.SKIPPED_STEPS));
        }
    }

    /** Every step overflows: none is taken, so the weights are the initial ones and the state zero. */
    @Test
    void anOverflowingStepIsSkippedLeavingParametersAndStateUntouched(@TempDir Path dir) throws Exception {
        Path m = model(dir, "optimizer: adam(lr: 0.01)");
        Path run = dir.resolve("run");
        CliTest.Result r = train(m, run, "--epochs", "1", "--limit", "320", "--loss-scale", "dynamic:" + HUGE);
        assertTrue(r.out().contains("(10 steps skipped: gradients not finite, scale backed off)"), r.out());
        assertTrue(r.out().contains("loss scale: 10 optimizer steps skipped over the run"), r.out());
        assertFalse(r.err().contains("diverged"), r.err());
        Path init = dir.resolve("init.safetensors");
        CliTest.Result i = CliTest.run("init", m.toString(), "-o", init.toString(), "--seed", "3");
        assertEquals(0, i.code(), i.err());
        StateDict fresh = Safetensors.read(init);
        StateDict last = Safetensors.read(run.resolve("last.safetensors"));
        for (Map.Entry<String, HostTensor> e : last) {
            if (e.getKey().startsWith("optimizer.")) {
                for (float v : e.getValue().toFloatArray()) {
                    assertEquals(0, Float.floatToRawIntBits(v), e.getKey() + " was updated");
                }
            } else {
                assertEquals(fresh.require(e.getKey()), e.getValue(), e.getKey() + " was updated");
            }
        }
        assertEquals("0", meta(run.resolve("last.safetensors"), "optimizer_steps"), "Adam's t did not advance");
        assertEquals("10", meta(run.resolve("last.safetensors"), Trainer.SKIPPED_STEPS));
        Map<String, Object> s = scaler(run.resolve("last.safetensors"));
        assertEquals(Math.scalb(1.0, 117), ((Number) s.get(LossScaler.SCALE)).doubleValue(), "halved 10 times");
        assertEquals(0, ((Number) s.get(LossScaler.GROWTH_TRACKER)).intValue());
        assertTrue(MetricsLog.readRun(run).steps().isEmpty(), "steps.csv lists the steps taken");
    }

    /** From 2^127 the scale halves at every skipped step until the gradients fit, then training goes on. */
    @Test
    void theScaleHalvesUntilAStepSucceeds(@TempDir Path dir) throws Exception {
        Path m = model(dir, "optimizer: sgd(lr: 0.05, momentum: 0.9)");
        Path run = dir.resolve("run");
        train(m, run, "--epochs", "1", "--limit", "3200", "--loss-scale", "dynamic:" + HUGE);
        Path last = run.resolve("last.safetensors");
        int skipped = Integer.parseInt(meta(last, Trainer.SKIPPED_STEPS));
        // In fp32 Σ(S·g)² overflows once S·‖g‖ passes about 2^64: some 60 halvings from 2^127.
        assertTrue(skipped > 10 && skipped < 100, "skipped " + skipped);
        int taken = 100 - skipped;
        assertEquals(Integer.toString(taken), meta(last, "optimizer_steps"));
        assertEquals(taken, MetricsLog.readRun(run).steps().size());
        Map<String, Object> s = scaler(last);
        assertEquals(Math.scalb(HUGE, -skipped), ((Number) s.get(LossScaler.SCALE)).doubleValue());
        // every skip halved it and nothing grew it (growth_interval 2000)
        int tracker = ((Number) s.get(LossScaler.GROWTH_TRACKER)).intValue();
        assertTrue(tracker >= 1 && tracker <= taken, "finite steps since the last skip: " + tracker);
    }

    /** With growth_interval 3 the scale doubles after every 3 finite steps (the train section's option). */
    @Test
    void theScaleGrowsAfterGrowthIntervalFiniteSteps(@TempDir Path dir) throws Exception {
        Path m = model(dir, "optimizer: sgd(lr: 0.05)\n    loss_scale: dynamic(init: 1024, growth_interval: 3)");
        Path run = dir.resolve("run");
        CliTest.Result r = train(m, run, "--epochs", "1", "--limit", "320");
        assertTrue(r.out().contains("loss scale 8192"), r.out()); // 10 steps: grown after 3, 6 and 9
        Map<String, Object> s = scaler(run.resolve("last.safetensors"));
        assertEquals(8192.0, ((Number) s.get(LossScaler.SCALE)).doubleValue());
        assertEquals(1, ((Number) s.get(LossScaler.GROWTH_TRACKER)).intValue());
        assertEquals(3, ((Number) s.get(LossScaler.GROWTH_INTERVAL)).intValue());
        assertEquals(2.0, ((Number) s.get(LossScaler.GROWTH_FACTOR)).doubleValue());
        assertEquals(0.5, ((Number) s.get(LossScaler.BACKOFF_FACTOR)).doubleValue());
    }

    /** 1 epoch and --resume for 1 more equals 2 epochs, the scale, its tracker and the skipped steps included. */
    @Test
    void aResumedRunContinuesTheScaleAndItsTracker(@TempDir Path dir) throws Exception {
        // 1e21 overflows the first few steps, then grows after 7 finite ones: the tracker is mid-count at the
        // epoch's end
        Path m = model(dir, "optimizer: adam(lr: 0.01)\n    loss_scale: dynamic(init: 1e21, growth_interval: 7)");
        Path full = dir.resolve("full");
        Path resumed = dir.resolve("resumed");
        train(m, full, "--epochs", "2", "--limit", "640");
        train(m, resumed, "--epochs", "1", "--limit", "640");
        Map<String, Object> mid = scaler(resumed.resolve("last.safetensors"));
        assertTrue(((Number) mid.get(LossScaler.GROWTH_TRACKER)).intValue() > 0, mid.toString());
        CliTest.Result r = train(m, resumed, "--epochs", "2", "--limit", "640", "--resume");
        assertTrue(r.out().contains("; loss scale " + LossScaler.format(((Number) mid.get(LossScaler.SCALE))
                .doubleValue())), r.out());
        assertSameTensors(full.resolve("last.safetensors"), resumed.resolve("last.safetensors"));
        assertEquals(scaler(full.resolve("last.safetensors")), scaler(resumed.resolve("last.safetensors")));
        for (String key : new String[] {Trainer.SKIPPED_STEPS, "optimizer_steps"}) {
            assertEquals(meta(full.resolve("last.safetensors"), key), meta(resumed.resolve("last.safetensors"), key),
                    key);
        }
        assertTrue(Integer.parseInt(meta(full.resolve("last.safetensors"), Trainer.SKIPPED_STEPS)) > 0,
                "the run skipped steps");
        assertEquals(MetricsLog.readRun(full).steps(), MetricsLog.readRun(resumed).steps());
    }

    /**
     * Mixed precision: activation gradients are stored as fp16, whose largest value is 65504, so
     * a scale of 2^40 overflows them (to infinity) long before fp32's Σg² would: every step of the
     * run is skipped, the parameters and optimizer state are the initial ones, and the scale
     * halved once per step.
     */
    @Test
    void inMixedPrecisionAnFp16OverflowSkipsTheStep(@TempDir Path dir) throws Exception {
        Path m = model(dir, "optimizer: adam(lr: 0.01)\n    precision: mixed");
        Path run = dir.resolve("run");
        CliTest.Result r = train(m, run, "--epochs", "1", "--limit", "320", "--loss-scale", "dynamic:" + Math.scalb(1.0,
                40));
        assertTrue(r.out().contains("(10 steps skipped: gradients not finite, scale backed off)"), r.out());
        Path init = dir.resolve("init.safetensors");
        assertEquals(0, CliTest.run("init", m.toString(), "-o", init.toString(), "--seed", "3").code());
        StateDict fresh = Safetensors.read(init);
        for (Map.Entry<String, HostTensor> e : Safetensors.read(run.resolve("last.safetensors"))) {
            if (e.getKey().startsWith("optimizer.")) {
                for (float v : e.getValue().toFloatArray()) {
                    assertEquals(0, Float.floatToRawIntBits(v), e.getKey() + " was updated");
                }
            } else {
                assertEquals(fresh.require(e.getKey()), e.getValue(), e.getKey() + " was updated");
            }
        }
        assertEquals(Math.scalb(1.0, 30), ((Number) scaler(run.resolve("last.safetensors")).get(LossScaler.SCALE))
                .doubleValue(), "halved 10 times");
    }

    /**
     * precision: mixed turns on dynamic loss scaling with GradScaler's defaults (init 65536), and
     * a mixed run of 1 epoch then --resume for 1 more equals 2 epochs bit for bit.
     */
    @Test
    void aResumedMixedRunEqualsAnUninterruptedOne(@TempDir Path dir) throws Exception {
        Path m = model(dir, "optimizer: sgd(lr: 0.05, momentum: 0.9)\n    precision: mixed");
        Path full = dir.resolve("full");
        Path resumed = dir.resolve("resumed");
        CliTest.Result f = train(m, full, "--epochs", "2", "--limit", "640");
        assertTrue(f.out().contains("loss scale dynamic(init: 65536, growth_factor: 2, backoff_factor: 0.5, "
                + "growth_interval: 2000)"), f.out());
        train(m, resumed, "--epochs", "1", "--limit", "640");
        train(m, resumed, "--epochs", "2", "--limit", "640", "--resume");
        assertSameTensors(full.resolve("last.safetensors"), resumed.resolve("last.safetensors"));
        assertEquals(scaler(full.resolve("last.safetensors")), scaler(resumed.resolve("last.safetensors")));
        assertEquals(MetricsLog.readRun(full).steps(), MetricsLog.readRun(resumed).steps());
        // and it is not the fp32 run: fp16 storage rounds
        Path fp32 = dir.resolve("fp32");
        train(m, fp32, "--epochs", "2", "--limit", "640", "--precision", "fp32");
        assertFalse(Safetensors.read(fp32.resolve("last.safetensors")).require("fc.weight")
                .equals(Safetensors.read(full.resolve("last.safetensors")).require("fc.weight")));
    }

    @Test
    void aMalformedLossScaleIsAUsageError(@TempDir Path dir) throws IOException {
        Path m = model(dir, "optimizer: sgd(lr: 0.05)");
        CliTest.Result r = CliTest.run("train", m.toString(), "--loss-scale", "static", "--run-dir",
                dir.resolve("run").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--loss-scale: `static` is not a loss scale: give none, dynamic, dynamic:INIT"),
                r.err());
    }
}
