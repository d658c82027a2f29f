package dev.cnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.train.io.HostTensor;
import dev.cnnc.train.io.Safetensors;
import dev.cnnc.train.io.StateDict;
import dev.cnnc.train.report.MetricsLog;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --weights}: a run starts from pretrained weights (those that fit by name and
 * shape), reporting missing, unexpected and mis-shaped tensors as PyTorch's
 * {@code load_state_dict(strict=False)} does.
 */
@Tag("device")
class PretrainedTest {
    static final String MODEL = TrainCommandTest.MODEL;

    @TempDir
    static Path shared;

    static Path base;

    @BeforeAll
    static void trainABaseModel() {
        base = shared.resolve("base");
        CliTest.Result r = CliTest.run("train", MODEL, "--epochs", "1", "--batch", "32", "--limit", "3200",
                "--test-limit", "500", "--seed", "5", "--optimizer", "adam", "--lr", "0.001", "--run-dir", base.toString());
        assertEquals(0, r.code(), r.err() + r.out());
    }

    private static double firstEpochAccuracy(Path run) {
        return MetricsLog.readCsv(run.resolve("metrics.csv")).epochs().get(0).testAccuracy();
    }

    @Test
    void weightsOfTheSameModelContinueFromThem() {
        Path run = shared.resolve("continued");
        CliTest.Result r = CliTest.run("train", MODEL, "--epochs", "1", "--batch", "32", "--limit", "64",
                "--test-limit", "500", "--seed", "6", "--lr", "0.001", "--run-dir", run.toString(), "--weights",
                base.resolve("last.safetensors").toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("loaded 10 of 10 tensors from"), r.out());
        // two small SGD steps from scratch stay near chance (10%); from the base model's weights near its accuracy
        double had = firstEpochAccuracy(base);
        assertTrue(had > 0.5, "the base model's accuracy " + had);
        assertTrue(firstEpochAccuracy(run) > had - 0.1, "accuracy " + firstEpochAccuracy(run) + " after the base's "
                + had + "\n" + r.out());
        Path scratch = shared.resolve("scratch");
        CliTest.Result s = CliTest.run("train", MODEL, "--epochs", "1", "--batch", "32", "--limit", "64",
                "--test-limit", "500", "--seed", "6", "--lr", "0.001", "--run-dir", scratch.toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(firstEpochAccuracy(run) > firstEpochAccuracy(scratch) + 0.2,
                firstEpochAccuracy(run) + " vs " + firstEpochAccuracy(scratch));
    }

    @Test
    void anotherNumberOfClassesIsReportedAndTrainingRuns() {
        StateDict d = Safetensors.read(base.resolve("last.safetensors"));
        StateDict other = new StateDict();
        for (Map.Entry<String, HostTensor> e : d) {
            if (!e.getKey().startsWith("optimizer.") && !e.getKey().startsWith("f3.")) {
                other.put(e.getKey(), e.getValue());
            }
        }
        other.put("f3.weight", HostTensor.ofFloats(new long[] {5, 84}, new float[5 * 84]));
        other.put("f3.bias", HostTensor.ofFloats(new long[] {5}, new float[5]));
        other.put("head.extra", HostTensor.ofFloats(new long[] {3}, new float[3]));
        Path file = shared.resolve("five_classes.safetensors");
        Safetensors.write(file, other);
        Path run = shared.resolve("five");
        CliTest.Result r = CliTest.run("train", MODEL, "--epochs", "1", "--batch", "32", "--limit", "64",
                "--test-limit", "100", "--run-dir", run.toString(), "--weights", file.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("loaded 8 of 10 tensors from"), r.out());
        assertTrue(r.out().contains("f3.weight (file [5, 84], model [10, 84])"), r.out());
        assertTrue(r.out().contains("f3.bias (file [5], model [10])"), r.out());
        assertTrue(r.out().contains("unexpected keys (in the file, not in the model; ignored): head.extra"), r.out());
        assertTrue(r.out().contains("test accuracy"), r.out());
    }

    @Test
    void aFileWithNothingThatFitsIsAnError() {
        Path file = shared.resolve("unrelated.safetensors");
        Safetensors.write(file, Map.of("encoder.weight", HostTensor.ofFloats(new long[] {2}, new float[2])));
        CliTest.Result r = CliTest.run("train", MODEL, "--epochs", "1", "--batch", "32", "--limit", "64",
                "--test-limit", "100", "--run-dir", shared.resolve("none").toString(), "--weights", file.toString());
        assertEquals(1, r.code(), r.err() + r.out());
        assertTrue(r.err().contains("no tensor fits the model"), r.err());
        assertTrue(r.err().contains("encoder.weight"), r.err());
    }

    @Test
    void weightsWithResumeIsAUsageError() {
        CliTest.Result r = CliTest.run("train", MODEL, "--run-dir", base.toString(), "--resume", "--weights",
                base.resolve("last.safetensors").toString());
        assertEquals(2, r.code(), r.err() + r.out());
        assertTrue(r.err().contains("--weights"), r.err());
    }

    /** The sample model with {@code entry} added to its train section, written to {@code name}. */
    static Path withTrainEntry(String name, String entry) throws java.io.IOException {
        String src = java.nio.file.Files.readString(Path.of(MODEL));
        Path f = shared.resolve(name);
        java.nio.file.Files.writeString(f, src.replace("    batch: 64\n", "    batch: 64\n" + entry + "\n"));
        return f;
    }

    @Test
    void frozenLayersKeepTheirWeightsBitForBit() throws java.io.IOException {
        Path model = withTrainEntry("frozen.cnn", "    freeze: [c1]");
        Path start = shared.resolve("start.safetensors");
        CliTest.Result init = CliTest.run("init", model.toString(), "-o", start.toString(), "--seed", "7");
        assertEquals(0, init.code(), init.err() + init.out());
        Path run = shared.resolve("frozen");
        CliTest.Result r = CliTest.run("train", model.toString(), "--epochs", "1", "--batch", "32", "--limit", "320",
                "--test-limit", "100", "--seed", "7", "--optimizer", "adamw", "--run-dir", run.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("(61,706 parameters, 156 of them frozen)"), r.out());
        CliTest.Result info = CliTest.run("info", model.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("parameters          61,550 trainable, 156 frozen"), info.out());
        StateDict before = Safetensors.read(start);
        StateDict after = Safetensors.read(run.resolve("last.safetensors"));
        for (String name : new String[] {"c1.weight", "c1.bias"}) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(before.require(name).toFloatArray(),
                    after.require(name).toFloatArray(), name + " is frozen");
        }
        for (String name : new String[] {"c2.weight", "c2.bias", "f1.weight", "f3.weight", "f3.bias"}) {
            assertTrue(!java.util.Arrays.equals(before.require(name).toFloatArray(),
                    after.require(name).toFloatArray()), name + " is trained");
        }
        // no optimizer state for a frozen parameter, as PyTorch keeps none for one without a gradient
        assertTrue(!after.contains("optimizer.c1.weight.exp_avg"), after.names().toString());
        assertTrue(after.contains("optimizer.c2.weight.exp_avg"), after.names().toString());
    }

