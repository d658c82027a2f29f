package dev.cnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cnnc tune} measures a small model's GEMMs within its budget and writes the cache; later
 * commands read it ({@code compile --emit ir} names each GEMM's tiling as tuned, {@code bench}
 * counts them, {@code --no-tune-cache} ignores them), and an invalid entry is rejected with a
 * warning. No timing is asserted.
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class TuneCommandTest {
    @Test
    void tunesWritesTheCacheAndLaterCommandsUseIt(@TempDir Path dir) throws IOException {
        Path model = BenchCommandTest.mlp(dir);
        Path cache = dir.resolve("cache/tune.json");
        CliTest.Result r = CliTest.run("tune", model.toString(), "--batch", "4", "--budget", "4", "--repeats", "1",
                "--cache", cache.toString(), "--device", "cpu");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("2 GEMM shapes"), r.out());
        assertTrue(r.out().contains("M=4 N=16 K=20 batches=1 sums=1 A=rows"), r.out());
        assertTrue(r.out().contains("speedup"), r.out());
        assertTrue(Files.exists(cache), r.out());
        String json = Files.readString(cache);
        assertTrue(json.contains("\"M=4 N=16 K=20 batches=1 sums=1 A=rows\""), json);

        // A second run keeps what the cache has; --retune measures again.
        CliTest.Result again = CliTest.run("tune", model.toString(), "--batch", "4", "--budget", "4", "--cache",
                cache.toString(), "--device", "cpu");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("2 shapes kept from the cache"), again.out());
        assertFalse(again.out().contains("wrote"), again.out());

        CliTest.Result c = CliTest.run("compile", model.toString(), "-o", dir.resolve("mlp.jar").toString(), "--batch",
                "4", "--precision", "fp32", "--emit", "ir", "--tune-cache", cache.toString());
        assertEquals(0, c.code(), c.err());
        String ir = Files.readString(dir.resolve("Mlp.ir.txt"));
        assertTrue(ir.contains("GEMM tilings"), ir);
        assertTrue(ir.matches("(?s).*gemm_\\w{8}_gemm \\([^)]*fc1 forward[^)]*\\): M=4 N=16 K=20 batches=1 sums=1 A=rows"
                + " -> \\d+x\\d+/\\d+ "
                + "\\(tuned\\).*"), ir);
        // The backward products were not tuned (forward only): they keep the defaults.
        assertTrue(ir.contains("(default for CPUs)"), ir);

        CliTest.Result b = CliTest.run("bench", model.toString(), "--batch", "4", "--iterations", "1", "--device", "cpu",
                "--tune-cache", cache.toString());
        assertEquals(0, b.code(), b.err());
        assertTrue(b.out().contains("GEMM tilings: 2 tuned, 0 default"), b.out());
        CliTest.Result off = CliTest.run("bench", model.toString(), "--batch", "4", "--iterations", "1", "--device",
                "cpu", "--tune-cache", cache.toString(), "--no-tune-cache");
        assertEquals(0, off.code(), off.err());
        assertTrue(off.out().contains("GEMM tilings: 0 tuned, 2 default (--no-tune-cache)"), off.out());

        // An invalid entry is rejected with a warning; the command still runs, with the default.
        Files.writeString(cache, json.replaceFirst("\"rows\":\\d+", "\"rows\":0"));
        CliTest.Result bad = CliTest.run("bench", model.toString(), "--batch", "4", "--iterations", "1", "--device",
                "cpu", "--tune-cache", cache.toString());
        assertEquals(0, bad.code(), bad.err());
        assertTrue(bad.err().contains("warning") && bad.err().contains("rows must be 1 to 16"), bad.err());
        assertTrue(bad.out().contains("GEMM tilings: 1 tuned, 1 default"), bad.out());
        assertFalse(bad.err().contains("Exception"), bad.err());
    }

    @Test
    void tunesTheImplicitGemmsOfConvolutions(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("conv.cnn");
        Files.writeString(model, "model Conv { input x: [3, 12, 12]  output y = x -> conv(8, 3, pad: 1) as c1 -> relu "
                + "-> global_avgpool -> flatten }\n");
        Path cache = dir.resolve("tune.json");
        String key = "conv C=3 F=8 OH=12 OW=12 K=3x3 S=1x1 D=1x1 samples=2";
        CliTest.Result r = CliTest.run("tune", model.toString(), "--batch", "2", "--budget", "4", "--repeats", "1",
                "--cache", cache.toString(), "--device", "cpu");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1 GEMM shape,"), r.out());
        assertTrue(r.out().contains(key), r.out());
        assertTrue(Files.readString(cache).contains("\"" + key + "\""), Files.readString(cache));
        CliTest.Result c = CliTest.run("compile", model.toString(), "-o", dir.resolve("conv.jar").toString(), "--batch",
                "2", "--precision", "fp32", "--emit", "ir", "--tune-cache", cache.toString());
        assertEquals(0, c.code(), c.err());
        String ir = Files.readString(dir.resolve("Conv.ir.txt"));
        assertTrue(ir.matches("(?s).*conv_implicit_forward_\\w{8}_forward \\([^)]*c1 forward[^)]*\\): " + key + " -> \\d+x\\d+/\\d+ \\(tuned\\).*"),
                ir);
    }

    @Test
    void rejectsBadOptions(@TempDir Path dir) throws IOException {
        Path model = BenchCommandTest.mlp(dir);
        assertEquals(2, CliTest.run("tune", model.toString(), "--budget", "0").code());
        assertEquals(2, CliTest.run("tune", model.toString(), "--precision", "fp8").code());
        assertEquals(2, CliTest.run("tune", model.toString(), "--batch", "0").code());
    }
}
