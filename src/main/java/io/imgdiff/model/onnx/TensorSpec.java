package io.imgdiff.model.onnx;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Name, element type and shape of a model input or output. A dimension of {@link #ANY} is dynamic (symbolic in the
 * model, or "any size" in an expectation).
 *
 * @param name        tensor name in the graph
 * @param elementType ONNX element type code ({@link #FLOAT}, {@link #INT64}, ...)
 * @param dims        shape; {@link #ANY} for a dynamic dimension
 */
public record TensorSpec(String name, int elementType, long[] dims) {

    /** ONNX {@code TensorProto.FLOAT}. */
    public static final int FLOAT = 1;
    /** ONNX {@code TensorProto.INT64}. */
    public static final int INT64 = 7;
    /** A dimension of any size. */
    public static final long ANY = -1;

    private static final String[] TYPE_NAMES = {"undefined", "float32", "uint8", "int8", "uint16", "int16", "int32",
            "int64", "string", "bool", "float16", "float64", "uint32", "uint64", "complex64", "complex128", "bfloat16"};

    public static TensorSpec of(String name, int elementType, long... dims) {
        return new TensorSpec(name, elementType, dims);
    }

    /** Whether a model tensor {@code found} can take this expectation: same type, rank, and equal fixed dims. */
    boolean admits(TensorSpec found) {
        if (found.elementType != elementType || found.dims.length != dims.length) {
            return false;
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] != ANY && found.dims[i] != ANY && dims[i] != found.dims[i]) {
                return false;
            }
        }
        return true;
    }

    /** e.g. {@code pixel_values float32 [?,3,224,224]}. */
    @Override
    public String toString() {
        return name + " " + typeName(elementType) + " "
                + Arrays.stream(dims).mapToObj(d -> d < 0 ? "?" : Long.toString(d)).collect(Collectors.joining(",", "[", "]"));
    }

    static String typeName(int type) {
        return type >= 0 && type < TYPE_NAMES.length ? TYPE_NAMES[type] : "type#" + type;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && t.name.equals(name) && t.elementType == elementType
                && Arrays.equals(t.dims, dims);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(dims) + elementType;
    }
}
