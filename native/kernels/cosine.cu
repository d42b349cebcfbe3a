// cosine.cu — the Cosine op (src/main/java/io/imgdiff/compute/Cosine.java): cosine similarity of n pairs of
// dim-long float vectors.
//
// cosine_pairs
//   in : a, b  float [n][dim], row-major
//   out: out   float [n], dot(a,b) / (|a| |b|); 0 when either norm is 0 (the interface's rule)
//   guarantees: products are accumulated in double, so the only difference from CosineCpu (also double) is the
//   summation order: |gpu - cpu| <= 1e-6 for dim <= 65536 and finite inputs.
//   launch: grid (n), block 128 (any multiple of 32 up to 1024): one block per pair, threads stride over dim,
//   then a warp-shuffle reduction and one shared-memory step across warps.
extern "C" __global__ void cosine_pairs(const float* __restrict__ a, const float* __restrict__ b,
                                        float* __restrict__ out, int n, int dim) {
    __shared__ double part[3][32];
    const int pair = blockIdx.x;
    if (pair >= n) return;
    const float* pa = a + (size_t)pair * dim;
    const float* pb = b + (size_t)pair * dim;
    double ab = 0, aa = 0, bb = 0;
    for (int i = threadIdx.x; i < dim; i += blockDim.x) {
        double x = pa[i], y = pb[i];
        ab += x * y;
        aa += x * x;
        bb += y * y;
    }
    for (int off = 16; off > 0; off >>= 1) {
        ab += __shfl_down_sync(0xffffffffu, ab, off);
        aa += __shfl_down_sync(0xffffffffu, aa, off);
        bb += __shfl_down_sync(0xffffffffu, bb, off);
    }
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    if (lane == 0) { part[0][warp] = ab; part[1][warp] = aa; part[2][warp] = bb; }
    __syncthreads();
    if (threadIdx.x == 0) {
        ab = aa = bb = 0;
        for (int w = 0; w < (int)((blockDim.x + 31) >> 5); w++) { ab += part[0][w]; aa += part[1][w]; bb += part[2][w]; }
        out[pair] = (aa == 0 || bb == 0) ? 0.0f : (float)(ab / (sqrt(aa) * sqrt(bb)));
    }
}
