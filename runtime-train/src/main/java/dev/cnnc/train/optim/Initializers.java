package dev.cnnc.train.optim;

import dev.cnnc.train.catalog.ComponentSpec;
import dev.cnnc.train.catalog.TrainingCatalogs;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Initial values of parameters: the {@code initializer} catalog ({@link TrainingCatalogs#INITIALIZERS}
 * has the names, options and defaults; the formulas are the seed's, with PyTorch's fan computation), drawn from a {@link SeededRandom} whose seed is
 * derived from the run's seed and the parameter's name ({@link SeededRandom#streamSeed}), so a
 * (seed, name) pair always gives the same values and adding a layer changes no other layer's.
 *
 * <ul>
 *   <li>{@code default}: PyTorch's default for conv and dense weights, kaiming_uniform(a = √5),
 *       which is U[−1/√fan_in, 1/√fan_in]; with option {@code fan_in} (biases: the op passes its
 *       weight's fan-in) the same bound with that fan-in; 0 when the fan-in is 0, as PyTorch.</li>
 *   <li>{@code xavier_uniform(gain = 1)}: U[±gain·√(6/(fan_in + fan_out))].</li>
 *   <li>{@code xavier_normal(gain = 1)}: N(0, gain²·2/(fan_in + fan_out)).</li>
 *   <li>{@code he_normal}: N(0, 2/fan_in); {@code he_uniform}: U[±√(6/fan_in)] (Kaiming, fan_in mode, ReLU).</li>
 *   <li>{@code normal(std = 0.01, mean = 0)}, {@code uniform(low = −0.05, high = 0.05)},
 *       {@code zeros}, {@code ones}, {@code constant(value)}.</li>
 * </ul>
 * Uniform draws are {@code low + (high − low)·u} with u in [0, 1); values are in row-major
 * (PyTorch) order.
 */
public final class Initializers {
    private Initializers() {
    }

    /** The initializers' names, as the language's catalog has them ({@link TrainingCatalogs#INITIALIZERS}). */
    public static Set<String> names() {
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(TrainingCatalogs.INITIALIZERS.names()));
    }

    /** Fan-in and fan-out of a weight. */
    public record Fans(long fanIn, long fanOut) {
    }

    /**
     * PyTorch's {@code _calculate_fan_in_and_fan_out}: for a tensor of shape
     * {@code [d0, d1, rest...]}, fan_in = d1·∏rest and fan_out = d0·∏rest. So a dense weight
     * [out, in] has (in, out); a conv weight [O, I/groups, kH, kW] has (I/groups·kH·kW, O·kH·kW);
     * a transposed conv weight [I, O/groups, kH, kW] has (O/groups·kH·kW, I·kH·kW), as in PyTorch.
     */
    public static Fans fans(long... shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("Fan in and fan out can not be computed for tensor with fewer than 2 "
                    + "dimensions (shape " + Arrays.toString(shape) + ")");
        }
        long receptive = 1;
        for (int i = 2; i < shape.length; i++) {
            receptive *= shape[i];
        }
        return new Fans(shape[1] * receptive, shape[0] * receptive);
    }

    public static Fans fans(int... shape) {
        return fans(Arrays.stream(shape).asLongStream().toArray());
    }

    /**
     * The values of parameter {@code param} of shape {@code shape} under initializer {@code name}
     * with {@code options} (numbers by option name; missing ones take the catalog's defaults).
     *
     * @throws IllegalArgumentException for an unknown initializer or option, a missing required
     *                                  option, or fans of a tensor with fewer than 2 dimensions
     */
    public static double[] fill(String name, Map<String, ?> options, long[] shape, long seed, String param) {
        ComponentSpec spec = TrainingCatalogs.INITIALIZERS.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("unknown initializer `" + name + "` (known: "
                    + String.join(", ", new java.util.TreeSet<>(names())) + ")");
        }
        for (String k : options.keySet()) {
            if (spec.option(k) == null) {
                throw new IllegalArgumentException("initializer `" + name + "` has no option `" + k + "`");
            }
        }
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("parameter " + param + " is too large: " + n + " elements");
        }
        double[] out = new double[(int) n];
        SeededRandom r = new SeededRandom(SeededRandom.streamSeed(seed, param));
        switch (name) {
            case "default": {
                long fanIn = options.containsKey("fan_in") ? (long) num(options, "fan_in", 0) : fans(shape).fanIn();
                double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
                uniform(r, out, -bound, bound);
                break;
            }
            case "xavier_uniform": {
                Fans f = fans(shape);
                double bound = num(options, spec, "gain") * Math.sqrt(6.0 / (f.fanIn() + f.fanOut()));
                uniform(r, out, -bound, bound);
                break;
            }
            case "xavier_normal": {
                Fans f = fans(shape);
                normal(r, out, 0, num(options, spec, "gain") * Math.sqrt(2.0 / (f.fanIn() + f.fanOut())));
                break;
            }
            case "he_normal":
                normal(r, out, 0, Math.sqrt(2.0 / fans(shape).fanIn()));
                break;
            case "he_uniform": {
                double bound = Math.sqrt(6.0 / fans(shape).fanIn());
                uniform(r, out, -bound, bound);
                break;
            }
            case "normal":
                normal(r, out, num(options, spec, "mean"), num(options, spec, "std"));
                break;
            case "uniform": {
                double low = num(options, spec, "low");
                double high = num(options, spec, "high");
                if (!(low <= high)) {
                    throw new IllegalArgumentException("initializer `uniform` needs low <= high, got low " + low
                            + " and high " + high);
                }
                uniform(r, out, low, high);
                break;
            }
            case "zeros":
                break;
            case "ones":
                Arrays.fill(out, 1.0);
                break;
            default: // constant
                if (!options.containsKey("value")) {
                    throw new IllegalArgumentException("initializer `constant` needs option `value`");
                }
                Arrays.fill(out, num(options, "value", 0));
                break;
        }
        return out;
    }

    public static double[] fill(String name, Map<String, ?> options, int[] shape, long seed, String param) {
        return fill(name, options, Arrays.stream(shape).asLongStream().toArray(), seed, param);
    }

    private static void uniform(SeededRandom r, double[] out, double low, double high) {
        double width = high - low;
        for (int i = 0; i < out.length; i++) {
            out[i] = low + width * r.nextDouble();
        }
    }

    private static void normal(SeededRandom r, double[] out, double mean, double std) {
        for (int i = 0; i < out.length; i++) {
            out[i] = mean + std * r.nextGaussian();
        }
    }

    /** Option {@code key}, or the catalog's default for {@code spec} when it is not given. */
    private static double num(Map<String, ?> options, ComponentSpec spec, String key) {
        return options.get(key) == null ? spec.defaultOf(key) : num(options, key, 0);
    }

    private static double num(Map<String, ?> options, String key, double dflt) {
        Object v = options.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("option `" + key + "` must be a number, got " + v);
        }
        return n.doubleValue();
    }
}
