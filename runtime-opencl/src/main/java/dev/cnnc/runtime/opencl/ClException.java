package dev.cnnc.runtime.opencl;

import java.util.Map;
import java.util.TreeMap;

/**
 * An OpenCL call failed. The message names the call, the status as the driver wrote it
 * ({@code CL_INVALID_WORK_GROUP_SIZE (-54)}) and, for a failed program build, the whole build
 * log with its line numbers rewritten to the source's file name.
 */
public class ClException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Every status code of OpenCL 3.0 and the common vendor extensions, by value. */
    private static final Map<Integer, String> NAMES = new TreeMap<>();

    static {
        String[] core = {
            "CL_SUCCESS", "CL_DEVICE_NOT_FOUND", "CL_DEVICE_NOT_AVAILABLE", "CL_COMPILER_NOT_AVAILABLE",
            "CL_MEM_OBJECT_ALLOCATION_FAILURE", "CL_OUT_OF_RESOURCES", "CL_OUT_OF_HOST_MEMORY",
            "CL_PROFILING_INFO_NOT_AVAILABLE", "CL_MEM_COPY_OVERLAP", "CL_IMAGE_FORMAT_MISMATCH",
            "CL_IMAGE_FORMAT_NOT_SUPPORTED", "CL_BUILD_PROGRAM_FAILURE", "CL_MAP_FAILURE",
            "CL_MISALIGNED_SUB_BUFFER_OFFSET", "CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST",
            "CL_COMPILE_PROGRAM_FAILURE", "CL_LINKER_NOT_AVAILABLE", "CL_LINK_PROGRAM_FAILURE",
            "CL_DEVICE_PARTITION_FAILED", "CL_KERNEL_ARG_INFO_NOT_AVAILABLE",
        };
        for (int i = 0; i < core.length; i++) {
            NAMES.put(-i, core[i]);
        }
        String[] invalid = {
            "CL_INVALID_VALUE", "CL_INVALID_DEVICE_TYPE", "CL_INVALID_PLATFORM", "CL_INVALID_DEVICE",
            "CL_INVALID_CONTEXT", "CL_INVALID_QUEUE_PROPERTIES", "CL_INVALID_COMMAND_QUEUE", "CL_INVALID_HOST_PTR",
            "CL_INVALID_MEM_OBJECT", "CL_INVALID_IMAGE_FORMAT_DESCRIPTOR", "CL_INVALID_IMAGE_SIZE",
            "CL_INVALID_SAMPLER", "CL_INVALID_BINARY", "CL_INVALID_BUILD_OPTIONS", "CL_INVALID_PROGRAM",
            "CL_INVALID_PROGRAM_EXECUTABLE", "CL_INVALID_KERNEL_NAME", "CL_INVALID_KERNEL_DEFINITION",
            "CL_INVALID_KERNEL", "CL_INVALID_ARG_INDEX", "CL_INVALID_ARG_VALUE", "CL_INVALID_ARG_SIZE",
            "CL_INVALID_KERNEL_ARGS", "CL_INVALID_WORK_DIMENSION", "CL_INVALID_WORK_GROUP_SIZE",
            "CL_INVALID_WORK_ITEM_SIZE", "CL_INVALID_GLOBAL_OFFSET", "CL_INVALID_EVENT_WAIT_LIST",
            "CL_INVALID_EVENT", "CL_INVALID_OPERATION", "CL_INVALID_GL_OBJECT", "CL_INVALID_BUFFER_SIZE",
            "CL_INVALID_MIP_LEVEL", "CL_INVALID_GLOBAL_WORK_SIZE", "CL_INVALID_PROPERTY",
            "CL_INVALID_IMAGE_DESCRIPTOR", "CL_INVALID_COMPILER_OPTIONS", "CL_INVALID_LINKER_OPTIONS",
            "CL_INVALID_DEVICE_PARTITION_COUNT", "CL_INVALID_PIPE_SIZE", "CL_INVALID_DEVICE_QUEUE",
            "CL_INVALID_SPEC_ID", "CL_MAX_SIZE_RESTRICTION_EXCEEDED",
        };
        for (int i = 0; i < invalid.length; i++) {
            NAMES.put(-30 - i, invalid[i]);
        }
        String[] khr = {
            "CL_INVALID_GL_SHAREGROUP_REFERENCE_KHR", "CL_PLATFORM_NOT_FOUND_KHR", "CL_INVALID_D3D10_DEVICE_KHR",
            "CL_INVALID_D3D10_RESOURCE_KHR", "CL_D3D10_RESOURCE_ALREADY_ACQUIRED_KHR",
            "CL_D3D10_RESOURCE_NOT_ACQUIRED_KHR", "CL_INVALID_D3D11_DEVICE_KHR", "CL_INVALID_D3D11_RESOURCE_KHR",
            "CL_D3D11_RESOURCE_ALREADY_ACQUIRED_KHR", "CL_D3D11_RESOURCE_NOT_ACQUIRED_KHR",
            "CL_INVALID_DX9_MEDIA_ADAPTER_KHR", "CL_INVALID_DX9_MEDIA_SURFACE_KHR",
            "CL_DX9_MEDIA_SURFACE_ALREADY_ACQUIRED_KHR", "CL_DX9_MEDIA_SURFACE_NOT_ACQUIRED_KHR",
        };
        for (int i = 0; i < khr.length; i++) {
            NAMES.put(-1000 - i, khr[i]);
        }
        NAMES.put(-1057, "CL_DEVICE_PARTITION_FAILED_EXT");
        NAMES.put(-1058, "CL_INVALID_PARTITION_COUNT_EXT");
        NAMES.put(-1059, "CL_INVALID_PARTITION_NAME_EXT");
        NAMES.put(-1092, "CL_EGL_RESOURCE_NOT_ACQUIRED_KHR");
        NAMES.put(-1093, "CL_INVALID_EGL_OBJECT_KHR");
        NAMES.put(-1094, "CL_INVALID_ACCELERATOR_INTEL");
        NAMES.put(-1095, "CL_INVALID_ACCELERATOR_TYPE_INTEL");
        NAMES.put(-1096, "CL_INVALID_ACCELERATOR_DESCRIPTOR_INTEL");
        NAMES.put(-1097, "CL_ACCELERATOR_TYPE_NOT_SUPPORTED_INTEL");
        NAMES.put(-1098, "CL_INVALID_VA_API_MEDIA_ADAPTER_INTEL");
        NAMES.put(-1099, "CL_INVALID_VA_API_MEDIA_SURFACE_INTEL");
        NAMES.put(-1100, "CL_VA_API_MEDIA_SURFACE_ALREADY_ACQUIRED_INTEL");
        NAMES.put(-1101, "CL_VA_API_MEDIA_SURFACE_NOT_ACQUIRED_INTEL");
    }

    private final int status;

    /** A failure with an OpenCL status code. */
    public ClException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** A failure that has no OpenCL status code (status reads {@link #NO_STATUS}). */
    public ClException(String message) {
        this(NO_STATUS, message);
    }

    /** The status of exceptions not caused by a status code. */
    public static final int NO_STATUS = Integer.MIN_VALUE;

    /** The status code the driver returned, or {@link #NO_STATUS}. */
    public int status() {
        return status;
    }

    /** The name of an OpenCL status code, e.g. {@code CL_BUILD_PROGRAM_FAILURE} for -11. */
    public static String statusName(int status) {
        String name = NAMES.get(status);
        return name != null ? name : "CL_UNKNOWN_STATUS";
    }

    /** All known status codes and their names, in ascending order of value. */
    public static Map<Integer, String> statusNames() {
        return java.util.Collections.unmodifiableMap(NAMES);
    }

    /** {@code CL_INVALID_VALUE (-30)}: the name with the number, as messages show it. */
    public static String describe(int status) {
        return statusName(status) + " (" + status + ")";
    }

    /** Throws unless {@code status} is CL_SUCCESS; {@code what} names the call and its subject. */
    static void check(int status, String what) {
        if (status != 0) {
            throw new ClException(status, what + " failed: " + describe(status));
        }
    }
}
