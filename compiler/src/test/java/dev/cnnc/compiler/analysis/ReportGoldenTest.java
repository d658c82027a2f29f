package dev.cnnc.compiler.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.diag.DiagnosticFormatter;
import dev.cnnc.compiler.ir.Graph;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The `info` table and JSON, compared exactly with files under {@code analysis/}.
 *
 * <p>LeNet-5 ({@code lenet5.cnn}, a copy of stdlib/models/lenet5.cnn), checked by hand:
 * conv1 28·28·6·(5·5·1 + 1) = 122,304 FLOPs and 6·25 + 6 = 156 parameters; avgpool1
 * 6·14·14·2·2 = 4,704; conv2 10·10·16·(5·5·6 + 1) = 241,600 and 16·150 + 16 = 2,416;
 * fc1 120·401 = 48,120; fc2 84·121 = 10,164; fc3 10·85 = 850; tanh one per element;
 * parameters 61,706; FLOPs 435,850; memory 4,096 + 2·18,816 + 4,704 + 2·6,400 + 1,600 + 0
 * (flatten is a view) + 2·480 + 2·336 + 40 = 62,504 B = 61.0 KiB; fields 5, 6 (J 2), 14,
 * 16 (J 4), then the whole 32 (16 + 4·4, J 4·5) from flatten on.
 *
 * <p>Tiny ({@code tiny.cnn}): conv (3, 5) stride 2 pad (1, 2) on 16x12 gives 8x6, 360 params,
 * 8·8·6·45 = 17,280 FLOPs, field 3x5 jump 2; batchnorm 16 params + 17 buffer elements,
 * 2·384 FLOPs; conv_transpose(4, 3, stride 4, pad 1, output_padding 1) gives (8−1)·4 − 2 + 2 + 1
 * + 1 = 30 by 22, 8·4·9 + 4 = 292 params, 384·4·9 + 4·660 = 16,464 FLOPs, jump 2/4 = 0.5, field
 * 3 + 2·0.5 = 4 by 5 + 2·0.5 = 6.
 */
class ReportGoldenTest {

    static String resource(String name) throws IOException {
        try (InputStream in = ReportGoldenTest.class.getResourceAsStream("/analysis/" + name)) {
            assertNotNull(in, "missing test resource analysis/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static ModelReport report(String file, int batch) throws IOException {
        Compilation c = new Compiler(List.of()).check(file, resource(file), null);
        assertEquals(true, c.ok(), () -> DiagnosticFormatter.formatAll(c.diagnostics()));
        Graph g = c.model(null);
        return ModelReport.of(g, batch);
    }

    @Test
    void lenet5Text() throws IOException {
        assertEquals(resource("lenet5.txt"), ReportFormat.text(report("lenet5.cnn", 1), "lenet5.cnn"));
    }

    @Test
    void lenet5TextAtBatch8() throws IOException {
        assertEquals(resource("lenet5_batch8.txt"), ReportFormat.text(report("lenet5.cnn", 8), "lenet5.cnn"));
    }

    @Test
    void lenet5Json() throws IOException {
        assertEquals(resource("lenet5.json"), ReportFormat.json(report("lenet5.cnn", 1), "lenet5.cnn"));
    }

    @Test
    void tinyText() throws IOException {
        assertEquals(resource("tiny.txt"), ReportFormat.text(report("tiny.cnn", 1), "tiny.cnn"));
    }

    @Test
    void tinyJson() throws IOException {
        assertEquals(resource("tiny.json"), ReportFormat.json(report("tiny.cnn", 1), "tiny.cnn"));
    }

    /** The copy here must stay the stdlib's LeNet-5 (the golden numbers are for that model). */
    @Test
    void lenet5IsTheStdlibModel() throws IOException {
        java.nio.file.Path stdlib = java.nio.file.Path.of("..", "stdlib", "models", "lenet5.cnn");
        if (java.nio.file.Files.exists(stdlib)) {
            assertEquals(java.nio.file.Files.readString(stdlib), resource("lenet5.cnn"),
                    "stdlib/models/lenet5.cnn changed; update the copy and the golden files");
        }
        ModelReport r = report("lenet5.cnn", 1);
        assertEquals(61_706, r.parameters());
        assertEquals(435_850, r.forwardFlops());
    }

    @Test
    void totalsAndNamesWithoutSource() throws IOException {
        ModelReport r = report("tiny.cnn", 2);
        String text = ReportFormat.text(r, null);
        assertEquals("model Tiny, batch 2\n", text.substring(0, text.indexOf('\n') + 1));
        assertEquals(true, ReportFormat.json(r, null).contains("\"source\": null,"));
        assertEquals(2 * 37_536, r.forwardFlops());
        assertEquals(2 * 28_032, r.activationBytes());
        assertEquals(668, r.parameters());
        assertEquals(17, r.bufferElements());
    }

    @Test
    void formatting() {
        assertEquals("0", ReportFormat.bytes(0));
        assertEquals("1023 B", ReportFormat.bytes(1023));
        assertEquals("1.0 KiB", ReportFormat.bytes(1024));
        assertEquals("1.5 MiB", ReportFormat.bytes(3 * 512 * 1024));
        assertEquals("1,234,567", ReportFormat.grouped(1_234_567));
        assertEquals("999 FLOPs", ReportFormat.scaled(999));
        assertEquals("1.82 GFLOPs", ReportFormat.scaled(1_818_000_000L));
    }

    @Test
    void batchMustBePositive() throws IOException {
        Compilation c = new Compiler(List.of()).check("lenet5.cnn", resource("lenet5.cnn"), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelReport.of(c.model(null), 0));
        assertEquals("batch must be at least 1: 0", e.getMessage());
    }
}
