/* Conversions between float tensors and the symmetric int8 scheme (dev.cnnc.train.quant.Int8:
 * zero point 0, range [−127, 127]), bit for bit the Java reference. quantize and dequantize take
 * 16 elements per work-item (one element each left the CPU's vector units idle: the quantize
 * passes were a third of an int8 ResNet-20's time), the last work-item the tail one by one;
 * dequantize_acc one element per work-item. n is the element count.
 *
 *   quantize:        q[i] = clamp(roundHalfEven(x[i] · inv), −127, 127), inv = 1f / s computed by
 *                    the host (Int8.quantize, PyTorch's CPU quantize_per_tensor; NaN → 0)
 *   dequantize:      x[i] = (float) q[i] · s                 (Int8.dequantize: one float product)
 *   dequantize_acc:  x[i] = (float) acc[i] · (sx · ws[c])
 *                    with c = (i / spatial) mod channels (Int8Reference.dequantize: a last layer's
 *                    int32 accumulators as real values, [N, channels, spatial])
 * Float products and int-to-float conversions round to nearest even in OpenCL C, as in Java, so
 * no double precision is needed (a division would not do: OpenCL allows it 2.5 ulp). */

__kernel void ${KERNEL}_quantize(__global const float* x, __global char* q, const float inv, const int n) {
    const int i0 = get_global_id(0) * 16;
    if (i0 + 16 <= n) {
        const float16 r = rint(vload16(0, x + i0) * inv);
        const float16 v = clamp(select(r, (float16)0.0f, isnan(r)), -127.0f, 127.0f);
        vstore16(convert_char16(v), 0, q + i0);
    } else {
        for (int i = i0; i < n; i++) {
            const float v = rint(x[i] * inv);
            q[i] = isnan(v) ? 0 : (char)(v > 127.0f ? 127 : v < -127.0f ? -127 : (int)v);
        }
    }
}

__kernel void ${KERNEL}_dequantize(__global const char* q, __global float* x, const float s, const int n) {
    const int i0 = get_global_id(0) * 16;
    if (i0 + 16 <= n) {
        vstore16(convert_float16(vload16(0, q + i0)) * s, 0, x + i0);
    } else {
        for (int i = i0; i < n; i++) {
            x[i] = (float)q[i] * s;
        }
    }
}

__kernel void ${KERNEL}_dequantize_acc(__global const int* acc, __global float* x, const float sx,
                                       __global const float* ws, const int channels, const int spatial,
                                       const int n) {
    const int i = get_global_id(0);
    if (i < n) {
        x[i] = (float)acc[i] * (sx * ws[(i / spatial) % channels]);
    }
}
