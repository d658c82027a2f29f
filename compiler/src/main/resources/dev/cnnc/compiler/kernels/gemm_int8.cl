/* An int8 dense layer, bit for bit dev.cnnc.train.quant.Int8Reference.dense:
 *   x [${B}, ${IN}] int8, w [${OUT}, ${IN}] int8 (PyTorch's Linear layout), bias [${OUT}] int32 →
 *     acc[b, o] = bias[o] + Σ_i x[b, i] · w[o, i]                      (int32, exact)
 *     ${EPILOGUE_DOC}
 * Requantization (dev.cnnc.train.quant.Requantizer.apply, m = mult[o], n = shift[o]):
 * p = (long) acc · m; r = (p + 2^(n−1) − (p < 0)) >> n (acc · m / 2^n rounded to nearest, ties
 * away from zero); q = clamp(r, lo, 127), lo = 0 with a fused ReLU, else −127.
 *
 * A work-item computes ${TB} rows of the batch × ${TO} outputs as dot products along i, which is
 * contiguous in both x and w (no transposed copy): 16 lanes of int accumulators per pair, fed by
 * two char16 runs at a time whose products x_k·w_k + x_{k+16}·w_{k+16} (at most 2·128·127 < 2^15
 * in magnitude, weights in [−127, 127]) are summed in short16 and widened once; the lanes are added at the end and the last
 * ${IN} mod 16 terms are scalar. Dimensions: ${OT} output tiles, ${BT} batch tiles. */

/* clamp(round(acc · m / 2^n), lo, 127), ties away from zero (Requantizer.apply), in 64 bits. */
inline char ${KERNEL}_requant(int acc, int m, int n, int lo) {
    const long p = (long)acc * (long)m;
    const long r = (p + ((long)1 << (n - 1)) - (p < 0 ? 1 : 0)) >> n;
    return (char)clamp(r, (long)lo, (long)127);
}

inline int ${KERNEL}_sum(int16 v) {
    const int8 a = v.lo + v.hi;
    const int4 b = a.lo + a.hi;
    const int2 c = b.lo + b.hi;
    return c.x + c.y;
}

/* mult/shift are read by the int8 output, sx and ws (input scale, per-output weight scales) by
 * the float output; every variant takes them all. */
__kernel void ${KERNEL}_forward(__global const char* x, __global const char* w, __global const int* bias,
                                __global const int* mult, __global const int* shift, const float sx,
                                __global const float* ws, __global ${OUT_T}* y) {
${BODY}
}
