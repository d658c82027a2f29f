/* 2-D convolution (cross-correlation, PyTorch Conv2d), NCHW:
 *   x [${N}, ${C}, ${H}, ${W}], w [${F}, ${CG}, ${KH}, ${KW}] (OIHW), b [${F}], y [${N}, ${F}, ${OH}, ${OW}];
 *   ${G} groups of ${CG} input channels and ${FG} filters; stride (${SH}, ${SW}); dilation (${DH}, ${DW});
 *   leading zero padding (${PT}, ${PL}) (the trailing padding only shows in OH, OW).
 *
 *   y[n,f,i,j] = b[f] + sum_{c < CG, u < KH, v < KW} w[f,c,u,v] * x[n, (f / FG)*CG + c, i*SH - PT + u*DH, j*SW - PL + v*DW]
 *
 * with x = 0 outside the input: out-of-range taps are skipped, never read. One work-item per
 * element written; every backward kernel adds into its gradient (+=), except the input gradient
 * when ACCUMULATE is 0 (it then overwrites: a private intermediate gradient, as in separable_conv). */

/* One work-item per output element y[n, f, i, j]. */
__kernel void ${KERNEL}_forward(__global const real* x, __global const real* w, __global const real* b,
                                __global real* y${EPILOGUE_ARGS}) {
    const int idx = get_global_id(0);
    const int j = idx % ${OW};
    const int i = (idx / ${OW}) % ${OH};
    const int f = (idx / (${OW} * ${OH})) % ${F};
    const int n = idx / (${OW} * ${OH} * ${F});
    const int c0 = (f / ${FG}) * ${CG};
    real acc = ${HAS_BIAS} ? b[f] : (real)0;
    for (int c = 0; c < ${CG}; c++) {
        __global const real* xc = x + (n * ${C} + c0 + c) * ${H} * ${W};
        __global const real* wc = w + (f * ${CG} + c) * ${KH} * ${KW};
        for (int u = 0; u < ${KH}; u++) {
            const int h = i * ${SH} - ${PT} + u * ${DH};
            if (h < 0 || h >= ${H}) {
                continue;
            }
            for (int v = 0; v < ${KW}; v++) {
                const int xw = j * ${SW} - ${PL} + v * ${DW};
                if (xw >= 0 && xw < ${W}) {
                    acc += wc[u * ${KW} + v] * xc[h * ${W} + xw];
                }
            }
        }
    }
    y[idx] = ${EPILOGUE};
}

/* One work-item per input element: dx[n,c,h,xw] (+)= sum over the filters f of c's group and the
 * taps (u, v) that reach it from an output (i, j): h = i*SH - PT + u*DH, so i = (h + PT - u*DH) / SH
 * when that is a whole number in [0, OH); likewise j. */
__kernel void ${KERNEL}_backward_input(__global const real* dy, __global const real* w, __global real* dx) {
    const int idx = get_global_id(0);
    const int xw = idx % ${W};
    const int h = (idx / ${W}) % ${H};
    const int c = (idx / (${W} * ${H})) % ${C};
    const int n = idx / (${W} * ${H} * ${C});
    const int g = c / ${CG};
    const int ci = c % ${CG};
    real acc = (real)0;
    for (int fi = 0; fi < ${FG}; fi++) {
        const int f = g * ${FG} + fi;
        __global const real* dyf = dy + (n * ${F} + f) * ${OH} * ${OW};
        __global const real* wf = w + (f * ${CG} + ci) * ${KH} * ${KW};
        for (int u = 0; u < ${KH}; u++) {
            const int th = h + ${PT} - u * ${DH};
            if (th < 0 || th % ${SH} != 0 || th / ${SH} >= ${OH}) {
                continue;
            }
            const int i = th / ${SH};
            for (int v = 0; v < ${KW}; v++) {
                const int tw = xw + ${PL} - v * ${DW};
                if (tw < 0 || tw % ${SW} != 0 || tw / ${SW} >= ${OW}) {
                    continue;
                }
                acc += wf[u * ${KW} + v] * dyf[i * ${OW} + tw / ${SW}];
            }
        }
    }
    if (${ACCUMULATE}) {
        dx[idx] += acc;
    } else {
        dx[idx] = acc;
    }
}

/* One work-item per weight element: dw[f,ci,u,v] += sum_{n,i,j} dy[n,f,i,j] * x[n, c, i*SH - PT + u*DH, j*SW - PL + v*DW]. */
__kernel void ${KERNEL}_backward_weight(__global const real* dy, __global const real* x, __global real* dw) {
    const int idx = get_global_id(0);
    const int v = idx % ${KW};
    const int u = (idx / ${KW}) % ${KH};
    const int ci = (idx / (${KW} * ${KH})) % ${CG};
    const int f = idx / (${KW} * ${KH} * ${CG});
    const int c = (f / ${FG}) * ${CG} + ci;
    real acc = (real)0;
    for (int n = 0; n < ${N}; n++) {
        __global const real* xc = x + (n * ${C} + c) * ${H} * ${W};
        __global const real* dyf = dy + (n * ${F} + f) * ${OH} * ${OW};
        for (int i = 0; i < ${OH}; i++) {
            const int h = i * ${SH} - ${PT} + u * ${DH};
            if (h < 0 || h >= ${H}) {
                continue;
            }
            for (int j = 0; j < ${OW}; j++) {
                const int xw = j * ${SW} - ${PL} + v * ${DW};
                if (xw >= 0 && xw < ${W}) {
                    acc += dyf[i * ${OW} + j] * xc[h * ${W} + xw];
                }
            }
        }
    }
    dw[idx] += acc;
}

/* One work-item per filter: db[f] += sum_{n,i,j} dy[n,f,i,j]. */
__kernel void ${KERNEL}_backward_bias(__global const real* dy, __global real* db) {
    const int f = get_global_id(0);
    real acc = (real)0;
    for (int n = 0; n < ${N}; n++) {
        __global const real* dyf = dy + (n * ${F} + f) * ${OH} * ${OW};
        for (int k = 0; k < ${OH} * ${OW}; k++) {
            acc += dyf[k];
        }
    }
    db[f] += acc;
}
