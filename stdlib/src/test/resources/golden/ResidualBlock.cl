/* cnnc: ResidualBlock, batch 8, float, training */
/* 35 kernels in 19 units; each unit is built on its own, after the prelude */
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

/* ==== unit conv_implicit_forward for forward: 3 kernels ==== */

/* conv_implicit_forward: C=16 F=32 OH=8 OW=8 OHW=64 QH=9 QW=9 PLANE=324 K=144 LW=8 S=1 LAST=8 PPV=2 V=float16 TM=8 NV=2 PPT=4 TN=32 BIAS_ARGS= EPILOGUE_ARGS= YT=real */
/* The forward of a convolution as an implicit matrix product over the phase planes xp that
 * conv_implicit.cl pads (the same geometry: x [N, 16, …] → y [N, 32, 8, 8], planes of
 * 9 × 9, output rows in pieces of 8 columns, 1 per row, the last 8 wide, 2 to a
 * float16). Separate from it because its code depends on the epilogue, on whether it adds into y
 * (an input gradient computed as a convolution) and on whether it gathers batch statistics. */

/* y[z] = act(w · col(xp[z]) + bias (+ r)), or y[z] += w · col(xp[z]), w [32, 144]: one work-item
 * computes 8 filters × 4 pieces (32 lanes) with 8 × 2 float16 accumulators; dimensions:
 * filter tiles, piece tiles, samples of the chunk. Product 32x64x144 (filters x output positions x C*KH*KW), tiling 8x32/8. With batch statistics
 * (FuseBatchNormStatistics) it also writes, for each of its filters, the count, mean and sum of
 * squared deviations of its tile's outputs (two passes over the registers) to
 * tstats[st_off + 3·((z·F + f)·tiles + t)], which batch_statistics.cl merges per sample.
 * Without a bias, residual or activation, whether it gathers them and whether it adds into y
 * are the arguments stats and add, so that a layer's forward and an input gradient of the same
 * geometry share the kernel. y is stored as real (common.cl). */
__kernel void conv_implicit_forward_c358f279_forward(__global const real* A, __global const real* xp, __global real* Y, const long y_off, __global real* tstats, const long st_off, const int stats, const int add) {
    const int m0 = get_global_id(0) * 8;
    const int t = get_global_id(1);
    const int z = get_global_id(2);
    __global const real* Pz = xp + (size_t)z * 16 * 324;
    __global real* Yz = Y + y_off + (size_t)z * 32 * 64;
    const int r0 = min(m0 + 0, 31);
    __global const real* A0 = A + (size_t)r0 * 144;
    const int r1 = min(m0 + 1, 31);
    __global const real* A1 = A + (size_t)r1 * 144;
    const int r2 = min(m0 + 2, 31);
    __global const real* A2 = A + (size_t)r2 * 144;
    const int r3 = min(m0 + 3, 31);
    __global const real* A3 = A + (size_t)r3 * 144;
    const int r4 = min(m0 + 4, 31);
    __global const real* A4 = A + (size_t)r4 * 144;
    const int r5 = min(m0 + 5, 31);
    __global const real* A5 = A + (size_t)r5 * 144;
    const int r6 = min(m0 + 6, 31);
    __global const real* A6 = A + (size_t)r6 * 144;
    const int r7 = min(m0 + 7, 31);
    __global const real* A7 = A + (size_t)r7 * 144;
    const int q0 = min(t * 4 + 0, 7);
    const int in0 = q0 * 9 + 0 * 8;
    const int out0 = q0 * 8 + 0 * 8;
    const int q1 = min(t * 4 + 1, 7);
    const int in1 = q1 * 9 + 0 * 8;
    const int out1 = q1 * 8 + 0 * 8;
    const int q2 = min(t * 4 + 2, 7);
    const int in2 = q2 * 9 + 0 * 8;
    const int out2 = q2 * 8 + 0 * 8;
    const int q3 = min(t * 4 + 3, 7);
    const int in3 = q3 * 9 + 0 * 8;
    const int out3 = q3 * 8 + 0 * 8;
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
    for (int c = 0; c < 16; c++) {
        __global const real* Pc = Pz + (size_t)c * 324;
        const int kc = c * 9;
        {
            const float16 b0 = (float16)(vload8(0, Pc + 0 + in0), vload8(0, Pc + 0 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 0 + in2), vload8(0, Pc + 0 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 81 + in0), vload8(0, Pc + 81 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 81 + in2), vload8(0, Pc + 81 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 1 + in0), vload8(0, Pc + 1 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 1 + in2), vload8(0, Pc + 1 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 162 + in0), vload8(0, Pc + 162 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 162 + in2), vload8(0, Pc + 162 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 243 + in0), vload8(0, Pc + 243 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 243 + in2), vload8(0, Pc + 243 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 163 + in0), vload8(0, Pc + 163 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 163 + in2), vload8(0, Pc + 163 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 9 + in0), vload8(0, Pc + 9 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 9 + in2), vload8(0, Pc + 9 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 90 + in0), vload8(0, Pc + 90 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 90 + in2), vload8(0, Pc + 90 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 10 + in0), vload8(0, Pc + 10 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 10 + in2), vload8(0, Pc + 10 + in3));
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
    }
    const int n0 = t * 4 + 0 < 8 ? 8 : 0;
    const int n1 = t * 4 + 1 < 8 ? 8 : 0;
    const int n2 = t * 4 + 2 < 8 ? 8 : 0;
    const int n3 = t * 4 + 3 < 8 ? 8 : 0;
    const int16 lane = (int16)(0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7);
    const float16 mask0 = (float16)0 - convert_float16(lane < (int16)((int8)(n0), (int8)(n1)));
    const float16 mask1 = (float16)0 - convert_float16(lane < (int16)((int8)(n2), (int8)(n3)));
    const real stored = (real)(n0 + n1 + n2 + n3);
    if (m0 + 0 < 32) {
        __global real* y = Yz + (size_t)r0 * 64;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r0) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }
    if (m0 + 1 < 32) {
        __global real* y = Yz + (size_t)r1 * 64;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r1) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }
    if (m0 + 2 < 32) {
        __global real* y = Yz + (size_t)r2 * 64;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r2) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }
    if (m0 + 3 < 32) {
        __global real* y = Yz + (size_t)r3 * 64;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r3) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }
    if (m0 + 4 < 32) {
        __global real* y = Yz + (size_t)r4 * 64;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r4) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }
    if (m0 + 5 < 32) {
        __global real* y = Yz + (size_t)r5 * 64;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r5) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }
    if (m0 + 6 < 32) {
        __global real* y = Yz + (size_t)r6 * 64;
        const float16 o0 = acc6_0;
        const float16 o1 = acc6_1;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r6) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }
    if (m0 + 7 < 32) {
        __global real* y = Yz + (size_t)r7 * 64;
        const float16 o0 = acc7_0;
        const float16 o1 = acc7_1;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r7) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }

}

/* conv_implicit_forward: C=32 F=32 OH=8 OW=8 OHW=64 QH=10 QW=10 PLANE=100 K=288 LW=8 S=1 LAST=8 PPV=2 V=float16 TM=8 NV=2 PPT=4 TN=32 BIAS_ARGS= EPILOGUE_ARGS= YT=real */
/* The forward of a convolution as an implicit matrix product over the phase planes xp that
 * conv_implicit.cl pads (the same geometry: x [N, 32, …] → y [N, 32, 8, 8], planes of
 * 10 × 10, output rows in pieces of 8 columns, 1 per row, the last 8 wide, 2 to a
 * float16). Separate from it because its code depends on the epilogue, on whether it adds into y
 * (an input gradient computed as a convolution) and on whether it gathers batch statistics. */

/* y[z] = act(w · col(xp[z]) + bias (+ r)), or y[z] += w · col(xp[z]), w [32, 288]: one work-item
 * computes 8 filters × 4 pieces (32 lanes) with 8 × 2 float16 accumulators; dimensions:
 * filter tiles, piece tiles, samples of the chunk. Product 32x64x288 (filters x output positions x C*KH*KW), tiling 8x32/8. With batch statistics
 * (FuseBatchNormStatistics) it also writes, for each of its filters, the count, mean and sum of
 * squared deviations of its tile's outputs (two passes over the registers) to
 * tstats[st_off + 3·((z·F + f)·tiles + t)], which batch_statistics.cl merges per sample.
 * Without a bias, residual or activation, whether it gathers them and whether it adds into y
 * are the arguments stats and add, so that a layer's forward and an input gradient of the same
 * geometry share the kernel. y is stored as real (common.cl). */
__kernel void conv_implicit_forward_487d4cf7_forward(__global const real* A, __global const real* xp, __global real* Y, const long y_off, __global real* tstats, const long st_off, const int stats, const int add) {
    const int m0 = get_global_id(0) * 8;
    const int t = get_global_id(1);
    const int z = get_global_id(2);
    __global const real* Pz = xp + (size_t)z * 32 * 100;
    __global real* Yz = Y + y_off + (size_t)z * 32 * 64;
    const int r0 = min(m0 + 0, 31);
    __global const real* A0 = A + (size_t)r0 * 288;
    const int r1 = min(m0 + 1, 31);
    __global const real* A1 = A + (size_t)r1 * 288;
    const int r2 = min(m0 + 2, 31);
    __global const real* A2 = A + (size_t)r2 * 288;
    const int r3 = min(m0 + 3, 31);
    __global const real* A3 = A + (size_t)r3 * 288;
    const int r4 = min(m0 + 4, 31);
    __global const real* A4 = A + (size_t)r4 * 288;
    const int r5 = min(m0 + 5, 31);
    __global const real* A5 = A + (size_t)r5 * 288;
    const int r6 = min(m0 + 6, 31);
    __global const real* A6 = A + (size_t)r6 * 288;
    const int r7 = min(m0 + 7, 31);
    __global const real* A7 = A + (size_t)r7 * 288;
    const int q0 = min(t * 4 + 0, 7);
    const int in0 = q0 * 10 + 0 * 8;
    const int out0 = q0 * 8 + 0 * 8;
    const int q1 = min(t * 4 + 1, 7);
    const int in1 = q1 * 10 + 0 * 8;
    const int out1 = q1 * 8 + 0 * 8;
    const int q2 = min(t * 4 + 2, 7);
    const int in2 = q2 * 10 + 0 * 8;
    const int out2 = q2 * 8 + 0 * 8;
    const int q3 = min(t * 4 + 3, 7);
    const int in3 = q3 * 10 + 0 * 8;
    const int out3 = q3 * 8 + 0 * 8;
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
    for (int c = 0; c < 32; c++) {
        __global const real* Pc = Pz + (size_t)c * 100;
        const int kc = c * 9;
        {
            const float16 b0 = (float16)(vload8(0, Pc + 0 + in0), vload8(0, Pc + 0 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 0 + in2), vload8(0, Pc + 0 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 1 + in0), vload8(0, Pc + 1 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 1 + in2), vload8(0, Pc + 1 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 2 + in0), vload8(0, Pc + 2 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 2 + in2), vload8(0, Pc + 2 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 10 + in0), vload8(0, Pc + 10 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 10 + in2), vload8(0, Pc + 10 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 11 + in0), vload8(0, Pc + 11 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 11 + in2), vload8(0, Pc + 11 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 12 + in0), vload8(0, Pc + 12 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 12 + in2), vload8(0, Pc + 12 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 20 + in0), vload8(0, Pc + 20 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 20 + in2), vload8(0, Pc + 20 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 21 + in0), vload8(0, Pc + 21 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 21 + in2), vload8(0, Pc + 21 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 22 + in0), vload8(0, Pc + 22 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 22 + in2), vload8(0, Pc + 22 + in3));
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
    }
    const int n0 = t * 4 + 0 < 8 ? 8 : 0;
    const int n1 = t * 4 + 1 < 8 ? 8 : 0;
    const int n2 = t * 4 + 2 < 8 ? 8 : 0;
    const int n3 = t * 4 + 3 < 8 ? 8 : 0;
    const int16 lane = (int16)(0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7);
    const float16 mask0 = (float16)0 - convert_float16(lane < (int16)((int8)(n0), (int8)(n1)));
    const float16 mask1 = (float16)0 - convert_float16(lane < (int16)((int8)(n2), (int8)(n3)));
    const real stored = (real)(n0 + n1 + n2 + n3);
    if (m0 + 0 < 32) {
        __global real* y = Yz + (size_t)r0 * 64;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r0) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }
    if (m0 + 1 < 32) {
        __global real* y = Yz + (size_t)r1 * 64;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r1) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }
    if (m0 + 2 < 32) {
        __global real* y = Yz + (size_t)r2 * 64;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r2) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }
    if (m0 + 3 < 32) {
        __global real* y = Yz + (size_t)r3 * 64;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r3) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }
    if (m0 + 4 < 32) {
        __global real* y = Yz + (size_t)r4 * 64;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r4) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }
    if (m0 + 5 < 32) {
        __global real* y = Yz + (size_t)r5 * 64;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r5) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }
    if (m0 + 6 < 32) {
        __global real* y = Yz + (size_t)r6 * 64;
        const float16 o0 = acc6_0;
        const float16 o1 = acc6_1;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r6) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }
    if (m0 + 7 < 32) {
        __global real* y = Yz + (size_t)r7 * 64;
        const float16 o0 = acc7_0;
        const float16 o1 = acc7_1;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r7) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }

}

/* conv_implicit_forward: C=16 F=32 OH=8 OW=8 OHW=64 QH=8 QW=8 PLANE=64 K=16 LW=8 S=1 LAST=8 PPV=2 V=float16 TM=8 NV=2 PPT=4 TN=32 BIAS_ARGS= EPILOGUE_ARGS= YT=real */
/* The forward of a convolution as an implicit matrix product over the phase planes xp that
 * conv_implicit.cl pads (the same geometry: x [N, 16, …] → y [N, 32, 8, 8], planes of
 * 8 × 8, output rows in pieces of 8 columns, 1 per row, the last 8 wide, 2 to a
 * float16). Separate from it because its code depends on the epilogue, on whether it adds into y
 * (an input gradient computed as a convolution) and on whether it gathers batch statistics. */

/* y[z] = act(w · col(xp[z]) + bias (+ r)), or y[z] += w · col(xp[z]), w [32, 16]: one work-item
 * computes 8 filters × 4 pieces (32 lanes) with 8 × 2 float16 accumulators; dimensions:
 * filter tiles, piece tiles, samples of the chunk. Product 32x64x16 (filters x output positions x C*KH*KW), tiling 8x32/8. With batch statistics
 * (FuseBatchNormStatistics) it also writes, for each of its filters, the count, mean and sum of
 * squared deviations of its tile's outputs (two passes over the registers) to
 * tstats[st_off + 3·((z·F + f)·tiles + t)], which batch_statistics.cl merges per sample.
 * Without a bias, residual or activation, whether it gathers them and whether it adds into y
 * are the arguments stats and add, so that a layer's forward and an input gradient of the same
 * geometry share the kernel. y is stored as real (common.cl). */
