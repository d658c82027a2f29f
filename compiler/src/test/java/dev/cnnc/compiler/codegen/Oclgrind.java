package dev.cnnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test's {@code main} in a child JVM whose only OpenCL platform is oclgrind (through
 * {@code OCL_ICD_VENDORS}), with its API, data-race and uninitialised-value checks on, and
 * asserts it ran there and reported nothing. The child should build its kernels with
 * {@code -cl-opt-disable}: Debian's oclgrind 21.10 cannot check uninitialised values in
 * optimised code (it stops on LLVM's {@code freeze}).
 */
final class Oclgrind {
    private static final Path ICD = Path.of("/usr/lib/oclgrind/liboclgrind-rt-icd.so");
    private static final String[] PROBLEMS = {"Invalid read", "Invalid write", "Data race", "Uninitialized",
        "Invalid", "error", "OCLGRIND"};

    private Oclgrind() {
    }

    /** Runs {@code main} of {@code mainClass} with {@code args} under oclgrind; returns its output. */
    static String assertClean(Path scratch, Class<?> mainClass, String... args) {
        return assertClean(scratch, true, mainClass, args);
    }

    /**
     * As {@link #assertClean(Path, Class, String...)}; with {@code uninitialized} false, without
     * the uninitialised-value check (invalid accesses, data races and API misuse are still checked).
     */
    static String assertClean(Path scratch, boolean uninitialized, Class<?> mainClass, String... args) {
        assertTrue(Files.exists(ICD), "oclgrind is not installed (apt-get install -y oclgrind): " + ICD);
        try {
            Files.writeString(scratch.resolve("oclgrind.icd"), ICD + "\n");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), mainClass.getName()));
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("OCL_ICD_VENDORS", scratch.toString());
            pb.environment().put("OCLGRIND_CHECK_API", "1");
            pb.environment().put("OCLGRIND_DATA_RACES", "1");
            if (uninitialized) {
                pb.environment().put("OCLGRIND_UNINITIALIZED", "1");
            }
            pb.environment().put("CNNC_CACHE", "off");
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String what = mainClass.getSimpleName() + " " + String.join(" ", args) + ":\n" + output;
            assertTrue(p.waitFor(10, TimeUnit.MINUTES), "oclgrind run timed out: " + what);
            assertEquals(0, p.exitValue(), what);
            assertTrue(output.contains("device: Oclgrind Simulator"), "ran on oclgrind: " + what);
            for (String problem : PROBLEMS) {
                assertFalse(output.contains(problem), "oclgrind reports `" + problem + "`: " + what);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
