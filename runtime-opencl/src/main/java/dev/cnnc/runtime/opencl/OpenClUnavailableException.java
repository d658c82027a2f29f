package dev.cnnc.runtime.opencl;

/**
 * There is nothing to run kernels on: the OpenCL library could not be loaded, no platform
 * (ICD) is installed, or no platform has a device. The message says how to install one.
 */
public final class OpenClUnavailableException extends ClException {
    private static final long serialVersionUID = 1L;

    OpenClUnavailableException(int status, String problem) {
        super(status, problem + "\n" + Devices.INSTALL_HINT);
    }
}
