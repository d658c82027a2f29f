/* The data-moving kernels of a convolution computed as matrix products (groups 1), x [N, ${C}, ${H}, ${W}]
 * → y [N, F, ${OH}, ${OW}], weights w [F, K] (OIHW is already that), K = C·KH·KW = ${K} rows k = (c, u, v)
 * of the im2col matrix and P = OH·OW = ${P} columns p = (i, j):
 *   col[k, p] = x[c, i·${SH} − ${PT} + u·${DH}, j·${SW} − ${PL} + v·${DW}], 0 outside the input.
 * The forward and weight gradient are implicit GEMMs (conv_implicit.cl), which never build col;
 * here: the strided input gradient's col2im (dx from dcol = wᵀ · dy, a generated GEMM), the
 * flipped weights of the stride-1 input gradient, and the bias gradient. One work-item per
 * element written, no out-of-range reads. dy is stored as ${DYT}, dx as ${DXT} (common.cl). */

/* dx[s0 + s, c, h, w] (+)= Σ over the taps (u, v) that reach (h, w) of dcol[s][(c, u, v)][(i, j)],
 * i = (h + PT − u·DH) / SH when whole and in [0, OH); likewise j. Overwrites when ACCUMULATE is 0.
 * One work-item per input row (s, c, h): the row taps u are found once, and the writes are
 * contiguous. The row is done in runs of ${CW} columns held in registers, taps outside and
 * columns inside, so that each tap reads a contiguous run of one dcol row (column by column
 * with the taps inside, every read was to another row); each element still adds its taps in
 * the order (u, v). */
__kernel void ${KERNEL}_col2im(__global const real* dcol, __global ${DXT}* dx, const int s0) {
    const size_t row = get_global_id(0);
    const int h = row % ${H};
    const int c = (row / ${H}) % ${C};
    const int s = row / ((size_t)${H} * ${C});
    __global ${DXT}* d = dx + (size_t)s0 * ${C} * ${H} * ${W} + row * ${W};
    __global const real* col = dcol + ((size_t)s * ${K} + (size_t)c * ${KH} * ${KW}) * ${P};
    for (int w0 = 0; w0 < ${W}; w0 += ${CW}) {
        real acc[${CW}];
        for (int w = 0; w < ${CW}; w++) {
            acc[w] = (real)0;
        }
        for (int u = 0; u < ${KH}; u++) {
            const int th = h + ${PT} - u * ${DH};
            if (th < 0 || th % ${SH} != 0 || th / ${SH} >= ${OH}) {
                continue;
            }
            for (int v = 0; v < ${KW}; v++) {
                __global const real* src = col + (size_t)(u * ${KW} + v) * ${P} + (th / ${SH}) * ${OW};
                for (int w = 0; w < ${CW}; w++) {
                    const int tw = w0 + w + ${PL} - v * ${DW};
                    if (w0 + w < ${W} && tw >= 0 && tw % ${SW} == 0 && tw / ${SW} < ${OW}) {
                        acc[w] += src[tw / ${SW}];
                    }
                }
            }
        }
        for (int w = 0; w < ${CW} && w0 + w < ${W}; w++) {
            STORE_${DXT}(d, w0 + w, ${ACCUMULATE} ? LOAD_${DXT}(d, w0 + w) + acc[w] : acc[w]);
        }
    }
}

/* The input gradient's weights when it is computed as a convolution (stride 1): w [${F}, ${C}, KH, KW]
 * flipped in space and with its two channel axes swapped, wf[c][f][u][v] = w[f][c][KH − 1 − u][KW − 1 − v];
 * one work-item per weight. */
__kernel void ${KERNEL}_flip(__global const real* w, __global real* wf) {
    const int idx = get_global_id(0);
    const int v = idx % ${KW};
    const int u = (idx / ${KW}) % ${KH};
    const int c = (idx / (${KW} * ${KH})) % ${C};
    const int f = idx / (${KW} * ${KH} * ${C});
    wf[((c * ${F} + f) * ${KH} + ${KH} - 1 - u) * ${KW} + ${KW} - 1 - v] = w[idx];
}

/* The bias gradient db[f] += Σ over samples and positions of dy[s][f][p], in two steps: part[b],
 * b = s·F + f, sums one sample's ${P} contiguous values of filter f in ${V} vectors (one
 * work-item per block: a CPU does not vectorise across work-items in a loop); then one work-item
 * per filter adds its N blocks in order (N the batch, an argument). */
__kernel void ${KERNEL}_bias_blocks(__global const ${DYT}* dy, __global real* part) {
    const size_t b = get_global_id(0);
    __global const ${DYT}* d = dy + b * ${P};
    ${V} acc = (${V})0;
    int p = 0;
    for (; p + 16 <= ${P}; p += 16) {
        acc += VLOAD16_${DYT}(d, p);
    }
    real l[16];
    vstore16(acc, 0, l);
    real s = (real)0;
    for (int i = 0; i < 16; i++) {
        s += l[i];
    }
    for (; p < ${P}; p++) {
        s += LOAD_${DYT}(d, p);
    }
    part[b] = s;
}

__kernel void ${KERNEL}_bias_sum(__global const real* part, __global real* db, const int N) {
    const int f = get_global_id(0);
    real s = (real)0;
    for (int n = 0; n < N; n++) {
        s += part[n * ${F} + f];
    }
    db[f] += s;
}
