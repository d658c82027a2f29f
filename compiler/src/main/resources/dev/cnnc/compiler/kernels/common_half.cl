/* In mixed-precision programs only (fp16 storage): the conversions of single elements that
 * common.cl's LOAD_half and STORE_half use. (Every unit of an fp32 program would otherwise compile
 * them too: 14% more build time, measured on ResidualBlock's units.) */

/* The float value of fp16 bits h, exactly (as vload_half; a NaN keeps its payload). Like
 * cnnc_half_bits below, integer arithmetic and selects only: PoCL runs its scalar vload_half one
 * work-item at a time (an fp16 add of 512 Ki elements: 0.96 ms with it, 0.27 ms with these). */
inline float cnnc_half_value(const ushort h) {
    const uint x = h;
    const uint e = x & 0x7c00u;
    const uint normal = ((x & 0x7fffu) << 13) + 0x38000000u;
    const uint subnormal = as_uint((float)(x & 0x3ffu) * 0x1p-24f);
    uint r = e == 0u ? subnormal : normal;
    r = e == 0x7c00u ? 0x7f800000u | ((x & 0x3ffu) << 13) : r;
    return as_float(((x & 0x8000u) << 16) | r);
}

/* The fp16 bits of f rounded to nearest even, as vstore_half rounds (and PyTorch's half()):
 * infinity past 65504, subnormals kept (2^23 added to f·2^24 rounds it to an integer), NaN 0x7e00.
 * Integer arithmetic and selects only, so that a CPU runs work-items in vectors: PoCL's scalar
 * vstore_half runs them one at a time, 7x slower than this (1 Mi stores: 1.14 ms against 0.16). */
inline ushort cnnc_half_bits(const float f) {
    const uint x = as_uint(f);
    const uint a = x & 0x7fffffffu;
    uint n = (a - 0x38000000u) >> 13;
    n += ((a & 0x1fffu) + (n & 1u)) > 0x1000u;
    const uint s = as_uint(as_float(a) * 0x1p24f + 0x1p23f) - 0x4b000000u;
    uint h = a < 0x38800000u ? s : n;
    h = a >= 0x477ff000u ? 0x7c00u : h;
    h = a > 0x7f800000u ? 0x7e00u : h;
    return (ushort)(((x >> 16) & 0x8000u) | h);
}
