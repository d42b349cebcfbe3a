// image_kernels.h — the pixel work of image decoding in C++, called through JavaCPP (io.imgdiff.image.ImageKernels)
// on the Java heap arrays themselves (JNI critical regions). The Java side (PngReader) parses and checks the file:
// signature, IHDR, chunk lengths against the bytes present, CRCs, PLTE/tRNS; these functions only get what is
// already known to be consistent, and still check every length they touch, so bad data can never write outside the
// arrays handed in. Semantics, each tested against the JDK's decoder in PngReaderTest:
//   png_decode   zlib stream → PNG rows → unfiltered → 8-bit RGB as RgbConverter makes it (16-bit rounded to 8 as
//                (s*255+32767)/65535, grey as R=G=B, palette looked up, tRNS and alpha composited over white with
//                (c*a+255*(255-a)+127)/255). Non-interlaced, bit depth 8 or 16 only: the Java side sends the rest
//                to the JDK decoder.
//   unfilter_sub the inverse of the SUB byte delta of the internal image format's version 1 (RgbzCodec): each byte
//                plus the byte 3 before it in the same row, modulo 256.
//   unfilter_up  the inverse of its UP delta (version 2): each byte plus the byte one row above, modulo 256.
//   png_deflate_rgb  the other way (PngWriter): 8-bit RGB rows, filter type 0 on the first and 2 (UP) on the
//                others (smaller than SUB on our images, and its inverse vectorises), as one zlib stream
//                for a single IDAT chunk; the Java side writes the chunks and their CRCs.
// (De)flate is libdeflate's when the build found it (IMGDIFF_LIBDEFLATE; about twice zlib's speed), else zlib's.
// Work buffers are per thread and reused (large ones are released after use), so native memory stays flat.
#ifndef IMGDIFF_IMAGE_KERNELS_H
#define IMGDIFF_IMAGE_KERNELS_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <vector>

#ifdef IMGDIFF_LIBDEFLATE
#include <libdeflate.h>
#else
#include <zlib.h>
#endif

// Result codes of png_decode, mirrored by ImageKernels.
#define PNG_OK 0
#define PNG_BAD_ARGS -1       // sizes inconsistent with the arrays: a bug on the Java side, never bad input
#define PNG_CORRUPT -2        // the zlib stream is invalid (bad code, bad Adler-32, or it ends before its end mark)
#define PNG_SHORT -3          // the stream is valid but holds fewer bytes than IHDR's rows need; info[0] = rows
#define PNG_LONG -4           // the stream holds more bytes than IHDR's rows
#define PNG_BAD_FILTER -5     // a row starts with a filter type above 4; info[0] = the row
#define PNG_BAD_INDEX -6      // a palette index beyond PLTE's entries; info[0] = the row, info[1] = the index

