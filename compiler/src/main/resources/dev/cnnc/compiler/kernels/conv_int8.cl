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
 * Three kernels. ${KERNEL}_pack packs the weights once (they are constants) by groups of ${CG}
 * input channels (${PG} per convolution group): for filter o, channel group p and tap
 * t = kh·${KW} + kw, wp[o, p, t] holds w[o, ${CG}p + e, kh, kw] for e < ${CG} (0 past the last
 * channel), as int16 halves (${CG} = 2) or as bytes (${CG} = 4) of one int; after the ${F}·${PG}·${KH}·${KW}
 * packed ints come ${F} ints corr[o] = ${OFF}·Σ w[o, ·, ·, ·] (see the offset below).
 * ${KERNEL}_pad copies x into zero-padded column-phase planes whose channels are interleaved
 * by groups of ${CG}:
 *   xp [N, ${GROUPS}, ${PG}, ${NP}, ${HP}, ${QW}, ${CG}]:
 *   xp[z, g, p, i, r, j, e] = ${OFF} + x[z, g·${CPG} + ${CG}p + e, r − ${PT}, j·${SW} + phase[i] − ${PL}]
 * (x read as 0 outside the input and past the group's last channel) for the column phases
 * phase[] = {${PHASES}} that the taps read (kw·${DW} mod ${SW}), so that the tap (kh, kw) of output row
 * oh reads, for a run of output columns ow, the contiguous groups
 * xp[z, g, p, i(kw), oh·${SH} + kh·${DH}, ow + ⌊kw·${DW}/${SW}⌋, ·]; the buffer needs ${SLACK} bytes after
 * its last plane (a piece may read past its row, into lanes that are never stored).
 * ${KERNEL}_forward is the implicit matrix product: each output row is cut into ${S} pieces of
 * ${LW} columns (the last ${LAST} wide) and ${PPV} consecutive pieces fill one 16-lane vector; a
 * work-item computes ${TM} filters of one group × ${NV} vectors (${PPT} pieces) with int16 (16 × int32) accumulators,
 * summing over channel groups and taps acc[col] += Σ_e xp[.., col, e] · w[${CG}p + e] and
 * subtracting corr[o] at the end. Inner loop (${ISA}):
 *  - portable, ${CG} = 2: the even and odd lanes of 8-column halves widened to short16, the 16-bit
 *    products of a pair summed in short16 (|sum| ≤ 2·128·127 < 2^15 with weights in [−127, 127],
 *    as the scheme has them), widened to int and added;
 *  - AVX-512BW, ${CG} = 2: one vpmaddwd per 16 columns: the 32 interleaved int8 widened to int16,
 *    times the packed pair broadcast, pairs summed into 16 int32 (compiled where the compiler
 *    defines __AVX512BW__, as PoCL on an AVX-512 CPU does; the portable loop elsewhere);
 *  - AVX-512 VNNI, ${CG} = 4, offset 128: one vpdpbusd per 16 columns, unsigned bytes x + 128 (in
 *    [1, 255]; the padding is 128) times the 4 signed weight bytes broadcast, 4 products summed
 *    into each int32 lane; Σ (x + 128)·w − 128·Σ w = Σ x·w exactly (corr; the padding's 128·w
 *    terms are in both). Only for a device that has VNNI (the caller checks): the loop is a
 *    function compiled for the avx512vnni target, called once per work-item.
 * Offset 0 elsewhere (corr = 0). A sum that ends in int32 (Int8Reference refuses one that does not)
 * is exact in any order; with the offset, the partial sums Σ (x + 128)·w stay in int32 while
 * ${CPG}·${KH}·${KW} < 2^31 / (255·127) ≈ 66,000 (vpdpbusd wraps, it does not saturate). Dimensions: ${GROUPS} × ${FT} filter tiles, ${TILES} piece tiles, the N samples. */

#if defined(__AVX512BW__) && !defined(CNNC_INT8_AVX512)
#define CNNC_INT8_AVX512
typedef short cnnc_short32 __attribute__((ext_vector_type(32)));
#define CNNC_CAT16(a, b) __builtin_shufflevector(a, b, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
        16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31)
#endif

__constant int ${KERNEL}_phase[${NP}] = {${PHASES}};

/* clamp(round(acc · m / 2^n), lo, 127), rounding ties away from zero (Requantizer.apply): lane
 * by lane, in 64 bits (a vector comparison is −1 where true, so p + half + (p < 0) subtracts one
 * from the negative products). */
inline char16 ${KERNEL}_requant(int16 acc, int m, int n, int lo) {
    const long16 p = convert_long16(acc) * (long)m;
    const long16 r = (p + ((long)1 << (n - 1)) + (p < (long16)0)) >> (long16)n;
    return convert_char16(clamp(r, (long16)lo, (long16)127));
}

