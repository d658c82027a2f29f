/* cnnc: LeNet5, batch 8, float, training */
/* 40 kernels in 17 units; each unit is built on its own, after the prelude */
/* ==== prelude of every unit ==== */
typedef float real;
/* Shared by every unit of every program: `real` is float or double (typedef above). A kernel
 * argument's storage is `real` or, for a mixed-precision program's activations and their
 * gradients, `half` (fp16, read into and written from fp32: vectors through vload_halfn and
 * vstore_halfn, single elements through cnnc_half_value and cnnc_half_bits, which common_half.cl
 * defines in mixed programs only; stores round to nearest even); kernels that take either access
 * it by storage: LOAD_T(p, i) is element i, STORE_T(p, i, v) writes it, VLOADn_T(p, i) and
 * VSTOREn_T(v, p, i) elements i to i + n - 1. */
#define LOAD_real(p, i) ((p)[i])
#define STORE_real(p, i, v) ((p)[i] = (v))
#define LOAD_half(p, i) cnnc_half_value(((__global const ushort*)(p))[i])
#define STORE_half(p, i, v) (((__global ushort*)(p))[i] = cnnc_half_bits(v))
#define VLOAD4_real(p, i) vload4(0, (p) + (i))
#define VSTORE4_real(v, p, i) vstore4((v), 0, (p) + (i))
#define VLOAD4_half(p, i) vload_half4(0, (p) + (i))
#define VSTORE4_half(v, p, i) vstore_half4((v), 0, (p) + (i))
#define VLOAD8_real(p, i) vload8(0, (p) + (i))
#define VSTORE8_real(v, p, i) vstore8((v), 0, (p) + (i))
#define VLOAD8_half(p, i) vload_half8(0, (p) + (i))
#define VSTORE8_half(v, p, i) vstore_half8((v), 0, (p) + (i))
#define VLOAD16_real(p, i) vload16(0, (p) + (i))
#define VSTORE16_real(v, p, i) vstore16((v), 0, (p) + (i))
#define VLOAD16_half(p, i) vload_half16(0, (p) + (i))
#define VSTORE16_half(v, p, i) vstore_half16((v), 0, (p) + (i))

/* ==== unit conv_implicit_forward for forward: 2 kernels ==== */

/* conv_implicit_forward: C=1 F=6 OH=28 OW=28 OHW=784 QH=32 QW=32 PLANE=1024 K=25 LW=16 S=2 LAST=12 PPV=1 V=float16 TM=6 NV=2 PPT=2 TN=32 EPILOGUE_ARGS= YT=real STATS_ARGS= */
/* The forward of a convolution as an implicit matrix product over the phase planes xp that
 * conv_implicit.cl pads (the same geometry: x [N, 1, …] → y [N, 6, 28, 28], planes of
 * 32 × 32, output rows in pieces of 16 columns, 2 per row, the last 12 wide, 1 to a
 * float16). Separate from it because its code depends on the epilogue, on whether it adds into y
 * (an input gradient computed as a convolution) and on whether it gathers batch statistics. */

/* y[z] = act(w · col(xp[z]) + bias (+ r)), or y[z] += w · col(xp[z]), w [6, 25]: one work-item
 * computes 6 filters × 2 pieces (32 lanes) with 6 × 2 float16 accumulators; dimensions:
 * filter tiles, piece tiles, samples of the chunk. Product 6x784x25 (filters x output positions x C*KH*KW), tiling 8x32/8. With batch statistics
 * (FuseBatchNormStatistics) it also writes, for each of its filters, the count, mean and sum of
 * squared deviations of its tile's outputs (two passes over the registers) to
 * tstats[st_off + 3·((z·F + f)·tiles + t)], which batch_statistics.cl merges per sample.
 * Without a bias, residual or activation, whether it gathers them and whether it adds into y
 * are the arguments stats and add, so that a layer's forward and an input gradient of the same
 * geometry share the kernel. y is stored as real (common.cl). */
__kernel void conv_implicit_forward_d41cdfcc_forward(__global const real* A, __global const real* xp, __global real* Y, const long y_off,
                                __global const real* bias) {
    const int m0 = get_global_id(0) * 6;
    const int t = get_global_id(1);
    const int z = get_global_id(2);
    __global const real* Pz = xp + (size_t)z * 1 * 1024;
    __global real* Yz = Y + y_off + (size_t)z * 6 * 784;
    const int r0 = min(m0 + 0, 5);
    __global const real* A0 = A + (size_t)r0 * 25;
    const int r1 = min(m0 + 1, 5);
    __global const real* A1 = A + (size_t)r1 * 25;
    const int r2 = min(m0 + 2, 5);
    __global const real* A2 = A + (size_t)r2 * 25;
    const int r3 = min(m0 + 3, 5);
    __global const real* A3 = A + (size_t)r3 * 25;
    const int r4 = min(m0 + 4, 5);
    __global const real* A4 = A + (size_t)r4 * 25;
    const int r5 = min(m0 + 5, 5);
    __global const real* A5 = A + (size_t)r5 * 25;
    const int q0 = min(t * 2 + 0, 55);
    const int in0 = (q0 / 2) * 32 + (q0 % 2) * 16;
    const int out0 = (q0 / 2) * 28 + (q0 % 2) * 16;
    const int q1 = min(t * 2 + 1, 55);
    const int in1 = (q1 / 2) * 32 + (q1 % 2) * 16;
    const int out1 = (q1 / 2) * 28 + (q1 % 2) * 16;
    float16 acc0_0 = (float16)0;
    float16 acc0_1 = (float16)0;
    float16 acc1_0 = (float16)0;
    float16 acc1_1 = (float16)0;
    float16 acc2_0 = (float16)0;
    float16 acc2_1 = (float16)0;
    float16 acc3_0 = (float16)0;
    float16 acc3_1 = (float16)0;
    float16 acc4_0 = (float16)0;
    float16 acc4_1 = (float16)0;
    float16 acc5_0 = (float16)0;
    float16 acc5_1 = (float16)0;
    for (int c = 0; c < 1; c++) {
        __global const real* Pc = Pz + (size_t)c * 1024;
        const int kc = c * 25;
        {
            const float16 b0 = vload16(0, Pc + 0 + in0);
            const float16 b1 = vload16(0, Pc + 0 + in1);
            const float16 a0 = (float16)(A0[kc + 0]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 0]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 0]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 0]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 0]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 0]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 1 + in0);
            const float16 b1 = vload16(0, Pc + 1 + in1);
            const float16 a0 = (float16)(A0[kc + 1]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 1]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 1]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 1]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 1]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 1]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 2 + in0);
            const float16 b1 = vload16(0, Pc + 2 + in1);
            const float16 a0 = (float16)(A0[kc + 2]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 2]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 2]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 2]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 2]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 2]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 3 + in0);
            const float16 b1 = vload16(0, Pc + 3 + in1);
            const float16 a0 = (float16)(A0[kc + 3]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 3]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 3]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 3]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 3]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 3]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 4 + in0);
            const float16 b1 = vload16(0, Pc + 4 + in1);
            const float16 a0 = (float16)(A0[kc + 4]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 4]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 4]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 4]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 4]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 4]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 32 + in0);
            const float16 b1 = vload16(0, Pc + 32 + in1);
            const float16 a0 = (float16)(A0[kc + 5]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 5]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 5]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 5]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 5]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 5]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 33 + in0);
            const float16 b1 = vload16(0, Pc + 33 + in1);
            const float16 a0 = (float16)(A0[kc + 6]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 6]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 6]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 6]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 6]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 6]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 34 + in0);
            const float16 b1 = vload16(0, Pc + 34 + in1);
            const float16 a0 = (float16)(A0[kc + 7]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 7]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 7]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 7]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 7]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 7]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 35 + in0);
            const float16 b1 = vload16(0, Pc + 35 + in1);
            const float16 a0 = (float16)(A0[kc + 8]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 8]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 8]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 8]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 8]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 8]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 36 + in0);
            const float16 b1 = vload16(0, Pc + 36 + in1);
            const float16 a0 = (float16)(A0[kc + 9]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 9]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 9]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 9]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 9]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 9]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 64 + in0);
            const float16 b1 = vload16(0, Pc + 64 + in1);
            const float16 a0 = (float16)(A0[kc + 10]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 10]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 10]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 10]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 10]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 10]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 65 + in0);
            const float16 b1 = vload16(0, Pc + 65 + in1);
            const float16 a0 = (float16)(A0[kc + 11]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 11]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 11]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 11]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 11]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 11]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 66 + in0);
            const float16 b1 = vload16(0, Pc + 66 + in1);
            const float16 a0 = (float16)(A0[kc + 12]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 12]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 12]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 12]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 12]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 12]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 67 + in0);
            const float16 b1 = vload16(0, Pc + 67 + in1);
            const float16 a0 = (float16)(A0[kc + 13]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 13]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 13]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 13]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 13]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 13]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 68 + in0);
            const float16 b1 = vload16(0, Pc + 68 + in1);
            const float16 a0 = (float16)(A0[kc + 14]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 14]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 14]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 14]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 14]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 14]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 96 + in0);
            const float16 b1 = vload16(0, Pc + 96 + in1);
            const float16 a0 = (float16)(A0[kc + 15]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 15]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 15]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 15]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 15]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 15]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 97 + in0);
            const float16 b1 = vload16(0, Pc + 97 + in1);
            const float16 a0 = (float16)(A0[kc + 16]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 16]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 16]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 16]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 16]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 16]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 98 + in0);
            const float16 b1 = vload16(0, Pc + 98 + in1);
            const float16 a0 = (float16)(A0[kc + 17]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 17]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 17]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 17]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 17]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 17]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 99 + in0);
            const float16 b1 = vload16(0, Pc + 99 + in1);
            const float16 a0 = (float16)(A0[kc + 18]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 18]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 18]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 18]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 18]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 18]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 100 + in0);
            const float16 b1 = vload16(0, Pc + 100 + in1);
            const float16 a0 = (float16)(A0[kc + 19]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 19]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 19]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 19]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 19]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 19]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 128 + in0);
            const float16 b1 = vload16(0, Pc + 128 + in1);
            const float16 a0 = (float16)(A0[kc + 20]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 20]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 20]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 20]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 20]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 20]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 129 + in0);
            const float16 b1 = vload16(0, Pc + 129 + in1);
            const float16 a0 = (float16)(A0[kc + 21]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 21]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 21]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 21]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 21]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 21]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 130 + in0);
            const float16 b1 = vload16(0, Pc + 130 + in1);
            const float16 a0 = (float16)(A0[kc + 22]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 22]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 22]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 22]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 22]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 22]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 131 + in0);
            const float16 b1 = vload16(0, Pc + 131 + in1);
            const float16 a0 = (float16)(A0[kc + 23]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 23]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 23]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 23]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 23]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 23]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 132 + in0);
            const float16 b1 = vload16(0, Pc + 132 + in1);
            const float16 a0 = (float16)(A0[kc + 24]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 24]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 24]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 24]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 24]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 24]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
    }
    const int n0 = t * 2 + 0 < 56 ? (q0 % 2 != 1 ? 16 : 12) : 0;
    const int n1 = t * 2 + 1 < 56 ? (q1 % 2 != 1 ? 16 : 12) : 0;
    if (m0 + 0 < 6) {
        __global real* y = Yz + (size_t)r0 * 784;
        const float16 o0 = acc0_0 + (float16)(bias[r0]);
        const float16 o1 = acc0_1 + (float16)(bias[r0]);
        if (n0 == 16) {
        vstore16(((tanh(((o0))))), 0, y + out0);
        } else if (n0 > 0) {
            real l[16];
            vstore16(o0, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 12; i++) {
                y[out0 + i] = l[i];
            }
        }
        if (n1 == 16) {
        vstore16(((tanh(((o1))))), 0, y + out1);
        } else if (n1 > 0) {
            real l[16];
            vstore16(o1, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 12; i++) {
                y[out1 + i] = l[i];
            }
        }
    }
    if (m0 + 1 < 6) {
        __global real* y = Yz + (size_t)r1 * 784;
        const float16 o0 = acc1_0 + (float16)(bias[r1]);
        const float16 o1 = acc1_1 + (float16)(bias[r1]);
        if (n0 == 16) {
        vstore16(((tanh(((o0))))), 0, y + out0);
        } else if (n0 > 0) {
            real l[16];
            vstore16(o0, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 12; i++) {
                y[out0 + i] = l[i];
            }
        }
        if (n1 == 16) {
        vstore16(((tanh(((o1))))), 0, y + out1);
        } else if (n1 > 0) {
            real l[16];
            vstore16(o1, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 12; i++) {
                y[out1 + i] = l[i];
            }
        }
    }
    if (m0 + 2 < 6) {
        __global real* y = Yz + (size_t)r2 * 784;
        const float16 o0 = acc2_0 + (float16)(bias[r2]);
        const float16 o1 = acc2_1 + (float16)(bias[r2]);
        if (n0 == 16) {
        vstore16(((tanh(((o0))))), 0, y + out0);
        } else if (n0 > 0) {
            real l[16];
            vstore16(o0, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 12; i++) {
                y[out0 + i] = l[i];
            }
        }
        if (n1 == 16) {
        vstore16(((tanh(((o1))))), 0, y + out1);
        } else if (n1 > 0) {
            real l[16];
            vstore16(o1, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 12; i++) {
                y[out1 + i] = l[i];
            }
        }
    }
    if (m0 + 3 < 6) {
        __global real* y = Yz + (size_t)r3 * 784;
        const float16 o0 = acc3_0 + (float16)(bias[r3]);
        const float16 o1 = acc3_1 + (float16)(bias[r3]);
        if (n0 == 16) {
        vstore16(((tanh(((o0))))), 0, y + out0);
        } else if (n0 > 0) {
            real l[16];
            vstore16(o0, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 12; i++) {
                y[out0 + i] = l[i];
            }
        }
        if (n1 == 16) {
        vstore16(((tanh(((o1))))), 0, y + out1);
        } else if (n1 > 0) {
            real l[16];
            vstore16(o1, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 12; i++) {
                y[out1 + i] = l[i];
            }
        }
    }
    if (m0 + 4 < 6) {
        __global real* y = Yz + (size_t)r4 * 784;
        const float16 o0 = acc4_0 + (float16)(bias[r4]);
        const float16 o1 = acc4_1 + (float16)(bias[r4]);
        if (n0 == 16) {
        vstore16(((tanh(((o0))))), 0, y + out0);
        } else if (n0 > 0) {
            real l[16];
            vstore16(o0, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 12; i++) {
                y[out0 + i] = l[i];
            }
        }
        if (n1 == 16) {
        vstore16(((tanh(((o1))))), 0, y + out1);
        } else if (n1 > 0) {
            real l[16];
            vstore16(o1, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 12; i++) {
                y[out1 + i] = l[i];
            }
        }
    }
    if (m0 + 5 < 6) {
        __global real* y = Yz + (size_t)r5 * 784;
        const float16 o0 = acc5_0 + (float16)(bias[r5]);
        const float16 o1 = acc5_1 + (float16)(bias[r5]);
        if (n0 == 16) {
        vstore16(((tanh(((o0))))), 0, y + out0);
        } else if (n0 > 0) {
            real l[16];
            vstore16(o0, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 12; i++) {
                y[out0 + i] = l[i];
            }
        }
        if (n1 == 16) {
        vstore16(((tanh(((o1))))), 0, y + out1);
        } else if (n1 > 0) {
            real l[16];
            vstore16(o1, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 12; i++) {
                y[out1 + i] = l[i];
            }
        }
    }

}

/* conv_implicit_forward: C=6 F=16 OH=10 OW=10 OHW=100 QH=14 QW=14 PLANE=196 K=150 LW=16 S=1 LAST=10 PPV=1 V=float16 TM=8 NV=2 PPT=2 TN=32 EPILOGUE_ARGS= YT=real STATS_ARGS= */
/* The forward of a convolution as an implicit matrix product over the phase planes xp that
 * conv_implicit.cl pads (the same geometry: x [N, 6, …] → y [N, 16, 10, 10], planes of
 * 14 × 14, output rows in pieces of 16 columns, 1 per row, the last 10 wide, 1 to a
 * float16). Separate from it because its code depends on the epilogue, on whether it adds into y
 * (an input gradient computed as a convolution) and on whether it gathers batch statistics. */

/* y[z] = act(w · col(xp[z]) + bias (+ r)), or y[z] += w · col(xp[z]), w [16, 150]: one work-item
 * computes 8 filters × 2 pieces (32 lanes) with 8 × 2 float16 accumulators; dimensions:
 * filter tiles, piece tiles, samples of the chunk. Product 16x100x150 (filters x output positions x C*KH*KW), tiling 8x32/8. With batch statistics
 * (FuseBatchNormStatistics) it also writes, for each of its filters, the count, mean and sum of
 * squared deviations of its tile's outputs (two passes over the registers) to
 * tstats[st_off + 3·((z·F + f)·tiles + t)], which batch_statistics.cl merges per sample.
 * Without a bias, residual or activation, whether it gathers them and whether it adds into y
 * are the arguments stats and add, so that a layer's forward and an input gradient of the same
 * geometry share the kernel. y is stored as real (common.cl). */
__kernel void conv_implicit_forward_26d595ad_forward(__global const real* A, __global const real* xp, __global real* Y, const long y_off,
                                __global const real* bias) {
    const int m0 = get_global_id(0) * 8;
    const int t = get_global_id(1);
    const int z = get_global_id(2);
    __global const real* Pz = xp + (size_t)z * 6 * 196;
    __global real* Yz = Y + y_off + (size_t)z * 16 * 100;
    const int r0 = min(m0 + 0, 15);
    __global const real* A0 = A + (size_t)r0 * 150;
    const int r1 = min(m0 + 1, 15);
    __global const real* A1 = A + (size_t)r1 * 150;
    const int r2 = min(m0 + 2, 15);
    __global const real* A2 = A + (size_t)r2 * 150;
    const int r3 = min(m0 + 3, 15);
    __global const real* A3 = A + (size_t)r3 * 150;
    const int r4 = min(m0 + 4, 15);
    __global const real* A4 = A + (size_t)r4 * 150;
    const int r5 = min(m0 + 5, 15);
    __global const real* A5 = A + (size_t)r5 * 150;
    const int r6 = min(m0 + 6, 15);
    __global const real* A6 = A + (size_t)r6 * 150;
    const int r7 = min(m0 + 7, 15);
    __global const real* A7 = A + (size_t)r7 * 150;
    const int q0 = min(t * 2 + 0, 9);
    const int in0 = q0 * 14 + 0 * 16;
    const int out0 = q0 * 10 + 0 * 16;
    const int q1 = min(t * 2 + 1, 9);
    const int in1 = q1 * 14 + 0 * 16;
    const int out1 = q1 * 10 + 0 * 16;
    float16 acc0_0 = (float16)0;
    float16 acc0_1 = (float16)0;
    float16 acc1_0 = (float16)0;
    float16 acc1_1 = (float16)0;
    float16 acc2_0 = (float16)0;
    float16 acc2_1 = (float16)0;
    float16 acc3_0 = (float16)0;
    float16 acc3_1 = (float16)0;
    float16 acc4_0 = (float16)0;
    float16 acc4_1 = (float16)0;
    float16 acc5_0 = (float16)0;
    float16 acc5_1 = (float16)0;
    float16 acc6_0 = (float16)0;
    float16 acc6_1 = (float16)0;
    float16 acc7_0 = (float16)0;
    float16 acc7_1 = (float16)0;
    for (int c = 0; c < 6; c++) {
        __global const real* Pc = Pz + (size_t)c * 196;
        const int kc = c * 25;
        {
            const float16 b0 = vload16(0, Pc + 0 + in0);
            const float16 b1 = vload16(0, Pc + 0 + in1);
            const float16 a0 = (float16)(A0[kc + 0]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 0]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 0]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 0]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 0]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 0]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 0]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 0]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 1 + in0);
            const float16 b1 = vload16(0, Pc + 1 + in1);
            const float16 a0 = (float16)(A0[kc + 1]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 1]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 1]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 1]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 1]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 1]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 1]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 1]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 2 + in0);
            const float16 b1 = vload16(0, Pc + 2 + in1);
            const float16 a0 = (float16)(A0[kc + 2]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 2]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 2]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 2]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 2]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 2]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 2]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 2]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 3 + in0);
            const float16 b1 = vload16(0, Pc + 3 + in1);
            const float16 a0 = (float16)(A0[kc + 3]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 3]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 3]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 3]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 3]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 3]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 3]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 3]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 4 + in0);
            const float16 b1 = vload16(0, Pc + 4 + in1);
            const float16 a0 = (float16)(A0[kc + 4]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 4]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 4]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 4]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 4]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 4]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 4]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 4]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 14 + in0);
            const float16 b1 = vload16(0, Pc + 14 + in1);
            const float16 a0 = (float16)(A0[kc + 5]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 5]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 5]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 5]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 5]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 5]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 5]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 5]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 15 + in0);
            const float16 b1 = vload16(0, Pc + 15 + in1);
            const float16 a0 = (float16)(A0[kc + 6]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 6]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 6]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 6]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 6]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 6]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 6]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 6]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 16 + in0);
            const float16 b1 = vload16(0, Pc + 16 + in1);
            const float16 a0 = (float16)(A0[kc + 7]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 7]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 7]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 7]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 7]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 7]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 7]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 7]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 17 + in0);
            const float16 b1 = vload16(0, Pc + 17 + in1);
            const float16 a0 = (float16)(A0[kc + 8]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 8]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 8]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 8]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 8]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 8]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 8]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 8]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 18 + in0);
            const float16 b1 = vload16(0, Pc + 18 + in1);
            const float16 a0 = (float16)(A0[kc + 9]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 9]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 9]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 9]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 9]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 9]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 9]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 9]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 28 + in0);
            const float16 b1 = vload16(0, Pc + 28 + in1);
            const float16 a0 = (float16)(A0[kc + 10]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 10]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 10]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 10]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 10]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 10]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 10]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 10]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 29 + in0);
            const float16 b1 = vload16(0, Pc + 29 + in1);
            const float16 a0 = (float16)(A0[kc + 11]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 11]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 11]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 11]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 11]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 11]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 11]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 11]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 30 + in0);
            const float16 b1 = vload16(0, Pc + 30 + in1);
            const float16 a0 = (float16)(A0[kc + 12]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 12]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 12]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 12]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 12]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 12]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 12]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 12]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 31 + in0);
            const float16 b1 = vload16(0, Pc + 31 + in1);
            const float16 a0 = (float16)(A0[kc + 13]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 13]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 13]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 13]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 13]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 13]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 13]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 13]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 32 + in0);
            const float16 b1 = vload16(0, Pc + 32 + in1);
            const float16 a0 = (float16)(A0[kc + 14]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 14]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 14]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 14]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 14]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 14]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 14]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 14]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 42 + in0);
            const float16 b1 = vload16(0, Pc + 42 + in1);
            const float16 a0 = (float16)(A0[kc + 15]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 15]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 15]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 15]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 15]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 15]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 15]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 15]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 43 + in0);
            const float16 b1 = vload16(0, Pc + 43 + in1);
            const float16 a0 = (float16)(A0[kc + 16]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 16]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 16]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 16]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 16]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 16]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 16]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 16]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 44 + in0);
            const float16 b1 = vload16(0, Pc + 44 + in1);
            const float16 a0 = (float16)(A0[kc + 17]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 17]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 17]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 17]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 17]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 17]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 17]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 17]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 45 + in0);
            const float16 b1 = vload16(0, Pc + 45 + in1);
            const float16 a0 = (float16)(A0[kc + 18]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 18]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 18]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 18]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 18]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 18]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 18]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 18]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 46 + in0);
            const float16 b1 = vload16(0, Pc + 46 + in1);
            const float16 a0 = (float16)(A0[kc + 19]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 19]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 19]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 19]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 19]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 19]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 19]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 19]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 56 + in0);
            const float16 b1 = vload16(0, Pc + 56 + in1);
            const float16 a0 = (float16)(A0[kc + 20]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 20]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 20]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 20]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 20]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 20]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 20]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 20]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 57 + in0);
            const float16 b1 = vload16(0, Pc + 57 + in1);
            const float16 a0 = (float16)(A0[kc + 21]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 21]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 21]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 21]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 21]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 21]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 21]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 21]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 58 + in0);
            const float16 b1 = vload16(0, Pc + 58 + in1);
            const float16 a0 = (float16)(A0[kc + 22]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 22]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 22]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 22]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 22]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 22]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 22]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 22]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 59 + in0);
            const float16 b1 = vload16(0, Pc + 59 + in1);
            const float16 a0 = (float16)(A0[kc + 23]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 23]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 23]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 23]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 23]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 23]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 23]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 23]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 60 + in0);
            const float16 b1 = vload16(0, Pc + 60 + in1);
            const float16 a0 = (float16)(A0[kc + 24]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 24]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 24]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 24]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 24]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 24]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
            const float16 a6 = (float16)(A6[kc + 24]);
            acc6_0 = fma(a6, b0, acc6_0);
            acc6_1 = fma(a6, b1, acc6_1);
            const float16 a7 = (float16)(A7[kc + 24]);
            acc7_0 = fma(a7, b0, acc7_0);
            acc7_1 = fma(a7, b1, acc7_1);
        }
    }
    const int n0 = t * 2 + 0 < 10 ? 10 : 0;
    const int n1 = t * 2 + 1 < 10 ? 10 : 0;
    if (m0 + 0 < 16) {
        __global real* y = Yz + (size_t)r0 * 100;
        const float16 o0 = acc0_0 + (float16)(bias[r0]);
        const float16 o1 = acc0_1 + (float16)(bias[r0]);
        if (n0 == 16) {
        vstore16(((tanh(((o0))))), 0, y + out0);
        } else if (n0 > 0) {
            real l[16];
            vstore16(o0, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 10; i++) {
                y[out0 + i] = l[i];
            }
        }
        if (n1 == 16) {
        vstore16(((tanh(((o1))))), 0, y + out1);
        } else if (n1 > 0) {
            real l[16];
            vstore16(o1, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 10; i++) {
                y[out1 + i] = l[i];
            }
        }
    }
    if (m0 + 1 < 16) {
        __global real* y = Yz + (size_t)r1 * 100;
        const float16 o0 = acc1_0 + (float16)(bias[r1]);
        const float16 o1 = acc1_1 + (float16)(bias[r1]);
        if (n0 == 16) {
        vstore16(((tanh(((o0))))), 0, y + out0);
        } else if (n0 > 0) {
            real l[16];
            vstore16(o0, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 10; i++) {
                y[out0 + i] = l[i];
            }
        }
        if (n1 == 16) {
        vstore16(((tanh(((o1))))), 0, y + out1);
        } else if (n1 > 0) {
            real l[16];
            vstore16(o1, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 10; i++) {
                y[out1 + i] = l[i];
            }
        }
    }
    if (m0 + 2 < 16) {
        __global real* y = Yz + (size_t)r2 * 100;
        const float16 o0 = acc2_0 + (float16)(bias[r2]);
        const float16 o1 = acc2_1 + (float16)(bias[r2]);
        if (n0 == 16) {
        vstore16(((tanh(((o0))))), 0, y + out0);
        } else if (n0 > 0) {
            real l[16];
            vstore16(o0, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 10; i++) {
                y[out0 + i] = l[i];
            }
        }
        if (n1 == 16) {
        vstore16(((tanh(((o1))))), 0, y + out1);
        } else if (n1 > 0) {
            real l[16];
            vstore16(o1, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 10; i++) {
                y[out1 + i] = l[i];
            }
        }
    }
    if (m0 + 3 < 16) {
        __global real* y = Yz + (size_t)r3 * 100;
        const float16 o0 = acc3_0 + (float16)(bias[r3]);
        const float16 o1 = acc3_1 + (float16)(bias[r3]);
        if (n0 == 16) {
        vstore16(((tanh(((o0))))), 0, y + out0);
        } else if (n0 > 0) {
            real l[16];
            vstore16(o0, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 10; i++) {
                y[out0 + i] = l[i];
            }
        }
        if (n1 == 16) {
        vstore16(((tanh(((o1))))), 0, y + out1);
        } else if (n1 > 0) {
            real l[16];
            vstore16(o1, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 10; i++) {
                y[out1 + i] = l[i];
            }
        }
    }
    if (m0 + 4 < 16) {
        __global real* y = Yz + (size_t)r4 * 100;
        const float16 o0 = acc4_0 + (float16)(bias[r4]);
        const float16 o1 = acc4_1 + (float16)(bias[r4]);
        if (n0 == 16) {
        vstore16(((tanh(((o0))))), 0, y + out0);
        } else if (n0 > 0) {
            real l[16];
            vstore16(o0, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 10; i++) {
                y[out0 + i] = l[i];
            }
        }
        if (n1 == 16) {
        vstore16(((tanh(((o1))))), 0, y + out1);
        } else if (n1 > 0) {
            real l[16];
            vstore16(o1, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 10; i++) {
                y[out1 + i] = l[i];
            }
        }
    }
    if (m0 + 5 < 16) {
        __global real* y = Yz + (size_t)r5 * 100;
        const float16 o0 = acc5_0 + (float16)(bias[r5]);
        const float16 o1 = acc5_1 + (float16)(bias[r5]);
        if (n0 == 16) {
        vstore16(((tanh(((o0))))), 0, y + out0);
        } else if (n0 > 0) {
            real l[16];
            vstore16(o0, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 10; i++) {
                y[out0 + i] = l[i];
            }
        }
        if (n1 == 16) {
        vstore16(((tanh(((o1))))), 0, y + out1);
        } else if (n1 > 0) {
            real l[16];
            vstore16(o1, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 10; i++) {
                y[out1 + i] = l[i];
            }
        }
    }
    if (m0 + 6 < 16) {
        __global real* y = Yz + (size_t)r6 * 100;
        const float16 o0 = acc6_0 + (float16)(bias[r6]);
        const float16 o1 = acc6_1 + (float16)(bias[r6]);
        if (n0 == 16) {
        vstore16(((tanh(((o0))))), 0, y + out0);
        } else if (n0 > 0) {
            real l[16];
            vstore16(o0, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 10; i++) {
                y[out0 + i] = l[i];
            }
        }
        if (n1 == 16) {
        vstore16(((tanh(((o1))))), 0, y + out1);
        } else if (n1 > 0) {
            real l[16];
            vstore16(o1, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 10; i++) {
                y[out1 + i] = l[i];
            }
        }
    }
    if (m0 + 7 < 16) {
        __global real* y = Yz + (size_t)r7 * 100;
        const float16 o0 = acc7_0 + (float16)(bias[r7]);
        const float16 o1 = acc7_1 + (float16)(bias[r7]);
        if (n0 == 16) {
        vstore16(((tanh(((o0))))), 0, y + out0);
        } else if (n0 > 0) {
            real l[16];
            vstore16(o0, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 10; i++) {
                y[out0 + i] = l[i];
            }
        }
        if (n1 == 16) {
        vstore16(((tanh(((o1))))), 0, y + out1);
        } else if (n1 > 0) {
            real l[16];
            vstore16(o1, 0, l);
            vstore16(((tanh(((vload16(0, l)))))), 0, l);
            for (int i = 0; i < 10; i++) {
                y[out1 + i] = l[i];
            }
        }
    }

}

