package dev.cnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.train.Checkpoints;
import dev.cnnc.train.io.HostTensor;
import dev.cnnc.train.io.Safetensors;
import dev.cnnc.train.io.StateDict;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two files a training run writes: {@code best.safetensors} is exactly the PyTorch twin's
 * state_dict (names, shapes, dtypes; {@code num_batches_tracked} int64) with cnnc's facts in
 * the header's metadata only, so {@code load_state_dict(strict=True)} takes it;
 * {@code last.safetensors} adds the optimizer state that {@code --resume} needs. The twin's
 * state_dict listing, {@code interop/strict_bn_state_dict.txt}, is made by
 * {@code interop/make_strict_fixture.py}, which also loads a cnnc-written file with
 * strict=True (tests do not run Python).
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class CheckpointFormatTest {
    static final Path FIX = CliTest.ROOT.resolve("cli/src/test/resources/interop");
    static final String MODEL = FIX.resolve("strict_bn.cnn").toString();

    @TempDir
    static Path shared;

    static Path run;

    @BeforeAll
    static void trainOneShortEpoch() {
        run = shared.resolve("run");
        CliTest.Result r = CliTest.run("train", MODEL, "--epochs", "1", "--limit", "64", "--test-limit", "64",
                "--run-dir", run.toString());
        assertEquals(0, r.code(), r.err() + r.out());
    }

    /** {@code name DTYPE [d0, d1]} per tensor, sorted by name: the fixture's format. */
    static String describe(StateDict d) {
        StringBuilder s = new StringBuilder();
        for (String name : d.names().stream().sorted().toList()) {
            HostTensor t = d.require(name);
            s.append(name).append(' ').append(t.dtype().safetensorsName()).append(' ')
                    .append(Arrays.stream(t.shape()).mapToObj(Long::toString).collect(Collectors.joining(", ", "[", "]")))
                    .append('\n');
        }
        return s.toString();
    }

    @Test
    void bestIsExactlyThePyTorchStateDict() throws IOException {
        StateDict best = Safetensors.read(run.resolve("best.safetensors"));
        assertEquals(Files.readString(FIX.resolve("strict_bn_state_dict.txt")), describe(best),
                "best.safetensors' tensors against the PyTorch twin's state_dict (make_strict_fixture.py)");
        Map<String, String> meta = best.metadata();
        assertEquals(Checkpoints.WEIGHTS_FORMAT, meta.get("format"));
        assertEquals("StrictBn", meta.get("model"));
        assertEquals("1", meta.get("epoch"));
        assertEquals("[0.286]", meta.get("mean"));
        assertEquals("[0.353]", meta.get("std"));
        assertEquals(10, Checkpoints.classes(meta).size());
        assertEquals("Ankle boot", Checkpoints.classes(meta).get(9));
    }

    @Test
    void lastAddsTheOptimizerStateToTheSameWeights() {
        StateDict best = Safetensors.read(run.resolve("best.safetensors"));
        StateDict last = Safetensors.read(run.resolve("last.safetensors"));
        assertEquals(Checkpoints.CHECKPOINT_FORMAT, last.metadata().get("format"));
        assertEquals("2", last.metadata().get("optimizer_steps"));
        List<String> expected = new ArrayList<>(best.names());
        for (String p : List.of("conv1.weight", "conv1.bias", "bn1.weight", "bn1.bias", "fc.weight", "fc.bias")) {
            expected.add(Checkpoints.OPTIMIZER_PREFIX + p + ".exp_avg"); // adam's state, PyTorch's names
            expected.add(Checkpoints.OPTIMIZER_PREFIX + p + ".exp_avg_sq");
        }
        assertEquals(expected.stream().sorted().toList(), last.names().stream().sorted().toList());
        for (String name : best.names()) {
            assertEquals(best.require(name), last.require(name), name + ": one epoch, so best and last agree");
        }
    }

    @Test
    void everyReaderTakesBothFilesAndOldCheckpoints(@TempDir Path dir) throws IOException {
        // Before weights-only best.safetensors, it held the optimizer state too, as last.safetensors does.
        Path old = dir.resolve("old-best.safetensors");
        Files.copy(run.resolve("last.safetensors"), old);
        Path image = dir.resolve("a.png");
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(10, 12, 0, 220);
        ImageIO.write(img, "png", image.toFile());
        String evalOut = null;
        String predictOut = null;
        for (Path weights : List.of(run.resolve("best.safetensors"), run.resolve("last.safetensors"), old)) {
            CliTest.Result eval = CliTest.run("eval", MODEL, "--weights", weights.toString(), "--limit", "64");
            assertEquals(0, eval.code(), weights + ": " + eval.err());
            assertTrue(eval.out().contains("samples 64   top-1 "), eval.out());
            evalOut = evalOut == null ? eval.out() : evalOut;
            assertEquals(evalOut, eval.out(), weights + ": the same weights, the same evaluation");
            CliTest.Result predict = CliTest.run("predict", MODEL, "--weights", weights.toString(), image.toString());
            assertEquals(0, predict.code(), weights + ": " + predict.err());
            predictOut = predictOut == null ? predict.out() : predictOut;
            assertEquals(predictOut, predict.out(), weights + ": the same weights, the same prediction");
        }
    }

    @Test
    void resumingNeedsTheOptimizerStateOfLast(@TempDir Path dir) throws IOException {
        Path weightsOnly = Files.createDirectories(dir.resolve("weights-only"));
        Files.copy(run.resolve("best.safetensors"), weightsOnly.resolve("last.safetensors"));
        CliTest.Result refused = CliTest.run("train", MODEL, "--epochs", "2", "--limit", "64", "--test-limit", "64",
                "--run-dir", weightsOnly.toString(), "--resume");
        assertEquals(1, refused.code(), refused.err() + refused.out());
        assertTrue(refused.err().contains("holds weights only, no optimizer state"), refused.err());
        assertFalse(refused.err().contains("Exception"), refused.err());

        Path resumed = Files.createDirectories(dir.resolve("resumed"));
        for (String f : new String[] {"last.safetensors", "best.safetensors", "metrics.csv", "steps.csv"}) {
            Files.copy(run.resolve(f), resumed.resolve(f));
        }
        CliTest.Result r = CliTest.run("train", MODEL, "--epochs", "2", "--limit", "64", "--test-limit", "64",
                "--run-dir", resumed.toString(), "--resume");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("resuming after epoch 1 (optimizer step 2)"), r.out());
        assertEquals("2", Safetensors.read(resumed.resolve("last.safetensors")).metadata().get("epoch"));
    }
}
