/*
 * Adaptive max pooling (PyTorch AdaptiveMaxPool2d; global_maxpool is the 1x1 case):
 * x [N, C, ${H}, ${W}] -> y [N, C, ${OH}, ${OW}]. Output row i is the maximum over input rows
 * floor(i*${H}/${OH}) .. ceil((i+1)*${H}/${OH}) (exclusive), likewise columns. The argmax is the
 * first maximum in row-major scan order, as an index h*${W} + w into the plane. Storages
 * (common.cl): x ${XT}, y ${YT}, dy ${DYT}, dx ${DXT}; a half maximum is stored as read (exactly),
 * gradient sums are taken in reals.
 */
int ${KERNEL}_start(const int i, const int in, const int out) {
    return (i * in) / out;
}

int ${KERNEL}_end(const int i, const int in, const int out) {
    return ((i + 1) * in + out - 1) / out;
}

int ${KERNEL}_argmax(__global const ${XT}* xp, const int i, const int j) {
    const int hs = ${KERNEL}_start(i, ${H}, ${OH});
    const int he = ${KERNEL}_end(i, ${H}, ${OH});
    const int ws = ${KERNEL}_start(j, ${W}, ${OW});
    const int we = ${KERNEL}_end(j, ${W}, ${OW});
    int best = hs * ${W} + ws;
    real max = LOAD_${XT}(xp, best);
    for (int h = hs; h < he; h++) {
        for (int w = ws; w < we; w++) {
            const real val = LOAD_${XT}(xp, h * ${W} + w);
            /* NaN propagates, as in PyTorch */
            if (val > max || isnan(val)) {
                best = h * ${W} + w;
                max = val;
            }
        }
    }
    return best;
}

/* Inference: one work-item per output element (n, c, i, j), flattened. */
__kernel void ${KERNEL}_forward(__global const ${XT}* x, __global ${YT}* y) {
    const int o = get_global_id(0);
    const int j = o % ${OW};
    const int i = (o / ${OW}) % ${OH};
    __global const ${XT}* xp = x + (o / (${OH} * ${OW})) * (${H} * ${W});
    STORE_${YT}(y, o, LOAD_${XT}(xp, ${KERNEL}_argmax(xp, i, j)));
}

/* Training: as forward, and keeps the argmax for backward. */
__kernel void ${KERNEL}_forward_argmax(__global const ${XT}* x, __global ${YT}* y, __global int* arg) {
    const int o = get_global_id(0);
    const int j = o % ${OW};
    const int i = (o / ${OW}) % ${OH};
    __global const ${XT}* xp = x + (o / (${OH} * ${OW})) * (${H} * ${W});
    const int a = ${KERNEL}_argmax(xp, i, j);
    STORE_${YT}(y, o, LOAD_${XT}(xp, a));
    arg[o] = a;
}

/*
 * dx[n, c, h, w] += sum of dy over the regions whose argmax is (h, w): one work-item per input
 * element, visiting the regions i = floor(h*${OH}/${H}) .. ceil((h+1)*${OH}/${H}) (exclusive)
 * that contain row h, likewise columns.
 */
__kernel void ${KERNEL}_backward(__global const ${DYT}* dy, __global const int* arg, __global ${DXT}* dx) {
    const int e = get_global_id(0);
    const int w = e % ${W};
    const int h = (e / ${W}) % ${H};
    const int plane = e / (${H} * ${W});
    const int self = h * ${W} + w;
    __global const ${DYT}* dyp = dy + plane * (${OH} * ${OW});
    __global const int* ap = arg + plane * (${OH} * ${OW});
    const int is = ${KERNEL}_start(h, ${OH}, ${H});
    const int ie = ${KERNEL}_end(h, ${OH}, ${H});
    const int js = ${KERNEL}_start(w, ${OW}, ${W});
    const int je = ${KERNEL}_end(w, ${OW}, ${W});
    real acc = (real)0;
    for (int i = is; i < ie; i++) {
        for (int j = js; j < je; j++) {
            if (ap[i * ${OW} + j] == self) {
                acc += LOAD_${DYT}(dyp, i * ${OW} + j);
            }
        }
    }
    STORE_${DXT}(dx, e, LOAD_${DXT}(dx, e) + acc);
}
