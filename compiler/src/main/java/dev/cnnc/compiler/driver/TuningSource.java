package dev.cnnc.compiler.driver;

import dev.cnnc.compiler.codegen.Tuning;
import dev.cnnc.compiler.codegen.TuningCache;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where the pipeline's tuning stage takes the GEMM tilings from: the defaults of the target's
 * kind, a {@link TuningCache} file ({@code cnnc tune} writes it; problems reading it are
 * warnings), or a {@link Tuning} given as it is (tests, and callers that tuned already).
 *
 * @param cache the cache file, or null
 * @param warn  where warnings about the cache go (with {@code cache})
 * @param fixed the tilings to use as they are, or null
 */
public record TuningSource(Path cache, Consumer<String> warn, Tuning fixed) {
    public TuningSource {
        if (cache != null && fixed != null) {
            throw new IllegalArgumentException("a tuning comes from a cache or is given, not both");
        }
        if (cache != null) {
            Objects.requireNonNull(warn, "warn");
        }
    }

    /** The defaults of the target's kind, nothing tuned ({@code --no-tune-cache}). */
    public static TuningSource defaults() {
        return new TuningSource(null, null, null);
    }

    /** The tilings {@code file} holds for the target's device and precision; warnings to {@code warn}. */
    public static TuningSource cache(Path file, Consumer<String> warn) {
        return new TuningSource(Objects.requireNonNull(file, "file"), warn, null);
    }

    /** {@code tuning} as it is, whatever the target. */
    public static TuningSource fixed(Tuning tuning) {
        return new TuningSource(null, null, Objects.requireNonNull(tuning, "tuning"));
    }
}
