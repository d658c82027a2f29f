package dev.cnnc.compiler.ir;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Element types of tensors. */
public enum DType {
    F32(4),
    F64(8),
    F16(2),
    I64(8),
    I32(4),
    U8(1);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    /** The word used in .cnn sources: {@code f32}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFloat() {
        return this == F32 || this == F64 || this == F16;
    }

    public static DType fromWord(String word) {
        for (DType t : values()) {
            if (t.word().equals(word)) {
                return t;
            }
        }
        return null;
    }

    public static List<String> words() {
        return Arrays.stream(values()).map(DType::word).toList();
    }
}
