package dev.cnnc.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Value;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model of {@code stdlib/models} compiles without a single diagnostic and has exactly
 * the trainable parameter count of the architecture it reproduces.
 */
class StdlibModelsTest {

    /** Expected trainable parameters ({@code sum(p.numel() for p in model.parameters())}) and where the number comes from. */
    record Expected(long parameters, String source) {
    }

    static final Map<String, Expected> EXPECTED = Map.ofEntries(
            Map.entry("lenet5", new Expected(61_706L,
                    "LeCun et al. 1998 LeNet-5 on 32x32 (conv6@5 conv16@5 fc120 fc84 fc10), hand count")),
            Map.entry("lenet5_fashion", new Expected(61_706L,
                    "PyTorch 1.13: LeNet5() of samples/bench/peers/torch_bench.py, trained by train_fashion_torch.py")),
            Map.entry("alexnet", new Expected(61_100_840L, "torchvision 0.14 alexnet()")),
            Map.entry("vgg16", new Expected(138_357_544L, "torchvision 0.14 vgg16()")),
            Map.entry("resnet18", new Expected(11_689_512L, "torchvision 0.14 resnet18()")),
            Map.entry("resnet20", new Expected(272_474L,
                    "PyTorch 1.13: ResNet20() of samples/bench/peers/torch_bench.py (CIFAR, projection shortcuts)")),
            Map.entry("resnet50", new Expected(25_557_032L, "torchvision 0.14 resnet50()")),
            Map.entry("densenet121", new Expected(7_978_856L, "torchvision 0.14 densenet121()")),
            Map.entry("mobilenet_v2", new Expected(3_504_872L, "torchvision 0.14 mobilenet_v2()")),
            Map.entry("se_resnet50", new Expected(28_088_024L,
                    "PyTorch 1.13 transcription of pretrainedmodels se_resnet50 (fixtures/generate.py)")));

    /** The input each model declares: [3, 224, 224] except the LeNets. */
    static final Map<String, List<Integer>> INPUTS = Map.of(
            "lenet5", List.of(1, 32, 32),
            "lenet5_fashion", List.of(1, 28, 28),
            "resnet20", List.of(3, 32, 32));

    static Stream<Path> models() {
        return StdlibFiles.cnnFiles("models").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void compilesCleanlyWithTheExactParameterCount(Path file) {
        Compilation c = StdlibFiles.compiler().check(file);
        assertTrue(c.diagnostics().all().isEmpty(), () -> file + " has diagnostics:\n" + StdlibFiles.describe(c));
        assertEquals(1, c.models().size(), file + " should define exactly one model");
        Graph g = c.model(null);
        String stem = StdlibFiles.stem(file);
        Expected want = EXPECTED.get(stem);
        assertNotNull(want, "no expected parameter count for " + file + "; add it to EXPECTED with its source");
        assertEquals(want.parameters(), g.parameterCount(), stem + " vs " + want.source());
        long summed = g.params().stream().filter(p -> p.trainable()).mapToLong(p -> p.elements()).sum();
        assertEquals(want.parameters(), summed, stem + ": parameterCount() disagrees with the sum over params()");
    }

    /**
     * Lowered for mixed-precision training (the training passes, an optimizer; CPU kernels and
     * GPU kernels), every model's program passes {@code Lowering}'s check that each fp16 buffer
     * goes only to kernel parameters declared {@code half*} and each buffer of reals to none:
     * lowering would throw otherwise.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void lowersForMixedPrecisionTraining(Path file) {
        Graph g = StdlibFiles.compiler().check(file).model(null);
        Graph trained = dev.cnnc.compiler.passes.Passes.optimize(g, dev.cnnc.compiler.passes.Passes.Options.forTraining());
        for (boolean cpu : new boolean[] {true, false}) {
            var o = dev.cnnc.compiler.codegen.Lowering.Options.training(2, dev.cnnc.compiler.codegen.Precision.MIXED)
                    .withMatrixKernels(cpu);
            var l = dev.cnnc.compiler.codegen.Lowering.lower(trained, o,
                    dev.cnnc.compiler.codegen.OptimizerLowering.Config.sgd(0.1, 0.9, false, 0));
            assertTrue(l.program().buffers().stream().anyMatch(b -> b.half()), file + ": no fp16 buffer");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void hasOneImageInputAndLogitsOutput(Path file) {
        Graph g = StdlibFiles.compiler().check(file).model(null);
        assertNotNull(g, file + " does not compile");
        String stem = StdlibFiles.stem(file);
        assertEquals(1, g.inputs().size(), stem + " inputs");
        Value in = g.inputs().get(0);
        assertEquals("image", in.name(), stem + " input name");
        List<Integer> dims = INPUTS.getOrDefault(stem, List.of(3, 224, 224));
        assertEquals(dims, Arrays.stream(in.shape().dims()).boxed().toList(),
                stem + " input shape");
        assertEquals(List.of("logits"), List.copyOf(g.outputs().keySet()), stem + " outputs");
        int classes = stem.startsWith("lenet5") || stem.equals("resnet20") ? 10 : 1000;
        assertEquals(List.of(classes), Arrays.stream(g.outputs().get("logits").shape().dims()).boxed().toList(), stem + " logits shape");
    }

    @Test
    void fashionLenetHasItsTrainingRecipe() {
        Graph g = StdlibFiles.compiler().check(StdlibFiles.root().resolve("models/lenet5_fashion.cnn")).model(null);
        assertNotNull(g);
        Attrs t = g.training();
        assertNotNull(t, "lenet5_fashion has a train section");
        assertEquals("fashion-mnist", t.s("data"));
        assertEquals(32, t.i("batch"));
        assertEquals(15, t.i("epochs"));
        assertEquals("adam", t.component("optimizer").name());
        assertEquals(0.003, t.component("optimizer").options().f("lr"));
        assertEquals("cosine", t.component("schedule").name());
        assertEquals("[hflip(p=0.5)]", Attrs.text(t.get("augment")));
        assertEquals("[0.286]", Attrs.text(t.get("mean")));
        assertEquals("[0.353]", Attrs.text(t.get("std")));
        assertEquals("[T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot]",
                Attrs.text(t.get("classes")));
    }

    @Test
    void everyExpectedModelExists() {
        TreeSet<String> present = new TreeSet<>(models().map(StdlibFiles::stem).toList());
        assertEquals(new TreeSet<>(EXPECTED.keySet()), present, "models/ and the table of expected counts differ");
    }
}
