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
