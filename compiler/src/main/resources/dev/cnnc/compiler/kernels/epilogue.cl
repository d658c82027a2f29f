/* The backward of an epilogue fused into a convolution or dense layer, y = act(z + r) (the
 * FuseEpilogue pass), one work-item per element: g = dy · act'(y), the derivative taken from the
 * output y (`out`); written to dz (WRITE 1: the product's private output gradient) and added to
 * the residual's gradient dr (RESIDUAL 1), or written to it (RESIDUAL 2: its first gradient).
 * Storage (common.cl): y ${YT}, dy ${DYT}, dz ${DZT} (a scratch buffer of reals, or dy itself when
 * there is no activation), dr ${DRT}. */
__kernel void ${KERNEL}_backward(__global const ${YT}* y, __global const ${DYT}* dy, __global ${DZT}* dz,
                                 __global ${DRT}* dr) {
    const size_t i = get_global_id(0);
    const real out = LOAD_${YT}(y, i);
    const real g = LOAD_${DYT}(dy, i) * ${DERIVATIVE};
    if (${WRITE}) {
        STORE_${DZT}(dz, i, g);
    }
    if (${RESIDUAL} == 1) {
        STORE_${DRT}(dr, i, LOAD_${DRT}(dr, i) + g);
    } else if (${RESIDUAL} == 2) {
        STORE_${DRT}(dr, i, g);
    }
}
