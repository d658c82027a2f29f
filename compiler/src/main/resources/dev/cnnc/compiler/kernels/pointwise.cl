/* Element-wise activation: y = f(x), dx += dy * f'(x). `v` is the input, `out` the output; each
 * buffer's storage (${XT} x, ${YT} y, ${DYT} dy, ${DXT} dx) is real or half (common.cl). */
__kernel void ${KERNEL}_forward(__global const ${XT}* x, __global ${YT}* y) {
    const size_t i = get_global_id(0);
    const real v = LOAD_${XT}(x, i);
    STORE_${YT}(y, i, ${FORWARD});
}

__kernel void ${KERNEL}_backward(__global const ${XT}* x, __global const ${YT}* y,
                                 __global const ${DYT}* dy, __global ${DXT}* dx) {
    const size_t i = get_global_id(0);
    const real v = LOAD_${XT}(x, i);
    const real out = LOAD_${YT}(y, i);
    STORE_${DXT}(dx, i, LOAD_${DXT}(dx, i) + LOAD_${DYT}(dy, i) * (${DERIVATIVE}));
}
