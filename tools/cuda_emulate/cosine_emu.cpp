// cosine_emu.cpp — native/kernels/cosine.cu (warp-shuffle reduction in double) run under shim.h against CosineCpu
// transcribed below (double sums in index order): |kernel - oracle| <= Cosine.TOLERANCE (1e-6), as GpuParity
// allows; the summation order differs, so not bit-exact. Block sizes 32-1024 (the kernel takes any multiple of 32;
// CosineCuda launches 128), dims 1-5000 (not multiples of the block), random, equal, opposite, zero (-> 0),
// huge and tiny vectors, grid larger than n (extra blocks must return).
#include "shim.h"
#include "kernels/cosine.cu"
#include <random>
static float oracle(const float* a, const float* b, int dim) {   // CosineCpu, one pair
    double ab = 0, aa = 0, bb = 0;
    for (int i = 0; i < dim; i++) {
        double x = a[i], y = b[i];
        ab += x * y; aa += x * x; bb += y * y;
    }
    return aa == 0 || bb == 0 ? 0.0f : (float)(ab / (std::sqrt(aa) * std::sqrt(bb)));
}
int main() {
    std::mt19937 rng(13);
    std::uniform_real_distribution<float> u(-1, 1);
    int checks = 0, fails = 0, inexact = 0;
    for (unsigned threads : {32u, 128u, 96u, 1024u}) for (int dim : {1, 2, 31, 32, 33, 127, 128, 129, 512, 1000, 5000}) {
        if (threads == 1024 && dim % 2 == 0) continue;   // 1024-thread launches are the slowest to emulate
        const int kinds = 7, n = kinds * 2;
        std::vector<float> a((size_t)n * dim), b(a.size());
        for (int p = 0; p < n; p++) for (int i = 0; i < dim; i++) {
            float x = u(rng), y = u(rng);
            switch (p % kinds) {
                case 1: y = x; break;                              // -> 1
                case 2: y = -x; break;                             // -> -1
                case 3: x = 0; break;                              // zero norm -> 0
                case 4: x *= 1e30f; y *= 3e29f; break;             // huge (products overflow float, not double)
                case 5: x *= 1e-30f; y *= 1e-38f; break;           // tiny, subnormal
                case 6: y = i % 2 ? x : 0; break;                  // orthogonal-ish
            }
            a[(size_t)p * dim + i] = x; b[(size_t)p * dim + i] = y;
        }
        std::vector<float> got(n + 1, -7.0f);
        emu::launch({(unsigned)n + 1, 1, 1}, {threads, 1, 1}, 0,   // one block too many: it must write nothing
                    [&] { cosine_pairs(a.data(), b.data(), got.data(), n, dim); });
        for (int p = 0; p < n; p++) {
            float want = oracle(&a[(size_t)p * dim], &b[(size_t)p * dim], dim);
            checks++;
            inexact += got[p] != want;
            if (!(std::fabs(got[p] - want) <= 1e-6f)) {
                fails++;
                printf("FAIL cosine threads %u dim %d pair %d (kind %d): %.9g, oracle %.9g\n", threads, dim, p, p % kinds, got[p], want);
            }
        }
        checks++;
        if (got[n] != -7.0f) { fails++; printf("FAIL cosine threads %u dim %d: block n wrote out[n]\n", threads, dim); }
    }
    printf("cosine: %d values not bit-exact (all within 1e-6 unless FAILed)\n", inexact);
    printf("cosine: %d checks, %d failed\n", checks, fails);
    return fails != 0;
}
