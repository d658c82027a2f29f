package dev.cnnc.runtime.opencl;

import static org.jocl.CL.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * Platform and device discovery, and the choice of a device from a {@code --device} spec.
 *
 * <p>A spec is a device index as {@code cnnc devices} lists it, {@code cpu}, {@code gpu},
 * {@code accelerator}, or a case-insensitive part of a device name (else of a platform name
 * or vendor). The first device that fits wins. No spec means the first GPU, else the first
 * CPU, else the first device.
 */
public final class Devices {
    /** How to get an OpenCL platform; part of every "no OpenCL" message. */
    public static final String INSTALL_HINT = String.join("\n",
            "hint: cnnc runs its kernels through OpenCL and needs an OpenCL driver (an ICD) for some device.",
            "hint: to run on the CPU with PoCL on Debian or Ubuntu:",
            "hint:     apt-get install -y pocl-opencl-icd ocl-icd-libopencl1",
            "hint: for a GPU, install the vendor's OpenCL driver (NVIDIA driver, AMD ROCm, Intel compute-runtime);",
            "hint: `clinfo` or `cnnc devices` then lists the devices.");

    /** What {@code --device} accepts; part of every selection error. */
    public static final String SPEC_HELP =
            "--device takes a device index, cpu, gpu, accelerator, or part of a device or platform name";

    private Devices() {
    }

    /**
     * Every platform with its devices.
     *
     * @throws OpenClUnavailableException when the OpenCL library cannot be loaded or has no platform
     */
    public static List<PlatformInfo> platforms() {
        cl_platform_id[] ids = platformIds();
        List<PlatformInfo> platforms = new ArrayList<>();
        int index = 0;
        for (int p = 0; p < ids.length; p++) {
            cl_device_id[] devs = deviceIds(ids[p]);
            String pname = platformString(ids[p], CL_PLATFORM_NAME);
            String pversion = platformString(ids[p], CL_PLATFORM_VERSION);
            List<DeviceInfo> infos = new ArrayList<>();
            for (int d = 0; d < devs.length; d++) {
                infos.add(describe(devs[d], index++, p, d, pname, pversion));
            }
            platforms.add(new PlatformInfo(p, pname, platformString(ids[p], CL_PLATFORM_VENDOR), pversion, infos));
        }
        return platforms;
    }

    /**
     * Every device of every platform, in index order.
     *
     * @throws OpenClUnavailableException when there is no platform
     */
    public static List<DeviceInfo> all() {
        List<DeviceInfo> all = new ArrayList<>();
        for (PlatformInfo p : platforms()) {
            all.addAll(p.devices());
        }
        return all;
    }

    /**
     * The device a spec names, among all devices.
     *
     * @throws OpenClUnavailableException when there is no platform or no device
     * @throws IllegalArgumentException when no device fits the spec; the message lists the devices
     */
    public static DeviceInfo select(String spec) {
        List<PlatformInfo> platforms = platforms();
        List<DeviceInfo> all = new ArrayList<>();
        platforms.forEach(p -> all.addAll(p.devices()));
        if (all.isEmpty()) {
            throw new OpenClUnavailableException(CL_DEVICE_NOT_FOUND,
                    "no OpenCL device: " + platforms.size() + " platform(s) found, none has a device");
        }
        return select(spec, all);
    }

