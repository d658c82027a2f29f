package dev.cnnc.compiler.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.diag.DiagnosticFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 17: hostile files fail fast with located errors that state the limit, on any thread, and
 * never overflow the stack; legal big models still pass.
 */
class FrontEndLimitsTest {
    static Compilation check(String text) {
        return new Compiler(List.of()).check("hostile.cnn", text, null);
    }

    /** The only error's message; every diagnostic located. */
    static String onlyError(Compilation c) {
        assertFalse(c.ok());
        for (Diagnostic d : c.diagnostics().all()) {
            assertNotNull(d.span(), d.message());
        }
        assertEquals(1, c.diagnostics().errorCount(), DiagnosticFormatter.formatAll(c.diagnostics()));
        return c.diagnostics().all().get(0).message();
    }

    static String wrap(String expression) {
        return "model M {\n  input x: [1, 8, 8]\n  n = " + expression + "\n  output y = x -> flatten -> dense(n)\n}\n";
    }

    /** Runs on a thread with a small stack (256 KiB), as a caller with any -Xss might. */
    static Compilation onSmallStack(String text) throws InterruptedException {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(check(text));
            } catch (Throwable e) {
                result.set(e);
            }
        }, "small-stack", 256 << 10);
        t.start();
        t.join();
        if (result.get() instanceof Throwable e) {
            throw new AssertionError(e);
        }
        return (Compilation) result.get();
    }

    @Test
    void aRepeatedBlockOfRepeatsFailsAtOnce() {
        String text = "block Inner { input x\n  output y = x -> relu * 10000 }\nmodel M { input x: [1, 8, 8]\n"
                + "  output y = x -> Inner * 10000 }\n";
        long t0 = System.nanoTime();
        String message = onlyError(check(text));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(message.startsWith("this model expands to more than 100,000 layers (the limit)"), message);
        assertTrue(millis < 1_000, millis + " ms");
    }

    @Test
    void blocksThatEachUseThePreviousTwiceFailAtOnce() {
        StringBuilder b = new StringBuilder("block B0 { input x\n output y = x -> relu }\n");
        for (int i = 1; i <= 60; i++) {
            b.append("block B").append(i).append(" { input x\n output y = x -> B").append(i - 1).append(" -> B")
                    .append(i - 1).append(" }\n");
        }
        b.append("model M { input x: [1, 8, 8]\n output y = x -> B60 }\n");
        long t0 = System.nanoTime();
        String message = onlyError(check(b.toString()));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(message.startsWith("this model expands to more than 100,000 layers (the limit)"), message);
        assertTrue(millis < 1_000, millis + " ms");
    }

    @Test
    void emptyBlocksRepeatedCountAsBlockUses() {
        String text = "block Empty { input x\n  output y = x }\nblock Inner { input x\n  output y = x -> Empty * 10000 }\n"
                + "model M { input x: [1, 8, 8]\n  output y = x -> Inner * 10000 }\n";
        String message = onlyError(check(text));
        assertTrue(message.startsWith("this model expands to more than 20,000 block uses (the limit)"), message);
    }

    @Test
    void blocksNestedPastTheLimitAreReported() {
        StringBuilder b = new StringBuilder("block B0 { input x\n output y = x -> relu }\n");
        for (int i = 1; i <= 150; i++) {
            b.append("block B").append(i).append(" { input x\n output y = x -> B").append(i - 1).append(" }\n");
        }
        b.append("model M { input x: [1, 8, 8]\n output y = x -> B150 }\n");
        String message = onlyError(check(b.toString()));
        assertTrue(message.contains("more than 100 levels deep here (the limit)"), message);
    }

    @Test
    void aModelJustWithinTheLayerLimitPasses() {
        StringBuilder b = new StringBuilder("model M { input x: [1, 2, 2]\n a0 = x -> relu * 9999\n");
        for (int i = 1; i < 10; i++) {
            b.append(" a").append(i).append(" = a").append(i - 1).append(" -> relu * 9999\n");
        }
        b.append(" output y = a9 -> relu * 10 }\n");
        Compilation c = check(b.toString());
        assertTrue(c.ok(), () -> DiagnosticFormatter.formatAll(c.diagnostics()));
        assertEquals(100_000, c.models().get(0).nodes().size());
        Compilation over = check(b.toString().replace("relu * 10 }", "relu * 11 }"));
        assertTrue(onlyError(over).startsWith("this model expands to more than 100,000 layers"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"paren", "call", "plus", "list", "minus", "not", "tuple"})
    void deepNestingIsALocatedErrorOnAnyStack(String kind) throws InterruptedException {
        int n = 3_000;
        String e = switch (kind) {
            case "paren" -> "(".repeat(n) + "3" + ")".repeat(n);
            case "call" -> "max(1, ".repeat(n) + "3" + ")".repeat(n);
            case "plus" -> "1" + " + 1".repeat(5_000);
            case "list" -> "[".repeat(n) + "3" + "]".repeat(n);
            case "minus" -> "-".repeat(n) + "3";
            case "not" -> "not ".repeat(n) + "true";
            default -> "(1, ".repeat(n) + "3" + ")".repeat(n);
        };
        String message = onlyError(onSmallStack(wrap(e)));
        assertTrue(message.startsWith("this is nested too deeply: more than 200 levels"), message);
    }

    @Test
    void longElseIfChainsAndNestedBodiesAreLocatedErrors() throws InterruptedException {
        StringBuilder b = new StringBuilder("model M(k = 3) {\n input x: [1, 8, 8]\n if k == 0 { y = x }\n");
        for (int i = 1; i < 3_000; i++) {
            b.append(" else if k == ").append(i).append(" { y = x }\n");
        }
        b.append(" else { y = x }\n output z = y -> flatten\n}\n");
        assertTrue(onlyError(onSmallStack(b.toString())).startsWith("this is nested too deeply"));
        String nested = "model M {\n input x: [1, 8, 8]\n" + "if true { ".repeat(2_000) + "y = x" + " }".repeat(2_000)
                + "\n output z = y -> flatten\n}\n";
        assertTrue(onlyError(onSmallStack(nested)).startsWith("this is nested too deeply"));
    }

    @Test
    void nestingWithinTheLimitStillWorks() {
        Compilation c = check(wrap("(".repeat(120) + "3" + ")".repeat(120) + " + " + "1 + ".repeat(60) + "0"));
        assertTrue(c.ok(), () -> DiagnosticFormatter.formatAll(c.diagnostics()));
    }

    @Test
    void aHostileFileDoesNotStopTheNextOne() {
        Compiler compiler = new Compiler(List.of());
        Compilation hostile = compiler.check("a.cnn", wrap("(".repeat(5_000) + "3" + ")".repeat(5_000)), null);
        Compilation good = compiler.check("b.cnn", wrap("3"), null);
        assertFalse(hostile.ok());
        assertTrue(good.ok(), () -> DiagnosticFormatter.formatAll(good.diagnostics()));
    }

    @Test
    void overflowingShapesAreLocatedErrors() {
        assertTrue(onlyError(check("model M { input x: [2147483647, 1, 1]\n output y = concat(x, x, x) }\n"))
                .contains("the concatenated size along axis 0 would be more than 2,147,483,647"));
        assertTrue(onlyError(check("model M { input x: [3, 8, 8]\n"
                + " output y = x -> separable_conv(3, 3, depth_multiplier: 2147483647) }\n"))
                .contains("depthwise channels"));
        assertTrue(onlyError(check("model M { input x: [2147483647, 2147483647, 2147483647]\n"
                + " output y = x -> flatten }\n")).contains("more than 2,147,483,647 elements per sample"));
        assertTrue(onlyError(check("model M { input x: [1, 8, 8]\n"
                + " output y = x -> conv(8, 3, dilation: 2147483647, pad: same) }\n")).contains("(the limit)"));
        assertTrue(onlyError(check("model M { input x: [2147483647]\n output y = x -> relu -> dense(10) }\n"))
                .contains("parameter `weight` [10, 2147483647] would have more than 2,147,483,647 elements"));
        assertTrue(onlyError(check("model M { input x: [1, 8, 8]\n"
                + " output y = x -> conv(8, 3, pad: 2147483647) }\n")).contains("(the limit)"));
    }
}
