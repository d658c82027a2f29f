package dev.cnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: output, exit codes, and no stack trace for a user's mistake. */
class CliTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void useCheckoutStdlib() {
        System.setProperty("cnnc.stdlib", ROOT.resolve("stdlib").toString());
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void infoPrintsEveryLayerAndTheTotals() {
        Result r = run("info", ROOT.resolve("stdlib/models/lenet5.cnn").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("parameters          61,706 trainable"), r.out());
        assertTrue(r.out().contains("conv1     conv     6x28x28      156  122,304"), r.out());
        assertTrue(r.out().contains("activation memory   61.0 KiB at batch 1"), r.out());
    }

    @Test
    void infoScalesFlopsAndMemoryWithTheBatch() {
        Result one = run("info", "--json", ROOT.resolve("stdlib/models/lenet5.cnn").toString());
        Result many = run("info", "--json", "--batch", "64", ROOT.resolve("stdlib/models/lenet5.cnn").toString());
        assertEquals(0, many.code(), many.err());
        assertTrue(one.out().contains("\"forward_flops\": 435850,"), one.out());
        assertTrue(many.out().contains("\"forward_flops\": " + 435850L * 64 + ","), many.out());
        assertTrue(many.out().contains("\"params\": 61706,"), many.out());
    }

    @Test
    void infoReportsTheTrainingStepMemoryPlannedAndNaive() {
        String lenet = ROOT.resolve("stdlib/models/lenet5.cnn").toString();
        Result r = run("info", "--json", "--batch", "8", lenet);
        assertEquals(0, r.code(), r.err());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"weights_bytes\": (\\d+), \"gradients_bytes\": "
                + "(\\d+), .*\"activations_planned_bytes\": (\\d+), \"activations_naive_bytes\": (\\d+)")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(4L * 61706, Long.parseLong(m.group(1)));
        assertEquals(4L * 61706, Long.parseLong(m.group(2)));
        assertTrue(Long.parseLong(m.group(3)) < Long.parseLong(m.group(4)), r.out());
        Result off = run("info", "--json", "--batch", "8", "--no-memory-plan", lenet);
        assertTrue(off.out().contains("\"activations_planned_bytes\": " + m.group(4) + ","), off.out());
        Result text = run("info", "--batch", "8", lenet);
        assertTrue(text.out().contains("training step device memory at batch 8 (fp32, "), text.out());
    }

    @Test
    void checkReportsEveryErrorWithExitOneAndNoStackTrace(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.cnn");
        Files.writeString(bad, """
                model M {
                  input x: [3, 8, 8]
                  a = x -> conv(4, 3) -> maxpol(2)
                  output y = a -> dense(10, bais: false)
                }
                """);
        Result r = run("check", bad.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("bad.cnn:3:26: error: unknown operation `maxpol`"), r.err());
        assertTrue(r.err().contains("hint: did you mean `maxpool`?"), r.err());
        assertTrue(r.err().contains("bad.cnn:4:29: error: unknown option `bais` of `dense`"), r.err());
        assertTrue(r.err().contains("2 errors"), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    @Test
    void checkAcceptsSeveralFilesAndTimesThem() {
        Result r = run("check", "--time", ROOT.resolve("stdlib/models/lenet5.cnn").toString(),
                ROOT.resolve("stdlib/models/lenet5.cnn").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(2, r.out().lines().filter(l -> l.startsWith("ok: ") && l.contains(" ms")).count(), r.out());
    }

    @Test
    void missingFileIsAUserErrorNamingTheFile() {
        Result r = run("check", "no/such/model.cnn");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("cannot read no/such/model.cnn: no such file"), r.err());
        Result info = run("info", "no/such/model.cnn");
        assertEquals(1, info.code());
    }

    @Test
    void infoOnAFileWithoutModelsSaysSo(@TempDir Path dir) throws IOException {
        Path blocks = dir.resolve("blocks.cnn");
        Files.writeString(blocks, "block B { input x  output y = x -> relu }\n");
        Result r = run("info", blocks.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("defines no model"), r.err());
    }

    @Test
    void badUsageExitsTwo() {
        assertEquals(2, run("info").code());
        assertEquals(2, run("frobnicate").code());
        assertEquals(2, run("info", "--batch", "0", ROOT.resolve("stdlib/models/lenet5.cnn").toString()).code());
    }

    @Test
    void opsListsOperationsAndComponents() {
        Result r = run("ops");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("conv(filters, kernel, stride = 1x1, pad = valid"), r.out());
        assertTrue(r.out().contains("optimizers:"), r.out());
        assertTrue(r.out().contains("adam(lr = 0.001"), r.out());
        assertTrue(r.out().contains("\nlosses:\n"), r.out()); // issue 18, item 6: not "losss:"
        assertFalse(r.out().contains("losss"), r.out());
        assertTrue(r.out().contains("plateau(factor = 0.1, patience = 10, threshold = 1.0E-4, mode = min, "
                + "metric = test_loss, min_lr = 0.0)"), r.out());
        assertTrue(r.out().contains("\nearly stops:\n  early_stop(patience, metric = test_loss, min_delta = 0.0)"),
                r.out());
        assertTrue(r.out().contains("\nloss scales:\n  none\n"), r.out());
        assertTrue(r.out().contains("  dynamic(init = 65536.0, growth_factor = 2.0, backoff_factor = 0.5, "
                + "growth_interval = 2000)"), r.out());
        assertTrue(r.out().contains("  static(scale)"), r.out());
    }

    @Test
    void helpListsEveryCommand() {
        Result r = run("--help");
        assertEquals(0, r.code());
        for (String command : new String[] {"check", "info", "ops"}) {
            assertTrue(r.out().contains(command), r.out());
        }
    }

    /** Issue 18, item 2: {@code --help} and {@code -h} on every command, exit 0, even where FILE is required. */
    @Test
    void everyCommandHasHelp() {
        picocli.CommandLine cli = new picocli.CommandLine(new Main());
        for (String command : cli.getSubcommands().keySet()) {
            if (command.equals("help")) {
                continue;
            }
            for (String flag : new String[] {"--help", "-h"}) {
                Result r = run(command, flag);
                assertEquals(0, r.code(), command + " " + flag + ": " + r.err());
                assertTrue(r.out().startsWith("Usage: cnnc " + command), command + " " + flag + ": " + r.out());
                assertEquals("", r.err(), command + " " + flag);
            }
        }
    }

    /** The same for a compiled jar's commands (its {@code ModelApp}). */
    @Test
    void everyJarCommandHasHelp() {
        dev.cnnc.train.app.ModelApp.Artifact artifact = new dev.cnnc.train.app.ModelApp.Artifact("Tiny", () -> {
            throw new AssertionError("help must not bind the model");
        }, null, "model Tiny");
        for (String command : new String[] {"info", "train", "eval", "predict", "run"}) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = dev.cnnc.train.app.ModelApp.run(artifact, new String[] {command, "--help"}, new PrintWriter(out),
                    new PrintWriter(err));
            assertEquals(0, code, command + ": " + err);
            // (the jar's name is the file this class was loaded from)
            assertTrue(out.toString().matches("(?s)Usage: java -jar \\S+\\.jar " + command + " .*"), command + ": " + out);
        }
    }

    /** Issue 18, item 8: a softmax before cross_entropy is warned about, at the softmax. */
    @Test
    void softmaxBeforeCrossEntropyIsAWarning(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("soft.cnn");
        Files.writeString(model, "model Soft {\n  input x: [1, 8, 8]\n  output y = x -> flatten -> dense(10) -> softmax\n"
                + "  train {\n    loss: cross_entropy\n  }\n}\n");
        Result r = run("check", model.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains(model + ":3:43: warning: the model's output is a `softmax`, and the loss "
                + "`cross_entropy` applies one itself"), r.err());
        Path logits = dir.resolve("logits.cnn");
        Files.writeString(logits, "model Logits {\n  input x: [1, 8, 8]\n  output y = x -> flatten -> dense(10)\n}\n");
        Result clean = run("check", logits.toString());
        assertEquals(0, clean.code(), clean.err());
        assertFalse(clean.err().contains("warning"), clean.err());
        Path logSoftmax = dir.resolve("logsoftmax.cnn");
        Files.writeString(logSoftmax, "model LogSoft {\n  input x: [1, 8, 8]\n  output y = x -> flatten -> dense(10) "
                + "-> log_softmax\n}\n");
        Result harmless = run("check", logSoftmax.toString());
        assertFalse(harmless.err().contains("warning"), harmless.err());
    }

    /**
     * Issue 18, item 12: every mistake on the command line is a usage error (exit 2), said in a
     * few lines with picocli's suggestion, not the whole usage text.
     */
    @Test
    void commandLineMistakesAreUsageErrors() {
        String lenet = ROOT.resolve("stdlib/models/lenet5_fashion.cnn").toString();
        Result optimizer = run("train", lenet, "--optimizer", "rmsprop");
        assertEquals(2, optimizer.code(), optimizer.err());
        assertTrue(optimizer.err().contains("--optimizer: unknown optimizer rmsprop (known: sgd, adam, adamw)"),
                optimizer.err());
        Result epochs = run("train", lenet, "--epochs", "0");
        assertEquals(2, epochs.code(), epochs.err());
        Result typo = run("train", lenet, "--epoch", "3");
        assertEquals(2, typo.code(), typo.err());
        assertTrue(typo.err().contains("cnnc train: error: Unknown options: '--epoch', '3'"), typo.err());
        assertTrue(typo.err().contains("--epochs"), "suggests the option: " + typo.err());
        assertTrue(typo.err().contains("see `cnnc train --help`"), typo.err());
        assertTrue(typo.err().lines().count() <= 4, "short, not the usage text: " + typo.err());
        Result missing = run("check");
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().startsWith("cnnc check: error: Missing required parameter: 'FILE'"), missing.err());
    }

    /** Issue 18, item 14: `cnnc ops NAME` describes one operation or component; a wrong name gets a suggestion. */
    @Test
    void opsNameDescribesOne() {
        Result conv = run("ops", "conv");
        assertEquals(0, conv.code(), conv.err());
        assertTrue(conv.out().startsWith("operation conv(filters, kernel, stride = 1x1"), conv.out());
        assertTrue(conv.out().contains("    groups             int, default 1: channel groups"), conv.out());
        Result adam = run("ops", "adam");
        assertEquals(0, adam.code(), adam.err());
        assertTrue(adam.out().startsWith("optimizer adam(lr = 0.001"), adam.out());
        Result typo = run("ops", "maxpol");
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("no operation or training component `maxpol`; did you mean `maxpool`?"),
                typo.err());
    }
}
