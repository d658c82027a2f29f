package dev.cnnc.runtime.opencl;

import static org.jocl.CL.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_program;

/**
 * The units of a {@link Program} ({@link Program#units}) on one device, built as they are first
 * needed: {@link #ensure} builds the units that define the given kernels, all at once.
 *
 * <p>A unit whose binary the {@link BinaryCache} has (keyed by the unit's own source, so a unit
 * that another model or another batch size built is found) is loaded. The others are compiled on
 * every core at once: PoCL compiles one kernel at a time per process (a global lock), so besides a
 * thread of this process, {@link UnitCompiler} processes take units from a shared queue, largest
 * first, and hand back binaries, which are cached. PoCL specialises each kernel to its work-group
 * size at its first launch unless {@code POCL_WORK_GROUP_SPECIALIZATION=0} ({@code bin/cnnc}
 * sets it); while it does, a binary would make it compile every kernel twice, so units are then
 * built here from source, one by one, and PoCL's own cache (keyed by source too) keeps them.
 */
public final class ClProgramSet implements AutoCloseable {
    /** Told after each unit is ready: how many are, of how many this build needed. */
    public interface Progress {
        void built(int done, int total);

        /**
         * After each build: the units it needed, how many were compiled (the rest came from the
         * cache), its wall time, and the device compiler's messages (warnings; "" for none).
         */
        default void finished(int units, int compiled, double millis, String log) {
        }

        /** A line per build on {@code err}, and the compiler's messages when it had any. */
        static Progress verbose(java.io.PrintStream err) {
            return new Progress() {
                @Override
                public void built(int done, int total) {
                }

                @Override
                public void finished(int units, int compiled, double millis, String log) {
                    err.printf(java.util.Locale.ROOT, "cnnc: built %d kernel unit%s in %.2f s (%d compiled, %d from the "
                            + "cache)%n", units, units == 1 ? "" : "s", millis / 1e3, compiled, units - compiled);
                    if (!log.isBlank()) {
                        err.println("cnnc: the device compiler said:\n" + log.strip());
                    }
                }
            };
        }

        Progress NONE = (done, total) -> { };

        /**
         * One line on a terminal, {@code building kernels 37/120}, redrawn after each unit and
         * cleared when the last is built. Builds of one unit alone draw nothing.
         */
        static Progress terminal(java.io.PrintStream term) {
            return (done, total) -> {
                if (total < 2) {
                    return;
                }
                synchronized (term) {
                    String line = "building kernels " + done + "/" + total;
                    term.print(done < total ? "\r" + line : "\r" + " ".repeat(line.length()) + "\r");
                    term.flush();
                }
            };
        }
    }

    private static final Pattern KERNEL = Pattern.compile(
            "\\b(?:__kernel|kernel)\\s+(?:__attribute__\\s*\\(\\(.*?\\)\\)\\s*)?void\\s+(\\w+)\\s*\\(");

    private final ClDevice device;
    private final Program program;
    private final BinaryCache cache;
    private final Progress progress;
    private final List<String> units;
    private final String prelude;
    private final ClProgram[] built;
    private final Map<String, Integer> unitOf = new HashMap<>();
    private int compiled;
    private double millis;

    ClProgramSet(ClDevice device, Program program, BinaryCache cache, Progress progress) {
        this.device = device;
        this.program = program;
        this.cache = cache;
        this.progress = progress;
        this.units = program.units();
        this.prelude = Program.prelude(program.source());
        this.built = new ClProgram[units.size()];
        for (int i = 0; i < units.size() && units.size() > 1; i++) {
            Matcher m = KERNEL.matcher(units.get(i));
            while (m.find()) {
                unitOf.putIfAbsent(m.group(1), i);
            }
        }
    }

    /** The number of units. */
    public int units() {
        return units.size();
    }

    /** Units built so far, from source or from the cache. */
    public int builtUnits() {
        int n = 0;
        for (ClProgram p : built) {
            n += p == null ? 0 : 1;
        }
        return n;
    }

    /** The program each unit is built in so far (null: not built), in unit order; merged units share one. */
    public List<ClProgram> programs() {
        return java.util.Collections.unmodifiableList(java.util.Arrays.asList(built));
    }

    /** Units compiled from source so far (the others came from the binary cache). */
    public int compiled() {
        return compiled;
    }

    /** Wall time of all builds so far, in ms. */
    public double buildMillis() {
        return millis;
    }

