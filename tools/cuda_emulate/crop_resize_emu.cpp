// crop_resize_emu.cpp — native/kernels/crop_resize.cu run under shim.h against CropResizeCpu transcribed below
// (same float operations; the shim builds with -ffp-contract=off, so they are expected bit-exact here, while the
// pass criterion is CropResize.TOLERANCE, 1e-5, as GpuParity allows on a GPU, where nvcc may contract into FMAs).
// Crops of several images packed back to back (byte offsets split in two ints): 1x1, full image, one row, one
// column, up- and down-scaling, sizes 1-224 (sizes*sizes not a multiple of the 256-thread block).
#include "shim.h"
#include "kernels/crop_resize.cu"
#include <random>
static const float MEAN[3] = {0.48145466f, 0.4578275f, 0.40821073f}, STDV[3] = {0.26862954f, 0.26130258f, 0.27577711f};
static float clampf(float s, int extent) { return std::min(std::max(s, 0.0f), (float)(extent - 1)); }
// CropResizeCpu.apply for one crop: image im (w wide), box x1..x2, y1..y2, into out[3][size][size]
static void oracle(const uint8_t* px, int iw, int x1, int y1, int x2, int y2, int size, float* out) {
    const int bw = x2 - x1, bh = y2 - y1, plane = size * size;
    for (int dy = 0; dy < size; dy++) {
        float sy = clampf((dy + 0.5f) * ((float)bh / (float)size) - 0.5f, bh);
        int ya = (int)std::floor(sy), yb = std::min(ya + 1, bh - 1);
        float fy = sy - ya;
        int r0 = ((y1 + ya) * iw + x1) * 3, r1 = ((y1 + yb) * iw + x1) * 3;
        for (int dx = 0; dx < size; dx++) {
            float sx = clampf((dx + 0.5f) * ((float)bw / (float)size) - 0.5f, bw);
            int xa = (int)std::floor(sx), xb = std::min(xa + 1, bw - 1);
            float f = sx - xa;
            for (int c = 0; c < 3; c++) {
                float top = (1.0f - f) * px[r0 + xa * 3 + c] + f * px[r0 + xb * 3 + c];
                float bot = (1.0f - f) * px[r1 + xa * 3 + c] + f * px[r1 + xb * 3 + c];
                float v = ((1.0f - fy) * top + fy * bot) / 255.0f;
                out[c * plane + dy * size + dx] = (v - MEAN[c]) / STDV[c];
            }
        }
    }
}
int main() {
    std::mt19937 rng(9);
    int dims[][2] = {{1, 1}, {5, 3}, {64, 48}, {150, 97}};
    std::vector<uint8_t> images;
    std::vector<size_t> offset;
    for (auto& d : dims) {
        offset.push_back(images.size());
        for (int i = 0; i < d[0] * d[1] * 3; i++) images.push_back(rng() & 255);
    }
    int checks = 0, fails = 0, inexact = 0;
    for (int size : {1, 2, 7, 16, 17, 40, 224}) {
        std::vector<int> crops;   // per crop: offset lo, offset hi, image w, image h, x1, y1, x2, y2
        for (int im = 0; im < 4; im++) {
            const int w = dims[im][0], h = dims[im][1];
            int boxes[][4] = {{0, 0, w, h}, {w - 1, h - 1, w, h}, {0, h / 2, w, h / 2 + 1}, {w / 2, 0, w / 2 + 1, h},
                              {w / 3, h / 4, w - w / 5, h - h / 3}, {0, 0, std::min(w, 3), std::min(h, 2)}};
            for (auto& b : boxes) {
                if (size == 224 && im != 3) continue;   // the large size on one image only: keeps the run short
                if (b[2] <= b[0] || b[3] <= b[1]) continue;
                const unsigned long long off = offset[im];
                int c[8] = {(int)(unsigned)off, (int)(unsigned)(off >> 32), w, h, b[0], b[1], b[2], b[3]};
                crops.insert(crops.end(), c, c + 8);
            }
        }
        const int n = (int)crops.size() / 8, per = 3 * size * size;
        std::vector<float> got((size_t)n * per, -999.0f), want((size_t)n * per);
        emu::launch({(unsigned)(size * size + 255) / 256, (unsigned)n, 1}, {256, 1, 1}, 0, [&] {
            crop_resize_normalize(images.data(), crops.data(), got.data(), n, size, MEAN[0], MEAN[1], MEAN[2],
                                  STDV[0], STDV[1], STDV[2]);
        });
        for (int c = 0; c < n; c++) {
            const int* cd = &crops[8 * c];
            oracle(images.data() + (unsigned)cd[0], cd[2], cd[4], cd[5], cd[6], cd[7], size, want.data() + (size_t)c * per);
            float worst = 0;
            for (int i = 0; i < per; i++) {
                float g = got[(size_t)c * per + i], t = want[(size_t)c * per + i];
                worst = std::max(worst, std::isfinite(g) ? std::fabs(g - t) : INFINITY);
                inexact += g != t;
            }
            checks++;
            if (!(worst <= 1e-5f)) { fails++; printf("FAIL crop_resize size %d crop %d (%d,%d)-(%d,%d) of %dx%d: max |diff| %g\n",
                                                     size, c, cd[4], cd[5], cd[6], cd[7], cd[2], cd[3], worst); }
        }
    }
    printf("crop_resize: %d values not bit-exact (all within 1e-5 unless FAILed)\n", inexact);
    printf("crop_resize: %d checks, %d failed\n", checks, fails);
    return fails != 0;
}
