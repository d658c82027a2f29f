package dev.cnnc.cli;

import dev.cnnc.compiler.codegen.Precision;
import dev.cnnc.compiler.codegen.Tuning;
import dev.cnnc.compiler.codegen.TuningCache;
import dev.cnnc.runtime.opencl.DeviceInfo;
import dev.cnnc.runtime.opencl.Devices;
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

    /** The tuning for {@code device} and {@code p}; problems with the cache are warnings on {@code err}. */
    Tuning load(DeviceInfo device, Precision p, PrintWriter err) {
        return load(off ? null : path(), device, p, err);
    }

    /** {@link #load} from {@code file} (null: the defaults of the device's kind). */
    static Tuning load(Path file, DeviceInfo device, Precision p, PrintWriter err) {
        if (file == null) {
            return Tuning.defaults(device.type() != DeviceInfo.Type.CPU);
        }
        return TuningCache.load(file, device, p, w -> err.println("cnnc: warning: " + w));
    }

    /**
     * For kernels compiled for a device kind rather than a device ({@code compile --target}): the
     * tuning of the first local device of that kind, else the kind's defaults.
     */
    Tuning forKind(boolean gpu, Precision p, PrintWriter err) {
        if (!off) {
            try {
                for (DeviceInfo d : Devices.all()) {
                    if ((d.type() == DeviceInfo.Type.CPU) != gpu) {
                        return load(path(), d, p, err);
                    }
                }
            } catch (dev.cnnc.runtime.opencl.ClException noOpenCl) {
                // no local device: the defaults
            }
        }
        return Tuning.defaults(gpu);
    }
}
