// nms.cu — the Nms op (src/main/java/io/imgdiff/compute/Nms.java) for a batch of box lists, in the bitmask
// style of torchvision's NMS kernel: one kernel fills an IoU bit matrix, a second walks it on the device and
// writes the keep list, so only kept indices cross back to the host.
//
// Boxes arrive already in visiting order (descending score, equal scores by ascending index: the stable sort is
// done on the host with the same comparator as NmsCpu). IoU is computed exactly as Box.iou in Java: 64-bit
// integer areas, one IEEE double division, strict compare with the double threshold; so kept lists are
// bit-identical to NmsCpu.

#define NMS_BLOCK 64

__device__ __forceinline__ bool nms_over(const int4 a, const int4 b, double thr) {
    long long iw = max(0, min(a.z, b.z) - max(a.x, b.x));
    long long ih = max(0, min(a.w, b.w) - max(a.y, b.y));
    long long inter = iw * ih;
    long long uni = (long long)(a.z - a.x) * (a.w - a.y) + (long long)(b.z - b.x) * (b.w - b.y) - inter;
    double iou = uni == 0 ? 0.0 : (double)inter / (double)uni;
    return iou > thr;
}

// nms_mask
//   in : boxes   int4 [total] (x1, y1, x2, y2), images' sorted lists back to back
//        first   int [batch] index of each image's first box; count int [batch]
//        maskAt  long long [batch] index of each image's first mask word
//   out: mask    uint64 [sum over images of count * ceil(count/64)]; for image b, bit j of word
//                mask[maskAt[b] + i * words + jb] is set when box jb*64+j (> i) overlaps box i above threshold
//   launch: grid (words, words, batch) with words = ceil(max count / 64), block 64; blocks below the diagonal
//   or past an image's own word count return at once.
extern "C" __global__ void nms_mask(const int4* __restrict__ boxes, const int* __restrict__ first,
                                    const int* __restrict__ count, const long long* __restrict__ maskAt,
                                    unsigned long long* __restrict__ mask, double thr) {
    const int b = blockIdx.z;
    const int n = count[b];
    const int words = (n + NMS_BLOCK - 1) / NMS_BLOCK;
    const int rb = blockIdx.y, cb = blockIdx.x;
    if (rb >= words || cb >= words || cb < rb) return;
    __shared__ int4 cols[NMS_BLOCK];
    const int4* bx = boxes + first[b];
    const int c0 = cb * NMS_BLOCK;
    const int ncols = min(NMS_BLOCK, n - c0);
    if (threadIdx.x < ncols) cols[threadIdx.x] = bx[c0 + threadIdx.x];
    __syncthreads();
    const int i = rb * NMS_BLOCK + threadIdx.x;
    if (i >= n) return;
    const int4 me = bx[i];
    unsigned long long bits = 0;
    for (int j = (cb == rb ? threadIdx.x + 1 : 0); j < ncols; j++) {
        if (nms_over(me, cols[j], thr)) bits |= 1ULL << j;
    }
    mask[maskAt[b] + (long long)i * words + cb] = bits;
}

// nms_keep
//   in : mask, first, count, maskAt as above (mask words below the diagonal are never read)
//   out: keep      int [total]: for image b, keep[first[b] .. first[b]+kept[b]) are kept positions in the
//                  sorted list, ascending (= visiting order)
//        kept      int [batch]
//   launch: grid (batch), block 256, dynamic shared memory 8 * ceil(max count / 64) + 8 * 64 bytes.
//   Per 64-box word: the threads stage the word's 64 diagonal mask words, thread 0 resolves suppression inside
//   the word serially (64 steps in shared memory), then all threads OR the kept rows into the later words.
//   So there are ceil(n/64) barriers rather than n.
extern "C" __global__ void nms_keep(const unsigned long long* __restrict__ mask, const int* __restrict__ first,
                                    const int* __restrict__ count, const long long* __restrict__ maskAt,
                                    int* __restrict__ keep, int* __restrict__ kept) {
    extern __shared__ unsigned long long shm[];
    const int b = blockIdx.x;
    const int n = count[b];
    const int words = (n + NMS_BLOCK - 1) / NMS_BLOCK;
    unsigned long long* removed = shm;
    unsigned long long* diag = shm + words;
    __shared__ unsigned long long keptBits;
    __shared__ int nkept;
    const unsigned long long* m = mask + maskAt[b];
    for (int i = threadIdx.x; i < words; i += blockDim.x) removed[i] = 0;
    if (threadIdx.x == 0) nkept = 0;
    __syncthreads();
    for (int w = 0; w < words; w++) {
        const int base = w * NMS_BLOCK;
        const int rows = min(NMS_BLOCK, n - base);
        for (int k = threadIdx.x; k < rows; k += blockDim.x) diag[k] = m[(long long)(base + k) * words + w];
        __syncthreads();
        if (threadIdx.x == 0) {
            unsigned long long rem = removed[w];
            unsigned long long kb = 0;
            for (int k = 0; k < rows; k++) {
                if (!((rem >> k) & 1ULL)) {
                    kb |= 1ULL << k;
                    rem |= diag[k];
                    keep[first[b] + nkept++] = base + k;
                }
            }
            keptBits = kb;
        }
        __syncthreads();
        const unsigned long long kb = keptBits;
        for (int j = w + 1 + threadIdx.x; j < words; j += blockDim.x) {
            unsigned long long acc = removed[j];
            for (unsigned long long t = kb; t; t &= t - 1) {
                const int k = __ffsll((long long)t) - 1;
                acc |= m[(long long)(base + k) * words + j];
            }
            removed[j] = acc;
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) kept[b] = nkept;
}
