// cpu_kernels.h — the detector's per-pixel CPU steps as plain C++ loops the compiler vectorises, called through
// JavaCPP (io.imgdiff.compute.cpu.CpuKernels) on the Java heap arrays themselves (JNI critical regions: no copies).
// Each function is the fast twin of a portable Java/OpenCV path, with the semantics stated here and tested in
// CpuKernelsTest against plain-Java oracles:
//   reduce_blur      ↔ WorkingPair (OpenCV resize INTER_AREA + two box blurs; equal up to a level of rounding
//                      away from the borders)
//   drift_fit        ↔ DriftModel.fitJava (bit-exact: same double operations in the same order, no contraction)
//   drift_apply      ↔ DriftModel.apply (bit-exact: same float operations in the same order, no contraction)
//   range_difference ↔ PixelDiff.difference + Difference.histogram (bit-exact, integer only)
//   box_mask         ↔ PixelDiff.mask (bit-exact, integer only)
//   label_runs       ↔ Components (OpenCV connectedComponentsWithStats + difference sums; the same components)
// All images are uint8 RGB interleaved, row-major. Work buffers are per thread and reused, so native memory stays
// flat however many pairs pass.
#ifndef IMGDIFF_CPU_KERNELS_H
#define IMGDIFF_CPU_KERNELS_H

#include <stdint.h>
#include <string.h>
#include <vector>

// Compile the hot loops twice, AVX2 and baseline x86-64; the loader picks one for the CPU at hand.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define IMGDIFF_HOT __attribute__((target_clones("avx2", "default")))
#else
#define IMGDIFF_HOT
#endif

