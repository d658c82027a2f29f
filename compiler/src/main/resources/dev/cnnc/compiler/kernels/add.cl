/* Element-wise sum of ${COUNT} inputs of one shape: y = x0 + x1 + ..., one work-item per element;
 * with a fused ReLU (RELU 1, the FuseRelu pass) y = max(0, x0 + x1 + ...). Each buffer's storage
 * is real or half (common.cl): the inputs' each its own (in INPUTS and SUM), y ${YT}, dy ${DYT},
 * dx ${DXT}, and ${MT} for the backward's y argument (y with the fused ReLU, else dy stands in);
 * the sum is taken in reals. */
__kernel void ${KERNEL}_forward(${INPUTS}, __global ${YT}* y) {
    const int i = get_global_id(0);
    const real s = ${SUM};
    STORE_${YT}(y, i, ${RELU} ? fmax(s, (real)0) : s);
}

/* Every input's gradient is dy (where y > 0 with the fused ReLU, else 0): dx += dy, launched once
 * per input that needs a gradient (one after another, so an input used twice, add(a, a),
 * receives 2 dy without a race). */
__kernel void ${KERNEL}_backward(__global const ${DYT}* dy, __global const ${MT}* y, __global ${DXT}* dx) {
    const int i = get_global_id(0);
    const real g = ${RELU} && !(LOAD_${MT}(y, i) > (real)0) ? (real)0 : LOAD_${DYT}(dy, i);
    STORE_${DXT}(dx, i, LOAD_${DXT}(dx, i) + g);
}

/* The same for the first gradient written to an input (its last consumer): dx = …, not zeroed before. */
__kernel void ${KERNEL}_backward_first(__global const ${DYT}* dy, __global const ${MT}* y, __global ${DXT}* dx) {
    const int i = get_global_id(0);
    STORE_${DXT}(dx, i, ${RELU} && !(LOAD_${MT}(y, i) > (real)0) ? (real)0 : LOAD_${DYT}(dy, i));
}
