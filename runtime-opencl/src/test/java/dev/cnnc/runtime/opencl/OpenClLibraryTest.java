package dev.cnnc.runtime.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenClLibraryTest {
    @Test
    void theShimIsALoadableSharedObject(@TempDir Path dir) throws IOException {
        OpenClLibrary.ensureLoaded(); // libOpenCL.so.1 is there (else this fails saying how to install it)
        int machine = OpenClLibrary.elfMachine();
        if (machine == 0) {
            fail("the shim is for Linux on x86-64 or AArch64, not " + System.getProperty("os.name") + " on "
                    + System.getProperty("os.arch"));
        }
        byte[] elf = OpenClLibrary.shim(machine);
        assertEquals(0x7f, elf[0]);
        assertEquals("ELF", new String(elf, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        Path so = dir.resolve("libshim-test.so");
        Files.write(so, elf);
        System.load(so.toString()); // throws UnsatisfiedLinkError if the dynamic linker refuses it
    }
}