namespace imgdiff_detail {

inline int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

// Raw pointers into per-thread buffers, taken once per call: uint8_t stores may alias anything, so loops over
// std::vector members would reload them every iteration and not vectorise.
template <typename T> T* scratch(std::vector<T>& v, size_t n) {
    if (v.size() < n) v.resize(n);
    return v.data();
}

// Two box filters of width K as one pass: the separable triangle (tent) with weights K − |t|, t = −(K−1)..K−1,
// each weight summing to K² per direction, borders replicated, one rounding to nearest at the end (the sum over
// K⁴ is never a half for odd K, and its float product with 1/K⁴ stays far enough from one to round the same way).
// Equal to two rounded box passes up to a level, except within K−1 pixels of a border, where replicating the
// source instead of the first pass's result differs a little more.
template <int K, typename Sum>
IMGDIFF_HOT void tent_pass(const uint8_t* __restrict__ src, uint8_t* __restrict__ dst, int w, int h) {
    constexpr int R = K - 1;
    const int row = w * 3;
    thread_local std::vector<Sum> col_buf;
    Sum* __restrict__ pad = scratch(col_buf, (size_t)(w + 2 * R) * 3);
    Sum* __restrict__ col = pad + R * 3;
    const float inv = 1.0f / (float)(K * K * K * K);
    for (int y = 0; y < h; y++) {
        const uint8_t* __restrict__ centre = src + (size_t)y * row;
        for (int j = 0; j < row; j++) col[j] = (Sum)(K * centre[j]);
        for (int t = 1; t <= R; t++) {
            const uint8_t* __restrict__ up = src + (size_t)clampi(y - t, 0, h - 1) * row;
            const uint8_t* __restrict__ down = src + (size_t)clampi(y + t, 0, h - 1) * row;
            for (int j = 0; j < row; j++) col[j] = (Sum)(col[j] + (K - t) * (up[j] + down[j]));
        }
        for (int t = 1; t <= R; t++) {            // replicate the first and last pixel's column sums
            for (int c = 0; c < 3; c++) {
                col[-t * 3 + c] = col[c];
                col[row - 3 + t * 3 + c] = col[row - 3 + c];
            }
        }
        uint8_t* __restrict__ out = dst + (size_t)y * row;
        for (int j = 0; j < row; j++) {
            Sum s = (Sum)(K * pad[j + R * 3]);
            for (int t = 1; t <= R; t++) s = (Sum)(s + (K - t) * (pad[j + (R - t) * 3] + pad[j + (R + t) * 3]));
            out[j] = (uint8_t)(int32_t)((float)s * inv + 0.5f);
        }
    }
}

inline void tent_pass(const uint8_t* src, uint8_t* dst, int w, int h, int k) {
    switch (k) {   // 16-bit sums while K⁴·255 fits
        case 3: tent_pass<3, uint16_t>(src, dst, w, h); break;
        case 5: tent_pass<5, uint32_t>(src, dst, w, h); break;
        default: tent_pass<7, uint32_t>(src, dst, w, h); break; // k = 7 (CpuKernels checks odd k in 1..7)
    }
}

// Mean of each factor×factor block, rounded half up: (sum + f²/2) / f², exact for every factor.
IMGDIFF_HOT
inline void area_reduce(const uint8_t* __restrict__ src, int w, int h, int f, uint8_t* __restrict__ dst) {
    const int ow = w / f, oh = h / f, orow = ow * 3, row = w * 3;
    thread_local std::vector<int32_t> acc_buf;
    thread_local std::vector<uint16_t> pair_buf;
    thread_local std::vector<uint8_t> mean_buf;
    int32_t* __restrict__ acc = scratch(acc_buf, (size_t)row);
    uint16_t* __restrict__ pair = scratch(pair_buf, (size_t)row);
    uint8_t* __restrict__ mean = scratch(mean_buf, (size_t)row);
    const int area = f * f;
    for (int oy = 0; oy < oh; oy++) {
        const uint8_t* __restrict__ s0 = src + (size_t)oy * f * row;
        uint8_t* __restrict__ out = dst + (size_t)oy * orow;
        if (f == 2) {
            // the common case, in flat vectorisable loops: column pairs, then each pixel with its right
            // neighbour (every position, half of them wasted), then every other pixel kept
            const uint8_t* __restrict__ s1 = s0 + row;
            for (int j = 0; j < row; j++) pair[j] = (uint16_t)(s0[j] + s1[j]);
            for (int j = 0; j + 3 < row; j++) mean[j] = (uint8_t)((pair[j] + pair[j + 3] + 2) >> 2);
            for (int x = 0; x < ow; x++) {
                out[x * 3] = mean[x * 6];
                out[x * 3 + 1] = mean[x * 6 + 1];
                out[x * 3 + 2] = mean[x * 6 + 2];
            }
            continue;
        }
        for (int j = 0; j < row; j++) acc[j] = s0[j];
        for (int dy = 1; dy < f; dy++) {
            const uint8_t* __restrict__ s = s0 + (size_t)dy * row;
            for (int j = 0; j < row; j++) acc[j] += s[j];
        }
        for (int x = 0; x < ow; x++) {
            for (int c = 0; c < 3; c++) {
                int32_t s = 0;
                for (int dx = 0; dx < f; dx++) s += acc[(x * f + dx) * 3 + c];
                out[x * 3 + c] = (uint8_t)((s + area / 2) / area);
            }
        }
    }
}

} // namespace imgdiff_detail

// reduce_blur
//   in : src  uint8 [h][w][3]
//   out: dst  uint8 [h/factor][w/factor][3]: area reduction by `factor` (1 = none), then two box filters of width
//        k (odd, 1–7; 1 = none) as one tent pass (see tent_pass), borders replicated
inline void reduce_blur(const uint8_t* src, int w, int h, int factor, int k, uint8_t* dst) {
    using namespace imgdiff_detail;
    const int ow = w / factor, oh = h / factor;
    const size_t n = (size_t)ow * oh * 3;
    if (k <= 1) {
        if (factor > 1) area_reduce(src, w, h, factor, dst);
        else memcpy(dst, src, n);
        return;
    }
    if (factor == 1) {
        tent_pass(src, dst, ow, oh, k);
        return;
    }
    thread_local std::vector<uint8_t> reduced_buf;
    uint8_t* reduced = scratch(reduced_buf, n);
    area_reduce(src, w, h, factor, reduced);
    tent_pass(reduced, dst, ow, oh, k);
}

namespace imgdiff_detail {

constexpr int DRIFT_TERMS = 9;

// LeastSquares.Normal.dot: four partial sums over i mod 4, then (s0 + s1) + (s2 + s3).
inline double dot4(const double* __restrict__ a, const double* __restrict__ b, int n) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
    }
    for (; i < n; i++) s0 += a[i] * b[i];
    return (s0 + s1) + (s2 + s3);
}

