package dev.cnnc.runtime.opencl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jocl.CL;

/**
 * Loads JOCL and, through it, the system's OpenCL library.
 *
 * <p>On Linux JOCL 2.0.5 opens only {@code libOpenCL.so}, the development link that the
 * ICD loader's -dev package installs; a system with just the runtime
 * ({@code ocl-icd-libopencl1}: {@code libOpenCL.so.1}) would fail. When no
 * {@code libOpenCL.so} is on the library path, this class first loads a tiny generated shared
 * object whose SONAME is {@code libOpenCL.so} and which needs {@code libOpenCL.so.1}; the
 * dynamic linker then hands JOCL's {@code dlopen("libOpenCL.so")} that object, and JOCL's
 * symbol lookups go through it to the real loader. The shim holds no code.
 */
final class OpenClLibrary {
    private static Throwable failure;
    private static boolean loaded;
    private static String shimNote = "";

    private OpenClLibrary() {
    }

    /**
     * Makes JOCL usable or throws {@link OpenClUnavailableException} saying why not. Status
     * codes are checked by this runtime, so JOCL's own exceptions are turned off.
     */
    static synchronized void ensureLoaded() {
        if (!loaded && failure == null) {
            try {
                preloadShim();
                CL.setExceptionsEnabled(false);
                loaded = true;
            } catch (LinkageError e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw new OpenClUnavailableException(ClException.NO_STATUS,
                    "cannot load the OpenCL library (libOpenCL.so.1, the ICD loader) through JOCL: "
                            + failure.getMessage() + shimNote);
        }
    }

    private static void preloadShim() {
        int machine = elfMachine();
        if (machine == 0 || developmentLinkPresent()) {
            return;
        }
        try {
            Path shim = Files.createTempFile("cnnc-libOpenCL-", ".so");
            try {
                Files.write(shim, shim(machine));
                System.load(shim.toString());
            } finally {
                Files.deleteIfExists(shim); // once mapped, the file is not needed
            }
        } catch (IOException | LinkageError e) {
            // without libOpenCL.so.1 the shim cannot load; JOCL's own attempt then reports it
            shimNote = " (and loading libOpenCL.so.1 failed too: " + e.getMessage() + ")";
        }
    }

    /** The ELF machine of this JVM where JOCL ships a Linux library: 62 (x86-64), 183 (AArch64); else 0. */
    static int elfMachine() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux")) {
            return 0;
        }
        return arch.equals("amd64") || arch.equals("x86_64") ? 62 : arch.equals("aarch64") ? 183 : 0;
    }

    /** Whether a file {@code libOpenCL.so} is in LD_LIBRARY_PATH or a standard library directory. */
    private static boolean developmentLinkPresent() {
        List<String> dirs = new ArrayList<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            dirs.addAll(List.of(ld.split(":")));
        }
        dirs.addAll(List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib",
                "/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/lib64", "/lib", "/usr/local/lib"));
        for (String d : dirs) {
            if (!d.isEmpty() && Files.exists(Path.of(d, "libOpenCL.so"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A minimal 64-bit little-endian ELF shared object: SONAME libOpenCL.so, NEEDED
     * libOpenCL.so.1, an empty symbol table, one writable load segment (the dynamic linker
     * adjusts the dynamic section in place) and a non-executable stack.
     */
    static byte[] shim(int machine) {
        byte[] strtab = "\0libOpenCL.so.1\0libOpenCL.so\0".getBytes(StandardCharsets.US_ASCII);
        int needed = 1;
        int soname = 1 + "libOpenCL.so.1".length() + 1;
        int phoff = 64;
        int phnum = 3;
        int dynOff = phoff + 56 * phnum;
        int dynCount = 8;
        int hashOff = dynOff + 16 * dynCount;
        int symOff = hashOff + 16;
        int strOff = symOff + 24;
        int size = strOff + strtab.length;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        // ELF header
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        b.putShort((short) 3).putShort((short) machine).putInt(1).putLong(0).putLong(phoff).putLong(0).putInt(0);
        b.putShort((short) 64).putShort((short) 56).putShort((short) phnum).putShort((short) 64).putShort((short) 0)
                .putShort((short) 0);
        // program headers: PT_LOAD (RW), PT_DYNAMIC, PT_GNU_STACK (RW)
        programHeader(b, 1, 6, 0, size, 0x1000);
        programHeader(b, 2, 6, dynOff, 16 * dynCount, 8);
        programHeader(b, 0x6474e551, 6, 0, 0, 16);
        // dynamic section
        long[][] dyn = {{1, needed}, {14, soname}, {4, hashOff}, {5, strOff}, {6, symOff}, {10, strtab.length},
            {11, 24}, {0, 0}};
        for (long[] d : dyn) {
            b.putLong(d[0]).putLong(d[1]);
        }
        // SysV hash: one bucket, one chain entry (the null symbol)
        b.putInt(1).putInt(1).putInt(0).putInt(0);
        // symbol table: the null symbol
        b.put(new byte[24]);
        b.put(strtab);
        return b.array();
    }

    private static void programHeader(ByteBuffer b, int type, int flags, long offset, long size, long align) {
        b.putInt(type).putInt(flags).putLong(offset).putLong(offset).putLong(offset).putLong(size).putLong(size)
                .putLong(align);
    }
}