/* global (${F}): one filter's packed weights and corr */
__kernel void ${KERNEL}_pack(__global const char* w, __global int* wp) {
    const int o = get_global_id(0);
    int sum = 0;
    for (int p = 0; p < ${PG}; p++) {
        for (int t = 0; t < ${TAPS}; t++) {
            uint packed = 0;
            for (int e = 0; e < ${CG}; e++) {
                const int c = ${CG} * p + e;
                const int v = c < ${CPG} ? w[(o * ${CPG} + c) * ${TAPS} + t] : 0;
                sum += v;
                packed |= ((uint)v & ${EMASK}u) << (e * ${EBITS});
            }
            wp[(o * ${PG} + p) * ${TAPS} + t] = (int)packed;
        }
    }
    wp[${PACKED} + o] = ${OFF} * sum;
}

/* 16 input columns x[0], x[${SW}], …, x[15·${SW}] from p */
inline char16 ${KERNEL}_cols(__global const char* p) {
#if ${SW} == 1
    return vload16(0, p);
#elif ${SW} == 2
    return (char16)(vload16(0, p).even, vload16(0, p + 15).odd);
#else
    return (char16)0; /* unused: wider strides go column by column */
#endif
}

/* global (N·${GROUPS}·${PG}·${NP}·${HP}): one padded row of one plane per work-item */
__kernel void ${KERNEL}_pad(__global const char* x, __global char* xp) {
    const int r = get_global_id(0) % ${HP};
    const int zgpi = get_global_id(0) / ${HP}; /* ((z·${GROUPS} + g)·${PG} + p)·${NP} + i */
    const int zgp = zgpi / ${NP};
    const int p = zgp % ${PG};
    const int zg = zgp / ${PG};
    const int c = (zg % ${GROUPS}) * ${CPG} + ${CG} * p; /* the group's first channel */
    const int ih = r - ${PT};
    const int iw0 = ${KERNEL}_phase[zgpi % ${NP}] - ${PL}; /* the input column of j = 0 */
    __global char* out = xp + ((size_t)zgpi * ${HP} + r) * ${QW} * ${CG};
    const int rowInside = ih >= 0 && ih < ${H};
    __global const char* xc = x + (((size_t)(zg / ${GROUPS}) * ${C} + c) * ${H} + (rowInside ? ih : 0)) * ${W};
    int j = 0;
#if ${SW} <= 2
    /* runs of 16 columns inside the row: 16 columns of each channel (stride 2: the even, then the
     * odd elements of two overlapping char16 at +0 and +15), interleaved by swizzles */
    if (rowInside) {
        const int first = iw0 < 0 ? (-iw0 + ${SW} - 1) / ${SW} : 0; /* the first column inside x */
        for (; j < first && j < ${QW}; j++) {
            for (int e = 0; e < ${CG}; e++) {
                out[j * ${CG} + e] = (char)(uchar)${OFF};
            }
        }
        for (; j + 16 <= ${QW} && iw0 + ${SW} * (j + 15) < ${W}; j += 16) {
            __global const char* xr = xc + iw0 + ${SW} * j;
            const char16 a = as_char16(as_uchar16(${KERNEL}_cols(xr)) + (uchar)${OFF});
            const char16 b = as_char16(as_uchar16(${CG} * p + 1 < ${CPG} ? ${KERNEL}_cols(xr + ${H} * ${W}) : (char16)0)
                    + (uchar)${OFF});
#if ${CG} == 4
            const char16 c2 = as_char16(as_uchar16(${CG} * p + 2 < ${CPG} ? ${KERNEL}_cols(xr + 2 * ${H} * ${W}) : (char16)0)
                    + (uchar)${OFF});
            const char16 d = as_char16(as_uchar16(${CG} * p + 3 < ${CPG} ? ${KERNEL}_cols(xr + 3 * ${H} * ${W}) : (char16)0)
                    + (uchar)${OFF});
#endif
            /* interleaved by swizzles (compile-time shuffles) */
${PAD_INTERLEAVE}
        }
    }
#endif
    /* the rest column by column */
    for (; j < ${QW}; j++) {
        const int iw = iw0 + j * ${SW};
        const int inside = rowInside && iw >= 0 && iw < ${W};
        for (int e = 0; e < ${CG}; e++) {
            const int v = inside && ${CG} * p + e < ${CPG} ? xc[e * ${H} * ${W} + iw] : 0;
            out[j * ${CG} + e] = (char)(uchar)(v + ${OFF});
        }
    }
}

/* y = epilogue(bias + w · col(xp) − corr), w packed (wp); mult/shift are read by the int8 output, sx and
 * ws (the input scale and the per-channel weight scales) by the float output; an output that does
 * not use them still takes them, so every variant has the same arguments. */
${HELPER}
__kernel void ${KERNEL}_forward(__global const char* xp, __global const int* wp, __global const int* bias,
                                __global const int* mult, __global const int* shift, const float sx,
                                __global const float* ws, __global ${OUT_T}* y) {
${BODY}
}
