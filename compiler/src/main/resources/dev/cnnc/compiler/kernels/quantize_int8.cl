/* Conversions between float tensors and the symmetric int8 scheme (dev.cnnc.train.quant.Int8:
 * zero point 0, range [−127, 127]), bit for bit the Java reference. One element per work-item;
 * n is the element count (the range may be rounded up).
 *
 *   quantize:        q[i] = clamp(roundHalfEven((double) x[i] / (double) s), −127, 127)
 *                    (Int8.quantize: the division in double, on the float scale as stored; NaN → 0)
 *   dequantize:      x[i] = (float) q[i] · s                 (Int8.dequantize: one float product)
 *   dequantize_acc:  x[i] = (float) (acc[i] · ((double) sx · (double) ws[c]))
 *                    with c = (i / spatial) mod channels (Int8Reference.dequantize: a last layer's
 *                    int32 accumulators as real values, [N, channels, spatial])
 * The double arithmetic is correctly rounded in OpenCL C (division, product, conversion to float
 * to nearest even), as in Java, and needs cl_khr_fp64. */
#pragma OPENCL EXTENSION cl_khr_fp64 : enable

__kernel void ${KERNEL}_quantize(__global const float* x, __global char* q, const float s, const int n) {
    const int i = get_global_id(0);
    if (i < n) {
        const double v = rint((double)x[i] / (double)s);
        q[i] = isnan(v) ? 0 : (char)(v > 127.0 ? 127 : v < -127.0 ? -127 : (int)v);
    }
}

__kernel void ${KERNEL}_dequantize(__global const char* q, __global float* x, const float s, const int n) {
    const int i = get_global_id(0);
    if (i < n) {
        x[i] = (float)q[i] * s;
    }
}

__kernel void ${KERNEL}_dequantize_acc(__global const int* acc, __global float* x, const float sx,
                                       __global const float* ws, const int channels, const int spatial,
                                       const int n) {
    const int i = get_global_id(0);
    if (i < n) {
        x[i] = (float)((double)acc[i] * ((double)sx * (double)ws[(i / spatial) % channels]));
    }
}