// Select.kth: Hoare's quickselect, the middle element as pivot; reorders v.
inline double kth(double* v, int n, int k) {
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        const double pivot = v[(unsigned)(lo + hi) >> 1];
        int i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i <= j) {
                const double t = v[i];
                v[i++] = v[j];
                v[j--] = t;
            }
        }
        if (k <= j) hi = j;
        else if (k >= i) lo = i;
        else return v[k];
    }
    return v[k];
}

// LeastSquares.gauss on the augmented rows m[r][0..n] (row pointers swapped as Java swaps its arrays).
inline void gauss(double (*rows)[DRIFT_TERMS + 1], int n, double* x) {
    double* m[DRIFT_TERMS];
    for (int r = 0; r < n; r++) m[r] = rows[r];
    for (int col = 0; col < n; col++) {
        int piv = col;
        for (int r = col + 1; r < n; r++) {
            if (__builtin_fabs(m[r][col]) > __builtin_fabs(m[piv][col])) piv = r;
        }
        double* tmp = m[col];
        m[col] = m[piv];
        m[piv] = tmp;
        for (int r = col + 1; r < n; r++) {
            const double f = m[r][col] / m[col][col];
            for (int k = col; k <= n; k++) m[r][k] -= f * m[col][k];
        }
    }
    for (int r = n - 1; r >= 0; r--) {
        double sum = m[r][n];
        for (int k = r + 1; k < n; k++) sum -= m[r][k] * x[k];
        x[r] = sum / m[r][r];
    }
}

// DriftModel.trimmedFit over n samples given as the term columns cols[j][0..n) and targets t: three passes of
// ridge-regularised least squares, each keeping the samples within max(2, 2.5·1.4826·median|residual|).
inline void trimmed_fit(double* const* cols, const double* t, int n, double* p, double* kept_buf, double* kept_t,
                        double* res, double* sel, uint8_t* use, double ridge_per_row) {
    for (int i = 0; i < n; i++) use[i] = 1;
    for (int pass = 0; pass < 3; pass++) {
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (use[i]) {
                for (int j = 0; j < DRIFT_TERMS; j++) kept_buf[(size_t)j * n + m] = cols[j][i];
                kept_t[m++] = t[i];
            }
        }
        double rows[DRIFT_TERMS][DRIFT_TERMS + 1];
        for (int j = 0; j < DRIFT_TERMS; j++) {
            for (int k = j; k < DRIFT_TERMS; k++) {
                rows[j][k] = 0.0 + dot4(kept_buf + (size_t)j * n, kept_buf + (size_t)k * n, m);
            }
            rows[j][DRIFT_TERMS] = 0.0 + dot4(kept_buf + (size_t)j * n, kept_t, m);
        }
        const double ridge = ridge_per_row * (rows[0][0] > 1 ? rows[0][0] : 1.0);
        for (int j = 0; j < DRIFT_TERMS; j++) {
            for (int k = 0; k < j; k++) rows[j][k] = rows[k][j];
            rows[j][j] += j == 0 ? 1e-9 : ridge;
        }
        gauss(rows, DRIFT_TERMS, p);
        for (int i = 0; i < n; i++) res[i] = t[i];
        for (int j = 0; j < DRIFT_TERMS; j++) {
            const double pj = p[j];
            const double* c = cols[j];
            for (int i = 0; i < n; i++) res[i] -= pj * c[i];
        }
        for (int i = 0; i < n; i++) res[i] = __builtin_fabs(res[i]);
        for (int i = 0; i < n; i++) sel[i] = res[i];
        const double sigma = 1.4826 * kth(sel, n, n / 2);
        const double spread = 2.5 * sigma;  // Math.max(2.0, 2.5σ), NaN included
        const double limit = spread != spread ? spread : spread > 2.0 ? spread : 2.0;
        for (int i = 0; i < n; i++) use[i] = res[i] <= limit;
    }
}

inline int quantile_level(const int64_t* hist, int64_t n, double q) {
    double c = __builtin_ceil(q * (double)n);
    int64_t need = (int64_t)c > 1 ? (int64_t)c : 1;
    int64_t acc = 0;
    for (int v = 0; v < 256; v++) {
        acc += hist[v];
        if (acc >= need) return v;
    }
    return 255;
}

