#!/usr/bin/env python3
"""Times torchvision.ops.nms on the boxes GpuBench wrote, for the GPU check's comparison line.

Usage: nms_torchvision.py BOXES_FILE IOU_THRESHOLD
BOXES_FILE: one box per line, "x1 y1 x2 y2 score". Prints two lines:
  device=<cuda|cpu> ms=<mean ms per call, float32, 20 calls> kept=<count>
  keep=<kept indices from a float64 run, comma-separated, for an exact comparison with ours>
"""
import sys
import time

import torch
import torchvision


def main():
    path, thr = sys.argv[1], float(sys.argv[2])
    rows = [line.split() for line in open(path) if line.strip()]
    dev = "cuda" if torch.cuda.is_available() else "cpu"
    b64 = torch.tensor([[float(v) for v in r[:4]] for r in rows], dtype=torch.float64, device=dev)
    s64 = torch.tensor([float(r[4]) for r in rows], dtype=torch.float64, device=dev)
    b32, s32 = b64.float(), s64.float()
    torchvision.ops.nms(b32, s32, thr)  # warm-up: CUDA context, kernel load
    if dev == "cuda":
        torch.cuda.synchronize()
    reps = 20
    t0 = time.perf_counter()
    for _ in range(reps):
        keep = torchvision.ops.nms(b32, s32, thr)
    if dev == "cuda":
        torch.cuda.synchronize()
    ms = (time.perf_counter() - t0) * 1000 / reps
    print(f"device={dev} ms={ms:.4f} kept={len(keep)}")
    keep64 = torchvision.ops.nms(b64, s64, thr).tolist()
    print("keep=" + ",".join(str(i) for i in keep64))


if __name__ == "__main__":
    main()
