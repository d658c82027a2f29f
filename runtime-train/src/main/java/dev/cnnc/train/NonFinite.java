package dev.cnnc.train;

import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.runtime.opencl.Program;
import dev.cnnc.train.io.HostTensor;
import dev.cnnc.train.io.StateDict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * NaN and infinity: counting them in host arrays and tensors, and tracing a training step's
 * first one to the layer that produced it.
 *
 * <p>Training reads the per-sample losses every step anyway, so checking them costs nothing
 * measurable; only when one is not finite does {@link #trace} rerun the step with a check after
 * every layer (reading each layer's output, then each backward rule's gradients, from the
 * device), which is slow but happens once, just before the run stops.
 */
public final class NonFinite {
    private NonFinite() {
    }

    /** A NaN or infinity where a finite value was needed; the message is for the user. */
    public static final class NonFiniteException extends RuntimeException {
        public NonFiniteException(String message) {
            super(message);
        }
    }

    /** How many of {@code v[0..n)} are NaN or infinite. */
    public static int count(float[] v, int n) {
        int bad = 0;
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(v[i])) {
                bad++;
            }
        }
        return bad;
    }

    /** How many of {@code v} are NaN or infinite. */
    public static int count(double[] v) {
        int bad = 0;
        for (double x : v) {
            if (!Double.isFinite(x)) {
                bad++;
            }
        }
        return bad;
    }

    /**
     * The floating-point tensors of {@code d} that hold a NaN or an infinity, as
     * {@code "conv1.weight (3 of 150 values)"}; empty when all are finite.
     */
    public static List<String> tensors(StateDict d) {
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, HostTensor> e : d) {
            HostTensor t = e.getValue();
            if (t.dtype().isFloatingPoint()) {
                double[] v = t.toDoubleArray();
                int n = count(v);
                if (n > 0) {
                    bad.add(describe(e.getKey(), n, v.length));
                }
            }
        }
        return bad;
    }

    /** The model's floating-point parameters and buffers on the device that hold a NaN or an infinity. */
    public static List<String> parameters(ModelBinding m, Executor ex) {
        List<String> bad = new ArrayList<>();
        for (ModelBinding.ParamBinding p : m.params()) {
            if (p.floating()) {
                int n = count(Reals.read(ex.buffer(p.buffer()), (int) p.elements(), m.fp64()));
                if (n > 0) {
                    bad.add(describe(p.name(), n, p.elements()));
                }
            }
        }
        return bad;
    }

    /**
     * Reruns the training step whose batch is on the device (input, labels and the dropout seed
     * as the step had them) phase by phase, checking after every layer, and says where the first
     * NaN or infinity appeared: in the input batch, in a layer's output (forward), in the loss,
     * or in a gradient that a layer's backward rule wrote. Null when the rerun stays finite. The
     * step's gradients are left in an unusable state: the run stops after this.
     */
    public static String trace(ModelBinding m, Executor ex) {
        Program program = m.program();
        int inputElements = m.batch() * m.sampleLength();
        int bad = count(Reals.read(ex.buffer(m.input()), inputElements, m.fp64()));
        if (bad > 0) {
            return "the input batch: " + values(bad, inputElements) + " are NaN or infinite (check the data and its "
                    + "normalisation)";
        }
        Map<String, ModelBinding.NodeProbe> probes = new HashMap<>();
        for (ModelBinding.NodeProbe p : m.nodes()) {
            probes.put(p.name(), p);
        }
        String[] found = new String[1];
        List<Program.Launch> forward = program.phases().get("forward");
        ex.run("forward", (launch, j) -> {
            String node = lastOfNode(forward, j, "forward");
            if (found[0] == null && node != null) {
                int output = probes.containsKey(node) ? probes.get(node).output() : bufferNamed(program, node);
                String what = check(m, ex, output);
                if (what != null) {
                    found[0] = "the output of layer " + named(node, probes) + " in the forward pass: " + what;
                }
            }
        });
        if (found[0] != null) {
            return found[0];
        }
        ex.run("zero_grads");
        ex.run("loss");
        String loss = check(m, ex, m.loss());
        if (loss != null) {
            return "the loss, from finite outputs (logits): " + loss;
        }
        List<Program.Launch> backward = program.phases().get("backward");
        ex.run("backward", (launch, j) -> {
            String node = lastOfNode(backward, j, "backward");
            if (found[0] != null || node == null) {
                return;
            }
            List<Integer> grads = new ArrayList<>();
            if (probes.containsKey(node)) {
                grads.addAll(probes.get(node).grads());
            } else { // no probes (a binding made without them): the gradient buffers its launches name
                for (int i = j; i >= 0 && origin(backward.get(i)).equals(node + " backward"); i--) {
                    for (Object a : backward.get(i).args()) {
                        if (a instanceof Program.BufferRef r && program.buffers().get(r.index()).name()
                                .startsWith("grad.")) {
                            grads.add(r.index());
                        }
                    }
                }
            }
            for (int g : grads) {
                String what = check(m, ex, g);
                if (what != null) {
                    found[0] = "the gradient " + program.buffers().get(g).name() + ", written by the backward rule of "
                            + "layer " + named(node, probes) + ": " + what;
                    return;
                }
            }
        });
        return found[0];
    }

    /** The layer whose {@code direction} launches end at launch {@code j}, or null (not a layer's last launch). */
    private static String lastOfNode(List<Program.Launch> phase, int j, String direction) {
        String origin = origin(phase.get(j));
        String suffix = " " + direction;
        if (!origin.endsWith(suffix)) {
            return null;
        }
        if (j + 1 < phase.size() && origin(phase.get(j + 1)).equals(origin)) {
            return null;
        }
        return origin.substring(0, origin.length() - suffix.length());
    }

    private static String origin(Program.Launch l) {
        return l.origin();
    }

    private static int bufferNamed(Program program, String name) {
        for (int i = 0; i < program.buffers().size(); i++) {
            if (program.buffers().get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** "k of n values are NaN or infinite (first at i)" for buffer {@code index}, or null when finite. */
    private static String check(ModelBinding m, Executor ex, int index) {
        if (index < 0) {
            return null;
        }
        Program.Buffer buffer = m.program().buffers().get(index);
        int n = (int) (buffer.bytes() / (buffer.half() ? 2 : m.fp64() ? 8 : 4));
        double[] v = buffer.half() ? Reals.readHalf(ex.buffer(index), n) : Reals.read(ex.buffer(index), n, m.fp64());
        int bad = count(v);
        if (bad == 0) {
            return null;
        }
        int first = 0;
        while (Double.isFinite(v[first])) {
            first++;
        }
        return String.format(Locale.ROOT, "%s are NaN or infinite (the first, element %,d, is %s)", values(bad, n),
                first, v[first]);
    }

    private static String named(String node, Map<String, ModelBinding.NodeProbe> probes) {
        ModelBinding.NodeProbe p = probes.get(node);
        return p == null || p.location().isEmpty() ? "`" + node + "`" : "`" + node + "` (" + p.location() + ")";
    }

    private static String values(long bad, long of) {
        return String.format(Locale.ROOT, "%,d of %,d values", bad, of);
    }

    private static String describe(String name, long bad, long of) {
        return name + " (" + values(bad, of) + ")";
    }
}
