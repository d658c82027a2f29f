/* The backward of an epilogue fused into a convolution or dense layer, y = act(z + r) (the
 * FuseEpilogue pass), one work-item per element: g = dy · act'(y), the derivative taken from the
 * output y (`out`); written to dz (WRITE 1: the product's private output gradient) and added to
 * the residual's gradient dr (RESIDUAL 1), or written to it (RESIDUAL 2: its first gradient). */
__kernel void ${KERNEL}_backward(__global const real* y, __global const real* dy, __global real* dz,
                                 __global real* dr) {
    const size_t i = get_global_id(0);
    const real out = y[i];
    const real g = dy[i] * ${DERIVATIVE};
    if (${WRITE}) {
        dz[i] = g;
    }
    if (${RESIDUAL} == 1) {
        dr[i] += g;
    } else if (${RESIDUAL} == 2) {
        dr[i] = g;
    }
}
