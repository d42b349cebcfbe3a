package io.imgdiff.compute.cuda;

import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.PointerScope;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.bytedeco.cuda.global.cudart.cuLaunchKernel;
import static org.bytedeco.cuda.global.cudart.cuModuleGetFunction;
import static org.bytedeco.cuda.global.cudart.cuModuleLoadData;
import static org.bytedeco.cuda.global.cudart.cuModuleUnload;

/**
 * One op's kernels: the fatbin {@code /native/<op>.fatbin} (built by {@code native/build.sh} from
 * {@code native/kernels/<op>.cu}) loaded once into a context, its functions looked up once, launched with typed
 * arguments. Argument Java types map to kernel parameter types: {@code Long} → 64-bit (device pointers, long long),
 * {@code Integer} → int, {@code Float} → float, {@code Double} → double.
 */
public final class KernelModule implements AutoCloseable {

    /** The ops whose fatbins the CUDA backend needs. */
    public static final List<String> OPS = List.of("pixel_diff", "components", "nms", "crop_resize", "cosine",
            "reduce_blur");

    private final String op;
    private final CudaContext context;
    private final CUmod_st module = new CUmod_st();
    private final Map<String, CUfunc_st> functions = new HashMap<>();

    /** Loads {@code /native/<op>.fatbin} into {@code context}. */
    public KernelModule(CudaContext context, String op) {
        this.op = op;
        this.context = context;
        byte[] image = resource(op);
        if (image == null) {
            throw new IllegalStateException("kernel module " + op + ": class-path resource /native/" + op
                    + ".fatbin not found; expected native/build.sh to have built it (needs nvcc)");
        }
        context.makeCurrent();
        try (BytePointer data = new BytePointer(image.length + 1L)) {
            data.put(image).put(image.length, (byte) 0); // a trailing NUL also makes a PTX image valid
            Cuda.check("cuModuleLoadData(" + op + ".fatbin)", cuModuleLoadData(module, data));
        }
    }

    /** Ops in {@link #OPS} whose fatbin is missing from the class path. */
    public static List<String> missing() {
        List<String> out = new ArrayList<>();
        for (String op : OPS) {
            if (KernelModule.class.getResource("/native/" + op + ".fatbin") == null) {
                out.add(op);
            }
        }
        return out;
    }

    private static byte[] resource(String op) {
        try (InputStream in = KernelModule.class.getResourceAsStream("/native/" + op + ".fatbin")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading /native/" + op + ".fatbin", e);
        }
    }

    /** Launches {@code kernel} on {@code stream}; arguments as described on the class. */
    public void launch(String kernel, CUstream_st stream, int[] grid, int[] block, int sharedBytes, Object... args) {
        CUfunc_st fn = functions.computeIfAbsent(kernel, k -> {
            CUfunc_st f = new CUfunc_st();
            Cuda.check("cuModuleGetFunction(" + op + "." + k + ")", cuModuleGetFunction(f, module, k));
            return f;
        });
        // cuLaunchKernel copies the argument values before it returns, so the scope may free them right after.
        try (PointerScope scope = new PointerScope()) {
            Pointer[] values = new Pointer[args.length];
            for (int i = 0; i < args.length; i++) {
                values[i] = value(kernel, i, args[i]);
            }
            PointerPointer<Pointer> params = new PointerPointer<>(values);
            Cuda.check("cuLaunchKernel(" + op + "." + kernel + ")", cuLaunchKernel(fn, grid[0], grid[1], grid[2],
                    block[0], block[1], block[2], sharedBytes, stream, params, (PointerPointer<?>) null));
        }
    }

    private static Pointer value(String kernel, int i, Object arg) {
        if (arg instanceof Long v) {
            return new LongPointer(1).put(v);
        } else if (arg instanceof Integer v) {
            return new IntPointer(1).put(v);
        } else if (arg instanceof Float v) {
            return new FloatPointer(1).put(v);
        } else if (arg instanceof Double v) {
            return new DoublePointer(1).put(v);
        }
        throw new IllegalArgumentException(kernel + ": argument " + i + " has type "
                + (arg == null ? "null" : arg.getClass().getName())
                + "; expected Long, Integer, Float or Double");
    }

    @Override
    public void close() {
        context.makeCurrent();
        Cuda.check("cuModuleUnload(" + op + ")", cuModuleUnload(module));
    }
}