    /** The device a spec names among {@code devices} (which must not be empty); see the class comment. */
    public static DeviceInfo select(String spec, List<DeviceInfo> devices) {
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("no OpenCL devices to choose from");
        }
        String s = spec == null ? "" : spec.trim();
        if (s.isEmpty() || s.equalsIgnoreCase("default")) {
            return defaultDevice(devices);
        }
        if (s.chars().allMatch(Character::isDigit)) {
            int i;
            try {
                i = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                i = -1;
            }
            if (i < 0 || i >= devices.size()) {
                throw selectionError("there is no OpenCL device #" + s + " (devices are numbered 0 to "
                        + (devices.size() - 1) + ")", devices);
            }
            return devices.get(i);
        }
        String lower = s.toLowerCase(Locale.ROOT);
        for (DeviceInfo.Type t : List.of(DeviceInfo.Type.CPU, DeviceInfo.Type.GPU, DeviceInfo.Type.ACCELERATOR)) {
            if (lower.equals(t.name().toLowerCase(Locale.ROOT))) {
                return firstOfType(devices, t).orElseThrow(() ->
                        selectionError("there is no OpenCL device of type " + t + " (--device " + s + ")", devices));
            }
        }
        for (DeviceInfo d : devices) {
            if (d.name().toLowerCase(Locale.ROOT).contains(lower)) {
                return d;
            }
        }
        for (DeviceInfo d : devices) {
            if (d.platformName().toLowerCase(Locale.ROOT).contains(lower)
                    || d.vendor().toLowerCase(Locale.ROOT).contains(lower)) {
                return d;
            }
        }
        throw selectionError("no OpenCL device matches --device '" + s + "'", devices);
    }

    /** The first available GPU, else the first available CPU, else the first available device, else the first. */
    public static DeviceInfo defaultDevice(List<DeviceInfo> devices) {
        return firstOfType(devices, DeviceInfo.Type.GPU)
                .or(() -> firstOfType(devices, DeviceInfo.Type.CPU))
                .or(() -> devices.stream().filter(DeviceInfo::available).findFirst())
                .orElse(devices.get(0));
    }

    private static java.util.Optional<DeviceInfo> firstOfType(List<DeviceInfo> devices, DeviceInfo.Type type) {
        return devices.stream().filter(d -> d.type() == type && d.available()).findFirst()
                .or(() -> devices.stream().filter(d -> d.type() == type).findFirst());
    }

    private static IllegalArgumentException selectionError(String problem, List<DeviceInfo> devices) {
        StringBuilder b = new StringBuilder(problem).append("; the devices are:");
        for (DeviceInfo d : devices) {
            b.append("\n  ").append(d.label());
        }
        return new IllegalArgumentException(b.append('\n').append(SPEC_HELP).toString());
    }

    /**
     * A table of all platforms and devices, one line per device, for {@code cnnc devices}.
     * The device {@code marked} (may be null) gets a {@code *} before its index.
     */
    public static String table(List<PlatformInfo> platforms, DeviceInfo marked) {
        StringBuilder b = new StringBuilder();
        int width = "device".length();
        for (PlatformInfo p : platforms) {
            for (DeviceInfo d : p.devices()) {
                width = Math.max(width, d.name().length() + (d.available() ? 0 : " (unavailable)".length()));
            }
        }
        String fmt = "%-4s %-" + width + "s %-5s %4s %10s %10s %10s %-4s %-4s %s%n";
        for (PlatformInfo p : platforms) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(String.format("platform %d: %s (%s; %s)%n", p.index(), p.name(), p.vendor(), p.version()));
            if (p.devices().isEmpty()) {
                b.append("  (no devices)\n");
                continue;
            }
            b.append(String.format(fmt, "  #", "device", "type", "CUs", "global mem", "local mem", "max alloc",
                    "fp64", "fp16", "OpenCL C / driver"));
            for (DeviceInfo d : p.devices()) {
                String idx = (marked != null && marked.index() == d.index() ? "* " : "  ") + d.index();
                b.append(String.format(fmt, idx, d.name() + (d.available() ? "" : " (unavailable)"), d.type(),
                        d.computeUnits(), bytes(d.globalMemBytes()), bytes(d.localMemBytes()),
                        bytes(d.maxAllocBytes()), d.fp64() ? "yes" : "no", d.fp16() ? "yes" : "no",
                        d.openclCVersion() + " / " + d.driverVersion()));
            }
        }
        return b.toString();
    }

    /** {@code 512 B}, {@code 64.0 KiB}, {@code 15.6 GiB}. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    // ---- the OpenCL calls ----

    static cl_platform_id[] platformIds() {
        OpenClLibrary.ensureLoaded();
        int[] n = new int[1];
        int status = clGetPlatformIDs(0, null, n);
        if (status == CL_PLATFORM_NOT_FOUND_KHR || (status == CL_SUCCESS && n[0] == 0)) {
            throw new OpenClUnavailableException(CL_PLATFORM_NOT_FOUND_KHR,
                    "no OpenCL platform found (clGetPlatformIDs: " + ClException.describe(
                            status == CL_SUCCESS ? CL_PLATFORM_NOT_FOUND_KHR : status) + ")");
        }
        ClException.check(status, "clGetPlatformIDs");
        cl_platform_id[] ids = new cl_platform_id[n[0]];
        ClException.check(clGetPlatformIDs(ids.length, ids, null), "clGetPlatformIDs");
        return ids;
    }

    static cl_device_id[] deviceIds(cl_platform_id platform) {
        int[] n = new int[1];
        int status = clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, n);
        if (status == CL_DEVICE_NOT_FOUND || (status == CL_SUCCESS && n[0] == 0)) {
            return new cl_device_id[0];
        }
        ClException.check(status, "clGetDeviceIDs");
        cl_device_id[] ids = new cl_device_id[n[0]];
        ClException.check(clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, ids.length, ids, null), "clGetDeviceIDs");
        return ids;
    }

    /** The native id of a discovered device, found again by its platform and position. */
    static cl_device_id handle(DeviceInfo info) {
        cl_platform_id[] platforms = platformIds();
        if (info.platformIndex() < platforms.length) {
            cl_device_id[] devs = deviceIds(platforms[info.platformIndex()]);
            if (info.indexInPlatform() < devs.length
                    && deviceString(devs[info.indexInPlatform()], CL_DEVICE_NAME).equals(info.name())) {
                return devs[info.indexInPlatform()];
            }
        }
        throw new ClException("OpenCL device " + info.label() + " is no longer present");
    }

    private static DeviceInfo describe(cl_device_id d, int index, int p, int inPlatform, String pname,
            String pversion) {
        long typeBits = deviceLong(d, CL_DEVICE_TYPE);
        DeviceInfo.Type type = (typeBits & CL_DEVICE_TYPE_GPU) != 0 ? DeviceInfo.Type.GPU
                : (typeBits & CL_DEVICE_TYPE_CPU) != 0 ? DeviceInfo.Type.CPU
                : (typeBits & CL_DEVICE_TYPE_ACCELERATOR) != 0 ? DeviceInfo.Type.ACCELERATOR
                : DeviceInfo.Type.OTHER;
        String ext = deviceString(d, CL_DEVICE_EXTENSIONS);
        List<String> extensions = ext.isBlank() ? List.of() : Arrays.asList(ext.trim().split("\\s+"));
        long doubleConfig = deviceLongOr(d, CL_DEVICE_DOUBLE_FP_CONFIG, 0);
        return new DeviceInfo(index, p, inPlatform, pname, pversion,
                deviceString(d, CL_DEVICE_NAME), deviceString(d, CL_DEVICE_VENDOR), type,
                deviceInt(d, CL_DEVICE_MAX_COMPUTE_UNITS),
                deviceLong(d, CL_DEVICE_GLOBAL_MEM_SIZE),
                deviceLong(d, CL_DEVICE_LOCAL_MEM_SIZE),
                deviceLong(d, CL_DEVICE_MAX_MEM_ALLOC_SIZE),
                deviceSize(d, CL_DEVICE_MAX_WORK_GROUP_SIZE),
                doubleConfig != 0 || extensions.contains("cl_khr_fp64"),
                extensions.contains("cl_khr_fp16"),
                deviceStringOr(d, CL_DEVICE_OPENCL_C_VERSION, "OpenCL C 1.0"),
                deviceString(d, CL_DEVICE_VERSION),
                deviceString(d, CL_DRIVER_VERSION),
                deviceInt(d, CL_DEVICE_AVAILABLE) != 0,
                deviceInt(d, CL_DEVICE_COMPILER_AVAILABLE) != 0,
                extensions);
    }

    static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        ClException.check(clGetPlatformInfo(p, param, 0, null, size), "clGetPlatformInfo");
        byte[] bytes = new byte[(int) size[0]];
        ClException.check(clGetPlatformInfo(p, param, bytes.length, Pointer.to(bytes), null), "clGetPlatformInfo");
        return cString(bytes);
    }

    static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        ClException.check(clGetDeviceInfo(d, param, 0, null, size), "clGetDeviceInfo");
        byte[] bytes = new byte[(int) size[0]];
        ClException.check(clGetDeviceInfo(d, param, bytes.length, Pointer.to(bytes), null), "clGetDeviceInfo");
        return cString(bytes);
    }

    private static String deviceStringOr(cl_device_id d, int param, String fallback) {
        long[] size = new long[1];
        if (clGetDeviceInfo(d, param, 0, null, size) != CL_SUCCESS) {
            return fallback;
        }
        return deviceString(d, param);
    }

    private static int deviceInt(cl_device_id d, int param) {
        int[] v = new int[1];
        ClException.check(clGetDeviceInfo(d, param, Sizeof.cl_uint, Pointer.to(v), null), "clGetDeviceInfo");
        return v[0];
    }

    private static long deviceLong(cl_device_id d, int param) {
        long[] v = new long[1];
        ClException.check(clGetDeviceInfo(d, param, Sizeof.cl_ulong, Pointer.to(v), null), "clGetDeviceInfo");
        return v[0];
    }

    private static long deviceLongOr(cl_device_id d, int param, long fallback) {
        long[] v = new long[1];
        return clGetDeviceInfo(d, param, Sizeof.cl_ulong, Pointer.to(v), null) == CL_SUCCESS ? v[0] : fallback;
    }

    private static long deviceSize(cl_device_id d, int param) {
        if (Sizeof.size_t == Sizeof.cl_ulong) {
            return deviceLong(d, param);
        }
        return deviceInt(d, param) & 0xffffffffL;
    }

    static String cString(byte[] bytes) {
        int n = bytes.length;
        while (n > 0 && bytes[n - 1] == 0) {
            n--;
        }
        return new String(bytes, 0, n, java.nio.charset.StandardCharsets.UTF_8).trim();
    }
}
