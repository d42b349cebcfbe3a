// pixel_diff.cu — the PixelDiff op (see src/main/java/io/imgdiff/compute/PixelDiff.java) for a batch of
// equally sized RGB pairs. Two kernels, because the box sum reads every d value (2r+1)^2 times: computing d once
// into a 1-byte plane and re-reading it from L2/shared memory beats recomputing it from 6 input bytes per tap.
//
// Integer-only arithmetic: results are bit-exact with PixelDiffCpu and PixelDiffReference.

#include <stdint.h>

// pixel_diff_absmax
//   in : a, b   uint8 [batch][h][w][3], RGB interleaved, row-major, pairs packed back to back
//   out: d      uint8 [batch][h][w], d = max over c of |a - b|
//   n  : batch*h*w pixels (the batch is one flat range: pixel i of the batch is pixel i of the packed planes)
//   launch: 1-D grid, any block size (256 used); each thread handles 4 consecutive pixels (12 input bytes
//   per image) so loads are wide and coalesced; the tail (n % 4) is handled per pixel.
extern "C" __global__ void pixel_diff_absmax(const uint8_t* __restrict__ a, const uint8_t* __restrict__ b,
                                             uint8_t* __restrict__ d, long long n) {
    long long stride = (long long)gridDim.x * blockDim.x;
    for (long long q = (long long)blockIdx.x * blockDim.x + threadIdx.x; q * 4 < n; q += stride) {
        long long p0 = q * 4;
        int count = (int)min(4LL, n - p0);
        uint32_t packed = 0;
        if (count == 4 && (((uintptr_t)(a + p0 * 3) | (uintptr_t)(b + p0 * 3)) & 3) == 0) {
            // 4 pixels = 12 bytes = three aligned 32-bit words per image.
            const uint32_t* wa = (const uint32_t*)(a + p0 * 3);
            const uint32_t* wb = (const uint32_t*)(b + p0 * 3);
            uint32_t va[3] = {wa[0], wa[1], wa[2]}, vb[3] = {wb[0], wb[1], wb[2]};
#pragma unroll
            for (int k = 0; k < 4; k++) {
                int m = 0;
#pragma unroll
                for (int c = 0; c < 3; c++) {
                    const int byte = k * 3 + c;
                    const int x = (va[byte >> 2] >> (8 * (byte & 3))) & 0xFF;
                    const int y = (vb[byte >> 2] >> (8 * (byte & 3))) & 0xFF;
                    m = max(m, abs(x - y));
                }
                packed |= (uint32_t)m << (8 * k);
            }
        } else for (int k = 0; k < count; k++) {
            const uint8_t* pa = a + (p0 + k) * 3;
            const uint8_t* pb = b + (p0 + k) * 3;
            int m = abs((int)pa[0] - (int)pb[0]);
            m = max(m, abs((int)pa[1] - (int)pb[1]));
            m = max(m, abs((int)pa[2] - (int)pb[2]));
            packed |= (uint32_t)m << (8 * k);
        }
        if (count == 4 && ((p0 & 3) == 0) && ((((uintptr_t)d) & 3) == 0)) {
            *(uint32_t*)(d + p0) = packed;   // one 4-byte store per thread
        } else {
            for (int k = 0; k < count; k++) d[p0 + k] = (uint8_t)(packed >> (8 * k));
        }
    }
}

#define TILE_W 32
#define TILE_H 32
#define MAX_R 15

