// shim.h — just enough of CUDA's execution model to run a kernel source on the CPU: one std::thread per CUDA
// thread of a block, blocks one after another (so __shared__ arrays can be function statics), __syncthreads as a
// barrier, the rounding intrinsics as plain float ops (build with -ffp-contract=off). Evidence for a kernel's logic
// where no GPU is lent; it says nothing about nvcc's code generation, real warp scheduling or the GPU memory model.
//
// Warps: lanes are 32 consecutive thread ids of the block. Every warp intrinsic is one rendezvous of the warp's
// live lanes on a per-warp barrier: deposit (value, mask, op), wait, read, wait. A lane that returns from the
// kernel leaves both barriers (arrive_and_drop), as an exited thread stops holding up a GPU barrier; so lanes that
// returned early never block the others and never contribute. Each call checks what CUDA requires: the caller is in
// its mask, and every lane named in the mask is live and made the same call with the same mask; a violation
// aborts with a message. Limitation: lanes that diverge into *different* intrinsics at the same time (legal under
// independent thread scheduling with disjoint masks) would be reported as a violation; no kernel here does that.
// Atomics: std::atomic_ref on the target word. Dynamic shared memory: run.sh rewrites `extern __shared__ T x[];`
// into a pointer to emu::dyn_smem, sized per launch (filled with 0xCD, like uninitialised memory).
#include <atomic>
#include <barrier>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>
#include <algorithm>
#include <cstdlib>
#include <cstdint>
struct dim3 { unsigned x = 1, y = 1, z = 1; };
struct int4 { int x, y, z, w; };
thread_local dim3 threadIdx, blockIdx;
dim3 blockDim, gridDim;
thread_local std::barrier<>* bar;   // this thread's block barrier
#define __global__
#define __device__
#define __forceinline__ inline
#define __shared__ static
inline void __syncthreads() { bar->arrive_and_wait(); }
inline int min(int a, int b) { return a < b ? a : b; }
inline int max(int a, int b) { return a > b ? a : b; }
inline long long min(long long a, long long b) { return a < b ? a : b; }
inline long long max(long long a, long long b) { return a > b ? a : b; }
inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fadd_rn(float a, float b) { return a + b; }
inline int __popc(unsigned x) { return std::popcount(x); }
inline int __ffs(int x) { return __builtin_ffs(x); }
inline int __ffsll(long long x) { return __builtin_ffsll(x); }
template <class T> T __ldcg(const T* p) { return std::atomic_ref<T>(*const_cast<T*>(p)).load(std::memory_order_relaxed); }
template <class T> T atomicAdd(T* p, T v) { return std::atomic_ref<T>(*p).fetch_add(v, std::memory_order_relaxed); }
template <class T, class Better> T atomic_pick(T* p, T v, Better better) {
    std::atomic_ref<T> r(*p);
    T old = r.load(std::memory_order_relaxed);
    while (better(v, old) && !r.compare_exchange_weak(old, v, std::memory_order_relaxed)) {}
    return old;
}
template <class T> T atomicMin(T* p, T v) { return atomic_pick(p, v, [](T a, T b) { return a < b; }); }
template <class T> T atomicMax(T* p, T v) { return atomic_pick(p, v, [](T a, T b) { return a > b; }); }

