// reduce_blur_emu.cpp — native/kernels/reduce_blur.cu run under shim.h against reduce_blur of cpu_kernels.h on
// random, checker and ramp images of many shapes, factors 1-7 and k 1-7; prints the count of mismatches.
// Run: tools/cuda_emulate/run.sh (g++ with C++20 <barrier>; ~10 s on two cores).
#include "shim.h"
#include "kernels/reduce_blur.cu"
#include "../../native/cpu/cpu_kernels.h"
#include <cstdio>
#include <random>
#include <cstring>
static void launch(const uint8_t* src, uint8_t* dst, int w, int h, int f, int k) {
    int ow = w / f, oh = h / f;
    emu::launch({(unsigned)(ow + 31) / 32, (unsigned)(oh + 31) / 32, 1}, {32, 8, 1}, 0,
                [&] { reduce_blur(src, dst, w, h, f, k); });
}
int main() {
    std::mt19937 rng(7);
    int sizes[][2] = {{1,1},{2,3},{7,5},{33,17},{64,64},{101,77},{97,203},{300,130}};
    int fails = 0, checks = 0;
    for (auto& s : sizes) for (int kind = 0; kind < 3; kind++) for (int f : {1,2,3,4,7}) for (int k = 1; k <= 7; k += 2) {
        int w = s[0], h = s[1];
        if (f > std::min(w, h)) continue;
        std::vector<uint8_t> src(w * h * 3);
        for (size_t i = 0; i < src.size(); i++) {
            int x = (i / 3) % w, y = (i / 3) / w, c = i % 3;
            src[i] = kind == 0 ? rng() & 255 : kind == 1 ? ((x + y + c) % 2 ? 255 : 0) : (x * 7 + y * 3 + c * 50) % 256;
        }
        size_t n = (size_t)(w / f) * (h / f) * 3;
        std::vector<uint8_t> a(n, 0xAA), b(n, 0x55);
        launch(src.data(), a.data(), w, h, f, k);
        reduce_blur(src.data(), w, h, f, k, b.data());
        checks++;
        if (memcmp(a.data(), b.data(), n)) { fails++; printf("FAIL %dx%d kind %d f %d k %d\n", w, h, kind, f, k); }
    }
    printf("reduce_blur: %d checks, %d failed\n", checks, fails);
    return fails != 0;
}