/* ==== unit conv_pad for forward: 2 kernels ==== */

/* conv_pad: H=32 W=32 UH=1 UW=1 XH=32 XW=32 QH=32 QW=32 PT=0 PL=0 SH=1 SW=1 NA=1 NB=1 RA=0 RB=0 SLACK=16 XT=real */
/* A convolution's input x [.., 32, 32] (upsampled by (1, 1) from [.., 32, 32]) copied,
 * zero-padded (top 0, left 0), into phase planes of 32 × 32 for the stride (1, 1):
 * xp[s][c][a][b][i][j] = x[s][c][i·SH + A[a] − PT][j·SW + B[b] − PL] (0 outside x), for the row
 * phases A = {0} and column phases B = {0}; the implicit matrix products of
 * conv_implicit.cl and conv_implicit_forward.cl read them. x_off is the first sample's offset in
 * x (samples · channels · XH · XW): the kernels depend on the geometry only, so every convolution
 * with the same input sizes, padding and stride shares them, whatever its channels and filters.
 * x is stored as real (common.cl); the planes are reals. */

/* Row h of the (upsampled) input, read from channel `plane` of x, into phase-plane row `out` of
 * column phase b. Upsampled by (1, 1) (1, 1 normally): x holds [C, 32, 32] and
 * stands for the [C, 32, 32] input whose rows h and columns w are x's h / 1, w / 1
 * where those divide evenly and 0 elsewhere (a strided convolution's input gradient as a
 * convolution of dy). */
inline void conv_pad_cd0c2df2_pad_row(__global const real* x, __global real* out, const int h, const int b,
                              const size_t plane) {
    if (h < 0 || h >= 32 || h % 1 != 0) {
        for (int j = 0; j < 32; j++) {
            out[j] = (real)0;
        }
    } else if (1 * 1 == 1) { /* stride 1 and no upsampling (both are at least 1) */
        __global const real* in = x + (plane * 32 + h / 1) * 32;
        for (int j = 0; j < 0; j++) {
            out[j] = (real)0;
        }
        int j = 0;
        for (; j + 16 <= 32; j += 16) {
            vstore16(VLOAD16_real(in, j), 0, out + 0 + j);
        }
        for (; j < 32; j++) {
            out[0 + j] = LOAD_real(in, j);
        }
        for (int j = 0 + 32; j < 32; j++) {
            out[j] = (real)0;
        }
    } else {
        __global const real* in = x + (plane * 32 + h / 1) * 32;
        for (int j = 0; j < 32; j++) {
            const int w = j * 1 + b - 0;
            out[j] = w >= 0 && w < 32 && w % 1 == 0 ? LOAD_real(in, w / 1) : (real)0;
        }
    }
}

/* One work-item per phase-plane row (s, c, a, b, i); the last also zeroes the slack after the
 * last plane. */
__kernel void conv_pad_cd0c2df2_pad(__global const real* x, __global real* xp, const long x_off) {
    const int ra[1] = {0};
    const int rb[1] = {0};
    const size_t row = get_global_id(0);
    const int i = row % 32;
    const int b = rb[(row / 32) % 1];
    const int a = ra[(row / (32 * 1)) % 1];
    const size_t plane = row / ((size_t)32 * 1 * 1);
    __global real* out = xp + row * 32;
    conv_pad_cd0c2df2_pad_row(x + x_off, out, i * 1 + a - 0, b, plane);
    if (row == get_global_size(0) - 1) {
        for (int j = 0; j < 16; j++) {
            out[32 + j] = (real)0;
        }
    }
}

/* conv_pad: H=14 W=14 UH=1 UW=1 XH=14 XW=14 QH=14 QW=14 PT=0 PL=0 SH=1 SW=1 NA=1 NB=1 RA=0 RB=0 SLACK=16 XT=real */
/* A convolution's input x [.., 14, 14] (upsampled by (1, 1) from [.., 14, 14]) copied,
 * zero-padded (top 0, left 0), into phase planes of 14 × 14 for the stride (1, 1):
 * xp[s][c][a][b][i][j] = x[s][c][i·SH + A[a] − PT][j·SW + B[b] − PL] (0 outside x), for the row
 * phases A = {0} and column phases B = {0}; the implicit matrix products of
 * conv_implicit.cl and conv_implicit_forward.cl read them. x_off is the first sample's offset in
 * x (samples · channels · XH · XW): the kernels depend on the geometry only, so every convolution
 * with the same input sizes, padding and stride shares them, whatever its channels and filters.
 * x is stored as real (common.cl); the planes are reals. */

/* Row h of the (upsampled) input, read from channel `plane` of x, into phase-plane row `out` of
 * column phase b. Upsampled by (1, 1) (1, 1 normally): x holds [C, 14, 14] and
 * stands for the [C, 14, 14] input whose rows h and columns w are x's h / 1, w / 1
 * where those divide evenly and 0 elsewhere (a strided convolution's input gradient as a
 * convolution of dy). */
inline void conv_pad_17c2f263_pad_row(__global const real* x, __global real* out, const int h, const int b,
                              const size_t plane) {
    if (h < 0 || h >= 14 || h % 1 != 0) {
        for (int j = 0; j < 14; j++) {
            out[j] = (real)0;
        }
    } else if (1 * 1 == 1) { /* stride 1 and no upsampling (both are at least 1) */
        __global const real* in = x + (plane * 14 + h / 1) * 14;
        for (int j = 0; j < 0; j++) {
            out[j] = (real)0;
        }
        int j = 0;
        for (; j + 16 <= 14; j += 16) {
            vstore16(VLOAD16_real(in, j), 0, out + 0 + j);
        }
        for (; j < 14; j++) {
            out[0 + j] = LOAD_real(in, j);
        }
        for (int j = 0 + 14; j < 14; j++) {
            out[j] = (real)0;
        }
    } else {
        __global const real* in = x + (plane * 14 + h / 1) * 14;
        for (int j = 0; j < 14; j++) {
            const int w = j * 1 + b - 0;
            out[j] = w >= 0 && w < 14 && w % 1 == 0 ? LOAD_real(in, w / 1) : (real)0;
        }
    }
}

/* One work-item per phase-plane row (s, c, a, b, i); the last also zeroes the slack after the
 * last plane. */
__kernel void conv_pad_17c2f263_pad(__global const real* x, __global real* xp, const long x_off) {
    const int ra[1] = {0};
    const int rb[1] = {0};
    const size_t row = get_global_id(0);
    const int i = row % 14;
    const int b = rb[(row / 14) % 1];
    const int a = ra[(row / (14 * 1)) % 1];
    const size_t plane = row / ((size_t)14 * 1 * 1);
    __global real* out = xp + row * 14;
    conv_pad_17c2f263_pad_row(x + x_off, out, i * 1 + a - 0, b, plane);
    if (row == get_global_size(0) - 1) {
        for (int j = 0; j < 16; j++) {
            out[14 + j] = (real)0;
        }
    }
}

/* ==== unit pool_avg for forward: 4 kernels ==== */

/* pool_avg: H=28 W=28 OH=14 OW=14 KH=2 KW=2 SH=2 SW=2 PH=0 PW=0 XT=real YT=real DYT=real DXT=real INCLUDE_PAD=1 */
/*
 * Average pooling (PyTorch AvgPool2d): x [N, C, 28, 28] -> y [N, C, 14, 14], kernel
 * 2x2, stride 2x2, padding 0x0, count_include_pad 1.
 * Window (i, j) spans rows h0 = i*2 - 0 .. h1 = min(h0 + 2, 28 + 0) (a ceil-mode
 * window is cut at the end of the padding), likewise columns. The divisor is the size of that
 * span with count_include_pad, else the number of input elements in it; a window with no input
 * element averages to 0. Storages (common.cl): x real, y real, dy real, dx real; sums are
 * taken in reals.
 */

/* The divisor of window (i, j), 0 when it holds no input element. */
int pool_avg_80f62a90_divisor(const int i, const int j) {
    const int h0 = i * 2 - 0;
    const int w0 = j * 2 - 0;
    const int h1 = min(h0 + 2, 28 + 0);
    const int w1 = min(w0 + 2, 28 + 0);
    const int rows = min(h1, 28) - max(h0, 0);
    const int cols = min(w1, 28) - max(w0, 0);
    if (rows <= 0 || cols <= 0) {
        return 0;
    }
    return 1 ? (h1 - h0) * (w1 - w0) : rows * cols;
}

/* Windows inside the input (no padding, none past the edge), where every divisor is
 * 2·2: the window's taps unrolled (generated, in the order of _forward's loops) and
 * without branches, so that a CPU compiler vectorises work-items. */
__kernel void pool_avg_80f62a90_forward_inside(__global const real* x, __global real* y) {
    const int o = get_global_id(0);
    const int j = o % 14;
    const int i = (o / 14) % 14;
    const int plane = o / (14 * 14);
    __global const real* p = x + plane * (28 * 28) + i * 2 * 28 + j * 2;
    real sum = (real)0;
    sum += LOAD_real(p, 0);
    sum += LOAD_real(p, 1);
    sum += LOAD_real(p, 28);
    sum += LOAD_real(p, 29);
    STORE_real(y, o, sum / (real)(2 * 2));
}

/* Windows inside the input and disjoint (stride ≥ kernel): input element (h, w) lies in window
 * (h / 2, w / 2) if anywhere, the only term of _backward's sum; no window loops. One
 * work-item per input row (plane, h), which reads one row of dy: per element, the index
 * arithmetic of its row and plane took longer than the sum. With accumulate 0 (the gradient's
 * first writer) every element is written, 0 outside the windows, so dx needs no zeroing first. */
__kernel void pool_avg_80f62a90_backward_disjoint_inside(__global const real* dy, __global real* dx,
                                                 const int accumulate) {
    const size_t r = get_global_id(0);
    const int h = r % 28;
    const size_t plane = r / 28;
    const int i = h / 2;
    const bool row = h % 2 < 2 && i < 14;
    __global const real* g = dy + plane * (14 * 14) + i * 14;
    __global real* d = dx + r * 28;
    for (int w = 0; w < 28; w++) {
        const int j = w / 2;
        const real v = row && w % 2 < 2 && j < 14 ? LOAD_real(g, j) / (real)(2 * 2) : (real)0;
        STORE_real(d, w, accumulate ? LOAD_real(d, w) + v : v);
    }
}

/* pool_avg: H=10 W=10 OH=5 OW=5 KH=2 KW=2 SH=2 SW=2 PH=0 PW=0 XT=real YT=real DYT=real DXT=real INCLUDE_PAD=1 */
/*
 * Average pooling (PyTorch AvgPool2d): x [N, C, 10, 10] -> y [N, C, 5, 5], kernel
 * 2x2, stride 2x2, padding 0x0, count_include_pad 1.
 * Window (i, j) spans rows h0 = i*2 - 0 .. h1 = min(h0 + 2, 10 + 0) (a ceil-mode
 * window is cut at the end of the padding), likewise columns. The divisor is the size of that
 * span with count_include_pad, else the number of input elements in it; a window with no input
 * element averages to 0. Storages (common.cl): x real, y real, dy real, dx real; sums are
 * taken in reals.
 */

/* The divisor of window (i, j), 0 when it holds no input element. */
int pool_avg_0eaacad8_divisor(const int i, const int j) {
    const int h0 = i * 2 - 0;
    const int w0 = j * 2 - 0;
    const int h1 = min(h0 + 2, 10 + 0);
    const int w1 = min(w0 + 2, 10 + 0);
    const int rows = min(h1, 10) - max(h0, 0);
    const int cols = min(w1, 10) - max(w0, 0);
    if (rows <= 0 || cols <= 0) {
        return 0;
    }
    return 1 ? (h1 - h0) * (w1 - w0) : rows * cols;
}

/* Windows inside the input (no padding, none past the edge), where every divisor is
 * 2·2: the window's taps unrolled (generated, in the order of _forward's loops) and
 * without branches, so that a CPU compiler vectorises work-items. */
__kernel void pool_avg_0eaacad8_forward_inside(__global const real* x, __global real* y) {
    const int o = get_global_id(0);
    const int j = o % 5;
    const int i = (o / 5) % 5;
    const int plane = o / (5 * 5);
    __global const real* p = x + plane * (10 * 10) + i * 2 * 10 + j * 2;
    real sum = (real)0;
    sum += LOAD_real(p, 0);
    sum += LOAD_real(p, 1);
    sum += LOAD_real(p, 10);
    sum += LOAD_real(p, 11);
    STORE_real(y, o, sum / (real)(2 * 2));
}

/* Windows inside the input and disjoint (stride ≥ kernel): input element (h, w) lies in window
 * (h / 2, w / 2) if anywhere, the only term of _backward's sum; no window loops. One
 * work-item per input row (plane, h), which reads one row of dy: per element, the index
 * arithmetic of its row and plane took longer than the sum. With accumulate 0 (the gradient's
 * first writer) every element is written, 0 outside the windows, so dx needs no zeroing first. */
__kernel void pool_avg_0eaacad8_backward_disjoint_inside(__global const real* dy, __global real* dx,
                                                 const int accumulate) {
    const size_t r = get_global_id(0);
    const int h = r % 10;
    const size_t plane = r / 10;
    const int i = h / 2;
    const bool row = h % 2 < 2 && i < 5;
    __global const real* g = dy + plane * (5 * 5) + i * 5;
    __global real* d = dx + r * 10;
    for (int w = 0; w < 10; w++) {
        const int j = w / 2;
        const real v = row && w % 2 < 2 && j < 5 ? LOAD_real(g, j) / (real)(2 * 2) : (real)0;
        STORE_real(d, w, accumulate ? LOAD_real(d, w) + v : v);
    }
}

/* ==== unit dense for forward: 6 kernels ==== */

/* dense: IN=400 OUT=120 HAS_BIAS=1 EPILOGUE=((tanh(((acc))))) EPILOGUE_ARGS= DYT=real */
/* Fully connected layer: x [N, 400], w [120, 400], b [120], y [N, 120] (N the batch: the
 * range of the kernels over samples, an argument of those that loop over it). The products
 * themselves are generated GEMMs (gemm.cl): y = x · wt + b with wt = wᵀ, dx += dy · w,
 * dw += dyᵀ · x, on CPUs; direct kernels below otherwise. These kernels do the rest. */

/* wt [400, 120] = wᵀ, one work-item per element, so that the forward GEMM reads rows of B. */
__kernel void dense_2c7dc2a7_transpose(__global const real* w, __global real* wt) {
    const int o = get_global_id(0);
    const int i = get_global_id(1);
    wt[i * 120 + o] = w[o * 400 + i];
}

/* db[u] += sum_n dy[n, u]; dy stored as real (common.cl) */
__kernel void dense_2c7dc2a7_backward_bias(__global const real* dy, __global real* db, const int N) {
    const int u = get_global_id(0);
    real acc = (real)0;
    for (int n = 0; n < N; n++) {
        acc += LOAD_real(dy, n * 120 + u);
    }
    db[u] += acc;
}

/* dense: IN=120 OUT=84 HAS_BIAS=1 EPILOGUE=((tanh(((acc))))) EPILOGUE_ARGS= DYT=real */
/* Fully connected layer: x [N, 120], w [84, 120], b [84], y [N, 84] (N the batch: the
 * range of the kernels over samples, an argument of those that loop over it). The products
 * themselves are generated GEMMs (gemm.cl): y = x · wt + b with wt = wᵀ, dx += dy · w,
 * dw += dyᵀ · x, on CPUs; direct kernels below otherwise. These kernels do the rest. */

/* wt [120, 84] = wᵀ, one work-item per element, so that the forward GEMM reads rows of B. */
__kernel void dense_56fb1026_transpose(__global const real* w, __global real* wt) {
    const int o = get_global_id(0);
    const int i = get_global_id(1);
    wt[i * 84 + o] = w[o * 120 + i];
}

/* db[u] += sum_n dy[n, u]; dy stored as real (common.cl) */
__kernel void dense_56fb1026_backward_bias(__global const real* dy, __global real* db, const int N) {
    const int u = get_global_id(0);
    real acc = (real)0;
    for (int n = 0; n < N; n++) {
        acc += LOAD_real(dy, n * 84 + u);
    }
    db[u] += acc;
}

/* dense: IN=84 OUT=10 HAS_BIAS=1 EPILOGUE=acc EPILOGUE_ARGS= DYT=real */
/* Fully connected layer: x [N, 84], w [10, 84], b [10], y [N, 10] (N the batch: the
 * range of the kernels over samples, an argument of those that loop over it). The products
 * themselves are generated GEMMs (gemm.cl): y = x · wt + b with wt = wᵀ, dx += dy · w,
 * dw += dyᵀ · x, on CPUs; direct kernels below otherwise. These kernels do the rest. */

/* wt [84, 10] = wᵀ, one work-item per element, so that the forward GEMM reads rows of B. */
__kernel void dense_00ca56b6_transpose(__global const real* w, __global real* wt) {
    const int o = get_global_id(0);
    const int i = get_global_id(1);
    wt[i * 10 + o] = w[o * 84 + i];
}

/* db[u] += sum_n dy[n, u]; dy stored as real (common.cl) */
__kernel void dense_00ca56b6_backward_bias(__global const real* dy, __global real* db, const int N) {
    const int u = get_global_id(0);
    real acc = (real)0;
    for (int n = 0; n < N; n++) {
        acc += LOAD_real(dy, n * 10 + u);
    }
    db[u] += acc;
}

/* ==== unit gemm for forward: 3 kernels ==== */

/* gemm: M=M N=120 K=400 SAM=400 SAK=1 LDB=120 AZ=0 BZ=0 CZ=0 ZSUM=1 AY=0 BY=0 TM=8 TN=32 V=float16 AT=real BT=real CT=real EPILOGUE_ARGS= */
/* C = op(A)·B (+ bias) (+ C when ACCUMULATE), register-blocked and vectorised along N:
 * C[z][m, n] = Σ_{y < 1} Σ_{k < 400} A[z][y][m·400 + k·1] · B[z][y][k·120 + n],
 * for m < M, n < 120, and z the third work dimension (a sample, or a group of samples).
 * B rows are contiguous along n; A is read one element at a time (any strides, so A may be a
 * transposed view). Strides between z (outer) and y (summed) blocks: A 0/0,
 * B 0/0, C 0; each matrix starts at its offset argument (elements), so one
 * kernel serves every chunk of a batch. A bias is per row (bias[m]) or per column (bias[n]).
 * M and K are constants, except the one that is the batch size (a dense layer's), which is
 * arg_m or arg_k, so that one kernel serves every batch size.
 *
 * One work-item computes a 8 × 32 tile with 8 × 32/16 float16 accumulators, so the inner
 * loop is 32/16 vector loads of B and 8 broadcasts of A feeding 8 × 32/16 fused
 * multiply-adds: explicit vectors, because PoCL does not vectorise across work-items when a
 * kernel has a loop. Rows past M read row M − 1 (always in bounds) and are not stored; a tile
 * that crosses N is done 16 columns at a time while they fit, then element by element. Row
 * tiles are the first work dimension, so consecutive work-groups share a panel of B (the
 * large operand of a convolution) while it is in cache.
 *
 * Storage (common.cl): A real, B real, C real; the sums are in the accumulators' type either way.
 *
 * Product M=(the batch) N=120 K=400 sums=1 A=rows; tiling 8x32/8 (default for CPUs). */
__kernel void gemm_b748b748_gemm(__global const real* A, const long a_off, __global const real* B, const long b_off,
                             __global real* C, const long c_off, __global const real* bias,
                             const int arg_m, const int arg_k) {
    const int m0 = get_global_id(0) * 8;
    const int n0 = get_global_id(1) * 32;
    const int z = get_global_id(2);
    __global const real* Az = A + a_off + (size_t)z * 0;
    __global const real* Bz = B + b_off + (size_t)z * 0;
    __global real* Cz = C + c_off + (size_t)z * 0;
    const int M = arg_m;
    const int K = 400;
    const int r0 = min(m0 + 0, M - 1);
    const int r1 = min(m0 + 1, M - 1);
    const int r2 = min(m0 + 2, M - 1);
    const int r3 = min(m0 + 3, M - 1);
    const int r4 = min(m0 + 4, M - 1);
    const int r5 = min(m0 + 5, M - 1);
    const int r6 = min(m0 + 6, M - 1);
    const int r7 = min(m0 + 7, M - 1);
    if (n0 + 32 <= 120) {
        float16 acc0_0 = (float16)0;
        float16 acc0_1 = (float16)0;
        float16 acc1_0 = (float16)0;
        float16 acc1_1 = (float16)0;
        float16 acc2_0 = (float16)0;
        float16 acc2_1 = (float16)0;
        float16 acc3_0 = (float16)0;
        float16 acc3_1 = (float16)0;
        float16 acc4_0 = (float16)0;
        float16 acc4_1 = (float16)0;
        float16 acc5_0 = (float16)0;
        float16 acc5_1 = (float16)0;
        float16 acc6_0 = (float16)0;
        float16 acc6_1 = (float16)0;
        float16 acc7_0 = (float16)0;
        float16 acc7_1 = (float16)0;
        for (int y = 0; y < 1; y++) {
            __global const real* Ay = Az + (size_t)y * 0;
            __global const real* By = Bz + (size_t)y * 0 + n0;
            for (int k = 0; k < K; k++) {
                __global const real* Bk = By + (size_t)k * 120;
                const float16 b0 = vload16(0, Bk);
                const float16 b1 = vload16(1, Bk);
                __global const real* Ak = Ay + (size_t)k * 1;
                const float16 a0 = (float16)(Ak[(size_t)r0 * 400]);
                acc0_0 = fma(a0, b0, acc0_0);
                acc0_1 = fma(a0, b1, acc0_1);
                const float16 a1 = (float16)(Ak[(size_t)r1 * 400]);
                acc1_0 = fma(a1, b0, acc1_0);
                acc1_1 = fma(a1, b1, acc1_1);
                const float16 a2 = (float16)(Ak[(size_t)r2 * 400]);
                acc2_0 = fma(a2, b0, acc2_0);
                acc2_1 = fma(a2, b1, acc2_1);
                const float16 a3 = (float16)(Ak[(size_t)r3 * 400]);
                acc3_0 = fma(a3, b0, acc3_0);
                acc3_1 = fma(a3, b1, acc3_1);
                const float16 a4 = (float16)(Ak[(size_t)r4 * 400]);
                acc4_0 = fma(a4, b0, acc4_0);
                acc4_1 = fma(a4, b1, acc4_1);
                const float16 a5 = (float16)(Ak[(size_t)r5 * 400]);
                acc5_0 = fma(a5, b0, acc5_0);
                acc5_1 = fma(a5, b1, acc5_1);
                const float16 a6 = (float16)(Ak[(size_t)r6 * 400]);
                acc6_0 = fma(a6, b0, acc6_0);
                acc6_1 = fma(a6, b1, acc6_1);
                const float16 a7 = (float16)(Ak[(size_t)r7 * 400]);
                acc7_0 = fma(a7, b0, acc7_0);
                acc7_1 = fma(a7, b1, acc7_1);
            }
        }
        if (m0 + 0 < M) {
            __global real* c = Cz + (size_t)r0 * 120 + n0;
            vstore16(((tanh(((acc0_0 + vload16(0, bias + n0)))))), 0, c);
            vstore16(((tanh(((acc0_1 + vload16(1, bias + n0)))))), 1, c);
        }
        if (m0 + 1 < M) {
            __global real* c = Cz + (size_t)r1 * 120 + n0;
            vstore16(((tanh(((acc1_0 + vload16(0, bias + n0)))))), 0, c);
            vstore16(((tanh(((acc1_1 + vload16(1, bias + n0)))))), 1, c);
        }
        if (m0 + 2 < M) {
            __global real* c = Cz + (size_t)r2 * 120 + n0;
            vstore16(((tanh(((acc2_0 + vload16(0, bias + n0)))))), 0, c);
            vstore16(((tanh(((acc2_1 + vload16(1, bias + n0)))))), 1, c);
        }
        if (m0 + 3 < M) {
            __global real* c = Cz + (size_t)r3 * 120 + n0;
            vstore16(((tanh(((acc3_0 + vload16(0, bias + n0)))))), 0, c);
            vstore16(((tanh(((acc3_1 + vload16(1, bias + n0)))))), 1, c);
        }
        if (m0 + 4 < M) {
            __global real* c = Cz + (size_t)r4 * 120 + n0;
            vstore16(((tanh(((acc4_0 + vload16(0, bias + n0)))))), 0, c);
            vstore16(((tanh(((acc4_1 + vload16(1, bias + n0)))))), 1, c);
        }
        if (m0 + 5 < M) {
            __global real* c = Cz + (size_t)r5 * 120 + n0;
            vstore16(((tanh(((acc5_0 + vload16(0, bias + n0)))))), 0, c);
            vstore16(((tanh(((acc5_1 + vload16(1, bias + n0)))))), 1, c);
        }
        if (m0 + 6 < M) {
            __global real* c = Cz + (size_t)r6 * 120 + n0;
            vstore16(((tanh(((acc6_0 + vload16(0, bias + n0)))))), 0, c);
            vstore16(((tanh(((acc6_1 + vload16(1, bias + n0)))))), 1, c);
        }
        if (m0 + 7 < M) {
            __global real* c = Cz + (size_t)r7 * 120 + n0;
            vstore16(((tanh(((acc7_0 + vload16(0, bias + n0)))))), 0, c);
            vstore16(((tanh(((acc7_1 + vload16(1, bias + n0)))))), 1, c);
        }
    } else {
        int n = n0;
        for (; n + 16 <= 120; n += 16) {
        float16 acc0_0 = (float16)0;
        float16 acc1_0 = (float16)0;
        float16 acc2_0 = (float16)0;
        float16 acc3_0 = (float16)0;
        float16 acc4_0 = (float16)0;
        float16 acc5_0 = (float16)0;
        float16 acc6_0 = (float16)0;
        float16 acc7_0 = (float16)0;
        for (int y = 0; y < 1; y++) {
            __global const real* Ay = Az + (size_t)y * 0;
            __global const real* By = Bz + (size_t)y * 0 + n;
            for (int k = 0; k < K; k++) {
                __global const real* Bk = By + (size_t)k * 120;
                const float16 b0 = vload16(0, Bk);
                __global const real* Ak = Ay + (size_t)k * 1;
                const float16 a0 = (float16)(Ak[(size_t)r0 * 400]);
                acc0_0 = fma(a0, b0, acc0_0);
                const float16 a1 = (float16)(Ak[(size_t)r1 * 400]);
                acc1_0 = fma(a1, b0, acc1_0);
                const float16 a2 = (float16)(Ak[(size_t)r2 * 400]);
                acc2_0 = fma(a2, b0, acc2_0);
                const float16 a3 = (float16)(Ak[(size_t)r3 * 400]);
                acc3_0 = fma(a3, b0, acc3_0);
                const float16 a4 = (float16)(Ak[(size_t)r4 * 400]);
                acc4_0 = fma(a4, b0, acc4_0);
                const float16 a5 = (float16)(Ak[(size_t)r5 * 400]);
                acc5_0 = fma(a5, b0, acc5_0);
                const float16 a6 = (float16)(Ak[(size_t)r6 * 400]);
                acc6_0 = fma(a6, b0, acc6_0);
                const float16 a7 = (float16)(Ak[(size_t)r7 * 400]);
                acc7_0 = fma(a7, b0, acc7_0);
            }
        }
        if (m0 + 0 < M) {
            __global real* c = Cz + (size_t)r0 * 120 + n;
            vstore16(((tanh(((acc0_0 + vload16(0, bias + n)))))), 0, c);
        }
        if (m0 + 1 < M) {
            __global real* c = Cz + (size_t)r1 * 120 + n;
            vstore16(((tanh(((acc1_0 + vload16(0, bias + n)))))), 0, c);
        }
        if (m0 + 2 < M) {
            __global real* c = Cz + (size_t)r2 * 120 + n;
            vstore16(((tanh(((acc2_0 + vload16(0, bias + n)))))), 0, c);
        }
        if (m0 + 3 < M) {
            __global real* c = Cz + (size_t)r3 * 120 + n;
            vstore16(((tanh(((acc3_0 + vload16(0, bias + n)))))), 0, c);
        }
        if (m0 + 4 < M) {
            __global real* c = Cz + (size_t)r4 * 120 + n;
            vstore16(((tanh(((acc4_0 + vload16(0, bias + n)))))), 0, c);
        }
        if (m0 + 5 < M) {
            __global real* c = Cz + (size_t)r5 * 120 + n;
            vstore16(((tanh(((acc5_0 + vload16(0, bias + n)))))), 0, c);
        }
        if (m0 + 6 < M) {
            __global real* c = Cz + (size_t)r6 * 120 + n;
            vstore16(((tanh(((acc6_0 + vload16(0, bias + n)))))), 0, c);
        }
        if (m0 + 7 < M) {
            __global real* c = Cz + (size_t)r7 * 120 + n;
            vstore16(((tanh(((acc7_0 + vload16(0, bias + n)))))), 0, c);
        }
        }
        {
            const int last = 119 - n;
            float16 acc0 = (float16)0;
            float16 acc1 = (float16)0;
            float16 acc2 = (float16)0;
            float16 acc3 = (float16)0;
            float16 acc4 = (float16)0;
            float16 acc5 = (float16)0;
            float16 acc6 = (float16)0;
            float16 acc7 = (float16)0;
            for (int y = 0; y < 1; y++) {
                __global const real* Ay = Az + (size_t)y * 0;
                __global const real* By = Bz + (size_t)y * 0 + n;
                for (int k = 0; k < K; k++) {
                    __global const real* Bk = By + (size_t)k * 120;
                    const float16 b0 = (float16)(Bk[min(0, last)], Bk[min(1, last)], Bk[min(2, last)], Bk[min(3, last)], Bk[min(4, last)], Bk[min(5, last)], Bk[min(6, last)], Bk[min(7, last)], Bk[min(8, last)], Bk[min(9, last)], Bk[min(10, last)], Bk[min(11, last)], Bk[min(12, last)], Bk[min(13, last)], Bk[min(14, last)], Bk[min(15, last)]);
                    __global const real* Ak = Ay + (size_t)k * 1;
                    acc0 = fma((float16)(Ak[(size_t)r0 * 400]), b0, acc0);
                    acc1 = fma((float16)(Ak[(size_t)r1 * 400]), b0, acc1);
                    acc2 = fma((float16)(Ak[(size_t)r2 * 400]), b0, acc2);
                    acc3 = fma((float16)(Ak[(size_t)r3 * 400]), b0, acc3);
                    acc4 = fma((float16)(Ak[(size_t)r4 * 400]), b0, acc4);
                    acc5 = fma((float16)(Ak[(size_t)r5 * 400]), b0, acc5);
                    acc6 = fma((float16)(Ak[(size_t)r6 * 400]), b0, acc6);
                    acc7 = fma((float16)(Ak[(size_t)r7 * 400]), b0, acc7);
                }
            }
            real lanes[16];
            if (m0 + 0 < M) {
                __global real* c = Cz + (size_t)r0 * 120 + n;
                vstore16(acc0, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = ((tanh(((lanes[i] + bias[n + i])))));
                }
            }
            if (m0 + 1 < M) {
                __global real* c = Cz + (size_t)r1 * 120 + n;
                vstore16(acc1, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = ((tanh(((lanes[i] + bias[n + i])))));
                }
            }
            if (m0 + 2 < M) {
                __global real* c = Cz + (size_t)r2 * 120 + n;
                vstore16(acc2, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = ((tanh(((lanes[i] + bias[n + i])))));
                }
            }
            if (m0 + 3 < M) {
                __global real* c = Cz + (size_t)r3 * 120 + n;
                vstore16(acc3, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = ((tanh(((lanes[i] + bias[n + i])))));
                }
            }
            if (m0 + 4 < M) {
                __global real* c = Cz + (size_t)r4 * 120 + n;
                vstore16(acc4, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = ((tanh(((lanes[i] + bias[n + i])))));
                }
            }
            if (m0 + 5 < M) {
                __global real* c = Cz + (size_t)r5 * 120 + n;
                vstore16(acc5, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = ((tanh(((lanes[i] + bias[n + i])))));
                }
            }
            if (m0 + 6 < M) {
                __global real* c = Cz + (size_t)r6 * 120 + n;
                vstore16(acc6, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = ((tanh(((lanes[i] + bias[n + i])))));
                }
            }
            if (m0 + 7 < M) {
                __global real* c = Cz + (size_t)r7 * 120 + n;
                vstore16(acc7, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = ((tanh(((lanes[i] + bias[n + i])))));
                }
            }
        }
    }
}

