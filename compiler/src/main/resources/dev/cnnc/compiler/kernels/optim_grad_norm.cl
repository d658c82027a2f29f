/* The squared global L2 norm of the parameter gradients, for clipping (PyTorch's
 * clip_grad_norm_), in two passes without races: partial sums of g^2 over chunks of ${CHUNK}
 * elements, one work-item per chunk, each writing its own slot of partials (every parameter has
 * its own run of slots from offset); then one work-item adds the ${PARTIALS} partials into total[0]. */
__kernel void ${KERNEL}_partial(__global const real* g, __global real* partials, const int offset, const int n) {
    const int c = get_global_id(0);
    const int start = c * ${CHUNK};
    const int end = min(start + ${CHUNK}, n);
    real acc = (real)0;
    for (int i = start; i < end; i++) {
        acc += g[i] * g[i];
    }
    partials[offset + c] = acc;
}

__kernel void ${KERNEL}_total(__global const real* partials, __global real* total) {
    real acc = (real)0;
    for (int i = 0; i < ${PARTIALS}; i++) {
        acc += partials[i];
    }
    total[0] = acc;
}
