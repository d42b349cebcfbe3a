// nms_emu.cpp — native/kernels/nms.cu (nms_mask, then nms_keep with its dynamic shared memory, launched as
// NmsCuda.nmsBatch does) run under shim.h against NmsCpu's greedy loop transcribed below (boxes already in visiting
// order, as the host hands them over; IoU as Box.iou: 64-bit areas, one double division, strict compare), so the
// kept lists must be identical. Batches of lists of 0-300 boxes (1-5 mask words; 63/64/65 at the word edges),
// clustered, duplicated and zero-area boxes, thresholds 0 to 1.
#include "shim.h"
#include "kernels/nms.cu"
#include <random>
static std::mt19937 rng(3);
static double iou(const int4& a, const int4& b) {   // Box.iou
    long long iw = std::max(0, std::min(a.z, b.z) - std::max(a.x, b.x));
    long long ih = std::max(0, std::min(a.w, b.w) - std::max(a.y, b.y));
    long long inter = iw * ih;
    long long uni = (long long)(a.z - a.x) * (a.w - a.y) + (long long)(b.z - b.x) * (b.w - b.y) - inter;
    return uni == 0 ? 0.0 : (double)inter / uni;
}
static std::vector<int> oracle(const int4* bx, int n, double thr) {   // NmsCpu on the sorted list
    std::vector<int> kept;
    for (int i = 0; i < n; i++) {
        bool keep = true;
        for (int k : kept) if (iou(bx[i], bx[k]) > thr) { keep = false; break; }
        if (keep) kept.push_back(i);
    }
    return kept;
}
static int4 box(int kind) {
    int x, y, bw, bh;
    if (kind == 0) { x = rng() % 200; y = rng() % 200; bw = 1 + rng() % 60; bh = 1 + rng() % 60; }   // spread
    else if (kind == 1) { x = 50 + rng() % 12; y = 40 + rng() % 12; bw = 20 + rng() % 6; bh = 20 + rng() % 6; }  // cluster
    else { static const int4 few[] = {{0,0,10,10},{0,0,10,10},{5,0,15,10},{0,0,0,5},{3,3,3,3},{2,2,8,8}};
           return few[rng() % 6]; }                                     // duplicates, zero-area, nested
    return {x, y, x + bw, y + bh};
}
int main() {
    std::vector<std::vector<int>> batches = {{0}, {1}, {2, 0, 3}, {64}, {65, 1}, {63, 64, 65}, {130, 7}, {300}, {0, 200, 129}};
    int checks = 0, fails = 0;
    for (auto& counts : batches) for (int kind = 0; kind < 3; kind++) for (double thr : {0.0, 0.3, 0.5, 0.7, 1.0}) {
        const int batch = (int)counts.size();
        std::vector<int> first(batch), count(counts);
        std::vector<long long> maskAt(batch);
        long long words = 0; int total = 0, maxWords = 0;
        for (int b = 0; b < batch; b++) {
            int w = (count[b] + NMS_BLOCK - 1) / NMS_BLOCK;
            first[b] = total; maskAt[b] = words; words += (long long)count[b] * w;
            maxWords = std::max(maxWords, w); total += count[b];
        }
        std::vector<int4> boxes(total);
        for (auto& x : boxes) x = box(kind);
        std::vector<unsigned long long> mask(std::max(1LL, words), 0x5A5A5A5A5A5A5A5AULL);
        std::vector<int> keep(total, -1), kept(batch, -1);
        const unsigned gw = maxWords;
        emu::launch({gw, gw, (unsigned)batch}, {NMS_BLOCK, 1, 1}, 0,
                    [&] { nms_mask(boxes.data(), first.data(), count.data(), maskAt.data(), mask.data(), thr); });
        emu::launch({(unsigned)batch, 1, 1}, {256, 1, 1}, 8 * (gw + NMS_BLOCK),
                    [&] { nms_keep(mask.data(), first.data(), count.data(), maskAt.data(), keep.data(), kept.data()); });
        for (int b = 0; b < batch; b++) {
            std::vector<int> want = oracle(boxes.data() + first[b], count[b], thr);
            checks++;
            bool ok = kept[b] == (int)want.size() && std::equal(want.begin(), want.end(), keep.begin() + first[b]);
            if (!ok) { fails++; printf("FAIL nms list %d of %d: %d boxes kind %d thr %.1f kept %d (oracle %zu)\n",
                                       b, batch, count[b], kind, thr, kept[b], want.size()); }
        }
    }
    printf("nms: %d checks, %d failed\n", checks, fails);
    return fails != 0;
}
