package dev.cnnc.compiler.frontend;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.Compiler;
import dev.cnnc.compiler.diag.Diagnostic;
import dev.cnnc.compiler.diag.DiagnosticFormatter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the front end (issue 17): the stdlib's models and blocks and the samples,
 * mutated at the token level ({@link Mutator}), each checked as {@code cnnc check} checks a file
 * (parse, imports, blocks, shapes; diagnostics formatted), on a worker thread with a time limit.
 * Every mutant must give success or located errors: no exception, no diagnostic without a
 * file:line:col, nothing slower than the limit.
 *
 * <p>The suite runs {@value #DEFAULT_COUNT} mutants with seed {@value #DEFAULT_SEED}. Longer runs:
 * {@code mvn -o -B test -pl compiler -am -Dtest=FrontEndFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dcnnc.fuzz.count=50000 -Dcnnc.fuzz.seed=7} (any other seed gives other mutants; the failures,
 * with the seed and index that reproduce each, are printed and fail the test).
 */
@Tag("fuzz") // needs no OpenCL device
class FrontEndFuzzTest {
    static final int DEFAULT_COUNT = 2_000;
    static final long DEFAULT_SEED = 17;
    static final long TIME_LIMIT_SECONDS = 10;

    @Test
    void mutantsGiveSuccessOrLocatedErrors() throws Exception {
        int count = Integer.getInteger("cnnc.fuzz.count", DEFAULT_COUNT);
        long seed = Long.getLong("cnnc.fuzz.seed", DEFAULT_SEED);
        Report r = run(count, seed, Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
        System.out.println(r.summary());
        assertTrue(r.failures.isEmpty(), r.summary() + "\n" + String.join("\n\n", r.failures.subList(0,
                Math.min(10, r.failures.size()))));
    }

    /** What a run found. */
    static final class Report {
        final List<String> failures = new ArrayList<>();
        int ok;
        int userErrors;
        int timeouts;
        int internal;
        int unlocated;
        long slowestMillis;
        int slowestIndex = -1;
        long wallMillis;
        int count;
        long seed;

        String summary() {
            return String.format(Locale.ROOT, "fuzz: %,d mutants (seed %d) in %.1f s: %,d ok, %,d with located errors; "
                            + "%d internal errors, %d unlocated diagnostics, %d over %d s; slowest %d ms (mutant %d)",
                    count, seed, wallMillis / 1e3, ok, userErrors, internal, unlocated, timeouts, TIME_LIMIT_SECONDS,
                    slowestMillis, slowestIndex);
        }
    }

    /** The sources mutated: path (for relative imports) and text. */
    record Seed(Path path, String text) {
    }

    static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("stdlib/models")) && Files.isDirectory(p.resolve("samples"))) {
                return p;
            }
        }
        throw new IllegalStateException("no stdlib/models above " + here);
    }

    static List<Seed> seeds(Path root) throws IOException {
        List<Seed> out = new ArrayList<>();
        for (String dir : List.of("stdlib/models", "stdlib/blocks", "samples", "samples/bench")) {
            try (Stream<Path> files = Files.list(root.resolve(dir))) {
                for (Path p : files.filter(f -> f.toString().endsWith(".cnn")).sorted().toList()) {
                    out.add(new Seed(p, Files.readString(p, StandardCharsets.UTF_8)));
                }
            }
        }
        return out;
    }

    static Report run(int count, long seed, int threads) throws Exception {
        Path root = repositoryRoot();
        List<Seed> seeds = seeds(root);
        Compiler compiler = new Compiler(List.of(Library.folder(root.resolve("stdlib"))));
        Report report = new Report();
        report.count = count;
        report.seed = seed;
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fuzz");
            t.setDaemon(true);
            return t;
        });
        try {
            int batch = 64;
            for (int from = 0; from < count; from += batch) {
                List<Future<Outcome>> futures = new ArrayList<>();
                List<String> texts = new ArrayList<>();
                List<Seed> origins = new ArrayList<>();
                for (int i = from; i < Math.min(count, from + batch); i++) {
                    Mutator m = new Mutator(seed * 1_000_003L + i);
                    Seed s = seeds.get(m.nextInt(seeds.size()));
                    String text = m.mutate(s.text());
                    texts.add(text);
                    origins.add(s);
                    futures.add(pool.submit(() -> check(compiler, s, text)));
                }
                for (int j = 0; j < futures.size(); j++) {
                    int index = from + j;
                    String where = "mutant " + index + " (seed " + seed + ") of " + root.relativize(origins.get(j).path());
                    Outcome o;
                    try {
                        o = futures.get(j).get(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        futures.get(j).cancel(true);
                        report.timeouts++;
                        report.failures.add(where + ": over " + TIME_LIMIT_SECONDS + " s\n" + excerpt(texts.get(j)));
                        continue;
                    }
                    if (o.millis > report.slowestMillis) {
                        report.slowestMillis = o.millis;
                        report.slowestIndex = index;
                    }
                    if (o.failure != null) {
                        report.internal++;
                        report.failures.add(where + ": internal error\n" + o.failure + "\n" + excerpt(texts.get(j)));
                    } else if (o.unlocated != null) {
                        report.unlocated++;
                        report.failures.add(where + ": a diagnostic without a location: " + o.unlocated + "\n"
                                + excerpt(texts.get(j)));
                    } else if (o.ok) {
                        report.ok++;
                    } else {
                        report.userErrors++;
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        report.wallMillis = (System.nanoTime() - start) / 1_000_000;
        return report;
    }

    record Outcome(boolean ok, String failure, String unlocated, long millis) {
    }

    /** As `cnnc check` does: the front end, then the diagnostics formatted. */
    static Outcome check(Compiler compiler, Seed s, String text) {
        long t0 = System.nanoTime();
        try {
            Compilation c = compiler.check(s.path().getFileName().toString(), text, s.path().getParent());
            DiagnosticFormatter.formatAll(c.diagnostics());
            String unlocated = null;
            for (Diagnostic d : c.diagnostics().all()) {
                if (d.span() == null) {
                    unlocated = d.message();
                }
            }
            return new Outcome(c.ok(), null, unlocated, (System.nanoTime() - t0) / 1_000_000);
        } catch (Throwable e) {
            StringWriter w = new StringWriter();
            e.printStackTrace(new PrintWriter(w));
            String trace = w.toString();
            return new Outcome(false, trace.length() > 3000 ? trace.substring(0, 3000) : trace, null,
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private static String excerpt(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "\n... (" + text.length() + " characters)";
    }

    /**
     * {@code main(count, seed)} runs that many mutants, as the test does with the properties;
     * {@code main(seed, index, "show")} prints one mutant and its outcome, for a failure the test
     * printed.
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 3) {
            long seed = Long.parseLong(args[0]);
            int index = Integer.parseInt(args[1]);
            Path root = repositoryRoot();
            List<Seed> seeds = seeds(root);
            Mutator m = new Mutator(seed * 1_000_003L + index);
            Seed s = seeds.get(m.nextInt(seeds.size()));
            String text = m.mutate(s.text());
            System.out.println(text);
            System.out.println(check(new Compiler(List.of(Library.folder(root.resolve("stdlib")))), s, text));
            return;
        }
        int count = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_COUNT;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : DEFAULT_SEED;
        Report r = run(count, seed, 2);
        r.failures.forEach(f -> System.out.println(f + "\n"));
        System.out.println(r.summary());
        System.exit(r.failures.isEmpty() ? 0 : 1);
    }
}
