/* An int8 convolution (post-training quantization, symmetric: zero point 0), bit for bit the
 * integer reference dev.cnnc.train.quant.Int8Reference.conv2d:
 *   x [N, ${C}, ${H}, ${W}] int8 (NCHW), w [${F}, ${CPG}, ${KH}, ${KW}] int8 (OIHW), ${GROUPS} group(s),
 *   stride ${SH}×${SW}, dilation ${DH}×${DW}, padding top ${PT} left ${PL} (padding reads 0) →
 *   y [N, ${F}, ${OH}, ${OW}]:
 *     acc[o]  = bias[o] + Σ_{ci, kh, kw} x[n, g·${CPG} + ci, oh·${SH} − ${PT} + kh·${DH}, ow·${SW} − ${PL} + kw·${DW}]
 *                                    · w[o, ci, kh, kw]                     (int32, exact)
 *     ${EPILOGUE_DOC}
 * Requantization (dev.cnnc.train.quant.Requantizer.apply, per output channel o, m = mult[o],
 * n = shift[o]): p = (long) acc · m; r = (p + 2^(n−1) − (p < 0)) >> n, i.e. acc · m / 2^n rounded
 * to nearest with ties away from zero, in 64 bits; q = clamp(r, lo, 127) with lo = 0 for a fused
 * ReLU, else −127 (m = 0, n = 31 gives 0).
 *
 * Two kernels. ${KERNEL}_pad copies x into zero-padded column-phase planes
 *   xp [N, ${C}, ${NP}, ${HP}, ${QW}]:  xp[z, c, i, r, j] = x[z, c, r − ${PT}, j·${SW} + phase[i] − ${PL}] (0 outside x)
 * for the column phases phase[] = {${PHASES}} that the taps read (kw·${DW} mod ${SW}), so that the
 * tap (kh, kw) of output row oh reads the contiguous run xp[z, c, i(kw), oh·${SH} + kh·${DH}, ow + ⌊kw·${DW}/${SW}⌋]
 * over a run of output columns ow; the buffer needs ${SLACK} bytes after its last plane (a piece
 * may read past its row, into lanes that are never stored).
 * ${KERNEL}_forward is the implicit matrix product: each output row is cut into ${S} pieces of
 * ${LW} columns (the last ${LAST} wide) and ${PPV} consecutive pieces fill one 16-lane vector; a
 * work-item computes ${TM} filters of one group × ${NV} vectors (${PPT} pieces) with int16 accumulators.
 * The input channels are taken two at a time: x_c·w_c + x_{c+1}·w_{c+1} is at most 2·128·127 < 2^15
 * in magnitude, so the pair is multiplied and summed in short16 (16-bit multiplies) and widened
 * to int once; a sum that ends in int32 (Int8Reference refuses one that does not) is exact in any
 * order. Dimensions: ${GROUPS} × ${FT} filter tiles, ${TILES} piece tiles, the N samples. */
#pragma OPENCL EXTENSION cl_khr_fp64 : enable

__constant int ${KERNEL}_phase[${NP}] = {${PHASES}};

/* clamp(round(acc · m / 2^n), lo, 127), rounding ties away from zero (Requantizer.apply): lane
 * by lane, in 64 bits (a vector comparison is −1 where true, so p + half + (p < 0) subtracts one
 * from the negative products). */
inline char16 ${KERNEL}_requant(int16 acc, int m, int n, int lo) {
    const long16 p = convert_long16(acc) * (long)m;
    const long16 r = (p + ((long)1 << (n - 1)) + (p < (long16)0)) >> (long16)n;
    return convert_char16(clamp(r, (long16)lo, (long16)127));
}

__kernel void ${KERNEL}_pad(__global const char* x, __global char* xp) {
    const int j = get_global_id(0);
    const int r = get_global_id(1);
    const int zci = get_global_id(2); /* (z·${C} + c)·${NP} + i */
    const int zc = zci / ${NP};
    const int ih = r - ${PT};
    const int iw = j * ${SW} + ${KERNEL}_phase[zci % ${NP}] - ${PL};
    char v = 0;
    if (ih >= 0 && ih < ${H} && iw >= 0 && iw < ${W}) {
        v = x[((size_t)zc * ${H} + ih) * ${W} + iw];
    }
    xp[((size_t)zci * ${HP} + r) * ${QW} + j] = v;
}

/* y = epilogue(bias + w · col(xp)); mult/shift are read by the int8 output, sx and ws (the input
 * scale and the per-channel weight scales) by the float output; an output that does not use
 * them still takes them, so every variant has the same arguments. */
__kernel void ${KERNEL}_forward(__global const char* xp, __global const char* w, __global const int* bias,
                                __global const int* mult, __global const int* shift, const float sx,
                                __global const float* ws, __global ${OUT_T}* y) {
${BODY}
}