    @Test
    void anUnknownLayerToFreezeIsALocatedError() throws java.io.IOException {
        Path model = withTrainEntry("typo.cnn", "    freeze: [c1, fc3]");
        CliTest.Result r = CliTest.run("check", model.toString());
        assertEquals(1, r.code(), r.err() + r.out());
        assertTrue(r.err().contains("typo.cnn:20:18: error: `fc3` names no layer with trainable parameters"), r.err());
        assertTrue(r.err().contains("did you mean `f3`?"), r.err());
    }

    /**
     * A block instance's name freezes every parameter under it (with weight decay, which a frozen
     * parameter does not get either); its BatchNorm layers still normalise with the batch's
     * statistics and update their running statistics in training, as PyTorch's do with
     * requires_grad=False.
     */
    @Test
    void aBlockInstanceFreezesEverythingUnderIt() throws java.io.IOException {
        Path model = shared.resolve("blocks.cnn");
        java.nio.file.Files.writeString(model, """
                import blocks.common

                model Staged {
                  input image: [1, 28, 28]
                  output logits = image
                    -> ConvBnRelu(4) * 2 as stage1 -> maxpool(2)
                    -> ConvBnRelu(8) as stage2
                    -> global_avgpool -> flatten -> dense(10) as head
                  train {
                    optimizer: sgd(lr: 0.1, momentum: 0.9, weight_decay: 0.01)
                    batch: 32
                    data: "fashion-mnist"
                    freeze: [stage1]
                  }
                }
                """);
        Path start = shared.resolve("staged_start.safetensors");
        CliTest.Result init = CliTest.run("init", model.toString(), "-o", start.toString(), "--seed", "3");
        assertEquals(0, init.code(), init.err() + init.out());
        Path run = shared.resolve("staged");
        CliTest.Result r = CliTest.run("train", model.toString(), "--epochs", "1", "--limit", "128",
                "--test-limit", "64", "--seed", "3", "--run-dir", run.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        StateDict before = Safetensors.read(start);
        StateDict after = Safetensors.read(run.resolve("last.safetensors"));
        int frozen = 0;
        for (String name : before.names()) {
            boolean same = java.util.Arrays.equals(before.require(name).toFloatArray(),
                    after.require(name).toFloatArray());
            boolean statistics = name.contains("running_") || name.endsWith("num_batches_tracked");
            if (name.startsWith("stage1.") && !statistics) {
                assertTrue(same, name + " is frozen");
                frozen++;
            } else if (name.startsWith("stage2.conv") || name.startsWith("head.") || statistics) {
                assertTrue(!same, name + " changes");
            }
        }
        assertEquals(6, frozen, before.names().toString()); // 2 × (conv.weight, bn.weight, bn.bias)
    }
}
