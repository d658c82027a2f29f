/* Element-wise product of ${COUNT} inputs broadcast to the per-sample output shape ${SHAPE}:
 * y[n, c] = prod_k x_k[n, c with x_k's size-1 dimensions at 0]. One work-item per output
 * element (f: its index within the sample, n: the sample); c0, c1, ... are its coordinates. */
__kernel void ${KERNEL}_forward(${INPUTS}, __global real* y) {
    const int f = get_global_id(0);
    const int n = get_global_id(1);
${COORDS}
    y[n * ${OUT} + f] = ${PRODUCT};
}
