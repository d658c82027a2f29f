/* The end of a split matrix product (split-K over the summed blocks): C[m, n] (+)= Σ_{g < ${PARTS}}
 * P[g][m, n] (+ bias), for C [${M}, ${N}] with row stride ${LDC} and the ${PARTS} partial products
 * P[g] packed [${M}, ${N}]. One work-item per element of C, partials summed in order g = 0, 1, …
 * (deterministic). */
__kernel void ${KERNEL}_reduce(__global const real* P, __global real* C, const long c_off,
                               __global const real* bias) {
    const int idx = get_global_id(0);
    const int m = idx / ${N};
    const int n = idx % ${N};
    real sum = (real)0;
    for (int g = 0; g < ${PARTS}; g++) {
        sum += P[(size_t)g * ${M} * ${N} + idx];
    }
    __global real* c = C + c_off + (size_t)m * ${LDC} + n;
    *c = ${ACC}sum${BIAS};
}
