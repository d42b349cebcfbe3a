// shim.h — just enough of CUDA's execution model to run a kernel source on the CPU: one std::thread per CUDA
// thread of a block, blocks one after another (so __shared__ arrays can be function statics), __syncthreads as a
// barrier, the rounding intrinsics as plain float ops (build with -ffp-contract=off). Evidence for a kernel's logic
// where no GPU is lent; it says nothing about nvcc's code generation.
#include <barrier>
#include <thread>
#include <vector>
#include <algorithm>
#include <cstdlib>
#include <cstdint>
struct dim3 { int x = 0, y = 0, z = 0; };
thread_local dim3 threadIdx, blockIdx;
dim3 blockDim, gridDim;
std::barrier<>* bar;
#define __global__
#define __shared__ static
inline void __syncthreads() { bar->arrive_and_wait(); }
inline int min(int a, int b) { return a < b ? a : b; }
inline int max(int a, int b) { return a > b ? a : b; }
inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fadd_rn(float a, float b) { return a + b; }
