/*
 * Adaptive average pooling (PyTorch AdaptiveAvgPool2d; global_avgpool is the 1x1 case):
 * x [N, C, ${H}, ${W}] -> y [N, C, ${OH}, ${OW}]. Output row i averages input rows
 * floor(i*${H}/${OH}) .. ceil((i+1)*${H}/${OH}) (exclusive), likewise columns. Storages
 * (common.cl): x ${XT}, y ${YT}, dy ${DYT}, dx ${DXT}; sums are taken in reals.
 */
int ${KERNEL}_start(const int i, const int in, const int out) {
    return (i * in) / out;
}

int ${KERNEL}_end(const int i, const int in, const int out) {
    return ((i + 1) * in + out - 1) / out;
}

/* One work-item per output element (n, c, i, j), flattened. */
__kernel void ${KERNEL}_forward(__global const ${XT}* x, __global ${YT}* y) {
    const int o = get_global_id(0);
    const int j = o % ${OW};
    const int i = (o / ${OW}) % ${OH};
    const int plane = o / (${OH} * ${OW});
    __global const ${XT}* xp = x + plane * (${H} * ${W});
    const int hs = ${KERNEL}_start(i, ${H}, ${OH});
    const int he = ${KERNEL}_end(i, ${H}, ${OH});
    const int ws = ${KERNEL}_start(j, ${W}, ${OW});
    const int we = ${KERNEL}_end(j, ${W}, ${OW});
    real sum = (real)0;
    for (int h = hs; h < he; h++) {
        for (int w = ws; w < we; w++) {
            sum += LOAD_${XT}(xp, h * ${W} + w);
        }
    }
    STORE_${YT}(y, o, sum / (real)((he - hs) * (we - ws)));
}

/*
 * dx[n, c, h, w] += sum over the regions (i, j) containing (h, w) of dy / |region|: one
 * work-item per input element. Row h lies in the regions i = floor(h*${OH}/${H}) ..
 * ceil((h+1)*${OH}/${H}) (exclusive), likewise columns.
 */
__kernel void ${KERNEL}_backward(__global const ${DYT}* dy, __global ${DXT}* dx) {
    const int e = get_global_id(0);
    const int w = e % ${W};
    const int h = (e / ${W}) % ${H};
    const int plane = e / (${H} * ${W});
    __global const ${DYT}* dyp = dy + plane * (${OH} * ${OW});
    const int is = ${KERNEL}_start(h, ${OH}, ${H});
    const int ie = ${KERNEL}_end(h, ${OH}, ${H});
    const int js = ${KERNEL}_start(w, ${OW}, ${W});
    const int je = ${KERNEL}_end(w, ${OW}, ${W});
    real acc = (real)0;
    for (int i = is; i < ie; i++) {
        const int rows = ${KERNEL}_end(i, ${H}, ${OH}) - ${KERNEL}_start(i, ${H}, ${OH});
        for (int j = js; j < je; j++) {
            const int cols = ${KERNEL}_end(j, ${W}, ${OW}) - ${KERNEL}_start(j, ${W}, ${OW});
            acc += LOAD_${DYT}(dyp, i * ${OW} + j) / (real)(rows * cols);
        }
    }
    STORE_${DXT}(dx, e, LOAD_${DXT}(dx, e) + acc);
}
