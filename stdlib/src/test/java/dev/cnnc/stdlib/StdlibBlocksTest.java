package dev.cnnc.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Param;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of {@code stdlib/blocks} checks without diagnostics and defines blocks; the
 * blocks no stdlib model uses as written are expanded here with hand-computed counts.
 */
class StdlibBlocksTest {

    static Stream<Path> blockFiles() {
        return StdlibFiles.cnnFiles("blocks").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blockFiles")
    void checksCleanly(Path file) {
        Compilation c = StdlibFiles.compiler().check(file);
        assertTrue(c.diagnostics().all().isEmpty(), () -> file + " has diagnostics:\n" + StdlibFiles.describe(c));
        assertFalse(c.blocks().isEmpty(), file + " defines no block");
        assertTrue(c.models().isEmpty(), file + " defines a model; models belong in models/");
    }

    @Test
    void blockFilesExist() {
        assertEquals(5, blockFiles().count(), "common, densenet, mobilenet, resnet, se");
    }

    /**
     * A one-model source, checked as if it were a file in models/. (With a null folder,
     * Compiler.check(name, text, null) used to throw on any import; fixed, but a folder is still needed
     * to resolve imports beside the file.)
     */
    private static Graph compile(String source) {
        Compilation c = StdlibFiles.compiler().check("scratch.cnn", source, StdlibFiles.root().resolve("models"));
        assertTrue(c.diagnostics().all().isEmpty(), () -> "diagnostics:\n" + StdlibFiles.describe(c));
        Graph g = c.model(null);
        assertNotNull(g);
        return g;
    }

    @Test
    void denseBlockRepeatsDenseLayers() {
        // DenseNet-121's first dense block on 64 channels: layer i sees 64 + 32 i channels;
        // norm1 2C, conv1 128 C, norm2 256, conv2 128*32*9 = 36864.
        Graph g = compile("""
                import blocks.densenet
                model M(classes = 10) {
                  input image: [64, 56, 56]
                  output logits = image -> DenseBlock(6) as db -> global_avgpool -> flatten
                }
                """);
        long want = 0;
        for (int i = 0; i < 6; i++) {
            int c = 64 + 32 * i;
            want += 2L * c + 128L * c + 256 + 36_864;
        }
        assertEquals(335_040, want);
        assertEquals(want, g.parameterCount());
        assertEquals(256, g.outputs().get("logits").shape().dim(0), "64 + 6 * 32 channels");
        assertTrue(g.params().stream().map(Param::name).anyMatch("db.denselayer.5.conv2.weight"::equals),
                "repetition names the layers denselayer.0 .. denselayer.5");
    }

    @Test
    void squeezeExciteHasTwoBiasedOneByOneConvs() {
        // 256 channels, reduction 16: fc1 256*16 + 16, fc2 16*256 + 256.
        Graph g = compile("""
                import blocks.se
                model M(classes = 10) {
                  input image: [256, 14, 14]
                  output logits = image -> SqueezeExcite(16) as se
                }
                """);
        assertEquals(256L * 16 + 16 + 16L * 256 + 256, g.parameterCount());
        assertEquals(8_464, g.parameterCount());
        assertEquals("256x14x14", g.outputs().get("logits").shape().text(), "SE keeps the input's shape");
    }

    @Test
    void bottleneckWidthAndGroupsGiveResNeXt() {
        // ResNeXt-50 32x4d's first block: planes 64, width 128, 32 groups, 64 -> 256 channels.
        // conv1 64*128, bn1 256, conv2 128*4*9, bn2 256, conv3 128*256, bn3 512,
        // downsample 64*256 + 512.
        Graph g = compile("""
                import blocks.resnet
                model M(classes = 10) {
                  input image: [64, 56, 56]
                  output logits = image -> Bottleneck(64, groups: 32, width: 128) as b
                }
                """);
        assertEquals(64L * 128 + 256 + 128L * 4 * 9 + 256 + 128L * 256 + 512 + 64L * 256 + 512, g.parameterCount());
        assertEquals(63_488, g.parameterCount());
    }
}
