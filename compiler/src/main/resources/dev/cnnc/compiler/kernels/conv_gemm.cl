/* Convolution as matrix products (groups 1), x [N, ${C}, ${H}, ${W}] → y [N, F, ${OH}, ${OW}]:
 * per sample, y = w · col with w [F, K] (OIHW is already that) and col [K, P] the im2col matrix,
 * K = C·KH·KW = ${K} rows k = (c, u, v), P = OH·OW = ${P} columns p = (i, j):
 *   col[k, p] = x[c, i·${SH} − ${PT} + u·${DH}, j·${SW} − ${PL} + v·${DW}], 0 outside the input.
 * The products are generated GEMMs (gemm.cl); these kernels move data for them, for a chunk of
 * samples starting at s0: one work-item per element written, no out-of-range reads. */

inline real ${KERNEL}_tap(__global const real* x, const int n, const int k, const int p) {
    const int c = k / (${KH} * ${KW});
    const int u = (k / ${KW}) % ${KH};
    const int v = k % ${KW};
    const int h = (p / ${OW}) * ${SH} - ${PT} + u * ${DH};
    const int w = (p % ${OW}) * ${SW} - ${PL} + v * ${DW};
    return h >= 0 && h < ${H} && w >= 0 && w < ${W} ? x[(((size_t)n * ${C} + c) * ${H} + h) * ${W} + w] : (real)0;
}

/* col[s][k][p] for the chunk's samples s (the forward's B): one work-item per row segment
 * (s, k, i) of ${OW} outputs, so the divisions are done once per segment and the stores are
 * contiguous. */
__kernel void ${KERNEL}_im2col(__global const real* x, __global real* col, const int s0) {
    const size_t idx = get_global_id(0);
    const int i = idx % ${OH};
    const int k = (idx / ${OH}) % ${K};
    const int s = idx / ((size_t)${OH} * ${K});
    const int c = k / (${KH} * ${KW});
    const int u = (k / ${KW}) % ${KH};
    const int v = k % ${KW};
    const int h = i * ${SH} - ${PT} + u * ${DH};
    __global real* out = col + ((size_t)s * ${K} + k) * ${P} + i * ${OW};
    if (h < 0 || h >= ${H}) {
        for (int j = 0; j < ${OW}; j++) {
            out[j] = (real)0;
        }
        return;
    }
    __global const real* row = x + (((size_t)(s0 + s) * ${C} + c) * ${H} + h) * ${W};
    for (int j = 0; j < ${OW}; j++) {
        const int w = j * ${SW} - ${PL} + v * ${DW};
        out[j] = w >= 0 && w < ${W} ? row[w] : (real)0;
    }
}

/* colᵀ[s][p][k] (the weight gradient's B: dw += dy · colᵀ, summed over the chunk): one
 * work-item per (s, p) writes its ${K} contiguous values, walking (c, u, v) without divisions. */
__kernel void ${KERNEL}_im2col_t(__global const real* x, __global real* colt, const int s0) {
    const size_t idx = get_global_id(0);
    const int p = idx % ${P};
    const int s = idx / ${P};
    const int h0 = (p / ${OW}) * ${SH} - ${PT};
    const int w0 = (p % ${OW}) * ${SW} - ${PL};
    __global const real* xs = x + (size_t)(s0 + s) * ${C} * ${H} * ${W};
    __global real* out = colt + idx * ${K};
    int k = 0;
    for (int c = 0; c < ${C}; c++) {
        __global const real* xc = xs + (size_t)c * ${H} * ${W};
        for (int u = 0; u < ${KH}; u++) {
            const int h = h0 + u * ${DH};
            const bool rowIn = h >= 0 && h < ${H};
            for (int v = 0; v < ${KW}; v++) {
                const int w = w0 + v * ${DW};
                out[k++] = rowIn && w >= 0 && w < ${W} ? xc[h * ${W} + w] : (real)0;
            }
        }
    }
}

/* dx[s0 + s, c, h, w] (+)= Σ over the taps (u, v) that reach (h, w) of dcol[s][(c, u, v)][(i, j)],
 * i = (h + PT − u·DH) / SH when whole and in [0, OH); likewise j. Overwrites when ACCUMULATE is 0.
 * One work-item per input row (s, c, h): the row taps u are found once, and the writes are
 * contiguous. */
__kernel void ${KERNEL}_col2im(__global const real* dcol, __global real* dx, const int s0) {
    const size_t row = get_global_id(0);
    const int h = row % ${H};
    const int c = (row / ${H}) % ${C};
    const int s = row / ((size_t)${H} * ${C});
    __global real* d = dx + (size_t)s0 * ${C} * ${H} * ${W} + row * ${W};
    for (int w = 0; w < ${W}; w++) {
        real acc = (real)0;
        for (int u = 0; u < ${KH}; u++) {
            const int th = h + ${PT} - u * ${DH};
            if (th < 0 || th % ${SH} != 0 || th / ${SH} >= ${OH}) {
                continue;
            }
            for (int v = 0; v < ${KW}; v++) {
                const int tw = w + ${PL} - v * ${DW};
                if (tw < 0 || tw % ${SW} != 0 || tw / ${SW} >= ${OW}) {
                    continue;
                }
                const int k = (c * ${KH} + u) * ${KW} + v;
                acc += dcol[((size_t)s * ${K} + k) * ${P} + (th / ${SH}) * ${OW} + tw / ${SW}];
            }
        }
        d[w] = ${ACCUMULATE} ? d[w] + acc : acc;
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
 * per filter adds its ${N} blocks in order. */
__kernel void ${KERNEL}_bias_blocks(__global const real* dy, __global real* part) {
    const size_t b = get_global_id(0);
    __global const real* d = dy + b * ${P};
    ${V} acc = (${V})0;
    int p = 0;
    for (; p + 16 <= ${P}; p += 16) {
        acc += vload16(0, d + p);
    }
    real l[16];
    vstore16(acc, 0, l);
    real s = (real)0;
    for (int i = 0; i < 16; i++) {
        s += l[i];
    }
    for (; p < ${P}; p++) {
        s += d[p];
    }
    part[b] = s;
}

__kernel void ${KERNEL}_bias_sum(__global const real* part, __global real* db) {
    const int f = get_global_id(0);
    real s = (real)0;
    for (int n = 0; n < ${N}; n++) {
        s += part[n * ${F} + f];
    }
    db[f] += s;
}