/* gemm: M=M N=84 K=120 SAM=120 SAK=1 LDB=84 AZ=0 BZ=0 CZ=0 ZSUM=1 AY=0 BY=0 TM=8 TN=32 V=float16 AT=real BT=real CT=real EPILOGUE_ARGS= */
/* C = op(A)·B (+ bias) (+ C when ACCUMULATE), register-blocked and vectorised along N:
 * C[z][m, n] = Σ_{y < 1} Σ_{k < 120} A[z][y][m·120 + k·1] · B[z][y][k·84 + n],
 * for m < M, n < 84, and z the third work dimension (a sample, or a group of samples).
 * B rows are contiguous along n; A is read one element at a time (any strides, so A may be a
 * transposed view). Strides between z (outer) and y (summed) blocks: A 0/0,
 * B 0/0, C 0; each matrix starts at its offset argument (elements), so one
 * kernel serves every chunk of a batch. A bias is per row (bias[m]) or per column (bias[n]).
 * M and K are constants, except the one that is the batch size (a dense layer's), which is
 * arg_m or arg_k, so that one kernel serves every batch size.
 *
 * One work-item computes a 8 × 32 tile with 8 × 32/16 float16 accumulators, so the inner
 * loop is 32/16 vector loads of B and 8 broadcasts of A feeding 8 × 32/16 fused
 * multiply-adds: explicit vectors, because PoCL does not vectorise across work-items when a
 * kernel has a loop. Rows past M read row M − 1 (always in bounds) and are not stored; a tile
 * that crosses N is done 16 columns at a time while they fit, then element by element. Row
 * tiles are the first work dimension, so consecutive work-groups share a panel of B (the
 * large operand of a convolution) while it is in cache.
 *
 * Storage (common.cl): A real, B real, C real; the sums are in the accumulators' type either way.
 *
 * Product M=(the batch) N=84 K=120 sums=1 A=rows; tiling 8x32/8 (default for CPUs). */
__kernel void gemm_e84ebfe3_gemm(__global const real* A, const long a_off, __global const real* B, const long b_off,
                             __global real* C, const long c_off, __global const real* bias,
                             const int arg_m, const int arg_k) {
    const int m0 = get_global_id(0) * 8;
    const int n0 = get_global_id(1) * 32;
    const int z = get_global_id(2);
    __global const real* Az = A + a_off + (size_t)z * 0;
    __global const real* Bz = B + b_off + (size_t)z * 0;
    __global real* Cz = C + c_off + (size_t)z * 0;
    const int M = arg_m;
    const int K = 120;
    const int r0 = min(m0 + 0, M - 1);
    const int r1 = min(m0 + 1, M - 1);
    const int r2 = min(m0 + 2, M - 1);
    const int r3 = min(m0 + 3, M - 1);
    const int r4 = min(m0 + 4, M - 1);
    const int r5 = min(m0 + 5, M - 1);
    const int r6 = min(m0 + 6, M - 1);
    const int r7 = min(m0 + 7, M - 1);
    if (n0 + 32 <= 84) {
        float16 acc0_0 = (float16)0;
        float16 acc0_1 = (float16)0;
        float16 acc1_0 = (float16)0;
        float16 acc1_1 = (float16)0;
        float16 acc2_0 = (float16)0;
        float16 acc2_1 = (float16)0;
        float16 acc3_0 = (float16)0;
        float16 acc3_1 = (float16)0;
        float16 acc4_0 = (float16)0;
        float16 acc4_1 = (float16)0;
        float16 acc5_0 = (float16)0;
        float16 acc5_1 = (float16)0;
        float16 acc6_0 = (float16)0;
        float16 acc6_1 = (float16)0;
        float16 acc7_0 = (float16)0;
        float16 acc7_1 = (float16)0;
        for (int y = 0; y < 1; y++) {
            __global const real* Ay = Az + (size_t)y * 0;
            __global const real* By = Bz + (size_t)y * 0 + n0;
            for (int k = 0; k < K; k++) {
                __global const real* Bk = By + (size_t)k * 84;
                const float16 b0 = vload16(0, Bk);
                const float16 b1 = vload16(1, Bk);
                __global const real* Ak = Ay + (size_t)k * 1;
                const float16 a0 = (float16)(Ak[(size_t)r0 * 120]);
                acc0_0 = fma(a0, b0, acc0_0);
                acc0_1 = fma(a0, b1, acc0_1);
                const float16 a1 = (float16)(Ak[(size_t)r1 * 120]);
                acc1_0 = fma(a1, b0, acc1_0);
                acc1_1 = fma(a1, b1, acc1_1);
                const float16 a2 = (float16)(Ak[(size_t)r2 * 120]);
                acc2_0 = fma(a2, b0, acc2_0);
                acc2_1 = fma(a2, b1, acc2_1);
                const float16 a3 = (float16)(Ak[(size_t)r3 * 120]);
                acc3_0 = fma(a3, b0, acc3_0);
                acc3_1 = fma(a3, b1, acc3_1);
                const float16 a4 = (float16)(Ak[(size_t)r4 * 120]);
                acc4_0 = fma(a4, b0, acc4_0);
                acc4_1 = fma(a4, b1, acc4_1);
                const float16 a5 = (float16)(Ak[(size_t)r5 * 120]);
                acc5_0 = fma(a5, b0, acc5_0);
                acc5_1 = fma(a5, b1, acc5_1);
                const float16 a6 = (float16)(Ak[(size_t)r6 * 120]);
                acc6_0 = fma(a6, b0, acc6_0);
                acc6_1 = fma(a6, b1, acc6_1);
                const float16 a7 = (float16)(Ak[(size_t)r7 * 120]);
                acc7_0 = fma(a7, b0, acc7_0);
                acc7_1 = fma(a7, b1, acc7_1);
            }
        }
        if (m0 + 0 < M) {
            __global real* c = Cz + (size_t)r0 * 84 + n0;
            vstore16(((tanh(((acc0_0 + vload16(0, bias + n0)))))), 0, c);
            vstore16(((tanh(((acc0_1 + vload16(1, bias + n0)))))), 1, c);
        }
        if (m0 + 1 < M) {
            __global real* c = Cz + (size_t)r1 * 84 + n0;
            vstore16(((tanh(((acc1_0 + vload16(0, bias + n0)))))), 0, c);
            vstore16(((tanh(((acc1_1 + vload16(1, bias + n0)))))), 1, c);
        }
        if (m0 + 2 < M) {
            __global real* c = Cz + (size_t)r2 * 84 + n0;
            vstore16(((tanh(((acc2_0 + vload16(0, bias + n0)))))), 0, c);
            vstore16(((tanh(((acc2_1 + vload16(1, bias + n0)))))), 1, c);
        }
        if (m0 + 3 < M) {
            __global real* c = Cz + (size_t)r3 * 84 + n0;
            vstore16(((tanh(((acc3_0 + vload16(0, bias + n0)))))), 0, c);
            vstore16(((tanh(((acc3_1 + vload16(1, bias + n0)))))), 1, c);
        }
        if (m0 + 4 < M) {
            __global real* c = Cz + (size_t)r4 * 84 + n0;
            vstore16(((tanh(((acc4_0 + vload16(0, bias + n0)))))), 0, c);
            vstore16(((tanh(((acc4_1 + vload16(1, bias + n0)))))), 1, c);
        }
        if (m0 + 5 < M) {
            __global real* c = Cz + (size_t)r5 * 84 + n0;
            vstore16(((tanh(((acc5_0 + vload16(0, bias + n0)))))), 0, c);
            vstore16(((tanh(((acc5_1 + vload16(1, bias + n0)))))), 1, c);
        }
        if (m0 + 6 < M) {
            __global real* c = Cz + (size_t)r6 * 84 + n0;
            vstore16(((tanh(((acc6_0 + vload16(0, bias + n0)))))), 0, c);
            vstore16(((tanh(((acc6_1 + vload16(1, bias + n0)))))), 1, c);
        }
        if (m0 + 7 < M) {
            __global real* c = Cz + (size_t)r7 * 84 + n0;
            vstore16(((tanh(((acc7_0 + vload16(0, bias + n0)))))), 0, c);
            vstore16(((tanh(((acc7_1 + vload16(1, bias + n0)))))), 1, c);
        }
    } else {
        int n = n0;
        for (; n + 16 <= 84; n += 16) {
        float16 acc0_0 = (float16)0;
        float16 acc1_0 = (float16)0;
        float16 acc2_0 = (float16)0;
        float16 acc3_0 = (float16)0;
        float16 acc4_0 = (float16)0;
        float16 acc5_0 = (float16)0;
        float16 acc6_0 = (float16)0;
        float16 acc7_0 = (float16)0;
        for (int y = 0; y < 1; y++) {
            __global const real* Ay = Az + (size_t)y * 0;
            __global const real* By = Bz + (size_t)y * 0 + n;
            for (int k = 0; k < K; k++) {
                __global const real* Bk = By + (size_t)k * 84;
                const float16 b0 = vload16(0, Bk);
                __global const real* Ak = Ay + (size_t)k * 1;
                const float16 a0 = (float16)(Ak[(size_t)r0 * 120]);
                acc0_0 = fma(a0, b0, acc0_0);
                const float16 a1 = (float16)(Ak[(size_t)r1 * 120]);
                acc1_0 = fma(a1, b0, acc1_0);
                const float16 a2 = (float16)(Ak[(size_t)r2 * 120]);
                acc2_0 = fma(a2, b0, acc2_0);
                const float16 a3 = (float16)(Ak[(size_t)r3 * 120]);
                acc3_0 = fma(a3, b0, acc3_0);
                const float16 a4 = (float16)(Ak[(size_t)r4 * 120]);
                acc4_0 = fma(a4, b0, acc4_0);
                const float16 a5 = (float16)(Ak[(size_t)r5 * 120]);
                acc5_0 = fma(a5, b0, acc5_0);
                const float16 a6 = (float16)(Ak[(size_t)r6 * 120]);
                acc6_0 = fma(a6, b0, acc6_0);
                const float16 a7 = (float16)(Ak[(size_t)r7 * 120]);
                acc7_0 = fma(a7, b0, acc7_0);
            }
        }
        if (m0 + 0 < M) {
            __global real* c = Cz + (size_t)r0 * 84 + n;
            vstore16(((tanh(((acc0_0 + vload16(0, bias + n)))))), 0, c);
        }
        if (m0 + 1 < M) {
            __global real* c = Cz + (size_t)r1 * 84 + n;
            vstore16(((tanh(((acc1_0 + vload16(0, bias + n)))))), 0, c);
        }
        if (m0 + 2 < M) {
            __global real* c = Cz + (size_t)r2 * 84 + n;
            vstore16(((tanh(((acc2_0 + vload16(0, bias + n)))))), 0, c);
        }
        if (m0 + 3 < M) {
            __global real* c = Cz + (size_t)r3 * 84 + n;
            vstore16(((tanh(((acc3_0 + vload16(0, bias + n)))))), 0, c);
        }
        if (m0 + 4 < M) {
            __global real* c = Cz + (size_t)r4 * 84 + n;
            vstore16(((tanh(((acc4_0 + vload16(0, bias + n)))))), 0, c);
        }
        if (m0 + 5 < M) {
            __global real* c = Cz + (size_t)r5 * 84 + n;
            vstore16(((tanh(((acc5_0 + vload16(0, bias + n)))))), 0, c);
        }
        if (m0 + 6 < M) {
            __global real* c = Cz + (size_t)r6 * 84 + n;
            vstore16(((tanh(((acc6_0 + vload16(0, bias + n)))))), 0, c);
        }
        if (m0 + 7 < M) {
            __global real* c = Cz + (size_t)r7 * 84 + n;
            vstore16(((tanh(((acc7_0 + vload16(0, bias + n)))))), 0, c);
        }
        }
        {
            const int last = 83 - n;
            float16 acc0 = (float16)0;
            float16 acc1 = (float16)0;
            float16 acc2 = (float16)0;
            float16 acc3 = (float16)0;
            float16 acc4 = (float16)0;
            float16 acc5 = (float16)0;
            float16 acc6 = (float16)0;
            float16 acc7 = (float16)0;
            for (int y = 0; y < 1; y++) {
                __global const real* Ay = Az + (size_t)y * 0;
                __global const real* By = Bz + (size_t)y * 0 + n;
                for (int k = 0; k < K; k++) {
                    __global const real* Bk = By + (size_t)k * 84;
                    const float16 b0 = (float16)(Bk[min(0, last)], Bk[min(1, last)], Bk[min(2, last)], Bk[min(3, last)], Bk[min(4, last)], Bk[min(5, last)], Bk[min(6, last)], Bk[min(7, last)], Bk[min(8, last)], Bk[min(9, last)], Bk[min(10, last)], Bk[min(11, last)], Bk[min(12, last)], Bk[min(13, last)], Bk[min(14, last)], Bk[min(15, last)]);
                    __global const real* Ak = Ay + (size_t)k * 1;
                    acc0 = fma((float16)(Ak[(size_t)r0 * 120]), b0, acc0);
                    acc1 = fma((float16)(Ak[(size_t)r1 * 120]), b0, acc1);
                    acc2 = fma((float16)(Ak[(size_t)r2 * 120]), b0, acc2);
                    acc3 = fma((float16)(Ak[(size_t)r3 * 120]), b0, acc3);
                    acc4 = fma((float16)(Ak[(size_t)r4 * 120]), b0, acc4);
                    acc5 = fma((float16)(Ak[(size_t)r5 * 120]), b0, acc5);
                    acc6 = fma((float16)(Ak[(size_t)r6 * 120]), b0, acc6);
                    acc7 = fma((float16)(Ak[(size_t)r7 * 120]), b0, acc7);
                }
            }
            real lanes[16];
            if (m0 + 0 < M) {
                __global real* c = Cz + (size_t)r0 * 84 + n;
                vstore16(acc0, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = ((tanh(((lanes[i] + bias[n + i])))));
                }
            }
            if (m0 + 1 < M) {
                __global real* c = Cz + (size_t)r1 * 84 + n;
                vstore16(acc1, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = ((tanh(((lanes[i] + bias[n + i])))));
                }
            }
            if (m0 + 2 < M) {
                __global real* c = Cz + (size_t)r2 * 84 + n;
                vstore16(acc2, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = ((tanh(((lanes[i] + bias[n + i])))));
                }
            }
            if (m0 + 3 < M) {
                __global real* c = Cz + (size_t)r3 * 84 + n;
                vstore16(acc3, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = ((tanh(((lanes[i] + bias[n + i])))));
                }
            }
            if (m0 + 4 < M) {
                __global real* c = Cz + (size_t)r4 * 84 + n;
                vstore16(acc4, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = ((tanh(((lanes[i] + bias[n + i])))));
                }
            }
            if (m0 + 5 < M) {
                __global real* c = Cz + (size_t)r5 * 84 + n;
                vstore16(acc5, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = ((tanh(((lanes[i] + bias[n + i])))));
                }
            }
            if (m0 + 6 < M) {
                __global real* c = Cz + (size_t)r6 * 84 + n;
                vstore16(acc6, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = ((tanh(((lanes[i] + bias[n + i])))));
                }
            }
            if (m0 + 7 < M) {
                __global real* c = Cz + (size_t)r7 * 84 + n;
                vstore16(acc7, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = ((tanh(((lanes[i] + bias[n + i])))));
                }
            }
        }
    }
}

/* gemm: M=M N=10 K=84 SAM=84 SAK=1 LDB=10 AZ=0 BZ=0 CZ=0 ZSUM=1 AY=0 BY=0 TM=8 TN=32 V=float16 AT=real BT=real CT=real EPILOGUE_ARGS= */
/* C = op(A)·B (+ bias) (+ C when ACCUMULATE), register-blocked and vectorised along N:
 * C[z][m, n] = Σ_{y < 1} Σ_{k < 84} A[z][y][m·84 + k·1] · B[z][y][k·10 + n],
 * for m < M, n < 10, and z the third work dimension (a sample, or a group of samples).
 * B rows are contiguous along n; A is read one element at a time (any strides, so A may be a
 * transposed view). Strides between z (outer) and y (summed) blocks: A 0/0,
 * B 0/0, C 0; each matrix starts at its offset argument (elements), so one
 * kernel serves every chunk of a batch. A bias is per row (bias[m]) or per column (bias[n]).
 * M and K are constants, except the one that is the batch size (a dense layer's), which is
 * arg_m or arg_k, so that one kernel serves every batch size.
 *
 * One work-item computes a 8 × 32 tile with 8 × 32/16 float16 accumulators, so the inner
 * loop is 32/16 vector loads of B and 8 broadcasts of A feeding 8 × 32/16 fused
 * multiply-adds: explicit vectors, because PoCL does not vectorise across work-items when a
 * kernel has a loop. Rows past M read row M − 1 (always in bounds) and are not stored; a tile
 * that crosses N is done 16 columns at a time while they fit, then element by element. Row
 * tiles are the first work dimension, so consecutive work-groups share a panel of B (the
 * large operand of a convolution) while it is in cache.
 *
 * Storage (common.cl): A real, B real, C real; the sums are in the accumulators' type either way.
 *
 * Product M=(the batch) N=10 K=84 sums=1 A=rows; tiling 8x32/8 (default for CPUs). */
__kernel void gemm_353efda5_gemm(__global const real* A, const long a_off, __global const real* B, const long b_off,
                             __global real* C, const long c_off, __global const real* bias,
                             const int arg_m, const int arg_k) {
    const int m0 = get_global_id(0) * 8;
    const int n0 = get_global_id(1) * 32;
    const int z = get_global_id(2);
    __global const real* Az = A + a_off + (size_t)z * 0;
    __global const real* Bz = B + b_off + (size_t)z * 0;
    __global real* Cz = C + c_off + (size_t)z * 0;
    const int M = arg_m;
    const int K = 84;
    const int r0 = min(m0 + 0, M - 1);
    const int r1 = min(m0 + 1, M - 1);
    const int r2 = min(m0 + 2, M - 1);
    const int r3 = min(m0 + 3, M - 1);
    const int r4 = min(m0 + 4, M - 1);
    const int r5 = min(m0 + 5, M - 1);
    const int r6 = min(m0 + 6, M - 1);
    const int r7 = min(m0 + 7, M - 1);
    if (n0 + 32 <= 10) {
        float16 acc0_0 = (float16)0;
        float16 acc0_1 = (float16)0;
        float16 acc1_0 = (float16)0;
        float16 acc1_1 = (float16)0;
        float16 acc2_0 = (float16)0;
        float16 acc2_1 = (float16)0;
        float16 acc3_0 = (float16)0;
        float16 acc3_1 = (float16)0;
        float16 acc4_0 = (float16)0;
        float16 acc4_1 = (float16)0;
        float16 acc5_0 = (float16)0;
        float16 acc5_1 = (float16)0;
        float16 acc6_0 = (float16)0;
        float16 acc6_1 = (float16)0;
        float16 acc7_0 = (float16)0;
        float16 acc7_1 = (float16)0;
        for (int y = 0; y < 1; y++) {
            __global const real* Ay = Az + (size_t)y * 0;
            __global const real* By = Bz + (size_t)y * 0 + n0;
            for (int k = 0; k < K; k++) {
                __global const real* Bk = By + (size_t)k * 10;
                const float16 b0 = vload16(0, Bk);
                const float16 b1 = vload16(1, Bk);
                __global const real* Ak = Ay + (size_t)k * 1;
                const float16 a0 = (float16)(Ak[(size_t)r0 * 84]);
                acc0_0 = fma(a0, b0, acc0_0);
                acc0_1 = fma(a0, b1, acc0_1);
                const float16 a1 = (float16)(Ak[(size_t)r1 * 84]);
                acc1_0 = fma(a1, b0, acc1_0);
                acc1_1 = fma(a1, b1, acc1_1);
                const float16 a2 = (float16)(Ak[(size_t)r2 * 84]);
                acc2_0 = fma(a2, b0, acc2_0);
                acc2_1 = fma(a2, b1, acc2_1);
                const float16 a3 = (float16)(Ak[(size_t)r3 * 84]);
                acc3_0 = fma(a3, b0, acc3_0);
                acc3_1 = fma(a3, b1, acc3_1);
                const float16 a4 = (float16)(Ak[(size_t)r4 * 84]);
                acc4_0 = fma(a4, b0, acc4_0);
                acc4_1 = fma(a4, b1, acc4_1);
                const float16 a5 = (float16)(Ak[(size_t)r5 * 84]);
                acc5_0 = fma(a5, b0, acc5_0);
                acc5_1 = fma(a5, b1, acc5_1);
                const float16 a6 = (float16)(Ak[(size_t)r6 * 84]);
                acc6_0 = fma(a6, b0, acc6_0);
                acc6_1 = fma(a6, b1, acc6_1);
                const float16 a7 = (float16)(Ak[(size_t)r7 * 84]);
                acc7_0 = fma(a7, b0, acc7_0);
                acc7_1 = fma(a7, b1, acc7_1);
            }
        }
        if (m0 + 0 < M) {
            __global real* c = Cz + (size_t)r0 * 10 + n0;
            vstore16(acc0_0 + vload16(0, bias + n0), 0, c);
            vstore16(acc0_1 + vload16(1, bias + n0), 1, c);
        }
        if (m0 + 1 < M) {
            __global real* c = Cz + (size_t)r1 * 10 + n0;
            vstore16(acc1_0 + vload16(0, bias + n0), 0, c);
            vstore16(acc1_1 + vload16(1, bias + n0), 1, c);
        }
        if (m0 + 2 < M) {
            __global real* c = Cz + (size_t)r2 * 10 + n0;
            vstore16(acc2_0 + vload16(0, bias + n0), 0, c);
            vstore16(acc2_1 + vload16(1, bias + n0), 1, c);
        }
        if (m0 + 3 < M) {
            __global real* c = Cz + (size_t)r3 * 10 + n0;
            vstore16(acc3_0 + vload16(0, bias + n0), 0, c);
            vstore16(acc3_1 + vload16(1, bias + n0), 1, c);
        }
        if (m0 + 4 < M) {
            __global real* c = Cz + (size_t)r4 * 10 + n0;
            vstore16(acc4_0 + vload16(0, bias + n0), 0, c);
            vstore16(acc4_1 + vload16(1, bias + n0), 1, c);
        }
        if (m0 + 5 < M) {
            __global real* c = Cz + (size_t)r5 * 10 + n0;
            vstore16(acc5_0 + vload16(0, bias + n0), 0, c);
            vstore16(acc5_1 + vload16(1, bias + n0), 1, c);
        }
        if (m0 + 6 < M) {
            __global real* c = Cz + (size_t)r6 * 10 + n0;
            vstore16(acc6_0 + vload16(0, bias + n0), 0, c);
            vstore16(acc6_1 + vload16(1, bias + n0), 1, c);
        }
        if (m0 + 7 < M) {
            __global real* c = Cz + (size_t)r7 * 10 + n0;
            vstore16(acc7_0 + vload16(0, bias + n0), 0, c);
            vstore16(acc7_1 + vload16(1, bias + n0), 1, c);
        }
    } else {
        int n = n0;
        {
            const int last = 9 - n;
            float16 acc0 = (float16)0;
            float16 acc1 = (float16)0;
            float16 acc2 = (float16)0;
            float16 acc3 = (float16)0;
            float16 acc4 = (float16)0;
            float16 acc5 = (float16)0;
            float16 acc6 = (float16)0;
            float16 acc7 = (float16)0;
            for (int y = 0; y < 1; y++) {
                __global const real* Ay = Az + (size_t)y * 0;
                __global const real* By = Bz + (size_t)y * 0 + n;
                for (int k = 0; k < K; k++) {
                    __global const real* Bk = By + (size_t)k * 10;
                    const float16 b0 = (float16)(Bk[min(0, last)], Bk[min(1, last)], Bk[min(2, last)], Bk[min(3, last)], Bk[min(4, last)], Bk[min(5, last)], Bk[min(6, last)], Bk[min(7, last)], Bk[min(8, last)], Bk[min(9, last)], Bk[min(10, last)], Bk[min(11, last)], Bk[min(12, last)], Bk[min(13, last)], Bk[min(14, last)], Bk[min(15, last)]);
                    __global const real* Ak = Ay + (size_t)k * 1;
                    acc0 = fma((float16)(Ak[(size_t)r0 * 84]), b0, acc0);
                    acc1 = fma((float16)(Ak[(size_t)r1 * 84]), b0, acc1);
                    acc2 = fma((float16)(Ak[(size_t)r2 * 84]), b0, acc2);
                    acc3 = fma((float16)(Ak[(size_t)r3 * 84]), b0, acc3);
                    acc4 = fma((float16)(Ak[(size_t)r4 * 84]), b0, acc4);
                    acc5 = fma((float16)(Ak[(size_t)r5 * 84]), b0, acc5);
                    acc6 = fma((float16)(Ak[(size_t)r6 * 84]), b0, acc6);
                    acc7 = fma((float16)(Ak[(size_t)r7 * 84]), b0, acc7);
                }
            }
            real lanes[16];
            if (m0 + 0 < M) {
                __global real* c = Cz + (size_t)r0 * 10 + n;
                vstore16(acc0, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i] + bias[n + i];
                }
            }
            if (m0 + 1 < M) {
                __global real* c = Cz + (size_t)r1 * 10 + n;
                vstore16(acc1, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i] + bias[n + i];
                }
            }
            if (m0 + 2 < M) {
                __global real* c = Cz + (size_t)r2 * 10 + n;
                vstore16(acc2, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i] + bias[n + i];
                }
            }
            if (m0 + 3 < M) {
                __global real* c = Cz + (size_t)r3 * 10 + n;
                vstore16(acc3, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i] + bias[n + i];
                }
            }
            if (m0 + 4 < M) {
                __global real* c = Cz + (size_t)r4 * 10 + n;
                vstore16(acc4, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i] + bias[n + i];
                }
            }
            if (m0 + 5 < M) {
                __global real* c = Cz + (size_t)r5 * 10 + n;
                vstore16(acc5, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i] + bias[n + i];
                }
            }
            if (m0 + 6 < M) {
                __global real* c = Cz + (size_t)r6 * 10 + n;
                vstore16(acc6, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i] + bias[n + i];
                }
            }
            if (m0 + 7 < M) {
                __global real* c = Cz + (size_t)r7 * 10 + n;
                vstore16(acc7, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i] + bias[n + i];
                }
            }
        }
    }
}

