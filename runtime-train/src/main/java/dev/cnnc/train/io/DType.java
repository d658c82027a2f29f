package dev.cnnc.train.io;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The element types cnnc reads and writes, named as safetensors names them. The declaration order
 * is the order of the safetensors reference implementation's {@code Dtype} enum (increasing
 * alignment), which its writer uses to lay tensors out: largest alignment first, then by name.
 */
public enum DType {
    /** One byte, 0 is false and anything else true ({@code torch.bool}, NumPy {@code |b1}). */
    BOOL(1, "|b1"),
    /** Unsigned byte ({@code torch.uint8}, {@code |u1}). */
    U8(1, "|u1"),
    /** Signed byte ({@code torch.int8}, {@code |i1}). */
    I8(1, "|i1"),
    /** Signed 16-bit integer ({@code torch.int16}, {@code <i2}). */
    I16(2, "<i2"),
    /** IEEE 754 binary16 ({@code torch.float16}, {@code <f2}); read as float. */
    F16(2, "<f2"),
    /** bfloat16, the upper half of a binary32 ({@code torch.bfloat16}); NumPy has no such type. */
    BF16(2, null),
    /** Signed 32-bit integer ({@code torch.int32}, {@code <i4}). */
    I32(4, "<i4"),
    /** IEEE 754 binary32 ({@code torch.float32}, {@code <f4}). */
    F32(4, "<f4"),
    /** IEEE 754 binary64 ({@code torch.float64}, {@code <f8}). */
    F64(8, "<f8"),
    /** Signed 64-bit integer ({@code torch.int64}, {@code <i8}); BatchNorm's num_batches_tracked. */
    I64(8, "<i8");

    /**
     * Dtypes the safetensors format defines that cnnc does not hold, so that a file using one gets
     * "not supported" rather than "unknown".
     */
    static final List<String> SAFETENSORS_UNSUPPORTED = List.of(
        "U16", "U32", "U64", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64");

    private final int size;
    private final String npyDescr;

    DType(int size, String npyDescr) {
        this.size = size;
        this.npyDescr = npyDescr;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** The NumPy {@code descr} this type is written as, or null where NumPy has none (BF16). */
    public String npyDescr() {
        return npyDescr;
    }

    /** Whether this is a floating-point type (F16, BF16, F32, F64). */
    public boolean isFloatingPoint() {
        return this == F16 || this == BF16 || this == F32 || this == F64;
    }

    /** The name in safetensors headers ({@code "F32"}); the same as {@link #name()}. */
    public String safetensorsName() {
        return name();
    }

    /** The type a safetensors header names, or null if cnnc does not hold it. */
    public static DType fromSafetensors(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The list of supported names, for error messages. */
    static String supportedNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
