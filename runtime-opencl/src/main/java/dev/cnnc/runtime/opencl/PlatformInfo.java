package dev.cnnc.runtime.opencl;

import java.util.List;

/**
 * One OpenCL platform (an installed driver) and its devices, as discovery found them.
 *
 * @param index   position in {@code clGetPlatformIDs}
 * @param name    CL_PLATFORM_NAME
 * @param vendor  CL_PLATFORM_VENDOR
 * @param version CL_PLATFORM_VERSION
 * @param devices its devices, possibly none
 */
public record PlatformInfo(int index, String name, String vendor, String version, List<DeviceInfo> devices) {
    public PlatformInfo {
        devices = List.copyOf(devices);
    }
}
