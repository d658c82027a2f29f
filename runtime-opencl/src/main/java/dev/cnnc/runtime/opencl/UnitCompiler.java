package dev.cnnc.runtime.opencl;

import static org.jocl.CL.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_program;

/**
 * A helper process of {@link ClProgramSet}: compiles program units for one device, so that
 * units compile on several cores even where the driver compiles one kernel at a time per process
 * (PoCL). Arguments: the device's index ({@link Devices#all}) and the build options. Each line
 * of standard input is a unit's source file and, after a tab, the file to write its binary to;
 * it answers each with one line, {@code ok} or {@code error}, and ends at the end of its input.
 * The compiler's messages of a good build (warnings) go to the binary's file name plus {@code .log}.
 * What the driver prints goes to standard error, which its parent discards: a unit that fails is
 * built again by the parent, which reports the error with its build log.
 */
public final class UnitCompiler {
    private UnitCompiler() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        DeviceInfo info = Devices.all().get(Integer.parseInt(args[0]));
        String options = args.length > 1 ? args[1] : "";
        cl_device_id id = Devices.handle(info);
        int[] err = new int[1];
        cl_context ctx = clCreateContext(null, 1, new cl_device_id[] {id}, null, null, err);
        ClException.check(err[0], "clCreateContext(" + info.name() + ")");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] files = line.split("\t", 2);
            try {
                String source = Files.readString(Path.of(files[0]));
                cl_program p = ClProgram.fromSource(ctx, id, info, files[0], source, options);
                try {
                    Files.write(Path.of(files[1]), ClProgram.binary(p));
                    String log = ClProgram.log(p, id);
                    if (!log.isBlank()) {
                        Files.writeString(Path.of(files[1] + ".log"), log);
                    }
                } finally {
                    ClProgram.release(p);
                }
                out.println("ok");
            } catch (Exception e) {
                System.err.println(e.getMessage());
                out.println("error");
            }
        }
        clReleaseContext(ctx);
    }
}
