package io.imgdiff.compute.cuda;

import java.util.Map;

/**
 * Turns CUDA driver API result codes into exceptions that name the failing function. Names come from a table
 * here rather than {@code cuGetErrorName}: a stub {@code libcuda.so.1} may lack that symbol, and calling a missing
 * lazily bound symbol kills the JVM.
 */
public final class Cuda {

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "CUDA_SUCCESS"), Map.entry(1, "CUDA_ERROR_INVALID_VALUE"),
            Map.entry(2, "CUDA_ERROR_OUT_OF_MEMORY"), Map.entry(3, "CUDA_ERROR_NOT_INITIALIZED"),
            Map.entry(4, "CUDA_ERROR_DEINITIALIZED"), Map.entry(34, "CUDA_ERROR_STUB_LIBRARY"),
            Map.entry(46, "CUDA_ERROR_DEVICE_UNAVAILABLE"), Map.entry(100, "CUDA_ERROR_NO_DEVICE"),
            Map.entry(101, "CUDA_ERROR_INVALID_DEVICE"), Map.entry(200, "CUDA_ERROR_INVALID_IMAGE"),
            Map.entry(201, "CUDA_ERROR_INVALID_CONTEXT"), Map.entry(209, "CUDA_ERROR_NO_BINARY_FOR_GPU"),
            Map.entry(218, "CUDA_ERROR_INVALID_PTX"), Map.entry(221, "CUDA_ERROR_JIT_COMPILER_NOT_FOUND"),
            Map.entry(222, "CUDA_ERROR_UNSUPPORTED_PTX_VERSION"), Map.entry(500, "CUDA_ERROR_NOT_FOUND"),
            Map.entry(600, "CUDA_ERROR_NOT_READY"), Map.entry(700, "CUDA_ERROR_ILLEGAL_ADDRESS"),
            Map.entry(701, "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES"), Map.entry(702, "CUDA_ERROR_LAUNCH_TIMEOUT"),
            Map.entry(715, "CUDA_ERROR_ILLEGAL_INSTRUCTION"), Map.entry(716, "CUDA_ERROR_MISALIGNED_ADDRESS"),
            Map.entry(719, "CUDA_ERROR_LAUNCH_FAILED"), Map.entry(803, "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH"),
            Map.entry(804, "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE"), Map.entry(999, "CUDA_ERROR_UNKNOWN"));

    private Cuda() {
    }

    /** A failed driver call: {@link #function()} returned {@link #code()}. */
    public static final class CudaException extends RuntimeException {
        private final String function;
        private final int code;

        CudaException(String function, int code) {
            super(function + " failed: " + name(code) + " (" + code + "), expected CUDA_SUCCESS (0)");
            this.function = function;
            this.code = code;
        }

        public String function() {
            return function;
        }

        public int code() {
            return code;
        }
    }

    /** Throws {@link CudaException} naming {@code function} unless {@code rc} is CUDA_SUCCESS. */
    public static void check(String function, int rc) {
        if (rc != 0) {
            throw new CudaException(function, rc);
        }
    }

    /** The symbolic name of a CUresult, or {@code CUresult <n>} for codes not in the table. */
    public static String name(int rc) {
        return NAMES.getOrDefault(rc, "CUresult " + rc);
    }
}
