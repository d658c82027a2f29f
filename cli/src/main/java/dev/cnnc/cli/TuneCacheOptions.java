package dev.cnnc.cli;

import dev.cnnc.compiler.codegen.TuningCache;
import dev.cnnc.compiler.driver.TuningSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the GEMM tilings that {@code cnnc tune} measured come from, for the commands that lower
 * a model ({@link TuningCache}): {@code --tune-cache FILE} (default {@code $CNNC_TUNE_CACHE}, else
 * {@code ~/.cache/cnnc/tune.json}) and {@code --no-tune-cache} (the defaults, to compare).
 */
final class TuneCacheOptions {
    @Option(names = "--tune-cache", paramLabel = "FILE", description = "the GEMM tilings `cnnc tune` measured "
            + "(default: $CNNC_TUNE_CACHE, else ~/.cache/cnnc/tune.json)")
    Path file;

    @Option(names = "--no-tune-cache", description = "ignore tuned GEMM tilings: each device kind's defaults")
    boolean off;

    /** The cache file these options name. */
    Path path() {
        return file != null ? file : TuningCache.defaultPath();
    }

    /**
     * Where the pipeline's tuning stage takes the tilings from: this cache (problems with it are
     * warnings on {@code err}), or with {@code --no-tune-cache} the device kind's defaults.
     */
    TuningSource source(PrintWriter err) {
        return off ? TuningSource.defaults() : TuningSource.cache(path(), w -> err.println("cnnc: warning: " + w));
    }
}
