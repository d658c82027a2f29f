package dev.cnnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.diag.DiagnosticFormatter;
import dev.cnnc.compiler.frontend.Library;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Component;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Param;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The language's constructs, each shown working: what a user writes and the graph it gives. */
class LanguageTest {
    private static final Compiler COMPILER = new Compiler(List.of());

    static Graph model(String source) {
        Compilation c = COMPILER.check("test.cnn", source, null);
        assertTrue(c.ok(), () -> DiagnosticFormatter.formatAll(c.diagnostics()));
        assertEquals(1, c.models().size());
        return c.models().get(0);
    }

    static List<String> names(Graph g) {
        return g.nodes().stream().map(Node::name).toList();
    }

    @Test
    void chainInfersEveryShape() {
        Graph g = model("""
                model M {
                  input x: [1, 28, 28]
                  output y = x -> conv(8, 3, pad: same) -> relu -> maxpool(2) -> flatten -> dense(10)
                }
                """);
        assertEquals("[8, 28, 28]", g.nodes().get(0).output().shape().toString());
        assertEquals("[8, 14, 14]", g.nodes().get(2).output().shape().toString());
        assertEquals("[1568]", g.nodes().get(3).output().shape().toString());
        assertEquals("[10]", g.outputs().get("y").shape().toString());
        assertEquals(8 * 9 + 8 + 1568 * 10 + 10, g.parameterCount());
    }

    @Test
    void namedValuesAndDagOpsInAnyOrder() {
        Graph g = model("""
                model M {
                  input x: [16, 8, 8]
                  output y = add(a, b) -> relu          # uses a and b, defined below
                  a = x -> conv(16, 3, pad: 1)
                  b = x -> conv(16, 1)
                  att = x -> global_avgpool -> sigmoid
                  output z = concat(x, a) -> mul(att)   # [32, 8, 8] x [16, 1, 1] broadcasts? no: see below
                }
                """.replace("-> mul(att)   # [32, 8, 8] x [16, 1, 1] broadcasts? no: see below",
                "-> conv(16, 1) -> mul(att)"));
        assertEquals(List.of("y", "z"), List.copyOf(g.outputs().keySet()));
        assertEquals("[16, 8, 8]", g.outputs().get("y").shape().toString());
        assertEquals("[16, 8, 8]", g.outputs().get("z").shape().toString());
    }

    @Test
    void blocksWithDefaultsArithmeticConditionsAndRepetition() {
        Graph g = model("""
                block Bottleneck(c, stride = 1, expansion = 4) {
                  input x
                  y = x -> conv(c, 1, bias: false) as conv1 -> batchnorm as bn1 -> relu
                        -> conv(c, 3, stride: stride, pad: 1, bias: false) as conv2 -> batchnorm as bn2 -> relu
                        -> conv(c * expansion, 1, bias: false) as conv3 -> batchnorm as bn3
                  if stride != 1 or channels(x) != c * expansion {
                    s = x -> conv(c * expansion, 1, stride: stride, bias: false) as downsample.0
                          -> batchnorm as downsample.1
                  } else {
                    s = x
                  }
                  output out = add(y, s) -> relu
                }
                model M {
                  input x: [64, 16, 16]
                  output y = x -> Bottleneck(64) * 3 as layer1 -> Bottleneck(128, stride: 2) as layer2
                }
                """);
        assertEquals("[512, 8, 8]", g.outputs().get("y").shape().toString());
        assertNotNull(g.node("layer1.0.downsample.0"), "first block changes channels: has a shortcut conv");
        assertEquals(null, g.node("layer1.1.downsample.0"), "later blocks keep shape: identity shortcut");
        assertNotNull(g.node("layer1.2.conv3"));
        assertNotNull(g.node("layer2.downsample.0"));
        List<String> params = g.params().stream().map(Param::name).toList();
        assertTrue(params.contains("layer1.0.bn1.running_mean"), params.toString());
    }

    @Test
    void automaticLayerNamesCountPerScope() {
        Graph g = model("""
                block Pair(c) {
                  input x
                  output y = x -> conv(c, 3, pad: 1) -> relu -> conv(c, 3, pad: 1) -> relu
                }
                model M {
                  input x: [3, 8, 8]
                  output y = x -> conv(4, 1) -> Pair(4) -> Pair(4) -> relu
                }
                """);
        assertEquals(List.of("conv1", "pair1.conv1", "pair1.relu1", "pair1.conv2", "pair1.relu2", "pair2.conv1",
                "pair2.relu1", "pair2.conv2", "pair2.relu2", "relu1"), names(g));
    }

    @Test
    void functionalCallsAndBuiltins() {
        Graph g = model("""
                model M(width = 24) {
                  input x: [3, 32, 32]
                  half = width / 2
                  a = relu(conv(x, width, 3, pad: 1))
                  output y = a -> conv(max(half, 4), (1, 3), pad: (0, 1)) -> avgpool(2, stride: 2)
                      -> conv(channels(a) / 3, 3, dilation: 2, pad: 2)
                }
                """);
        assertEquals("[8, 16, 16]", g.outputs().get("y").shape().toString());
    }

