package dev.cnnc.runtime.opencl;

import static org.jocl.CL.*;

import org.jocl.Pointer;
import org.jocl.cl_mem;

/**
 * A read-write buffer in a device's memory. Copies to and from Java arrays are blocking and
 * start at byte 0 of the buffer unless an offset is given; the array must fit.
 */
public final class ClBuffer implements AutoCloseable {
    private final ClDevice device;
    private final long bytes;
    private final cl_mem mem;
    private boolean closed;

    ClBuffer(ClDevice device, long bytes) {
        device.checkOpen();
        if (bytes <= 0) {
            throw new IllegalArgumentException("an OpenCL buffer needs at least 1 byte, not " + bytes);
        }
        if (bytes > device.info().maxAllocBytes()) {
            throw new ClException(CL_INVALID_BUFFER_SIZE, "clCreateBuffer(" + bytes + " bytes) failed: "
                    + ClException.describe(CL_INVALID_BUFFER_SIZE) + ": " + device.info().name()
                    + " allows at most " + device.info().maxAllocBytes() + " bytes in one buffer");
        }
        int[] err = new int[1];
        cl_mem m = clCreateBuffer(device.context(), CL_MEM_READ_WRITE, bytes, null, err);
        ClException.check(err[0], "clCreateBuffer(" + bytes + " bytes)");
        NativeObjects.created(NativeObjects.Kind.BUFFER);
        this.device = device;
        this.bytes = bytes;
        this.mem = m;
    }

    /** The size in bytes. */
    public long bytes() {
        return bytes;
    }

    /** The device whose memory holds this buffer. */
    public ClDevice device() {
        return device;
    }

    public ClBuffer write(float[] data) {
        return write(Pointer.to(data), 4L * data.length, 0);
    }

    public ClBuffer write(double[] data) {
        return write(Pointer.to(data), 8L * data.length, 0);
    }

    public ClBuffer write(int[] data) {
        return write(Pointer.to(data), 4L * data.length, 0);
    }

    public ClBuffer write(byte[] data) {
        return write(Pointer.to(data), data.length, 0);
    }

    /** Writes {@code data} starting at byte {@code offset} of the buffer. */
    public ClBuffer write(float[] data, long offset) {
        return write(Pointer.to(data), 4L * data.length, offset);
    }

    public void read(float[] into) {
        read(Pointer.to(into), 4L * into.length, 0);
    }

    public void read(double[] into) {
        read(Pointer.to(into), 8L * into.length, 0);
    }

    public void read(int[] into) {
        read(Pointer.to(into), 4L * into.length, 0);
    }

    public void read(byte[] into) {
        read(Pointer.to(into), into.length, 0);
    }

    /** Reads {@code into.length} floats starting at byte {@code offset} of the buffer. */
    public void read(float[] into, long offset) {
        read(Pointer.to(into), 4L * into.length, offset);
    }

    /** The whole buffer as floats. */
    public float[] readFloats() {
        float[] a = new float[(int) (bytes / 4)];
        read(a);
        return a;
    }

    /** Copies the first {@code n} bytes of this buffer to the start of {@code dst}, on the device. */
    public void copyTo(ClBuffer dst, long n) {
        checkUsable("copy from");
        dst.checkUsable("copy to");
        if (dst.device != device) {
            throw new IllegalArgumentException("cannot copy between buffers of different OpenCL devices");
        }
        if (n > bytes || n > dst.bytes) {
            throw new IllegalArgumentException("cannot copy " + n + " bytes from a buffer of " + bytes
                    + " bytes to a buffer of " + dst.bytes + " bytes");
        }
        ClException.check(clEnqueueCopyBuffer(device.queue(), mem, dst.mem, 0, 0, n, 0, null, null),
                "clEnqueueCopyBuffer(" + n + " bytes)");
    }

    /** Sets every byte to zero, on the device. */
    public void zero() {
        checkUsable("zero");
        ClException.check(clEnqueueFillBuffer(device.queue(), mem, Pointer.to(new byte[] {0}), 1, 0, bytes, 0,
                null, null), "clEnqueueFillBuffer(" + bytes + " bytes)");
    }

    /** Whether {@link #close} has run (here or by closing the device). */
    public boolean isClosed() {
        return closed;
    }

    /** Releases the device memory. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        device.forget(this);
        int status = clReleaseMemObject(mem);
        NativeObjects.released(NativeObjects.Kind.BUFFER);
        ClException.check(status, "clReleaseMemObject");
    }

    cl_mem mem() {
        return mem;
    }

    void checkUsable(String what) {
        if (closed) {
            throw new IllegalStateException("cannot " + what + " an OpenCL buffer that was closed");
        }
        device.checkOpen();
    }

    private ClBuffer write(Pointer p, long n, long offset) {
        checkRange("write", n, offset);
        if (n == 0) {
            return this;
        }
        ClException.check(clEnqueueWriteBuffer(device.queue(), mem, CL_TRUE, offset, n, p, 0, null, null),
                "clEnqueueWriteBuffer(" + n + " bytes)");
        return this;
    }

    private void read(Pointer p, long n, long offset) {
        checkRange("read", n, offset);
        if (n == 0) {
            return;
        }
        ClException.check(clEnqueueReadBuffer(device.queue(), mem, CL_TRUE, offset, n, p, 0, null, null),
                "clEnqueueReadBuffer(" + n + " bytes)");
    }

    private void checkRange(String what, long n, long offset) {
        checkUsable(what);
        if (offset < 0 || n > bytes - offset) {
            throw new IllegalArgumentException("cannot " + what + " " + n + " bytes at offset " + offset
                    + " of an OpenCL buffer of " + bytes + " bytes");
        }
    }
}
