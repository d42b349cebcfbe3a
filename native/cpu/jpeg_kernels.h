// jpeg_kernels.h — JPEG decoding with libjpeg-turbo, called through JavaCPP (io.imgdiff.image.JpegKernels) on the
// Java arrays in place. A library of its own because libjpeg is linked as a shared library (Debian's libjpeg.a is
// not position-independent): where libjpeg.so.62 is missing, only JPEG falls back to the JDK, PNG stays native.
//   jpeg_header   width, height, components and colour space from the header
//   jpeg_decode   baseline and progressive YCbCr/grey/RGB JPEG to 8-bit RGB (ISLOW DCT and fancy upsampling, as the
//                 JDK's libjpeg); every warning's text is handed back, so the Java side refuses truncated or corrupt
//                 data by the same rules as for the JDK decoder. CMYK and YCCK are left to the JDK (TwelveMonkeys).
#ifndef IMGDIFF_JPEG_KERNELS_H
#define IMGDIFF_JPEG_KERNELS_H

#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <jpeglib.h>

#define JPEG_OK 0
#define JPEG_UNSUPPORTED -10   // a colour space left to the JDK decoder (CMYK, YCCK)
#define JPEG_FAILED -11        // libjpeg gave up; the reason is in msg

namespace imgdiff_jpeg {

struct JpegErrors {
    struct jpeg_error_mgr pub;
    jmp_buf escape;
    char* msg;        // warnings and the fatal error, "; "-separated, NUL-terminated, at most cap-1 bytes
    int cap;
    int used;
};

inline void jpeg_note(j_common_ptr c, const char* prefix) {
    JpegErrors* e = (JpegErrors*)c->err;
    char text[JMSG_LENGTH_MAX];
    (*c->err->format_message)(c, text);
    int n = snprintf(e->msg + e->used, (size_t)(e->cap - e->used), "%s%s%s", e->used ? "; " : "", prefix, text);
    if (n > 0) e->used = e->used + n < e->cap ? e->used + n : e->cap - 1;
}

inline void jpeg_on_error(j_common_ptr c) {
    jpeg_note(c, "");
    longjmp(((JpegErrors*)c->err)->escape, 1);
}

inline void jpeg_on_message(j_common_ptr c, int level) {
    if (level < 0 && c->err->num_warnings++ < 8) jpeg_note(c, "warning: ");  // level -1: a warning
}

inline void jpeg_setup(j_decompress_ptr d, JpegErrors* e, char* msg, int cap) {
    d->err = jpeg_std_error(&e->pub);
    e->pub.error_exit = jpeg_on_error;
    e->pub.emit_message = jpeg_on_message;
    e->msg = msg;
    e->cap = cap;
    e->used = 0;
    msg[0] = 0;
}

}  // namespace imgdiff_jpeg

namespace imgdiff_jpeg {

// Header (out == NULL: dims = {width, height, components, J_COLOR_SPACE}) or the whole image into out (w×h RGB).
// One function for both, since setjmp must sit in the frame that calls libjpeg.
inline int jpeg_run(const uint8_t* data, int off, int len, int* dims, int w, int h, uint8_t* out, char* msg,
                    int cap) {
    if (off < 0 || len < 0 || cap < 2 || (out && (w <= 0 || h <= 0))) return JPEG_FAILED;
    struct jpeg_decompress_struct d;
    JpegErrors e;
    jpeg_setup(&d, &e, msg, cap);
    if (setjmp(e.escape)) {
        jpeg_destroy_decompress(&d);
        return JPEG_FAILED;
    }
    jpeg_create_decompress(&d);
    jpeg_mem_src(&d, data + off, (unsigned long)len);
    jpeg_read_header(&d, TRUE);
    int rc = JPEG_OK;
    if (!out) {
        dims[0] = (int)d.image_width;
        dims[1] = (int)d.image_height;
        dims[2] = d.num_components;
        dims[3] = (int)d.jpeg_color_space;
    } else if ((int)d.image_width != w || (int)d.image_height != h
               || !(d.jpeg_color_space == JCS_YCbCr || d.jpeg_color_space == JCS_GRAYSCALE
                    || d.jpeg_color_space == JCS_RGB)) {
        rc = JPEG_UNSUPPORTED;
    } else {
        d.out_color_space = JCS_RGB;
        d.dct_method = JDCT_ISLOW;
        jpeg_start_decompress(&d);
        if ((int)d.output_width != w || (int)d.output_height != h || d.output_components != 3) {
            rc = JPEG_UNSUPPORTED;
        } else {
            while (d.output_scanline < d.output_height) {
                JSAMPROW row = out + (size_t)d.output_scanline * w * 3;
                jpeg_read_scanlines(&d, &row, 1);
            }
            jpeg_finish_decompress(&d);
        }
    }
    jpeg_destroy_decompress(&d);
    return rc;
}

}  // namespace imgdiff_jpeg

// Reads the JPEG header of data[off .. off+len): dims = {width, height, components, colour space (J_COLOR_SPACE)}.
inline int jpeg_header(const uint8_t* data, int off, int len, int* dims, char* msg, int cap) {
    return imgdiff_jpeg::jpeg_run(data, off, len, dims, 0, 0, nullptr, msg, cap);
}

// Decodes data[off .. off+len) (a YCbCr, grey or RGB JPEG of w×h, as jpeg_header said) into out (w*h*3 RGB).
// Returns JPEG_OK with any warnings in msg (the caller decides which make the image bad), or JPEG_FAILED /
// JPEG_UNSUPPORTED.
inline int jpeg_decode(const uint8_t* data, int off, int len, int w, int h, uint8_t* out, char* msg, int cap) {
    if (!out) return JPEG_FAILED;
    int dims[4];
    return imgdiff_jpeg::jpeg_run(data, off, len, dims, w, h, out, msg, cap);
}

#endif