inline double x_norm(int v, int size) { return size <= 1 ? 0 : 2.0 * v / (size - 1) - 1; }

} // namespace imgdiff_detail

// drift_fit
//   in : a, b  uint8 [h][w][3] (the working pair)
//        samples  the grid size DriftModel asks for (1,000), ridge its LeastSquares.RIDGE (0.01)
//   out: coef  double [3][9], range int [3][2]: what DriftModel.fit computes, bit for bit
inline void drift_fit(const uint8_t* a, const uint8_t* b, int w, int h, int samples, double ridge, double* coef,
                      int* range) {
    using namespace imgdiff_detail;
    int step = (int)__builtin_sqrt((double)w * h / samples);
    if (step < 1) step = 1;
    const int n = ((w + step - 1) / step) * ((h + step - 1) / step);
    thread_local std::vector<double> dbuf;
    thread_local std::vector<int32_t> ibuf;
    thread_local std::vector<uint8_t> ubuf;
    // xs, ys, t, the nine columns, nine kept columns, kept t, residuals, selection copy
    double* d = scratch(dbuf, (size_t)n * (3 + DRIFT_TERMS * 2 + 3));
    int32_t* pos = scratch(ibuf, (size_t)n);
    uint8_t* use = scratch(ubuf, (size_t)n);
    double* xs = d;
    double* ys = xs + n;
    double* t = ys + n;
    double* cols[DRIFT_TERMS];
    for (int j = 0; j < DRIFT_TERMS; j++) cols[j] = t + n + (size_t)j * n;
    double* kept = cols[DRIFT_TERMS - 1] + n;
    double* kept_t = kept + (size_t)DRIFT_TERMS * n;
    double* res = kept_t + n;
    double* sel = res + n;
    int k = 0;
    for (int y = 0; y < h; y += step) {
        for (int x = 0; x < w; x += step) {
            pos[k] = y * w + x;
            xs[k] = x_norm(x, w);
            ys[k++] = x_norm(y, h);
        }
    }
    for (int c = 0; c < 3; c++) {
        int64_t hist[256];
        memset(hist, 0, sizeof(hist));
        for (int i = 0; i < n; i++) {
            const int bv = b[(size_t)pos[i] * 3 + c];
            const double bl = bv / 255.0, x = xs[i], y = ys[i];
            t[i] = (double)(a[(size_t)pos[i] * 3 + c] - bv);
            hist[bv]++;
            cols[0][i] = 1;  // DriftModel.features, in its order
            cols[1][i] = bl;
            cols[2][i] = x;
            cols[3][i] = y;
            cols[4][i] = x * x;
            cols[5][i] = x * y;
            cols[6][i] = y * y;
            cols[7][i] = bl * x;
            cols[8][i] = bl * y;
        }
        trimmed_fit(cols, t, n, coef + c * DRIFT_TERMS, kept, kept_t, res, sel, use, ridge);
        range[c * 2] = quantile_level(hist, n, 0.005);
        range[c * 2 + 1] = quantile_level(hist, n, 0.995);
    }
}

