package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The optimizer phase against PyTorch's torch.optim.SGD/Adam/AdamW for five steps, in float64
 * and float32, with the learning rate changing between steps. Fixture:
 * {@code src/test/resources/optim/torch_optim_steps.txt}, made by {@code gen_torch_optim.py}
 * beside it (the command is in its doc string).
 */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class OptimizerTorchTest {
    static final String MODEL = OptimizerStepTest.MODEL;

    /** One case of the fixture. */
    record Case(String name, Precision precision, OptimizerLowering.Config config, double[] lrs,
                Map<String, double[]> params, List<Map<String, double[]>> grads, List<Map<String, double[]>> after,
                Map<String, double[]> state) {
        @Override
        public String toString() {
            return name + " " + precision;
        }
    }

    static List<Case> load() {
        try (InputStream in = OptimizerTorchTest.class.getResourceAsStream("/optim/torch_optim_steps.txt")) {
            assertNotNull(in, "fixture optim/torch_optim_steps.txt");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Case> cases = new ArrayList<>();
            Map<String, String> head = null;
            double[] lrs = null;
            Map<String, double[]> params = null;
            List<Map<String, double[]>> grads = null;
            List<Map<String, double[]>> after = null;
            Map<String, double[]> state = null;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split(" ");
                switch (f[0]) {
                    case "case":
                        head = new LinkedHashMap<>();
                        head.put("case", f[1]);
                        for (int i = 2; i + 1 < f.length; i += 2) {
                            head.put(f[i], f[i + 1]);
                        }
                        params = new LinkedHashMap<>();
                        grads = new ArrayList<>();
                        after = new ArrayList<>();
                        state = new LinkedHashMap<>();
                        break;
                    case "lrs":
                        lrs = numbers(f, 1);
                        break;
                    case "param":
                        params.put(f[1], numbers(f, 2));
                        break;
                    case "grad":
                        at(grads, Integer.parseInt(f[1])).put(f[2], numbers(f, 3));
                        break;
                    case "after":
                        at(after, Integer.parseInt(f[1])).put(f[2], numbers(f, 3));
                        break;
                    case "state":
                        state.put(f[1] + "#" + f[2], numbers(f, 3));
                        break;
                    case "end":
                        cases.add(new Case(head.get("case"), head.get("dtype").equals("float64") ? Precision.FP64
                                : Precision.FP32, config(head, lrs[0]), lrs, params, grads, after, state));
                        break;
                    default:
                        throw new IllegalStateException("fixture line: " + line);
                }
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, double[]> at(List<Map<String, double[]>> list, int step) {
        while (list.size() < step) {
            list.add(new LinkedHashMap<>());
        }
        return list.get(step - 1);
    }

    static double[] numbers(String[] f, int from) {
        return Arrays.stream(f, from, f.length).mapToDouble(Double::parseDouble).toArray();
    }

    static OptimizerLowering.Config config(Map<String, String> h, double lr) {
        double wd = Double.parseDouble(h.get("weight_decay"));
        double b1 = Double.parseDouble(h.get("beta1"));
        double b2 = Double.parseDouble(h.get("beta2"));
        double eps = Double.parseDouble(h.get("eps"));
        switch (h.get("optimizer")) {
            case "sgd":
                return OptimizerLowering.Config.sgd(lr, Double.parseDouble(h.get("momentum")),
                        h.get("nesterov").equals("1"), wd);
            case "adam":
                return OptimizerLowering.Config.adam(lr, b1, b2, eps, wd);
            default:
                return OptimizerLowering.Config.adamw(lr, b1, b2, eps, wd);
        }
    }

    static Stream<Case> cases() {
        return load().stream();
    }

    @Test
    void fixtureCoversEveryOptimizerInBothPrecisions() {
        List<Case> cs = load();
        assertEquals(18, cs.size());
        for (String opt : List.of("sgd", "adam", "adamw")) {
            for (Precision p : new Precision[] {Precision.FP32, Precision.FP64}) { // (the fixture's dtypes)
                assertTrue(cs.stream().anyMatch(c -> c.config().name().equals(opt) && c.precision() == p), opt + p);
            }
        }
        assertTrue(cs.stream().anyMatch(c -> c.config().nesterov()));
    }

    /**
     * Relative tolerances (every value is compared to its own size, so the small exp_avg_sq counts
     * as much as a parameter): float64 to rounding (measured: at most 3.4e-15; PyTorch's CPU
     * kernels may fuse multiply-adds), float32 to a few float ulps (measured: at most 8e-7, on a
     * parameter near 0.1 after a subtraction), plus a floor for values that cancel to near 0.
     */
    static double rel(Precision p) {
        return p == Precision.FP64 ? 1e-13 : 2e-6;
    }

    static double floor(Precision p) {
        return p == Precision.FP64 ? 1e-16 : 1e-8;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTorchOptim(Case c) {
        try (OptimizerHarness h = new OptimizerHarness(MODEL, 1, c.precision(), c.config(), false)) {
            h.executor.run(OptimizerLowering.ZERO_OPTIMIZER_STATE);
            c.params().forEach(h::setParam);
            for (int t = 1; t <= c.lrs().length; t++) {
                c.grads().get(t - 1).forEach(h::setGrad);
                h.step(t, c.lrs()[t - 1], 1.0);
                for (Map.Entry<String, double[]> e : c.after().get(t - 1).entrySet()) {
                    assertClose(e.getValue(), h.param(e.getKey()), c.precision(), c + " step " + t + " "
                            + e.getKey());
                }
            }
            assertEquals(c.config().stateNames().size() * c.params().size(), c.state().size(),
                    c + ": PyTorch's state entries are the ones we keep");
            for (Map.Entry<String, double[]> e : c.state().entrySet()) {
                String[] k = e.getKey().split("#");
                assertClose(e.getValue(), h.state(k[0], k[1]), c.precision(), c + " state " + e.getKey());
            }
        }
    }

    static void assertClose(double[] want, double[] got, Precision p, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], rel(p) * Math.abs(want[i]) + floor(p), what + "[" + i + "]: want "
                    + Arrays.toString(want) + ", got " + Arrays.toString(got));
        }
    }
}
