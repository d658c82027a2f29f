/* C = op(A)·B (+ bias) (+ C when ACCUMULATE), register-blocked and vectorised along N:
 * C[z][m, n] = Σ_{y < ${ZSUM}} Σ_{k < ${K}} A[z][y][m·${SAM} + k·${SAK}] · B[z][y][k·${LDB} + n],
 * for m < ${M}, n < ${N}, and z the third work dimension (a sample, or a group of samples).
 * B rows are contiguous along n; A is read one element at a time (any strides, so A may be a
 * transposed view). Strides between z (outer) and y (summed) blocks: A ${AZ}/${AY},
 * B ${BZ}/${BY}, C ${CZ}; each matrix starts at its offset argument (elements), so one
 * kernel serves every chunk of a batch. A bias is per row (bias[m]) or per column (bias[n]).
 *
 * One work-item computes a ${TM} × 16 tile with ${TM} ${V} accumulators, so the inner loop is
 * one vector load of B and ${TM} broadcast fused multiply-adds: explicit vectors, because PoCL
 * does not vectorise across work-items when a kernel has a loop. Rows past M read row M − 1
 * (always in bounds) and are not stored; a tile that crosses N is computed element by element. */
__kernel void ${KERNEL}_gemm(__global const real* A, const long a_off, __global const real* B, const long b_off,
                             __global real* C, const long c_off, __global const real* bias) {
    const int n0 = get_global_id(0) * 16;
    const int m0 = get_global_id(1) * ${TM};
    const int z = get_global_id(2);
    __global const real* Az = A + a_off + (size_t)z * ${AZ};
    __global const real* Bz = B + b_off + (size_t)z * ${BZ};
    __global real* Cz = C + c_off + (size_t)z * ${CZ};
${ROWS}
    if (n0 + 16 <= ${N}) {
${ACC_DECL}
        for (int y = 0; y < ${ZSUM}; y++) {
            __global const real* Ay = Az + (size_t)y * ${AY};
            __global const real* By = Bz + (size_t)y * ${BY} + n0;
            for (int k = 0; k < ${K}; k++) {
                const ${V} b = vload16(0, By + (size_t)k * ${LDB});
                __global const real* Ak = Ay + (size_t)k * ${SAK};
${ACC_FMA}
            }
        }
${STORE}
    } else {
        for (int n = n0; n < ${N}; n++) {
${SCALAR}
        }
    }
}
