package dev.cnnc.runtime.opencl;

import static org.jocl.CL.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_program;

/**
 * A program built for one device, from OpenCL C source or from a cached binary. It makes the
 * kernels; closing it releases the kernels still open, then the program.
 */
public final class ClProgram implements AutoCloseable {
    private final ClDevice device;
    private final String sourceName;
    private final cl_program program;
    private final boolean fromCache;
    private final String buildLog;
    private final double buildMillis;
    private final List<ClKernel> kernels = new ArrayList<>();
    private boolean closed;

    private ClProgram(ClDevice device, String sourceName, cl_program program, boolean fromCache, String buildLog,
            double buildMillis) {
        this.device = device;
        this.sourceName = sourceName;
        this.program = program;
        this.fromCache = fromCache;
        this.buildLog = buildLog;
        this.buildMillis = buildMillis;
    }

    static ClProgram build(ClDevice device, String sourceName, String source, String options, BinaryCache cache) {
        device.checkOpen();
        long t0 = System.nanoTime();
        String key = null;
        if (cache != null) {
            key = cache.key(source, options, device.info());
            Optional<byte[]> binary = cache.load(key);
            if (binary.isPresent()) {
                try {
                    cl_program p = fromBinary(device, sourceName, binary.get(), options);
                    cache.hit();
                    return new ClProgram(device, sourceName, p, true, log(p, device.id()),
                            (System.nanoTime() - t0) / 1e6);
                } catch (ClException e) {
                    cache.rejected(key, e.getMessage());
                }
            }
        }
        cl_program p = fromSource(device, sourceName, source, options);
        ClProgram built = new ClProgram(device, sourceName, p, false, log(p, device.id()),
                (System.nanoTime() - t0) / 1e6);
        if (cache != null && !ClProgramSet.specialisingPocl(device.info())) {
            // (PoCL, specialising: a binary would compile every kernel a second time; PoCL's own cache has it)
            try {
                cache.store(key, built.binary());
            } catch (ClException e) {
                cache.problem("no binary to cache: " + e.getMessage()); // the build itself succeeded
            }
        }
        return built;
    }

    private static cl_program fromSource(ClDevice device, String sourceName, String source, String options) {
        return fromSource(device.context(), device.id(), device.info(), sourceName, source, options);
    }

    /** The build option that silences the device compiler's warnings. */
    static final String QUIET = "-w";

    /** Builds {@code source} in {@code context} (the device's, or a worker's of {@link ClDevice#build(Program)}). */
    static cl_program fromSource(org.jocl.cl_context context, cl_device_id id, DeviceInfo info, String sourceName,
            String source, String options) {
        int[] err = new int[1];
        cl_program p = clCreateProgramWithSource(context, 1, new String[] {source}, null, err);
        ClException.check(err[0], "clCreateProgramWithSource(" + sourceName + ")");
        NativeObjects.created(NativeObjects.Kind.PROGRAM);
        // -w: the device compiler's warnings are about generated code, not the user's model, and
        // PoCL's compiler prints their count ("884 warnings generated.") straight to the process's
        // stderr; errors still fail the build and come back in its log.
        int status = clBuildProgram(p, 1, new cl_device_id[] {id}, (options + " " + QUIET).strip(), null, null);
        if (status != CL_SUCCESS) {
            String log = log(p, id);
            release(p);
            throw new ClException(status, buildFailure(sourceName, info, options, status, log, source));
        }
        return p;
    }

    /** A program of this device from a binary built elsewhere (the cache, or a worker context). */
    static ClProgram ofBinary(ClDevice device, String sourceName, byte[] binary, String options, String log,
            boolean fromCache) {
        long t0 = System.nanoTime();
        cl_program p = fromBinary(device, sourceName, binary, options);
        return new ClProgram(device, sourceName, p, fromCache, log, (System.nanoTime() - t0) / 1e6);
    }

    /** A program of this device built from source in its own context. */
    static ClProgram ofSource(ClDevice device, String sourceName, String source, String options) {
        long t0 = System.nanoTime();
        cl_program p = fromSource(device, sourceName, source, options);
        return new ClProgram(device, sourceName, p, false, log(p, device.id()), (System.nanoTime() - t0) / 1e6);
    }

