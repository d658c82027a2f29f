package dev.cnnc.runtime.opencl;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class ProgramBuildTest {
    private static final String BROKEN = String.join("\n",
            "__kernel void ok(__global float* a) { a[get_global_id(0)] = 1.0f; }",
            "",
            "__kernel void broken(__global float* a) {",
            "    int i = get_global_id(0);",
            "    a[i] = undefined_thing * 2.0f;",
            "}",
            "");

    @Test
    void aBrokenKernelReportsStatusSourceNameLineAndTheCompilersLog() {
        try (ClDevice dev = TestDevices.open()) {
            long programs = NativeObjects.live(NativeObjects.Kind.PROGRAM);
            ClException e = assertThrows(ClException.class, () -> dev.build("model_0042.cl", BROKEN, ""));
            System.out.println(e.getMessage());
            assertEquals(-11, e.status());
            String m = e.getMessage();
            assertTrue(m.startsWith("OpenCL build of model_0042.cl failed on " + dev.info().name()
                    + ": CL_BUILD_PROGRAM_FAILURE (-11)\nbuild log:\n"), m);
            assertTrue(m.matches("(?s).*model_0042\\.cl:5:\\d+:.*undefined_thing.*"), "the compiler's line: " + m);
            assertTrue(m.contains("\n        a[i] = undefined_thing * 2.0f;\n"), "the source line is quoted: " + m);
            assertFalse(m.contains("<source>"), m);
            assertEquals(programs, NativeObjects.live(NativeObjects.Kind.PROGRAM), "the failed program is released");
        }
    }

    @Test
    void badBuildOptionsAreNamed() {
        try (ClDevice dev = TestDevices.open()) {
            ClException e = assertThrows(ClException.class,
                    () -> dev.build("opts.cl", Kernels.SAXPY, "-cl-no-such-option"));
            System.out.println(e.getMessage());
            assertTrue(e.status() == -43 || e.status() == -11, "CL_INVALID_BUILD_OPTIONS or a failed build: "
                    + e.getMessage());
            assertTrue(e.getMessage().startsWith("OpenCL build of opts.cl failed on "), e.getMessage());
            assertTrue(e.getMessage().contains(ClException.describe(e.status())), e.getMessage());
            assertTrue(e.getMessage().contains("\nbuild options: -cl-no-such-option\n"), e.getMessage());
        }
    }

    @Test
    void aGoodBuildIsTimedAndFromSource() {
        String source = "// µ-kernel — non-ASCII text in a comment\n" + Kernels.SAXPY;
        try (ClDevice dev = TestDevices.open(); ClProgram p = dev.build("ok.cl", source, null)) {
            assertFalse(p.fromCache());
            assertTrue(p.buildMillis() > 0);
            assertEquals("ok.cl", p.sourceName());
            assertTrue(p.binary().length > 0);
        }
    }

    @Test
    void logsOfOtherDriversAreRenamedToo() {
        String src = "kernel void k() {\n\tint x = y;\n}\n";
        // NVIDIA
        assertEquals("net.cl:2:10: error: use of undeclared identifier 'y'\n    \tint x = y;\n    \t        ^",
                ClProgram.rewriteLog("<kernel>:2:10: error: use of undeclared identifier 'y'\n", "net.cl", src));
        // Intel
        assertEquals("net.cl:2:10: error: use of undeclared identifier 'y'\n\tint x = y;\n\t        ^",
                ClProgram.rewriteLog("1:2:10: error: use of undeclared identifier 'y'\n\tint x = y;\n\t        ^",
                        "net.cl", src));
        // AMD (ROCm comgr) and a temp file name
        assertEquals("net.cl:2:10: warning: w\n\tint x = y;",
                ClProgram.rewriteLog("/tmp/comgr-1a2b/input/CompileSource:2:10: warning: w\n\tint x = y;", "net.cl",
                        src));
        assertEquals("net.cl:2: error: e\n    \tint x = y;",
                ClProgram.rewriteLog("/tmp/OCL1234T5.cl:2: error: e", "net.cl", src));
        // lines that name no location, and locations past the end, stay as they are
        assertEquals("error: something\nnet.cl:99:1: error: far", ClProgram.rewriteLog(
                "error: something\n<source>:99:1: error: far\n\n", "net.cl", src));
    }
}
