/* Inverted dropout: y = x · mask[f / GROUP] · 1/(1 − p). GROUP is 1 for dropout (a mask element
 * per element) and H·W for spatial dropout (one per (n, c) feature map). The mask holds 1 (keep)
 * or 0 (drop), reals, and is saved for backward. The other buffers' storages (common.cl): x ${XT},
 * y ${YT}, dy ${DYT}, dx ${DXT}; products in reals. */

/* splitmix64's finaliser: a bijective 64-bit mixer. */
ulong ${KERNEL}_mix(ulong z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
    return z ^ (z >> 31);
}

/* One work-item per mask element i: a counter-based draw, the i-th output of a splitmix64
 * stream keyed by the run-time seed and this layer's salt, so the mask depends on (seed, layer,
 * i) only, not on the device or the precision. Kept when its top 32 bits are at least
 * THRESHOLD = p·2³², i.e. with probability 1 − p. */
__kernel void ${KERNEL}_mask(const int seed, __global real* mask) {
    const ulong i = get_global_id(0);
    const ulong key = ${KERNEL}_mix(((ulong)(uint)seed * 0xD1B54A32D192ED03UL) ^ ${SALT});
    const ulong r = ${KERNEL}_mix(key + (i + 1UL) * 0x9E3779B97F4A7C15UL);
    mask[i] = (r >> 32) >= ${THRESHOLD}UL ? (real)1 : (real)0;
}

__kernel void ${KERNEL}_forward(__global const ${XT}* x, __global const real* mask, __global ${YT}* y) {
    const size_t f = get_global_id(0);
    STORE_${YT}(y, f, LOAD_${XT}(x, f) * mask[f / ${GROUP}] * ${SCALE});
}

/* dx += dy · mask · 1/(1 − p). */
__kernel void ${KERNEL}_backward(__global const ${DYT}* dy, __global const real* mask, __global ${DXT}* dx) {
    const size_t f = get_global_id(0);
    STORE_${DXT}(dx, f, LOAD_${DXT}(dx, f) + LOAD_${DYT}(dy, f) * mask[f / ${GROUP}] * ${SCALE});
}

/* Inference: the identity. */
__kernel void ${KERNEL}_copy(__global const ${XT}* x, __global ${YT}* y) {
    const size_t f = get_global_id(0);
    STORE_${YT}(y, f, LOAD_${XT}(x, f));
}

/* Backward of the identity (inference-mode graphs with a backward program). */
__kernel void ${KERNEL}_backward_copy(__global const ${DYT}* dy, __global ${DXT}* dx) {
    const size_t f = get_global_id(0);
    STORE_${DXT}(dx, f, LOAD_${DXT}(dx, f) + LOAD_${DYT}(dy, f));
}
