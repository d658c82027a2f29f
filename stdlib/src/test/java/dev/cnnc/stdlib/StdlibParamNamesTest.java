package dev.cnnc.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Param;
import dev.cnnc.compiler.ir.ParamKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The models that reproduce a PyTorch model name their parameters as its state_dict does:
 * the full list of (name, shape) of trainable parameters and buffers equals, in order, the
 * fixture {@code fixtures/<model>.params}, written from PyTorch by {@code fixtures/generate.py}
 * (see fixtures/README.md). Equal lists mean a state_dict loads into the cnnc model as is.
 */
class StdlibParamNamesTest {

    /** BatchNorm's running statistics: buffers in PyTorch, the only ones these models have. */
    private static final List<String> BUFFER_SUFFIXES = List.of(".running_mean", ".running_var", ".num_batches_tracked");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lenet5_fashion", "alexnet", "vgg16", "resnet18", "resnet20", "resnet50", "densenet121",
            "mobilenet_v2", "se_resnet50"})
    void parameterNamesAndShapesEqualPyTorch(String model) throws IOException {
        List<String> expected = fixture(model);
        Compilation c = StdlibFiles.compiler().check(StdlibFiles.root().resolve("models/" + model + ".cnn"));
        Graph g = c.model(null);
        assertNotNull(g, model + " does not compile:\n" + StdlibFiles.describe(c));
        List<String> actual = new ArrayList<>();
        for (Param p : g.params()) {
            actual.add(p.name() + " " + p.type().shape().text());
            boolean buffer = BUFFER_SUFFIXES.stream().anyMatch(p.name()::endsWith);
            assertEquals(buffer ? ParamKind.BUFFER : ParamKind.TRAINABLE, p.kind(), p.name());
        }
        // Joined so that a failure shows the two listings line by line.
        assertEquals(String.join("\n", expected), String.join("\n", actual), model + " vs fixtures/" + model + ".params");
    }

    /** The fixture's lines, `name shape`, without blank lines. */
    private static List<String> fixture(String model) throws IOException {
        String resource = "/fixtures/" + model + ".params";
        try (InputStream in = StdlibParamNamesTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, "missing test resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
