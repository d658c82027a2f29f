package dev.cnnc.runtime.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.jocl.CL;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class DevicesTest {
    private static DeviceInfo fake(int index, String name, DeviceInfo.Type type, String platform) {
        return new DeviceInfo(index, 0, index, platform, "OpenCL 3.0", name, "vendor", type, 4, 1L << 30, 65536,
                1L << 28, 256, true, false, "OpenCL C 1.2", "OpenCL 3.0", "1.0", true, true, List.of("cl_khr_fp64"));
    }

    @Test
    void discoveryFindsDevicesWithSaneFields() {
        List<PlatformInfo> platforms;
        try {
            platforms = Devices.platforms();
        } catch (OpenClUnavailableException e) {
            fail("the runtime-opencl tests need an OpenCL device and found none:\n" + e.getMessage());
            return;
        }
        List<DeviceInfo> all = Devices.all();
        assertFalse(all.isEmpty(), "no OpenCL device: " + platforms);
        for (int i = 0; i < all.size(); i++) {
            DeviceInfo d = all.get(i);
            assertEquals(i, d.index());
            assertFalse(d.name().isBlank(), d.toString());
            assertFalse(d.platformName().isBlank(), d.toString());
            assertTrue(d.computeUnits() >= 1, d.toString());
            assertTrue(d.globalMemBytes() >= 1 << 20, d.toString());
            assertTrue(d.localMemBytes() >= 1024, d.toString());
            assertTrue(d.maxAllocBytes() >= 1 << 20 && d.maxAllocBytes() <= d.globalMemBytes(), d.toString());
            assertTrue(d.maxWorkGroupSize() >= 1, d.toString());
            assertTrue(d.openclCVersion().startsWith("OpenCL C "), d.openclCVersion());
            assertTrue(d.deviceVersion().startsWith("OpenCL "), d.deviceVersion());
            assertFalse(d.driverVersion().isBlank());
            assertEquals(d.fp16(), d.hasExtension("cl_khr_fp16"));
            if (d.hasExtension("cl_khr_fp64")) {
                assertTrue(d.fp64());
            }
            assertEquals(platforms.get(d.platformIndex()).devices().get(d.indexInPlatform()).name(), d.name());
        }
    }

    @Test
    void selectsByIndexTypeAndNameSubstring() {
        DeviceInfo first = TestDevices.info();
        List<DeviceInfo> all = Devices.all();
        assertEquals(all.get(0), Devices.select("0"));
        assertEquals(all.get(all.size() - 1), Devices.select(" " + (all.size() - 1) + " "));
        DeviceInfo d = all.get(0);
        String part = d.name().substring(0, Math.min(6, d.name().length())).toUpperCase();
        assertEquals(d.name(), Devices.select(part).name(), "case-insensitive name part " + part);
        assertEquals(d.type(), Devices.select(d.type().name().toLowerCase()).type());
        assertEquals(Devices.defaultDevice(all), Devices.select(null));
        assertEquals(Devices.defaultDevice(all), Devices.select(""));
        assertNotNull(first);
    }

    @Test
    void badSpecsSayWhatIsWrongAndListTheDevices() {
        List<DeviceInfo> all = Devices.all();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.select("99"));
        assertTrue(e.getMessage().startsWith("there is no OpenCL device #99 (devices are numbered 0 to "
                + (all.size() - 1) + "); the devices are:\n  #0 " + all.get(0).name()), e.getMessage());
        assertTrue(e.getMessage().endsWith(Devices.SPEC_HELP), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Devices.select("no-such-device-xyz"));
        assertTrue(e.getMessage().startsWith("no OpenCL device matches --device 'no-such-device-xyz'; the devices are:"),
                e.getMessage());
        assertTrue(e.getMessage().contains(all.get(0).label()), e.getMessage());
    }

    @Test
    void defaultIsTheFirstGpuElseTheFirstCpu() {
        DeviceInfo cpu = fake(0, "Some CPU", DeviceInfo.Type.CPU, "PoCL");
        DeviceInfo acc = fake(1, "FPGA", DeviceInfo.Type.ACCELERATOR, "Intel FPGA");
        DeviceInfo gpu1 = fake(2, "NVIDIA GeForce RTX 3090", DeviceInfo.Type.GPU, "NVIDIA CUDA");
        DeviceInfo gpu2 = fake(3, "gfx1030", DeviceInfo.Type.GPU, "AMD Accelerated Parallel Processing");
        List<DeviceInfo> all = List.of(cpu, acc, gpu1, gpu2);
        assertEquals(gpu1, Devices.select(null, all));
        assertEquals(gpu1, Devices.select("gpu", all));
        assertEquals(gpu1, Devices.select("GPU", all));
        assertEquals(cpu, Devices.select("cpu", all));
        assertEquals(acc, Devices.select("accelerator", all));
        assertEquals(gpu2, Devices.select("3", all));
        assertEquals(gpu1, Devices.select("rtx", all));
        assertEquals(gpu2, Devices.select("amd accelerated", all), "platform name when no device name fits");
        assertEquals(cpu, Devices.select(null, List.of(acc, cpu)));
        assertEquals(acc, Devices.select(null, List.of(acc)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Devices.select("gpu", List.of(cpu, acc)));
        assertEquals("there is no OpenCL device of type GPU (--device gpu); the devices are:\n"
                + "  #0 Some CPU (CPU, PoCL)\n  #1 FPGA (ACCELERATOR, Intel FPGA)\n" + Devices.SPEC_HELP, e.getMessage());
    }

    @Test
    void tableListsEveryPlatformAndDeviceAndMarksOne() {
        List<PlatformInfo> platforms = Devices.platforms();
        DeviceInfo chosen = Devices.select(null);
        String table = Devices.table(platforms, chosen);
        for (PlatformInfo p : platforms) {
            assertTrue(table.contains("platform " + p.index() + ": " + p.name()), table);
            for (DeviceInfo d : p.devices()) {
                assertTrue(table.contains(d.name()), table);
                assertTrue(table.contains(d.openclCVersion()), table);
            }
        }
        assertTrue(table.contains("* " + chosen.index() + " "), table);
        assertTrue(table.contains("fp64") && table.contains("fp16") && table.contains("CUs"), table);
        assertEquals("512 B", Devices.bytes(512));
        assertEquals("64.0 KiB", Devices.bytes(65536));
        assertEquals("1.5 GiB", Devices.bytes(3L << 29));
    }

    @Test
    void statusNamesCoverEveryCodeJoclKnows() {
        OpenClLibrary.ensureLoaded();
        Map<Integer, String> names = ClException.statusNames();
        int checked = 0;
        for (int code = 0; code >= -2000; code--) {
            String jocl = CL.stringFor_errorCode(code);
            if (!jocl.startsWith("INVALID error code")) {
                assertEquals(jocl, ClException.statusName(code), "status " + code);
                checked++;
            }
        }
        assertTrue(checked >= 60, "JOCL knows " + checked + " codes");
        assertEquals("CL_BUILD_PROGRAM_FAILURE", ClException.statusName(-11));
        assertEquals("CL_INVALID_WORK_GROUP_SIZE (-54)", ClException.describe(-54));
        assertEquals("CL_MAX_SIZE_RESTRICTION_EXCEEDED", names.get(-72));
        assertEquals("CL_UNKNOWN_STATUS", ClException.statusName(-7777));
    }

    @Test
    void readsTheMajorOpenClVersion() {
        assertEquals(3, ClDevice.majorVersion("OpenCL 3.0 PoCL HSTR: pthread-x86_64"));
        assertEquals(1, ClDevice.majorVersion("OpenCL 1.2 CUDA"));
        assertEquals(0, ClDevice.majorVersion("garbage"));
    }
}
