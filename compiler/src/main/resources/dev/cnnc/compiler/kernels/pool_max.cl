/*
 * Max pooling (PyTorch MaxPool2d): x [N, C, ${H}, ${W}] -> y [N, C, ${OH}, ${OW}], kernel
 * ${KH}x${KW}, stride ${SH}x${SW}, padding ${PH}x${PW} (-inf), dilation ${DH}x${DW}. Window (i, j)
 * covers rows i*${SH} - ${PH} + u*${DH} (u < ${KH}) and likewise columns; positions outside the
 * input are padding and never win. The argmax is the first maximum in row-major scan order,
 * as an index h*${W} + w into the plane, or -1 for a window with no input element. Storages
 * (common.cl): x ${XT}, y ${YT}, dy ${DYT}, dx ${DXT}; the argmax and the gradient sums are
 * taken in reals, and a half maximum is stored as read (exactly).
 */
int ${KERNEL}_argmax(__global const ${XT}* xp, const int i, const int j) {
    int best = -1;
    real max = (real)0;
    for (int u = 0; u < ${KH}; u++) {
        const int h = i * ${SH} - ${PH} + u * ${DH};
        if (h < 0 || h >= ${H}) {
            continue;
        }
        for (int v = 0; v < ${KW}; v++) {
            const int w = j * ${SW} - ${PW} + v * ${DW};
            if (w < 0 || w >= ${W}) {
                continue;
            }
            const real val = LOAD_${XT}(xp, h * ${W} + w);
            /* NaN propagates, as in PyTorch */
            if (best < 0 || val > max || isnan(val)) {
                best = h * ${W} + w;
                max = val;
            }
        }
    }
    return best;
}

/* The argmax when every window lies inside the input (no padding, no window past the edge):
 * the same first maximum (NaN wins) as an offset into the plane, the window's taps unrolled
 * (generated: ${TAPS} taps) and without branches, so that a CPU compiler vectorises work-items. */
int ${KERNEL}_argmax_inside(__global const ${XT}* xp, const int i, const int j) {
    const int at = i * ${SH} * ${W} + j * ${SW};
    __global const ${XT}* p = xp + at;
    real max = LOAD_${XT}(p, 0);
    int best = 0;
${WINDOW}
    return at + best;
}

/* Inference, windows inside the input: one work-item per output element (n, c, i, j). */
__kernel void ${KERNEL}_forward_inside(__global const ${XT}* x, __global ${YT}* y) {
    const int o = get_global_id(0);
    const int plane = o / (${OH} * ${OW});
    __global const ${XT}* xp = x + plane * (${H} * ${W});
    STORE_${YT}(y, o, LOAD_${XT}(xp, ${KERNEL}_argmax_inside(xp, (o / ${OW}) % ${OH}, o % ${OW})));
}

/* Training, windows inside the input: as forward_inside, and keeps the argmax. */
__kernel void ${KERNEL}_forward_argmax_inside(__global const ${XT}* x, __global ${YT}* y, __global int* arg) {
    const int o = get_global_id(0);
    const int plane = o / (${OH} * ${OW});
    __global const ${XT}* xp = x + plane * (${H} * ${W});
    const int a = ${KERNEL}_argmax_inside(xp, (o / ${OW}) % ${OH}, o % ${OW});
    STORE_${YT}(y, o, LOAD_${XT}(xp, a));
    arg[o] = a;
}

/* Inference: one work-item per output row (n, c, i), flattened: a work-item per element
 * costs more than its few comparisons on a CPU. */
__kernel void ${KERNEL}_forward(__global const ${XT}* x, __global ${YT}* y) {
    const int row = get_global_id(0);
    const int i = row % ${OH};
    const int plane = row / ${OH};
    __global const ${XT}* xp = x + plane * (${H} * ${W});
    __global ${YT}* yr = y + row * ${OW};
    for (int j = 0; j < ${OW}; j++) {
        const int a = ${KERNEL}_argmax(xp, i, j);
        STORE_${YT}(yr, j, a < 0 ? -INFINITY : LOAD_${XT}(xp, a));
    }
}

/* Training: as forward, and keeps the argmax for backward. */
__kernel void ${KERNEL}_forward_argmax(__global const ${XT}* x, __global ${YT}* y, __global int* arg) {
    const int row = get_global_id(0);
    const int i = row % ${OH};
    const int plane = row / ${OH};
    __global const ${XT}* xp = x + plane * (${H} * ${W});
    __global ${YT}* yr = y + row * ${OW};
    __global int* ar = arg + row * ${OW};
    for (int j = 0; j < ${OW}; j++) {
        const int a = ${KERNEL}_argmax(xp, i, j);
        STORE_${YT}(yr, j, a < 0 ? -INFINITY : LOAD_${XT}(xp, a));
        ar[j] = a;
    }
}

/*
 * dx[n, c, h, w] += sum of dy over the windows whose argmax is (h, w): one work-item per input
 * row (n, c, h), visiting for each element each window that can contain it (row i with
 * i*${SH} - ${PH} + u*${DH} = h for some u, likewise columns), so no two work-items write one
 * address.
 */
__kernel void ${KERNEL}_backward(__global const ${DYT}* dy, __global const int* arg, __global ${DXT}* dx) {
    const int row = get_global_id(0);
    const int h = row % ${H};
    const int plane = row / ${H};
    __global const ${DYT}* dyp = dy + plane * (${OH} * ${OW});
    __global const int* ap = arg + plane * (${OH} * ${OW});
    __global ${DXT}* dxr = dx + row * ${W};
    for (int w = 0; w < ${W}; w++) {
        const int self = h * ${W} + w;
        real acc = (real)0;
        for (int u = 0; u < ${KH}; u++) {
            const int th = h + ${PH} - u * ${DH};
            if (th < 0 || th % ${SH} != 0 || th / ${SH} >= ${OH}) {
                continue;
            }
            const int i = th / ${SH};
            for (int v = 0; v < ${KW}; v++) {
                const int tw = w + ${PW} - v * ${DW};
                if (tw < 0 || tw % ${SW} != 0 || tw / ${SW} >= ${OW}) {
                    continue;
                }
                const int o = i * ${OW} + tw / ${SW};
                if (ap[o] == self) {
                    acc += LOAD_${DYT}(dyp, o);
                }
            }
        }
        STORE_${DXT}(dxr, w, LOAD_${DXT}(dxr, w) + acc);
    }
}

/*
 * The same gradient when windows never overlap (stride at least the dilated window, so each
 * input element is in at most one window): one work-item per output row (n, c, i) adds each
 * dy at its window's argmax, the one input element it reaches; no two work-items write one
 * address.
 */
__kernel void ${KERNEL}_backward_disjoint(__global const ${DYT}* dy, __global const int* arg, __global ${DXT}* dx) {
    const int row = get_global_id(0);
    __global ${DXT}* dxp = dx + (row / ${OH}) * (${H} * ${W});
    for (int j = 0; j < ${OW}; j++) {
        const int o = row * ${OW} + j;
        const int a = arg[o];
        if (a >= 0) {
            STORE_${DXT}(dxp, a, LOAD_${DXT}(dxp, a) + LOAD_${DYT}(dy, o));
        }
    }
}