/* ==== unit zero for zero_param_grads: 1 kernel ==== */

/* cnnc_zero_tensors16 */

/* zeroes up to 16 parameter gradients, each a run of whole work-groups of 64 × 16 */
__kernel void cnnc_zero_tensors16(__global real* g0, __global real* g1, __global real* g2, __global real* g3, __global real* g4, __global real* g5, __global real* g6, __global real* g7, __global real* g8, __global real* g9, __global real* g10, __global real* g11, __global real* g12, __global real* g13, __global real* g14, __global real* g15, const ulong e0, const ulong n0, const ulong e1, const ulong n1, const ulong e2, const ulong n2, const ulong e3, const ulong n3, const ulong e4, const ulong n4, const ulong e5, const ulong n5, const ulong e6, const ulong n6, const ulong e7, const ulong n7, const ulong e8, const ulong n8, const ulong e9, const ulong n9, const ulong e10, const ulong n10, const ulong e11, const ulong n11, const ulong e12, const ulong n12, const ulong e13, const ulong n13, const ulong e14, const ulong n14, const ulong e15, const ulong n15) {
    const size_t group = get_group_id(0);
    if (group < e0) {
        const size_t first = (get_global_id(0) - 0 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n0); i++) {
            g0[i] = (real)0;
        }
    } else if (group < e1) {
        const size_t first = (get_global_id(0) - e0 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n1); i++) {
            g1[i] = (real)0;
        }
    } else if (group < e2) {
        const size_t first = (get_global_id(0) - e1 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n2); i++) {
            g2[i] = (real)0;
        }
    } else if (group < e3) {
        const size_t first = (get_global_id(0) - e2 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n3); i++) {
            g3[i] = (real)0;
        }
    } else if (group < e4) {
        const size_t first = (get_global_id(0) - e3 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n4); i++) {
            g4[i] = (real)0;
        }
    } else if (group < e5) {
        const size_t first = (get_global_id(0) - e4 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n5); i++) {
            g5[i] = (real)0;
        }
    } else if (group < e6) {
        const size_t first = (get_global_id(0) - e5 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n6); i++) {
            g6[i] = (real)0;
        }
    } else if (group < e7) {
        const size_t first = (get_global_id(0) - e6 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n7); i++) {
            g7[i] = (real)0;
        }
    } else if (group < e8) {
        const size_t first = (get_global_id(0) - e7 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n8); i++) {
            g8[i] = (real)0;
        }
    } else if (group < e9) {
        const size_t first = (get_global_id(0) - e8 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n9); i++) {
            g9[i] = (real)0;
        }
    } else if (group < e10) {
        const size_t first = (get_global_id(0) - e9 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n10); i++) {
            g10[i] = (real)0;
        }
    } else if (group < e11) {
        const size_t first = (get_global_id(0) - e10 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n11); i++) {
            g11[i] = (real)0;
        }
    } else if (group < e12) {
        const size_t first = (get_global_id(0) - e11 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n12); i++) {
            g12[i] = (real)0;
        }
    } else if (group < e13) {
        const size_t first = (get_global_id(0) - e12 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n13); i++) {
            g13[i] = (real)0;
        }
    } else if (group < e14) {
        const size_t first = (get_global_id(0) - e13 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n14); i++) {
            g14[i] = (real)0;
        }
    } else if (group < e15) {
        const size_t first = (get_global_id(0) - e14 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n15); i++) {
            g15[i] = (real)0;
        }
    }
}

/* ==== unit softmax_cross_entropy for loss: 1 kernel ==== */

/* softmax_cross_entropy: K=10 SMOOTH=0.0f ONE_MINUS_SMOOTH=1.0f SMOOTH_PER_CLASS=0.0f */
/* Softmax cross-entropy with label smoothing 0.0f, one work-item per sample; stable (max
 * subtracted). z: [N, 10] logits, y: [N] labels, loss: [N] per-sample loss
 * l = -sum_k t_k log p_k with t = (1 - smoothing) onehot(y) + smoothing / 10,
 * dz: [N, 10] gradient of the batch mean times the loss scale, (p - t) loss_scale / N, added
 * (loss_scale: 1, or the scale of mixed-precision training; the loss itself is not scaled). */
__kernel void softmax_cross_entropy_dfb07be6_forward_backward(__global const real* z, __global const int* y,
                                         __global real* loss, __global real* dz, const int N,
                                         const real loss_scale) {
    const int n = get_global_id(0);
    __global const real* zn = z + n * 10;
    real m = zn[0];
    for (int k = 1; k < 10; k++) {
        m = fmax(m, zn[k]);
    }
    real sum = (real)0;
    for (int k = 0; k < 10; k++) {
        sum += exp(zn[k] - m);
    }
    const real logSum = log(sum);
    const int label = y[n];
    real l = (real)0;
    for (int k = 0; k < 10; k++) {
        const real target = (k == label ? 1.0f : (real)0) + 0.0f;
        const real logP = zn[k] - m - logSum;
        l -= target * logP;
        dz[n * 10 + k] += (exp(logP) - target) * (loss_scale / (real)N);
    }
    loss[n] = l;
}

/* ==== unit gemm for backward: 6 kernels ==== */

/* gemm: M=M N=84 K=10 SAM=10 SAK=1 LDB=84 AZ=0 BZ=0 CZ=0 ZSUM=1 AY=0 BY=0 TM=8 TN=32 V=float16 AT=real BT=real CT=real EPILOGUE_ARGS= */
/* C = op(A)·B (+ bias) (+ C when ACCUMULATE), register-blocked and vectorised along N:
 * C[z][m, n] = Σ_{y < 1} Σ_{k < 10} A[z][y][m·10 + k·1] · B[z][y][k·84 + n],
 * for m < M, n < 84, and z the third work dimension (a sample, or a group of samples).
 * B rows are contiguous along n; A is read one element at a time (any strides, so A may be a
 * transposed view). Strides between z (outer) and y (summed) blocks: A 0/0,
 * B 0/0, C 0; each matrix starts at its offset argument (elements), so one
 * kernel serves every chunk of a batch. A bias is per row (bias[m]) or per column (bias[n]).
 * M and K are constants, except the one that is the batch size (a dense layer's), which is
 * arg_m or arg_k, so that one kernel serves every batch size.
 *
 * One work-item computes a 8 × 32 tile with 8 × 32/16 float16 accumulators, so the inner
 * loop is 32/16 vector loads of B and 8 broadcasts of A feeding 8 × 32/16 fused
 * multiply-adds: explicit vectors, because PoCL does not vectorise across work-items when a
 * kernel has a loop. Rows past M read row M − 1 (always in bounds) and are not stored; a tile
 * that crosses N is done 16 columns at a time while they fit, then element by element. Row
 * tiles are the first work dimension, so consecutive work-groups share a panel of B (the
 * large operand of a convolution) while it is in cache.
 *
 * Storage (common.cl): A real, B real, C real; the sums are in the accumulators' type either way.
 *
 * Product M=(the batch) N=84 K=10 sums=1 A=rows; tiling 8x32/8 (default for CPUs). */
__kernel void gemm_bc21aa6b_gemm(__global const real* A, const long a_off, __global const real* B, const long b_off,
                             __global real* C, const long c_off, __global const real* bias,
                             const int arg_m, const int arg_k) {
    const int m0 = get_global_id(0) * 8;
    const int n0 = get_global_id(1) * 32;
    const int z = get_global_id(2);
    __global const real* Az = A + a_off + (size_t)z * 0;
    __global const real* Bz = B + b_off + (size_t)z * 0;
    __global real* Cz = C + c_off + (size_t)z * 0;
    const int M = arg_m;
    const int K = 10;
    const int r0 = min(m0 + 0, M - 1);
    const int r1 = min(m0 + 1, M - 1);
    const int r2 = min(m0 + 2, M - 1);
    const int r3 = min(m0 + 3, M - 1);
    const int r4 = min(m0 + 4, M - 1);
    const int r5 = min(m0 + 5, M - 1);
    const int r6 = min(m0 + 6, M - 1);
    const int r7 = min(m0 + 7, M - 1);
    if (n0 + 32 <= 84) {
        float16 acc0_0 = (float16)0;
        float16 acc0_1 = (float16)0;
        float16 acc1_0 = (float16)0;
        float16 acc1_1 = (float16)0;
        float16 acc2_0 = (float16)0;
        float16 acc2_1 = (float16)0;
        float16 acc3_0 = (float16)0;
        float16 acc3_1 = (float16)0;
        float16 acc4_0 = (float16)0;
        float16 acc4_1 = (float16)0;
        float16 acc5_0 = (float16)0;
        float16 acc5_1 = (float16)0;
        float16 acc6_0 = (float16)0;
        float16 acc6_1 = (float16)0;
        float16 acc7_0 = (float16)0;
        float16 acc7_1 = (float16)0;
        for (int y = 0; y < 1; y++) {
            __global const real* Ay = Az + (size_t)y * 0;
            __global const real* By = Bz + (size_t)y * 0 + n0;
            for (int k = 0; k < K; k++) {
                __global const real* Bk = By + (size_t)k * 84;
                const float16 b0 = vload16(0, Bk);
                const float16 b1 = vload16(1, Bk);
                __global const real* Ak = Ay + (size_t)k * 1;
                const float16 a0 = (float16)(Ak[(size_t)r0 * 10]);
                acc0_0 = fma(a0, b0, acc0_0);
                acc0_1 = fma(a0, b1, acc0_1);
                const float16 a1 = (float16)(Ak[(size_t)r1 * 10]);
                acc1_0 = fma(a1, b0, acc1_0);
                acc1_1 = fma(a1, b1, acc1_1);
                const float16 a2 = (float16)(Ak[(size_t)r2 * 10]);
                acc2_0 = fma(a2, b0, acc2_0);
                acc2_1 = fma(a2, b1, acc2_1);
                const float16 a3 = (float16)(Ak[(size_t)r3 * 10]);
                acc3_0 = fma(a3, b0, acc3_0);
                acc3_1 = fma(a3, b1, acc3_1);
                const float16 a4 = (float16)(Ak[(size_t)r4 * 10]);
                acc4_0 = fma(a4, b0, acc4_0);
                acc4_1 = fma(a4, b1, acc4_1);
                const float16 a5 = (float16)(Ak[(size_t)r5 * 10]);
                acc5_0 = fma(a5, b0, acc5_0);
                acc5_1 = fma(a5, b1, acc5_1);
                const float16 a6 = (float16)(Ak[(size_t)r6 * 10]);
                acc6_0 = fma(a6, b0, acc6_0);
                acc6_1 = fma(a6, b1, acc6_1);
                const float16 a7 = (float16)(Ak[(size_t)r7 * 10]);
                acc7_0 = fma(a7, b0, acc7_0);
                acc7_1 = fma(a7, b1, acc7_1);
            }
        }
        if (m0 + 0 < M) {
            __global real* c = Cz + (size_t)r0 * 84 + n0;
            vstore16(acc0_0, 0, c);
            vstore16(acc0_1, 1, c);
        }
        if (m0 + 1 < M) {
            __global real* c = Cz + (size_t)r1 * 84 + n0;
            vstore16(acc1_0, 0, c);
            vstore16(acc1_1, 1, c);
        }
        if (m0 + 2 < M) {
            __global real* c = Cz + (size_t)r2 * 84 + n0;
            vstore16(acc2_0, 0, c);
            vstore16(acc2_1, 1, c);
        }
        if (m0 + 3 < M) {
            __global real* c = Cz + (size_t)r3 * 84 + n0;
            vstore16(acc3_0, 0, c);
            vstore16(acc3_1, 1, c);
        }
        if (m0 + 4 < M) {
            __global real* c = Cz + (size_t)r4 * 84 + n0;
            vstore16(acc4_0, 0, c);
            vstore16(acc4_1, 1, c);
        }
        if (m0 + 5 < M) {
            __global real* c = Cz + (size_t)r5 * 84 + n0;
            vstore16(acc5_0, 0, c);
            vstore16(acc5_1, 1, c);
        }
        if (m0 + 6 < M) {
            __global real* c = Cz + (size_t)r6 * 84 + n0;
            vstore16(acc6_0, 0, c);
            vstore16(acc6_1, 1, c);
        }
        if (m0 + 7 < M) {
            __global real* c = Cz + (size_t)r7 * 84 + n0;
            vstore16(acc7_0, 0, c);
            vstore16(acc7_1, 1, c);
        }
    } else {
        int n = n0;
        for (; n + 16 <= 84; n += 16) {
        float16 acc0_0 = (float16)0;
        float16 acc1_0 = (float16)0;
        float16 acc2_0 = (float16)0;
        float16 acc3_0 = (float16)0;
        float16 acc4_0 = (float16)0;
        float16 acc5_0 = (float16)0;
        float16 acc6_0 = (float16)0;
        float16 acc7_0 = (float16)0;
        for (int y = 0; y < 1; y++) {
            __global const real* Ay = Az + (size_t)y * 0;
            __global const real* By = Bz + (size_t)y * 0 + n;
            for (int k = 0; k < K; k++) {
                __global const real* Bk = By + (size_t)k * 84;
                const float16 b0 = vload16(0, Bk);
                __global const real* Ak = Ay + (size_t)k * 1;
                const float16 a0 = (float16)(Ak[(size_t)r0 * 10]);
                acc0_0 = fma(a0, b0, acc0_0);
                const float16 a1 = (float16)(Ak[(size_t)r1 * 10]);
                acc1_0 = fma(a1, b0, acc1_0);
                const float16 a2 = (float16)(Ak[(size_t)r2 * 10]);
                acc2_0 = fma(a2, b0, acc2_0);
                const float16 a3 = (float16)(Ak[(size_t)r3 * 10]);
                acc3_0 = fma(a3, b0, acc3_0);
                const float16 a4 = (float16)(Ak[(size_t)r4 * 10]);
                acc4_0 = fma(a4, b0, acc4_0);
                const float16 a5 = (float16)(Ak[(size_t)r5 * 10]);
                acc5_0 = fma(a5, b0, acc5_0);
                const float16 a6 = (float16)(Ak[(size_t)r6 * 10]);
                acc6_0 = fma(a6, b0, acc6_0);
                const float16 a7 = (float16)(Ak[(size_t)r7 * 10]);
                acc7_0 = fma(a7, b0, acc7_0);
            }
        }
        if (m0 + 0 < M) {
            __global real* c = Cz + (size_t)r0 * 84 + n;
            vstore16(acc0_0, 0, c);
        }
        if (m0 + 1 < M) {
            __global real* c = Cz + (size_t)r1 * 84 + n;
            vstore16(acc1_0, 0, c);
        }
        if (m0 + 2 < M) {
            __global real* c = Cz + (size_t)r2 * 84 + n;
            vstore16(acc2_0, 0, c);
        }
        if (m0 + 3 < M) {
            __global real* c = Cz + (size_t)r3 * 84 + n;
            vstore16(acc3_0, 0, c);
        }
        if (m0 + 4 < M) {
            __global real* c = Cz + (size_t)r4 * 84 + n;
            vstore16(acc4_0, 0, c);
        }
        if (m0 + 5 < M) {
            __global real* c = Cz + (size_t)r5 * 84 + n;
            vstore16(acc5_0, 0, c);
        }
        if (m0 + 6 < M) {
            __global real* c = Cz + (size_t)r6 * 84 + n;
            vstore16(acc6_0, 0, c);
        }
        if (m0 + 7 < M) {
            __global real* c = Cz + (size_t)r7 * 84 + n;
            vstore16(acc7_0, 0, c);
        }
        }
        {
            const int last = 83 - n;
            float16 acc0 = (float16)0;
            float16 acc1 = (float16)0;
            float16 acc2 = (float16)0;
            float16 acc3 = (float16)0;
            float16 acc4 = (float16)0;
            float16 acc5 = (float16)0;
            float16 acc6 = (float16)0;
            float16 acc7 = (float16)0;
            for (int y = 0; y < 1; y++) {
                __global const real* Ay = Az + (size_t)y * 0;
                __global const real* By = Bz + (size_t)y * 0 + n;
                for (int k = 0; k < K; k++) {
                    __global const real* Bk = By + (size_t)k * 84;
                    const float16 b0 = (float16)(Bk[min(0, last)], Bk[min(1, last)], Bk[min(2, last)], Bk[min(3, last)], Bk[min(4, last)], Bk[min(5, last)], Bk[min(6, last)], Bk[min(7, last)], Bk[min(8, last)], Bk[min(9, last)], Bk[min(10, last)], Bk[min(11, last)], Bk[min(12, last)], Bk[min(13, last)], Bk[min(14, last)], Bk[min(15, last)]);
                    __global const real* Ak = Ay + (size_t)k * 1;
                    acc0 = fma((float16)(Ak[(size_t)r0 * 10]), b0, acc0);
                    acc1 = fma((float16)(Ak[(size_t)r1 * 10]), b0, acc1);
                    acc2 = fma((float16)(Ak[(size_t)r2 * 10]), b0, acc2);
                    acc3 = fma((float16)(Ak[(size_t)r3 * 10]), b0, acc3);
                    acc4 = fma((float16)(Ak[(size_t)r4 * 10]), b0, acc4);
                    acc5 = fma((float16)(Ak[(size_t)r5 * 10]), b0, acc5);
                    acc6 = fma((float16)(Ak[(size_t)r6 * 10]), b0, acc6);
                    acc7 = fma((float16)(Ak[(size_t)r7 * 10]), b0, acc7);
                }
            }
            real lanes[16];
            if (m0 + 0 < M) {
                __global real* c = Cz + (size_t)r0 * 84 + n;
                vstore16(acc0, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i];
                }
            }
            if (m0 + 1 < M) {
                __global real* c = Cz + (size_t)r1 * 84 + n;
                vstore16(acc1, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i];
                }
            }
            if (m0 + 2 < M) {
                __global real* c = Cz + (size_t)r2 * 84 + n;
                vstore16(acc2, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i];
                }
            }
            if (m0 + 3 < M) {
                __global real* c = Cz + (size_t)r3 * 84 + n;
                vstore16(acc3, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i];
                }
            }
            if (m0 + 4 < M) {
                __global real* c = Cz + (size_t)r4 * 84 + n;
                vstore16(acc4, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i];
                }
            }
            if (m0 + 5 < M) {
                __global real* c = Cz + (size_t)r5 * 84 + n;
                vstore16(acc5, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i];
                }
            }
            if (m0 + 6 < M) {
                __global real* c = Cz + (size_t)r6 * 84 + n;
                vstore16(acc6, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i];
                }
            }
            if (m0 + 7 < M) {
                __global real* c = Cz + (size_t)r7 * 84 + n;
                vstore16(acc7, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i];
                }
            }
        }
    }
}

/* gemm: M=10 N=84 K=K SAM=1 SAK=10 LDB=84 AZ=0 BZ=0 CZ=0 ZSUM=1 AY=0 BY=0 TM=8 TN=32 V=float16 AT=real BT=real CT=real EPILOGUE_ARGS= */
/* C = op(A)·B (+ bias) (+ C when ACCUMULATE), register-blocked and vectorised along N:
 * C[z][m, n] = Σ_{y < 1} Σ_{k < K} A[z][y][m·1 + k·10] · B[z][y][k·84 + n],
 * for m < 10, n < 84, and z the third work dimension (a sample, or a group of samples).
 * B rows are contiguous along n; A is read one element at a time (any strides, so A may be a
 * transposed view). Strides between z (outer) and y (summed) blocks: A 0/0,
 * B 0/0, C 0; each matrix starts at its offset argument (elements), so one
 * kernel serves every chunk of a batch. A bias is per row (bias[m]) or per column (bias[n]).
 * M and K are constants, except the one that is the batch size (a dense layer's), which is
 * arg_m or arg_k, so that one kernel serves every batch size.
 *
 * One work-item computes a 8 × 32 tile with 8 × 32/16 float16 accumulators, so the inner
 * loop is 32/16 vector loads of B and 8 broadcasts of A feeding 8 × 32/16 fused
 * multiply-adds: explicit vectors, because PoCL does not vectorise across work-items when a
 * kernel has a loop. Rows past M read row M − 1 (always in bounds) and are not stored; a tile
 * that crosses N is done 16 columns at a time while they fit, then element by element. Row
 * tiles are the first work dimension, so consecutive work-groups share a panel of B (the
 * large operand of a convolution) while it is in cache.
 *
 * Storage (common.cl): A real, B real, C real; the sums are in the accumulators' type either way.
 *
 * Product M=10 N=84 K=(the batch) sums=1 A=cols; tiling 8x32/8 (default for CPUs). */