    @Test
    void trainingSectionIsCheckedAndDefaultsFilledIn() {
        Graph g = model("""
                model M {
                  input x: [1, 28, 28]
                  output y = x -> flatten -> dense(10)
                  train {
                    loss: cross_entropy(label_smoothing: 0.1)
                    optimizer: sgd(lr: 0.01, momentum: 0.9, nesterov: true)
                    schedule: step(step_size: 5)
                    batch: 32
                    augment: [translate(2), hflip, cutout(size: 8)]
                    mean: 0.286
                    std: 0.353
                  }
                }
                """);
        Attrs t = g.training();
        assertEquals(32, t.i("batch"));
        assertEquals(10, t.i("epochs"), "default");
        Component opt = t.component("optimizer");
        assertEquals("sgd", opt.name());
        assertEquals(0.9, opt.options().f("momentum"));
        assertEquals(0.0, opt.options().f("weight_decay"), "default of sgd");
        assertEquals(0.1, t.component("schedule").options().f("gamma"), "default of step");
        @SuppressWarnings("unchecked")
        List<Component> aug = (List<Component>) t.get("augment");
        assertEquals(List.of("translate", "hflip", "cutout"), aug.stream().map(Component::name).toList());
        assertEquals(0.5, aug.get(1).options().f("p"));
    }

    @Test
    void initializersResolveLayerThenModelThenOpDefault() {
        Graph g = model("""
                model M {
                  input x: [3, 8, 8]
                  output y = x -> conv(4, 3, init: xavier_uniform(gain: 2)) as a -> conv(4, 3) as b -> batchnorm as bn
                  train { init: he_normal }
                }
                """);
        assertEquals("xavier_uniform", param(g, "a.weight").init().name());
        assertEquals(2.0, param(g, "a.weight").init().options().f("gain"));
        assertEquals("he_normal", param(g, "b.weight").init().name());
        assertEquals("default", param(g, "b.bias").init().name(), "biases keep PyTorch's default");
        assertEquals(36, param(g, "b.bias").init().options().i("fan_in"));
        assertEquals("ones", param(g, "bn.weight").init().name());
        assertEquals("zeros", param(g, "bn.running_mean").init().name());
    }

    static Param param(Graph g, String name) {
        return g.params().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no parameter " + name));
    }

    @Test
    void importsResolveBesideTheFileThenInLibraries(@TempDir Path dir) throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib/blocks"));
        Files.writeString(lib.resolve("units.cnn"), """
                block Unit(c) {
                  input x
                  output y = x -> conv(c, 3, pad: 1) -> relu
                }
                """);
        Path proj = Files.createDirectories(dir.resolve("proj"));
        Files.writeString(proj.resolve("local.cnn"), """
                import blocks.units
                block Twice(c) {
                  input x
                  output y = x -> Unit(c) -> Unit(c)
                }
                """);
        Path model = proj.resolve("m.cnn");
        Files.writeString(model, """
                import local
                import "local.cnn"
                model M {
                  input x: [3, 8, 8]
                  output y = x -> Twice(5)
                }
                """);
        Compilation c = new Compiler(List.of(Library.folder(dir.resolve("lib")))).check(model);
        assertTrue(c.ok(), () -> DiagnosticFormatter.formatAll(c.diagnostics()));
        assertEquals("[5, 8, 8]", c.models().get(0).outputs().get("y").shape().toString());
    }

    @Test
    void bundledStdlibIsNotNeededForPlainModels() {
        Graph g = model("model Tiny { input v: [4]  output y = v -> dense(2) -> softmax }");
        assertEquals(10, g.parameterCount());
    }

    @Test
    void irDumpIsDeterministicAndReadable() {
        String src = """
                model M {
                  input x: [1, 4, 4]
                  output y = x -> conv(2, 3, pad: same, bias: false) as c -> relu
                }
                """;
        String dump = model(src).dump();
        assertEquals(dump, model(src).dump());
        assertEquals("""
                graph M {
                  input %x: f32[1, 4, 4]
                  %c: f32[2, 4, 4] = conv(%x; filters=2, kernel=3x3, stride=1x1, pad=same, dilation=1x1, groups=1, bias=false)
                    param  c.weight: f32[2, 1, 3, 3] init=default
                  %relu1: f32[2, 4, 4] = relu(%c)
                  output y = %relu1
                }
                """, dump);
    }

    @Test
    void chainsCanBeArguments() {
        Graph g = model("""
                model M {
                  input x: [4, 8, 8]
                  output y = concat(x -> conv(2, 1) as a, x -> maxpool(3, stride: 1, pad: 1)) -> relu
                }
                """);
        assertEquals("[6, 8, 8]", g.outputs().get("y").shape().toString());
        assertNotNull(g.node("a"));
    }
}
