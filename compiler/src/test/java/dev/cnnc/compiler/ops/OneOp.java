package dev.cnnc.compiler.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.diag.DiagnosticFormatter;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Node;
import java.util.List;

/**
 * Builds and checks one-op models: inputs {@code x0, x1, ...}, the op as layer {@code l}, and
 * the output {@code y}. One input is piped ({@code x0 -> op(args) as l}); several are passed
 * as arguments ({@code op(x0, x1, args) as l}).
 */
public final class OneOp {
    private OneOp() {
    }

    /** The source line of the op in {@link #source} with {@code inputs} inputs. */
    public static int opLine(int inputs) {
        return inputs + 2;
    }

    public static String source(String op, String args, List<int[]> inputs) {
        StringBuilder b = new StringBuilder("model M {\n");
        for (int i = 0; i < inputs.size(); i++) {
            b.append("  input x").append(i).append(": ").append(shape(inputs.get(i))).append('\n');
        }
        b.append("  output y = ");
        if (inputs.size() == 1) {
            b.append("x0 -> ").append(op);
            if (!args.isEmpty()) {
                b.append('(').append(args).append(')');
            }
        } else {
            b.append(op).append('(');
            for (int i = 0; i < inputs.size(); i++) {
                b.append(i > 0 ? ", " : "").append('x').append(i);
            }
            if (!args.isEmpty()) {
                b.append(", ").append(args);
            }
            b.append(')');
        }
        b.append(" as l\n}\n");
        return b.toString();
    }

    static String shape(int[] dims) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            b.append(i > 0 ? ", " : "").append(dims[i]);
        }
        return b.append(']').toString();
    }

    public static Compilation check(String source) {
        return new Compiler(List.of()).check("case.cnn", source, null);
    }

    public static Compilation check(String op, String args, int[]... inputs) {
        return check(source(op, args, List.of(inputs)));
    }

    /** The checked graph; fails the test, showing the source and diagnostics, when it has errors. */
    public static Graph graph(String source) {
        Compilation c = check(source);
        assertTrue(c.ok(), () -> "unexpected errors in\n" + source + "\n" + errors(c));
        return c.model(null);
    }

    public static Graph graph(String op, String args, int[]... inputs) {
        return graph(source(op, args, List.of(inputs)));
    }

    /** The single node {@code l} of a one-op model. */
    public static Node node(String op, String args, int[]... inputs) {
        return graph(op, args, inputs).node("l");
    }

    public static String errors(Compilation c) {
        return DiagnosticFormatter.formatAll(c.diagnostics());
    }

    public static int[] dims(int... d) {
        return d;
    }
}
