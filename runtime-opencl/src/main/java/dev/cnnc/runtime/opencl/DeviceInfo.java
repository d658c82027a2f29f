package dev.cnnc.runtime.opencl;

import java.util.List;

/**
 * What discovery learned about one OpenCL device. {@code index} counts devices across all
 * platforms in discovery order; it is the number {@code cnnc devices} shows and
 * {@code --device N} selects.
 *
 * @param index             position among all devices of all platforms
 * @param platformIndex     position of the platform in {@code clGetPlatformIDs}
 * @param indexInPlatform   position of the device in its platform's {@code clGetDeviceIDs}
 * @param platformName      CL_PLATFORM_NAME
 * @param platformVersion   CL_PLATFORM_VERSION
 * @param name              CL_DEVICE_NAME
 * @param vendor            CL_DEVICE_VENDOR
 * @param type              CL_DEVICE_TYPE
 * @param computeUnits      CL_DEVICE_MAX_COMPUTE_UNITS
 * @param globalMemBytes    CL_DEVICE_GLOBAL_MEM_SIZE
 * @param localMemBytes     CL_DEVICE_LOCAL_MEM_SIZE
 * @param maxAllocBytes     CL_DEVICE_MAX_MEM_ALLOC_SIZE, the largest single buffer
 * @param maxWorkGroupSize  CL_DEVICE_MAX_WORK_GROUP_SIZE
 * @param fp64              double precision: CL_DEVICE_DOUBLE_FP_CONFIG is not empty or cl_khr_fp64
 * @param fp16              half precision arithmetic: cl_khr_fp16
 * @param openclCVersion    CL_DEVICE_OPENCL_C_VERSION, e.g. "OpenCL C 1.2 PoCL"
 * @param deviceVersion     CL_DEVICE_VERSION, e.g. "OpenCL 3.0 PoCL ..."
 * @param driverVersion     CL_DRIVER_VERSION
 * @param available         CL_DEVICE_AVAILABLE
 * @param compilerAvailable CL_DEVICE_COMPILER_AVAILABLE
 * @param extensions        CL_DEVICE_EXTENSIONS, split at spaces
 */
public record DeviceInfo(
        int index,
        int platformIndex,
        int indexInPlatform,
        String platformName,
        String platformVersion,
        String name,
        String vendor,
        Type type,
        int computeUnits,
        long globalMemBytes,
        long localMemBytes,
        long maxAllocBytes,
        long maxWorkGroupSize,
        boolean fp64,
        boolean fp16,
        String openclCVersion,
        String deviceVersion,
        String driverVersion,
        boolean available,
        boolean compilerAvailable,
        List<String> extensions) {

    /** The device kinds that matter for selection; OTHER covers CL_DEVICE_TYPE_CUSTOM and unknown bits. */
    public enum Type { CPU, GPU, ACCELERATOR, OTHER }

    public DeviceInfo {
        extensions = List.copyOf(extensions);
    }

    /** Whether the device reports the extension, e.g. {@code cl_khr_fp16}. */
    public boolean hasExtension(String extension) {
        return extensions.contains(extension);
    }

    /** {@code #0 pthread-haswell (CPU, Portable Computing Language)}: how messages name a device. */
    public String label() {
        return "#" + index + " " + name + " (" + type + ", " + platformName + ")";
    }
}
