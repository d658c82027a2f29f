package dev.cnnc.cli;

import dev.cnnc.runtime.opencl.DeviceInfo;
import dev.cnnc.runtime.opencl.Devices;
import dev.cnnc.runtime.opencl.OpenClUnavailableException;
import dev.cnnc.runtime.opencl.PlatformInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cnnc devices}: every OpenCL platform and device with type, compute units, memory,
 * fp64/fp16 support and OpenCL C version; the device {@code --device} would pick is starred.
 * Exit 1 with an install hint when there is no OpenCL platform or device, 2 for a bad spec.
 */
@Command(name = "devices", description = "List the OpenCL platforms and devices cnnc can run kernels on.")
final class DevicesCommand implements Callable<Integer> {
    /** Exit status when there is nothing to run kernels on. */
    static final int NO_OPENCL = 1;

    @Option(names = "--device", paramLabel = "SPEC", description = "star the device SPEC selects: an index, cpu, "
            + "gpu, accelerator, or part of a device name (default: the first GPU, else the first CPU)")
    String device;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<PlatformInfo> platforms;
        try {
            platforms = Devices.platforms();
        } catch (OpenClUnavailableException e) {
            err.println("cnnc devices: error: " + e.getMessage());
            return NO_OPENCL;
        }
        List<DeviceInfo> all = new ArrayList<>();
        platforms.forEach(p -> all.addAll(p.devices()));
        if (all.isEmpty()) {
            out.print(Devices.table(platforms, null));
            err.println("cnnc devices: error: no OpenCL device: " + platforms.size()
                    + " platform(s) found, none has a device\n" + Devices.INSTALL_HINT);
            return NO_OPENCL;
        }
        DeviceInfo chosen;
        try {
            chosen = Devices.select(device, all);
        } catch (IllegalArgumentException e) {
            err.println("cnnc devices: error: " + e.getMessage());
            return Main.USAGE;
        }
        out.print(Devices.table(platforms, chosen));
        out.println();
        out.println((device == null ? "default device" : "--device " + device) + ": " + chosen.label());
        return Main.OK;
    }
}
