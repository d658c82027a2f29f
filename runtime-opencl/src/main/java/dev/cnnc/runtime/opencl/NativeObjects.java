package dev.cnnc.runtime.opencl;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts the OpenCL objects this runtime has created and not yet released, by kind. Every
 * wrapper counts itself in when it creates its native object and out when it releases it,
 * so a leak shows up as a count that does not return to where it was.
 */
public final class NativeObjects {
    /** The kinds of OpenCL objects the runtime creates. */
    public enum Kind { CONTEXT, QUEUE, BUFFER, PROGRAM, KERNEL, EVENT }

    private static final AtomicLongArray LIVE = new AtomicLongArray(Kind.values().length);
    private static final AtomicLongArray CREATED = new AtomicLongArray(Kind.values().length);

    private NativeObjects() {
    }

    static void created(Kind kind) {
        LIVE.incrementAndGet(kind.ordinal());
        CREATED.incrementAndGet(kind.ordinal());
    }

    static void released(Kind kind) {
        LIVE.decrementAndGet(kind.ordinal());
    }

    /** How many objects of this kind are alive now. */
    public static long live(Kind kind) {
        return LIVE.get(kind.ordinal());
    }

    /** How many objects of this kind were ever created. */
    public static long createdTotal(Kind kind) {
        return CREATED.get(kind.ordinal());
    }

    /** How many objects of all kinds are alive now. */
    public static long liveTotal() {
        long n = 0;
        for (Kind k : Kind.values()) {
            n += live(k);
        }
        return n;
    }

    /** The live count of every kind. */
    public static Map<Kind, Long> snapshot() {
        Map<Kind, Long> m = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            m.put(k, live(k));
        }
        return m;
    }
}
