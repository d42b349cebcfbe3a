// reduce_blur.cu — the ReduceBlur op (src/main/java/io/imgdiff/compute/ReduceBlur.java): the detector's first
// step on an image that is already on the device (nvJPEG's output), so only the working image crosses the bus.
// Bit-exact with reduce_blur in native/cpu/cpu_kernels.h and with ReduceBlurReference:
//   reduced(x, y, c) = (S + f²/2) / f² (integer division), S = the sum of the f×f block at (x·f, y·f); columns and
//                      rows past (w/f)·f, (h/f)·f are dropped (cpu_kernels.h's f == 2 branch, (p + q + 2) >> 2 on
//                      two column pairs, is the same value)
//   out(x, y, c)     = (int)((float)T · (1.0f / K⁴) + 0.5f), T = Σ over dy, dx in −(K−1)..K−1 of
//                      (K − |dy|)(K − |dx|) · reduced(clamp(x + dx), clamp(y + dy), c) — two box filters of width K
//                      as one tent pass, borders replicated in both directions, as tent_pass does
// T is an exact integer (≤ 2401 · 255 < 2^24, so exact as a float too); the product and the sum are rounded once
// each (__fmul_rn, __fadd_rn: never contracted into an FMA, whatever -fmad says), like the C++ built with
// -ffp-contract=off and Java's float arithmetic. K = 1 leaves the reduced values as they are.
//
// reduce_blur
//   in : src     uint8 [h][w][3], RGB interleaved, row-major (e.g. nvJPEG's NVJPEG_OUTPUT_RGBI buffer)
//        factor  1..2048 (f² · 255 fits an int), at most min(w, h); k odd, 1..7
//   out: dst     uint8 [h/factor][w/factor][3]
//   launch: grid (ceil(ow/32), ceil(oh/32)), block (32, 8). Each block computes the reduced values of its 32×32
//   output tile plus a halo of K−1 (coordinates clamped to the reduced image) into shared memory, sums them
//   vertically with the tent weights into shared column sums, then each thread sums K·2−1 column sums
//   horizontally for 4 output rows of one column. Halo pixels are reduced by more than one block (at most
//   (44/32)² ≈ 1.9× the reads for K = 7, served from L2).
#include <stdint.h>

#define RB_TILE 32
#define RB_MAX_R 6   // K − 1 for K = 7

extern "C" __global__ void reduce_blur(const uint8_t* __restrict__ src, uint8_t* __restrict__ dst, int w, int h,
                                       int factor, int k) {
    __shared__ uint8_t tile[RB_TILE + 2 * RB_MAX_R][RB_TILE + 2 * RB_MAX_R][3];
    __shared__ uint32_t col[RB_TILE][RB_TILE + 2 * RB_MAX_R][3];
    const int ow = w / factor, oh = h / factor;
    const int r = k - 1;
    const int tw = RB_TILE + 2 * r;
    const int x0 = blockIdx.x * RB_TILE - r;
    const int y0 = blockIdx.y * RB_TILE - r;
    const int tid = threadIdx.y * blockDim.x + threadIdx.x;
    const int nthreads = blockDim.x * blockDim.y;
    const int area = factor * factor;
    const size_t row = (size_t)w * 3;
    for (int i = tid; i < tw * tw; i += nthreads) {
        const int ty = i / tw, tx = i % tw;
        const int ry = min(oh - 1, max(0, y0 + ty));
        const int rx = min(ow - 1, max(0, x0 + tx));
        const uint8_t* block = src + (size_t)ry * factor * row + (size_t)rx * factor * 3;
        int s0 = 0, s1 = 0, s2 = 0;
        for (int dy = 0; dy < factor; dy++) {
            const uint8_t* p = block + dy * row;
            for (int dx = 0; dx < factor; dx++, p += 3) {
                s0 += p[0];
                s1 += p[1];
                s2 += p[2];
            }
        }
        tile[ty][tx][0] = (uint8_t)((s0 + area / 2) / area);
        tile[ty][tx][1] = (uint8_t)((s1 + area / 2) / area);
        tile[ty][tx][2] = (uint8_t)((s2 + area / 2) / area);
    }
    __syncthreads();
    for (int i = tid; i < RB_TILE * tw; i += nthreads) {
        const int ry = i / tw, tx = i % tw;
        uint32_t s0 = 0, s1 = 0, s2 = 0;
        for (int t = 0; t <= 2 * r; t++) {
            const uint32_t wt = (uint32_t)(k - abs(t - r));
            s0 += wt * tile[ry + t][tx][0];
            s1 += wt * tile[ry + t][tx][1];
            s2 += wt * tile[ry + t][tx][2];
        }
        col[ry][tx][0] = s0;
        col[ry][tx][1] = s1;
        col[ry][tx][2] = s2;
    }
    __syncthreads();
    const int ox = blockIdx.x * RB_TILE + threadIdx.x;
    if (ox >= ow) return;
    const float inv = 1.0f / (float)(k * k * k * k);  // IEEE division (nvcc's default -prec-div=true)
    for (int ry = threadIdx.y; ry < RB_TILE; ry += blockDim.y) {
        const int oy = blockIdx.y * RB_TILE + ry;
        if (oy >= oh) return;
        uint8_t* out = dst + ((size_t)oy * ow + ox) * 3;
#pragma unroll
        for (int c = 0; c < 3; c++) {
            uint32_t s = 0;
            for (int t = 0; t <= 2 * r; t++) s += (uint32_t)(k - abs(t - r)) * col[ry][threadIdx.x + t][c];
            out[c] = (uint8_t)(int)__fadd_rn(__fmul_rn((float)s, inv), 0.5f);
        }
    }
}
