/* A convolution's input x [.., ${H}, ${W}] (upsampled by (${UH}, ${UW}) from [.., ${XH}, ${XW}]) copied,
 * zero-padded (top ${PT}, left ${PL}), into phase planes of ${QH} × ${QW} for the stride (${SH}, ${SW}):
 * xp[s][c][a][b][i][j] = x[s][c][i·SH + A[a] − PT][j·SW + B[b] − PL] (0 outside x), for the row
 * phases A = {${RA}} and column phases B = {${RB}}; the implicit matrix products of
 * conv_implicit.cl and conv_implicit_forward.cl read them. x_off is the first sample's offset in
 * x (samples · channels · XH · XW): the kernels depend on the geometry only, so every convolution
 * with the same input sizes, padding and stride shares them, whatever its channels and filters.
 * x is stored as ${XT} (common.cl); the planes are reals. */

/* Row h of the (upsampled) input, read from channel `plane` of x, into phase-plane row `out` of
 * column phase b. Upsampled by (${UH}, ${UW}) (1, 1 normally): x holds [C, ${XH}, ${XW}] and
 * stands for the [C, ${H}, ${W}] input whose rows h and columns w are x's h / ${UH}, w / ${UW}
 * where those divide evenly and 0 elsewhere (a strided convolution's input gradient as a
 * convolution of dy). */
inline void ${KERNEL}_pad_row(__global const ${XT}* x, __global real* out, const int h, const int b,
                              const size_t plane) {
    if (h < 0 || h >= ${H} || h % ${UH} != 0) {
        for (int j = 0; j < ${QW}; j++) {
            out[j] = (real)0;
        }
    } else if (${SW} * ${UW} == 1) { /* stride 1 and no upsampling (both are at least 1) */
        __global const ${XT}* in = x + (plane * ${XH} + h / ${UH}) * ${XW};
        for (int j = 0; j < ${PL}; j++) {
            out[j] = (real)0;
        }
        int j = 0;
        for (; j + 16 <= ${W}; j += 16) {
            vstore16(VLOAD16_${XT}(in, j), 0, out + ${PL} + j);
        }
        for (; j < ${W}; j++) {
            out[${PL} + j] = LOAD_${XT}(in, j);
        }
        for (int j = ${PL} + ${W}; j < ${QW}; j++) {
            out[j] = (real)0;
        }
    } else {
        __global const ${XT}* in = x + (plane * ${XH} + h / ${UH}) * ${XW};
        for (int j = 0; j < ${QW}; j++) {
            const int w = j * ${SW} + b - ${PL};
            out[j] = w >= 0 && w < ${W} && w % ${UW} == 0 ? LOAD_${XT}(in, w / ${UW}) : (real)0;
        }
    }
}

/* One work-item per phase-plane row (s, c, a, b, i); the last also zeroes the slack after the
 * last plane. */
__kernel void ${KERNEL}_pad(__global const ${XT}* x, __global real* xp, const long x_off) {
    const int ra[${NA}] = {${RA}};
    const int rb[${NB}] = {${RB}};
    const size_t row = get_global_id(0);
    const int i = row % ${QH};
    const int b = rb[(row / ${QH}) % ${NB}];
    const int a = ra[(row / (${QH} * ${NB})) % ${NA}];
    const size_t plane = row / ((size_t)${QH} * ${NB} * ${NA});
    __global real* out = xp + row * ${QW};
    ${KERNEL}_pad_row(x + x_off, out, i * ${SH} + a - ${PT}, b, plane);
    if (row == get_global_size(0) - 1) {
        for (int j = 0; j < ${SLACK}; j++) {
            out[${QW} + j] = (real)0;
        }
    }
}
