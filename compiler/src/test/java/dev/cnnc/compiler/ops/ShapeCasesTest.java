package dev.cnnc.compiler.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Param;
import dev.cnnc.compiler.ir.Value;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Output shapes and parameters of one-op models against PyTorch, from the fixture
 * {@code ops/shape_cases.jsonl} (made by {@code ops/make_shape_cases.py}, which says how to
 * run it). A case PyTorch rejects must be rejected by cnnc too.
 */
class ShapeCasesTest {
    static final String FIXTURE = "/ops/shape_cases.jsonl";

    /** One fixture line. {@code output} is null when PyTorch rejects the case. */
    record Case(String id, String op, String args, List<int[]> inputs, int[] output, String error,
                List<Map.Entry<String, int[]>> params, List<Map.Entry<String, int[]>> buffers, long paramCount) {
        @Override
        public String toString() {
            return id + ": " + op + "(" + args + ") on " + inputs.stream().map(OneOp::shape)
                    .collect(Collectors.joining(", "));
        }
    }

    static List<Case> load() throws IOException {
        List<Case> out = new ArrayList<>();
        try (InputStream in = ShapeCasesTest.class.getResourceAsStream(FIXTURE)) {
            assertNotNull(in, "missing fixture " + FIXTURE);
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) MiniJson.parse(line);
                List<int[]> inputs = new ArrayList<>();
                for (Object s : (List<?>) m.get("inputs")) {
                    inputs.add(ints(s));
                }
                out.add(new Case((String) m.get("id"), (String) m.get("op"), (String) m.get("args"), inputs,
                        m.get("output") == null ? null : ints(m.get("output")), (String) m.get("error"),
                        named(m.get("params")), named(m.get("buffers")), (Long) m.get("param_count")));
            }
        }
        return out;
    }

    private static int[] ints(Object list) {
        return ((List<?>) list).stream().mapToInt(o -> ((Long) o).intValue()).toArray();
    }

    private static List<Map.Entry<String, int[]>> named(Object list) {
        List<Map.Entry<String, int[]>> out = new ArrayList<>();
        for (Object o : (List<?>) list) {
            List<?> pair = (List<?>) o;
            out.add(Map.entry((String) pair.get(0), ints(pair.get(1))));
        }
        return out;
    }

    static Stream<Case> cases() throws IOException {
        return load().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(Case c) {
        String source = OneOp.source(c.op(), c.args(), c.inputs());
        Compilation comp = OneOp.check(source);
        if (c.output() == null) {
            assertFalse(comp.ok(), () -> "PyTorch rejects this case (" + c.error() + ") but cnnc accepts\n" + source
                    + (comp.model(null) == null ? "" : comp.model(null).dump()));
            // The rejection must come from the op's rule, pointing into its line, not from a typo in the case.
            for (Diagnostic d : comp.diagnostics().all()) {
                assertFalse(d.message().startsWith("syntax error"), () -> OneOp.errors(comp));
                assertNotNull(d.span(), () -> OneOp.errors(comp));
                assertEquals(OneOp.opLine(c.inputs().size()), d.span().line(), () -> OneOp.errors(comp));
            }
            return;
        }
        assertTrue(comp.ok(), () -> "unexpected errors in\n" + source + "\n" + OneOp.errors(comp));
        Graph g = comp.model(null);
        Value y = g.outputs().get("y");
        assertArrayEquals(c.output(), y.shape().dims(), () -> "output shape of\n" + source + "was " + y.shape());

        Node node = g.node("l");
        assertNotNull(node, "layer l");
        assertEquals(text(c.params()), text(node.params().stream().filter(Param::trainable).toList()),
                "parameters of\n" + source);
        assertEquals(text(c.buffers()), text(node.params().stream().filter(p -> !p.trainable()).toList()),
                "buffers of\n" + source);
        assertEquals(c.paramCount(), g.parameterCount(), "parameter count of\n" + source);
        assertEquals(c.paramCount(), node.trainableParameters(), "parameters of layer l of\n" + source);
    }

    private static String text(List<?> entries) {
        StringBuilder b = new StringBuilder();
        for (Object o : entries) {
            if (o instanceof Param p) {
                b.append(p.name()).append(' ').append(p.type().shape()).append('\n');
            } else {
                @SuppressWarnings("unchecked")
                Map.Entry<String, int[]> e = (Map.Entry<String, int[]>) o;
                b.append("l.").append(e.getKey()).append(' ').append(OneOp.shape(e.getValue())).append('\n');
            }
        }
        return b.toString();
    }

    /** Every registered op has cases in the fixture, and the fixture names no unknown op. */
    @Test
    void fixtureCoversEveryRegisteredOp() throws IOException {
        Map<String, Integer> perOp = new TreeMap<>();
        for (Case c : load()) {
            perOp.merge(c.op(), 1, Integer::sum);
        }
        List<String> missing = new ArrayList<>();
        for (OpDef op : OpRegistry.standard().all()) {
            if (!perOp.containsKey(op.name())) {
                missing.add(op.name());
            }
        }
        assertEquals(List.of(), missing, "registered ops without a case in " + FIXTURE
                + "; add them to make_shape_cases.py and regenerate");
        TreeSet<String> unknown = new TreeSet<>(perOp.keySet());
        unknown.removeAll(OpRegistry.standard().names());
        assertEquals(new TreeSet<String>(), unknown, "fixture cases for ops that are not registered");
    }

    /**
     * Sliding-window ops are tried with many configurations, the others with several, and ops
     * with limits also with configurations PyTorch rejects.
     */
    @Test
    void fixtureHasEnoughCasesPerOp() throws IOException {
        Map<String, Integer> accepted = new TreeMap<>();
        Map<String, Integer> rejected = new TreeMap<>();
        for (Case c : load()) {
            (c.output() == null ? rejected : accepted).merge(c.op(), 1, Integer::sum);
        }
        for (OpDef op : OpRegistry.standard().all()) {
            int min = op.attr("stride") != null ? 20 : op.attr("kernel") != null ? 10 : 3;
            assertTrue(accepted.getOrDefault(op.name(), 0) >= min,
                    op.name() + " has " + accepted.getOrDefault(op.name(), 0) + " accepted cases, want " + min);
        }
        for (String op : List.of("conv", "separable_conv", "conv_transpose", "maxpool", "avgpool",
                "fractional_maxpool", "softmax", "log_softmax", "mul", "concat")) {
            assertTrue(rejected.getOrDefault(op, 0) >= 2, op + " needs cases PyTorch rejects");
        }
    }
}