__kernel void gemm_cac52c87_gemm(__global const real* A, const long a_off, __global const real* B, const long b_off,
                             __global real* C, const long c_off, __global const real* bias,
                             const int arg_m, const int arg_k) {
    const int m0 = get_global_id(0) * 8;
    const int n0 = get_global_id(1) * 32;
    const int z = get_global_id(2);
    __global const real* Az = A + a_off + (size_t)z * 0;
    __global const real* Bz = B + b_off + (size_t)z * 0;
    __global real* Cz = C + c_off + (size_t)z * 0;
    const int M = 10;
    const int K = arg_k;
    const int r0 = min(m0 + 0, M - 1);
    const int r1 = min(m0 + 1, M - 1);
    const int r2 = min(m0 + 2, M - 1);
    const int r3 = min(m0 + 3, M - 1);
    const int r4 = min(m0 + 4, M - 1);
    const int r5 = min(m0 + 5, M - 1);
    const int r6 = min(m0 + 6, M - 1);
    const int r7 = min(m0 + 7, M - 1);
    if (n0 + 32 <= 84) {
        float16 acc0_0 = (float16)0;
        float16 acc0_1 = (float16)0;
        float16 acc1_0 = (float16)0;
        float16 acc1_1 = (float16)0;
        float16 acc2_0 = (float16)0;
        float16 acc2_1 = (float16)0;
        float16 acc3_0 = (float16)0;
        float16 acc3_1 = (float16)0;
        float16 acc4_0 = (float16)0;
        float16 acc4_1 = (float16)0;
        float16 acc5_0 = (float16)0;
        float16 acc5_1 = (float16)0;
        float16 acc6_0 = (float16)0;
        float16 acc6_1 = (float16)0;
        float16 acc7_0 = (float16)0;
        float16 acc7_1 = (float16)0;
        for (int y = 0; y < 1; y++) {
            __global const real* Ay = Az + (size_t)y * 0;
            __global const real* By = Bz + (size_t)y * 0 + n0;
            for (int k = 0; k < K; k++) {
                __global const real* Bk = By + (size_t)k * 84;
                const float16 b0 = vload16(0, Bk);
                const float16 b1 = vload16(1, Bk);
                __global const real* Ak = Ay + (size_t)k * 10;
                const float16 a0 = (float16)(Ak[(size_t)r0 * 1]);
                acc0_0 = fma(a0, b0, acc0_0);
                acc0_1 = fma(a0, b1, acc0_1);
                const float16 a1 = (float16)(Ak[(size_t)r1 * 1]);
                acc1_0 = fma(a1, b0, acc1_0);
                acc1_1 = fma(a1, b1, acc1_1);
                const float16 a2 = (float16)(Ak[(size_t)r2 * 1]);
                acc2_0 = fma(a2, b0, acc2_0);
                acc2_1 = fma(a2, b1, acc2_1);
                const float16 a3 = (float16)(Ak[(size_t)r3 * 1]);
                acc3_0 = fma(a3, b0, acc3_0);
                acc3_1 = fma(a3, b1, acc3_1);
                const float16 a4 = (float16)(Ak[(size_t)r4 * 1]);
                acc4_0 = fma(a4, b0, acc4_0);
                acc4_1 = fma(a4, b1, acc4_1);
                const float16 a5 = (float16)(Ak[(size_t)r5 * 1]);
                acc5_0 = fma(a5, b0, acc5_0);
                acc5_1 = fma(a5, b1, acc5_1);
                const float16 a6 = (float16)(Ak[(size_t)r6 * 1]);
                acc6_0 = fma(a6, b0, acc6_0);
                acc6_1 = fma(a6, b1, acc6_1);
                const float16 a7 = (float16)(Ak[(size_t)r7 * 1]);
                acc7_0 = fma(a7, b0, acc7_0);
                acc7_1 = fma(a7, b1, acc7_1);
            }
        }
        if (m0 + 0 < M) {
            __global real* c = Cz + (size_t)r0 * 84 + n0;
            vstore16(vload16(0, c) + acc0_0, 0, c);
            vstore16(vload16(1, c) + acc0_1, 1, c);
        }
        if (m0 + 1 < M) {
            __global real* c = Cz + (size_t)r1 * 84 + n0;
            vstore16(vload16(0, c) + acc1_0, 0, c);
            vstore16(vload16(1, c) + acc1_1, 1, c);
        }
        if (m0 + 2 < M) {
            __global real* c = Cz + (size_t)r2 * 84 + n0;
            vstore16(vload16(0, c) + acc2_0, 0, c);
            vstore16(vload16(1, c) + acc2_1, 1, c);
        }
        if (m0 + 3 < M) {
            __global real* c = Cz + (size_t)r3 * 84 + n0;
            vstore16(vload16(0, c) + acc3_0, 0, c);
            vstore16(vload16(1, c) + acc3_1, 1, c);
        }
        if (m0 + 4 < M) {
            __global real* c = Cz + (size_t)r4 * 84 + n0;
            vstore16(vload16(0, c) + acc4_0, 0, c);
            vstore16(vload16(1, c) + acc4_1, 1, c);
        }
        if (m0 + 5 < M) {
            __global real* c = Cz + (size_t)r5 * 84 + n0;
            vstore16(vload16(0, c) + acc5_0, 0, c);
            vstore16(vload16(1, c) + acc5_1, 1, c);
        }
        if (m0 + 6 < M) {
            __global real* c = Cz + (size_t)r6 * 84 + n0;
            vstore16(vload16(0, c) + acc6_0, 0, c);
            vstore16(vload16(1, c) + acc6_1, 1, c);
        }
        if (m0 + 7 < M) {
            __global real* c = Cz + (size_t)r7 * 84 + n0;
            vstore16(vload16(0, c) + acc7_0, 0, c);
            vstore16(vload16(1, c) + acc7_1, 1, c);
        }
    } else {
        int n = n0;
        for (; n + 16 <= 84; n += 16) {
        float16 acc0_0 = (float16)0;
        float16 acc1_0 = (float16)0;
        float16 acc2_0 = (float16)0;
        float16 acc3_0 = (float16)0;
        float16 acc4_0 = (float16)0;
        float16 acc5_0 = (float16)0;
        float16 acc6_0 = (float16)0;
        float16 acc7_0 = (float16)0;
        for (int y = 0; y < 1; y++) {
            __global const real* Ay = Az + (size_t)y * 0;
            __global const real* By = Bz + (size_t)y * 0 + n;
            for (int k = 0; k < K; k++) {
                __global const real* Bk = By + (size_t)k * 84;
                const float16 b0 = vload16(0, Bk);
                __global const real* Ak = Ay + (size_t)k * 10;
                const float16 a0 = (float16)(Ak[(size_t)r0 * 1]);
                acc0_0 = fma(a0, b0, acc0_0);
                const float16 a1 = (float16)(Ak[(size_t)r1 * 1]);
                acc1_0 = fma(a1, b0, acc1_0);
                const float16 a2 = (float16)(Ak[(size_t)r2 * 1]);
                acc2_0 = fma(a2, b0, acc2_0);
                const float16 a3 = (float16)(Ak[(size_t)r3 * 1]);
                acc3_0 = fma(a3, b0, acc3_0);
                const float16 a4 = (float16)(Ak[(size_t)r4 * 1]);
                acc4_0 = fma(a4, b0, acc4_0);
                const float16 a5 = (float16)(Ak[(size_t)r5 * 1]);
                acc5_0 = fma(a5, b0, acc5_0);
                const float16 a6 = (float16)(Ak[(size_t)r6 * 1]);
                acc6_0 = fma(a6, b0, acc6_0);
                const float16 a7 = (float16)(Ak[(size_t)r7 * 1]);
                acc7_0 = fma(a7, b0, acc7_0);
            }
        }
        if (m0 + 0 < M) {
            __global real* c = Cz + (size_t)r0 * 84 + n;
            vstore16(vload16(0, c) + acc0_0, 0, c);
        }
        if (m0 + 1 < M) {
            __global real* c = Cz + (size_t)r1 * 84 + n;
            vstore16(vload16(0, c) + acc1_0, 0, c);
        }
        if (m0 + 2 < M) {
            __global real* c = Cz + (size_t)r2 * 84 + n;
            vstore16(vload16(0, c) + acc2_0, 0, c);
        }
        if (m0 + 3 < M) {
            __global real* c = Cz + (size_t)r3 * 84 + n;
            vstore16(vload16(0, c) + acc3_0, 0, c);
        }
        if (m0 + 4 < M) {
            __global real* c = Cz + (size_t)r4 * 84 + n;
            vstore16(vload16(0, c) + acc4_0, 0, c);
        }
        if (m0 + 5 < M) {
            __global real* c = Cz + (size_t)r5 * 84 + n;
            vstore16(vload16(0, c) + acc5_0, 0, c);
        }
        if (m0 + 6 < M) {
            __global real* c = Cz + (size_t)r6 * 84 + n;
            vstore16(vload16(0, c) + acc6_0, 0, c);
        }
        if (m0 + 7 < M) {
            __global real* c = Cz + (size_t)r7 * 84 + n;
            vstore16(vload16(0, c) + acc7_0, 0, c);
        }
        }
        {
            const int last = 83 - n;
            float16 acc0 = (float16)0;
            float16 acc1 = (float16)0;
            float16 acc2 = (float16)0;
            float16 acc3 = (float16)0;
            float16 acc4 = (float16)0;
            float16 acc5 = (float16)0;
            float16 acc6 = (float16)0;
            float16 acc7 = (float16)0;
            for (int y = 0; y < 1; y++) {
                __global const real* Ay = Az + (size_t)y * 0;
                __global const real* By = Bz + (size_t)y * 0 + n;
                for (int k = 0; k < K; k++) {
                    __global const real* Bk = By + (size_t)k * 84;
                    const float16 b0 = (float16)(Bk[min(0, last)], Bk[min(1, last)], Bk[min(2, last)], Bk[min(3, last)], Bk[min(4, last)], Bk[min(5, last)], Bk[min(6, last)], Bk[min(7, last)], Bk[min(8, last)], Bk[min(9, last)], Bk[min(10, last)], Bk[min(11, last)], Bk[min(12, last)], Bk[min(13, last)], Bk[min(14, last)], Bk[min(15, last)]);
                    __global const real* Ak = Ay + (size_t)k * 10;
                    acc0 = fma((float16)(Ak[(size_t)r0 * 1]), b0, acc0);
                    acc1 = fma((float16)(Ak[(size_t)r1 * 1]), b0, acc1);
                    acc2 = fma((float16)(Ak[(size_t)r2 * 1]), b0, acc2);
                    acc3 = fma((float16)(Ak[(size_t)r3 * 1]), b0, acc3);
                    acc4 = fma((float16)(Ak[(size_t)r4 * 1]), b0, acc4);
                    acc5 = fma((float16)(Ak[(size_t)r5 * 1]), b0, acc5);
                    acc6 = fma((float16)(Ak[(size_t)r6 * 1]), b0, acc6);
                    acc7 = fma((float16)(Ak[(size_t)r7 * 1]), b0, acc7);
                }
            }
            real lanes[16];
            if (m0 + 0 < M) {
                __global real* c = Cz + (size_t)r0 * 84 + n;
                vstore16(acc0, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = c[i] + lanes[i];
                }
            }
            if (m0 + 1 < M) {
                __global real* c = Cz + (size_t)r1 * 84 + n;
                vstore16(acc1, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = c[i] + lanes[i];
                }
            }
            if (m0 + 2 < M) {
                __global real* c = Cz + (size_t)r2 * 84 + n;
                vstore16(acc2, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = c[i] + lanes[i];
                }
            }
            if (m0 + 3 < M) {
                __global real* c = Cz + (size_t)r3 * 84 + n;
                vstore16(acc3, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = c[i] + lanes[i];
                }
            }
            if (m0 + 4 < M) {
                __global real* c = Cz + (size_t)r4 * 84 + n;
                vstore16(acc4, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = c[i] + lanes[i];
                }
            }
            if (m0 + 5 < M) {
                __global real* c = Cz + (size_t)r5 * 84 + n;
                vstore16(acc5, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = c[i] + lanes[i];
                }
            }
            if (m0 + 6 < M) {
                __global real* c = Cz + (size_t)r6 * 84 + n;
                vstore16(acc6, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = c[i] + lanes[i];
                }
            }
            if (m0 + 7 < M) {
                __global real* c = Cz + (size_t)r7 * 84 + n;
                vstore16(acc7, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = c[i] + lanes[i];
                }
            }
        }
    }
}

/* gemm: M=M N=120 K=84 SAM=84 SAK=1 LDB=120 AZ=0 BZ=0 CZ=0 ZSUM=1 AY=0 BY=0 TM=8 TN=32 V=float16 AT=real BT=real CT=real EPILOGUE_ARGS= */
/* C = op(A)·B (+ bias) (+ C when ACCUMULATE), register-blocked and vectorised along N:
 * C[z][m, n] = Σ_{y < 1} Σ_{k < 84} A[z][y][m·84 + k·1] · B[z][y][k·120 + n],
 * for m < M, n < 120, and z the third work dimension (a sample, or a group of samples).
 * B rows are contiguous along n; A is read one element at a time (any strides, so A may be a
 * transposed view). Strides between z (outer) and y (summed) blocks: A 0/0,
 * B 0/0, C 0; each matrix starts at its offset argument (elements), so one
 * kernel serves every chunk of a batch. A bias is per row (bias[m]) or per column (bias[n]).
 * M and K are constants, except the one that is the batch size (a dense layer's), which is
 * arg_m or arg_k, so that one kernel serves every batch size.
 *
 * One work-item computes a 8 × 32 tile with 8 × 32/16 float16 accumulators, so the inner
 * loop is 32/16 vector loads of B and 8 broadcasts of A feeding 8 × 32/16 fused
 * multiply-adds: explicit vectors, because PoCL does not vectorise across work-items when a
 * kernel has a loop. Rows past M read row M − 1 (always in bounds) and are not stored; a tile
 * that crosses N is done 16 columns at a time while they fit, then element by element. Row
 * tiles are the first work dimension, so consecutive work-groups share a panel of B (the
 * large operand of a convolution) while it is in cache.
 *
 * Storage (common.cl): A real, B real, C real; the sums are in the accumulators' type either way.
 *
 * Product M=(the batch) N=120 K=84 sums=1 A=rows; tiling 8x32/8 (default for CPUs). */
__kernel void gemm_6f0c745d_gemm(__global const real* A, const long a_off, __global const real* B, const long b_off,
                             __global real* C, const long c_off, __global const real* bias,
                             const int arg_m, const int arg_k) {
    const int m0 = get_global_id(0) * 8;
    const int n0 = get_global_id(1) * 32;
    const int z = get_global_id(2);
    __global const real* Az = A + a_off + (size_t)z * 0;
    __global const real* Bz = B + b_off + (size_t)z * 0;
    __global real* Cz = C + c_off + (size_t)z * 0;
    const int M = arg_m;
    const int K = 84;
    const int r0 = min(m0 + 0, M - 1);
    const int r1 = min(m0 + 1, M - 1);
    const int r2 = min(m0 + 2, M - 1);
    const int r3 = min(m0 + 3, M - 1);
    const int r4 = min(m0 + 4, M - 1);
    const int r5 = min(m0 + 5, M - 1);
    const int r6 = min(m0 + 6, M - 1);
    const int r7 = min(m0 + 7, M - 1);
    if (n0 + 32 <= 120) {
        float16 acc0_0 = (float16)0;
        float16 acc0_1 = (float16)0;
        float16 acc1_0 = (float16)0;
        float16 acc1_1 = (float16)0;
        float16 acc2_0 = (float16)0;
        float16 acc2_1 = (float16)0;
        float16 acc3_0 = (float16)0;
        float16 acc3_1 = (float16)0;
        float16 acc4_0 = (float16)0;
        float16 acc4_1 = (float16)0;
        float16 acc5_0 = (float16)0;
        float16 acc5_1 = (float16)0;
        float16 acc6_0 = (float16)0;
        float16 acc6_1 = (float16)0;
        float16 acc7_0 = (float16)0;
        float16 acc7_1 = (float16)0;
        for (int y = 0; y < 1; y++) {
            __global const real* Ay = Az + (size_t)y * 0;
            __global const real* By = Bz + (size_t)y * 0 + n0;
            for (int k = 0; k < K; k++) {
                __global const real* Bk = By + (size_t)k * 120;
                const float16 b0 = vload16(0, Bk);
                const float16 b1 = vload16(1, Bk);
                __global const real* Ak = Ay + (size_t)k * 1;
                const float16 a0 = (float16)(Ak[(size_t)r0 * 84]);
                acc0_0 = fma(a0, b0, acc0_0);
                acc0_1 = fma(a0, b1, acc0_1);
                const float16 a1 = (float16)(Ak[(size_t)r1 * 84]);
                acc1_0 = fma(a1, b0, acc1_0);
                acc1_1 = fma(a1, b1, acc1_1);
                const float16 a2 = (float16)(Ak[(size_t)r2 * 84]);
                acc2_0 = fma(a2, b0, acc2_0);
                acc2_1 = fma(a2, b1, acc2_1);
                const float16 a3 = (float16)(Ak[(size_t)r3 * 84]);
                acc3_0 = fma(a3, b0, acc3_0);
                acc3_1 = fma(a3, b1, acc3_1);
                const float16 a4 = (float16)(Ak[(size_t)r4 * 84]);
                acc4_0 = fma(a4, b0, acc4_0);
                acc4_1 = fma(a4, b1, acc4_1);
                const float16 a5 = (float16)(Ak[(size_t)r5 * 84]);
                acc5_0 = fma(a5, b0, acc5_0);
                acc5_1 = fma(a5, b1, acc5_1);
                const float16 a6 = (float16)(Ak[(size_t)r6 * 84]);
                acc6_0 = fma(a6, b0, acc6_0);
                acc6_1 = fma(a6, b1, acc6_1);
                const float16 a7 = (float16)(Ak[(size_t)r7 * 84]);
                acc7_0 = fma(a7, b0, acc7_0);
                acc7_1 = fma(a7, b1, acc7_1);
            }
        }
        if (m0 + 0 < M) {
            __global real* c = Cz + (size_t)r0 * 120 + n0;
            vstore16(acc0_0, 0, c);
            vstore16(acc0_1, 1, c);
        }
        if (m0 + 1 < M) {
            __global real* c = Cz + (size_t)r1 * 120 + n0;
            vstore16(acc1_0, 0, c);
            vstore16(acc1_1, 1, c);
        }
        if (m0 + 2 < M) {
            __global real* c = Cz + (size_t)r2 * 120 + n0;
            vstore16(acc2_0, 0, c);
            vstore16(acc2_1, 1, c);
        }
        if (m0 + 3 < M) {
            __global real* c = Cz + (size_t)r3 * 120 + n0;
            vstore16(acc3_0, 0, c);
            vstore16(acc3_1, 1, c);
        }
        if (m0 + 4 < M) {
            __global real* c = Cz + (size_t)r4 * 120 + n0;
            vstore16(acc4_0, 0, c);
            vstore16(acc4_1, 1, c);
        }
        if (m0 + 5 < M) {
            __global real* c = Cz + (size_t)r5 * 120 + n0;
            vstore16(acc5_0, 0, c);
            vstore16(acc5_1, 1, c);
        }
        if (m0 + 6 < M) {
            __global real* c = Cz + (size_t)r6 * 120 + n0;
            vstore16(acc6_0, 0, c);
            vstore16(acc6_1, 1, c);
        }
        if (m0 + 7 < M) {
            __global real* c = Cz + (size_t)r7 * 120 + n0;
            vstore16(acc7_0, 0, c);
            vstore16(acc7_1, 1, c);
        }
    } else {
        int n = n0;
        for (; n + 16 <= 120; n += 16) {
        float16 acc0_0 = (float16)0;
        float16 acc1_0 = (float16)0;
        float16 acc2_0 = (float16)0;
        float16 acc3_0 = (float16)0;
        float16 acc4_0 = (float16)0;
        float16 acc5_0 = (float16)0;
        float16 acc6_0 = (float16)0;
        float16 acc7_0 = (float16)0;
        for (int y = 0; y < 1; y++) {
            __global const real* Ay = Az + (size_t)y * 0;
            __global const real* By = Bz + (size_t)y * 0 + n;
            for (int k = 0; k < K; k++) {
                __global const real* Bk = By + (size_t)k * 120;
                const float16 b0 = vload16(0, Bk);
                __global const real* Ak = Ay + (size_t)k * 1;
                const float16 a0 = (float16)(Ak[(size_t)r0 * 84]);
                acc0_0 = fma(a0, b0, acc0_0);
                const float16 a1 = (float16)(Ak[(size_t)r1 * 84]);
                acc1_0 = fma(a1, b0, acc1_0);
                const float16 a2 = (float16)(Ak[(size_t)r2 * 84]);
                acc2_0 = fma(a2, b0, acc2_0);
                const float16 a3 = (float16)(Ak[(size_t)r3 * 84]);
                acc3_0 = fma(a3, b0, acc3_0);
                const float16 a4 = (float16)(Ak[(size_t)r4 * 84]);
                acc4_0 = fma(a4, b0, acc4_0);
                const float16 a5 = (float16)(Ak[(size_t)r5 * 84]);
                acc5_0 = fma(a5, b0, acc5_0);
                const float16 a6 = (float16)(Ak[(size_t)r6 * 84]);
                acc6_0 = fma(a6, b0, acc6_0);
                const float16 a7 = (float16)(Ak[(size_t)r7 * 84]);
                acc7_0 = fma(a7, b0, acc7_0);
            }
        }
        if (m0 + 0 < M) {
            __global real* c = Cz + (size_t)r0 * 120 + n;
            vstore16(acc0_0, 0, c);
        }
        if (m0 + 1 < M) {
            __global real* c = Cz + (size_t)r1 * 120 + n;
            vstore16(acc1_0, 0, c);
        }
        if (m0 + 2 < M) {
            __global real* c = Cz + (size_t)r2 * 120 + n;
            vstore16(acc2_0, 0, c);
        }
        if (m0 + 3 < M) {
            __global real* c = Cz + (size_t)r3 * 120 + n;
            vstore16(acc3_0, 0, c);
        }
        if (m0 + 4 < M) {
            __global real* c = Cz + (size_t)r4 * 120 + n;
            vstore16(acc4_0, 0, c);
        }
        if (m0 + 5 < M) {
            __global real* c = Cz + (size_t)r5 * 120 + n;
            vstore16(acc5_0, 0, c);
        }
        if (m0 + 6 < M) {
            __global real* c = Cz + (size_t)r6 * 120 + n;
            vstore16(acc6_0, 0, c);
        }
        if (m0 + 7 < M) {
            __global real* c = Cz + (size_t)r7 * 120 + n;
            vstore16(acc7_0, 0, c);
        }
        }
        {
            const int last = 119 - n;
            float16 acc0 = (float16)0;
            float16 acc1 = (float16)0;
            float16 acc2 = (float16)0;
            float16 acc3 = (float16)0;
            float16 acc4 = (float16)0;
            float16 acc5 = (float16)0;
            float16 acc6 = (float16)0;
            float16 acc7 = (float16)0;
            for (int y = 0; y < 1; y++) {
                __global const real* Ay = Az + (size_t)y * 0;
                __global const real* By = Bz + (size_t)y * 0 + n;
                for (int k = 0; k < K; k++) {
                    __global const real* Bk = By + (size_t)k * 120;
                    const float16 b0 = (float16)(Bk[min(0, last)], Bk[min(1, last)], Bk[min(2, last)], Bk[min(3, last)], Bk[min(4, last)], Bk[min(5, last)], Bk[min(6, last)], Bk[min(7, last)], Bk[min(8, last)], Bk[min(9, last)], Bk[min(10, last)], Bk[min(11, last)], Bk[min(12, last)], Bk[min(13, last)], Bk[min(14, last)], Bk[min(15, last)]);
                    __global const real* Ak = Ay + (size_t)k * 1;
                    acc0 = fma((float16)(Ak[(size_t)r0 * 84]), b0, acc0);
                    acc1 = fma((float16)(Ak[(size_t)r1 * 84]), b0, acc1);
                    acc2 = fma((float16)(Ak[(size_t)r2 * 84]), b0, acc2);
                    acc3 = fma((float16)(Ak[(size_t)r3 * 84]), b0, acc3);
                    acc4 = fma((float16)(Ak[(size_t)r4 * 84]), b0, acc4);
                    acc5 = fma((float16)(Ak[(size_t)r5 * 84]), b0, acc5);
                    acc6 = fma((float16)(Ak[(size_t)r6 * 84]), b0, acc6);
                    acc7 = fma((float16)(Ak[(size_t)r7 * 84]), b0, acc7);
                }
            }
            real lanes[16];
            if (m0 + 0 < M) {
                __global real* c = Cz + (size_t)r0 * 120 + n;
                vstore16(acc0, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i];
                }
            }
            if (m0 + 1 < M) {
                __global real* c = Cz + (size_t)r1 * 120 + n;
                vstore16(acc1, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i];
                }
            }
            if (m0 + 2 < M) {
                __global real* c = Cz + (size_t)r2 * 120 + n;
                vstore16(acc2, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i];
                }
            }
            if (m0 + 3 < M) {
                __global real* c = Cz + (size_t)r3 * 120 + n;
                vstore16(acc3, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i];
                }
            }
            if (m0 + 4 < M) {
                __global real* c = Cz + (size_t)r4 * 120 + n;
                vstore16(acc4, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i];
                }
            }
            if (m0 + 5 < M) {
                __global real* c = Cz + (size_t)r5 * 120 + n;
                vstore16(acc5, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i];
                }
            }
            if (m0 + 6 < M) {
                __global real* c = Cz + (size_t)r6 * 120 + n;
                vstore16(acc6, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i];
                }
            }
            if (m0 + 7 < M) {
                __global real* c = Cz + (size_t)r7 * 120 + n;
                vstore16(acc7, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = lanes[i];
                }
            }
        }
    }
}

/* gemm: M=84 N=120 K=K SAM=1 SAK=84 LDB=120 AZ=0 BZ=0 CZ=0 ZSUM=1 AY=0 BY=0 TM=8 TN=32 V=float16 AT=real BT=real CT=real EPILOGUE_ARGS= */
/* C = op(A)·B (+ bias) (+ C when ACCUMULATE), register-blocked and vectorised along N:
 * C[z][m, n] = Σ_{y < 1} Σ_{k < K} A[z][y][m·1 + k·84] · B[z][y][k·120 + n],
 * for m < 84, n < 120, and z the third work dimension (a sample, or a group of samples).
 * B rows are contiguous along n; A is read one element at a time (any strides, so A may be a
 * transposed view). Strides between z (outer) and y (summed) blocks: A 0/0,
 * B 0/0, C 0; each matrix starts at its offset argument (elements), so one
 * kernel serves every chunk of a batch. A bias is per row (bias[m]) or per column (bias[n]).
 * M and K are constants, except the one that is the batch size (a dense layer's), which is
 * arg_m or arg_k, so that one kernel serves every batch size.
 *
 * One work-item computes a 8 × 32 tile with 8 × 32/16 float16 accumulators, so the inner
 * loop is 32/16 vector loads of B and 8 broadcasts of A feeding 8 × 32/16 fused
 * multiply-adds: explicit vectors, because PoCL does not vectorise across work-items when a
 * kernel has a loop. Rows past M read row M − 1 (always in bounds) and are not stored; a tile
 * that crosses N is done 16 columns at a time while they fit, then element by element. Row
 * tiles are the first work dimension, so consecutive work-groups share a panel of B (the
 * large operand of a convolution) while it is in cache.
 *
 * Storage (common.cl): A real, B real, C real; the sums are in the accumulators' type either way.
 *
 * Product M=84 N=120 K=(the batch) sums=1 A=cols; tiling 8x32/8 (default for CPUs). */
