/*
 * Fractional max pooling (PyTorch FractionalMaxPool2d): x [N, C, ${H}, ${W}] -> y [N, C, ${OH}, ${OW}]
 * over ${KH}x${KW} windows whose top-left corners are drawn per sample and channel.
 *
 * starts [N*C, ${OH} + ${OW}] holds, per plane, the ${OH} row starts then the ${OW} column starts.
 * They follow PyTorch's interval rule for a sample u in [0, 1): with alpha = (in - K) / (out - 1),
 * start i = floor((i + u)*alpha) - floor(u*alpha) for i < out - 1 and in - K for the last. Here
 * u = b / 2^32 for 32 random bits b, and the floors are taken exactly in 64-bit integers, so fp32
 * and fp64 programs choose the same windows. b is a counter-based hash of the run-time seed, this
 * node's salt ${SALT}, the plane n*C + c and the axis (0: columns, 1: rows, PyTorch's order).
 */
uint ${KERNEL}_mix(uint h) {
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

uint ${KERNEL}_bits(const int seed, const int plane, const int axis) {
    uint h = ${KERNEL}_mix((uint)seed ^ ${SALT});
    h = ${KERNEL}_mix(h + (uint)(plane * 2 + axis) * 0x9e3779b9u);
    return ${KERNEL}_mix(h);
}

void ${KERNEL}_starts(__global int* s, const uint bits, const int in, const int out, const int k) {
    if (out > 1) {
        const ulong num = (ulong)(in - k);
        const ulong den = (ulong)(out - 1) << 32;
        const ulong first = ((ulong)bits * num) / den;
        for (int i = 0; i < out - 1; i++) {
            s[i] = (int)(((((ulong)i << 32) + (ulong)bits) * num) / den - first);
        }
    }
    s[out - 1] = in - k;
}

/* One work-item per plane (n, c): draws its windows. */
__kernel void ${KERNEL}_regions(const int seed, __global int* starts) {
    const int plane = get_global_id(0);
    __global int* s = starts + plane * (${OH} + ${OW});
    ${KERNEL}_starts(s, ${KERNEL}_bits(seed, plane, 1), ${H}, ${OH}, ${KH});
    ${KERNEL}_starts(s + ${OH}, ${KERNEL}_bits(seed, plane, 0), ${W}, ${OW}, ${KW});
}

/* First maximum of window (i, j) in row-major scan order, as h*${W} + w. */
int ${KERNEL}_argmax(__global const real* xp, __global const int* s, const int i, const int j) {
    const int h0 = s[i];
    const int w0 = s[${OH} + j];
    int best = h0 * ${W} + w0;
    real max = xp[best];
    for (int h = h0; h < h0 + ${KH}; h++) {
        for (int w = w0; w < w0 + ${KW}; w++) {
            const real val = xp[h * ${W} + w];
            /* NaN propagates, as in PyTorch */
            if (val > max || isnan(val)) {
                best = h * ${W} + w;
                max = val;
            }
        }
    }
    return best;
}

/* Inference (PyTorch samples windows there too): one work-item per output element. */
__kernel void ${KERNEL}_forward(__global const real* x, __global const int* starts, __global real* y) {
    const int o = get_global_id(0);
    const int j = o % ${OW};
    const int i = (o / ${OW}) % ${OH};
    const int plane = o / (${OH} * ${OW});
    __global const real* xp = x + plane * (${H} * ${W});
    y[o] = xp[${KERNEL}_argmax(xp, starts + plane * (${OH} + ${OW}), i, j)];
}

/* Training: as forward, and keeps the argmax for backward. */
__kernel void ${KERNEL}_forward_argmax(__global const real* x, __global const int* starts, __global real* y,
                                       __global int* arg) {
    const int o = get_global_id(0);
    const int j = o % ${OW};
    const int i = (o / ${OW}) % ${OH};
    const int plane = o / (${OH} * ${OW});
    __global const real* xp = x + plane * (${H} * ${W});
    const int a = ${KERNEL}_argmax(xp, starts + plane * (${OH} + ${OW}), i, j);
    y[o] = xp[a];
    arg[o] = a;
}

/*
 * dx[n, c, h, w] += sum of dy over the windows whose argmax is (h, w): one work-item per input
 * element, visiting the windows whose rows and columns contain it.
 */
__kernel void ${KERNEL}_backward(__global const real* dy, __global const int* starts, __global const int* arg,
                                 __global real* dx) {
    const int e = get_global_id(0);
    const int w = e % ${W};
    const int h = (e / ${W}) % ${H};
    const int plane = e / (${H} * ${W});
    const int self = h * ${W} + w;
    __global const int* s = starts + plane * (${OH} + ${OW});
    __global const real* dyp = dy + plane * (${OH} * ${OW});
    __global const int* ap = arg + plane * (${OH} * ${OW});
    real acc = (real)0;
    for (int i = 0; i < ${OH}; i++) {
        if (s[i] > h || s[i] + ${KH} <= h) {
            continue;
        }
        for (int j = 0; j < ${OW}; j++) {
            const int w0 = s[${OH} + j];
            if (w0 <= w && w < w0 + ${KW} && ap[i * ${OW} + j] == self) {
                acc += dyp[i * ${OW} + j];
            }
        }
    }
    dx[e] += acc;
}