// drift_apply
//   in : src   uint8 [h][w][3]
//        coef  float [h][3][5]: per row and channel a0, a1, a2, b0, b1 of corr = a0 + x(a1 + a2 x) + l(b0 + b1 x)
//        xn    float [w]: x normalised to −1..1
//        range int [3][2]: per channel the lowest and highest level the fit saw (l = clamp(v, lo, hi) / 255)
//        max_correction, clamp_rows uint8 [h][3]: row channels whose correction may exceed ±max_correction are
//        clamped to it
//   out: out   uint8 [h][w][3] = saturate(round_half_even(v + corr))
// Same float operations in the same order as DriftModel.apply; built with -ffp-contract=off, so bit-exact.
IMGDIFF_HOT
inline void drift_apply(const uint8_t* __restrict__ src, int w, int h, const float* __restrict__ coef,
                        const float* __restrict__ xn, const int* __restrict__ range, int max_correction,
                        const uint8_t* __restrict__ clamp_rows, uint8_t* __restrict__ out) {
    const float rounder = 12582912.0f; // 1.5·2²³: adding it leaves round-half-even(f) in the low mantissa bits
    int32_t rounder_bits;
    memcpy(&rounder_bits, &rounder, 4);
    const int offset = max_correction + 8;
    const int lo0 = range[0], hi0 = range[1], lo1 = range[2], hi1 = range[3], lo2 = range[4], hi2 = range[5];
    for (int y = 0; y < h; y++) {
        const float* k = coef + (size_t)y * 15;
        // an unclamped channel gets an infinite limit: the min/max against it leave corr exactly as it is
        float lim[3];
        for (int c = 0; c < 3; c++) lim[c] = clamp_rows[y * 3 + c] ? (float)max_correction : __builtin_inff();
        const uint8_t* __restrict__ s = src + (size_t)y * w * 3;
        uint8_t* __restrict__ o = out + (size_t)y * w * 3;
        // the three channels in one loop: the compiler vectorises the interleaved group of three
#define IMGDIFF_CHANNEL(c, lo, hi)                                                                           \
        {                                                                                                   \
            const int v = s[x * 3 + c];                                                                     \
            const float level = (float)(v < lo ? lo : v > hi ? hi : v) / 255.0f;                             \
            float corr = k[c * 5] + xv * (k[c * 5 + 1] + k[c * 5 + 2] * xv)                                 \
                         + level * (k[c * 5 + 3] + k[c * 5 + 4] * xv);                                      \
            corr = corr > lim[c] ? lim[c] : corr;                                                           \
            corr = corr < -lim[c] ? -lim[c] : corr;                                                         \
            const float r = (float)(v + offset) + corr + rounder;                                           \
            int32_t bits;                                                                                   \
            memcpy(&bits, &r, 4);                                                                           \
            const int q = bits - rounder_bits - offset;                                                     \
            o[x * 3 + c] = (uint8_t)(q < 0 ? 0 : q > 255 ? 255 : q);                                        \
        }
        for (int x = 0; x < w; x++) {
            const float xv = xn[x];
            IMGDIFF_CHANNEL(0, lo0, hi0)
            IMGDIFF_CHANNEL(1, lo1, hi1)
            IMGDIFF_CHANNEL(2, lo2, hi2)
        }
#undef IMGDIFF_CHANNEL
    }
}

namespace imgdiff_detail {

template <int S>
IMGDIFF_HOT void range_difference(const uint8_t* __restrict__ a, const uint8_t* __restrict__ b, int w, int h,
                                  uint8_t* __restrict__ d, int64_t* __restrict__ hist) {
    const int row = w * 3, padded = (w + 2 * S) * 3;
    thread_local std::vector<uint8_t> buf;
    uint8_t* __restrict__ vlo = scratch(buf, (size_t)padded * 2 + row);
    uint8_t* __restrict__ vhi = vlo + padded;
    uint8_t* __restrict__ e = vhi + padded;
    int32_t part[4][256];
    memset(part, 0, sizeof(part));
    for (int y = 0; y < h; y++) {
        // vertical min/max into the padded rows, then replicate their first and last pixel
        uint8_t* __restrict__ pl = vlo + S * 3;
        uint8_t* __restrict__ ph = vhi + S * 3;
        const uint8_t* __restrict__ first = b + (size_t)clampi(y - S, 0, h - 1) * row;
        for (int j = 0; j < row; j++) pl[j] = ph[j] = first[j];
        for (int dy = -S + 1; dy <= S; dy++) {
            const uint8_t* __restrict__ s = b + (size_t)clampi(y + dy, 0, h - 1) * row;
            for (int j = 0; j < row; j++) {
                const uint8_t v = s[j];
                pl[j] = v < pl[j] ? v : pl[j];
                ph[j] = v > ph[j] ? v : ph[j];
            }
        }
        for (int t = 1; t <= S; t++) {
            for (int c = 0; c < 3; c++) {
                pl[-t * 3 + c] = pl[c];
                ph[-t * 3 + c] = ph[c];
                pl[row - 3 + t * 3 + c] = pl[row - 3 + c];
                ph[row - 3 + t * 3 + c] = ph[row - 3 + c];
            }
        }
        // horizontal min/max, then the distance of a from [lo, hi] by saturating subtractions
        const uint8_t* __restrict__ ar = a + (size_t)y * row;
        for (int j = 0; j < row; j++) {
            uint8_t l = vlo[j], u = vhi[j];
            for (int t = 1; t <= 2 * S; t++) {
                const uint8_t ql = vlo[j + t * 3], qh = vhi[j + t * 3];
                l = ql < l ? ql : l;
                u = qh > u ? qh : u;
            }
            const uint8_t v = ar[j];
            const uint8_t below = (uint8_t)(l > v ? l - v : 0);
            const uint8_t above = (uint8_t)(v > u ? v - u : 0);
            e[j] = below > above ? below : above;
        }
        uint8_t* __restrict__ dr = d + (size_t)y * w;
        for (int x = 0; x < w; x++) {
            uint8_t m = e[x * 3];
            m = e[x * 3 + 1] > m ? e[x * 3 + 1] : m;
            m = e[x * 3 + 2] > m ? e[x * 3 + 2] : m;
            dr[x] = m;
        }
        for (int x = 0; x < w; x++) part[x & 3][dr[x]]++;
    }
    for (int v = 0; v < 256; v++) hist[v] += (int64_t)part[0][v] + part[1][v] + part[2][v] + part[3][v];
}

} // namespace imgdiff_detail

