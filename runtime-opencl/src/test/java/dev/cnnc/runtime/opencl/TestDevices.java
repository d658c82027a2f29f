package dev.cnnc.runtime.opencl;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The device the tests run on: {@code $CNNC_TEST_DEVICE} (a {@code --device} spec) or the
 * default. These tests need OpenCL; without it they fail, saying how to install PoCL.
 */
final class TestDevices {
    private TestDevices() {
    }

    /** The test device with no binary cache, so that every build goes to the compiler. */
    static ClDevice open() {
        try {
            return ClDevice.open(System.getenv("CNNC_TEST_DEVICE")).cache(null);
        } catch (OpenClUnavailableException e) {
            return fail("the runtime-opencl tests need an OpenCL device and found none:\n" + e.getMessage());
        }
    }

    static DeviceInfo info() {
        try {
            return Devices.select(System.getenv("CNNC_TEST_DEVICE"));
        } catch (OpenClUnavailableException e) {
            return fail("the runtime-opencl tests need an OpenCL device and found none:\n" + e.getMessage());
        }
    }
}