    private static cl_program fromBinary(ClDevice device, String sourceName, byte[] binary, String options) {
        int[] err = new int[1];
        int[] binaryStatus = new int[1];
        cl_program p = clCreateProgramWithBinary(device.context(), 1, new cl_device_id[] {device.id()},
                new long[] {binary.length}, new byte[][] {binary}, binaryStatus, err);
        if (err[0] != CL_SUCCESS || binaryStatus[0] != CL_SUCCESS) {
            if (p != null && err[0] == CL_SUCCESS) {
                clReleaseProgram(p);
            }
            int status = err[0] != CL_SUCCESS ? err[0] : binaryStatus[0];
            throw new ClException(status, "clCreateProgramWithBinary(" + sourceName + ") failed: "
                    + ClException.describe(status));
        }
        NativeObjects.created(NativeObjects.Kind.PROGRAM);
        int status = clBuildProgram(p, 1, new cl_device_id[] {device.id()}, options, null, null);
        if (status != CL_SUCCESS) {
            String log = log(p, device.id());
            release(p);
            throw new ClException(status, "clBuildProgram(" + sourceName + " from a binary) failed: "
                    + ClException.describe(status) + "\n" + log);
        }
        return p;
    }

    /** The message of a failed build: status name, source name, device, options, and the rewritten log. */
    static String buildFailure(String sourceName, DeviceInfo device, String options, int status, String log,
            String source) {
        StringBuilder b = new StringBuilder();
        b.append("OpenCL build of ").append(sourceName).append(" failed on ").append(device.name())
                .append(": ").append(ClException.describe(status));
        if (!options.isBlank()) {
            b.append("\nbuild options: ").append(options);
        }
        String rewritten = rewriteLog(log, sourceName, source);
        b.append("\nbuild log:");
        b.append(rewritten.isBlank() ? " (empty)" : "\n" + rewritten);
        return b.toString();
    }

    /** {@code <source>:3:14}, {@code <kernel>:3:14}, {@code /tmp/x/input.cl:3:14}: the file part of a log location. */
    private static final Pattern LOCATION = Pattern.compile(
            "(?:<source>|<kernel>|<stdin>|[\\w./\\\\-]*CompileSource|[\\w./\\\\-]*\\.cl)(:\\d+(?::\\d+)?)");
    /** Intel's {@code 1:3:14: error:} at the start of a line. */
    private static final Pattern NUMBERED = Pattern.compile("^\\d+(:\\d+:\\d+: )");

