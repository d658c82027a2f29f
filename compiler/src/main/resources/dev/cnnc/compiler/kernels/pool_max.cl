/*
 * Max pooling (PyTorch MaxPool2d): x [N, C, ${H}, ${W}] -> y [N, C, ${OH}, ${OW}], kernel
 * ${KH}x${KW}, stride ${SH}x${SW}, padding ${PH}x${PW} (-inf), dilation ${DH}x${DW}. Window (i, j)
 * covers rows i*${SH} - ${PH} + u*${DH} (u < ${KH}) and likewise columns; positions outside the
 * input are padding and never win. The argmax is the first maximum in row-major scan order,
 * as an index h*${W} + w into the plane, or -1 for a window with no input element.
 */
int ${KERNEL}_argmax(__global const real* xp, const int i, const int j) {
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
            const real val = xp[h * ${W} + w];
            /* NaN propagates, as in PyTorch */
            if (best < 0 || val > max || isnan(val)) {
                best = h * ${W} + w;
                max = val;
            }
        }
    }
    return best;
}

/* Inference: one work-item per output element (n, c, i, j), flattened. */
__kernel void ${KERNEL}_forward(__global const real* x, __global real* y) {
    const int o = get_global_id(0);
    const int j = o % ${OW};
    const int i = (o / ${OW}) % ${OH};
    const int plane = o / (${OH} * ${OW});
    __global const real* xp = x + plane * (${H} * ${W});
    const int a = ${KERNEL}_argmax(xp, i, j);
    y[o] = a < 0 ? -INFINITY : xp[a];
}

/* Training: as forward, and keeps the argmax for backward. */
__kernel void ${KERNEL}_forward_argmax(__global const real* x, __global real* y, __global int* arg) {
    const int o = get_global_id(0);
    const int j = o % ${OW};
    const int i = (o / ${OW}) % ${OH};
    const int plane = o / (${OH} * ${OW});
    __global const real* xp = x + plane * (${H} * ${W});
    const int a = ${KERNEL}_argmax(xp, i, j);
    y[o] = a < 0 ? -INFINITY : xp[a];
    arg[o] = a;
}

/*
 * dx[n, c, h, w] += sum of dy over the windows whose argmax is (h, w): one work-item per input
 * element, visiting each window that can contain it (row i with i*${SH} - ${PH} + u*${DH} = h for
 * some u, likewise columns), so no two work-items write one address.
 */
__kernel void ${KERNEL}_backward(__global const real* dy, __global const int* arg, __global real* dx) {
    const int e = get_global_id(0);
    const int w = e % ${W};
    const int h = (e / ${W}) % ${H};
    const int plane = e / (${H} * ${W});
    const int self = h * ${W} + w;
    __global const real* dyp = dy + plane * (${OH} * ${OW});
    __global const int* ap = arg + plane * (${OH} * ${OW});
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
                acc += dyp[o];
            }
        }
    }
    dx[e] += acc;
}
