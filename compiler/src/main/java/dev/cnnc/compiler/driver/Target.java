package dev.cnnc.compiler.driver;

import dev.cnnc.runtime.opencl.DeviceInfo;
import java.util.Objects;

/**
 * What a program is compiled for: one OpenCL device ({@code --device}: train, eval, run, predict,
 * bench, tune) or a device kind, CPU or GPU, with no device at hand ({@code compile --target}; and
 * {@code info}, which reports the memory of the CPU program). The pipeline's device stage picks
 * the kernels from it, its tuning stage the GEMM tilings.
 *
 * @param device the device, or null when only the kind is known
 * @param gpu    whether the kernels are for a GPU (any device that is not a CPU)
 */
public record Target(DeviceInfo device, boolean gpu) {
    public Target {
        if (device != null && gpu != (device.type() != DeviceInfo.Type.CPU)) {
            throw new IllegalArgumentException("device " + device.name() + " is a " + device.type()
                    + (gpu ? ", not a GPU" : ", not a CPU"));
        }
    }

    /** The device {@code device}; its type decides the kind. */
    public static Target device(DeviceInfo device) {
        Objects.requireNonNull(device, "device");
        return new Target(device, device.type() != DeviceInfo.Type.CPU);
    }

    /** A device kind: a GPU when {@code gpu}, else a CPU. */
    public static Target kind(boolean gpu) {
        return new Target(null, gpu);
    }
}
