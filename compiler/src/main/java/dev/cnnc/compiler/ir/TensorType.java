package dev.cnnc.compiler.ir;

import java.util.Objects;

/** Element type and per-sample shape of a value. */
public record TensorType(DType dtype, Shape shape) {
    public TensorType {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
    }

    public static TensorType f32(int... dims) {
        return new TensorType(DType.F32, Shape.of(dims));
    }

    public TensorType withShape(Shape s) {
        return new TensorType(dtype, s);
    }

    /** Bytes of one sample. */
    public long bytesPerSample() {
        return Math.multiplyExact(shape.elements(), (long) dtype.bytes());
    }

    @Override
    public String toString() {
        return dtype.word() + shape;
    }
}
