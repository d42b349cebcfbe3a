// components.cu — the Components op (src/main/java/io/imgdiff/compute/Components.java) for a batch of equally
// sized masks: 8-connected labelling by union-find with atomicMin (in the manner of Playne & Hawick, 2018), then
// per-component stats compacted into one short list per image.
//
// Labels are pixel indices local to each image; a root always holds the smallest index of its component (links
// only ever point to smaller indices), i.e. the component's first pixel in raster order. The host sorts each
// list with Components.ORDER, ties broken by that first pixel, which is also the order of OpenCV's labels.
//
// Kernels run in order on one stream: cc_init, cc_merge, cc_flatten, cc_compact, cc_stats.
// Common launch shape: grid (ceil(w/32), ceil(h/8), batch), block (32, 8); one thread per pixel.

#include <stdint.h>

// One component's stats, 32 bytes; the host reads it as 6 ints and 1 long (little endian).
struct CcStat {
    int x1, y1, x2, y2;  // bounding box, x2/y2 exclusive (the kernel stores max+1)
    int pixels;
    int root;            // first pixel (raster index) of the component
    unsigned long long diffSum;
};

// Reads go through L2 (__ldcg), where atomicMin writes land: a stale L1 line could show a root that is no
// longer one, and cc_union's retry loop would then re-read the same stale value.
__device__ __forceinline__ int cc_find(const int* L, int x) {
    int p = __ldcg(L + x);
    while (p != x) { x = p; p = __ldcg(L + x); }
    return x;
}

// Links the trees of a and b; the larger root is attached below the smaller one. Retries when another thread
// changed the root in between (atomicMin returns the value it saw).
__device__ void cc_union(int* L, int a, int b) {
    bool done = false;
    while (!done) {
        a = cc_find(L, a);
        b = cc_find(L, b);
        if (a < b) { int old = atomicMin(&L[b], a); done = (old == b); b = old; }
        else if (b < a) { int old = atomicMin(&L[a], b); done = (old == a); a = old; }
        else done = true;
    }
}

// cc_init — in: mask uint8 [batch][h][w]; out: labels int [batch][h][w] = own index for foreground, -1 else.
extern "C" __global__ void cc_init(const uint8_t* __restrict__ mask, int* __restrict__ labels, int w, int h) {
    const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= w || y >= h) return;
    const size_t plane = (size_t)w * h * blockIdx.z;
    const int i = y * w + x;
    labels[plane + i] = mask[plane + i] ? i : -1;
}

// cc_merge — unites each foreground pixel with its foreground neighbours to the W, N, NW, NE. NW is implied when
// W or N is set (it is their neighbour too), NE when N is set, which saves atomics on solid regions.
extern "C" __global__ void cc_merge(const uint8_t* __restrict__ mask, int* labels, int w, int h) {
    const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= w || y >= h) return;
    const size_t plane = (size_t)w * h * blockIdx.z;
    const uint8_t* m = mask + plane;
    int* L = labels + plane;
    const int i = y * w + x;
    if (!m[i]) return;
    const bool west = x > 0 && m[i - 1];
    const bool north = y > 0 && m[i - w];
    if (west) cc_union(L, i, i - 1);
    if (north) cc_union(L, i, i - w);
    if (!north && !west && x > 0 && y > 0 && m[i - w - 1]) cc_union(L, i, i - w - 1);
    if (!north && x + 1 < w && y > 0 && m[i - w + 1]) cc_union(L, i, i - w + 1);
}

// cc_flatten — points every foreground label straight at its root.
extern "C" __global__ void cc_flatten(int* labels, int w, int h) {
    const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= w || y >= h) return;
    int* L = labels + (size_t)w * h * blockIdx.z;
    const int i = y * w + x;
    if (L[i] >= 0) L[i] = cc_find(L, i);
}

// cc_compact — every root takes the next slot of its image's list and initialises the slot's stats.
//   out: slot int [batch][h][w] (valid at roots only), stats CcStat [batch][cap], count int [batch] (zeroed by
//   the host before). cap = ceil(w/2)*ceil(h/2) bounds the components of one image: all foreground pixels of a
//   2x2 cell touch each other, so a cell holds pixels of at most one component.
extern "C" __global__ void cc_compact(const int* __restrict__ labels, int* __restrict__ slot, CcStat* stats,
                                      int* count, int w, int h, int cap) {
    const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= w || y >= h) return;
    const size_t plane = (size_t)w * h * blockIdx.z;
    const int i = y * w + x;
    if (labels[plane + i] != i) return;
    const int s = atomicAdd(&count[blockIdx.z], 1);
    slot[plane + i] = s;
    CcStat* st = stats + (size_t)cap * blockIdx.z + s;
    st->x1 = x; st->y1 = y; st->x2 = 0; st->y2 = 0; st->pixels = 0; st->root = i; st->diffSum = 0;
}

// cc_stats — folds every foreground pixel into its component's slot: box, pixel count, sum of diff (uint8).
// Lanes of a warp that share a root (common: a warp covers 32 pixels of one row) first reduce among themselves
// (__match_any_sync + __reduce_*_sync, sm_80+), so one lane per root and warp does the global atomics; this keeps
// large blobs from serialising on a single address. The launch shape must keep a warp inside one block row
// (blockDim.x == 32).
extern "C" __global__ void cc_stats(const int* __restrict__ labels, const int* __restrict__ slot,
                                    const uint8_t* __restrict__ diff, CcStat* stats, int w, int h, int cap) {
    const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
    const size_t plane = (size_t)w * h * blockIdx.z;
    const int i = y * w + x;
    const int r = (x < w && y < h) ? labels[plane + i] : -1;
    const unsigned fg = __ballot_sync(0xffffffffu, r >= 0);
    if (r < 0) return;
    const unsigned peers = __match_any_sync(fg, r);
    const unsigned xmin = __reduce_min_sync(peers, (unsigned)x);
    const unsigned xmax = __reduce_max_sync(peers, (unsigned)x + 1);
    const unsigned ymax = __reduce_max_sync(peers, (unsigned)y + 1);
    const unsigned n = __popc(peers);
    const unsigned sum = __reduce_add_sync(peers, (unsigned)diff[plane + i]);  // <= 32 * 255, no overflow
    const int lane = (threadIdx.y * blockDim.x + threadIdx.x) & 31;
    if (lane != __ffs(peers) - 1) return;
    CcStat* st = stats + (size_t)cap * blockIdx.z + slot[plane + r];
    atomicMin(&st->x1, (int)xmin);
    atomicMax(&st->x2, (int)xmax);
    atomicMax(&st->y2, (int)ymax);
    atomicAdd(&st->pixels, (int)n);
    if (sum) atomicAdd(&st->diffSum, (unsigned long long)sum);
    // y1 needs no atomic: the root is the first pixel in raster order, so its row is the top row.
}
