package dev.cnnc.runtime.opencl;

import static org.jocl.CL.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_event;

/**
 * Kernel run times of one device, from OpenCL events (CL_PROFILING_COMMAND_START to _END).
 * Off by default; when on, every launch carries an event that is read and released at the
 * next {@link ClDevice#finish}, {@link #entries}, {@link #table}, or when too many wait.
 */
public final class Profiler {
    /** One kernel's line of the profile. */
    public record Entry(String kernel, long calls, double totalMs, double share) {
    }

    /** Events waiting beyond this many are collected at once, which bounds their native memory. */
    static final int MAX_PENDING = 1024;

    private boolean enabled;
    private final List<String> pendingNames = new ArrayList<>();
    private final List<cl_event> pendingEvents = new ArrayList<>();
    private final Map<String, long[]> stats = new LinkedHashMap<>(); // name -> {calls, total ns}

    Profiler() {
    }

    /** Whether launches are being timed. */
    public boolean enabled() {
        return enabled;
    }

    /** Turns timing of every launch on or off. */
    public Profiler enable(boolean on) {
        this.enabled = on;
        return this;
    }

    /** Forgets all recorded times (launches still pending are collected first, then forgotten). */
    public void reset() {
        collect();
        stats.clear();
    }

    /** Per-kernel calls, total time and share of the total, largest total first. */
    public List<Entry> entries() {
        collect();
        long all = 0;
        for (long[] s : stats.values()) {
            all += s[1];
        }
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : stats.entrySet()) {
            long[] s = e.getValue();
            out.add(new Entry(e.getKey(), s[0], s[1] / 1e6, all == 0 ? 0 : (double) s[1] / all));
        }
        out.sort(Comparator.comparingDouble(Entry::totalMs).reversed().thenComparing(Entry::kernel));
        return out;
    }

    /**
     * The profile as a table:
     * <pre>
     * kernel      calls   total ms   share
     * conv3x3        10     12.345   61.2%
     * total          20     20.170  100.0%
     * </pre>
     */
    public String table() {
        List<Entry> entries = entries();
        int w = "kernel".length();
        for (Entry e : entries) {
            w = Math.max(w, e.kernel().length());
        }
        String fmt = "%-" + w + "s %8s %12s %7s%n";
        StringBuilder b = new StringBuilder(String.format(fmt, "kernel", "calls", "total ms", "share"));
        long calls = 0;
        double ms = 0;
        for (Entry e : entries) {
            b.append(String.format(Locale.ROOT, fmt, e.kernel(), e.calls(), String.format(Locale.ROOT, "%.3f",
                    e.totalMs()), String.format(Locale.ROOT, "%.1f%%", 100 * e.share())));
            calls += e.calls();
            ms += e.totalMs();
        }
        b.append(String.format(Locale.ROOT, fmt, "total", calls, String.format(Locale.ROOT, "%.3f", ms),
                entries.isEmpty() ? "-" : "100.0%"));
        return b.toString();
    }

    /** Waits for the pending launches, records their times and releases their events. */
    public void collect() {
        try {
            for (int i = 0; i < pendingEvents.size(); i++) {
                cl_event e = pendingEvents.get(i);
                pendingEvents.set(i, null);
                record(pendingNames.get(i), waitAndRelease(e, pendingNames.get(i)));
            }
        } finally {
            for (cl_event e : pendingEvents) {
                if (e != null) {
                    release(e);
                }
            }
            pendingEvents.clear();
            pendingNames.clear();
        }
    }

    void pending(String kernel, cl_event event) {
        pendingNames.add(kernel);
        pendingEvents.add(event);
        if (pendingEvents.size() >= MAX_PENDING) {
            collect();
        }
    }

    void record(String kernel, long ns) {
        long[] s = stats.computeIfAbsent(kernel, k -> new long[2]);
        s[0]++;
        s[1] += ns;
    }

    /** Releases pending events without recording them (the device is closing). */
    void releasePending() {
        for (cl_event e : pendingEvents) {
            release(e);
        }
        pendingEvents.clear();
        pendingNames.clear();
    }

    /** Waits for the event, returns END - START in ns, and releases the event whatever happens. */
    static long waitAndRelease(cl_event event, String kernel) {
        try {
            ClException.check(clWaitForEvents(1, new cl_event[] {event}), "clWaitForEvents(" + kernel + ")");
            long[] start = new long[1];
            long[] end = new long[1];
            ClException.check(clGetEventProfilingInfo(event, CL_PROFILING_COMMAND_START, Sizeof.cl_ulong,
                    Pointer.to(start), null), "clGetEventProfilingInfo(" + kernel + ")");
            ClException.check(clGetEventProfilingInfo(event, CL_PROFILING_COMMAND_END, Sizeof.cl_ulong,
                    Pointer.to(end), null), "clGetEventProfilingInfo(" + kernel + ")");
            return end[0] - start[0];
        } finally {
            release(event);
        }
    }

    private static void release(cl_event e) {
        clReleaseEvent(e);
        NativeObjects.released(NativeObjects.Kind.EVENT);
    }
}
