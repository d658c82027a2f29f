package dev.cnnc.compiler.codegen;

import dev.cnnc.runtime.opencl.ClBuffer;
import dev.cnnc.runtime.opencl.ClDevice;
import dev.cnnc.runtime.opencl.ClKernel;
import dev.cnnc.train.Reals;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * {@code cnnc tune}'s search: for each distinct GEMM shape of a lowered program, times candidate
 * {@link GemmTiling}s of its kernel on the device (OpenCL profiling events, the fastest of a few
 * launches) and keeps the fastest. The default is measured first and a candidate replaces it only
 * when it is clearly faster ({@value #MARGIN}), so a tuned program is never slower than the
 * default by more than the noise; every candidate's output is compared with the default's before
 * it may win. The search space is small: {@link #ROWS} × {@link #VECTORS} register blocks at the
 * default group width, then {@link #GROUP_WIDTHS} for the two best blocks.
 */
public final class GemmTuner {
    public static final int[] ROWS = {4, 6, 8, 12};
    public static final int[] VECTORS = {1, 2, 3};
    public static final int[] GROUP_WIDTHS = {1, 2, 4, 8, 16, 32};
    /** A candidate must beat the best so far by this factor to replace it. */
    static final double MARGIN = 0.97;

    private GemmTuner() {
    }

    /** A distinct product of a program ({@link Tuning#key}) and how many launches of it one step makes. */
    public record Shape(String key, Tunable product, int launches) {
        /** Multiply-adds of one launch. */
        public double macs() {
            return product.macs();
        }
    }

    /**
     * What the search found for one shape.
     *
     * @param tried candidates measured (the default included); 0 when the budget ran out first
     */
    public record Result(Shape shape, GemmTiling defaultTiling, double defaultMs, GemmTiling best, double bestMs,
                         int tried) {
        public double speedup() {
            return defaultMs / bestMs;
        }
    }

    /**
     * The GEMM shapes of {@code l}, most work per step first, counting the launches of every phase
     * but {@code forward_inference} (evaluation only).
     */
    public static List<Shape> shapes(Lowered l) {
        Map<String, Integer> launches = new HashMap<>();
        for (Map.Entry<String, List<dev.cnnc.runtime.opencl.Program.Launch>> phase : l.program().phases().entrySet()) {
            if (!phase.getKey().equals(Lowered.FORWARD_INFERENCE)) {
                for (dev.cnnc.runtime.opencl.Program.Launch launch : phase.getValue()) {
                    launches.merge(launch.kernel(), 1, Integer::sum);
                }
            }
        }
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (Lowered.GemmUse g : l.gemms()) {
            String key = g.product().key();
            int n = launches.getOrDefault(g.kernel(), 0);
            Shape old = shapes.get(key);
            shapes.put(key, new Shape(key, old == null ? g.product() : old.product(),
                    (old == null ? 0 : old.launches()) + n));
        }
        List<Shape> out = new ArrayList<>(shapes.values());
        out.removeIf(s -> s.launches() == 0);
        out.sort(Comparator.comparingDouble((Shape s) -> -s.macs() * s.launches()).thenComparing(Shape::key));
        return out;
    }

    /**
     * The register blocks to try, {@code first} first, at its group width; then one vector wide
     * before two and three (narrow blocks make more work-items, which the many small products of a
     * training step need), fewer rows first. Building a candidate takes most of a tuning run (about
     * a second each with PoCL), so the order decides what a short budget reaches.
     */
    public static List<GemmTiling> blocks(GemmTiling first) {
        List<GemmTiling> out = new ArrayList<>(List.of(first));
        for (int v : VECTORS) {
            for (int r : ROWS) {
                if (r * v <= GemmTiling.MAX_ACCUMULATORS && !(r == first.rows() && v == first.vectors())) {
                    out.add(new GemmTiling(r, v, first.groupWidth()));
                }
            }
        }
        return out;
    }

    /**
     * When to stop tuning {@code shapes[i]} of a run that ends at {@code end}: half of the time
     * left shared equally among the shapes left, half by their work (multiply-adds per step).
     */
    public static long deadline(List<Shape> shapes, int i, long now, long end) {
        double work = 0;
        for (Shape s : shapes.subList(i, shapes.size())) {
            work += s.macs() * s.launches();
        }
        Shape s = shapes.get(i);
        double share = 0.5 / (shapes.size() - i) + (work > 0 ? 0.5 * s.macs() * s.launches() / work : 0);
        return now + (long) ((end - now) * Math.min(1, share));
    }

    /**
     * Searches tilings of {@code shape} until {@code deadline} ({@link System#nanoTime}); the
     * default and the first candidate that runs are always measured, so that a budget spent on
     * building the default (a busy machine, a slow compiler) still compares one alternative.
     * Candidates whose output differs from the default's, or that the device cannot launch, are
     * skipped with a message to {@code warn}.
     */
    public static Result tune(ClDevice device, Precision p, Shape shape, GemmTiling dflt, long deadline, int repeats,
                              Consumer<String> warn) {
        try (TuneBench bench = shape.product().bench(device, p)) {
            double[] reference = bench.run(dflt);
            double defaultMs = bench.time(dflt, repeats);
            int tried = 1;
            List<GemmTiling> measured = new ArrayList<>();
            Map<GemmTiling, Double> times = new HashMap<>();
            times.put(dflt, defaultMs);
            measured.add(dflt);
            for (GemmTiling t : blocks(dflt).subList(1, blocks(dflt).size())) {
                if (tried > 1 && System.nanoTime() >= deadline) {
                    break;
                }
                Double ms = measure(bench, t, reference, repeats, warn);
                if (ms != null) {
                    tried++;
                    times.put(t, ms);
                    measured.add(t);
                }
            }
            measured.sort(Comparator.comparingDouble(times::get));
            for (GemmTiling top : measured.subList(0, Math.min(2, measured.size()))) {
                for (int w : GROUP_WIDTHS) {
                    GemmTiling t = new GemmTiling(top.rows(), top.vectors(), w);
                    long tiles = bench.global(t)[0];
                    if (System.nanoTime() >= deadline) {
                        break;
                    }
                    // Widths that give the same work-group as one measured already need no launch.
                    if (times.containsKey(t) || times.keySet().stream().anyMatch(o -> o.rows() == t.rows()
                            && o.vectors() == t.vectors() && o.groupFor(tiles) == t.groupFor(tiles))) {
                        continue;
                    }
                    Double ms = measure(bench, t, reference, repeats, warn);
                    if (ms != null) {
                        tried++;
                        times.put(t, ms);
                    }
                }
            }
            GemmTiling fastest = times.keySet().stream().min(Comparator.comparingDouble((GemmTiling t) -> times.get(t))
                    .thenComparing(GemmTiling::toString)).orElseThrow();
            if (times.get(fastest) < defaultMs * MARGIN) {
                return new Result(shape, dflt, defaultMs, fastest, times.get(fastest), tried);
            }
            return new Result(shape, dflt, defaultMs, dflt, defaultMs, tried);
        }
    }

    /** The candidate's time, or null when it cannot run or computes something else than the default. */
    private static Double measure(TuneBench bench, GemmTiling t, double[] reference, int repeats, Consumer<String> warn) {
        try {
            double[] c = bench.run(t);
            double scale = 1;
            for (double r : reference) {
                scale = Math.max(scale, Math.abs(r));
            }
            double tol = (bench.precision() == Precision.FP64 ? 1e-9 : 1e-3) * scale;
            for (int i = 0; i < c.length; i++) {
                if (!(Math.abs(c[i] - reference[i]) <= tol)) {
                    warn.accept("tiling " + t + " of " + bench.key() + " computes a different product (at "
                            + i + ": " + c[i] + " instead of " + reference[i] + "); skipped");
                    return null;
                }
            }
            return bench.time(t, repeats);
        } catch (RuntimeException e) {
            warn.accept("tiling " + t + " of " + bench.key() + " cannot run here (" + e.getMessage()
                    + "); skipped");
            return null;
        }
    }

    /**
     * One product on a device with buffers of its own (A, B, C and a bias, each as large as the
     * spec's strides reach), to run or time any tiling of it: the tuner's bench and the tests'.
     */
    public static final class Bench extends TuneBench {
        final Gemm.Spec spec;
        private final ClBuffer a;
        private final ClBuffer b;
        private final ClBuffer c;
        private final ClBuffer bias;
        private double[] cInit;

        public Bench(ClDevice device, Gemm.Spec spec, Precision precision) {
            super(device, precision);
            this.spec = spec.withEpilogue(null, false); // timed without the epilogue (not part of the tuning key)
            try {
                a = allocate(aElements(spec));
                b = allocate(bElements(spec));
                c = allocate(cElements(spec));
                bias = allocate(Math.max(spec.m(), spec.n()));
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        /** Elements of A that the spec reads. */
        public static long aElements(Gemm.Spec s) {
            return (s.batches() - 1) * s.az() + (s.sums() - 1) * s.ay() + (s.m() - 1) * s.sam() + (s.k() - 1) * s.sak()
                    + 1;
        }

        /** Elements of B that the spec reads. */
        public static long bElements(Gemm.Spec s) {
            return (s.batches() - 1) * s.bz() + (s.sums() - 1) * s.by() + (s.k() - 1) * s.ldb() + s.n();
        }

        /** Elements of C that the spec writes. */
        public static long cElements(Gemm.Spec s) {
            return (s.batches() - 1) * s.cz() + (s.m() - 1) * s.ldc() + s.n();
        }

        /** Sets the inputs and C's starting value (read back by accumulating products). */
        public void inputs(double[] aValues, double[] bValues, double[] cValues, double[] biasValues) {
            boolean fp64 = precision == Precision.FP64;
            Reals.write(a, aValues, fp64);
            Reals.write(b, bValues, fp64);
            Reals.write(bias, biasValues, fp64);
            cInit = cValues.clone();
        }

        /** Inputs uniform in [-1, 1] from {@code seed}, C zero. */
        public void randomInputs(long seed) {
            Random r = new Random(seed);
            inputs(random(r, aElements(spec)), random(r, bElements(spec)), new double[(int) cElements(spec)],
                    random(r, Math.max(spec.m(), spec.n())));
        }

        @Override
        public String key() {
            return Tuning.key(spec);
        }

        @Override
        public long[] global(GemmTiling t) {
            return Gemm.global(spec, t);
        }

        @Override
        public long[] local(GemmTiling t) {
            return Gemm.local(spec, t);
        }

        @Override
        protected String source(GemmTiling t, String name) {
            return Lowering.prelude(precision) + KernelTemplate.load("gemm").render(withKernel(
                    Gemm.values(spec, t, precision, t + " (candidate)"), name));
        }

        @Override
        protected String function(String name) {
            return name + "_gemm";
        }

        @Override
        protected void bind(ClKernel k) {
            k.args(a, 0L, b, 0L, c, 0L, bias, spec.m(), spec.k());
        }

        @Override
        protected void reset() {
            Reals.write(c, cInit, precision == Precision.FP64);
        }

        @Override
        protected double[] output() {
            return Reals.read(c, cInit.length, precision == Precision.FP64);
        }
    }

    /** The values of a template with {@code KERNEL} set to {@code name}. */
    public static Map<String, String> withKernel(KernelTemplate.Values v, String name) {
        Map<String, String> m = new LinkedHashMap<>(v.map());
        m.put("KERNEL", name);
        return m;
    }
}