__kernel void gemm_1fb8bff3_gemm(__global const real* A, const long a_off, __global const real* B, const long b_off,
                             __global real* C, const long c_off, __global const real* bias,
                             const int arg_m, const int arg_k) {
    const int m0 = get_global_id(0) * 8;
    const int n0 = get_global_id(1) * 32;
    const int z = get_global_id(2);
    __global const real* Az = A + a_off + (size_t)z * 0;
    __global const real* Bz = B + b_off + (size_t)z * 0;
    __global real* Cz = C + c_off + (size_t)z * 0;
    const int M = 84;
    const int K = arg_k;
    const int r0 = min(m0 + 0, M - 1);
    const int r1 = min(m0 + 1, M - 1);
    const int r2 = min(m0 + 2, M - 1);
    const int r3 = min(m0 + 3, M - 1);
    const int r4 = min(m0 + 4, M - 1);
    const int r5 = min(m0 + 5, M - 1);
    const int r6 = min(m0 + 6, M - 1);
    const int r7 = min(m0 + 7, M - 1);
    if (n0 + 32 <= 120) {
        float16 acc0_0 = (float16)0;
        float16 acc0_1 = (float16)0;
        float16 acc1_0 = (float16)0;
        float16 acc1_1 = (float16)0;
        float16 acc2_0 = (float16)0;
        float16 acc2_1 = (float16)0;
        float16 acc3_0 = (float16)0;
        float16 acc3_1 = (float16)0;
        float16 acc4_0 = (float16)0;
        float16 acc4_1 = (float16)0;
        float16 acc5_0 = (float16)0;
        float16 acc5_1 = (float16)0;
        float16 acc6_0 = (float16)0;
        float16 acc6_1 = (float16)0;
        float16 acc7_0 = (float16)0;
        float16 acc7_1 = (float16)0;
        for (int y = 0; y < 1; y++) {
            __global const real* Ay = Az + (size_t)y * 0;
            __global const real* By = Bz + (size_t)y * 0 + n0;
            for (int k = 0; k < K; k++) {
                __global const real* Bk = By + (size_t)k * 120;
                const float16 b0 = vload16(0, Bk);
                const float16 b1 = vload16(1, Bk);
                __global const real* Ak = Ay + (size_t)k * 84;
                const float16 a0 = (float16)(Ak[(size_t)r0 * 1]);
                acc0_0 = fma(a0, b0, acc0_0);
                acc0_1 = fma(a0, b1, acc0_1);
                const float16 a1 = (float16)(Ak[(size_t)r1 * 1]);
                acc1_0 = fma(a1, b0, acc1_0);
                acc1_1 = fma(a1, b1, acc1_1);
                const float16 a2 = (float16)(Ak[(size_t)r2 * 1]);
                acc2_0 = fma(a2, b0, acc2_0);
                acc2_1 = fma(a2, b1, acc2_1);
                const float16 a3 = (float16)(Ak[(size_t)r3 * 1]);
                acc3_0 = fma(a3, b0, acc3_0);
                acc3_1 = fma(a3, b1, acc3_1);
                const float16 a4 = (float16)(Ak[(size_t)r4 * 1]);
                acc4_0 = fma(a4, b0, acc4_0);
                acc4_1 = fma(a4, b1, acc4_1);
                const float16 a5 = (float16)(Ak[(size_t)r5 * 1]);
                acc5_0 = fma(a5, b0, acc5_0);
                acc5_1 = fma(a5, b1, acc5_1);
                const float16 a6 = (float16)(Ak[(size_t)r6 * 1]);
                acc6_0 = fma(a6, b0, acc6_0);
                acc6_1 = fma(a6, b1, acc6_1);
                const float16 a7 = (float16)(Ak[(size_t)r7 * 1]);
                acc7_0 = fma(a7, b0, acc7_0);
                acc7_1 = fma(a7, b1, acc7_1);
            }
        }
        if (m0 + 0 < M) {
            __global real* c = Cz + (size_t)r0 * 120 + n0;
            vstore16(vload16(0, c) + acc0_0, 0, c);
            vstore16(vload16(1, c) + acc0_1, 1, c);
        }
        if (m0 + 1 < M) {
            __global real* c = Cz + (size_t)r1 * 120 + n0;
            vstore16(vload16(0, c) + acc1_0, 0, c);
            vstore16(vload16(1, c) + acc1_1, 1, c);
        }
        if (m0 + 2 < M) {
            __global real* c = Cz + (size_t)r2 * 120 + n0;
            vstore16(vload16(0, c) + acc2_0, 0, c);
            vstore16(vload16(1, c) + acc2_1, 1, c);
        }
        if (m0 + 3 < M) {
            __global real* c = Cz + (size_t)r3 * 120 + n0;
            vstore16(vload16(0, c) + acc3_0, 0, c);
            vstore16(vload16(1, c) + acc3_1, 1, c);
        }
        if (m0 + 4 < M) {
            __global real* c = Cz + (size_t)r4 * 120 + n0;
            vstore16(vload16(0, c) + acc4_0, 0, c);
            vstore16(vload16(1, c) + acc4_1, 1, c);
        }
        if (m0 + 5 < M) {
            __global real* c = Cz + (size_t)r5 * 120 + n0;
            vstore16(vload16(0, c) + acc5_0, 0, c);
            vstore16(vload16(1, c) + acc5_1, 1, c);
        }
        if (m0 + 6 < M) {
            __global real* c = Cz + (size_t)r6 * 120 + n0;
            vstore16(vload16(0, c) + acc6_0, 0, c);
            vstore16(vload16(1, c) + acc6_1, 1, c);
        }
        if (m0 + 7 < M) {
            __global real* c = Cz + (size_t)r7 * 120 + n0;
            vstore16(vload16(0, c) + acc7_0, 0, c);
            vstore16(vload16(1, c) + acc7_1, 1, c);
        }
    } else {
        int n = n0;
        for (; n + 16 <= 120; n += 16) {
        float16 acc0_0 = (float16)0;
        float16 acc1_0 = (float16)0;
        float16 acc2_0 = (float16)0;
        float16 acc3_0 = (float16)0;
        float16 acc4_0 = (float16)0;
        float16 acc5_0 = (float16)0;
        float16 acc6_0 = (float16)0;
        float16 acc7_0 = (float16)0;
        for (int y = 0; y < 1; y++) {
            __global const real* Ay = Az + (size_t)y * 0;
            __global const real* By = Bz + (size_t)y * 0 + n;
            for (int k = 0; k < K; k++) {
                __global const real* Bk = By + (size_t)k * 120;
                const float16 b0 = vload16(0, Bk);
                __global const real* Ak = Ay + (size_t)k * 84;
                const float16 a0 = (float16)(Ak[(size_t)r0 * 1]);
                acc0_0 = fma(a0, b0, acc0_0);
                const float16 a1 = (float16)(Ak[(size_t)r1 * 1]);
                acc1_0 = fma(a1, b0, acc1_0);
                const float16 a2 = (float16)(Ak[(size_t)r2 * 1]);
                acc2_0 = fma(a2, b0, acc2_0);
                const float16 a3 = (float16)(Ak[(size_t)r3 * 1]);
                acc3_0 = fma(a3, b0, acc3_0);
                const float16 a4 = (float16)(Ak[(size_t)r4 * 1]);
                acc4_0 = fma(a4, b0, acc4_0);
                const float16 a5 = (float16)(Ak[(size_t)r5 * 1]);
                acc5_0 = fma(a5, b0, acc5_0);
                const float16 a6 = (float16)(Ak[(size_t)r6 * 1]);
                acc6_0 = fma(a6, b0, acc6_0);
                const float16 a7 = (float16)(Ak[(size_t)r7 * 1]);
                acc7_0 = fma(a7, b0, acc7_0);
            }
        }
        if (m0 + 0 < M) {
            __global real* c = Cz + (size_t)r0 * 120 + n;
            vstore16(vload16(0, c) + acc0_0, 0, c);
        }
        if (m0 + 1 < M) {
            __global real* c = Cz + (size_t)r1 * 120 + n;
            vstore16(vload16(0, c) + acc1_0, 0, c);
        }
        if (m0 + 2 < M) {
            __global real* c = Cz + (size_t)r2 * 120 + n;
            vstore16(vload16(0, c) + acc2_0, 0, c);
        }
        if (m0 + 3 < M) {
            __global real* c = Cz + (size_t)r3 * 120 + n;
            vstore16(vload16(0, c) + acc3_0, 0, c);
        }
        if (m0 + 4 < M) {
            __global real* c = Cz + (size_t)r4 * 120 + n;
            vstore16(vload16(0, c) + acc4_0, 0, c);
        }
        if (m0 + 5 < M) {
            __global real* c = Cz + (size_t)r5 * 120 + n;
            vstore16(vload16(0, c) + acc5_0, 0, c);
        }
        if (m0 + 6 < M) {
            __global real* c = Cz + (size_t)r6 * 120 + n;
            vstore16(vload16(0, c) + acc6_0, 0, c);
        }
        if (m0 + 7 < M) {
            __global real* c = Cz + (size_t)r7 * 120 + n;
            vstore16(vload16(0, c) + acc7_0, 0, c);
        }
        }
        {
            const int last = 119 - n;
            float16 acc0 = (float16)0;
            float16 acc1 = (float16)0;
            float16 acc2 = (float16)0;
            float16 acc3 = (float16)0;
            float16 acc4 = (float16)0;
            float16 acc5 = (float16)0;
            float16 acc6 = (float16)0;
            float16 acc7 = (float16)0;
            for (int y = 0; y < 1; y++) {
                __global const real* Ay = Az + (size_t)y * 0;
                __global const real* By = Bz + (size_t)y * 0 + n;
                for (int k = 0; k < K; k++) {
                    __global const real* Bk = By + (size_t)k * 120;
                    const float16 b0 = (float16)(Bk[min(0, last)], Bk[min(1, last)], Bk[min(2, last)], Bk[min(3, last)], Bk[min(4, last)], Bk[min(5, last)], Bk[min(6, last)], Bk[min(7, last)], Bk[min(8, last)], Bk[min(9, last)], Bk[min(10, last)], Bk[min(11, last)], Bk[min(12, last)], Bk[min(13, last)], Bk[min(14, last)], Bk[min(15, last)]);
                    __global const real* Ak = Ay + (size_t)k * 84;
                    acc0 = fma((float16)(Ak[(size_t)r0 * 1]), b0, acc0);
                    acc1 = fma((float16)(Ak[(size_t)r1 * 1]), b0, acc1);
                    acc2 = fma((float16)(Ak[(size_t)r2 * 1]), b0, acc2);
                    acc3 = fma((float16)(Ak[(size_t)r3 * 1]), b0, acc3);
                    acc4 = fma((float16)(Ak[(size_t)r4 * 1]), b0, acc4);
                    acc5 = fma((float16)(Ak[(size_t)r5 * 1]), b0, acc5);
                    acc6 = fma((float16)(Ak[(size_t)r6 * 1]), b0, acc6);
                    acc7 = fma((float16)(Ak[(size_t)r7 * 1]), b0, acc7);
                }
            }
            real lanes[16];
            if (m0 + 0 < M) {
                __global real* c = Cz + (size_t)r0 * 120 + n;
                vstore16(acc0, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = c[i] + lanes[i];
                }
            }
            if (m0 + 1 < M) {
                __global real* c = Cz + (size_t)r1 * 120 + n;
                vstore16(acc1, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = c[i] + lanes[i];
                }
            }
            if (m0 + 2 < M) {
                __global real* c = Cz + (size_t)r2 * 120 + n;
                vstore16(acc2, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = c[i] + lanes[i];
                }
            }
            if (m0 + 3 < M) {
                __global real* c = Cz + (size_t)r3 * 120 + n;
                vstore16(acc3, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = c[i] + lanes[i];
                }
            }
            if (m0 + 4 < M) {
                __global real* c = Cz + (size_t)r4 * 120 + n;
                vstore16(acc4, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = c[i] + lanes[i];
                }
            }
            if (m0 + 5 < M) {
                __global real* c = Cz + (size_t)r5 * 120 + n;
                vstore16(acc5, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = c[i] + lanes[i];
                }
            }
            if (m0 + 6 < M) {
                __global real* c = Cz + (size_t)r6 * 120 + n;
                vstore16(acc6, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = c[i] + lanes[i];
                }
            }
            if (m0 + 7 < M) {
                __global real* c = Cz + (size_t)r7 * 120 + n;
                vstore16(acc7, 0, lanes);
                for (int i = 0; i <= last; i++) {
                    c[i] = c[i] + lanes[i];
                }
            }
        }
    }
}

/* gemm: M=M N=400 K=120 SAM=120 SAK=1 LDB=400 AZ=0 BZ=0 CZ=0 ZSUM=1 AY=0 BY=0 TM=8 TN=32 V=float16 AT=real BT=real CT=real EPILOGUE_ARGS= */
/* C = op(A)·B (+ bias) (+ C when ACCUMULATE), register-blocked and vectorised along N:
 * C[z][m, n] = Σ_{y < 1} Σ_{k < 120} A[z][y][m·120 + k·1] · B[z][y][k·400 + n],
 * for m < M, n < 400, and z the third work dimension (a sample, or a group of samples).
 * B rows are contiguous along n; A is read one element at a time (any strides, so A may be a
 * transposed view). Strides between z (outer) and y (summed) blocks: A 0/0,
 * B 0/0, C 0; each matrix starts at its offset argument (elements), so one
 * kernel serves every chunk of a batch. A bias is per row (bias[m]) or per column (bias[n]).
 * M and K are constants, except the one that is the batch size (a dense layer's), which is
 * arg_m or arg_k, so that one kernel serves every batch size.
 *
 * One work-item computes a 8 × 32 tile with 8 × 32/16 float16 accumulators, so the inner
 * loop is 32/16 vector loads of B and 8 broadcasts of A feeding 8 × 32/16 fused
 * multiply-adds: explicit vectors, because PoCL does not vectorise across work-items when a
 * kernel has a loop. Rows past M read row M − 1 (always in bounds) and are not stored; a tile
 * that crosses N is done 16 columns at a time while they fit, then element by element. Row
 * tiles are the first work dimension, so consecutive work-groups share a panel of B (the
 * large operand of a convolution) while it is in cache.
 *
 * Storage (common.cl): A real, B real, C real; the sums are in the accumulators' type either way.
 *
 * Product M=(the batch) N=400 K=120 sums=1 A=rows; tiling 8x32/8 (default for CPUs). */
__kernel void gemm_7f59f4b3_gemm(__global const real* A, const long a_off, __global const real* B, const long b_off,
                             __global real* C, const long c_off, __global const real* bias,
                             const int arg_m, const int arg_k) {
    const int m0 = get_global_id(0) * 8;
    const int n0 = get_global_id(1) * 32;
    const int z = get_global_id(2);
    __global const real* Az = A + a_off + (size_t)z * 0;
    __global const real* Bz = B + b_off + (size_t)z * 0;
    __global real* Cz = C + c_off + (size_t)z * 0;
    const int M = arg_m;
    const int K = 120;
    const int r0 = min(m0 + 0, M - 1);
    const int r1 = min(m0 + 1, M - 1);
    const int r2 = min(m0 + 2, M - 1);
    const int r3 = min(m0 + 3, M - 1);
    const int r4 = min(m0 + 4, M - 1);
    const int r5 = min(m0 + 5, M - 1);
    const int r6 = min(m0 + 6, M - 1);
    const int r7 = min(m0 + 7, M - 1);
    if (n0 + 32 <= 400) {
        float16 acc0_0 = (float16)0;
        float16 acc0_1 = (float16)0;
        float16 acc1_0 = (float16)0;
        float16 acc1_1 = (float16)0;
        float16 acc2_0 = (float16)0;
        float16 acc2_1 = (float16)0;
        float16 acc3_0 = (float16)0;
        float16 acc3_1 = (float16)0;
        float16 acc4_0 = (float16)0;
        float16 acc4_1 = (float16)0;
        float16 acc5_0 = (float16)0;
        float16 acc5_1 = (float16)0;
        float16 acc6_0 = (float16)0;
        float16 acc6_1 = (float16)0;
        float16 acc7_0 = (float16)0;
        float16 acc7_1 = (float16)0;
        for (int y = 0; y < 1; y++) {
            __global const real* Ay = Az + (size_t)y * 0;
            __global const real* By = Bz + (size_t)y * 0 + n0;
            for (int k = 0; k < K; k++) {
                __global const real* Bk = By + (size_t)k * 400;
                const float16 b0 = vload16(0, Bk);
                const float16 b1 = vload16(1, Bk);
                __global const real* Ak = Ay + (size_t)k * 1;
                const float16 a0 = (float16)(Ak[(size_t)r0 * 120]);
                acc0_0 = fma(a0, b0, acc0_0);
                acc0_1 = fma(a0, b1, acc0_1);
                const float16 a1 = (float16)(Ak[(size_t)r1 * 120]);
                acc1_0 = fma(a1, b0, acc1_0);
                acc1_1 = fma(a1, b1, acc1_1);
                const float16 a2 = (float16)(Ak[(size_t)r2 * 120]);
                acc2_0 = fma(a2, b0, acc2_0);
                acc2_1 = fma(a2, b1, acc2_1);
                const float16 a3 = (float16)(Ak[(size_t)r3 * 120]);
                acc3_0 = fma(a3, b0, acc3_0);
                acc3_1 = fma(a3, b1, acc3_1);
                const float16 a4 = (float16)(Ak[(size_t)r4 * 120]);
                acc4_0 = fma(a4, b0, acc4_0);
                acc4_1 = fma(a4, b1, acc4_1);
                const float16 a5 = (float16)(Ak[(size_t)r5 * 120]);
                acc5_0 = fma(a5, b0, acc5_0);
                acc5_1 = fma(a5, b1, acc5_1);
                const float16 a6 = (float16)(Ak[(size_t)r6 * 120]);
                acc6_0 = fma(a6, b0, acc6_0);
                acc6_1 = fma(a6, b1, acc6_1);
                const float16 a7 = (float16)(Ak[(size_t)r7 * 120]);
                acc7_0 = fma(a7, b0, acc7_0);
                acc7_1 = fma(a7, b1, acc7_1);
            }
        }
        if (m0 + 0 < M) {
            __global real* c = Cz + (size_t)r0 * 400 + n0;
            vstore16(acc0_0, 0, c);
            vstore16(acc0_1, 1, c);
        }
        if (m0 + 1 < M) {
            __global real* c = Cz + (size_t)r1 * 400 + n0;
            vstore16(acc1_0, 0, c);
            vstore16(acc1_1, 1, c);
        }
        if (m0 + 2 < M) {
            __global real* c = Cz + (size_t)r2 * 400 + n0;
            vstore16(acc2_0, 0, c);
            vstore16(acc2_1, 1, c);
        }
        if (m0 + 3 < M) {
            __global real* c = Cz + (size_t)r3 * 400 + n0;
            vstore16(acc3_0, 0, c);
            vstore16(acc3_1, 1, c);
        }
        if (m0 + 4 < M) {
            __global real* c = Cz + (size_t)r4 * 400 + n0;
            vstore16(acc4_0, 0, c);
            vstore16(acc4_1, 1, c);
        }
        if (m0 + 5 < M) {
            __global real* c = Cz + (size_t)r5 * 400 + n0;
            vstore16(acc5_0, 0, c);
            vstore16(acc5_1, 1, c);
        }
        if (m0 + 6 < M) {
            __global real* c = Cz + (size_t)r6 * 400 + n0;
            vstore16(acc6_0, 0, c);
            vstore16(acc6_1, 1, c);
        }
        if (m0 + 7 < M) {
            __global real* c = Cz + (size_t)r7 * 400 + n0;
            vstore16(acc7_0, 0, c);
            vstore16(acc7_1, 1, c);
        }
    } else {
        int n = n0;
        for (; n + 16 <= 400; n += 16) {
        float16 acc0_0 = (float16)0;
        float16 acc1_0 = (float16)0;
        float16 acc2_0 = (float16)0;
        float16 acc3_0 = (float16)0;
        float16 acc4_0 = (float16)0;
        float16 acc5_0 = (float16)0;
        float16 acc6_0 = (float16)0;
        float16 acc7_0 = (float16)0;
        for (int y = 0; y < 1; y++) {
            __global const real* Ay = Az + (size_t)y * 0;
            __global const real* By = Bz + (size_t)y * 0 + n;
            for (int k = 0; k < K; k++) {
                __global const real* Bk = By + (size_t)k * 400;
                const float16 b0 = vload16(0, Bk);
                __global const real* Ak = Ay + (size_t)k * 1;
                const float16 a0 = (float16)(Ak[(size_t)r0 * 120]);
                acc0_0 = fma(a0, b0, acc0_0);
                const float16 a1 = (float16)(Ak[(size_t)r1 * 120]);
                acc1_0 = fma(a1, b0, acc1_0);
                const float16 a2 = (float16)(Ak[(size_t)r2 * 120]);
                acc2_0 = fma(a2, b0, acc2_0);
                const float16 a3 = (float16)(Ak[(size_t)r3 * 120]);
                acc3_0 = fma(a3, b0, acc3_0);
                const float16 a4 = (float16)(Ak[(size_t)r4 * 120]);
                acc4_0 = fma(a4, b0, acc4_0);
                const float16 a5 = (float16)(Ak[(size_t)r5 * 120]);
                acc5_0 = fma(a5, b0, acc5_0);
                const float16 a6 = (float16)(Ak[(size_t)r6 * 120]);
                acc6_0 = fma(a6, b0, acc6_0);
                const float16 a7 = (float16)(Ak[(size_t)r7 * 120]);
                acc7_0 = fma(a7, b0, acc7_0);
            }
        }
        if (m0 + 0 < M) {
            __global real* c = Cz + (size_t)r0 * 400 + n;
            vstore16(acc0_0, 0, c);
        }
        if (m0 + 1 < M) {
            __global real* c = Cz + (size_t)r1 * 400 + n;
            vstore16(acc1_0, 0, c);
        }
        if (m0 + 2 < M) {
            __global real* c = Cz + (size_t)r2 * 400 + n;
            vstore16(acc2_0, 0, c);
        }
        if (m0 + 3 < M) {
            __global real* c = Cz + (size_t)r3 * 400 + n;
            vstore16(acc3_0, 0, c);
        }
        if (m0 + 4 < M) {
            __global real* c = Cz + (size_t)r4 * 400 + n;
            vstore16(acc4_0, 0, c);
        }
        if (m0 + 5 < M) {
            __global real* c = Cz + (size_t)r5 * 400 + n;
            vstore16(acc5_0, 0, c);
        }
        if (m0 + 6 < M) {
            __global real* c = Cz + (size_t)r6 * 400 + n;
            vstore16(acc6_0, 0, c);
        }
        if (m0 + 7 < M) {
            __global real* c = Cz + (size_t)r7 * 400 + n;
            vstore16(acc7_0, 0, c);
        }
        }
    }
}

/* gemm: M=120 N=400 K=K SAM=1 SAK=120 LDB=400 AZ=0 BZ=0 CZ=0 ZSUM=1 AY=0 BY=0 TM=8 TN=32 V=float16 AT=real BT=real CT=real EPILOGUE_ARGS= */
/* C = op(A)·B (+ bias) (+ C when ACCUMULATE), register-blocked and vectorised along N:
 * C[z][m, n] = Σ_{y < 1} Σ_{k < K} A[z][y][m·1 + k·120] · B[z][y][k·400 + n],
 * for m < 120, n < 400, and z the third work dimension (a sample, or a group of samples).
 * B rows are contiguous along n; A is read one element at a time (any strides, so A may be a
 * transposed view). Strides between z (outer) and y (summed) blocks: A 0/0,
 * B 0/0, C 0; each matrix starts at its offset argument (elements), so one
 * kernel serves every chunk of a batch. A bias is per row (bias[m]) or per column (bias[n]).
 * M and K are constants, except the one that is the batch size (a dense layer's), which is
 * arg_m or arg_k, so that one kernel serves every batch size.
 *
 * One work-item computes a 8 × 32 tile with 8 × 32/16 float16 accumulators, so the inner
 * loop is 32/16 vector loads of B and 8 broadcasts of A feeding 8 × 32/16 fused
 * multiply-adds: explicit vectors, because PoCL does not vectorise across work-items when a
 * kernel has a loop. Rows past M read row M − 1 (always in bounds) and are not stored; a tile
 * that crosses N is done 16 columns at a time while they fit, then element by element. Row
 * tiles are the first work dimension, so consecutive work-groups share a panel of B (the
 * large operand of a convolution) while it is in cache.
 *
 * Storage (common.cl): A real, B real, C real; the sums are in the accumulators' type either way.
 *
 * Product M=120 N=400 K=(the batch) sums=1 A=cols; tiling 8x32/8 (default for CPUs). */
__kernel void gemm_a05a4f05_gemm(__global const real* A, const long a_off, __global const real* B, const long b_off,
                             __global real* C, const long c_off, __global const real* bias,
                             const int arg_m, const int arg_k) {
    const int m0 = get_global_id(0) * 8;
    const int n0 = get_global_id(1) * 32;
    const int z = get_global_id(2);
    __global const real* Az = A + a_off + (size_t)z * 0;
    __global const real* Bz = B + b_off + (size_t)z * 0;
    __global real* Cz = C + c_off + (size_t)z * 0;
    const int M = 120;
    const int K = arg_k;
    const int r0 = min(m0 + 0, M - 1);
    const int r1 = min(m0 + 1, M - 1);
    const int r2 = min(m0 + 2, M - 1);
    const int r3 = min(m0 + 3, M - 1);
    const int r4 = min(m0 + 4, M - 1);
    const int r5 = min(m0 + 5, M - 1);
    const int r6 = min(m0 + 6, M - 1);
    const int r7 = min(m0 + 7, M - 1);
    if (n0 + 32 <= 400) {
        float16 acc0_0 = (float16)0;
        float16 acc0_1 = (float16)0;
        float16 acc1_0 = (float16)0;
        float16 acc1_1 = (float16)0;
        float16 acc2_0 = (float16)0;
        float16 acc2_1 = (float16)0;
        float16 acc3_0 = (float16)0;
        float16 acc3_1 = (float16)0;
        float16 acc4_0 = (float16)0;
        float16 acc4_1 = (float16)0;
        float16 acc5_0 = (float16)0;
        float16 acc5_1 = (float16)0;
        float16 acc6_0 = (float16)0;
        float16 acc6_1 = (float16)0;
        float16 acc7_0 = (float16)0;
        float16 acc7_1 = (float16)0;
        for (int y = 0; y < 1; y++) {
            __global const real* Ay = Az + (size_t)y * 0;
            __global const real* By = Bz + (size_t)y * 0 + n0;
            for (int k = 0; k < K; k++) {
                __global const real* Bk = By + (size_t)k * 400;
                const float16 b0 = vload16(0, Bk);
                const float16 b1 = vload16(1, Bk);
                __global const real* Ak = Ay + (size_t)k * 120;
                const float16 a0 = (float16)(Ak[(size_t)r0 * 1]);
                acc0_0 = fma(a0, b0, acc0_0);
                acc0_1 = fma(a0, b1, acc0_1);
                const float16 a1 = (float16)(Ak[(size_t)r1 * 1]);
                acc1_0 = fma(a1, b0, acc1_0);
                acc1_1 = fma(a1, b1, acc1_1);
                const float16 a2 = (float16)(Ak[(size_t)r2 * 1]);
                acc2_0 = fma(a2, b0, acc2_0);
                acc2_1 = fma(a2, b1, acc2_1);
                const float16 a3 = (float16)(Ak[(size_t)r3 * 1]);
                acc3_0 = fma(a3, b0, acc3_0);
                acc3_1 = fma(a3, b1, acc3_1);
                const float16 a4 = (float16)(Ak[(size_t)r4 * 1]);
                acc4_0 = fma(a4, b0, acc4_0);
                acc4_1 = fma(a4, b1, acc4_1);
                const float16 a5 = (float16)(Ak[(size_t)r5 * 1]);
                acc5_0 = fma(a5, b0, acc5_0);
                acc5_1 = fma(a5, b1, acc5_1);
                const float16 a6 = (float16)(Ak[(size_t)r6 * 1]);
                acc6_0 = fma(a6, b0, acc6_0);
                acc6_1 = fma(a6, b1, acc6_1);
                const float16 a7 = (float16)(Ak[(size_t)r7 * 1]);
                acc7_0 = fma(a7, b0, acc7_0);
                acc7_1 = fma(a7, b1, acc7_1);
            }
        }
        if (m0 + 0 < M) {
            __global real* c = Cz + (size_t)r0 * 400 + n0;
            vstore16(vload16(0, c) + acc0_0, 0, c);
            vstore16(vload16(1, c) + acc0_1, 1, c);
        }
        if (m0 + 1 < M) {
            __global real* c = Cz + (size_t)r1 * 400 + n0;
            vstore16(vload16(0, c) + acc1_0, 0, c);
            vstore16(vload16(1, c) + acc1_1, 1, c);
        }
        if (m0 + 2 < M) {
            __global real* c = Cz + (size_t)r2 * 400 + n0;
            vstore16(vload16(0, c) + acc2_0, 0, c);
            vstore16(vload16(1, c) + acc2_1, 1, c);
        }
        if (m0 + 3 < M) {
            __global real* c = Cz + (size_t)r3 * 400 + n0;
            vstore16(vload16(0, c) + acc3_0, 0, c);
            vstore16(vload16(1, c) + acc3_1, 1, c);
        }
        if (m0 + 4 < M) {
            __global real* c = Cz + (size_t)r4 * 400 + n0;
            vstore16(vload16(0, c) + acc4_0, 0, c);
            vstore16(vload16(1, c) + acc4_1, 1, c);
        }
        if (m0 + 5 < M) {
            __global real* c = Cz + (size_t)r5 * 400 + n0;
            vstore16(vload16(0, c) + acc5_0, 0, c);
            vstore16(vload16(1, c) + acc5_1, 1, c);
        }
        if (m0 + 6 < M) {
            __global real* c = Cz + (size_t)r6 * 400 + n0;
            vstore16(vload16(0, c) + acc6_0, 0, c);
            vstore16(vload16(1, c) + acc6_1, 1, c);
        }
        if (m0 + 7 < M) {
            __global real* c = Cz + (size_t)r7 * 400 + n0;
            vstore16(vload16(0, c) + acc7_0, 0, c);
            vstore16(vload16(1, c) + acc7_1, 1, c);
        }
    } else {
        int n = n0;
        for (; n + 16 <= 400; n += 16) {
        float16 acc0_0 = (float16)0;
        float16 acc1_0 = (float16)0;
        float16 acc2_0 = (float16)0;
        float16 acc3_0 = (float16)0;
        float16 acc4_0 = (float16)0;
        float16 acc5_0 = (float16)0;
        float16 acc6_0 = (float16)0;
        float16 acc7_0 = (float16)0;
        for (int y = 0; y < 1; y++) {
            __global const real* Ay = Az + (size_t)y * 0;
            __global const real* By = Bz + (size_t)y * 0 + n;
            for (int k = 0; k < K; k++) {
                __global const real* Bk = By + (size_t)k * 400;
                const float16 b0 = vload16(0, Bk);
                __global const real* Ak = Ay + (size_t)k * 120;
                const float16 a0 = (float16)(Ak[(size_t)r0 * 1]);
                acc0_0 = fma(a0, b0, acc0_0);
                const float16 a1 = (float16)(Ak[(size_t)r1 * 1]);
                acc1_0 = fma(a1, b0, acc1_0);
                const float16 a2 = (float16)(Ak[(size_t)r2 * 1]);
                acc2_0 = fma(a2, b0, acc2_0);
                const float16 a3 = (float16)(Ak[(size_t)r3 * 1]);
                acc3_0 = fma(a3, b0, acc3_0);
                const float16 a4 = (float16)(Ak[(size_t)r4 * 1]);
                acc4_0 = fma(a4, b0, acc4_0);
                const float16 a5 = (float16)(Ak[(size_t)r5 * 1]);
                acc5_0 = fma(a5, b0, acc5_0);
                const float16 a6 = (float16)(Ak[(size_t)r6 * 1]);
                acc6_0 = fma(a6, b0, acc6_0);
                const float16 a7 = (float16)(Ak[(size_t)r7 * 1]);
                acc7_0 = fma(a7, b0, acc7_0);
            }
        }
        if (m0 + 0 < M) {
            __global real* c = Cz + (size_t)r0 * 400 + n;
            vstore16(vload16(0, c) + acc0_0, 0, c);
        }
        if (m0 + 1 < M) {
            __global real* c = Cz + (size_t)r1 * 400 + n;
            vstore16(vload16(0, c) + acc1_0, 0, c);
        }
        if (m0 + 2 < M) {
            __global real* c = Cz + (size_t)r2 * 400 + n;
            vstore16(vload16(0, c) + acc2_0, 0, c);
        }
        if (m0 + 3 < M) {
            __global real* c = Cz + (size_t)r3 * 400 + n;
            vstore16(vload16(0, c) + acc3_0, 0, c);
        }
        if (m0 + 4 < M) {
            __global real* c = Cz + (size_t)r4 * 400 + n;
            vstore16(vload16(0, c) + acc4_0, 0, c);
        }
        if (m0 + 5 < M) {
            __global real* c = Cz + (size_t)r5 * 400 + n;
            vstore16(vload16(0, c) + acc5_0, 0, c);
        }
        if (m0 + 6 < M) {
            __global real* c = Cz + (size_t)r6 * 400 + n;
            vstore16(vload16(0, c) + acc6_0, 0, c);
        }
        if (m0 + 7 < M) {
            __global real* c = Cz + (size_t)r7 * 400 + n;
            vstore16(vload16(0, c) + acc7_0, 0, c);
        }
        }
    }
}

/* ==== unit epilogue for backward: 1 kernel ==== */