__kernel void conv_implicit_forward_3206bbb8_forward(__global const real* A, __global const real* xp, __global real* Y, const long y_off, __global real* tstats, const long st_off, const int stats, const int add) {
    const int m0 = get_global_id(0) * 8;
    const int t = get_global_id(1);
    const int z = get_global_id(2);
    __global const real* Pz = xp + (size_t)z * 16 * 64;
    __global real* Yz = Y + y_off + (size_t)z * 32 * 64;
    const int r0 = min(m0 + 0, 31);
    __global const real* A0 = A + (size_t)r0 * 16;
    const int r1 = min(m0 + 1, 31);
    __global const real* A1 = A + (size_t)r1 * 16;
    const int r2 = min(m0 + 2, 31);
    __global const real* A2 = A + (size_t)r2 * 16;
    const int r3 = min(m0 + 3, 31);
    __global const real* A3 = A + (size_t)r3 * 16;
    const int r4 = min(m0 + 4, 31);
    __global const real* A4 = A + (size_t)r4 * 16;
    const int r5 = min(m0 + 5, 31);
    __global const real* A5 = A + (size_t)r5 * 16;
    const int r6 = min(m0 + 6, 31);
    __global const real* A6 = A + (size_t)r6 * 16;
    const int r7 = min(m0 + 7, 31);
    __global const real* A7 = A + (size_t)r7 * 16;
    const int q0 = min(t * 4 + 0, 7);
    const int in0 = q0 * 8 + 0 * 8;
    const int out0 = q0 * 8 + 0 * 8;
    const int q1 = min(t * 4 + 1, 7);
    const int in1 = q1 * 8 + 0 * 8;
    const int out1 = q1 * 8 + 0 * 8;
    const int q2 = min(t * 4 + 2, 7);
    const int in2 = q2 * 8 + 0 * 8;
    const int out2 = q2 * 8 + 0 * 8;
    const int q3 = min(t * 4 + 3, 7);
    const int in3 = q3 * 8 + 0 * 8;
    const int out3 = q3 * 8 + 0 * 8;
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
    for (int c = 0; c < 16; c++) {
        __global const real* Pc = Pz + (size_t)c * 64;
        const int kc = c * 1;
        {
            const float16 b0 = (float16)(vload8(0, Pc + 0 + in0), vload8(0, Pc + 0 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 0 + in2), vload8(0, Pc + 0 + in3));
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
    }
    const int n0 = t * 4 + 0 < 8 ? 8 : 0;
    const int n1 = t * 4 + 1 < 8 ? 8 : 0;
    const int n2 = t * 4 + 2 < 8 ? 8 : 0;
    const int n3 = t * 4 + 3 < 8 ? 8 : 0;
    const int16 lane = (int16)(0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7);
    const float16 mask0 = (float16)0 - convert_float16(lane < (int16)((int8)(n0), (int8)(n1)));
    const float16 mask1 = (float16)0 - convert_float16(lane < (int16)((int8)(n2), (int8)(n3)));
    const real stored = (real)(n0 + n1 + n2 + n3);
    if (m0 + 0 < 32) {
        __global real* y = Yz + (size_t)r0 * 64;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r0) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }
    if (m0 + 1 < 32) {
        __global real* y = Yz + (size_t)r1 * 64;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r1) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }
    if (m0 + 2 < 32) {
        __global real* y = Yz + (size_t)r2 * 64;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r2) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }
    if (m0 + 3 < 32) {
        __global real* y = Yz + (size_t)r3 * 64;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r3) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }
    if (m0 + 4 < 32) {
        __global real* y = Yz + (size_t)r4 * 64;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r4) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }
    if (m0 + 5 < 32) {
        __global real* y = Yz + (size_t)r5 * 64;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r5) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }
    if (m0 + 6 < 32) {
        __global real* y = Yz + (size_t)r6 * 64;
        const float16 o0 = acc6_0;
        const float16 o1 = acc6_1;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r6) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }
    if (m0 + 7 < 32) {
        __global real* y = Yz + (size_t)r7 * 64;
        const float16 o0 = acc7_0;
        const float16 o1 = acc7_1;
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
            __global real* st = tstats + st_off + 3 * (((size_t)z * 32 + r7) * 2 + t);
            st[0] = stored;
            st[1] = mean;
            const float8 m28 = sq.lo + sq.hi;
            const float4 m24 = m28.lo + m28.hi;
            const float2 m22 = m24.lo + m24.hi;
            const float m2 = m22.x + m22.y;
            st[2] = m2;
        }
        if (n0 > 0) {
        vstore8((add ? vload8(0, y + out0) + o0.s01234567 : o0.s01234567), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8((add ? vload8(0, y + out1) + o0.s89abcdef : o0.s89abcdef), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8((add ? vload8(0, y + out2) + o1.s01234567 : o1.s01234567), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8((add ? vload8(0, y + out3) + o1.s89abcdef : o1.s89abcdef), 0, y + out3);
        }
    }

}

/* ==== unit conv_pad for forward: 3 kernels ==== */

/* conv_pad: H=16 W=16 UH=1 UW=1 XH=16 XW=16 QH=9 QW=9 PT=1 PL=1 SH=2 SW=2 NA=2 NB=2 RA=0, 1 RB=0, 1 SLACK=16 XT=real */
/* A convolution's input x [.., 16, 16] (upsampled by (1, 1) from [.., 16, 16]) copied,
 * zero-padded (top 1, left 1), into phase planes of 9 × 9 for the stride (2, 2):
 * xp[s][c][a][b][i][j] = x[s][c][i·SH + A[a] − PT][j·SW + B[b] − PL] (0 outside x), for the row
 * phases A = {0, 1} and column phases B = {0, 1}; the implicit matrix products of
 * conv_implicit.cl and conv_implicit_forward.cl read them. x_off is the first sample's offset in
 * x (samples · channels · XH · XW): the kernels depend on the geometry only, so every convolution
 * with the same input sizes, padding and stride shares them, whatever its channels and filters.
 * x is stored as real (common.cl); the planes are reals. */

/* Row h of the (upsampled) input, read from channel `plane` of x, into phase-plane row `out` of
 * column phase b. Upsampled by (1, 1) (1, 1 normally): x holds [C, 16, 16] and
 * stands for the [C, 16, 16] input whose rows h and columns w are x's h / 1, w / 1
 * where those divide evenly and 0 elsewhere (a strided convolution's input gradient as a
 * convolution of dy). */
inline void conv_pad_c992371e_pad_row(__global const real* x, __global real* out, const int h, const int b,
                              const size_t plane) {
    if (h < 0 || h >= 16 || h % 1 != 0) {
        for (int j = 0; j < 9; j++) {
            out[j] = (real)0;
        }
    } else if (2 * 1 == 1) { /* stride 1 and no upsampling (both are at least 1) */
        __global const real* in = x + (plane * 16 + h / 1) * 16;
        for (int j = 0; j < 1; j++) {
            out[j] = (real)0;
        }
        int j = 0;
        for (; j + 16 <= 16; j += 16) {
            vstore16(VLOAD16_real(in, j), 0, out + 1 + j);
        }
        for (; j < 16; j++) {
            out[1 + j] = LOAD_real(in, j);
        }
        for (int j = 1 + 16; j < 9; j++) {
            out[j] = (real)0;
        }
    } else {
        __global const real* in = x + (plane * 16 + h / 1) * 16;
        for (int j = 0; j < 9; j++) {
            const int w = j * 2 + b - 1;
            out[j] = w >= 0 && w < 16 && w % 1 == 0 ? LOAD_real(in, w / 1) : (real)0;
        }
    }
}

/* One work-item per phase-plane row (s, c, a, b, i); the last also zeroes the slack after the
 * last plane. */
__kernel void conv_pad_c992371e_pad(__global const real* x, __global real* xp, const long x_off) {
    const int ra[2] = {0, 1};
    const int rb[2] = {0, 1};
    const size_t row = get_global_id(0);
    const int i = row % 9;
    const int b = rb[(row / 9) % 2];
    const int a = ra[(row / (9 * 2)) % 2];
    const size_t plane = row / ((size_t)9 * 2 * 2);
    __global real* out = xp + row * 9;
    conv_pad_c992371e_pad_row(x + x_off, out, i * 2 + a - 1, b, plane);
    if (row == get_global_size(0) - 1) {
        for (int j = 0; j < 16; j++) {
            out[9 + j] = (real)0;
        }
    }
}

/* conv_pad: H=8 W=8 UH=1 UW=1 XH=8 XW=8 QH=10 QW=10 PT=1 PL=1 SH=1 SW=1 NA=1 NB=1 RA=0 RB=0 SLACK=16 XT=real */
/* A convolution's input x [.., 8, 8] (upsampled by (1, 1) from [.., 8, 8]) copied,
 * zero-padded (top 1, left 1), into phase planes of 10 × 10 for the stride (1, 1):
 * xp[s][c][a][b][i][j] = x[s][c][i·SH + A[a] − PT][j·SW + B[b] − PL] (0 outside x), for the row
 * phases A = {0} and column phases B = {0}; the implicit matrix products of
 * conv_implicit.cl and conv_implicit_forward.cl read them. x_off is the first sample's offset in
 * x (samples · channels · XH · XW): the kernels depend on the geometry only, so every convolution
 * with the same input sizes, padding and stride shares them, whatever its channels and filters.
 * x is stored as real (common.cl); the planes are reals. */

/* Row h of the (upsampled) input, read from channel `plane` of x, into phase-plane row `out` of
 * column phase b. Upsampled by (1, 1) (1, 1 normally): x holds [C, 8, 8] and
 * stands for the [C, 8, 8] input whose rows h and columns w are x's h / 1, w / 1
 * where those divide evenly and 0 elsewhere (a strided convolution's input gradient as a
 * convolution of dy). */
inline void conv_pad_737a01af_pad_row(__global const real* x, __global real* out, const int h, const int b,
                              const size_t plane) {
    if (h < 0 || h >= 8 || h % 1 != 0) {
        for (int j = 0; j < 10; j++) {
            out[j] = (real)0;
        }
    } else if (1 * 1 == 1) { /* stride 1 and no upsampling (both are at least 1) */
        __global const real* in = x + (plane * 8 + h / 1) * 8;
        for (int j = 0; j < 1; j++) {
            out[j] = (real)0;
        }
        int j = 0;
        for (; j + 16 <= 8; j += 16) {
            vstore16(VLOAD16_real(in, j), 0, out + 1 + j);
        }
        for (; j < 8; j++) {
            out[1 + j] = LOAD_real(in, j);
        }
        for (int j = 1 + 8; j < 10; j++) {
            out[j] = (real)0;
        }
    } else {
        __global const real* in = x + (plane * 8 + h / 1) * 8;
        for (int j = 0; j < 10; j++) {
            const int w = j * 1 + b - 1;
            out[j] = w >= 0 && w < 8 && w % 1 == 0 ? LOAD_real(in, w / 1) : (real)0;
        }
    }
}

/* One work-item per phase-plane row (s, c, a, b, i); the last also zeroes the slack after the
 * last plane. */
__kernel void conv_pad_737a01af_pad(__global const real* x, __global real* xp, const long x_off) {
    const int ra[1] = {0};
    const int rb[1] = {0};
    const size_t row = get_global_id(0);
    const int i = row % 10;
    const int b = rb[(row / 10) % 1];
    const int a = ra[(row / (10 * 1)) % 1];
    const size_t plane = row / ((size_t)10 * 1 * 1);
    __global real* out = xp + row * 10;
    conv_pad_737a01af_pad_row(x + x_off, out, i * 1 + a - 1, b, plane);
    if (row == get_global_size(0) - 1) {
        for (int j = 0; j < 16; j++) {
            out[10 + j] = (real)0;
        }
    }
}

/* conv_pad: H=16 W=16 UH=1 UW=1 XH=16 XW=16 QH=8 QW=8 PT=0 PL=0 SH=2 SW=2 NA=1 NB=1 RA=0 RB=0 SLACK=16 XT=real */
/* A convolution's input x [.., 16, 16] (upsampled by (1, 1) from [.., 16, 16]) copied,
 * zero-padded (top 0, left 0), into phase planes of 8 × 8 for the stride (2, 2):
 * xp[s][c][a][b][i][j] = x[s][c][i·SH + A[a] − PT][j·SW + B[b] − PL] (0 outside x), for the row
 * phases A = {0} and column phases B = {0}; the implicit matrix products of
 * conv_implicit.cl and conv_implicit_forward.cl read them. x_off is the first sample's offset in
 * x (samples · channels · XH · XW): the kernels depend on the geometry only, so every convolution
 * with the same input sizes, padding and stride shares them, whatever its channels and filters.
 * x is stored as real (common.cl); the planes are reals. */

/* Row h of the (upsampled) input, read from channel `plane` of x, into phase-plane row `out` of
 * column phase b. Upsampled by (1, 1) (1, 1 normally): x holds [C, 16, 16] and
 * stands for the [C, 16, 16] input whose rows h and columns w are x's h / 1, w / 1
 * where those divide evenly and 0 elsewhere (a strided convolution's input gradient as a
 * convolution of dy). */
inline void conv_pad_fadcdbc4_pad_row(__global const real* x, __global real* out, const int h, const int b,
                              const size_t plane) {
    if (h < 0 || h >= 16 || h % 1 != 0) {
        for (int j = 0; j < 8; j++) {
            out[j] = (real)0;
        }
    } else if (2 * 1 == 1) { /* stride 1 and no upsampling (both are at least 1) */
        __global const real* in = x + (plane * 16 + h / 1) * 16;
        for (int j = 0; j < 0; j++) {
            out[j] = (real)0;
        }
        int j = 0;
        for (; j + 16 <= 16; j += 16) {
            vstore16(VLOAD16_real(in, j), 0, out + 0 + j);
        }
        for (; j < 16; j++) {
            out[0 + j] = LOAD_real(in, j);
        }
        for (int j = 0 + 16; j < 8; j++) {
            out[j] = (real)0;
        }
    } else {
        __global const real* in = x + (plane * 16 + h / 1) * 16;
        for (int j = 0; j < 8; j++) {
            const int w = j * 2 + b - 0;
            out[j] = w >= 0 && w < 16 && w % 1 == 0 ? LOAD_real(in, w / 1) : (real)0;
        }
    }
}

/* One work-item per phase-plane row (s, c, a, b, i); the last also zeroes the slack after the
 * last plane. */
__kernel void conv_pad_fadcdbc4_pad(__global const real* x, __global real* xp, const long x_off) {
    const int ra[1] = {0};
    const int rb[1] = {0};
    const size_t row = get_global_id(0);
    const int i = row % 8;
    const int b = rb[(row / 8) % 1];
    const int a = ra[(row / (8 * 1)) % 1];
    const size_t plane = row / ((size_t)8 * 1 * 1);
    __global real* out = xp + row * 8;
    conv_pad_fadcdbc4_pad_row(x + x_off, out, i * 2 + a - 0, b, plane);
    if (row == get_global_size(0) - 1) {
        for (int j = 0; j < 16; j++) {
            out[8 + j] = (real)0;
        }
    }
}

/* ==== unit batch_statistics for forward: 1 kernel ==== */

/* batch_statistics: V=float16 YT=real */
/* Partial batch statistics of a convolution's output y [N, C, P] for the batchnorm that reads
 * it (FuseBatchNormStatistics): out[3·(n·C + c) + {0, 1, 2}] = the count, mean and sum of squared
 * deviations from that mean (M2) of y[n][c][·]. The batchnorm merges the samples' (batchnorm.cl).
 * The sizes are arguments: every convolution shares these kernels. */

/* From T tiles' partials, tiles[3·((n·C + c)·T + t) + {0, 1, 2}] as above, merged in order
 * t = 0, 1, … (Chan et al.): with δ = mean_b − mean, mean ← mean + δ·n_b/(n + n_b),
 * M2 ← M2 + M2_b + δ²·n·n_b/(n + n_b). One work-item per (n, c). */
__kernel void batch_statistics_eb9d59a1_tiles(__global const real* tiles, __global real* out, const int T) {
    const size_t b = get_global_id(0);
    __global const real* p = tiles + 3 * b * T;
    real n = p[0];
    real m = p[1];
    real q = p[2];
    for (int t = 1; t < T; t++) {
        __global const real* g = p + 3 * t;
        const real s = n + g[0];
        const real d = g[1] - m;
        m += d * g[0] / s;
        q += g[2] + d * d * n * g[0] / s;
        n = s;
    }
    out[3 * b] = n;
    out[3 * b + 1] = m;
    out[3 * b + 2] = q;
}

/* ==== unit batchnorm for forward: 4 kernels ==== */

/* batchnorm: V=float16 L=256 EPS=1.0e-5f MOMENTUM=0.1f HAS_AFFINE=1 XT=real YT=real DYT=real DXT=real MT=real */
/* Batch normalization per channel c of x [N, C, INNER] (INNER = H·W, or 1 for [F]);
 * M = N·INNER values per channel. Element f = (n·C + c)·INNER + i. Every kernel's last arguments
 * are the channels C, the batch N, INNER, RELU and ACCUMULATE, so batchnorms that differ only in
 * width, batch size, spatial size or fused ReLU share the kernels. Saved per channel: mean and
 * invstd = 1/√(var + ε), the batch's in training, the running ones in inference. Without affine
 * (HAS_AFFINE 0) γ = 1, β = 0 and the γ, β arguments are never read. With a fused ReLU (RELU 1,
 * the FuseRelu pass) the output is max(0, ·) and every backward kernel takes the output y and
 * uses dy only where y > 0 (the ReLU's derivative), 0 elsewhere. ACCUMULATE 1: the input
 * gradient is added to dx (0: it is the first gradient written to x).
 * Storages (common.cl): x is real, y real, dy real, dx real (real, or half for a
 * mixed-precision program's activations and their gradients); the backward kernels' y argument,
 * the output with a fused ReLU and else dy passed in its place, is real. Every other buffer
 * (γ, β, statistics, sums, partial sums) is real, and so is all arithmetic. */

/* The output gradient as the batchnorm sees it: dy, masked by the fused ReLU. */
inline real batchnorm_5c8562ac_dy(__global const real* dy, __global const real* y, const size_t f, const int RELU) {
    return RELU && !(LOAD_real(y, f) > (real)0) ? (real)0 : LOAD_real(dy, f);
}

/* The same statistics and backward sums for a CPU, when INNER is a multiple of 16: one
 * work-item per block b = n·C + c, the INNER contiguous values of one sample and channel, summed
 * in float16 vectors (a CPU does not vectorise across work-items in a loop); then one work-item per
 * channel adds its N blocks, in order. part[b] and part2[2b], part2[2b + 1]: the blocks' sums. */
inline real batchnorm_5c8562ac_lanes(const float16 v) {
    real l[16];
    vstore16(v, 0, l);
    real s = (real)0;
    for (int i = 0; i < 16; i++) {
        s += l[i];
    }
    return s;
}

/* The batch mean of channel c from the blocks' sums part[n·C + c], added in order. */
inline real batchnorm_5c8562ac_block_mu(__global const real* part, const int c, const int C, const int N, const int INNER) {
    real s = (real)0;
    for (int n = 0; n < N; n++) {
        s += part[n * C + c];
    }
    return s / (real)(N * INNER);
}

/* Saves invstd for channel c from the sum of squared deviations m2 about the batch mean mu
 * (biased variance m2 / M) and updates the running statistics as _stats (channel 0 counts the
 * batch). */
inline real batchnorm_5c8562ac_save(const int c, const real mu, const real m2, __global real* invstd,
                           __global real* running_mean, __global real* running_var,
                           __global long* num_batches_tracked, const int N, const int INNER) {
    const real is = (real)1 / sqrt(m2 / (real)(N * INNER) + 1.0e-5f);
    invstd[c] = is;
    running_mean[c] = ((real)1 - 0.1f) * running_mean[c] + 0.1f * mu;
    running_var[c] = ((real)1 - 0.1f) * running_var[c] + 0.1f * (m2 / (real)((N * INNER) - 1));
    if (c == 0) {
        num_batches_tracked[0] += 1;
    }
    return is;
}

/* y over block b (channel c) from the batch mean mu and invstd is. */
inline void batchnorm_5c8562ac_normalize_block(const size_t b, const int c, const real mu, const real is,
                                      __global const real* x, __global const real* gamma,
                                      __global const real* beta, __global real* y, const int INNER,
                                      const int RELU) {
    const real scale = 1 ? gamma[c] * is : is;
    const real shift = (1 ? beta[c] : (real)0) - mu * scale;
    const float16 sv = (float16)(scale);
    const float16 tv = (float16)(shift);
    for (int i = 0; i < INNER; i += 16) {
        const float16 v = fma(VLOAD16_real(x, b * INNER + i), sv, tv);
        VSTORE16_real(RELU ? fmax(v, (float16)0) : v, y, b * INNER + i);
    }
}

/* Training statistics given by the convolution that produces x (FuseBatchNormStatistics):
 * given[3·(n·C + c) + {0, 1, 2}] = the count, mean and sum of squared deviations M2 of sample n's
 * values of channel c, merged over n = 0, 1, … in order (Chan et al.): with δ = mean_b − mean,
 * mean ← mean + δ·n_b/(n + n_b), M2 ← M2 + M2_b + δ²·n·n_b/(n + n_b). */
inline void batchnorm_5c8562ac_merge_given(__global const real* given, const int c, const int C, const int N, real* mu,
                                    real* m2) {
    real n = given[3 * c];
    real m = given[3 * c + 1];
    real q = given[3 * c + 2];
    for (int s = 1; s < N; s++) {
        __global const real* g = given + 3 * (s * C + c);
        const real t = n + g[0];
        const real d = g[1] - m;
        m += d * g[0] / t;
        q += g[2] + d * d * n * g[0] / t;
        n = t;
    }
    *mu = m;
    *m2 = q;
}

/* The same and y (as _block_forward_finish), in one launch: work-item (g, c) merges channel c's
 * given statistics once and normalises the blocks of its SPW samples g·SPW …; the work-items
 * of g = 0 save them. */
__kernel void batchnorm_5c8562ac_block_forward_given(__global const real* x, __global const real* given,
                                            __global real* mean, __global real* invstd,
                                            __global const real* gamma, __global const real* beta, __global real* y,
                                            __global real* running_mean, __global real* running_var,
                                            __global long* num_batches_tracked, const int C, const int N, const int INNER, const int RELU, const int ACCUMULATE, const int SPW) {
    const size_t item = get_global_id(0);
    const int c = item % C;
    const size_t n0 = item / C * SPW;
    real mu;
    real m2;
    batchnorm_5c8562ac_merge_given(given, c, C, N, &mu, &m2);
    real is;
    if (n0 == 0) {
        mean[c] = mu;
        is = batchnorm_5c8562ac_save(c, mu, m2, invstd, running_mean, running_var, num_batches_tracked, N, INNER);
    } else {
        is = (real)1 / sqrt(m2 / (real)(N * INNER) + 1.0e-5f);
    }
    for (int j = 0; j < SPW; j++) {
        batchnorm_5c8562ac_normalize_block((n0 + j) * C + c, c, mu, is, x, gamma, beta, y, INNER, RELU);
    }
}

/* part2[2b] = Σ dy, part2[2b + 1] = Σ dy · x̂ over block b (dy masked by a fused ReLU). */
__kernel void batchnorm_5c8562ac_block_backward(__global const real* x, __global const real* dy,
                                       __global const real* y, __global const real* mean,
                                       __global const real* invstd, __global real* part2, const int C, const int N, const int INNER, const int RELU, const int ACCUMULATE) {
    const size_t b = get_global_id(0);
    const size_t base = b * INNER;
    const float16 mu = (float16)(mean[b % C]);
    const float16 is = (float16)(invstd[b % C]);
    float16 sumDy = (float16)0;
    float16 sumDyXhat = (float16)0;
    for (int i = 0; i < INNER; i += 16) {
        float16 g = VLOAD16_real(dy, base + i);
        if (RELU) {
            g = select((float16)0, g, VLOAD16_real(y, base + i) > (float16)0);
        }
        sumDy += g;
        sumDyXhat = fma(g, (VLOAD16_real(x, base + i) - mu) * is, sumDyXhat);
    }
    part2[2 * b] = batchnorm_5c8562ac_lanes(sumDy);
    part2[2 * b + 1] = batchnorm_5c8562ac_lanes(sumDyXhat);
}

/* sums[2c], sums[2c + 1] (as _backward_sums) from the blocks' part2, added in order; with
 * affine also the parameters' gradients (as _backward_params). */
__kernel void batchnorm_5c8562ac_block_backward_sums(__global const real* part2, __global real* sums, __global real* dgamma,
                                            __global real* dbeta, const int C, const int N, const int INNER, const int RELU, const int ACCUMULATE) {
    const int c = get_global_id(0);
    real sumDy = (real)0;
    real sumDyXhat = (real)0;
    for (int n = 0; n < N; n++) {
        sumDy += part2[2 * (n * C + c)];
        sumDyXhat += part2[2 * (n * C + c) + 1];
    }
    sums[2 * c] = sumDy;
    sums[2 * c + 1] = sumDyXhat;
    if (1) {
        dgamma[c] += sumDyXhat;
        dbeta[c] += sumDy;
    }
}

/* Training, over block b in vectors: dx (+)= as _backward_input. */
__kernel void batchnorm_5c8562ac_block_backward_input(__global const real* x, __global const real* dy,
                                             __global const real* y, __global const real* mean,
                                             __global const real* invstd, __global const real* gamma,
                                             __global const real* sums, __global real* dx, const int C, const int N, const int INNER, const int RELU, const int ACCUMULATE) {
    const size_t b = get_global_id(0);
    const int c = b % C;
    const size_t base = b * INNER;
    const real is = invstd[c];
    const real scale = 1 ? gamma[c] * is : is;
    const float16 sv = (float16)(scale);
    const float16 mu = (float16)(mean[c]);
    const float16 isv = (float16)(is);
    const float16 meanDy = (float16)(sums[2 * c] / (real)(N * INNER));
    const float16 meanDyXhat = (float16)(sums[2 * c + 1] / (real)(N * INNER));
    for (int i = 0; i < INNER; i += 16) {
        float16 g = VLOAD16_real(dy, base + i);
        if (RELU) {
            g = select((float16)0, g, VLOAD16_real(y, base + i) > (float16)0);
        }
        const float16 xhat = (VLOAD16_real(x, base + i) - mu) * isv;
        float16 d = sv * (g - meanDy - xhat * meanDyXhat);
        if (ACCUMULATE) {
            d += VLOAD16_real(dx, base + i);
        }
        VSTORE16_real(d, dx, base + i);
    }
}

/* ==== unit add for forward: 1 kernel ==== */

/* add: COUNT=2 RELU=1 YT=real DYT=real MT=real DXT=real */
/* Element-wise sum of 2 inputs of one shape: y = x0 + x1 + ..., one work-item per element;
 * with a fused ReLU (RELU 1, the FuseRelu pass) y = max(0, x0 + x1 + ...). Each buffer's storage
 * is real or half (common.cl): the inputs' each its own (in INPUTS and SUM), y real, dy real,
 * dx real, and real for the backward's y argument (y with the fused ReLU, else dy stands in);
 * the sum is taken in reals. */
__kernel void add_5e2b2b58_forward(__global const real* x0, __global const real* x1, __global real* y) {
    const int i = get_global_id(0);
    const real s = LOAD_real(x0, i) + LOAD_real(x1, i);
    STORE_real(y, i, 1 ? fmax(s, (real)0) : s);
}

/* ==== unit pool_adaptive_avg for forward: 2 kernels ==== */

/* pool_adaptive_avg: H=8 W=8 OH=1 OW=1 XT=real YT=real DYT=real DXT=real */
/*
 * Adaptive average pooling (PyTorch AdaptiveAvgPool2d; global_avgpool is the 1x1 case):
 * x [N, C, 8, 8] -> y [N, C, 1, 1]. Output row i averages input rows
 * floor(i*8/1) .. ceil((i+1)*8/1) (exclusive), likewise columns. Storages
 * (common.cl): x real, y real, dy real, dx real; sums are taken in reals.
 */
int pool_adaptive_avg_8f77b075_start(const int i, const int in, const int out) {
    return (i * in) / out;
}

int pool_adaptive_avg_8f77b075_end(const int i, const int in, const int out) {
    return ((i + 1) * in + out - 1) / out;
}

/* One work-item per output element (n, c, i, j), flattened. */
__kernel void pool_adaptive_avg_8f77b075_forward(__global const real* x, __global real* y) {
    const int o = get_global_id(0);
    const int j = o % 1;
    const int i = (o / 1) % 1;
    const int plane = o / (1 * 1);
    __global const real* xp = x + plane * (8 * 8);
    const int hs = pool_adaptive_avg_8f77b075_start(i, 8, 1);
    const int he = pool_adaptive_avg_8f77b075_end(i, 8, 1);
    const int ws = pool_adaptive_avg_8f77b075_start(j, 8, 1);
    const int we = pool_adaptive_avg_8f77b075_end(j, 8, 1);
    real sum = (real)0;
    for (int h = hs; h < he; h++) {
        for (int w = ws; w < we; w++) {
            sum += LOAD_real(xp, h * 8 + w);
        }
    }
    STORE_real(y, o, sum / (real)((he - hs) * (we - ws)));
}

/*
 * dx[n, c, h, w] += sum over the regions (i, j) containing (h, w) of dy / |region|: one
 * work-item per input element. Row h lies in the regions i = floor(h*1/8) ..
 * ceil((h+1)*1/8) (exclusive), likewise columns.
 */
__kernel void pool_adaptive_avg_8f77b075_backward(__global const real* dy, __global real* dx) {
    const int e = get_global_id(0);
    const int w = e % 8;
    const int h = (e / 8) % 8;
    const int plane = e / (8 * 8);
    __global const real* dyp = dy + plane * (1 * 1);
    const int is = pool_adaptive_avg_8f77b075_start(h, 1, 8);
    const int ie = pool_adaptive_avg_8f77b075_end(h, 1, 8);
    const int js = pool_adaptive_avg_8f77b075_start(w, 1, 8);
    const int je = pool_adaptive_avg_8f77b075_end(w, 1, 8);
    real acc = (real)0;
    for (int i = is; i < ie; i++) {
        const int rows = pool_adaptive_avg_8f77b075_end(i, 8, 1) - pool_adaptive_avg_8f77b075_start(i, 8, 1);
        for (int j = js; j < je; j++) {
            const int cols = pool_adaptive_avg_8f77b075_end(j, 8, 1) - pool_adaptive_avg_8f77b075_start(j, 8, 1);
            acc += LOAD_real(dyp, i * 1 + j) / (real)(rows * cols);
        }
    }
    STORE_real(dx, e, LOAD_real(dx, e) + acc);
}

/* ==== unit dense for forward: 2 kernels ==== */

/* dense: IN=32 OUT=10 HAS_BIAS=1 EPILOGUE=acc EPILOGUE_ARGS= DYT=real */
/* Fully connected layer: x [N, 32], w [10, 32], b [10], y [N, 10] (N the batch: the
 * range of the kernels over samples, an argument of those that loop over it). The products
 * themselves are generated GEMMs (gemm.cl): y = x · wt + b with wt = wᵀ, dx += dy · w,
 * dw += dyᵀ · x, on CPUs; direct kernels below otherwise. These kernels do the rest. */

/* wt [32, 10] = wᵀ, one work-item per element, so that the forward GEMM reads rows of B. */
__kernel void dense_a255ec4c_transpose(__global const real* w, __global real* wt) {
    const int o = get_global_id(0);
    const int i = get_global_id(1);
    wt[i * 10 + o] = w[o * 32 + i];
}

/* db[u] += sum_n dy[n, u]; dy stored as real (common.cl) */
__kernel void dense_a255ec4c_backward_bias(__global const real* dy, __global real* db, const int N) {
    const int u = get_global_id(0);
    real acc = (real)0;
    for (int n = 0; n < N; n++) {
        acc += LOAD_real(dy, n * 10 + u);
    }
    db[u] += acc;
}

/* ==== unit gemm for forward: 1 kernel ==== */

/* gemm: M=M N=10 K=32 SAM=32 SAK=1 LDB=10 AZ=0 BZ=0 CZ=0 ZSUM=1 AY=0 BY=0 TM=8 TN=32 V=float16 AT=real BT=real CT=real EPILOGUE_ARGS= */
/* C = op(A)·B (+ bias) (+ C when ACCUMULATE), register-blocked and vectorised along N:
 * C[z][m, n] = Σ_{y < 1} Σ_{k < 32} A[z][y][m·32 + k·1] · B[z][y][k·10 + n],
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
 * Product M=(the batch) N=10 K=32 sums=1 A=rows; tiling 8x32/8 (default for CPUs). */
__kernel void gemm_faf62d18_gemm(__global const real* A, const long a_off, __global const real* B, const long b_off,
                             __global real* C, const long c_off, __global const real* bias,
                             const int arg_m, const int arg_k) {
    const int m0 = get_global_id(0) * 8;
    const int n0 = get_global_id(1) * 32;
    const int z = get_global_id(2);
    __global const real* Az = A + a_off + (size_t)z * 0;
    __global const real* Bz = B + b_off + (size_t)z * 0;
    __global real* Cz = C + c_off + (size_t)z * 0;
    const int M = arg_m;
    const int K = 32;
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
                const float16 a0 = (float16)(Ak[(size_t)r0 * 32]);
                acc0_0 = fma(a0, b0, acc0_0);
                acc0_1 = fma(a0, b1, acc0_1);
                const float16 a1 = (float16)(Ak[(size_t)r1 * 32]);
                acc1_0 = fma(a1, b0, acc1_0);
                acc1_1 = fma(a1, b1, acc1_1);
                const float16 a2 = (float16)(Ak[(size_t)r2 * 32]);
                acc2_0 = fma(a2, b0, acc2_0);
                acc2_1 = fma(a2, b1, acc2_1);
                const float16 a3 = (float16)(Ak[(size_t)r3 * 32]);
                acc3_0 = fma(a3, b0, acc3_0);
                acc3_1 = fma(a3, b1, acc3_1);
                const float16 a4 = (float16)(Ak[(size_t)r4 * 32]);
                acc4_0 = fma(a4, b0, acc4_0);
                acc4_1 = fma(a4, b1, acc4_1);
                const float16 a5 = (float16)(Ak[(size_t)r5 * 32]);
                acc5_0 = fma(a5, b0, acc5_0);
                acc5_1 = fma(a5, b1, acc5_1);
                const float16 a6 = (float16)(Ak[(size_t)r6 * 32]);
                acc6_0 = fma(a6, b0, acc6_0);
                acc6_1 = fma(a6, b1, acc6_1);
                const float16 a7 = (float16)(Ak[(size_t)r7 * 32]);
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
                    acc0 = fma((float16)(Ak[(size_t)r0 * 32]), b0, acc0);
                    acc1 = fma((float16)(Ak[(size_t)r1 * 32]), b0, acc1);
                    acc2 = fma((float16)(Ak[(size_t)r2 * 32]), b0, acc2);
                    acc3 = fma((float16)(Ak[(size_t)r3 * 32]), b0, acc3);
                    acc4 = fma((float16)(Ak[(size_t)r4 * 32]), b0, acc4);
                    acc5 = fma((float16)(Ak[(size_t)r5 * 32]), b0, acc5);
                    acc6 = fma((float16)(Ak[(size_t)r6 * 32]), b0, acc6);
                    acc7 = fma((float16)(Ak[(size_t)r7 * 32]), b0, acc7);
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

/* ==== unit fold_batchnorm for forward_inference: 2 kernels ==== */

/* fold_batchnorm: EPS=1.0e-5f HAS_AFFINE=1 HAS_BIAS=0 */
/* BatchNorm folded into the preceding layer for inference (the FoldBatchNorm pass, PyTorch eval
 * semantics): per output channel f, s = gamma[f] / sqrt(running_var[f] + 1.0e-5f) (gamma = 1
 * without affine); w'[f, :] = w[f, :] * s over its per weights, and
 * b'[f] = (b[f] - running_mean[f]) * s + beta[f] (b = 0 without a bias, beta = 0 without affine).
 * Run before the layer in every inference pass, so the folded weights follow the parameters. The
 * sizes are arguments: a 2-D range over (weight of the channel, channel f), no division. */
__kernel void fold_batchnorm_f08b7f9f_weight(__global const real* w, __global const real* gamma, __global const real* var,
                               __global real* wf, const long per) {
    const size_t f = get_global_id(1);
    const size_t i = f * per + get_global_id(0);
    const real s = (1 ? gamma[f] : (real)1) / sqrt(var[f] + 1.0e-5f);
    wf[i] = w[i] * s;
}

__kernel void fold_batchnorm_f08b7f9f_bias(__global const real* b, __global const real* gamma, __global const real* beta,
                             __global const real* mean, __global const real* var, __global real* bf) {
    const size_t f = get_global_id(0);
    const real s = (1 ? gamma[f] : (real)1) / sqrt(var[f] + 1.0e-5f);
    bf[f] = ((0 ? b[f] : (real)0) - mean[f]) * s + (1 ? beta[f] : (real)0);
}

/* ==== unit conv_implicit_forward for forward_inference: 3 kernels ==== */

/* conv_implicit_forward: C=16 F=32 OH=8 OW=8 OHW=64 QH=9 QW=9 PLANE=324 K=144 LW=8 S=1 LAST=8 PPV=2 V=float16 TM=8 NV=2 PPT=4 TN=32 EPILOGUE_ARGS= YT=real STATS_ARGS= */
/* The forward of a convolution as an implicit matrix product over the phase planes xp that
 * conv_implicit.cl pads (the same geometry: x [N, 16, …] → y [N, 32, 8, 8], planes of
 * 9 × 9, output rows in pieces of 8 columns, 1 per row, the last 8 wide, 2 to a
 * float16). Separate from it because its code depends on the epilogue, on whether it adds into y
 * (an input gradient computed as a convolution) and on whether it gathers batch statistics. */

/* y[z] = act(w · col(xp[z]) + bias (+ r)), or y[z] += w · col(xp[z]), w [32, 144]: one work-item
 * computes 8 filters × 4 pieces (32 lanes) with 8 × 2 float16 accumulators; dimensions:
 * filter tiles, piece tiles, samples of the chunk. Product 32x64x144 (filters x output positions x C*KH*KW), tiling 8x32/8. With batch statistics
 * (FuseBatchNormStatistics) it also writes, for each of its filters, the count, mean and sum of
 * squared deviations of its tile's outputs (two passes over the registers) to
 * tstats[st_off + 3·((z·F + f)·tiles + t)], which batch_statistics.cl merges per sample.
 * Without a bias, residual or activation, whether it gathers them and whether it adds into y
 * are the arguments stats and add, so that a layer's forward and an input gradient of the same
 * geometry share the kernel. y is stored as real (common.cl). */
__kernel void conv_implicit_forward_6d009459_forward(__global const real* A, __global const real* xp, __global real* Y, const long y_off,
                                __global const real* bias) {
    const int m0 = get_global_id(0) * 8;
    const int t = get_global_id(1);
    const int z = get_global_id(2);
    __global const real* Pz = xp + (size_t)z * 16 * 324;
    __global real* Yz = Y + y_off + (size_t)z * 32 * 64;
    const int r0 = min(m0 + 0, 31);
    __global const real* A0 = A + (size_t)r0 * 144;
    const int r1 = min(m0 + 1, 31);
    __global const real* A1 = A + (size_t)r1 * 144;
    const int r2 = min(m0 + 2, 31);
    __global const real* A2 = A + (size_t)r2 * 144;
    const int r3 = min(m0 + 3, 31);
    __global const real* A3 = A + (size_t)r3 * 144;
    const int r4 = min(m0 + 4, 31);
    __global const real* A4 = A + (size_t)r4 * 144;
    const int r5 = min(m0 + 5, 31);
    __global const real* A5 = A + (size_t)r5 * 144;
    const int r6 = min(m0 + 6, 31);
    __global const real* A6 = A + (size_t)r6 * 144;
    const int r7 = min(m0 + 7, 31);
    __global const real* A7 = A + (size_t)r7 * 144;
    const int q0 = min(t * 4 + 0, 7);
    const int in0 = q0 * 9 + 0 * 8;
    const int out0 = q0 * 8 + 0 * 8;
    const int q1 = min(t * 4 + 1, 7);
    const int in1 = q1 * 9 + 0 * 8;
    const int out1 = q1 * 8 + 0 * 8;
    const int q2 = min(t * 4 + 2, 7);
    const int in2 = q2 * 9 + 0 * 8;
    const int out2 = q2 * 8 + 0 * 8;
    const int q3 = min(t * 4 + 3, 7);
    const int in3 = q3 * 9 + 0 * 8;
    const int out3 = q3 * 8 + 0 * 8;
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
    for (int c = 0; c < 16; c++) {
        __global const real* Pc = Pz + (size_t)c * 324;
        const int kc = c * 9;
        {
            const float16 b0 = (float16)(vload8(0, Pc + 0 + in0), vload8(0, Pc + 0 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 0 + in2), vload8(0, Pc + 0 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 81 + in0), vload8(0, Pc + 81 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 81 + in2), vload8(0, Pc + 81 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 1 + in0), vload8(0, Pc + 1 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 1 + in2), vload8(0, Pc + 1 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 162 + in0), vload8(0, Pc + 162 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 162 + in2), vload8(0, Pc + 162 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 243 + in0), vload8(0, Pc + 243 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 243 + in2), vload8(0, Pc + 243 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 163 + in0), vload8(0, Pc + 163 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 163 + in2), vload8(0, Pc + 163 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 9 + in0), vload8(0, Pc + 9 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 9 + in2), vload8(0, Pc + 9 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 90 + in0), vload8(0, Pc + 90 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 90 + in2), vload8(0, Pc + 90 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 10 + in0), vload8(0, Pc + 10 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 10 + in2), vload8(0, Pc + 10 + in3));
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
    }
    const int n0 = t * 4 + 0 < 8 ? 8 : 0;
    const int n1 = t * 4 + 1 < 8 ? 8 : 0;
    const int n2 = t * 4 + 2 < 8 ? 8 : 0;
    const int n3 = t * 4 + 3 < 8 ? 8 : 0;
    if (m0 + 0 < 32) {
        __global real* y = Yz + (size_t)r0 * 64;
        const float16 o0 = acc0_0 + (float16)(bias[r0]);
        const float16 o1 = acc0_1 + (float16)(bias[r0]);
        if (n0 > 0) {
        vstore8(((fmax(((o0.s01234567)), (real)0))), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(((fmax(((o0.s89abcdef)), (real)0))), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(((fmax(((o1.s01234567)), (real)0))), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(((fmax(((o1.s89abcdef)), (real)0))), 0, y + out3);
        }
    }
    if (m0 + 1 < 32) {
        __global real* y = Yz + (size_t)r1 * 64;
        const float16 o0 = acc1_0 + (float16)(bias[r1]);
        const float16 o1 = acc1_1 + (float16)(bias[r1]);
        if (n0 > 0) {
        vstore8(((fmax(((o0.s01234567)), (real)0))), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(((fmax(((o0.s89abcdef)), (real)0))), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(((fmax(((o1.s01234567)), (real)0))), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(((fmax(((o1.s89abcdef)), (real)0))), 0, y + out3);
        }
    }
    if (m0 + 2 < 32) {
        __global real* y = Yz + (size_t)r2 * 64;
        const float16 o0 = acc2_0 + (float16)(bias[r2]);
        const float16 o1 = acc2_1 + (float16)(bias[r2]);
        if (n0 > 0) {
        vstore8(((fmax(((o0.s01234567)), (real)0))), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(((fmax(((o0.s89abcdef)), (real)0))), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(((fmax(((o1.s01234567)), (real)0))), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(((fmax(((o1.s89abcdef)), (real)0))), 0, y + out3);
        }
    }
    if (m0 + 3 < 32) {
        __global real* y = Yz + (size_t)r3 * 64;
        const float16 o0 = acc3_0 + (float16)(bias[r3]);
        const float16 o1 = acc3_1 + (float16)(bias[r3]);
        if (n0 > 0) {
        vstore8(((fmax(((o0.s01234567)), (real)0))), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(((fmax(((o0.s89abcdef)), (real)0))), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(((fmax(((o1.s01234567)), (real)0))), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(((fmax(((o1.s89abcdef)), (real)0))), 0, y + out3);
        }
    }
    if (m0 + 4 < 32) {
        __global real* y = Yz + (size_t)r4 * 64;
        const float16 o0 = acc4_0 + (float16)(bias[r4]);
        const float16 o1 = acc4_1 + (float16)(bias[r4]);
        if (n0 > 0) {
        vstore8(((fmax(((o0.s01234567)), (real)0))), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(((fmax(((o0.s89abcdef)), (real)0))), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(((fmax(((o1.s01234567)), (real)0))), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(((fmax(((o1.s89abcdef)), (real)0))), 0, y + out3);
        }
    }
    if (m0 + 5 < 32) {
        __global real* y = Yz + (size_t)r5 * 64;
        const float16 o0 = acc5_0 + (float16)(bias[r5]);
        const float16 o1 = acc5_1 + (float16)(bias[r5]);
        if (n0 > 0) {
        vstore8(((fmax(((o0.s01234567)), (real)0))), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(((fmax(((o0.s89abcdef)), (real)0))), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(((fmax(((o1.s01234567)), (real)0))), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(((fmax(((o1.s89abcdef)), (real)0))), 0, y + out3);
        }
    }
    if (m0 + 6 < 32) {
        __global real* y = Yz + (size_t)r6 * 64;
        const float16 o0 = acc6_0 + (float16)(bias[r6]);
        const float16 o1 = acc6_1 + (float16)(bias[r6]);
        if (n0 > 0) {
        vstore8(((fmax(((o0.s01234567)), (real)0))), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(((fmax(((o0.s89abcdef)), (real)0))), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(((fmax(((o1.s01234567)), (real)0))), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(((fmax(((o1.s89abcdef)), (real)0))), 0, y + out3);
        }
    }
    if (m0 + 7 < 32) {
        __global real* y = Yz + (size_t)r7 * 64;
        const float16 o0 = acc7_0 + (float16)(bias[r7]);
        const float16 o1 = acc7_1 + (float16)(bias[r7]);
        if (n0 > 0) {
        vstore8(((fmax(((o0.s01234567)), (real)0))), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(((fmax(((o0.s89abcdef)), (real)0))), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(((fmax(((o1.s01234567)), (real)0))), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(((fmax(((o1.s89abcdef)), (real)0))), 0, y + out3);
        }
    }

}

/* conv_implicit_forward: C=16 F=32 OH=8 OW=8 OHW=64 QH=8 QW=8 PLANE=64 K=16 LW=8 S=1 LAST=8 PPV=2 V=float16 TM=8 NV=2 PPT=4 TN=32 EPILOGUE_ARGS= YT=real STATS_ARGS= */
/* The forward of a convolution as an implicit matrix product over the phase planes xp that
 * conv_implicit.cl pads (the same geometry: x [N, 16, …] → y [N, 32, 8, 8], planes of
 * 8 × 8, output rows in pieces of 8 columns, 1 per row, the last 8 wide, 2 to a
 * float16). Separate from it because its code depends on the epilogue, on whether it adds into y
 * (an input gradient computed as a convolution) and on whether it gathers batch statistics. */

/* y[z] = act(w · col(xp[z]) + bias (+ r)), or y[z] += w · col(xp[z]), w [32, 16]: one work-item
 * computes 8 filters × 4 pieces (32 lanes) with 8 × 2 float16 accumulators; dimensions:
 * filter tiles, piece tiles, samples of the chunk. Product 32x64x16 (filters x output positions x C*KH*KW), tiling 8x32/8. With batch statistics
 * (FuseBatchNormStatistics) it also writes, for each of its filters, the count, mean and sum of
 * squared deviations of its tile's outputs (two passes over the registers) to
 * tstats[st_off + 3·((z·F + f)·tiles + t)], which batch_statistics.cl merges per sample.
 * Without a bias, residual or activation, whether it gathers them and whether it adds into y
 * are the arguments stats and add, so that a layer's forward and an input gradient of the same
 * geometry share the kernel. y is stored as real (common.cl). */
__kernel void conv_implicit_forward_563e35eb_forward(__global const real* A, __global const real* xp, __global real* Y, const long y_off,
                                __global const real* bias) {
    const int m0 = get_global_id(0) * 8;
    const int t = get_global_id(1);
    const int z = get_global_id(2);
    __global const real* Pz = xp + (size_t)z * 16 * 64;
    __global real* Yz = Y + y_off + (size_t)z * 32 * 64;
    const int r0 = min(m0 + 0, 31);
    __global const real* A0 = A + (size_t)r0 * 16;
    const int r1 = min(m0 + 1, 31);
    __global const real* A1 = A + (size_t)r1 * 16;
    const int r2 = min(m0 + 2, 31);
    __global const real* A2 = A + (size_t)r2 * 16;
    const int r3 = min(m0 + 3, 31);
    __global const real* A3 = A + (size_t)r3 * 16;
    const int r4 = min(m0 + 4, 31);
    __global const real* A4 = A + (size_t)r4 * 16;
    const int r5 = min(m0 + 5, 31);
    __global const real* A5 = A + (size_t)r5 * 16;
    const int r6 = min(m0 + 6, 31);
    __global const real* A6 = A + (size_t)r6 * 16;
    const int r7 = min(m0 + 7, 31);
    __global const real* A7 = A + (size_t)r7 * 16;
    const int q0 = min(t * 4 + 0, 7);
    const int in0 = q0 * 8 + 0 * 8;
    const int out0 = q0 * 8 + 0 * 8;
    const int q1 = min(t * 4 + 1, 7);
    const int in1 = q1 * 8 + 0 * 8;
    const int out1 = q1 * 8 + 0 * 8;
    const int q2 = min(t * 4 + 2, 7);
    const int in2 = q2 * 8 + 0 * 8;
    const int out2 = q2 * 8 + 0 * 8;
    const int q3 = min(t * 4 + 3, 7);
    const int in3 = q3 * 8 + 0 * 8;
    const int out3 = q3 * 8 + 0 * 8;
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
    for (int c = 0; c < 16; c++) {
        __global const real* Pc = Pz + (size_t)c * 64;
        const int kc = c * 1;
        {
            const float16 b0 = (float16)(vload8(0, Pc + 0 + in0), vload8(0, Pc + 0 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 0 + in2), vload8(0, Pc + 0 + in3));
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
    }
    const int n0 = t * 4 + 0 < 8 ? 8 : 0;
    const int n1 = t * 4 + 1 < 8 ? 8 : 0;
    const int n2 = t * 4 + 2 < 8 ? 8 : 0;
    const int n3 = t * 4 + 3 < 8 ? 8 : 0;
    if (m0 + 0 < 32) {
        __global real* y = Yz + (size_t)r0 * 64;
        const float16 o0 = acc0_0 + (float16)(bias[r0]);
        const float16 o1 = acc0_1 + (float16)(bias[r0]);
        if (n0 > 0) {
        vstore8(o0.s01234567, 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(o0.s89abcdef, 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(o1.s01234567, 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(o1.s89abcdef, 0, y + out3);
        }
    }
    if (m0 + 1 < 32) {
        __global real* y = Yz + (size_t)r1 * 64;
        const float16 o0 = acc1_0 + (float16)(bias[r1]);
        const float16 o1 = acc1_1 + (float16)(bias[r1]);
        if (n0 > 0) {
        vstore8(o0.s01234567, 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(o0.s89abcdef, 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(o1.s01234567, 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(o1.s89abcdef, 0, y + out3);
        }
    }
    if (m0 + 2 < 32) {
        __global real* y = Yz + (size_t)r2 * 64;
        const float16 o0 = acc2_0 + (float16)(bias[r2]);
        const float16 o1 = acc2_1 + (float16)(bias[r2]);
        if (n0 > 0) {
        vstore8(o0.s01234567, 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(o0.s89abcdef, 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(o1.s01234567, 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(o1.s89abcdef, 0, y + out3);
        }
    }
    if (m0 + 3 < 32) {
        __global real* y = Yz + (size_t)r3 * 64;
        const float16 o0 = acc3_0 + (float16)(bias[r3]);
        const float16 o1 = acc3_1 + (float16)(bias[r3]);
        if (n0 > 0) {
        vstore8(o0.s01234567, 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(o0.s89abcdef, 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(o1.s01234567, 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(o1.s89abcdef, 0, y + out3);
        }
    }
    if (m0 + 4 < 32) {
        __global real* y = Yz + (size_t)r4 * 64;
        const float16 o0 = acc4_0 + (float16)(bias[r4]);
        const float16 o1 = acc4_1 + (float16)(bias[r4]);
        if (n0 > 0) {
        vstore8(o0.s01234567, 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(o0.s89abcdef, 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(o1.s01234567, 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(o1.s89abcdef, 0, y + out3);
        }
    }
    if (m0 + 5 < 32) {
        __global real* y = Yz + (size_t)r5 * 64;
        const float16 o0 = acc5_0 + (float16)(bias[r5]);
        const float16 o1 = acc5_1 + (float16)(bias[r5]);
        if (n0 > 0) {
        vstore8(o0.s01234567, 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(o0.s89abcdef, 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(o1.s01234567, 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(o1.s89abcdef, 0, y + out3);
        }
    }
    if (m0 + 6 < 32) {
        __global real* y = Yz + (size_t)r6 * 64;
        const float16 o0 = acc6_0 + (float16)(bias[r6]);
        const float16 o1 = acc6_1 + (float16)(bias[r6]);
        if (n0 > 0) {
        vstore8(o0.s01234567, 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(o0.s89abcdef, 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(o1.s01234567, 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(o1.s89abcdef, 0, y + out3);
        }
    }
    if (m0 + 7 < 32) {
        __global real* y = Yz + (size_t)r7 * 64;
        const float16 o0 = acc7_0 + (float16)(bias[r7]);
        const float16 o1 = acc7_1 + (float16)(bias[r7]);
        if (n0 > 0) {
        vstore8(o0.s01234567, 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(o0.s89abcdef, 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(o1.s01234567, 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(o1.s89abcdef, 0, y + out3);
        }
    }

}

/* conv_implicit_forward: C=32 F=32 OH=8 OW=8 OHW=64 QH=10 QW=10 PLANE=100 K=288 LW=8 S=1 LAST=8 PPV=2 V=float16 TM=8 NV=2 PPT=4 TN=32 EPILOGUE_ARGS=, __global const real* R YT=real STATS_ARGS= */
/* The forward of a convolution as an implicit matrix product over the phase planes xp that
 * conv_implicit.cl pads (the same geometry: x [N, 32, …] → y [N, 32, 8, 8], planes of
 * 10 × 10, output rows in pieces of 8 columns, 1 per row, the last 8 wide, 2 to a
 * float16). Separate from it because its code depends on the epilogue, on whether it adds into y
 * (an input gradient computed as a convolution) and on whether it gathers batch statistics. */

/* y[z] = act(w · col(xp[z]) + bias (+ r)), or y[z] += w · col(xp[z]), w [32, 288]: one work-item
 * computes 8 filters × 4 pieces (32 lanes) with 8 × 2 float16 accumulators; dimensions:
 * filter tiles, piece tiles, samples of the chunk. Product 32x64x288 (filters x output positions x C*KH*KW), tiling 8x32/8. With batch statistics
 * (FuseBatchNormStatistics) it also writes, for each of its filters, the count, mean and sum of
 * squared deviations of its tile's outputs (two passes over the registers) to
 * tstats[st_off + 3·((z·F + f)·tiles + t)], which batch_statistics.cl merges per sample.
 * Without a bias, residual or activation, whether it gathers them and whether it adds into y
 * are the arguments stats and add, so that a layer's forward and an input gradient of the same
 * geometry share the kernel. y is stored as real (common.cl). */
__kernel void conv_implicit_forward_a4888702_forward(__global const real* A, __global const real* xp, __global real* Y, const long y_off,
                                __global const real* bias, __global const real* R) {
    const int m0 = get_global_id(0) * 8;
    const int t = get_global_id(1);
    const int z = get_global_id(2);
    __global const real* Pz = xp + (size_t)z * 32 * 100;
    __global real* Yz = Y + y_off + (size_t)z * 32 * 64;
    const int r0 = min(m0 + 0, 31);
    __global const real* A0 = A + (size_t)r0 * 288;
    const int r1 = min(m0 + 1, 31);
    __global const real* A1 = A + (size_t)r1 * 288;
    const int r2 = min(m0 + 2, 31);
    __global const real* A2 = A + (size_t)r2 * 288;
    const int r3 = min(m0 + 3, 31);
    __global const real* A3 = A + (size_t)r3 * 288;
    const int r4 = min(m0 + 4, 31);
    __global const real* A4 = A + (size_t)r4 * 288;
    const int r5 = min(m0 + 5, 31);
    __global const real* A5 = A + (size_t)r5 * 288;
    const int r6 = min(m0 + 6, 31);
    __global const real* A6 = A + (size_t)r6 * 288;
    const int r7 = min(m0 + 7, 31);
    __global const real* A7 = A + (size_t)r7 * 288;
    const int q0 = min(t * 4 + 0, 7);
    const int in0 = q0 * 10 + 0 * 8;
    const int out0 = q0 * 8 + 0 * 8;
    const int q1 = min(t * 4 + 1, 7);
    const int in1 = q1 * 10 + 0 * 8;
    const int out1 = q1 * 8 + 0 * 8;
    const int q2 = min(t * 4 + 2, 7);
    const int in2 = q2 * 10 + 0 * 8;
    const int out2 = q2 * 8 + 0 * 8;
    const int q3 = min(t * 4 + 3, 7);
    const int in3 = q3 * 10 + 0 * 8;
    const int out3 = q3 * 8 + 0 * 8;
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
    for (int c = 0; c < 32; c++) {
        __global const real* Pc = Pz + (size_t)c * 100;
        const int kc = c * 9;
        {
            const float16 b0 = (float16)(vload8(0, Pc + 0 + in0), vload8(0, Pc + 0 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 0 + in2), vload8(0, Pc + 0 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 1 + in0), vload8(0, Pc + 1 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 1 + in2), vload8(0, Pc + 1 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 2 + in0), vload8(0, Pc + 2 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 2 + in2), vload8(0, Pc + 2 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 10 + in0), vload8(0, Pc + 10 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 10 + in2), vload8(0, Pc + 10 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 11 + in0), vload8(0, Pc + 11 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 11 + in2), vload8(0, Pc + 11 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 12 + in0), vload8(0, Pc + 12 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 12 + in2), vload8(0, Pc + 12 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 20 + in0), vload8(0, Pc + 20 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 20 + in2), vload8(0, Pc + 20 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 21 + in0), vload8(0, Pc + 21 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 21 + in2), vload8(0, Pc + 21 + in3));
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
            const float16 b0 = (float16)(vload8(0, Pc + 22 + in0), vload8(0, Pc + 22 + in1));
            const float16 b1 = (float16)(vload8(0, Pc + 22 + in2), vload8(0, Pc + 22 + in3));
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
    }
    const int n0 = t * 4 + 0 < 8 ? 8 : 0;
    const int n1 = t * 4 + 1 < 8 ? 8 : 0;
    const int n2 = t * 4 + 2 < 8 ? 8 : 0;
    const int n3 = t * 4 + 3 < 8 ? 8 : 0;
    if (m0 + 0 < 32) {
        __global real* y = Yz + (size_t)r0 * 64;
        __global const real* rr = R + y_off + (size_t)z * 2048 + (size_t)r0 * 64;
        const float16 o0 = acc0_0 + (float16)(bias[r0]);
        const float16 o1 = acc0_1 + (float16)(bias[r0]);
        if (n0 > 0) {
        vstore8(((fmax(((o0.s01234567 + vload8(0, rr + out0))), (real)0))), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(((fmax(((o0.s89abcdef + vload8(0, rr + out1))), (real)0))), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(((fmax(((o1.s01234567 + vload8(0, rr + out2))), (real)0))), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(((fmax(((o1.s89abcdef + vload8(0, rr + out3))), (real)0))), 0, y + out3);
        }
    }
    if (m0 + 1 < 32) {
        __global real* y = Yz + (size_t)r1 * 64;
        __global const real* rr = R + y_off + (size_t)z * 2048 + (size_t)r1 * 64;
        const float16 o0 = acc1_0 + (float16)(bias[r1]);
        const float16 o1 = acc1_1 + (float16)(bias[r1]);
        if (n0 > 0) {
        vstore8(((fmax(((o0.s01234567 + vload8(0, rr + out0))), (real)0))), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(((fmax(((o0.s89abcdef + vload8(0, rr + out1))), (real)0))), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(((fmax(((o1.s01234567 + vload8(0, rr + out2))), (real)0))), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(((fmax(((o1.s89abcdef + vload8(0, rr + out3))), (real)0))), 0, y + out3);
        }
    }
    if (m0 + 2 < 32) {
        __global real* y = Yz + (size_t)r2 * 64;
        __global const real* rr = R + y_off + (size_t)z * 2048 + (size_t)r2 * 64;
        const float16 o0 = acc2_0 + (float16)(bias[r2]);
        const float16 o1 = acc2_1 + (float16)(bias[r2]);
        if (n0 > 0) {
        vstore8(((fmax(((o0.s01234567 + vload8(0, rr + out0))), (real)0))), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(((fmax(((o0.s89abcdef + vload8(0, rr + out1))), (real)0))), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(((fmax(((o1.s01234567 + vload8(0, rr + out2))), (real)0))), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(((fmax(((o1.s89abcdef + vload8(0, rr + out3))), (real)0))), 0, y + out3);
        }
    }
    if (m0 + 3 < 32) {
        __global real* y = Yz + (size_t)r3 * 64;
        __global const real* rr = R + y_off + (size_t)z * 2048 + (size_t)r3 * 64;
        const float16 o0 = acc3_0 + (float16)(bias[r3]);
        const float16 o1 = acc3_1 + (float16)(bias[r3]);
        if (n0 > 0) {
        vstore8(((fmax(((o0.s01234567 + vload8(0, rr + out0))), (real)0))), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(((fmax(((o0.s89abcdef + vload8(0, rr + out1))), (real)0))), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(((fmax(((o1.s01234567 + vload8(0, rr + out2))), (real)0))), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(((fmax(((o1.s89abcdef + vload8(0, rr + out3))), (real)0))), 0, y + out3);
        }
    }
    if (m0 + 4 < 32) {
        __global real* y = Yz + (size_t)r4 * 64;
        __global const real* rr = R + y_off + (size_t)z * 2048 + (size_t)r4 * 64;
        const float16 o0 = acc4_0 + (float16)(bias[r4]);
        const float16 o1 = acc4_1 + (float16)(bias[r4]);
        if (n0 > 0) {
        vstore8(((fmax(((o0.s01234567 + vload8(0, rr + out0))), (real)0))), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(((fmax(((o0.s89abcdef + vload8(0, rr + out1))), (real)0))), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(((fmax(((o1.s01234567 + vload8(0, rr + out2))), (real)0))), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(((fmax(((o1.s89abcdef + vload8(0, rr + out3))), (real)0))), 0, y + out3);
        }
    }
    if (m0 + 5 < 32) {
        __global real* y = Yz + (size_t)r5 * 64;
        __global const real* rr = R + y_off + (size_t)z * 2048 + (size_t)r5 * 64;
        const float16 o0 = acc5_0 + (float16)(bias[r5]);
        const float16 o1 = acc5_1 + (float16)(bias[r5]);
        if (n0 > 0) {
        vstore8(((fmax(((o0.s01234567 + vload8(0, rr + out0))), (real)0))), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(((fmax(((o0.s89abcdef + vload8(0, rr + out1))), (real)0))), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(((fmax(((o1.s01234567 + vload8(0, rr + out2))), (real)0))), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(((fmax(((o1.s89abcdef + vload8(0, rr + out3))), (real)0))), 0, y + out3);
        }
    }
    if (m0 + 6 < 32) {
        __global real* y = Yz + (size_t)r6 * 64;
        __global const real* rr = R + y_off + (size_t)z * 2048 + (size_t)r6 * 64;
        const float16 o0 = acc6_0 + (float16)(bias[r6]);
        const float16 o1 = acc6_1 + (float16)(bias[r6]);
        if (n0 > 0) {
        vstore8(((fmax(((o0.s01234567 + vload8(0, rr + out0))), (real)0))), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(((fmax(((o0.s89abcdef + vload8(0, rr + out1))), (real)0))), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(((fmax(((o1.s01234567 + vload8(0, rr + out2))), (real)0))), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(((fmax(((o1.s89abcdef + vload8(0, rr + out3))), (real)0))), 0, y + out3);
        }
    }
    if (m0 + 7 < 32) {
        __global real* y = Yz + (size_t)r7 * 64;
        __global const real* rr = R + y_off + (size_t)z * 2048 + (size_t)r7 * 64;
        const float16 o0 = acc7_0 + (float16)(bias[r7]);
        const float16 o1 = acc7_1 + (float16)(bias[r7]);
        if (n0 > 0) {
        vstore8(((fmax(((o0.s01234567 + vload8(0, rr + out0))), (real)0))), 0, y + out0);
        }
        if (n1 > 0) {
        vstore8(((fmax(((o0.s89abcdef + vload8(0, rr + out1))), (real)0))), 0, y + out1);
        }
        if (n2 > 0) {
        vstore8(((fmax(((o1.s01234567 + vload8(0, rr + out2))), (real)0))), 0, y + out2);
        }
        if (n3 > 0) {
        vstore8(((fmax(((o1.s89abcdef + vload8(0, rr + out3))), (real)0))), 0, y + out3);
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

/* ==== unit gemm for backward: 2 kernels ==== */

/* gemm: M=M N=32 K=10 SAM=10 SAK=1 LDB=32 AZ=0 BZ=0 CZ=0 ZSUM=1 AY=0 BY=0 TM=8 TN=32 V=float16 AT=real BT=real CT=real EPILOGUE_ARGS= */
/* C = op(A)·B (+ bias) (+ C when ACCUMULATE), register-blocked and vectorised along N:
 * C[z][m, n] = Σ_{y < 1} Σ_{k < 10} A[z][y][m·10 + k·1] · B[z][y][k·32 + n],
 * for m < M, n < 32, and z the third work dimension (a sample, or a group of samples).
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
 * Product M=(the batch) N=32 K=10 sums=1 A=rows; tiling 8x32/8 (default for CPUs). */
__kernel void gemm_ec6db277_gemm(__global const real* A, const long a_off, __global const real* B, const long b_off,
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
            __global const real* Bk = By + (size_t)k * 32;
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
        __global real* c = Cz + (size_t)r0 * 32 + n0;
        vstore16(acc0_0, 0, c);
        vstore16(acc0_1, 1, c);
    }
    if (m0 + 1 < M) {
        __global real* c = Cz + (size_t)r1 * 32 + n0;
        vstore16(acc1_0, 0, c);
        vstore16(acc1_1, 1, c);
    }
    if (m0 + 2 < M) {
        __global real* c = Cz + (size_t)r2 * 32 + n0;
        vstore16(acc2_0, 0, c);
        vstore16(acc2_1, 1, c);
    }
    if (m0 + 3 < M) {
        __global real* c = Cz + (size_t)r3 * 32 + n0;
        vstore16(acc3_0, 0, c);
        vstore16(acc3_1, 1, c);
    }
    if (m0 + 4 < M) {
        __global real* c = Cz + (size_t)r4 * 32 + n0;
        vstore16(acc4_0, 0, c);
        vstore16(acc4_1, 1, c);
    }
    if (m0 + 5 < M) {
        __global real* c = Cz + (size_t)r5 * 32 + n0;
        vstore16(acc5_0, 0, c);
        vstore16(acc5_1, 1, c);
    }
    if (m0 + 6 < M) {
        __global real* c = Cz + (size_t)r6 * 32 + n0;
        vstore16(acc6_0, 0, c);
        vstore16(acc6_1, 1, c);
    }
    if (m0 + 7 < M) {
        __global real* c = Cz + (size_t)r7 * 32 + n0;
        vstore16(acc7_0, 0, c);
        vstore16(acc7_1, 1, c);
    }
}

/* gemm: M=10 N=32 K=K SAM=1 SAK=10 LDB=32 AZ=0 BZ=0 CZ=0 ZSUM=1 AY=0 BY=0 TM=8 TN=32 V=float16 AT=real BT=real CT=real EPILOGUE_ARGS= */
/* C = op(A)·B (+ bias) (+ C when ACCUMULATE), register-blocked and vectorised along N:
 * C[z][m, n] = Σ_{y < 1} Σ_{k < K} A[z][y][m·1 + k·10] · B[z][y][k·32 + n],
 * for m < 10, n < 32, and z the third work dimension (a sample, or a group of samples).
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
 * Product M=10 N=32 K=(the batch) sums=1 A=cols; tiling 8x32/8 (default for CPUs). */
__kernel void gemm_173dbb83_gemm(__global const real* A, const long a_off, __global const real* B, const long b_off,
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
            __global const real* Bk = By + (size_t)k * 32;
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
        __global real* c = Cz + (size_t)r0 * 32 + n0;
        vstore16(vload16(0, c) + acc0_0, 0, c);
        vstore16(vload16(1, c) + acc0_1, 1, c);
    }
    if (m0 + 1 < M) {
        __global real* c = Cz + (size_t)r1 * 32 + n0;
        vstore16(vload16(0, c) + acc1_0, 0, c);
        vstore16(vload16(1, c) + acc1_1, 1, c);
    }
    if (m0 + 2 < M) {
        __global real* c = Cz + (size_t)r2 * 32 + n0;
        vstore16(vload16(0, c) + acc2_0, 0, c);
        vstore16(vload16(1, c) + acc2_1, 1, c);
    }
    if (m0 + 3 < M) {
        __global real* c = Cz + (size_t)r3 * 32 + n0;
        vstore16(vload16(0, c) + acc3_0, 0, c);
        vstore16(vload16(1, c) + acc3_1, 1, c);
    }
    if (m0 + 4 < M) {
        __global real* c = Cz + (size_t)r4 * 32 + n0;
        vstore16(vload16(0, c) + acc4_0, 0, c);
        vstore16(vload16(1, c) + acc4_1, 1, c);
    }
    if (m0 + 5 < M) {
        __global real* c = Cz + (size_t)r5 * 32 + n0;
        vstore16(vload16(0, c) + acc5_0, 0, c);
        vstore16(vload16(1, c) + acc5_1, 1, c);
    }
    if (m0 + 6 < M) {
        __global real* c = Cz + (size_t)r6 * 32 + n0;
        vstore16(vload16(0, c) + acc6_0, 0, c);
        vstore16(vload16(1, c) + acc6_1, 1, c);
    }
    if (m0 + 7 < M) {
        __global real* c = Cz + (size_t)r7 * 32 + n0;
        vstore16(vload16(0, c) + acc7_0, 0, c);
        vstore16(vload16(1, c) + acc7_1, 1, c);
    }
}

/* ==== unit add_backward for backward: 1 kernel ==== */

/* add_backward: RELU=1 DYT=real MT=real */
/* The gradients of an element-wise sum: every input's gradient is dy (where y > 0 with the fused
 * ReLU, RELU 1, else 0), written to all of them in one pass over dy: an input whose first
 * gradient this is gets dx = g (not zeroed before), a later one dx += g (loaded, added in reals,
 * stored). Only for distinct inputs (add(a, a) takes one launch per input, add.cl, so its 2 dy do
 * not race). Storages (common.cl): dy real, y real (dy stands in without the ReLU), each dx
 * its own (in GRAD_ARGS and GRAD_STORES). */
__kernel void add_backward_b76fa568_all(__global const real* dy, __global const real* y, __global real* dx0, __global real* dx1) {
    const int i = get_global_id(0);
    const real g = 1 && !(LOAD_real(y, i) > (real)0) ? (real)0 : LOAD_real(dy, i);
    STORE_real(dx0, i, g);
    STORE_real(dx1, i, g);
}

/* ==== unit conv_implicit for backward: 3 kernels ==== */

/* conv_implicit: DYT=real H=16 W=16 OH=8 OW=8 QH=8 QW=8 SH=2 SW=2 RA=0 RB=0 ROWS=0 KH=1 KW=1 DH=1 DW=1 LW=8 S=1 LAST=8 PPV=2 SLACK=16 V=float16 TF=8 */
/* Convolution (groups 1) as implicit matrix products, x [N, C, 16, 16] → y [N, F, 8, 8],
 * stride (2, 2): no im2col matrix. The input is first copied, zero-padded, into phase planes
 * per channel, xp[s][c][a][b][i][j] = x[s][c][i·SH + A[a] − PT][j·SW + B[b] − PL] (0 outside x),
 * 8 × 8 each, for the row phases A = {0} and column phases B = {0} that taps read
 * (u·DH mod SH, v·DW mod SW; one plane at stride 1). The im2col row of tap (c, u, v) over
 * output row i is then the contiguous run of phase plane (u·DH mod SH, v·DW mod SW) at row
 * i + ⌊u·DH / SH⌋, columns ⌊v·DW / SW⌋ …, so the forward's B vectors (conv_implicit_forward.cl)
 * are loaded straight from xp, shifted per tap, and nothing KH·KW times the size of the activations is written and read
 * back. Output positions are cut into pieces of 8 columns of one output row (1 per row,
 * the last 8 wide); 2 pieces make one float16. Lanes past a row's end compute garbage from
 * the next row and are never stored; xp ends with 16 zeros so those loads stay in bounds.
 * rows[u]: where tap row u starts in a channel's planes. The padding itself is conv_pad.cl, whose
 * kernels depend on the input's geometry only (not on the channels or filters). */

/* The weight gradient, dw[f][(c, u, v)] (+)= Σ_s Σ_{i,j} dy[s][f][i][j] · xp[s][c][i + u·1][j + v·1]:
 * one work-item per (c, u) × 8 filters × all 1 taps v (8 × 1 float16 accumulators, summed
 * across lanes at the end), over the samples of its part (the third dimension; `each` samples
 * each). Lanes past a row's end are loaded as zeros. With one part it adds into dw (`add` 1),
 * else it writes partial sums out[g][f][k] that a reduction adds in order. The channels C and
 * filters F are arguments: convolutions that differ only in them share the kernel. dy is stored
 * as real (common.cl). */
__kernel void conv_implicit_f6a0b424_weight(__global const real* dy, const long dy_off, __global const real* xp,
                               __global real* out, const int each, const int add, const int C, const int F) {
    const int cu = get_global_id(0);
    const int f0 = get_global_id(1) * 8;
    const int g = get_global_id(2);
    const int c = cu / 1;
    const int u = cu % 1;
    const int rows[1] = {0};
    const int fr0 = min(f0 + 0, F - 1);
    float16 acc0_0 = (float16)0;
    const int fr1 = min(f0 + 1, F - 1);
    float16 acc1_0 = (float16)0;
    const int fr2 = min(f0 + 2, F - 1);
    float16 acc2_0 = (float16)0;
    const int fr3 = min(f0 + 3, F - 1);
    float16 acc3_0 = (float16)0;
    const int fr4 = min(f0 + 4, F - 1);
    float16 acc4_0 = (float16)0;
    const int fr5 = min(f0 + 5, F - 1);
    float16 acc5_0 = (float16)0;
    const int fr6 = min(f0 + 6, F - 1);
    float16 acc6_0 = (float16)0;
    const int fr7 = min(f0 + 7, F - 1);
    float16 acc7_0 = (float16)0;
    for (int s = g * each; s < (g + 1) * each; s++) {
        __global const real* D0 = dy + dy_off + ((size_t)s * F + fr0) * 64;
        __global const real* D1 = dy + dy_off + ((size_t)s * F + fr1) * 64;
        __global const real* D2 = dy + dy_off + ((size_t)s * F + fr2) * 64;
        __global const real* D3 = dy + dy_off + ((size_t)s * F + fr3) * 64;
        __global const real* D4 = dy + dy_off + ((size_t)s * F + fr4) * 64;
        __global const real* D5 = dy + dy_off + ((size_t)s * F + fr5) * 64;
        __global const real* D6 = dy + dy_off + ((size_t)s * F + fr6) * 64;
        __global const real* D7 = dy + dy_off + ((size_t)s * F + fr7) * 64;
        __global const real* Pu = xp + ((size_t)s * C + c) * 64 + rows[u];
        for (int oy = 0; oy < 8; oy += 2) {
            {
                const float16 p0 = (float16)(vload8(0, Pu + (oy + 0) * 8 + 0), vload8(0, Pu + (oy + 1) * 8 + 0));
                {
                    const float16 d = (float16)(vload8(0, D0 + (oy + 0) * 8), vload8(0, D0 + (oy + 1) * 8));
                    acc0_0 = fma(d, p0, acc0_0);
                }
                {
                    const float16 d = (float16)(vload8(0, D1 + (oy + 0) * 8), vload8(0, D1 + (oy + 1) * 8));
                    acc1_0 = fma(d, p0, acc1_0);
                }
                {
                    const float16 d = (float16)(vload8(0, D2 + (oy + 0) * 8), vload8(0, D2 + (oy + 1) * 8));
                    acc2_0 = fma(d, p0, acc2_0);
                }
                {
                    const float16 d = (float16)(vload8(0, D3 + (oy + 0) * 8), vload8(0, D3 + (oy + 1) * 8));
                    acc3_0 = fma(d, p0, acc3_0);
                }
                {
                    const float16 d = (float16)(vload8(0, D4 + (oy + 0) * 8), vload8(0, D4 + (oy + 1) * 8));
                    acc4_0 = fma(d, p0, acc4_0);
                }
                {
                    const float16 d = (float16)(vload8(0, D5 + (oy + 0) * 8), vload8(0, D5 + (oy + 1) * 8));
                    acc5_0 = fma(d, p0, acc5_0);
                }
                {
                    const float16 d = (float16)(vload8(0, D6 + (oy + 0) * 8), vload8(0, D6 + (oy + 1) * 8));
                    acc6_0 = fma(d, p0, acc6_0);
                }
                {
                    const float16 d = (float16)(vload8(0, D7 + (oy + 0) * 8), vload8(0, D7 + (oy + 1) * 8));
                    acc7_0 = fma(d, p0, acc7_0);
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
            __global real* o = out + ((size_t)g * F + fr0) * C * 1 + (c * 1 + u) * 1 + 0;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 1 < F) {
        {
            const float8 h8 = acc1_0.lo + acc1_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr1) * C * 1 + (c * 1 + u) * 1 + 0;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 2 < F) {
        {
            const float8 h8 = acc2_0.lo + acc2_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr2) * C * 1 + (c * 1 + u) * 1 + 0;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 3 < F) {
        {
            const float8 h8 = acc3_0.lo + acc3_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr3) * C * 1 + (c * 1 + u) * 1 + 0;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 4 < F) {
        {
            const float8 h8 = acc4_0.lo + acc4_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr4) * C * 1 + (c * 1 + u) * 1 + 0;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 5 < F) {
        {
            const float8 h8 = acc5_0.lo + acc5_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr5) * C * 1 + (c * 1 + u) * 1 + 0;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 6 < F) {
        {
            const float8 h8 = acc6_0.lo + acc6_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr6) * C * 1 + (c * 1 + u) * 1 + 0;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 7 < F) {
        {
            const float8 h8 = acc7_0.lo + acc7_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr7) * C * 1 + (c * 1 + u) * 1 + 0;
            *o = (add ? *o : (real)0) + h;
        }
    }

}

/* conv_implicit: DYT=real H=8 W=8 OH=8 OW=8 QH=10 QW=10 SH=1 SW=1 RA=0 RB=0 ROWS=0, 10, 20 KH=3 KW=3 DH=1 DW=1 LW=8 S=1 LAST=8 PPV=2 SLACK=16 V=float16 TF=8 */
/* Convolution (groups 1) as implicit matrix products, x [N, C, 8, 8] → y [N, F, 8, 8],
 * stride (1, 1): no im2col matrix. The input is first copied, zero-padded, into phase planes
 * per channel, xp[s][c][a][b][i][j] = x[s][c][i·SH + A[a] − PT][j·SW + B[b] − PL] (0 outside x),
 * 10 × 10 each, for the row phases A = {0} and column phases B = {0} that taps read
 * (u·DH mod SH, v·DW mod SW; one plane at stride 1). The im2col row of tap (c, u, v) over
 * output row i is then the contiguous run of phase plane (u·DH mod SH, v·DW mod SW) at row
 * i + ⌊u·DH / SH⌋, columns ⌊v·DW / SW⌋ …, so the forward's B vectors (conv_implicit_forward.cl)
 * are loaded straight from xp, shifted per tap, and nothing KH·KW times the size of the activations is written and read
 * back. Output positions are cut into pieces of 8 columns of one output row (1 per row,
 * the last 8 wide); 2 pieces make one float16. Lanes past a row's end compute garbage from
 * the next row and are never stored; xp ends with 16 zeros so those loads stay in bounds.
 * rows[u]: where tap row u starts in a channel's planes. The padding itself is conv_pad.cl, whose
 * kernels depend on the input's geometry only (not on the channels or filters). */

/* The weight gradient, dw[f][(c, u, v)] (+)= Σ_s Σ_{i,j} dy[s][f][i][j] · xp[s][c][i + u·1][j + v·1]:
 * one work-item per (c, u) × 8 filters × all 3 taps v (8 × 3 float16 accumulators, summed
 * across lanes at the end), over the samples of its part (the third dimension; `each` samples
 * each). Lanes past a row's end are loaded as zeros. With one part it adds into dw (`add` 1),
 * else it writes partial sums out[g][f][k] that a reduction adds in order. The channels C and
 * filters F are arguments: convolutions that differ only in them share the kernel. dy is stored
 * as real (common.cl). */
__kernel void conv_implicit_87e382cd_weight(__global const real* dy, const long dy_off, __global const real* xp,
                               __global real* out, const int each, const int add, const int C, const int F) {
    const int cu = get_global_id(0);
    const int f0 = get_global_id(1) * 8;
    const int g = get_global_id(2);
    const int c = cu / 3;
    const int u = cu % 3;
    const int rows[3] = {0, 10, 20};
    const int fr0 = min(f0 + 0, F - 1);
    float16 acc0_0 = (float16)0;
    float16 acc0_1 = (float16)0;
    float16 acc0_2 = (float16)0;
    const int fr1 = min(f0 + 1, F - 1);
    float16 acc1_0 = (float16)0;
    float16 acc1_1 = (float16)0;
    float16 acc1_2 = (float16)0;
    const int fr2 = min(f0 + 2, F - 1);
    float16 acc2_0 = (float16)0;
    float16 acc2_1 = (float16)0;
    float16 acc2_2 = (float16)0;
    const int fr3 = min(f0 + 3, F - 1);
    float16 acc3_0 = (float16)0;
    float16 acc3_1 = (float16)0;
    float16 acc3_2 = (float16)0;
    const int fr4 = min(f0 + 4, F - 1);
    float16 acc4_0 = (float16)0;
    float16 acc4_1 = (float16)0;
    float16 acc4_2 = (float16)0;
    const int fr5 = min(f0 + 5, F - 1);
    float16 acc5_0 = (float16)0;
    float16 acc5_1 = (float16)0;
    float16 acc5_2 = (float16)0;
    const int fr6 = min(f0 + 6, F - 1);
    float16 acc6_0 = (float16)0;
    float16 acc6_1 = (float16)0;
    float16 acc6_2 = (float16)0;
    const int fr7 = min(f0 + 7, F - 1);
    float16 acc7_0 = (float16)0;
    float16 acc7_1 = (float16)0;
    float16 acc7_2 = (float16)0;
    for (int s = g * each; s < (g + 1) * each; s++) {
        __global const real* D0 = dy + dy_off + ((size_t)s * F + fr0) * 64;
        __global const real* D1 = dy + dy_off + ((size_t)s * F + fr1) * 64;
        __global const real* D2 = dy + dy_off + ((size_t)s * F + fr2) * 64;
        __global const real* D3 = dy + dy_off + ((size_t)s * F + fr3) * 64;
        __global const real* D4 = dy + dy_off + ((size_t)s * F + fr4) * 64;
        __global const real* D5 = dy + dy_off + ((size_t)s * F + fr5) * 64;
        __global const real* D6 = dy + dy_off + ((size_t)s * F + fr6) * 64;
        __global const real* D7 = dy + dy_off + ((size_t)s * F + fr7) * 64;
        __global const real* Pu = xp + ((size_t)s * C + c) * 100 + rows[u];
        for (int oy = 0; oy < 8; oy += 2) {
            {
                const float16 p0 = (float16)(vload8(0, Pu + (oy + 0) * 10 + 0), vload8(0, Pu + (oy + 1) * 10 + 0));
                const float16 p1 = (float16)(vload8(0, Pu + (oy + 0) * 10 + 1), vload8(0, Pu + (oy + 1) * 10 + 1));
                const float16 p2 = (float16)(vload8(0, Pu + (oy + 0) * 10 + 2), vload8(0, Pu + (oy + 1) * 10 + 2));
                {
                    const float16 d = (float16)(vload8(0, D0 + (oy + 0) * 8), vload8(0, D0 + (oy + 1) * 8));
                    acc0_0 = fma(d, p0, acc0_0);
                    acc0_1 = fma(d, p1, acc0_1);
                    acc0_2 = fma(d, p2, acc0_2);
                }
                {
                    const float16 d = (float16)(vload8(0, D1 + (oy + 0) * 8), vload8(0, D1 + (oy + 1) * 8));
                    acc1_0 = fma(d, p0, acc1_0);
                    acc1_1 = fma(d, p1, acc1_1);
                    acc1_2 = fma(d, p2, acc1_2);
                }
                {
                    const float16 d = (float16)(vload8(0, D2 + (oy + 0) * 8), vload8(0, D2 + (oy + 1) * 8));
                    acc2_0 = fma(d, p0, acc2_0);
                    acc2_1 = fma(d, p1, acc2_1);
                    acc2_2 = fma(d, p2, acc2_2);
                }
                {
                    const float16 d = (float16)(vload8(0, D3 + (oy + 0) * 8), vload8(0, D3 + (oy + 1) * 8));
                    acc3_0 = fma(d, p0, acc3_0);
                    acc3_1 = fma(d, p1, acc3_1);
                    acc3_2 = fma(d, p2, acc3_2);
                }
                {
                    const float16 d = (float16)(vload8(0, D4 + (oy + 0) * 8), vload8(0, D4 + (oy + 1) * 8));
                    acc4_0 = fma(d, p0, acc4_0);
                    acc4_1 = fma(d, p1, acc4_1);
                    acc4_2 = fma(d, p2, acc4_2);
                }
                {
                    const float16 d = (float16)(vload8(0, D5 + (oy + 0) * 8), vload8(0, D5 + (oy + 1) * 8));
                    acc5_0 = fma(d, p0, acc5_0);
                    acc5_1 = fma(d, p1, acc5_1);
                    acc5_2 = fma(d, p2, acc5_2);
                }
                {
                    const float16 d = (float16)(vload8(0, D6 + (oy + 0) * 8), vload8(0, D6 + (oy + 1) * 8));
                    acc6_0 = fma(d, p0, acc6_0);
                    acc6_1 = fma(d, p1, acc6_1);
                    acc6_2 = fma(d, p2, acc6_2);
                }
                {
                    const float16 d = (float16)(vload8(0, D7 + (oy + 0) * 8), vload8(0, D7 + (oy + 1) * 8));
                    acc7_0 = fma(d, p0, acc7_0);
                    acc7_1 = fma(d, p1, acc7_1);
                    acc7_2 = fma(d, p2, acc7_2);
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
            __global real* o = out + ((size_t)g * F + fr0) * C * 9 + (c * 3 + u) * 3 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc0_1.lo + acc0_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr0) * C * 9 + (c * 3 + u) * 3 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc0_2.lo + acc0_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr0) * C * 9 + (c * 3 + u) * 3 + 2;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 1 < F) {
        {
            const float8 h8 = acc1_0.lo + acc1_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr1) * C * 9 + (c * 3 + u) * 3 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc1_1.lo + acc1_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr1) * C * 9 + (c * 3 + u) * 3 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc1_2.lo + acc1_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr1) * C * 9 + (c * 3 + u) * 3 + 2;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 2 < F) {
        {
            const float8 h8 = acc2_0.lo + acc2_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr2) * C * 9 + (c * 3 + u) * 3 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc2_1.lo + acc2_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr2) * C * 9 + (c * 3 + u) * 3 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc2_2.lo + acc2_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr2) * C * 9 + (c * 3 + u) * 3 + 2;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 3 < F) {
        {
            const float8 h8 = acc3_0.lo + acc3_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr3) * C * 9 + (c * 3 + u) * 3 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc3_1.lo + acc3_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr3) * C * 9 + (c * 3 + u) * 3 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc3_2.lo + acc3_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr3) * C * 9 + (c * 3 + u) * 3 + 2;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 4 < F) {
        {
            const float8 h8 = acc4_0.lo + acc4_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr4) * C * 9 + (c * 3 + u) * 3 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc4_1.lo + acc4_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr4) * C * 9 + (c * 3 + u) * 3 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc4_2.lo + acc4_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr4) * C * 9 + (c * 3 + u) * 3 + 2;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 5 < F) {
        {
            const float8 h8 = acc5_0.lo + acc5_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr5) * C * 9 + (c * 3 + u) * 3 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc5_1.lo + acc5_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr5) * C * 9 + (c * 3 + u) * 3 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc5_2.lo + acc5_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr5) * C * 9 + (c * 3 + u) * 3 + 2;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 6 < F) {
        {
            const float8 h8 = acc6_0.lo + acc6_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr6) * C * 9 + (c * 3 + u) * 3 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc6_1.lo + acc6_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr6) * C * 9 + (c * 3 + u) * 3 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc6_2.lo + acc6_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr6) * C * 9 + (c * 3 + u) * 3 + 2;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 7 < F) {
        {
            const float8 h8 = acc7_0.lo + acc7_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr7) * C * 9 + (c * 3 + u) * 3 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc7_1.lo + acc7_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr7) * C * 9 + (c * 3 + u) * 3 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc7_2.lo + acc7_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr7) * C * 9 + (c * 3 + u) * 3 + 2;
            *o = (add ? *o : (real)0) + h;
        }
    }

}

/* conv_implicit: DYT=real H=16 W=16 OH=8 OW=8 QH=9 QW=9 SH=2 SW=2 RA=0, 1 RB=0, 1 ROWS=0, 162, 9 KH=3 KW=3 DH=1 DW=1 LW=8 S=1 LAST=8 PPV=2 SLACK=16 V=float16 TF=8 */
/* Convolution (groups 1) as implicit matrix products, x [N, C, 16, 16] → y [N, F, 8, 8],
 * stride (2, 2): no im2col matrix. The input is first copied, zero-padded, into phase planes
 * per channel, xp[s][c][a][b][i][j] = x[s][c][i·SH + A[a] − PT][j·SW + B[b] − PL] (0 outside x),
 * 9 × 9 each, for the row phases A = {0, 1} and column phases B = {0, 1} that taps read
 * (u·DH mod SH, v·DW mod SW; one plane at stride 1). The im2col row of tap (c, u, v) over
 * output row i is then the contiguous run of phase plane (u·DH mod SH, v·DW mod SW) at row
 * i + ⌊u·DH / SH⌋, columns ⌊v·DW / SW⌋ …, so the forward's B vectors (conv_implicit_forward.cl)
 * are loaded straight from xp, shifted per tap, and nothing KH·KW times the size of the activations is written and read
 * back. Output positions are cut into pieces of 8 columns of one output row (1 per row,
 * the last 8 wide); 2 pieces make one float16. Lanes past a row's end compute garbage from
 * the next row and are never stored; xp ends with 16 zeros so those loads stay in bounds.
 * rows[u]: where tap row u starts in a channel's planes. The padding itself is conv_pad.cl, whose
 * kernels depend on the input's geometry only (not on the channels or filters). */

/* The weight gradient, dw[f][(c, u, v)] (+)= Σ_s Σ_{i,j} dy[s][f][i][j] · xp[s][c][i + u·1][j + v·1]:
 * one work-item per (c, u) × 8 filters × all 3 taps v (8 × 3 float16 accumulators, summed
 * across lanes at the end), over the samples of its part (the third dimension; `each` samples
 * each). Lanes past a row's end are loaded as zeros. With one part it adds into dw (`add` 1),
 * else it writes partial sums out[g][f][k] that a reduction adds in order. The channels C and
 * filters F are arguments: convolutions that differ only in them share the kernel. dy is stored
 * as real (common.cl). */
__kernel void conv_implicit_e34c5e56_weight(__global const real* dy, const long dy_off, __global const real* xp,
                               __global real* out, const int each, const int add, const int C, const int F) {
    const int cu = get_global_id(0);
    const int f0 = get_global_id(1) * 8;
    const int g = get_global_id(2);
    const int c = cu / 3;
    const int u = cu % 3;
    const int rows[3] = {0, 162, 9};
    const int fr0 = min(f0 + 0, F - 1);
    float16 acc0_0 = (float16)0;
    float16 acc0_1 = (float16)0;
    float16 acc0_2 = (float16)0;
    const int fr1 = min(f0 + 1, F - 1);
    float16 acc1_0 = (float16)0;
    float16 acc1_1 = (float16)0;
    float16 acc1_2 = (float16)0;
    const int fr2 = min(f0 + 2, F - 1);
    float16 acc2_0 = (float16)0;
    float16 acc2_1 = (float16)0;
    float16 acc2_2 = (float16)0;
    const int fr3 = min(f0 + 3, F - 1);
    float16 acc3_0 = (float16)0;
    float16 acc3_1 = (float16)0;
    float16 acc3_2 = (float16)0;
    const int fr4 = min(f0 + 4, F - 1);
    float16 acc4_0 = (float16)0;
    float16 acc4_1 = (float16)0;
    float16 acc4_2 = (float16)0;
    const int fr5 = min(f0 + 5, F - 1);
    float16 acc5_0 = (float16)0;
    float16 acc5_1 = (float16)0;
    float16 acc5_2 = (float16)0;
    const int fr6 = min(f0 + 6, F - 1);
    float16 acc6_0 = (float16)0;
    float16 acc6_1 = (float16)0;
    float16 acc6_2 = (float16)0;
    const int fr7 = min(f0 + 7, F - 1);
    float16 acc7_0 = (float16)0;
    float16 acc7_1 = (float16)0;
    float16 acc7_2 = (float16)0;
    for (int s = g * each; s < (g + 1) * each; s++) {
        __global const real* D0 = dy + dy_off + ((size_t)s * F + fr0) * 64;
        __global const real* D1 = dy + dy_off + ((size_t)s * F + fr1) * 64;
        __global const real* D2 = dy + dy_off + ((size_t)s * F + fr2) * 64;
        __global const real* D3 = dy + dy_off + ((size_t)s * F + fr3) * 64;
        __global const real* D4 = dy + dy_off + ((size_t)s * F + fr4) * 64;
        __global const real* D5 = dy + dy_off + ((size_t)s * F + fr5) * 64;
        __global const real* D6 = dy + dy_off + ((size_t)s * F + fr6) * 64;
        __global const real* D7 = dy + dy_off + ((size_t)s * F + fr7) * 64;
        __global const real* Pu = xp + ((size_t)s * C + c) * 324 + rows[u];
        for (int oy = 0; oy < 8; oy += 2) {
            {
                const float16 p0 = (float16)(vload8(0, Pu + (oy + 0) * 9 + 0), vload8(0, Pu + (oy + 1) * 9 + 0));
                const float16 p1 = (float16)(vload8(0, Pu + (oy + 0) * 9 + 81), vload8(0, Pu + (oy + 1) * 9 + 81));
                const float16 p2 = (float16)(vload8(0, Pu + (oy + 0) * 9 + 1), vload8(0, Pu + (oy + 1) * 9 + 1));
                {
                    const float16 d = (float16)(vload8(0, D0 + (oy + 0) * 8), vload8(0, D0 + (oy + 1) * 8));
                    acc0_0 = fma(d, p0, acc0_0);
                    acc0_1 = fma(d, p1, acc0_1);
                    acc0_2 = fma(d, p2, acc0_2);
                }
                {
                    const float16 d = (float16)(vload8(0, D1 + (oy + 0) * 8), vload8(0, D1 + (oy + 1) * 8));
                    acc1_0 = fma(d, p0, acc1_0);
                    acc1_1 = fma(d, p1, acc1_1);
                    acc1_2 = fma(d, p2, acc1_2);
                }
                {
                    const float16 d = (float16)(vload8(0, D2 + (oy + 0) * 8), vload8(0, D2 + (oy + 1) * 8));
                    acc2_0 = fma(d, p0, acc2_0);
                    acc2_1 = fma(d, p1, acc2_1);
                    acc2_2 = fma(d, p2, acc2_2);
                }
                {
                    const float16 d = (float16)(vload8(0, D3 + (oy + 0) * 8), vload8(0, D3 + (oy + 1) * 8));
                    acc3_0 = fma(d, p0, acc3_0);
                    acc3_1 = fma(d, p1, acc3_1);
                    acc3_2 = fma(d, p2, acc3_2);
                }
                {
                    const float16 d = (float16)(vload8(0, D4 + (oy + 0) * 8), vload8(0, D4 + (oy + 1) * 8));
                    acc4_0 = fma(d, p0, acc4_0);
                    acc4_1 = fma(d, p1, acc4_1);
                    acc4_2 = fma(d, p2, acc4_2);
                }
                {
                    const float16 d = (float16)(vload8(0, D5 + (oy + 0) * 8), vload8(0, D5 + (oy + 1) * 8));
                    acc5_0 = fma(d, p0, acc5_0);
                    acc5_1 = fma(d, p1, acc5_1);
                    acc5_2 = fma(d, p2, acc5_2);
                }
                {
                    const float16 d = (float16)(vload8(0, D6 + (oy + 0) * 8), vload8(0, D6 + (oy + 1) * 8));
                    acc6_0 = fma(d, p0, acc6_0);
                    acc6_1 = fma(d, p1, acc6_1);
                    acc6_2 = fma(d, p2, acc6_2);
                }
                {
                    const float16 d = (float16)(vload8(0, D7 + (oy + 0) * 8), vload8(0, D7 + (oy + 1) * 8));
                    acc7_0 = fma(d, p0, acc7_0);
                    acc7_1 = fma(d, p1, acc7_1);
                    acc7_2 = fma(d, p2, acc7_2);
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
            __global real* o = out + ((size_t)g * F + fr0) * C * 9 + (c * 3 + u) * 3 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc0_1.lo + acc0_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr0) * C * 9 + (c * 3 + u) * 3 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc0_2.lo + acc0_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr0) * C * 9 + (c * 3 + u) * 3 + 2;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 1 < F) {
        {
            const float8 h8 = acc1_0.lo + acc1_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr1) * C * 9 + (c * 3 + u) * 3 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc1_1.lo + acc1_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr1) * C * 9 + (c * 3 + u) * 3 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc1_2.lo + acc1_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr1) * C * 9 + (c * 3 + u) * 3 + 2;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 2 < F) {
        {
            const float8 h8 = acc2_0.lo + acc2_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr2) * C * 9 + (c * 3 + u) * 3 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc2_1.lo + acc2_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr2) * C * 9 + (c * 3 + u) * 3 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc2_2.lo + acc2_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr2) * C * 9 + (c * 3 + u) * 3 + 2;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 3 < F) {
        {
            const float8 h8 = acc3_0.lo + acc3_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr3) * C * 9 + (c * 3 + u) * 3 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc3_1.lo + acc3_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr3) * C * 9 + (c * 3 + u) * 3 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc3_2.lo + acc3_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr3) * C * 9 + (c * 3 + u) * 3 + 2;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 4 < F) {
        {
            const float8 h8 = acc4_0.lo + acc4_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr4) * C * 9 + (c * 3 + u) * 3 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc4_1.lo + acc4_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr4) * C * 9 + (c * 3 + u) * 3 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc4_2.lo + acc4_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr4) * C * 9 + (c * 3 + u) * 3 + 2;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 5 < F) {
        {
            const float8 h8 = acc5_0.lo + acc5_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr5) * C * 9 + (c * 3 + u) * 3 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc5_1.lo + acc5_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr5) * C * 9 + (c * 3 + u) * 3 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc5_2.lo + acc5_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr5) * C * 9 + (c * 3 + u) * 3 + 2;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 6 < F) {
        {
            const float8 h8 = acc6_0.lo + acc6_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr6) * C * 9 + (c * 3 + u) * 3 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc6_1.lo + acc6_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr6) * C * 9 + (c * 3 + u) * 3 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc6_2.lo + acc6_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr6) * C * 9 + (c * 3 + u) * 3 + 2;
            *o = (add ? *o : (real)0) + h;
        }
    }
    if (f0 + 7 < F) {
        {
            const float8 h8 = acc7_0.lo + acc7_0.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr7) * C * 9 + (c * 3 + u) * 3 + 0;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc7_1.lo + acc7_1.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr7) * C * 9 + (c * 3 + u) * 3 + 1;
            *o = (add ? *o : (real)0) + h;
        }
        {
            const float8 h8 = acc7_2.lo + acc7_2.hi;
            const float4 h4 = h8.lo + h8.hi;
            const float2 h2 = h4.lo + h4.hi;
            const float h = h2.x + h2.y;
            __global real* o = out + ((size_t)g * F + fr7) * C * 9 + (c * 3 + u) * 3 + 2;
            *o = (add ? *o : (real)0) + h;
        }
    }

}

/* ==== unit conv_gemm for backward: 1 kernel ==== */

/* conv_gemm: DYT=real DXT=real C=32 H=8 W=8 OH=8 OW=8 KH=3 KW=3 SH=1 SW=1 PT=1 PL=1 DH=1 DW=1 K=288 P=64 F=32 CW=8 V=float16 ACCUMULATE=0 */

/* The input gradient's weights when it is computed as a convolution (stride 1): w [32, 32, KH, KW]
 * flipped in space and with its two channel axes swapped, wf[c][f][u][v] = w[f][c][KH − 1 − u][KW − 1 − v];
 * one work-item per weight. */
__kernel void conv_gemm_4f9c3dea_flip(__global const real* w, __global real* wf) {
    const int idx = get_global_id(0);
    const int v = idx % 3;
    const int u = (idx / 3) % 3;
    const int c = (idx / (3 * 3)) % 32;
    const int f = idx / (3 * 3 * 32);
    wf[((c * 32 + f) * 3 + 3 - 1 - u) * 3 + 3 - 1 - v] = w[idx];
}

/* ==== unit zero for zero_grads: 1 kernel ==== */

/* sets a buffer to zero */
__kernel void cnnc_zero(__global real* x) {
    x[get_global_id(0)] = (real)0;
}

/* ==== unit optim_grad_norm for grad_norm: 2 kernels ==== */

/* optim_grad_norm: CHUNK=1024 PARTIALS=23 */
/* The squared global L2 norm of the parameter gradients, for clipping (PyTorch's
 * clip_grad_norm_), in two passes without races: partial sums of g^2 over chunks of 1024
 * elements, one work-item per chunk, each writing its own slot of partials (every parameter has
 * its own run of slots from offset); then one work-item adds the 23 partials into total[0]. */
__kernel void optim_grad_norm_f128e870_partial(__global const real* g, __global real* partials, const int offset, const int n) {
    const int c = get_global_id(0);
    const int start = c * 1024;
    const int end = min(start + 1024, n);
    real acc = (real)0;
    for (int i = start; i < end; i++) {
        acc += g[i] * g[i];
    }
    partials[offset + c] = acc;
}

__kernel void optim_grad_norm_f128e870_total(__global const real* partials, __global real* total) {
    real acc = (real)0;
    for (int i = 0; i < 23; i++) {
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