namespace imgdiff_image {

// Buffers above this size are freed after each call instead of being kept for the thread's next image.
static const size_t KEEP_BYTES = 64u << 20;

struct Inflater {
#ifdef IMGDIFF_LIBDEFLATE
    libdeflate_decompressor* d = libdeflate_alloc_decompressor();
    libdeflate_compressor* c = nullptr;  // made on the first encode, for that call's level
    int c_level = -1;
    ~Inflater() {
        if (d) libdeflate_free_decompressor(d);
        if (c) libdeflate_free_compressor(c);
    }
#endif
    std::vector<uint8_t> raw;
    std::vector<uint8_t> zero;
};

inline Inflater& inflater() {
    thread_local Inflater state;
    return state;
}

// Inflates z[0..zlen) into out[0..cap); *produced = bytes written. Returns PNG_OK, PNG_CORRUPT, PNG_LONG.
inline int inflate_all(const uint8_t* z, size_t zlen, uint8_t* out, size_t cap, size_t* produced) {
#ifdef IMGDIFF_LIBDEFLATE
    Inflater& st = inflater();
    if (!st.d) return PNG_CORRUPT;
    size_t n = 0;
    enum libdeflate_result r = libdeflate_zlib_decompress(st.d, z, zlen, out, cap, &n);
    *produced = n;
    if (r == LIBDEFLATE_SUCCESS) return PNG_OK;
    if (r == LIBDEFLATE_INSUFFICIENT_SPACE) return PNG_LONG;
    return PNG_CORRUPT;
#else
    z_stream s;
    memset(&s, 0, sizeof s);
    if (inflateInit(&s) != Z_OK) return PNG_CORRUPT;
    s.next_in = (Bytef*)z;
    s.avail_in = (uInt)zlen;
    s.next_out = out;
    s.avail_out = (uInt)cap;
    int r = inflate(&s, Z_FINISH);
    *produced = cap - s.avail_out;
    int code = PNG_CORRUPT;
    if (r == Z_STREAM_END) {
        code = PNG_OK;
    } else if (r == Z_BUF_ERROR && s.avail_out == 0 && s.avail_in > 0) {
        // Output full with input left: more image data than the rows need, unless the rest is only the end mark.
        uint8_t probe;
        s.next_out = &probe;
        s.avail_out = 1;
        int r2 = inflate(&s, Z_FINISH);
        code = r2 == Z_STREAM_END && s.avail_out == 1 ? PNG_OK : PNG_LONG;
    }
    inflateEnd(&s);
    return code;
#endif
}

inline int paeth(int a, int b, int c) {
    int p = b - c;
    int q = a - c;
    int pa = p < 0 ? -p : p;          // |(a + b − c) − a|
    int pb = q < 0 ? -q : q;          // |(a + b − c) − b|
    int pc = p + q < 0 ? -(p + q) : p + q;
    return (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
}

// Reverses one row's filter: dst[i] from src[i] (dst may be src), prev the unfiltered row above (zeros for row 0).
inline bool unfilter_row(int type, const uint8_t* src, const uint8_t* prev, uint8_t* dst, size_t n, int bpp) {
    switch (type) {
        case 0:
            if (dst != src) memcpy(dst, src, n);
            return true;
        case 1:
            if (bpp == 3) {  // three running sums held in registers: the loop-carried chain is one add per byte
                uint8_t r = 0, g = 0, b = 0;
                for (size_t i = 0; i + 2 < n; i += 3) {
                    r = (uint8_t)(r + src[i]);
                    g = (uint8_t)(g + src[i + 1]);
                    b = (uint8_t)(b + src[i + 2]);
                    dst[i] = r;
                    dst[i + 1] = g;
                    dst[i + 2] = b;
                }
            } else {
                for (size_t i = 0; i < (size_t)bpp && i < n; i++) dst[i] = src[i];
                for (size_t i = bpp; i < n; i++) dst[i] = (uint8_t)(src[i] + dst[i - bpp]);
            }
            return true;
        case 2:
            for (size_t i = 0; i < n; i++) dst[i] = (uint8_t)(src[i] + prev[i]);
            return true;
        case 3:
            for (size_t i = 0; i < (size_t)bpp && i < n; i++) dst[i] = (uint8_t)(src[i] + (prev[i] >> 1));
            for (size_t i = bpp; i < n; i++) dst[i] = (uint8_t)(src[i] + ((dst[i - bpp] + prev[i]) >> 1));
            return true;
        case 4:
            for (size_t i = 0; i < (size_t)bpp && i < n; i++) dst[i] = (uint8_t)(src[i] + prev[i]);
            for (size_t i = bpp; i < n; i++) dst[i] = (uint8_t)(src[i] + paeth(dst[i - bpp], prev[i], prev[i - bpp]));
            return true;
        default:
            return false;
    }
}

inline uint8_t over_white(int c, int a) {
    return (uint8_t)(a == 255 ? c : (c * a + 255 * (255 - a) + 127) / 255);
}

inline int to8(int s16) { return (s16 * 255 + 32767) / 65535; }

// One unfiltered row (w pixels of colour type ct, depth 8 or 16) into w RGB pixels. Returns -1, or the first bad
// palette index.
inline int convert_row(const uint8_t* row, int w, int ct, int depth, const uint8_t* plte, int plte_n,
                       const uint8_t* palpha, int palpha_n, const int* key, uint8_t* out) {
    const bool keyed = key[0] >= 0;
    if (depth == 8) {
        switch (ct) {
            case 0:
                for (int x = 0; x < w; x++) {
                    uint8_t g = (keyed && row[x] == key[0]) ? 255 : row[x];
                    out[3 * x] = out[3 * x + 1] = out[3 * x + 2] = g;
                }
                return -1;
            case 2:
                for (int x = 0; x < w; x++) {
                    const uint8_t* p = row + 3 * x;
                    bool hit = keyed && p[0] == key[0] && p[1] == key[1] && p[2] == key[2];
                    out[3 * x] = hit ? 255 : p[0];
                    out[3 * x + 1] = hit ? 255 : p[1];
                    out[3 * x + 2] = hit ? 255 : p[2];
                }
                return -1;
            case 3:
                for (int x = 0; x < w; x++) {
                    int i = row[x];
                    if (i >= plte_n) return i;
                    int a = i < palpha_n ? palpha[i] : 255;
                    out[3 * x] = over_white(plte[3 * i], a);
                    out[3 * x + 1] = over_white(plte[3 * i + 1], a);
                    out[3 * x + 2] = over_white(plte[3 * i + 2], a);
                }
                return -1;
            case 4:
                for (int x = 0; x < w; x++) {
                    uint8_t g = over_white(row[2 * x], row[2 * x + 1]);
                    out[3 * x] = out[3 * x + 1] = out[3 * x + 2] = g;
                }
                return -1;
            case 6:
                for (int x = 0; x < w; x++) {
                    const uint8_t* p = row + 4 * x;
                    out[3 * x] = over_white(p[0], p[3]);
                    out[3 * x + 1] = over_white(p[1], p[3]);
                    out[3 * x + 2] = over_white(p[2], p[3]);
                }
                return -1;
        }
        return -1;
    }
    const int ch = ct == 0 ? 1 : ct == 2 ? 3 : ct == 4 ? 2 : 4;
    for (int x = 0; x < w; x++) {
        const uint8_t* p = row + 2 * ch * x;
        int s[4];
        for (int c = 0; c < ch; c++) s[c] = (p[2 * c] << 8) | p[2 * c + 1];
        int a = 255;
        if (ct == 4) a = to8(s[1]);
        if (ct == 6) a = to8(s[3]);
        if (keyed && ((ct == 0 && s[0] == key[0]) || (ct == 2 && s[0] == key[0] && s[1] == key[1] && s[2] == key[2]))) {
            a = 0;
        }
        for (int c = 0; c < 3; c++) {
            int v = to8(s[(ct == 0 || ct == 4) ? 0 : c]);
            out[3 * x + c] = over_white(v, a);
        }
    }
    return -1;
}

}  // namespace imgdiff_image

// Decodes the PNG image data z[zoff .. zoff+zlen) (the IDAT chunks' data, concatenated) of a w×h non-interlaced
// image of colour type ct (0, 2, 3, 4, 6) and bit depth 8 or 16 into out (w*h*3 bytes of RGB). plte holds plte_n
// RGB entries, palpha palpha_n alpha values (tRNS of a palette image), key the tRNS colour key (grey in key[0] or
// RGB, all −1 when none). Returns PNG_OK or a negative PNG_* code with details in info[0..1].
inline int png_decode(const uint8_t* z, int zoff, int zlen, int w, int h, int ct, int depth, const uint8_t* plte,
                      int plte_n, const uint8_t* palpha, int palpha_n, const int* key, uint8_t* out, int64_t* info) {
    using namespace imgdiff_image;
    info[0] = info[1] = 0;
    if (w <= 0 || h <= 0 || zoff < 0 || zlen < 0 || (depth != 8 && depth != 16) || plte_n < 0 || plte_n > 256
        || palpha_n < 0 || palpha_n > 256 || !(ct == 0 || ct == 2 || ct == 3 || ct == 4 || ct == 6)
        || (ct == 3 && depth != 8)) {
        return PNG_BAD_ARGS;
    }
    const int ch = ct == 0 ? 1 : ct == 2 ? 3 : ct == 3 ? 1 : ct == 4 ? 2 : 4;
    const int bpp = ch * depth / 8;
    const size_t rb = (size_t)w * bpp;
    const size_t need = (size_t)h * (rb + 1);
    Inflater& st = inflater();
    if (st.raw.size() < need) st.raw.resize(need);
    if (st.zero.size() < rb) st.zero.assign(rb, 0);
    uint8_t* raw = st.raw.data();
    size_t produced = 0;
    int rc = inflate_all(z + zoff, (size_t)zlen, raw, need, &produced);
    if (rc == PNG_OK && produced < need) {
        info[0] = (int64_t)(produced / (rb + 1));
        rc = PNG_SHORT;
    }
    // RGB 8 without a key: rows are unfiltered straight into the output, each one the next row's "above".
    const bool direct = ct == 2 && depth == 8 && key[0] < 0;
    const uint8_t* prev = st.zero.data();
    for (int y = 0; rc == PNG_OK && y < h; y++) {
        uint8_t* line = raw + (size_t)y * (rb + 1);
        uint8_t* dst = direct ? out + (size_t)y * rb : line + 1;
        if (!unfilter_row(line[0], line + 1, prev, dst, rb, bpp)) {
            info[0] = y;
            rc = PNG_BAD_FILTER;
            break;
        }
        prev = dst;
        if (!direct) {
            int bad = convert_row(dst, w, ct, depth, plte, plte_n, palpha, palpha_n, key, out + (size_t)y * w * 3);
            if (bad >= 0) {
                info[0] = y;
                info[1] = bad;
                rc = PNG_BAD_INDEX;
            }
        }
    }
    if (st.raw.size() > KEEP_BYTES) std::vector<uint8_t>().swap(st.raw);
    return rc;
}

// In place: each byte of every row of `rows` rows of `row_bytes` bytes plus the byte 3 before it (RGB SUB delta).
inline void unfilter_sub(uint8_t* data, int rows, int row_bytes) {
    for (int y = 0; y < rows; y++) {
        uint8_t* r = data + (size_t)y * row_bytes;
        imgdiff_image::unfilter_row(1, r, nullptr, r, (size_t)row_bytes, 3);
    }
}

// In place: each byte of rows 1.. of `rows` rows of `row_bytes` bytes plus the byte one row above (UP delta). No
// chain along the row, so the loop vectorises (restrict: the two rows never overlap).
inline void unfilter_up_row(uint8_t* __restrict__ row, const uint8_t* __restrict__ above, size_t n) {
    for (size_t i = 0; i < n; i++) row[i] = (uint8_t)(row[i] + above[i]);
}

inline void unfilter_up(uint8_t* data, int rows, int row_bytes) {
    if (rows <= 0 || row_bytes <= 0) return;
    for (int y = 1; y < rows; y++) {
        uint8_t* r = data + (size_t)y * row_bytes;
        unfilter_up_row(r, r - row_bytes, (size_t)row_bytes);
    }
}

// dst[i] = row[i] − above[i]: the UP filter, a flat loop that vectorises (the three rows never overlap).
inline void up_delta_row(const uint8_t* __restrict__ row, const uint8_t* __restrict__ above, uint8_t* __restrict__ dst,
                         size_t n) {
    for (size_t i = 0; i < n; i++) dst[i] = (uint8_t)(row[i] - above[i]);
}

// The most bytes png_deflate_rgb can produce for a w×h image: the size to give its output.
inline int64_t png_deflate_bound(int w, int h) {
    if (w <= 0 || h <= 0) return -1;
    size_t n = (size_t)h * ((size_t)w * 3 + 1);
#ifdef IMGDIFF_LIBDEFLATE
    return (int64_t)libdeflate_zlib_compress_bound(nullptr, n);
#else
    return (int64_t)compressBound((uLong)n);
#endif
}

// Filters the w×h RGB image rgb (None on the first row, UP on the others) and deflates the rows at `level` (1–12
// with libdeflate, 1–9 with zlib) into out[off .. off+cap) as a zlib stream. Returns its length, or −1 when the
// arguments are inconsistent or the stream does not fit (give png_deflate_bound bytes).
inline int64_t png_deflate_rgb(const uint8_t* rgb, int w, int h, int level, uint8_t* out, int64_t off, int64_t cap) {
    using namespace imgdiff_image;
    if (w <= 0 || h <= 0 || off < 0 || cap <= 0 || level < 1 || level > 12) return -1;
    const size_t rb = (size_t)w * 3;
    const size_t need = (size_t)h * (rb + 1);
    Inflater& st = inflater();
    if (st.raw.size() < need) st.raw.resize(need);
    uint8_t* raw = st.raw.data();
    for (int y = 0; y < h; y++) {
        const uint8_t* src = rgb + (size_t)y * rb;
        uint8_t* dst = raw + (size_t)y * (rb + 1);
        if (y == 0) {
            dst[0] = 0;  // None: UP of the first row is the row itself
            memcpy(dst + 1, src, rb);
        } else {
            dst[0] = 2;
            up_delta_row(src, src - rb, dst + 1, rb);
        }
    }
    int64_t n = -1;
#ifdef IMGDIFF_LIBDEFLATE
    if (!st.c || st.c_level != level) {
        if (st.c) libdeflate_free_compressor(st.c);
        st.c = libdeflate_alloc_compressor(level);
        st.c_level = level;
    }
    if (st.c) {
        size_t z = libdeflate_zlib_compress(st.c, raw, need, out + off, (size_t)cap);
        n = z == 0 ? -1 : (int64_t)z;
    }
#else
    uLongf z = (uLongf)cap;
    n = compress2(out + off, &z, raw, (uLong)need, level > 9 ? 9 : level) == Z_OK ? (int64_t)z : -1;
#endif
    if (st.raw.size() > KEEP_BYTES) std::vector<uint8_t>().swap(st.raw);
    return n;
}

// Whether inflate is libdeflate's (1) or zlib's (0), for the start-up line.
inline int inflate_is_libdeflate() {
#ifdef IMGDIFF_LIBDEFLATE
    return 1;
#else
    return 0;
#endif
}

#endif