// range_difference
//   in : a, b  uint8 [h][w][3]; shift 0–3
//   out: d     uint8 [h][w]: per channel max(0, lo − a, a − hi), lo/hi the min/max of b over the (2·shift+1)²
//              window (b's coordinates clamped), max over channels — PixelDiff.difference
//        hist  int64 [256]: pixels per level of d, added to (the caller zeroes it)
inline void range_difference(const uint8_t* a, const uint8_t* b, int w, int h, int shift, uint8_t* d,
                             int64_t* hist) {
    using namespace imgdiff_detail;
    switch (shift) {
        case 0: range_difference<0>(a, b, w, h, d, hist); break;
        case 1: range_difference<1>(a, b, w, h, d, hist); break;
        case 2: range_difference<2>(a, b, w, h, d, hist); break;
        default: range_difference<3>(a, b, w, h, d, hist); break;
    }
}

namespace imgdiff_detail {

// R < 0: the radius is the runtime value r (any size, not unrolled)
template <int R>
IMGDIFF_HOT void box_mask(const uint8_t* __restrict__ d, int w, int h, int r_any, uint32_t need,
                          uint8_t* __restrict__ mask) {
    const int r = R >= 0 ? R : r_any, K = 2 * r + 1;
    thread_local std::vector<uint32_t> buf;
    uint32_t* __restrict__ pad = scratch(buf, (size_t)w + 2 * r);
    uint32_t* __restrict__ col = pad + r;
    for (int x = 0; x < w; x++) col[x] = 0;
    for (int dy = -r; dy <= r; dy++) {          // column sums of the first window
        const uint8_t* __restrict__ s = d + (size_t)clampi(dy, 0, h - 1) * w;
        for (int x = 0; x < w; x++) col[x] += s[x];
    }
    for (int y = 0; y < h; y++) {
        for (int t = 1; t <= r; t++) {
            col[-t] = col[0];
            col[w - 1 + t] = col[w - 1];
        }
        uint8_t* __restrict__ out = mask + (size_t)y * w;
        for (int x = 0; x < w; x++) {
            uint32_t s = pad[x];
            for (int t = 1; t < K; t++) s += pad[x + t];
            out[x] = s >= need ? 255 : 0;
        }
        if (y + 1 < h) {                          // slide the window down one row
            const uint8_t* __restrict__ add = d + (size_t)clampi(y + 1 + r, 0, h - 1) * w;
            const uint8_t* __restrict__ sub = d + (size_t)clampi(y - r, 0, h - 1) * w;
            for (int x = 0; x < w; x++) col[x] += (uint32_t)add[x] - (uint32_t)sub[x];
        }
    }
}

} // namespace imgdiff_detail