    /** The build logs of the units that have one (warnings), each headed by its unit's number. */
    public String buildLog() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < built.length; i++) {
            String log = built[i] == null ? "" : built[i].buildLog().strip();
            if (!log.isEmpty()) {
                b.append("unit ").append(i + 1).append(":\n").append(log).append('\n');
            }
        }
        return b.toString();
    }

    /** The unit that defines {@code kernel} (the only one, for a program of one unit). */
    private int unitOf(String kernel) {
        if (units.size() == 1) {
            return 0;
        }
        Integer u = unitOf.get(kernel);
        if (u == null) {
            throw new ClException(CL_INVALID_KERNEL_NAME, "no unit of " + program.sourceName()
                    + " defines kernel " + kernel);
        }
        return u;
    }

    /** Builds, all at once, the units that define {@code kernels} and are not built yet. */
    public void ensure(Collection<String> kernels) {
        Set<Integer> need = new LinkedHashSet<>();
        for (String k : kernels) {
            int u = unitOf(k);
            if (built[u] == null) {
                need.add(u);
            }
        }
        if (!need.isEmpty()) {
            build(new ArrayList<>(need));
        }
    }

    /**
     * The kernel {@code name}, from the unit that defines it (built first if it is not yet).
     *
     * @throws ClException (CL_INVALID_KERNEL_NAME) when no unit defines it
     */
    public ClKernel kernel(String name) {
        int u = unitOf(name);
        if (built[u] == null) {
            build(List.of(u));
        }
        return built[u].kernel(name);
    }

    @Override
    public void close() {
        for (ClProgram p : built) {
            if (p != null) {
                p.close(); // (a program of merged units is closed once; again is a no-op)
            }
        }
        device.forget(this);
    }

    private void build(List<Integer> need) {
        long t0 = System.nanoTime();
        int compiledBefore = compiled;
        try {
            buildUnits(need);
        } finally {
            double ms = (System.nanoTime() - t0) / 1e6;
            millis += ms;
            StringBuilder log = new StringBuilder();
            java.util.Set<ClProgram> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (int i : need) {
                if (built[i] != null && seen.add(built[i]) && !built[i].buildLog().isBlank()) {
                    log.append(built[i].buildLog().strip()).append('\n');
                }
            }
            progress.finished(need.size(), compiled - compiledBefore, ms, log.toString());
        }
    }

    private void buildUnits(List<Integer> need) {
        String options = program.buildOptions();
        String name = program.sourceName();
        int total = need.size();
        AtomicInteger done = new AtomicInteger();
        Map<Integer, String> keys = new HashMap<>();
        List<Integer> missing = new ArrayList<>();
        boolean binaries = !specialisingPocl(device.info());
        for (int i : need) {
            if (cache != null) {
                String key = cache.key(units.get(i), options, device.info());
                keys.put(i, key);
                Optional<byte[]> binary = binaries ? cache.load(key) : Optional.empty();
                if (binary.isPresent()) {
                    try {
                        built[i] = device.adoptProgram(ClProgram.ofBinary(device, name, binary.get(), options, "",
                                true));
                        cache.hit();
                        progress.built(done.incrementAndGet(), total);
                        continue;
                    } catch (ClException e) {
                        cache.rejected(key, e.getMessage());
                    }
                }
            }
            missing.add(i);
        }
        if (missing.size() > 1 && !(binaries && parallelWorth(missing))) {
            buildMerged(missing, options, binaries, done, total);
            return;
        }
        Map<Integer, Built> made = missing.size() > 1 ? compileInParallel(missing, options, done, total) : Map.of();
        for (int i : missing) {
            byte[] binary = made.containsKey(i) ? made.get(i).binary() : null;
            ClProgram p = null;
            if (binary != null) {
                try {
                    p = ClProgram.ofBinary(device, name, binary, options, made.get(i).log(), false);
                } catch (ClException e) {
                    p = null; // the driver refuses its own binary: build from source below
                }
            }
            if (p == null) {
                p = ClProgram.ofSource(device, name, units.get(i), options); // throws a build error with its log
                if (binaries) {
                    binary = binaryOf(p);
                }
                if (!made.containsKey(i)) {
                    progress.built(done.incrementAndGet(), total);
                }
            }
            if (cache != null && binary != null && binary.length > 0) {
                cache.store(keys.get(i), binary);
            }
            built[i] = device.adoptProgram(p);
            compiled++;
        }
    }

    /**
     * Builds {@code missing} as one program (the prelude once, then each unit's text): a few small
     * units cost less together than apart, where each program has its own fixed cost in the driver.
     * Cached under the text of the whole, which the same units, asked for together again, give again.
     */
    private void buildMerged(List<Integer> missing, String options, boolean binaries, AtomicInteger done,
            int total) {
        StringBuilder text = new StringBuilder(prelude);
        for (int i : missing) {
            text.append(units.get(i), prelude.length(), units.get(i).length());
        }
        String source = text.toString();
        String key = cache == null ? null : cache.key(source, options, device.info());
        ClProgram p = null;
        Optional<byte[]> binary = key != null && binaries ? cache.load(key) : Optional.empty();
        if (binary.isPresent()) {
            try {
                p = ClProgram.ofBinary(device, program.sourceName(), binary.get(), options, "", true);
                cache.hit();
            } catch (ClException e) {
                cache.rejected(key, e.getMessage());
            }
        }
        if (p == null) {
            p = ClProgram.ofSource(device, program.sourceName(), source, options); // a build error with its log
            compiled += missing.size();
            if (binaries) {
                byte[] b = binaryOf(p);
                if (cache != null && b != null && b.length > 0) {
                    cache.store(key, b);
                }
            }
        }
        device.adoptProgram(p);
        for (int i : missing) {
            built[i] = p;
        }
        progress.built(done.addAndGet(missing.size()), total);
    }

    private byte[] binaryOf(ClProgram p) {
        try {
            return p.binary();
        } catch (ClException e) {
            if (cache != null) {
                cache.problem("no binary to cache: " + e.getMessage()); // the build itself succeeded
            }
            return null;
        }
    }

    /** Kernels below which a build stays on this thread: a helper process would cost more than it saves. */
    static final int PARALLEL_KERNELS = 12;

    /** Whether {@code missing} is worth compiling on several cores: at least two units and some kernels. */
    private boolean parallelWorth(List<Integer> missing) {
        if (missing.size() < 2 || jobs() < 2) {
            return false;
        }
        int kernels = 0;
        for (int i : missing) {
            Matcher m = KERNEL.matcher(units.get(i));
            while (m.find()) {
                kernels++;
            }
        }
        return kernels >= PARALLEL_KERNELS;
    }

    /** PoCL specialises kernels at their first launch unless {@code POCL_WORK_GROUP_SPECIALIZATION=0}. */
    static boolean specialisingPocl(DeviceInfo info) {
        return isPocl(info) && !"0".equals(System.getenv("POCL_WORK_GROUP_SPECIALIZATION"));
    }

    static boolean isPocl(DeviceInfo info) {
        return info.platformName().contains("Portable Computing Language");
    }

    /**
     * How many units are compiled at once: {@code $CNNC_BUILD_JOBS}, else the number of cores.
     */
    static int jobs() {
        String env = System.getenv("CNNC_BUILD_JOBS");
        if (env != null && env.matches("\\d{1,3}") && Integer.parseInt(env) >= 1) {
            return Integer.parseInt(env);
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Compiles {@code missing} on a thread of this process (in a context of its own) and on
     * {@link UnitCompiler} processes, which take units from one queue, largest first. Returns the
     * binaries made; a unit that failed anywhere is absent (it is then built here, from source,
     * where its build error is reported with its log).
     */
    /** A unit compiled elsewhere: its binary and the compiler's messages. */
    private record Built(byte[] binary, String log) {
    }

    private Map<Integer, Built> compileInParallel(List<Integer> missing, String options, AtomicInteger done,
            int total) {
        int jobs = Math.min(missing.size(), jobs());
        ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
        missing.stream().sorted(Comparator.comparingInt((Integer i) -> units.get(i).length()).reversed())
                .forEach(queue::add);
        Map<Integer, Built> made = new java.util.concurrent.ConcurrentHashMap<>();
        Path dir;
        try {
            dir = Files.createTempDirectory("cnnc-units");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a folder for kernel units", e);
        }
        List<Thread> threads = new ArrayList<>();
        try {
            for (int w = 0; w < jobs; w++) {
                Runnable worker = w == 0 ? () -> compileHere(queue, options, made, done, total)
                        : () -> compileInProcess(queue, options, dir, made, done, total);
                Thread t = new Thread(worker, "cnnc-build-" + w);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building kernels", e);
        } finally {
            deleteTree(dir);
        }
        return made;
    }

    /** The worker of this process: units from {@code queue}, built in a context of its own. */
    private void compileHere(ConcurrentLinkedQueue<Integer> queue, String options, Map<Integer, Built> made,
            AtomicInteger done, int total) {
        cl_device_id id = device.id();
        int[] err = new int[1];
        cl_context ctx = clCreateContext(null, 1, new cl_device_id[] {id}, null, null, err);
        if (err[0] != CL_SUCCESS) {
            return; // the units stay for the device's own context
        }
        NativeObjects.created(NativeObjects.Kind.CONTEXT);
        try {
            for (Integer i = queue.poll(); i != null; i = queue.poll()) {
                try {
                    cl_program p = ClProgram.fromSource(ctx, id, device.info(), program.sourceName(), units.get(i),
                            options);
                    try {
                        made.put(i, new Built(ClProgram.binary(p), ClProgram.log(p, id)));
                        progress.built(done.incrementAndGet(), total);
                    } finally {
                        ClProgram.release(p);
                    }
                } catch (ClException e) {
                    // built again in the device's context, which reports the error
                }
            }
        } finally {
            clReleaseContext(ctx);
            NativeObjects.released(NativeObjects.Kind.CONTEXT);
        }
    }

    /**
     * Gives a {@link UnitCompiler} process units from {@code queue} one at a time (their source in
     * a file, the binary back in another) until the queue is empty. The process is taken from
     * {@link Helper#POOL} and put back, so a later build in this JVM does not start another; one
     * that cannot start or fails leaves its units to the others and to this process.
     */
    private void compileInProcess(ConcurrentLinkedQueue<Integer> queue, String options, Path dir,
            Map<Integer, Built> made, AtomicInteger done, int total) {
        Helper h = Helper.take(device.info().index(), options);
        if (h == null) {
            return;
        }
        try {
            for (Integer i = queue.poll(); i != null; i = queue.poll()) {
                Path src = dir.resolve(i + ".cl");
                Path bin = dir.resolve(i + ".bin");
                Files.writeString(src, units.get(i));
                String reply = h.ask(src + "\t" + bin);
                if (reply == null) {
                    queue.add(i); // the process died: the unit goes back for the others
                    h.kill();
                    return;
                }
                if (reply.equals("ok")) {
                    Path log = dir.resolve(i + ".bin.log");
                    made.put(i, new Built(Files.readAllBytes(bin), Files.exists(log) ? Files.readString(log) : ""));
                    progress.built(done.incrementAndGet(), total);
                }
            }
            Helper.give(h);
        } catch (IOException e) {
            h.kill(); // what it did not finish is built here
        }
    }

    /** A {@link UnitCompiler} process for one device and build options, kept for the next build. */
    private static final class Helper {
        static final java.util.Deque<Helper> POOL = new java.util.ArrayDeque<>();

        final String key;
        final Process proc;
        final PrintWriter to;
        final BufferedReader from;

        private Helper(String key, Process proc) {
            this.key = key;
            this.proc = proc;
            this.to = new PrintWriter(new OutputStreamWriter(proc.getOutputStream(), StandardCharsets.UTF_8), true);
            this.from = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8));
        }

        /** An idle helper for device {@code index} and {@code options}, or a new one; null if none can start. */
        static Helper take(int index, String options) {
            String key = index + "\n" + options;
            synchronized (POOL) {
                for (java.util.Iterator<Helper> it = POOL.iterator(); it.hasNext(); ) {
                    Helper h = it.next();
                    if (h.key.equals(key)) {
                        it.remove();
                        if (h.proc.isAlive()) {
                            return h;
                        }
                    }
                }
            }
            try {
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp",
                        System.getProperty("java.class.path"), UnitCompiler.class.getName(),
                        Integer.toString(index), options);
                pb.redirectError(ProcessBuilder.Redirect.DISCARD); // the driver's chatter; errors are rebuilt here
                return new Helper(key, pb.start()); // it ends when its input closes: with this JVM at the latest
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        static void give(Helper h) {
            synchronized (POOL) {
                POOL.push(h);
            }
        }

        /** Sends one request line; its answer, or null when the process is gone. */
        String ask(String line) throws IOException {
            to.println(line);
            return to.checkError() ? null : from.readLine();
        }

        void kill() {
            proc.destroy();
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }
}