namespace emu {
struct Warp {
    struct Phase {  // runs once per completed barrier phase, before any lane is released
        Warp* w;
        void operator()() noexcept {
            if (w->phase++ % 2 == 0) { w->live = w->present.exchange(0); }  // end of a deposit phase
        }
    };
    uint64_t val[32];
    unsigned mask[32];
    int op[32];
    std::atomic<unsigned> present{0};
    unsigned live = 0;   // lanes that deposited in the last deposit phase
    long phase = 0;
    std::barrier<Phase> bar;
    explicit Warp(int lanes) : bar(lanes, Phase{this}) {}
};
inline std::vector<std::unique_ptr<Warp>> warps;
inline std::vector<unsigned char> dyn_smem;
inline thread_local int lane;
inline thread_local Warp* warp;

[[noreturn]] inline void violation(const char* what, int op, unsigned mask) {
    fprintf(stderr, "WARP VIOLATION: %s (op %d, lane %d, mask %08x, block %u,%u,%u thread %u,%u,%u)\n", what, op,
            lane, mask, blockIdx.x, blockIdx.y, blockIdx.z, threadIdx.x, threadIdx.y, threadIdx.z);
    std::abort();
}
// One warp rendezvous: every live lane calls it with its own value; f(values, peers) computes this lane's result
// from the deposited values of the lanes in `mask`.
template <class F> uint64_t exchange(int op, unsigned mask, uint64_t v, F f) {
    Warp& w = *warp;
    w.val[lane] = v;
    w.mask[lane] = mask;
    w.op[lane] = op;
    w.present.fetch_or(1u << lane);
    w.bar.arrive_and_wait();
    if (!((mask >> lane) & 1)) violation("calling lane not in its mask", op, mask);
    if (mask & ~w.live) violation("a lane named in the mask did not make the call (exited or elsewhere)", op, mask);
    for (unsigned m = mask; m; m &= m - 1) {
        int l = std::countr_zero(m);
        if (w.op[l] != op || w.mask[l] != mask) violation("lanes of one mask made different calls", op, mask);
    }
    uint64_t r = f(w.val);
    w.bar.arrive_and_wait();
    return r;
}
template <class T> uint64_t bits(T v) { uint64_t u = 0; memcpy(&u, &v, sizeof v); return u; }
template <class T> T unbits(uint64_t u) { T v; memcpy(&v, &u, sizeof v); return v; }

// Runs kernel() for every block of grid, one std::thread per thread of block; dyn = dynamic shared memory bytes.
// Blocks run one after another (so __shared__ statics are per block); concurrent = true instead starts every
// thread of every block at once, each block with its own barriers, for kernels without shared memory (components'
// union-find across blocks): keep such grids small, it is grid x block threads.
template <class K> void launch(dim3 grid, dim3 block, size_t dyn, K kernel, bool concurrent = false) {
    gridDim = grid;
    blockDim = block;
    const int nt = block.x * block.y * block.z, nw = (nt + 31) / 32;
    const int nb = concurrent ? grid.x * grid.y * grid.z : 1;   // blocks whose barriers exist at once
    std::vector<std::unique_ptr<std::barrier<>>> blockBars(nb);
    auto reset = [&] {
        warps.clear();
        for (int b = 0; b < nb; b++) {
            blockBars[b] = std::make_unique<std::barrier<>>(nt);
            for (int i = 0; i < nw; i++) warps.push_back(std::make_unique<Warp>(std::min(32, nt - 32 * i)));
        }
        dyn_smem.assign(dyn, 0xCD);
    };
    reset();
    auto run = [&](int t, int b, dim3 bi) {   // thread t of block bi, using barrier set b
        threadIdx = {(unsigned)t % block.x, (unsigned)t / block.x % block.y, (unsigned)t / (block.x * block.y)};
        lane = t % 32;
        blockIdx = bi;
        bar = blockBars[b].get();
        warp = warps[(size_t)b * nw + t / 32].get();
        kernel();
        bar->arrive_and_drop();   // this thread has exited: it no longer holds up __syncthreads
        warp->bar.arrive_and_drop();
    };
    std::vector<std::thread> ts;
    std::barrier<> end(nt);   // sequential blocks: all threads done with one before the next
    if (concurrent) {
        for (unsigned bz = 0; bz < grid.z; bz++) for (unsigned by = 0; by < grid.y; by++)
            for (unsigned bx = 0; bx < grid.x; bx++) for (int t = 0; t < nt; t++) {
                const int b = (bz * grid.y + by) * grid.x + bx;
                ts.emplace_back([&, t, b, bx, by, bz] { run(t, b, {bx, by, bz}); });
            }
    } else {
        for (int t = 0; t < nt; t++) ts.emplace_back([&, t] {
            for (unsigned bz = 0; bz < grid.z; bz++) for (unsigned by = 0; by < grid.y; by++)
                for (unsigned bx = 0; bx < grid.x; bx++) {
                    run(t, 0, {bx, by, bz});
                    end.arrive_and_wait();
                    if (t == 0) reset();
                    end.arrive_and_wait();
                }
        });
    }
    for (auto& t : ts) t.join();
}
}  // namespace emu

inline unsigned __ballot_sync(unsigned mask, int pred) {
    return (unsigned)emu::exchange(1, mask, pred != 0, [&](const uint64_t* v) {
        unsigned r = 0;
        for (unsigned m = mask; m; m &= m - 1) if (v[std::countr_zero(m)]) r |= m & -m;
        return (uint64_t)r;
    });
}
template <class T> unsigned __match_any_sync(unsigned mask, T value) {
    return (unsigned)emu::exchange(2, mask, emu::bits(value), [&](const uint64_t* v) {
        unsigned r = 0;
        for (unsigned m = mask; m; m &= m - 1) if (v[std::countr_zero(m)] == emu::bits(value)) r |= m & -m;
        return (uint64_t)r;
    });
}
template <class Op> unsigned emu_reduce(int op, unsigned mask, unsigned value, Op f) {
    return (unsigned)emu::exchange(op, mask, value, [&](const uint64_t* v) {
        unsigned r = (unsigned)v[std::countr_zero(mask)];
        for (unsigned m = mask & (mask - 1); m; m &= m - 1) r = f(r, (unsigned)v[std::countr_zero(m)]);
        return (uint64_t)r;
    });
}
inline unsigned __reduce_add_sync(unsigned mask, unsigned v) { return emu_reduce(3, mask, v, [](unsigned a, unsigned b) { return a + b; }); }
inline unsigned __reduce_min_sync(unsigned mask, unsigned v) { return emu_reduce(4, mask, v, [](unsigned a, unsigned b) { return std::min(a, b); }); }
inline unsigned __reduce_max_sync(unsigned mask, unsigned v) { return emu_reduce(5, mask, v, [](unsigned a, unsigned b) { return std::max(a, b); }); }
// Width 32: lane + delta past the warp reads the caller's own value; the source lane must be in the mask.
template <class T> T __shfl_down_sync(unsigned mask, T var, unsigned delta) {
    return emu::unbits<T>(emu::exchange(6, mask, emu::bits(var), [&](const uint64_t* v) {
        unsigned src = emu::lane + delta;
        if (src >= 32) return v[emu::lane];
        if (!((mask >> src) & 1)) emu::violation("shfl source lane not in mask", 6, mask);
        return v[src];
    }));
}
