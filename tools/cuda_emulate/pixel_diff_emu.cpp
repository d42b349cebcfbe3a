// pixel_diff_emu.cpp — native/kernels/pixel_diff.cu run under shim.h: pixel_diff_range against range_difference,
// pixel_diff_absmax against range_difference with shift 0 (|a - b| per channel, max), pixel_diff_mask against
// box_mask of cpu_kernels.h (all integer, so bit-exact), on random, near-equal, shifted and constant pairs of odd
// sizes, batches, misaligned buffers (the absmax kernel's unaligned branches) and a small grid (its stride loop).
#include "shim.h"
#include "kernels/pixel_diff.cu"
#include "../../native/cpu/cpu_kernels.h"
#include <random>
static std::mt19937 rng(11);
static int checks = 0, fails = 0;
static void expect(bool ok, const char* what, int w, int h, int kind, int p1, int p2) {
    checks++;
    if (!ok) { fails++; printf("FAIL %s %dx%d kind %d param %d %d\n", what, w, h, kind, p1, p2); }
}
// kind 0 random, 1 near-equal (b = a +- 0..3), 2 b = a shifted by (1, 2), 3 constant, 4 sparse spots
static void pair(std::vector<uint8_t>& a, std::vector<uint8_t>& b, int w, int h, int kind) {
    a.resize((size_t)w * h * 3); b.resize(a.size());
    for (size_t i = 0; i < a.size(); i++) a[i] = kind == 3 ? 77 : rng() & 255;
    for (size_t i = 0; i < a.size(); i++) {
        int x = (int)(i / 3 % w), y = (int)(i / 3 / w), c = (int)(i % 3);
        int v = a[i];
        if (kind == 0) v = rng() & 255;
        if (kind == 1) v = std::clamp(v + (int)(rng() % 7) - 3, 0, 255);
        if (kind == 2) v = a[((size_t)std::min(h - 1, y + 2) * w + std::min(w - 1, x + 1)) * 3 + c];
        if (kind == 4 && rng() % 50 == 0) v = rng() & 255;
        b[i] = (uint8_t)v;
    }
}
int main() {
    int sizes[][2] = {{1,1},{1,40},{40,1},{2,3},{31,33},{32,32},{33,8},{64,65},{97,61},{150,97},{257,40}};
    std::vector<uint8_t> a, b;
    std::vector<int64_t> hist(256);
    for (auto& s : sizes) for (int kind = 0; kind < 5; kind++) for (int shift = 0; shift <= 3; shift++) {
        int w = s[0], h = s[1];
        pair(a, b, w, h, kind);
        std::vector<uint8_t> got((size_t)w * h, 0xAA), want((size_t)w * h, 0x55);
        emu::launch({(unsigned)(w + 31) / 32, (unsigned)(h + 31) / 32, 1}, {32, 8, 1}, 0,
                    [&] { pixel_diff_range(a.data(), b.data(), got.data(), w, h, shift); });
        range_difference(a.data(), b.data(), w, h, shift, want.data(), hist.data());
        expect(got == want, "pixel_diff_range", w, h, kind, shift, 0);
    }
    // absmax + mask on a batch: pairs packed back to back; `mis` picks byte offsets of a, b, d (vectors start 16-byte
    // aligned): none, all unaligned, only d, only b (the kernel's per-pixel load and per-byte store branches)
    static const int offs[4][3] = {{0, 0, 0}, {1, 1, 1}, {0, 0, 1}, {0, 2, 0}};
    int bsizes[][3] = {{1,1,1},{3,5,2},{7,3,3},{32,32,1},{45,37,3},{100,70,2},{161,43,1}};
    for (auto& s : bsizes) for (int kind = 0; kind < 5; kind++) for (int mis = 0; mis < 4; mis++)
        for (unsigned grid : {0u, 2u}) {
        int w = s[0], h = s[1], batch = s[2];
        size_t plane = (size_t)w * h;
        long long n = (long long)plane * batch;
        std::vector<uint8_t> A(3 * n + 4), B(3 * n + 4), D(n + 4, 0xAA), want(n);
        for (int i = 0; i < batch; i++) {
            pair(a, b, w, h, kind);
            std::copy(a.begin(), a.end(), A.begin() + offs[mis][0] + 3 * plane * i);
            std::copy(b.begin(), b.end(), B.begin() + offs[mis][1] + 3 * plane * i);
            range_difference(a.data(), b.data(), w, h, 0, want.data() + plane * i, hist.data());
        }
        const uint8_t *pa = A.data() + offs[mis][0], *pb = B.data() + offs[mis][1];
        uint8_t* pd = D.data() + offs[mis][2];
        unsigned g = grid ? grid : (unsigned)std::min<long long>((n + 3) / 4 / 256 + 1, 1 << 20);
        emu::launch({g, 1, 1}, {256, 1, 1}, 0, [&] { pixel_diff_absmax(pa, pb, pd, n); });
        expect(std::equal(want.begin(), want.end(), pd) && (offs[mis][2] == 0 || D[0] == 0xAA) && D[offs[mis][2] + n] == 0xAA,
               "pixel_diff_absmax", w, h, kind, batch, mis * 10 + (int)grid);
        if (mis || grid) continue;  // masks once per size and kind: radii 0, 1, 3, 15, thresholds cycling
        for (int radius : {0, 1, 3, 15}) {
            static const int thresholds[] = {0, 1, 9, 40, 255};
            int threshold = thresholds[(kind + radius) % 5];
            int k = 2 * radius + 1;
            std::vector<uint8_t> M(n, 0xAA), wantM(n);
            emu::launch({(unsigned)(w + 31) / 32, (unsigned)(h + 31) / 32, (unsigned)batch}, {32, 8, 1}, 0,
                        [&] { pixel_diff_mask(pd, M.data(), w, h, radius, threshold * k * k); });
            for (int i = 0; i < batch; i++) box_mask(want.data() + plane * i, w, h, radius, threshold, wantM.data() + plane * i);
            expect(M == wantM, "pixel_diff_mask", w, h, kind, radius, threshold);
        }
    }
    printf("pixel_diff: %d checks, %d failed\n", checks, fails);
    return fails != 0;
}