    /**
     * The driver's build log with every location renamed to {@code sourceName:line:col}. Under
     * an error or warning that names a line, the source line is quoted with a caret, unless the
     * log quotes it itself.
     */
    static String rewriteLog(String log, String sourceName, String source) {
        String[] srcLines = source.split("\n", -1);
        Pattern at = Pattern.compile("(?:^|\\s)" + Pattern.quote(sourceName) + ":(\\d+)(?::(\\d+))?");
        List<String> out = new ArrayList<>();
        String[] lines = log.replace("\r\n", "\n").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = NUMBERED.matcher(lines[i]).replaceFirst(Matcher.quoteReplacement(sourceName) + "$1");
            line = LOCATION.matcher(line).replaceAll(Matcher.quoteReplacement(sourceName) + "$1");
            out.add(line);
            Matcher m = at.matcher(line);
            if (!m.find() || !(line.contains("error") || line.contains("warning"))) {
                continue;
            }
            int n = Integer.parseInt(m.group(1));
            if (n < 1 || n > srcLines.length || srcLines[n - 1].isBlank()) {
                continue;
            }
            String text = srcLines[n - 1].stripTrailing();
            boolean quoted = i + 1 < lines.length && lines[i + 1].strip().equals(text.strip());
            if (!quoted) {
                out.add("    " + text);
                int col = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
                if (col >= 1 && col <= text.length() + 1) {
                    StringBuilder caret = new StringBuilder("    ");
                    for (int c = 0; c < col - 1; c++) {
                        caret.append(text.charAt(c) == '\t' ? '\t' : ' ');
                    }
                    out.add(caret.append('^').toString());
                }
            }
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isBlank()) {
            out.remove(out.size() - 1);
        }
        return String.join("\n", out);
    }

    static String log(cl_program p, cl_device_id d) {
        long[] size = new long[1];
        if (clGetProgramBuildInfo(p, d, CL_PROGRAM_BUILD_LOG, 0, null, size) != CL_SUCCESS || size[0] == 0) {
            return "";
        }
        byte[] bytes = new byte[(int) size[0]];
        if (clGetProgramBuildInfo(p, d, CL_PROGRAM_BUILD_LOG, bytes.length, Pointer.to(bytes), null) != CL_SUCCESS) {
            return "";
        }
        return Devices.cString(bytes);
    }

    static void release(cl_program p) {
        clReleaseProgram(p);
        NativeObjects.released(NativeObjects.Kind.PROGRAM);
    }

    /** The file name the source is known by. */
    public String sourceName() {
        return sourceName;
    }

    /** Whether this program came from the binary cache rather than the device compiler. */
    public boolean fromCache() {
        return fromCache;
    }

    /** The build log (warnings; often empty). */
    public String buildLog() {
        return buildLog;
    }

    /** Wall time in ms from the cache lookup to the built program (storing it in the cache not included). */
    public double buildMillis() {
        return buildMillis;
    }

    /** The device this program was built for. */
    public ClDevice device() {
        return device;
    }

    /** The names of the kernels in the program. */
    public List<String> kernelNames() {
        checkOpen();
        long[] size = new long[1];
        ClException.check(clGetProgramInfo(program, CL_PROGRAM_KERNEL_NAMES, 0, null, size), "clGetProgramInfo");
        byte[] bytes = new byte[(int) size[0]];
        ClException.check(clGetProgramInfo(program, CL_PROGRAM_KERNEL_NAMES, bytes.length, Pointer.to(bytes), null),
                "clGetProgramInfo");
        String names = Devices.cString(bytes);
        return names.isEmpty() ? List.of() : Arrays.asList(names.split(";"));
    }

    /** The device binary, as {@code clCreateProgramWithBinary} accepts it back. */
    public byte[] binary() {
        checkOpen();
        return binary(program);
    }

    /** The device binary of a built program (one device). */
    static byte[] binary(cl_program program) {
        long[] sizes = new long[1];
        ClException.check(clGetProgramInfo(program, CL_PROGRAM_BINARY_SIZES, Sizeof.size_t, Pointer.to(sizes), null),
                "clGetProgramInfo(CL_PROGRAM_BINARY_SIZES)");
        byte[] binary = new byte[(int) sizes[0]];
        ClException.check(clGetProgramInfo(program, CL_PROGRAM_BINARIES, Sizeof.POINTER,
                Pointer.to(Pointer.to(binary)), null), "clGetProgramInfo(CL_PROGRAM_BINARIES)");
        return binary;
    }

    /**
     * A kernel of this program.
     *
     * @throws ClException (CL_INVALID_KERNEL_NAME) naming the kernels there are, when there is none of that name
     */
    public ClKernel kernel(String name) {
        checkOpen();
        int[] err = new int[1];
        org.jocl.cl_kernel k = clCreateKernel(program, name, err);
        if (err[0] != CL_SUCCESS) {
            String known = err[0] == CL_INVALID_KERNEL_NAME ? "; " + sourceName + " has kernels " + kernelNames() : "";
            throw new ClException(err[0], "clCreateKernel(" + name + ") failed: " + ClException.describe(err[0])
                    + known);
        }
        NativeObjects.created(NativeObjects.Kind.KERNEL);
        ClKernel kernel = new ClKernel(this, name, k);
        kernels.add(kernel);
        return kernel;
    }

    /** Releases the kernels still open and the program. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ClKernel k : new ArrayList<>(kernels)) {
            k.close();
        }
        device.forget(this);
        release(program);
    }

    /** Whether {@link #close} has run. */
    public boolean isClosed() {
        return closed;
    }

    void forget(ClKernel k) {
        kernels.remove(k);
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("OpenCL program " + sourceName + " is closed");
        }
        device.checkOpen();
    }
}
