package dev.cnnc.cli;

import dev.cnnc.runtime.opencl.DeviceInfo;
import dev.cnnc.runtime.opencl.Devices;
import picocli.CommandLine.Option;

/** The `--device` option of every command that runs kernels, and its selection rule. */
final class DeviceOption {
    @Option(names = "--device", paramLabel = "SPEC", description = "an index, cpu, gpu, or part of a device name "
            + "(default: the first GPU, else the first CPU; `cnnc devices` lists them)")
    String spec;

    /** The selected device; a spec that matches nothing is a usage error listing the devices. */
    DeviceInfo select() {
        try {
            return Devices.select(spec);
        } catch (IllegalArgumentException e) {
            throw new TrainingSetup.Failure(Main.USAGE, e.getMessage());
        }
    }
}
