package dev.cnnc.compiler.codegen;

import dev.cnnc.runtime.opencl.Program;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a mixed-precision program before it runs: every fp16 buffer ({@link Program.Buffer#half})
 * is passed only to kernel parameters declared {@code half*}, and every buffer of reals only to
 * parameters that are not. A kernel that read fp16 bits as floats (or the reverse) would compute
 * garbage without any error, so a mismatch is a compiler bug reported before anything runs.
 */
final class HalfStorageCheck {
    private static final Pattern KERNEL = Pattern.compile("__kernel\\s+void\\s+(\\w+)\\s*\\(([^)]*)\\)");
    private static final Pattern HALF = Pattern.compile("\\bhalf\\s*\\*");

    private HalfStorageCheck() {
    }

    /** @throws CodegenException naming the kernel, the launch's origin, the argument and the buffer */
    static void check(Program p) {
        Map<String, List<Boolean>> params = new HashMap<>(); // per kernel: null (not a buffer), half?
        Matcher m = KERNEL.matcher(p.source());
        while (m.find()) {
            List<Boolean> list = new ArrayList<>();
            for (String param : m.group(2).split(",")) {
                list.add(param.contains("__global") ? HALF.matcher(param).find() : null);
            }
            params.put(m.group(1), list);
        }
        for (Map.Entry<String, List<Program.Launch>> phase : p.phases().entrySet()) {
            for (Program.Launch l : phase.getValue()) {
                List<Boolean> declared = params.get(l.kernel());
                if (declared == null) {
                    throw new CodegenException("launch of " + l.kernel() + " (" + l.origin() + ") in phase "
                            + phase.getKey() + ": no such kernel in the program");
                }
                for (int i = 0; i < l.args().size() && i < declared.size(); i++) {
                    if (l.args().get(i) instanceof Program.BufferRef r && declared.get(i) != null) {
                        Program.Buffer b = p.buffers().get(r.index());
                        if (b.half() != declared.get(i)) {
                            throw new CodegenException("kernel " + l.kernel() + " (" + l.origin() + ", phase "
                                    + phase.getKey() + "): argument " + i + " is buffer " + b.name() + " of "
                                    + (b.half() ? "fp16 values" : "reals") + ", but the kernel declares it "
                                    + (declared.get(i) ? "half" : "real"));
                        }
                    }
                }
            }
        }
    }
}
