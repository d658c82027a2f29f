/* The end of a split matrix product (split-K over the summed blocks): C[m, n] (+)= Σ_{g < parts}
 * P[g][m, n] (+ bias), for C [M, N] with row stride ldc and the parts partial products P[g]
 * packed [M, N]. The sizes are arguments (one kernel for every product of a model); a 2-D range,
 * dimension 0 the column n, dimension 1 the row m, one work-item per element of C, partials
 * summed in order g = 0, 1, … (deterministic). */
__kernel void ${KERNEL}_reduce(__global const real* P, __global real* C, const long c_off,
                               __global const real* bias, const long mn, const long ldc, const int parts) {
    const size_t n = get_global_id(0);
    const size_t m = get_global_id(1);
    const size_t idx = m * get_global_size(0) + n;
    real sum = (real)0;
    for (int g = 0; g < parts; g++) {
        sum += P[(size_t)g * mn + idx];
    }
    __global real* c = C + c_off + m * ldc + n;
    *c = ${ACC}sum${BIAS};
}
