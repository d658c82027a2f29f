package dev.cnnc.runtime.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class BinaryCacheTest {
    @TempDir
    Path dir;

    /** Runs saxpy with the program and returns y. */
    private static float[] runSaxpy(ClDevice dev, ClProgram p) {
        float[] x = Kernels.ramp(256, 13, 6);
        float[] y = Kernels.ramp(256, 5, 2);
        try (ClKernel k = p.kernel("saxpy"); ClBuffer xb = dev.upload(x); ClBuffer yb = dev.upload(y)) {
            k.args(256, 3.0f, xb, yb).launch(new long[] {256}, null);
            return yb.readFloats();
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void secondBuildLoadsTheBinaryAndComputesTheSame() throws IOException {
        BinaryCache cache = BinaryCache.at(dir.resolve("kernels"));
        try (ClDevice dev = TestDevices.open().cache(cache)) {
            float[] first;
            try (ClProgram p = dev.build("cached.cl", Kernels.BOTH, "-cl-mad-enable")) {
                assertFalse(p.fromCache());
                first = runSaxpy(dev, p);
            }
            assertEquals(0, cache.hits());
            assertEquals(1, cache.misses());
            assertEquals(1, cache.stores());
            String key = cache.key(Kernels.BOTH, "-cl-mad-enable", dev.info());
            assertTrue(Files.size(cache.file(key)) > 40, "a binary is stored under the key");
            try (ClProgram p = dev.build("cached.cl", Kernels.BOTH, "-cl-mad-enable")) {
                assertTrue(p.fromCache(), "second build comes from the cache");
                assertArrayEquals(first, runSaxpy(dev, p));
                assertEquals(List.of("saxpy", "sum"), p.kernelNames().stream().sorted().toList());
            }
            assertEquals(1, cache.hits());
            assertEquals(1, cache.stores(), "a hit stores nothing");
            try (ClProgram p = dev.build("cached.cl", Kernels.BOTH, "")) {
                assertFalse(p.fromCache(), "other build options are another program");
            }
            assertEquals(0, cache.rejected());
        }
        try (Stream<Path> s = Files.list(dir.resolve("kernels"))) {
            assertTrue(s.allMatch(f -> f.toString().endsWith(".bin")), "no temporary files are left");
        }
    }

    @Test
    void aCorruptFileIsRejectedRebuiltAndOverwritten() throws IOException {
        BinaryCache cache = BinaryCache.at(dir);
        try (ClDevice dev = TestDevices.open().cache(cache)) {
            float[] want;
            try (ClProgram p = dev.build("c.cl", Kernels.SAXPY, "")) {
                want = runSaxpy(dev, p);
            }
            Path file = cache.file(cache.key(Kernels.SAXPY, "", dev.info()));
            byte[] good = Files.readAllBytes(file);
            byte[] bad = good.clone();
            bad[bad.length / 2] ^= 0x5a;
            Files.write(file, bad);
            try (ClProgram p = dev.build("c.cl", Kernels.SAXPY, "")) {
                assertFalse(p.fromCache());
                assertArrayEquals(want, runSaxpy(dev, p));
            }
            assertEquals(1, cache.rejected());
            assertTrue(cache.lastProblem().endsWith(" is corrupt (checksum mismatch)"), cache.lastProblem());
            assertArrayEquals(good, Files.readAllBytes(file), "the rebuild overwrote the corrupt file");
            try (ClProgram p = dev.build("c.cl", Kernels.SAXPY, "")) {
                assertTrue(p.fromCache());
            }
            Files.write(file, new byte[] {1, 2, 3});
            try (ClProgram p = dev.build("c.cl", Kernels.SAXPY, "")) {
                assertFalse(p.fromCache());
            }
            assertEquals(2, cache.rejected());
            assertTrue(cache.lastProblem().endsWith(" is not a cnnc binary cache file"), cache.lastProblem());
            assertEquals(List.of(file), files());
        }
    }

    @Test
    void aBinaryTheDriverRefusesFallsBackToSource() throws IOException {
        BinaryCache cache = BinaryCache.at(dir);
        try (ClDevice dev = TestDevices.open().cache(cache)) {
            String key = cache.key(Kernels.SAXPY, "", dev.info());
            byte[] garbage = new byte[4096];
            new java.util.Random(7).nextBytes(garbage);
            assertTrue(cache.store(key, garbage), "a well-formed cache file around a binary no driver accepts");
            try (ClProgram p = dev.build("g.cl", Kernels.SAXPY, "")) {
                assertFalse(p.fromCache());
                runSaxpy(dev, p);
            }
            assertEquals(1, cache.rejected());
            assertTrue(cache.lastProblem().contains("clCreateProgramWithBinary(g.cl) failed: CL_INVALID_BINARY")
                    || cache.lastProblem().contains("from a binary) failed"), cache.lastProblem());
            try (ClProgram p = dev.build("g.cl", Kernels.SAXPY, "")) {
                assertTrue(p.fromCache(), "the rebuilt binary replaced the refused one");
            }
        }
    }

    @Test
    void theKeyCoversSourceOptionsDeviceAndDriver() {
        BinaryCache cache = BinaryCache.at(dir);
        DeviceInfo d = TestDevices.info();
        String k = cache.key("src", "-O", d);
        assertEquals(64, k.length());
        assertEquals(k, cache.key("src", "-O", d));
        assertNotEquals(k, cache.key("src ", "-O", d));
        assertNotEquals(k, cache.key("src", "", d));
        assertNotEquals(cache.key("ab", "c", d), cache.key("a", "bc", d));
        DeviceInfo otherDriver = new DeviceInfo(d.index(), d.platformIndex(), d.indexInPlatform(), d.platformName(),
                d.platformVersion(), d.name(), d.vendor(), d.type(), d.computeUnits(), d.globalMemBytes(),
                d.localMemBytes(), d.maxAllocBytes(), d.maxWorkGroupSize(), d.fp64(), d.fp16(), d.openclCVersion(),
                d.deviceVersion(), d.driverVersion() + "-new", d.available(), d.compilerAvailable(), d.extensions());
        assertNotEquals(k, cache.key("src", "-O", otherDriver));
        assertEquals(dir.resolve(k + ".bin"), cache.file(k));
    }

    @Test
    void anUnwritableCacheDoesNotFailTheBuild() throws IOException {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        BinaryCache cache = BinaryCache.at(notADir.resolve("kernels"));
        try (ClDevice dev = TestDevices.open().cache(cache); ClProgram p = dev.build("u.cl", Kernels.SAXPY, "")) {
            runSaxpy(dev, p);
            assertEquals(0, cache.stores());
            assertTrue(cache.lastProblem().startsWith("cannot write "), cache.lastProblem());
        }
    }

    @Test
    void theDefaultDirectoryComesFromTheEnvironment() {
        assertEquals(Path.of("/home/u/.cache/cnnc/kernels"),
                BinaryCache.fromEnvironment(java.util.Map.of(), "/home/u").directory());
        assertEquals(Path.of("/xdg/cnnc/kernels"),
                BinaryCache.fromEnvironment(java.util.Map.of("XDG_CACHE_HOME", "/xdg"), "/home/u").directory());
        assertEquals(Path.of("/c"), BinaryCache.fromEnvironment(
                java.util.Map.of("CNNC_CACHE", "/c", "XDG_CACHE_HOME", "/xdg"), "/home/u").directory());
        assertNull(BinaryCache.fromEnvironment(java.util.Map.of("CNNC_CACHE", "off"), "/home/u"));
    }
}
