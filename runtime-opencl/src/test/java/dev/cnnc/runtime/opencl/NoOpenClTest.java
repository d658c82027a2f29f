package dev.cnnc.runtime.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With no OpenCL platform, discovery says how to install one. */
class NoOpenClTest {
    /** Run in a child JVM whose ICD loader finds no vendors: prints the exception's message. */
    public static void main(String[] args) {
        try {
            Devices.platforms();
            System.out.println("found a platform");
            System.exit(0);
        } catch (OpenClUnavailableException e) {
            System.out.println(e.getMessage());
            System.exit(3);
        }
    }

    @Test
    void noPlatformSaysHowToInstallPocl(@TempDir Path emptyVendors) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                NoOpenClTest.class.getName()));
        pb.environment().put("OCL_ICD_VENDORS", emptyVendors.toString()); // ocl-icd: the directory of .icd files
        pb.environment().remove("OPENCL_VENDOR_PATH");
        pb.redirectErrorStream(true);
        Process proc = pb.start();
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(3, proc.exitValue(), out);
        assertTrue(out.startsWith("no OpenCL platform found (clGetPlatformIDs: CL_PLATFORM_NOT_FOUND_KHR (-1001))\n"),
                out);
        assertTrue(out.contains("apt-get install -y pocl-opencl-icd ocl-icd-libopencl1"), out);
    }
}
