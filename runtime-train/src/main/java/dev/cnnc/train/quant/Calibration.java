package dev.cnnc.train.quant;

import dev.cnnc.runtime.opencl.Executor;
import dev.cnnc.runtime.opencl.Program;
import dev.cnnc.train.ModelBinding;
import dev.cnnc.train.Reals;
import dev.cnnc.train.data.Batch;
import dev.cnnc.train.data.DataLoader;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs a float model's inference phase over calibration batches and finds the clip threshold
 * (amax) of the activations that enter and leave each quantizable layer, by a {@link Calibrator}
 * per tensor. The activations are read on the device as the phase runs: a layer's input just
 * before its first launch, its output just after its last one, so that buffers the memory
 * planner shares later are read while they still hold the value. A tensor that is one layer's
 * output and the next one's input is read and counted once per batch.
 *
 * <p>Batches are read twice (the calibrators' two passes: max |x|, then the histogram), in the
 * same order, so the loader must give the same batches each time (no shuffling, no
 * augmentation); only full batches are used, so that padding never enters a histogram.
 */
public final class Calibration {
    private Calibration() {
    }

    /**
     * A layer whose launches carry the origin {@code <node> inference}, reading the tensor named
     * {@code input} (in program buffer {@code inputBuffer}) and writing the one named
     * {@code output} (in {@code outputBuffer}); each holds {@code inputElements} /
     * {@code outputElements} reals per sample.
     */
    public record Site(String node, String input, int inputBuffer, long inputElements, String output,
                       int outputBuffer, long outputElements) {
        public Site {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(output, "output");
            if (inputElements < 1 || outputElements < 1) {
                throw new IllegalArgumentException(node + ": a calibrated tensor needs at least one element");
            }
        }
    }

    /** The calibration of one tensor: its clip threshold and how many values it was found from. */
    public record Range(String tensor, double amax, double max, long values) {
        /** The int8 scale amax / 127 ({@link Int8#scale}). */
        public float scale() {
            return Int8.scale(amax);
        }
    }

    /**
     * Calibrates every tensor the {@code sites} read or write over the first {@code batches} full
     * batches of {@code loader} (fewer if it has fewer), running {@link ModelBinding#EVALUATION}
     * of {@code m} on {@code ex} (weights already loaded). Returns each tensor's range by name,
     * in the order first met.
     *
     * @param percentile the percentile for {@link Calibrator.Method#PERCENTILE}, else ignored
     * @throws IllegalArgumentException when the loader has no full batch
     */
    public static Map<String, Range> run(ModelBinding m, Executor ex, DataLoader loader, int batches,
                                         List<Site> sites, Calibrator.Method method, double percentile) {
        if (batches < 1) {
            throw new IllegalArgumentException("calibration needs at least one batch: " + batches);
        }
        Map<String, Long> elements = new LinkedHashMap<>();
        Map<String, Integer> buffers = new LinkedHashMap<>();
        Map<String, Site> byNode = new LinkedHashMap<>();
        for (Site s : sites) {
            elements.putIfAbsent(s.input(), s.inputElements());
            elements.putIfAbsent(s.output(), s.outputElements());
            buffers.putIfAbsent(s.input(), s.inputBuffer());
            buffers.putIfAbsent(s.output(), s.outputBuffer());
            byNode.put(s.node(), s);
        }
        Map<String, Calibrator> calibrators = new LinkedHashMap<>();
        for (String t : elements.keySet()) {
            calibrators.put(t, new Calibrator());
        }
        List<Program.Launch> phase = m.program().phases().get(ModelBinding.EVALUATION);
        if (phase == null) {
            throw new IllegalArgumentException(m.name() + "'s program has no " + ModelBinding.EVALUATION + " phase");
        }
        boolean histogram = method.needsHistogram();
        int used = 0;
        for (int pass = 0; pass < (histogram ? 2 : 1); pass++) {
            boolean collect = pass == 1;
            used = 0;
            for (Batch b : loader.epoch(0)) {
                if (used == batches) {
                    break;
                }
                if (b.size() < m.batch()) {
                    continue; // a padded last batch
                }
                Reals.write(ex.buffer(m.input()), b.images(), m.fp64());
                Set<String> seen = new HashSet<>();
                java.util.function.Consumer<String> read = t -> {
                    if (elements.containsKey(t) && seen.add(t)) {
                        float[] v = new float[Math.toIntExact(elements.get(t) * m.batch())];
                        Reals.read(ex.buffer(buffers.get(t)), v, m.fp64());
                        if (collect) {
                            calibrators.get(t).collect(v);
                        } else {
                            calibrators.get(t).observe(v);
                        }
                    }
                };
                String first = node(phase.get(0));
                if (first != null && byNode.containsKey(first)) {
                    read.accept(byNode.get(first).input());
                }
                ex.run(ModelBinding.EVALUATION, (launch, j) -> {
                    String here = node(launch);
                    String next = j + 1 < phase.size() ? node(phase.get(j + 1)) : null;
                    if (Objects.equals(here, next)) {
                        return; // inside one layer's launches
                    }
                    if (here != null && byNode.containsKey(here)) {
                        read.accept(byNode.get(here).output());
                    }
                    if (next != null && byNode.containsKey(next)) {
                        read.accept(byNode.get(next).input());
                    }
                });
                used++;
            }
            if (used == 0) {
                throw new IllegalArgumentException("no full batch of " + m.batch() + " samples to calibrate with");
            }
        }
        Map<String, Range> out = new LinkedHashMap<>();
        for (Map.Entry<String, Calibrator> e : calibrators.entrySet()) {
            Calibrator c = e.getValue();
            out.put(e.getKey(), new Range(e.getKey(), c.amax(method, percentile), c.max(), c.count()));
        }
        return out;
    }

    /** The node a launch of the inference phase belongs to, from its origin {@code "<node> inference"}; else null. */
    static String node(Program.Launch l) {
        String o = l.origin();
        String suffix = " inference";
        return o != null && o.endsWith(suffix) ? o.substring(0, o.length() - suffix.length()) : null;
    }

}
