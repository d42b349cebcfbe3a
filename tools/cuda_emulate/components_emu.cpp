// components_emu.cpp — native/kernels/components.cu (cc_init, cc_merge, cc_flatten, cc_compact, cc_stats, launched
// as ComponentsCuda does) run under shim.h against label_runs of cpu_kernels.h: the same components with the same
// box, pixel count and diff sum (compared as sorted lists), each root the component's first pixel in raster order
// (on its top row, inside its box), count <= cap. Random masks of several densities, empty, full, checker (all one
// component through diagonals), stripes, a snake (one long winding component) and diagonal lines; batches of 2;
// small grids once more with all blocks running at once.
#include "shim.h"
#include "kernels/components.cu"
#include "../../native/cpu/cpu_kernels.h"
#include <array>
#include <random>
static std::mt19937 rng(5);
static int checks = 0, fails = 0;
using Row = std::array<long long, 6>;  // x1, y1, x2, y2, pixels, diff sum
static uint8_t pattern(int kind, int x, int y, int w) {
    switch (kind) {
        case 0: return 0;
        case 1: return 255;
        case 2: return (x + y) % 2 ? 255 : 0;                       // checker: one component (8-connected)
        case 3: return x % 3 == 0 ? 1 : 0;                          // vertical stripes
        case 4: return y % 2 == 0 || (y / 2 % 2 ? x == 0 : x == w - 1) ? 7 : 0;   // snake
        case 5: return (x + 2 * y) % 5 == 0 ? 255 : 0;              // broken diagonals
        case 6: return rng() % 10 == 0 ? 255 : 0;
        case 7: return rng() % 2 ? 255 : 0;
        default: return rng() % 10 ? 255 : 0;
    }
}
int main() {
    int sizes[][3] = {{1,1,1},{1,37,1},{45,1,2},{2,2,2},{33,9,1},{32,8,2},{40,17,1},{64,24,1},{64,64,1},{97,45,2},{130,60,1}};
    // run 0: one batch of every pattern (s[2] images each) with blocks one after another; runs 1-4: one pattern with
    // blocks all at once (the kernels use no shared memory), so unions race across blocks as on a GPU; only for
    // grids of 2-6 blocks (up to 1,536 threads) and the patterns with the most unions (checker, snake, random)
    static const int concKinds[] = {2, 4, 7, 8};
    for (auto& s : sizes) for (int run = 0; run < 5; run++) {
        const int w = s[0], h = s[1];
        const bool conc = run > 0;
        if (conc && (((w + 31) / 32) * ((h + 7) / 8) * s[2] > 6 || w * h == 1)) continue;
        std::vector<int> kinds;
        for (int k = 0; k < 9; k++) for (int c = 0; c < s[2]; c++) if (conc ? k == concKinds[run - 1] : true) kinds.push_back(k);
        const int batch = (int)kinds.size();
        const size_t plane = (size_t)w * h;
        const int cap = ((w + 1) / 2) * ((h + 1) / 2);
        std::vector<uint8_t> in(2 * plane * batch);   // masks, then diffs, as ComponentsCuda packs them
        for (int b = 0; b < batch; b++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
            in[plane * b + (size_t)y * w + x] = pattern(kinds[b], x, y, w);
            in[plane * (batch + b) + (size_t)y * w + x] = rng() & 255;
        }
        std::vector<int> labels(plane * batch, 0x7EADBEEF), slot(plane * batch, -7), count(batch, 0);
        std::vector<CcStat> stats((size_t)cap * batch + plane);   // slack: a count past cap is reported, not a crash
        const uint8_t* mask = in.data();
        const uint8_t* diff = in.data() + plane * batch;
        dim3 grid{(unsigned)(w + 31) / 32, (unsigned)(h + 7) / 8, (unsigned)batch}, block{32, 8, 1};
        emu::launch(grid, block, 0, [&] { cc_init(mask, labels.data(), w, h); }, conc);
        emu::launch(grid, block, 0, [&] { cc_merge(mask, labels.data(), w, h); }, conc);
        emu::launch(grid, block, 0, [&] { cc_flatten(labels.data(), w, h); }, conc);
        emu::launch(grid, block, 0, [&] { cc_compact(labels.data(), slot.data(), stats.data(), count.data(), w, h, cap); }, conc);
        emu::launch(grid, block, 0, [&] { cc_stats(labels.data(), slot.data(), diff, stats.data(), w, h, cap); }, conc);
        for (int b = 0; b < batch; b++) {
            std::vector<int64_t> ref((size_t)(cap + 1) * 6);
            int n = label_runs(mask + plane * b, diff + plane * b, w, h, ref.data(), cap + 1);
            std::vector<Row> want, got;
            for (int i = 0; i < n; i++) want.push_back({ref[6 * i], ref[6 * i + 1], ref[6 * i + 2], ref[6 * i + 3], ref[6 * i + 4], ref[6 * i + 5]});
            bool rootsOk = count[b] <= cap;
            for (int i = 0; i < count[b] && i < cap; i++) {
                const CcStat& t = stats[(size_t)cap * b + i];
                got.push_back({t.x1, t.y1, t.x2, t.y2, t.pixels, (long long)t.diffSum});
                const int rx = t.root % w, ry = t.root / w;
                rootsOk &= ry == t.y1 && rx >= t.x1 && rx < t.x2 && mask[plane * b + t.root] != 0;
                for (int x = t.x1; x < rx; x++) rootsOk &= labels[plane * b + (size_t)ry * w + x] != t.root;
            }
            std::sort(want.begin(), want.end());
            std::sort(got.begin(), got.end());
            checks++;
            if (got != want || !rootsOk) {
                fails++;
                printf("FAIL components %dx%d kind %d image %d of %d%s: %d components (oracle %d), roots %s\n", w, h,
                       kinds[b], b, batch, conc ? " (blocks concurrent)" : "", count[b], n, rootsOk ? "ok" : "wrong");
            }
        }
    }
    printf("components: %d checks, %d failed\n", checks, fails);
    return fails != 0;
}