// pixel_diff_mask
//   in : d      uint8 [batch][h][w] from pixel_diff_absmax
//        radius 0..15, need = threshold * (2r+1)^2 (exact integer)
//   out: mask   uint8 [batch][h][w], 255 where the (2r+1)^2 window sum (borders replicated) >= need, else 0
//   launch: grid (ceil(w/32), ceil(h/32), batch), block (32, 8). Each block stages a (32+2r) x (32+2r) tile of d
//   with clamped (replicated) coordinates in shared memory, sums columns vertically into shared ints, then each
//   thread sums 2r+1 column sums horizontally for 4 output rows. Sums fit in int: 961 * 255 < 2^31.
extern "C" __global__ void pixel_diff_mask(const uint8_t* __restrict__ d, uint8_t* __restrict__ mask,
                                           int w, int h, int radius, int need) {
    __shared__ uint8_t tile[TILE_H + 2 * MAX_R][TILE_W + 2 * MAX_R];
    __shared__ int col[TILE_H][TILE_W + 2 * MAX_R];
    const size_t plane = (size_t)w * h;
    const uint8_t* src = d + plane * blockIdx.z;
    uint8_t* dst = mask + plane * blockIdx.z;
    const int x0 = blockIdx.x * TILE_W - radius;
    const int y0 = blockIdx.y * TILE_H - radius;
    const int tw = TILE_W + 2 * radius;
    const int th = TILE_H + 2 * radius;
    const int tid = threadIdx.y * blockDim.x + threadIdx.x;
    const int nthreads = blockDim.x * blockDim.y;
    for (int i = tid; i < tw * th; i += nthreads) {
        int ty = i / tw, tx = i % tw;
        int yy = min(h - 1, max(0, y0 + ty));
        int xx = min(w - 1, max(0, x0 + tx));
        tile[ty][tx] = src[(size_t)yy * w + xx];
    }
    __syncthreads();
    for (int i = tid; i < TILE_H * tw; i += nthreads) {
        int ry = i / tw, tx = i % tw;
        int s = 0;
        for (int k = 0; k <= 2 * radius; k++) s += tile[ry + k][tx];
        col[ry][tx] = s;
    }
    __syncthreads();
    const int ox = blockIdx.x * TILE_W + threadIdx.x;
    for (int ry = threadIdx.y; ry < TILE_H; ry += blockDim.y) {
        int oy = blockIdx.y * TILE_H + ry;
        if (ox >= w || oy >= h) continue;
        int s = 0;
        for (int k = 0; k <= 2 * radius; k++) s += col[ry][threadIdx.x + k];
        dst[(size_t)oy * w + ox] = s >= need ? 255 : 0;
    }
}

#define SHIFT_TILE 32
#define MAX_SHIFT 3

// pixel_diff_range
//   in : a, b   uint8 [h][w][3], RGB interleaved, row-major (one pair)
//        shift  0..3
//   out: d      uint8 [h][w]; per channel lo/hi = min/max of b over the (2s+1)^2 window around (x,y) (coordinates
//               clamped: borders replicated), d_c = max(0, lo - a, a - hi), d = max over c of d_c — the distance
//               of a from b's local range, which a misalignment of up to s pixels does not reach
//   launch: grid (ceil(w/32), ceil(h/32)), block (32, 8). Each block stages the (32+2s)^2 halo tile of b in
//   shared memory (each b pixel is read by (2s+1)^2 outputs), then each thread handles 4 output rows of one column.
//   Min and max are order-independent, so the result is bit-exact with the Java twins.
extern "C" __global__ void pixel_diff_range(const uint8_t* __restrict__ a, const uint8_t* __restrict__ b,
                                                   uint8_t* __restrict__ d, int w, int h, int shift) {
    __shared__ uint8_t tile[SHIFT_TILE + 2 * MAX_SHIFT][SHIFT_TILE + 2 * MAX_SHIFT][3];
    const int x0 = blockIdx.x * SHIFT_TILE - shift;
    const int y0 = blockIdx.y * SHIFT_TILE - shift;
    const int tw = SHIFT_TILE + 2 * shift;
    const int tid = threadIdx.y * blockDim.x + threadIdx.x;
    const int nthreads = blockDim.x * blockDim.y;
    for (int i = tid; i < tw * tw; i += nthreads) {
        int ty = i / tw, tx = i % tw;
        int yy = min(h - 1, max(0, y0 + ty));
        int xx = min(w - 1, max(0, x0 + tx));
        const uint8_t* p = b + ((size_t)yy * w + xx) * 3;
        tile[ty][tx][0] = p[0];
        tile[ty][tx][1] = p[1];
        tile[ty][tx][2] = p[2];
    }
    __syncthreads();
    const int ox = blockIdx.x * SHIFT_TILE + threadIdx.x;
    if (ox >= w) return;
    for (int ry = threadIdx.y; ry < SHIFT_TILE; ry += blockDim.y) {
        const int oy = blockIdx.y * SHIFT_TILE + ry;
        if (oy >= h) return;
        const uint8_t* pa = a + ((size_t)oy * w + ox) * 3;
        int m = 0;
#pragma unroll
        for (int c = 0; c < 3; c++) {
            int lo = 255, hi = 0;
            for (int dy = 0; dy <= 2 * shift; dy++) {
                for (int dx = 0; dx <= 2 * shift; dx++) {
                    const int v = tile[ry + dy][threadIdx.x + dx][c];
                    lo = min(lo, v);
                    hi = max(hi, v);
                }
            }
            const int av = pa[c];
            m = max(m, max(0, max(lo - av, av - hi)));
        }
        d[(size_t)oy * w + ox] = (uint8_t)m;
    }
}