// box_mask
//   in : d     uint8 [h][w]; radius 0–15; threshold 0–255
//   out: mask  uint8 [h][w]: 255 where the sum of d over the (2·radius+1)² window (borders replicated) is at least
//              threshold·(2·radius+1)², else 0 — PixelDiff.mask
inline void box_mask(const uint8_t* d, int w, int h, int radius, int threshold, uint8_t* mask) {
    using namespace imgdiff_detail;
    const uint32_t k = 2 * (uint32_t)radius + 1, need = (uint32_t)threshold * k * k;
    switch (radius) {   // the common radii as fixed windows the compiler unrolls and vectorises
        case 0: box_mask<0>(d, w, h, 0, need, mask); break;
        case 1: box_mask<1>(d, w, h, 1, need, mask); break;
        case 2: box_mask<2>(d, w, h, 2, need, mask); break;
        case 3: box_mask<3>(d, w, h, 3, need, mask); break;
        default: box_mask<-1>(d, w, h, radius, need, mask); break;
    }
}

// label_runs
//   in : mask  uint8 [h][w], non-zero = foreground; diff uint8 [h][w]
//   out: stats int64 [capacity][6]: per 8-connected component x1, y1, x2, y2 (exclusive), pixels, sum of diff over
//        its pixels, in no particular order (Components sorts); returns the number of components, which may exceed
//        capacity (then only the first `capacity` are written and the caller asks again with room for all)
// Run-based labelling: each row's foreground runs are unioned with the runs of the row above that touch them
// (x ranges overlapping or diagonal), so the work follows the number of runs, not of pixels — masks here are
// mostly background. Same components as OpenCV's connectedComponentsWithStats and ComponentsReference.
inline int label_runs(const uint8_t* __restrict__ mask, const uint8_t* __restrict__ diff, int w, int h,
                      int64_t* __restrict__ stats, int capacity) {
    struct Run { int y, x1, x2, parent; };
    thread_local std::vector<Run> runs;
    thread_local std::vector<int> slot;
    runs.clear();
    auto find = [](std::vector<Run>& r, int i) {
        while (r[i].parent != i) {
            r[i].parent = r[r[i].parent].parent; // path halving
            i = r[i].parent;
        }
        return i;
    };
    int prev_begin = 0, prev_end = 0;
    for (int y = 0; y < h; y++) {
        const uint8_t* row = mask + (size_t)y * w;
        const int begin = (int)runs.size();
        int x = 0;
        while (x < w) {
            // skip background eight bytes at a time
            while (x + 8 <= w) {
                uint64_t word;
                memcpy(&word, row + x, 8);
                if (word != 0) break;
                x += 8;
            }
            while (x < w && row[x] == 0) x++;
            if (x >= w) break;
            const int x1 = x;
            while (x < w && row[x] != 0) x++;
            const int id = (int)runs.size();
            runs.push_back({y, x1, x, id});
        }
        const int end = (int)runs.size();
        // union with touching runs of the previous row: two pointers, both rows sorted by x
        int p = prev_begin;
        for (int r = begin; r < end; r++) {
            const int x1 = runs[r].x1, x2 = runs[r].x2;
            while (p < prev_end && runs[p].x2 < x1) p++;   // ends left of the diagonal neighbour
            for (int q = p; q < prev_end && runs[q].x1 <= x2; q++) {
                const int a = find(runs, r), b = find(runs, q);
                if (a != b) runs[a > b ? a : b].parent = a > b ? b : a;
            }
        }
        prev_begin = begin;
        prev_end = end;
    }
    // per root: box, pixels, difference sum
    const int n = (int)runs.size();
    slot.assign(n, -1);
    int count = 0;
    for (int i = 0; i < n; i++) {
        const Run& r = runs[i];
        const int root = find(runs, i);
        int k = slot[root];
        if (k < 0) k = slot[root] = count++;
        if (k >= capacity) continue;
        int64_t* st = stats + (size_t)k * 6;
        const uint8_t* d = diff + (size_t)r.y * w;
        int64_t sum = 0;
        for (int x = r.x1; x < r.x2; x++) sum += d[x];
        if (root == i) {   // a root is its component's first run (lowest index): start the stats here
            st[0] = r.x1; st[1] = r.y; st[2] = r.x2; st[3] = r.y + 1; st[4] = 0; st[5] = 0;
        }
        st[0] = st[0] < r.x1 ? st[0] : r.x1;
        st[2] = st[2] > r.x2 ? st[2] : r.x2;
        st[3] = r.y + 1;   // runs come in row order
        st[4] += r.x2 - r.x1;
        st[5] += sum;
    }
    return count;
}

#endif