/* epilogue: DERIVATIVE=((real)1 - out * out) WRITE=1 RESIDUAL=0 YT=real DYT=real DZT=real DRT=real */
/* The backward of an epilogue fused into a convolution or dense layer, y = act(z + r) (the
 * FuseEpilogue pass), one work-item per element: g = dy · act'(y), the derivative taken from the
 * output y (`out`); written to dz (WRITE 1: the product's private output gradient) and added to
 * the residual's gradient dr (RESIDUAL 1), or written to it (RESIDUAL 2: its first gradient).
 * Storage (common.cl): y real, dy real, dz real (a scratch buffer of reals, or dy itself when
 * there is no activation), dr real. */
__kernel void epilogue_1ac9a258_backward(__global const real* y, __global const real* dy, __global real* dz,
                                 __global real* dr) {
    const size_t i = get_global_id(0);
    const real out = LOAD_real(y, i);
    const real g = LOAD_real(dy, i) * ((real)1 - out * out);
    if (1) {
        STORE_real(dz, i, g);
    }
    if (0 == 1) {
        STORE_real(dr, i, LOAD_real(dr, i) + g);
    } else if (0 == 2) {
        STORE_real(dr, i, g);
    }
}

/* ==== unit conv_gemm for backward: 5 kernels ==== */

/* conv_gemm: DYT=real DXT=real C=6 H=14 W=14 OH=10 OW=10 KH=5 KW=5 SH=1 SW=1 PT=0 PL=0 DH=1 DW=1 K=150 P=100 F=16 CW=14 V=float16 ACCUMULATE=0 */

/* The input gradient's weights when it is computed as a convolution (stride 1): w [16, 6, KH, KW]
 * flipped in space and with its two channel axes swapped, wf[c][f][u][v] = w[f][c][KH − 1 − u][KW − 1 − v];
 * one work-item per weight. */
__kernel void conv_gemm_93d12625_flip(__global const real* w, __global real* wf) {
    const int idx = get_global_id(0);
    const int v = idx % 5;
    const int u = (idx / 5) % 5;
    const int c = (idx / (5 * 5)) % 6;
    const int f = idx / (5 * 5 * 6);
    wf[((c * 16 + f) * 5 + 5 - 1 - u) * 5 + 5 - 1 - v] = w[idx];
}

/* The bias gradient db[f] += Σ over samples and positions of dy[s][f][p], in two steps: part[b],
 * b = s·F + f, sums one sample's 100 contiguous values of filter f in float16 vectors (one
 * work-item per block: a CPU does not vectorise across work-items in a loop); then one work-item
 * per filter adds its N blocks in order (N the batch, an argument). */
__kernel void conv_gemm_93d12625_bias_blocks(__global const real* dy, __global real* part) {
    const size_t b = get_global_id(0);
    __global const real* d = dy + b * 100;
    float16 acc = (float16)0;
    int p = 0;
    for (; p + 16 <= 100; p += 16) {
        acc += VLOAD16_real(d, p);
    }
    real l[16];
    vstore16(acc, 0, l);
    real s = (real)0;
    for (int i = 0; i < 16; i++) {
        s += l[i];
    }
    for (; p < 100; p++) {
        s += LOAD_real(d, p);
    }
    part[b] = s;
}

__kernel void conv_gemm_93d12625_bias_sum(__global const real* part, __global real* db, const int N) {
    const int f = get_global_id(0);
    real s = (real)0;
    for (int n = 0; n < N; n++) {
        s += part[n * 16 + f];
    }
    db[f] += s;
}

/* conv_gemm: DYT=real DXT=real C=1 H=32 W=32 OH=28 OW=28 KH=5 KW=5 SH=1 SW=1 PT=0 PL=0 DH=1 DW=1 K=25 P=784 F=6 CW=16 V=float16 ACCUMULATE=1 */

/* The bias gradient db[f] += Σ over samples and positions of dy[s][f][p], in two steps: part[b],
 * b = s·F + f, sums one sample's 784 contiguous values of filter f in float16 vectors (one
 * work-item per block: a CPU does not vectorise across work-items in a loop); then one work-item
 * per filter adds its N blocks in order (N the batch, an argument). */
__kernel void conv_gemm_8a992312_bias_blocks(__global const real* dy, __global real* part) {
    const size_t b = get_global_id(0);
    __global const real* d = dy + b * 784;
    float16 acc = (float16)0;
    int p = 0;
    for (; p + 16 <= 784; p += 16) {
        acc += VLOAD16_real(d, p);
    }
    real l[16];
    vstore16(acc, 0, l);
    real s = (real)0;
    for (int i = 0; i < 16; i++) {
        s += l[i];
    }
    for (; p < 784; p++) {
        s += LOAD_real(d, p);
    }
    part[b] = s;
}

__kernel void conv_gemm_8a992312_bias_sum(__global const real* part, __global real* db, const int N) {
    const int f = get_global_id(0);
    real s = (real)0;
    for (int n = 0; n < N; n++) {
        s += part[n * 6 + f];
    }
    db[f] += s;
}

/* ==== unit conv_implicit for backward: 2 kernels ==== */

/* conv_implicit: DYT=real H=14 W=14 OH=10 OW=10 QH=14 QW=14 SH=1 SW=1 RA=0 RB=0 ROWS=0, 14, 28, 42, 56 KH=5 KW=5 DH=1 DW=1 LW=16 S=1 LAST=10 PPV=1 SLACK=16 V=float16 TF=4 */
/* Convolution (groups 1) as implicit matrix products, x [N, C, 14, 14] → y [N, F, 10, 10],
 * stride (1, 1): no im2col matrix. The input is first copied, zero-padded, into phase planes
 * per channel, xp[s][c][a][b][i][j] = x[s][c][i·SH + A[a] − PT][j·SW + B[b] − PL] (0 outside x),
 * 14 × 14 each, for the row phases A = {0} and column phases B = {0} that taps read
 * (u·DH mod SH, v·DW mod SW; one plane at stride 1). The im2col row of tap (c, u, v) over
 * output row i is then the contiguous run of phase plane (u·DH mod SH, v·DW mod SW) at row
 * i + ⌊u·DH / SH⌋, columns ⌊v·DW / SW⌋ …, so the forward's B vectors (conv_implicit_forward.cl)
 * are loaded straight from xp, shifted per tap, and nothing KH·KW times the size of the activations is written and read
 * back. Output positions are cut into pieces of 16 columns of one output row (1 per row,
 * the last 10 wide); 1 pieces make one float16. Lanes past a row's end compute garbage from
 * the next row and are never stored; xp ends with 16 zeros so those loads stay in bounds.
 * rows[u]: where tap row u starts in a channel's planes. The padding itself is conv_pad.cl, whose
 * kernels depend on the input's geometry only (not on the channels or filters). */

/* The weight gradient, dw[f][(c, u, v)] (+)= Σ_s Σ_{i,j} dy[s][f][i][j] · xp[s][c][i + u·1][j + v·1]:
 * one work-item per (c, u) × 4 filters × all 5 taps v (4 × 5 float16 accumulators, summed
 * across lanes at the end), over the samples of its part (the third dimension; `each` samples
 * each). Lanes past a row's end are loaded as zeros. With one part it adds into dw (`add` 1),
 * else it writes partial sums out[g][f][k] that a reduction adds in order. The channels C and
 * filters F are arguments: convolutions that differ only in them share the kernel. dy is stored
 * as real (common.cl). */
__kernel void conv_implicit_f10ee187_weight(__global const real* dy, const long dy_off, __global const real* xp,
                               __global real* out, const int each, const int add, const int C, const int F) {
    const int cu = get_global_id(0);
    const int f0 = get_global_id(1) * 4;
    const int g = get_global_id(2);
    const int c = cu / 5;
    const int u = cu % 5;
    const int rows[5] = {0, 14, 28, 42, 56};
    const int fr0 = min(f0 + 0, F - 1);
    float16 acc0_0 = (float16)0;
    float16 acc0_1 = (float16)0;
    float16 acc0_2 = (float16)0;
    float16 acc0_3 = (float16)0;
    float16 acc0_4 = (float16)0;
    const int fr1 = min(f0 + 1, F - 1);
    float16 acc1_0 = (float16)0;
    float16 acc1_1 = (float16)0;
    float16 acc1_2 = (float16)0;
    float16 acc1_3 = (float16)0;
    float16 acc1_4 = (float16)0;
    const int fr2 = min(f0 + 2, F - 1);
    float16 acc2_0 = (float16)0;
    float16 acc2_1 = (float16)0;
    float16 acc2_2 = (float16)0;
    float16 acc2_3 = (float16)0;
    float16 acc2_4 = (float16)0;
    const int fr3 = min(f0 + 3, F - 1);
    float16 acc3_0 = (float16)0;
    float16 acc3_1 = (float16)0;
    float16 acc3_2 = (float16)0;
    float16 acc3_3 = (float16)0;
    float16 acc3_4 = (float16)0;
    for (int s = g * each; s < (g + 1) * each; s++) {
        __global const real* D0 = dy + dy_off + ((size_t)s * F + fr0) * 100;
        __global const real* D1 = dy + dy_off + ((size_t)s * F + fr1) * 100;
        __global const real* D2 = dy + dy_off + ((size_t)s * F + fr2) * 100;
        __global const real* D3 = dy + dy_off + ((size_t)s * F + fr3) * 100;
        __global const real* Pu = xp + ((size_t)s * C + c) * 196 + rows[u];
        for (int oy = 0; oy < 10; oy++) {
            {
                const float16 p0 = (float16)(vload8(0, Pu + oy * 14 + 0), vload2(0, Pu + oy * 14 + 0 + 8), (float)0, (float)0, (float)0, (float)0, (float)0, (float)0);
                const float16 p1 = (float16)(vload8(0, Pu + oy * 14 + 1), vload2(0, Pu + oy * 14 + 1 + 8), (float)0, (float)0, (float)0, (float)0, (float)0, (float)0);
                const float16 p2 = (float16)(vload8(0, Pu + oy * 14 + 2), vload2(0, Pu + oy * 14 + 2 + 8), (float)0, (float)0, (float)0, (float)0, (float)0, (float)0);
                const float16 p3 = (float16)(vload8(0, Pu + oy * 14 + 3), vload2(0, Pu + oy * 14 + 3 + 8), (float)0, (float)0, (float)0, (float)0, (float)0, (float)0);
                const float16 p4 = (float16)(vload8(0, Pu + oy * 14 + 4), vload2(0, Pu + oy * 14 + 4 + 8), (float)0, (float)0, (float)0, (float)0, (float)0, (float)0);
                {
                    const float16 d = (float16)(vload8(0, D0 + oy * 10 + 0), vload2(0, D0 + oy * 10 + 0 + 8), (float)0, (float)0, (float)0, (float)0, (float)0, (float)0);
                    acc0_0 = fma(d, p0, acc0_0);
                    acc0_1 = fma(d, p1, acc0_1);
                    acc0_2 = fma(d, p2, acc0_2);
                    acc0_3 = fma(d, p3, acc0_3);
                    acc0_4 = fma(d, p4, acc0_4);
                }
                {
                    const float16 d = (float16)(vload8(0, D1 + oy * 10 + 0), vload2(0, D1 + oy * 10 + 0 + 8), (float)0, (float)0, (float)0, (float)0, (float)0, (float)0);
                    acc1_0 = fma(d, p0, acc1_0);
                    acc1_1 = fma(d, p1, acc1_1);
                    acc1_2 = fma(d, p2, acc1_2);
                    acc1_3 = fma(d, p3, acc1_3);
                    acc1_4 = fma(d, p4, acc1_4);
                }
                {
                    const float16 d = (float16)(vload8(0, D2 + oy * 10 + 0), vload2(0, D2 + oy * 10 + 0 + 8), (float)0, (float)0, (float)0, (float)0, (float)0, (float)0);
                    acc2_0 = fma(d, p0, acc2_0);
                    acc2_1 = fma(d, p1, acc2_1);
                    acc2_2 = fma(d, p2, acc2_2);
                    acc2_3 = fma(d, p3, acc2_3);
                    acc2_4 = fma(d, p4, acc2_4);
                }
                {
                    const float16 d = (float16)(vload8(0, D3 + oy * 10 + 0), vload2(0, D3 + oy * 10 + 0 + 8), (float)0, (float)0, (float)0, (float)0, (float)0, (float)0);
                    acc3_0 = fma(d, p0, acc3_0);
                    acc3_1 = fma(d, p1, acc3_1);
                    acc3_2 = fma(d, p2, acc3_2);
                    acc3_3 = fma(d, p3, acc3_3);
                    acc3_4 = fma(d, p4, acc3_4);
                }
            }
        }
    }
    if (f0 + 0 < F) {
        {
            const float8 h8 = acc0_0.lo + acc0_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr0) * C * 25 + (c * 5 + u) * 5 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc0_1.lo + acc0_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr0) * C * 25 + (c * 5 + u) * 5 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc0_2.lo + acc0_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr0) * C * 25 + (c * 5 + u) * 5 + 2;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc0_3.lo + acc0_3.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr0) * C * 25 + (c * 5 + u) * 5 + 3;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc0_4.lo + acc0_4.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr0) * C * 25 + (c * 5 + u) * 5 + 4;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 1 < F) {
        {
            const float8 h8 = acc1_0.lo + acc1_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr1) * C * 25 + (c * 5 + u) * 5 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc1_1.lo + acc1_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr1) * C * 25 + (c * 5 + u) * 5 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc1_2.lo + acc1_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr1) * C * 25 + (c * 5 + u) * 5 + 2;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc1_3.lo + acc1_3.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr1) * C * 25 + (c * 5 + u) * 5 + 3;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc1_4.lo + acc1_4.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr1) * C * 25 + (c * 5 + u) * 5 + 4;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 2 < F) {
        {
            const float8 h8 = acc2_0.lo + acc2_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr2) * C * 25 + (c * 5 + u) * 5 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc2_1.lo + acc2_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr2) * C * 25 + (c * 5 + u) * 5 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc2_2.lo + acc2_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr2) * C * 25 + (c * 5 + u) * 5 + 2;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc2_3.lo + acc2_3.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr2) * C * 25 + (c * 5 + u) * 5 + 3;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc2_4.lo + acc2_4.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr2) * C * 25 + (c * 5 + u) * 5 + 4;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 3 < F) {
        {
            const float8 h8 = acc3_0.lo + acc3_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr3) * C * 25 + (c * 5 + u) * 5 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc3_1.lo + acc3_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr3) * C * 25 + (c * 5 + u) * 5 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc3_2.lo + acc3_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr3) * C * 25 + (c * 5 + u) * 5 + 2;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc3_3.lo + acc3_3.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr3) * C * 25 + (c * 5 + u) * 5 + 3;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc3_4.lo + acc3_4.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr3) * C * 25 + (c * 5 + u) * 5 + 4;
            *o = (add ? *o : (real)0) + h;
        }
    }

}

/* conv_implicit: DYT=real H=32 W=32 OH=28 OW=28 QH=32 QW=32 SH=1 SW=1 RA=0 RB=0 ROWS=0, 32, 64, 96, 128 KH=5 KW=5 DH=1 DW=1 LW=16 S=2 LAST=12 PPV=1 SLACK=16 V=float16 TF=4 */
/* Convolution (groups 1) as implicit matrix products, x [N, C, 32, 32] → y [N, F, 28, 28],
 * stride (1, 1): no im2col matrix. The input is first copied, zero-padded, into phase planes
 * per channel, xp[s][c][a][b][i][j] = x[s][c][i·SH + A[a] − PT][j·SW + B[b] − PL] (0 outside x),
 * 32 × 32 each, for the row phases A = {0} and column phases B = {0} that taps read
 * (u·DH mod SH, v·DW mod SW; one plane at stride 1). The im2col row of tap (c, u, v) over
 * output row i is then the contiguous run of phase plane (u·DH mod SH, v·DW mod SW) at row
 * i + ⌊u·DH / SH⌋, columns ⌊v·DW / SW⌋ …, so the forward's B vectors (conv_implicit_forward.cl)
 * are loaded straight from xp, shifted per tap, and nothing KH·KW times the size of the activations is written and read
 * back. Output positions are cut into pieces of 16 columns of one output row (2 per row,
 * the last 12 wide); 1 pieces make one float16. Lanes past a row's end compute garbage from
 * the next row and are never stored; xp ends with 16 zeros so those loads stay in bounds.
 * rows[u]: where tap row u starts in a channel's planes. The padding itself is conv_pad.cl, whose
 * kernels depend on the input's geometry only (not on the channels or filters). */

/* The weight gradient, dw[f][(c, u, v)] (+)= Σ_s Σ_{i,j} dy[s][f][i][j] · xp[s][c][i + u·1][j + v·1]:
 * one work-item per (c, u) × 4 filters × all 5 taps v (4 × 5 float16 accumulators, summed
 * across lanes at the end), over the samples of its part (the third dimension; `each` samples
 * each). Lanes past a row's end are loaded as zeros. With one part it adds into dw (`add` 1),
 * else it writes partial sums out[g][f][k] that a reduction adds in order. The channels C and
 * filters F are arguments: convolutions that differ only in them share the kernel. dy is stored
 * as real (common.cl). */
__kernel void conv_implicit_24e7ca39_weight(__global const real* dy, const long dy_off, __global const real* xp,
                               __global real* out, const int each, const int add, const int C, const int F) {
    const int cu = get_global_id(0);
    const int f0 = get_global_id(1) * 4;
    const int g = get_global_id(2);
    const int c = cu / 5;
    const int u = cu % 5;
    const int rows[5] = {0, 32, 64, 96, 128};
    const int fr0 = min(f0 + 0, F - 1);
    float16 acc0_0 = (float16)0;
    float16 acc0_1 = (float16)0;
    float16 acc0_2 = (float16)0;
    float16 acc0_3 = (float16)0;
    float16 acc0_4 = (float16)0;
    const int fr1 = min(f0 + 1, F - 1);
    float16 acc1_0 = (float16)0;
    float16 acc1_1 = (float16)0;
    float16 acc1_2 = (float16)0;
    float16 acc1_3 = (float16)0;
    float16 acc1_4 = (float16)0;
    const int fr2 = min(f0 + 2, F - 1);
    float16 acc2_0 = (float16)0;
    float16 acc2_1 = (float16)0;
    float16 acc2_2 = (float16)0;
    float16 acc2_3 = (float16)0;
    float16 acc2_4 = (float16)0;
    const int fr3 = min(f0 + 3, F - 1);
    float16 acc3_0 = (float16)0;
    float16 acc3_1 = (float16)0;
    float16 acc3_2 = (float16)0;
    float16 acc3_3 = (float16)0;
    float16 acc3_4 = (float16)0;
    for (int s = g * each; s < (g + 1) * each; s++) {
        __global const real* D0 = dy + dy_off + ((size_t)s * F + fr0) * 784;
        __global const real* D1 = dy + dy_off + ((size_t)s * F + fr1) * 784;
        __global const real* D2 = dy + dy_off + ((size_t)s * F + fr2) * 784;
        __global const real* D3 = dy + dy_off + ((size_t)s * F + fr3) * 784;
        __global const real* Pu = xp + ((size_t)s * C + c) * 1024 + rows[u];
        for (int oy = 0; oy < 28; oy++) {
            {
                const float16 p0 = vload16(0, Pu + oy * 32 + 0);
                const float16 p1 = vload16(0, Pu + oy * 32 + 1);
                const float16 p2 = vload16(0, Pu + oy * 32 + 2);
                const float16 p3 = vload16(0, Pu + oy * 32 + 3);
                const float16 p4 = vload16(0, Pu + oy * 32 + 4);
                {
                    const float16 d = vload16(0, D0 + oy * 28 + 0);
                    acc0_0 = fma(d, p0, acc0_0);
                    acc0_1 = fma(d, p1, acc0_1);
                    acc0_2 = fma(d, p2, acc0_2);
                    acc0_3 = fma(d, p3, acc0_3);
                    acc0_4 = fma(d, p4, acc0_4);
                }
                {
                    const float16 d = vload16(0, D1 + oy * 28 + 0);
                    acc1_0 = fma(d, p0, acc1_0);
                    acc1_1 = fma(d, p1, acc1_1);
                    acc1_2 = fma(d, p2, acc1_2);
                    acc1_3 = fma(d, p3, acc1_3);
                    acc1_4 = fma(d, p4, acc1_4);
                }
                {
                    const float16 d = vload16(0, D2 + oy * 28 + 0);
                    acc2_0 = fma(d, p0, acc2_0);
                    acc2_1 = fma(d, p1, acc2_1);
                    acc2_2 = fma(d, p2, acc2_2);
                    acc2_3 = fma(d, p3, acc2_3);
                    acc2_4 = fma(d, p4, acc2_4);
                }
                {
                    const float16 d = vload16(0, D3 + oy * 28 + 0);
                    acc3_0 = fma(d, p0, acc3_0);
                    acc3_1 = fma(d, p1, acc3_1);
                    acc3_2 = fma(d, p2, acc3_2);
                    acc3_3 = fma(d, p3, acc3_3);
                    acc3_4 = fma(d, p4, acc3_4);
                }
            }
            {
                const float16 p0 = (float16)(vload8(0, Pu + oy * 32 + 16), vload4(0, Pu + oy * 32 + 16 + 8), (float)0, (float)0, (float)0, (float)0);
                const float16 p1 = (float16)(vload8(0, Pu + oy * 32 + 17), vload4(0, Pu + oy * 32 + 17 + 8), (float)0, (float)0, (float)0, (float)0);
                const float16 p2 = (float16)(vload8(0, Pu + oy * 32 + 18), vload4(0, Pu + oy * 32 + 18 + 8), (float)0, (float)0, (float)0, (float)0);
                const float16 p3 = (float16)(vload8(0, Pu + oy * 32 + 19), vload4(0, Pu + oy * 32 + 19 + 8), (float)0, (float)0, (float)0, (float)0);
                const float16 p4 = (float16)(vload8(0, Pu + oy * 32 + 20), vload4(0, Pu + oy * 32 + 20 + 8), (float)0, (float)0, (float)0, (float)0);
                {
                    const float16 d = (float16)(vload8(0, D0 + oy * 28 + 16), vload4(0, D0 + oy * 28 + 16 + 8), (float)0, (float)0, (float)0, (float)0);
                    acc0_0 = fma(d, p0, acc0_0);
                    acc0_1 = fma(d, p1, acc0_1);
                    acc0_2 = fma(d, p2, acc0_2);
                    acc0_3 = fma(d, p3, acc0_3);
                    acc0_4 = fma(d, p4, acc0_4);
                }
                {
                    const float16 d = (float16)(vload8(0, D1 + oy * 28 + 16), vload4(0, D1 + oy * 28 + 16 + 8), (float)0, (float)0, (float)0, (float)0);
                    acc1_0 = fma(d, p0, acc1_0);
                    acc1_1 = fma(d, p1, acc1_1);
                    acc1_2 = fma(d, p2, acc1_2);
                    acc1_3 = fma(d, p3, acc1_3);
                    acc1_4 = fma(d, p4, acc1_4);
                }
                {
                    const float16 d = (float16)(vload8(0, D2 + oy * 28 + 16), vload4(0, D2 + oy * 28 + 16 + 8), (float)0, (float)0, (float)0, (float)0);
                    acc2_0 = fma(d, p0, acc2_0);
                    acc2_1 = fma(d, p1, acc2_1);
                    acc2_2 = fma(d, p2, acc2_2);
                    acc2_3 = fma(d, p3, acc2_3);
                    acc2_4 = fma(d, p4, acc2_4);
                }
                {
                    const float16 d = (float16)(vload8(0, D3 + oy * 28 + 16), vload4(0, D3 + oy * 28 + 16 + 8), (float)0, (float)0, (float)0, (float)0);
                    acc3_0 = fma(d, p0, acc3_0);
                    acc3_1 = fma(d, p1, acc3_1);
                    acc3_2 = fma(d, p2, acc3_2);
                    acc3_3 = fma(d, p3, acc3_3);
                    acc3_4 = fma(d, p4, acc3_4);
                }
            }
        }
    }
    if (f0 + 0 < F) {
        {
            const float8 h8 = acc0_0.lo + acc0_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr0) * C * 25 + (c * 5 + u) * 5 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc0_1.lo + acc0_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr0) * C * 25 + (c * 5 + u) * 5 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc0_2.lo + acc0_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr0) * C * 25 + (c * 5 + u) * 5 + 2;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc0_3.lo + acc0_3.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr0) * C * 25 + (c * 5 + u) * 5 + 3;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc0_4.lo + acc0_4.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr0) * C * 25 + (c * 5 + u) * 5 + 4;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 1 < F) {
        {
            const float8 h8 = acc1_0.lo + acc1_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr1) * C * 25 + (c * 5 + u) * 5 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc1_1.lo + acc1_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr1) * C * 25 + (c * 5 + u) * 5 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc1_2.lo + acc1_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr1) * C * 25 + (c * 5 + u) * 5 + 2;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc1_3.lo + acc1_3.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr1) * C * 25 + (c * 5 + u) * 5 + 3;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc1_4.lo + acc1_4.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr1) * C * 25 + (c * 5 + u) * 5 + 4;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 2 < F) {
        {
            const float8 h8 = acc2_0.lo + acc2_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr2) * C * 25 + (c * 5 + u) * 5 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc2_1.lo + acc2_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr2) * C * 25 + (c * 5 + u) * 5 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc2_2.lo + acc2_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr2) * C * 25 + (c * 5 + u) * 5 + 2;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc2_3.lo + acc2_3.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr2) * C * 25 + (c * 5 + u) * 5 + 3;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc2_4.lo + acc2_4.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr2) * C * 25 + (c * 5 + u) * 5 + 4;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 3 < F) {
        {
            const float8 h8 = acc3_0.lo + acc3_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr3) * C * 25 + (c * 5 + u) * 5 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc3_1.lo + acc3_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr3) * C * 25 + (c * 5 + u) * 5 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc3_2.lo + acc3_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr3) * C * 25 + (c * 5 + u) * 5 + 2;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc3_3.lo + acc3_3.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr3) * C * 25 + (c * 5 + u) * 5 + 3;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc3_4.lo + acc3_4.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr3) * C * 25 + (c * 5 + u) * 5 + 4;
            *o = (add ? *o : (real)0) + h;
        }
    }

}

/* ==== unit conv_implicit_forward for backward: 1 kernel ==== */

/* conv_implicit_forward: C=16 F=6 OH=14 OW=14 OHW=196 QH=18 QW=18 PLANE=324 K=400 LW=16 S=1 LAST=14 PPV=1 V=float16 TM=6 NV=2 PPT=2 TN=32 BIAS_ARGS= EPILOGUE_ARGS= YT=real */
/* The forward of a convolution as an implicit matrix product over the phase planes xp that
 * conv_implicit.cl pads (the same geometry: x [N, 16, …] → y [N, 6, 14, 14], planes of
 * 18 × 18, output rows in pieces of 16 columns, 1 per row, the last 14 wide, 1 to a
 * float16). Separate from it because its code depends on the epilogue, on whether it adds into y
 * (an input gradient computed as a convolution) and on whether it gathers batch statistics. */

/* y[z] = act(w · col(xp[z]) + bias (+ r)), or y[z] += w · col(xp[z]), w [6, 400]: one work-item
 * computes 6 filters × 2 pieces (32 lanes) with 6 × 2 float16 accumulators; dimensions:
 * filter tiles, piece tiles, samples of the chunk. Product 6x196x400 (filters x output positions x C*KH*KW), tiling 8x32/8. With batch statistics
 * (FuseBatchNormStatistics) it also writes, for each of its filters, the count, mean and sum of
 * squared deviations of its tile's outputs (two passes over the registers) to
 * tstats[st_off + 3·((z·F + f)·tiles + t)], which batch_statistics.cl merges per sample.
 * Without a bias, residual or activation, whether it gathers them and whether it adds into y
 * are the arguments stats and add, so that a layer's forward and an input gradient of the same
 * geometry share the kernel. y is stored as real (common.cl). */
