/*
 * Average pooling (PyTorch AvgPool2d): x [N, C, ${H}, ${W}] -> y [N, C, ${OH}, ${OW}], kernel
 * ${KH}x${KW}, stride ${SH}x${SW}, padding ${PH}x${PW}, count_include_pad ${INCLUDE_PAD}.
 * Window (i, j) spans rows h0 = i*${SH} - ${PH} .. h1 = min(h0 + ${KH}, ${H} + ${PH}) (a ceil-mode
 * window is cut at the end of the padding), likewise columns. The divisor is the size of that
 * span with count_include_pad, else the number of input elements in it; a window with no input
 * element averages to 0. Storages (common.cl): x ${XT}, y ${YT}, dy ${DYT}, dx ${DXT}; sums are
 * taken in reals.
 */

/* The divisor of window (i, j), 0 when it holds no input element. */
int ${KERNEL}_divisor(const int i, const int j) {
    const int h0 = i * ${SH} - ${PH};
    const int w0 = j * ${SW} - ${PW};
    const int h1 = min(h0 + ${KH}, ${H} + ${PH});
    const int w1 = min(w0 + ${KW}, ${W} + ${PW});
    const int rows = min(h1, ${H}) - max(h0, 0);
    const int cols = min(w1, ${W}) - max(w0, 0);
    if (rows <= 0 || cols <= 0) {
        return 0;
    }
    return ${INCLUDE_PAD} ? (h1 - h0) * (w1 - w0) : rows * cols;
}

/* One work-item per output element (n, c, i, j), flattened. */
__kernel void ${KERNEL}_forward(__global const ${XT}* x, __global ${YT}* y) {
    const int o = get_global_id(0);
    const int j = o % ${OW};
    const int i = (o / ${OW}) % ${OH};
    const int plane = o / (${OH} * ${OW});
    __global const ${XT}* xp = x + plane * (${H} * ${W});
    const int h0 = i * ${SH} - ${PH};
    const int w0 = j * ${SW} - ${PW};
    const int hs = max(h0, 0);
    const int he = min(h0 + ${KH}, ${H});
    const int ws = max(w0, 0);
    const int we = min(w0 + ${KW}, ${W});
    real sum = (real)0;
    for (int h = hs; h < he; h++) {
        for (int w = ws; w < we; w++) {
            sum += LOAD_${XT}(xp, h * ${W} + w);
        }
    }
    const int d = ${KERNEL}_divisor(i, j);
    STORE_${YT}(y, o, d == 0 ? (real)0 : sum / (real)d);
}

/*
 * dx[n, c, h, w] += sum over the windows (i, j) containing (h, w) of dy / divisor(i, j): one
 * work-item per input element, so no two work-items write one address.
 */
__kernel void ${KERNEL}_backward(__global const ${DYT}* dy, __global ${DXT}* dx) {
    const int e = get_global_id(0);
    const int w = e % ${W};
    const int h = (e / ${W}) % ${H};
    const int plane = e / (${H} * ${W});
    __global const ${DYT}* dyp = dy + plane * (${OH} * ${OW});
    real acc = (real)0;
    for (int u = 0; u < ${KH}; u++) {
        const int th = h + ${PH} - u;
        if (th < 0 || th % ${SH} != 0 || th / ${SH} >= ${OH}) {
            continue;
        }
        const int i = th / ${SH};
        for (int v = 0; v < ${KW}; v++) {
            const int tw = w + ${PW} - v;
            if (tw < 0 || tw % ${SW} != 0 || tw / ${SW} >= ${OW}) {
                continue;
            }
            const int j = tw / ${SW};
            /* (h, w) is an input element of this window, so its divisor is at least 1 */
            acc += LOAD_${DYT}(dyp, i * ${OW} + j) / (real)${KERNEL}_divisor(i, j);
        }
    }
    STORE_${DXT}(dx, e, LOAD_${DXT}(dx, e) + acc);
}

/* Windows inside the input (no padding, none past the edge), where every divisor is
 * ${KH}·${KW}: the window's taps unrolled (generated, in the order of _forward's loops) and
 * without branches, so that a CPU compiler vectorises work-items. */
__kernel void ${KERNEL}_forward_inside(__global const ${XT}* x, __global ${YT}* y) {
    const int o = get_global_id(0);
    const int j = o % ${OW};
    const int i = (o / ${OW}) % ${OH};
    const int plane = o / (${OH} * ${OW});
    __global const ${XT}* p = x + plane * (${H} * ${W}) + i * ${SH} * ${W} + j * ${SW};
    real sum = (real)0;
${WINDOW}
    STORE_${YT}(y, o, sum / (real)(${KH} * ${KW}));
}

/* Windows inside the input and disjoint (stride ≥ kernel): input element (h, w) lies in window
 * (h / ${SH}, w / ${SW}) if anywhere, the only term of _backward's sum; no window loops. One
 * work-item per input row (plane, h), which reads one row of dy: per element, the index
 * arithmetic of its row and plane took longer than the sum. With accumulate 0 (the gradient's
 * first writer) every element is written, 0 outside the windows, so dx needs no zeroing first. */
__kernel void ${KERNEL}_backward_disjoint_inside(__global const ${DYT}* dy, __global ${DXT}* dx,
                                                 const int accumulate) {
    const size_t r = get_global_id(0);
    const int h = r % ${H};
    const size_t plane = r / ${H};
    const int i = h / ${SH};
    const bool row = h % ${SH} < ${KH} && i < ${OH};
    __global const ${DYT}* g = dy + plane * (${OH} * ${OW}) + i * ${OW};
    __global ${DXT}* d = dx + r * ${W};
    for (int w = 0; w < ${W}; w++) {
        const int j = w / ${SW};
        const real v = row && w % ${SW} < ${KW} && j < ${OW} ? LOAD_${DYT}(g, j) / (real)(${KH} * ${KW}) : (real)0;
        STORE_${DXT}(d, w, accumulate ? LOAD_${DXT}(d, w) + v : v);
    }
}
