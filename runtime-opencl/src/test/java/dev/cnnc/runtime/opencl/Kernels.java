package dev.cnnc.runtime.opencl;

/** OpenCL C sources the tests run. */
final class Kernels {
    private Kernels() {
    }

    static final String SAXPY = String.join("\n",
            "__kernel void saxpy(const int n, const float a, __global const float* x, __global float* y) {",
            "    int i = get_global_id(0);",
            "    if (i < n) y[i] = a * x[i] + y[i];",
            "}",
            "");

    /** Each work-group sums a strided slice of x into partial[group] through local memory. */
    static final String SUM = String.join("\n",
            "__kernel void sum(const int n, __global const float* x, __global float* partial,",
            "                  __local float* scratch) {",
            "    int lid = get_local_id(0);",
            "    float acc = 0.0f;",
            "    for (int i = get_global_id(0); i < n; i += get_global_size(0)) acc += x[i];",
            "    scratch[lid] = acc;",
            "    barrier(CLK_LOCAL_MEM_FENCE);",
            "    for (int s = get_local_size(0) / 2; s > 0; s >>= 1) {",
            "        if (lid < s) scratch[lid] += scratch[lid + s];",
            "        barrier(CLK_LOCAL_MEM_FENCE);",
            "    }",
            "    if (lid == 0) partial[get_group_id(0)] = scratch[0];",
            "}",
            "");

    static final String BOTH = SAXPY + "\n" + SUM;

    /** Values whose float sums are exact (small integers), so results compare exactly. */
    static float[] ramp(int n, int mod, int shift) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (i * 7 % mod) - shift;
        }
        return a;
    }
}