__kernel void conv_implicit_forward_df997466_forward(__global const real* A, __global const real* xp, __global real* Y, const long y_off, __global real* tstats, const long st_off, const int stats, const int add) {
    const int m0 = get_global_id(0) * 6;
    const int t = get_global_id(1);
    const int z = get_global_id(2);
    __global const real* Pz = xp + (size_t)z * 16 * 324;
    __global real* Yz = Y + y_off + (size_t)z * 6 * 196;
    const int r0 = min(m0 + 0, 5);
    __global const real* A0 = A + (size_t)r0 * 400;
    const int r1 = min(m0 + 1, 5);
    __global const real* A1 = A + (size_t)r1 * 400;
    const int r2 = min(m0 + 2, 5);
    __global const real* A2 = A + (size_t)r2 * 400;
    const int r3 = min(m0 + 3, 5);
    __global const real* A3 = A + (size_t)r3 * 400;
    const int r4 = min(m0 + 4, 5);
    __global const real* A4 = A + (size_t)r4 * 400;
    const int r5 = min(m0 + 5, 5);
    __global const real* A5 = A + (size_t)r5 * 400;
    const int q0 = min(t * 2 + 0, 13);
    const int in0 = q0 * 18 + 0 * 16;
    const int out0 = q0 * 14 + 0 * 16;
    const int q1 = min(t * 2 + 1, 13);
    const int in1 = q1 * 18 + 0 * 16;
    const int out1 = q1 * 14 + 0 * 16;
    float16 acc0_0 = (float16)0;
    float16 acc0_1 = (float16)0;
    float16 acc1_0 = (float16)0;
    float16 acc1_1 = (float16)0;
    float16 acc2_0 = (float16)0;
    float16 acc2_1 = (float16)0;
    float16 acc3_0 = (float16)0;
    float16 acc3_1 = (float16)0;
    float16 acc4_0 = (float16)0;
    float16 acc4_1 = (float16)0;
    float16 acc5_0 = (float16)0;
    float16 acc5_1 = (float16)0;
    for (int c = 0; c < 16; c++) {
        __global const real* Pc = Pz + (size_t)c * 324;
        const int kc = c * 25;
        {
            const float16 b0 = vload16(0, Pc + 0 + in0);
            const float16 b1 = vload16(0, Pc + 0 + in1);
            const float16 a0 = (float16)(A0[kc + 0]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 0]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 0]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 0]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 0]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 0]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 1 + in0);
            const float16 b1 = vload16(0, Pc + 1 + in1);
            const float16 a0 = (float16)(A0[kc + 1]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 1]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 1]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 1]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 1]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 1]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 2 + in0);
            const float16 b1 = vload16(0, Pc + 2 + in1);
            const float16 a0 = (float16)(A0[kc + 2]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 2]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 2]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 2]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 2]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 2]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 3 + in0);
            const float16 b1 = vload16(0, Pc + 3 + in1);
            const float16 a0 = (float16)(A0[kc + 3]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 3]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 3]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 3]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 3]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 3]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 4 + in0);
            const float16 b1 = vload16(0, Pc + 4 + in1);
            const float16 a0 = (float16)(A0[kc + 4]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 4]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 4]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 4]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 4]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 4]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 18 + in0);
            const float16 b1 = vload16(0, Pc + 18 + in1);
            const float16 a0 = (float16)(A0[kc + 5]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 5]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 5]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 5]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 5]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 5]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 19 + in0);
            const float16 b1 = vload16(0, Pc + 19 + in1);
            const float16 a0 = (float16)(A0[kc + 6]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 6]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 6]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 6]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 6]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 6]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 20 + in0);
            const float16 b1 = vload16(0, Pc + 20 + in1);
            const float16 a0 = (float16)(A0[kc + 7]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 7]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 7]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 7]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 7]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 7]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 21 + in0);
            const float16 b1 = vload16(0, Pc + 21 + in1);
            const float16 a0 = (float16)(A0[kc + 8]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 8]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 8]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 8]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 8]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 8]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 22 + in0);
            const float16 b1 = vload16(0, Pc + 22 + in1);
            const float16 a0 = (float16)(A0[kc + 9]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 9]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 9]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 9]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 9]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 9]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 36 + in0);
            const float16 b1 = vload16(0, Pc + 36 + in1);
            const float16 a0 = (float16)(A0[kc + 10]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 10]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 10]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 10]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 10]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 10]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 37 + in0);
            const float16 b1 = vload16(0, Pc + 37 + in1);
            const float16 a0 = (float16)(A0[kc + 11]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 11]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 11]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 11]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 11]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 11]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 38 + in0);
            const float16 b1 = vload16(0, Pc + 38 + in1);
            const float16 a0 = (float16)(A0[kc + 12]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 12]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 12]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 12]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 12]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 12]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 39 + in0);
            const float16 b1 = vload16(0, Pc + 39 + in1);
            const float16 a0 = (float16)(A0[kc + 13]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 13]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 13]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 13]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 13]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 13]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 40 + in0);
            const float16 b1 = vload16(0, Pc + 40 + in1);
            const float16 a0 = (float16)(A0[kc + 14]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 14]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 14]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 14]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 14]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 14]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 54 + in0);
            const float16 b1 = vload16(0, Pc + 54 + in1);
            const float16 a0 = (float16)(A0[kc + 15]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 15]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 15]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 15]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 15]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 15]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 55 + in0);
            const float16 b1 = vload16(0, Pc + 55 + in1);
            const float16 a0 = (float16)(A0[kc + 16]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 16]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 16]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 16]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 16]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 16]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 56 + in0);
            const float16 b1 = vload16(0, Pc + 56 + in1);
            const float16 a0 = (float16)(A0[kc + 17]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 17]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 17]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 17]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 17]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 17]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 57 + in0);
            const float16 b1 = vload16(0, Pc + 57 + in1);
            const float16 a0 = (float16)(A0[kc + 18]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 18]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 18]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 18]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 18]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 18]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 58 + in0);
            const float16 b1 = vload16(0, Pc + 58 + in1);
            const float16 a0 = (float16)(A0[kc + 19]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 19]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 19]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 19]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 19]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 19]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 72 + in0);
            const float16 b1 = vload16(0, Pc + 72 + in1);
            const float16 a0 = (float16)(A0[kc + 20]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 20]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 20]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 20]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 20]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 20]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 73 + in0);
            const float16 b1 = vload16(0, Pc + 73 + in1);
            const float16 a0 = (float16)(A0[kc + 21]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 21]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 21]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 21]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 21]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 21]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 74 + in0);
            const float16 b1 = vload16(0, Pc + 74 + in1);
            const float16 a0 = (float16)(A0[kc + 22]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 22]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 22]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 22]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 22]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 22]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 75 + in0);
            const float16 b1 = vload16(0, Pc + 75 + in1);
            const float16 a0 = (float16)(A0[kc + 23]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 23]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 23]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 23]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 23]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 23]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
        {
            const float16 b0 = vload16(0, Pc + 76 + in0);
            const float16 b1 = vload16(0, Pc + 76 + in1);
            const float16 a0 = (float16)(A0[kc + 24]);
            acc0_0 = fma(a0, b0, acc0_0);
            acc0_1 = fma(a0, b1, acc0_1);
            const float16 a1 = (float16)(A1[kc + 24]);
            acc1_0 = fma(a1, b0, acc1_0);
            acc1_1 = fma(a1, b1, acc1_1);
            const float16 a2 = (float16)(A2[kc + 24]);
            acc2_0 = fma(a2, b0, acc2_0);
            acc2_1 = fma(a2, b1, acc2_1);
            const float16 a3 = (float16)(A3[kc + 24]);
            acc3_0 = fma(a3, b0, acc3_0);
            acc3_1 = fma(a3, b1, acc3_1);
            const float16 a4 = (float16)(A4[kc + 24]);
            acc4_0 = fma(a4, b0, acc4_0);
            acc4_1 = fma(a4, b1, acc4_1);
            const float16 a5 = (float16)(A5[kc + 24]);
            acc5_0 = fma(a5, b0, acc5_0);
            acc5_1 = fma(a5, b1, acc5_1);
        }
    }
    const int n0 = t * 2 + 0 < 14 ? 14 : 0;
    const int n1 = t * 2 + 1 < 14 ? 14 : 0;
    const int16 lane = (int16)(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const float16 mask0 = (float16)0 - convert_float16(lane < (int16)(n0));
    const float16 mask1 = (float16)0 - convert_float16(lane < (int16)(n1));
    const real stored = (real)(n0 + n1);
    if (m0 + 0 < 6) {
        __global real* y = Yz + (size_t)r0 * 196;
        const float16 o0 = acc0_0;
        const float16 o1 = acc0_1;
        if (stats) {
            const float16 sum = o0 * mask0 + o1 * mask1;
            const float8 total8 = sum.lo + sum.hi;
            const float4 total4 = total8.lo + total8.hi;
            const float2 total2 = total4.lo + total4.hi;
            const float total = total2.x + total2.y;
            const real mean = total / stored;
            float16 sq = (float16)0;
            {
                const float16 d = (o0 - (float16)(mean)) * mask0;
                sq = fma(d, d, sq);
            }
            {
                const float16 d = (o1 - (float16)(mean)) * mask1;
                sq = fma(d, d, sq);
            }
            __global real* st = tstats + st_off + 3 * (((size_t)z * 6 + r0) * 7 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 == 16) {
        vstore16((add ? vload16(0, y + out0) + o0 : o0), 0, y + out0);
        } else if (n0 > 0) {
            real l[16];
            vstore16(o0, 0, l);
            for (int i = 0; i < 14; i++) {
                y[out0 + i] = (add ? y[out0 + i] + l[i] : l[i]);
            }
        }
        if (n1 == 16) {
        vstore16((add ? vload16(0, y + out1) + o1 : o1), 0, y + out1);
        } else if (n1 > 0) {
            real l[16];
            vstore16(o1, 0, l);
            for (int i = 0; i < 14; i++) {
                y[out1 + i] = (add ? y[out1 + i] + l[i] : l[i]);
            }
        }
    }
    if (m0 + 1 < 6) {
        __global real* y = Yz + (size_t)r1 * 196;
        const float16 o0 = acc1_0;
        const float16 o1 = acc1_1;
        if (stats) {
            const float16 sum = o0 * mask0 + o1 * mask1;
            const float8 total8 = sum.lo + sum.hi;
            const float4 total4 = total8.lo + total8.hi;
            const float2 total2 = total4.lo + total4.hi;
            const float total = total2.x + total2.y;
            const real mean = total / stored;
            float16 sq = (float16)0;
            {
                const float16 d = (o0 - (float16)(mean)) * mask0;
                sq = fma(d, d, sq);
            }
            {
                const float16 d = (o1 - (float16)(mean)) * mask1;
                sq = fma(d, d, sq);
            }
            __global real* st = tstats + st_off + 3 * (((size_t)z * 6 + r1) * 7 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 == 16) {
        vstore16((add ? vload16(0, y + out0) + o0 : o0), 0, y + out0);
        } else if (n0 > 0) {
            real l[16];
            vstore16(o0, 0, l);
            for (int i = 0; i < 14; i++) {
                y[out0 + i] = (add ? y[out0 + i] + l[i] : l[i]);
            }
        }
        if (n1 == 16) {
        vstore16((add ? vload16(0, y + out1) + o1 : o1), 0, y + out1);
        } else if (n1 > 0) {
            real l[16];
            vstore16(o1, 0, l);
            for (int i = 0; i < 14; i++) {
                y[out1 + i] = (add ? y[out1 + i] + l[i] : l[i]);
            }
        }
    }
    if (m0 + 2 < 6) {
        __global real* y = Yz + (size_t)r2 * 196;
        const float16 o0 = acc2_0;
        const float16 o1 = acc2_1;
        if (stats) {
            const float16 sum = o0 * mask0 + o1 * mask1;
            const float8 total8 = sum.lo + sum.hi;
            const float4 total4 = total8.lo + total8.hi;
            const float2 total2 = total4.lo + total4.hi;
            const float total = total2.x + total2.y;
            const real mean = total / stored;
            float16 sq = (float16)0;
            {
                const float16 d = (o0 - (float16)(mean)) * mask0;
                sq = fma(d, d, sq);
            }
            {
                const float16 d = (o1 - (float16)(mean)) * mask1;
                sq = fma(d, d, sq);
            }
            __global real* st = tstats + st_off + 3 * (((size_t)z * 6 + r2) * 7 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 == 16) {
        vstore16((add ? vload16(0, y + out0) + o0 : o0), 0, y + out0);
        } else if (n0 > 0) {
            real l[16];
            vstore16(o0, 0, l);
            for (int i = 0; i < 14; i++) {
                y[out0 + i] = (add ? y[out0 + i] + l[i] : l[i]);
            }
        }
        if (n1 == 16) {
        vstore16((add ? vload16(0, y + out1) + o1 : o1), 0, y + out1);
        } else if (n1 > 0) {
            real l[16];
            vstore16(o1, 0, l);
            for (int i = 0; i < 14; i++) {
                y[out1 + i] = (add ? y[out1 + i] + l[i] : l[i]);
            }
        }
    }
    if (m0 + 3 < 6) {
        __global real* y = Yz + (size_t)r3 * 196;
        const float16 o0 = acc3_0;
        const float16 o1 = acc3_1;
        if (stats) {
            const float16 sum = o0 * mask0 + o1 * mask1;
            const float8 total8 = sum.lo + sum.hi;
            const float4 total4 = total8.lo + total8.hi;
            const float2 total2 = total4.lo + total4.hi;
            const float total = total2.x + total2.y;
            const real mean = total / stored;
            float16 sq = (float16)0;
            {
                const float16 d = (o0 - (float16)(mean)) * mask0;
                sq = fma(d, d, sq);
            }
            {
                const float16 d = (o1 - (float16)(mean)) * mask1;
                sq = fma(d, d, sq);
            }
            __global real* st = tstats + st_off + 3 * (((size_t)z * 6 + r3) * 7 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 == 16) {
        vstore16((add ? vload16(0, y + out0) + o0 : o0), 0, y + out0);
        } else if (n0 > 0) {
            real l[16];
            vstore16(o0, 0, l);
            for (int i = 0; i < 14; i++) {
                y[out0 + i] = (add ? y[out0 + i] + l[i] : l[i]);
            }
        }
        if (n1 == 16) {
        vstore16((add ? vload16(0, y + out1) + o1 : o1), 0, y + out1);
        } else if (n1 > 0) {
            real l[16];
            vstore16(o1, 0, l);
            for (int i = 0; i < 14; i++) {
                y[out1 + i] = (add ? y[out1 + i] + l[i] : l[i]);
            }
        }
    }
    if (m0 + 4 < 6) {
        __global real* y = Yz + (size_t)r4 * 196;
        const float16 o0 = acc4_0;
        const float16 o1 = acc4_1;
        if (stats) {
            const float16 sum = o0 * mask0 + o1 * mask1;
            const float8 total8 = sum.lo + sum.hi;
            const float4 total4 = total8.lo + total8.hi;
            const float2 total2 = total4.lo + total4.hi;
            const float total = total2.x + total2.y;
            const real mean = total / stored;
            float16 sq = (float16)0;
            {
                const float16 d = (o0 - (float16)(mean)) * mask0;
                sq = fma(d, d, sq);
            }
            {
                const float16 d = (o1 - (float16)(mean)) * mask1;
                sq = fma(d, d, sq);
            }
            __global real* st = tstats + st_off + 3 * (((size_t)z * 6 + r4) * 7 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 == 16) {
        vstore16((add ? vload16(0, y + out0) + o0 : o0), 0, y + out0);
        } else if (n0 > 0) {
            real l[16];
            vstore16(o0, 0, l);
            for (int i = 0; i < 14; i++) {
                y[out0 + i] = (add ? y[out0 + i] + l[i] : l[i]);
            }
        }
        if (n1 == 16) {
        vstore16((add ? vload16(0, y + out1) + o1 : o1), 0, y + out1);
        } else if (n1 > 0) {
            real l[16];
            vstore16(o1, 0, l);
            for (int i = 0; i < 14; i++) {
                y[out1 + i] = (add ? y[out1 + i] + l[i] : l[i]);
            }
        }
    }
    if (m0 + 5 < 6) {
        __global real* y = Yz + (size_t)r5 * 196;
        const float16 o0 = acc5_0;
        const float16 o1 = acc5_1;
        if (stats) {
            const float16 sum = o0 * mask0 + o1 * mask1;
            const float8 total8 = sum.lo + sum.hi;
            const float4 total4 = total8.lo + total8.hi;
            const float2 total2 = total4.lo + total4.hi;
            const float total = total2.x + total2.y;
            const real mean = total / stored;
            float16 sq = (float16)0;
            {
                const float16 d = (o0 - (float16)(mean)) * mask0;
                sq = fma(d, d, sq);
            }
            {
                const float16 d = (o1 - (float16)(mean)) * mask1;
                sq = fma(d, d, sq);
            }
            __global real* st = tstats + st_off + 3 * (((size_t)z * 6 + r5) * 7 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 == 16) {
        vstore16((add ? vload16(0, y + out0) + o0 : o0), 0, y + out0);
        } else if (n0 > 0) {
            real l[16];
            vstore16(o0, 0, l);
            for (int i = 0; i < 14; i++) {
                y[out0 + i] = (add ? y[out0 + i] + l[i] : l[i]);
            }
        }
        if (n1 == 16) {
        vstore16((add ? vload16(0, y + out1) + o1 : o1), 0, y + out1);
        } else if (n1 > 0) {
            real l[16];
            vstore16(o1, 0, l);
            for (int i = 0; i < 14; i++) {
                y[out1 + i] = (add ? y[out1 + i] + l[i] : l[i]);
            }
        }
    }

}

/* ==== unit conv_pad for backward: 1 kernel ==== */

/* conv_pad: H=10 W=10 UH=1 UW=1 XH=10 XW=10 QH=18 QW=18 PT=4 PL=4 SH=1 SW=1 NA=1 NB=1 RA=0 RB=0 SLACK=16 XT=real */
/* A convolution's input x [.., 10, 10] (upsampled by (1, 1) from [.., 10, 10]) copied,
 * zero-padded (top 4, left 4), into phase planes of 18 × 18 for the stride (1, 1):
 * xp[s][c][a][b][i][j] = x[s][c][i·SH + A[a] − PT][j·SW + B[b] − PL] (0 outside x), for the row
 * phases A = {0} and column phases B = {0}; the implicit matrix products of
 * conv_implicit.cl and conv_implicit_forward.cl read them. x_off is the first sample's offset in
 * x (samples · channels · XH · XW): the kernels depend on the geometry only, so every convolution
 * with the same input sizes, padding and stride shares them, whatever its channels and filters.
 * x is stored as real (common.cl); the planes are reals. */

/* Row h of the (upsampled) input, read from channel `plane` of x, into phase-plane row `out` of
 * column phase b. Upsampled by (1, 1) (1, 1 normally): x holds [C, 10, 10] and
 * stands for the [C, 10, 10] input whose rows h and columns w are x's h / 1, w / 1
 * where those divide evenly and 0 elsewhere (a strided convolution's input gradient as a
 * convolution of dy). */
inline void conv_pad_b230639b_pad_row(__global const real* x, __global real* out, const int h, const int b,
                              const size_t plane) {
    if (h < 0 || h >= 10 || h % 1 != 0) {
        for (int j = 0; j < 18; j++) {
            out[j] = (real)0;
        }
    } else if (1 * 1 == 1) { /* stride 1 and no upsampling (both are at least 1) */
        __global const real* in = x + (plane * 10 + h / 1) * 10;
        for (int j = 0; j < 4; j++) {
            out[j] = (real)0;
        }
        int j = 0;
        for (; j + 16 <= 10; j += 16) {
            vstore16(VLOAD16_real(in, j), 0, out + 4 + j);
        }
        for (; j < 10; j++) {
            out[4 + j] = LOAD_real(in, j);
        }
        for (int j = 4 + 10; j < 18; j++) {
            out[j] = (real)0;
        }
    } else {
        __global const real* in = x + (plane * 10 + h / 1) * 10;
        for (int j = 0; j < 18; j++) {
            const int w = j * 1 + b - 4;
            out[j] = w >= 0 && w < 10 && w % 1 == 0 ? LOAD_real(in, w / 1) : (real)0;
        }
    }
}

/* One work-item per phase-plane row (s, c, a, b, i); the last also zeroes the slack after the
 * last plane. */
__kernel void conv_pad_b230639b_pad(__global const real* x, __global real* xp, const long x_off) {
    const int ra[1] = {0};
    const int rb[1] = {0};
    const size_t row = get_global_id(0);
    const int i = row % 18;
    const int b = rb[(row / 18) % 1];
    const int a = ra[(row / (18 * 1)) % 1];
    const size_t plane = row / ((size_t)18 * 1 * 1);
    __global real* out = xp + row * 18;
    conv_pad_b230639b_pad_row(x + x_off, out, i * 1 + a - 4, b, plane);
    if (row == get_global_size(0) - 1) {
        for (int j = 0; j < 16; j++) {
            out[18 + j] = (real)0;
        }
    }
}

/* ==== unit gemm_reduce for backward: 1 kernel ==== */

/* gemm_reduce: ACC=*c +  BIAS= */
/* The end of a split matrix product (split-K over the summed blocks): C[m, n] (+)= Σ_{g < parts}
 * P[g][m, n] (+ bias), for C [M, N] with row stride ldc and the parts partial products P[g]
 * packed [M, N]. The sizes are arguments (one kernel for every product of a model); a 2-D range,
 * dimension 0 the column n, dimension 1 the row m, one work-item per element of C, partials
 * summed in order g = 0, 1, … (deterministic). */
__kernel void gemm_reduce_646b8458_reduce(__global const real* P, __global real* C, const long c_off,
                               __global const real* bias, const long mn, const long ldc, const int parts) {
    const size_t n = get_global_id(0);
    const size_t m = get_global_id(1);
    const size_t idx = m * get_global_size(0) + n;
    real sum = (real)0;
    for (int g = 0; g < parts; g++) {
        sum += P[(size_t)g * mn + idx];
    }
    __global real* c = C + c_off + m * ldc + n;
    *c = *c + sum;
}

/* ==== unit zero for zero_grads: 1 kernel ==== */

/* sets a buffer to zero */
__kernel void cnnc_zero(__global real* x) {
    x[get_global_id(0)] = (real)0;
}

/* ==== unit optim_grad_norm for grad_norm: 2 kernels ==== */

/* optim_grad_norm: CHUNK=1024 PARTIALS=67 */
/* The squared global L2 norm of the parameter gradients, for clipping (PyTorch's
 * clip_grad_norm_), in two passes without races: partial sums of g^2 over chunks of 1024
 * elements, one work-item per chunk, each writing its own slot of partials (every parameter has
 * its own run of slots from offset); then one work-item adds the 67 partials into total[0]. */
__kernel void optim_grad_norm_7d0a2edb_partial(__global const real* g, __global real* partials, const int offset, const int n) {
    const int c = get_global_id(0);
    const int start = c * 1024;
    const int end = min(start + 1024, n);
    real acc = (real)0;
    for (int i = start; i < end; i++) {
        acc += g[i] * g[i];
    }
    partials[offset + c] = acc;
}

__kernel void optim_grad_norm_7d0a2edb_total(__global const real* partials, __global real* total) {
    real acc = (real)0;
    for (int i = 0; i < 67; i++) {
        acc += partials[i];
    }
    total[0] = acc;
}

/* ==== unit optim_sgd for optimizer: 1 kernel ==== */

/* optim_sgd: WEIGHT_DECAY=0.0f HAS_WEIGHT_DECAY=0 MOMENTUM=0.0f NESTEROV=0 */
/* SGD step, PyTorch's torch.optim.SGD with dampening 0, for element i of one parameter p, updated
 * in place from its gradient buffer grad. The gradient is first scaled by grad_scale (1/k for k
 * accumulated batches, times the clipping factor), then weight decay 0.0f is added:
 * g = grad_scale * grad + wd * p. FP_CONTRACT is off so the roundings are PyTorch's (no fused
 * multiply-adds). The kernels that call these (several parameters per launch) are generated
 * after this template by OptimizerLowering. */

/* Without momentum: p -= lr * g. */
inline void optim_sgd_5842add9_plain(__global real* p, __global const real* grad, const size_t i, const real lr,
                            const real grad_scale) {
#pragma OPENCL FP_CONTRACT OFF
    const real theta = p[i];
    real g = grad[i] * grad_scale;
    if (0) {
        g = g + 0.0f * theta;
    }
    p[i] = theta - lr * g;
}

/* With momentum mu = 0.0f: v = mu * v + g (v starts at 0, so the first v is g, as PyTorch's
 * buffer initialised to the gradient); p -= lr * v, or with Nesterov (0)
 * p -= lr * (g + mu * v). */
inline void optim_sgd_5842add9_momentum(__global real* p, __global const real* grad, __global real* v, const size_t i,
                               const real lr, const real grad_scale) {
#pragma OPENCL FP_CONTRACT OFF
    const real theta = p[i];
    real g = grad[i] * grad_scale;
    if (0) {
        g = g + 0.0f * theta;
    }
    const real buf = 0.0f * v[i] + g;
    v[i] = buf;
    const real d = 0 ? g + 0.0f * buf : buf;
    p[i] = theta - lr * d;
}

/* optim_sgd_5842add9_tensors16 */

/* optimizer step of up to 16 parameters, each a run of whole work-groups of 64 × 16 */
__kernel void optim_sgd_5842add9_tensors16(__global real* p0, __global const real* g0, __global real* p1, __global const real* g1, __global real* p2, __global const real* g2, __global real* p3, __global const real* g3, __global real* p4, __global const real* g4, __global real* p5, __global const real* g5, __global real* p6, __global const real* g6, __global real* p7, __global const real* g7, __global real* p8, __global const real* g8, __global real* p9, __global const real* g9, __global real* p10, __global const real* g10, __global real* p11, __global const real* g11, __global real* p12, __global const real* g12, __global real* p13, __global const real* g13, __global real* p14, __global const real* g14, __global real* p15, __global const real* g15, const real lr, const real grad_scale, const ulong e0, const ulong n0, const ulong e1, const ulong n1, const ulong e2, const ulong n2, const ulong e3, const ulong n3, const ulong e4, const ulong n4, const ulong e5, const ulong n5, const ulong e6, const ulong n6, const ulong e7, const ulong n7, const ulong e8, const ulong n8, const ulong e9, const ulong n9, const ulong e10, const ulong n10, const ulong e11, const ulong n11, const ulong e12, const ulong n12, const ulong e13, const ulong n13, const ulong e14, const ulong n14, const ulong e15, const ulong n15) {
    const size_t group = get_group_id(0);
    if (group < e0) {
        const size_t first = (get_global_id(0) - 0 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n0); i++) {
            optim_sgd_5842add9_plain(p0, g0, i, lr, grad_scale);
        }
    } else if (group < e1) {
        const size_t first = (get_global_id(0) - e0 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n1); i++) {
            optim_sgd_5842add9_plain(p1, g1, i, lr, grad_scale);
        }
    } else if (group < e2) {
        const size_t first = (get_global_id(0) - e1 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n2); i++) {
            optim_sgd_5842add9_plain(p2, g2, i, lr, grad_scale);
        }
    } else if (group < e3) {
        const size_t first = (get_global_id(0) - e2 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n3); i++) {
            optim_sgd_5842add9_plain(p3, g3, i, lr, grad_scale);
        }
    } else if (group < e4) {
        const size_t first = (get_global_id(0) - e3 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n4); i++) {
            optim_sgd_5842add9_plain(p4, g4, i, lr, grad_scale);
        }
    } else if (group < e5) {
        const size_t first = (get_global_id(0) - e4 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n5); i++) {
            optim_sgd_5842add9_plain(p5, g5, i, lr, grad_scale);
        }
    } else if (group < e6) {
        const size_t first = (get_global_id(0) - e5 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n6); i++) {
            optim_sgd_5842add9_plain(p6, g6, i, lr, grad_scale);
        }
    } else if (group < e7) {
        const size_t first = (get_global_id(0) - e6 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n7); i++) {
            optim_sgd_5842add9_plain(p7, g7, i, lr, grad_scale);
        }
    } else if (group < e8) {
        const size_t first = (get_global_id(0) - e7 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n8); i++) {
            optim_sgd_5842add9_plain(p8, g8, i, lr, grad_scale);
        }
    } else if (group < e9) {
        const size_t first = (get_global_id(0) - e8 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n9); i++) {
            optim_sgd_5842add9_plain(p9, g9, i, lr, grad_scale);
        }
    } else if (group < e10) {
        const size_t first = (get_global_id(0) - e9 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n10); i++) {
            optim_sgd_5842add9_plain(p10, g10, i, lr, grad_scale);
        }
    } else if (group < e11) {
        const size_t first = (get_global_id(0) - e10 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n11); i++) {
            optim_sgd_5842add9_plain(p11, g11, i, lr, grad_scale);
        }
    } else if (group < e12) {
        const size_t first = (get_global_id(0) - e11 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n12); i++) {
            optim_sgd_5842add9_plain(p12, g12, i, lr, grad_scale);
        }
    } else if (group < e13) {
        const size_t first = (get_global_id(0) - e12 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n13); i++) {
            optim_sgd_5842add9_plain(p13, g13, i, lr, grad_scale);
        }
    } else if (group < e14) {
        const size_t first = (get_global_id(0) - e13 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n14); i++) {
            optim_sgd_5842add9_plain(p14, g14, i, lr, grad_scale);
        }
    } else if (group < e15) {
        const size_t first = (get_global_id(0) - e14 * 64) * 16;
        for (size_t i = first; i < min(first + 16, (size_t)n15); i++) {
            optim_sgd_5842add9_plain(p15, g15, i, lr, grad_scale);
        }
    }
}
