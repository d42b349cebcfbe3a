package io.imgdiff.model.onnx;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.onnxruntime.ConstTensorTypeAndShapeInfo;
import org.bytedeco.onnxruntime.LongVector;
import org.bytedeco.onnxruntime.RunOptions;
import org.bytedeco.onnxruntime.Session;
import org.bytedeco.onnxruntime.SessionOptions;
import org.bytedeco.onnxruntime.TensorTypeAndShapeInfo;
import org.bytedeco.onnxruntime.StringVector;
import org.bytedeco.onnxruntime.TypeInfo;
import org.bytedeco.onnxruntime.Value;
import org.bytedeco.onnxruntime.ValueVector;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ONNX Runtime session on one model file, checked against the tensors a backend feeds and reads when it is
 * opened, so a model that does not fit fails at start-up with the file, the expectation and what it found.
 * {@link #run} is thread-safe (ONNX Runtime sessions are): every call allocates its native inputs and outputs in its
 * own {@link PointerScope} and copies results to the heap, so nothing native outlives the call.
 */
public final class OnnxModel implements AutoCloseable {

    /** A float32 or int64 input tensor on the heap (exactly one of {@code floats}, {@code longs} is set). */
    public record Input(String name, long[] shape, float[] floats, long[] longs) {
        public static Input floats(String name, float[] data, long... shape) {
            return new Input(name, shape, data, null);
        }

        public static Input longs(String name, long[] data, long... shape) {
            return new Input(name, shape, null, data);
        }
    }

    /** A float32 output copied to the heap. */
    public record Output(long[] shape, float[] data) {
    }

    private final Path file;
    private final String role;
    private final Session session;
    private final Map<String, TensorSpec> inputs;
    private final Map<String, TensorSpec> outputs;

    private OnnxModel(Path file, String role, Session session, Map<String, TensorSpec> inputs,
                      Map<String, TensorSpec> outputs) {
        this.file = file;
        this.role = role;
        this.session = session;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /**
     * Opens {@code file} and checks it: every expected input and output must exist with an admitted type and shape
     * ({@link TensorSpec#admits}), and the model may take no input beyond the expected ones.
     *
     * @param role what the model is for, e.g. {@code CLIP vision}, for messages
     */
    public static OnnxModel open(Path file, String role, List<TensorSpec> expectedInputs,
                                 List<TensorSpec> expectedOutputs, OnnxSettings settings) {
        OnnxEnvironment ort = OnnxEnvironment.get();
        Session session;
        try (PointerScope scope = new PointerScope(); SessionOptions options = ort.sessionOptions(settings)) {
            session = new Session(ort.env, OnnxEnvironment.path(file.toAbsolutePath().toString()), options);
            session.retainReference(); // lives past this scope, until close()
        } catch (RuntimeException e) {
            if (e instanceof IllegalStateException) {
                throw e;
            }
            throw new IllegalStateException("cannot load " + role + " model " + file.toAbsolutePath()
                    + " with ONNX Runtime: " + e.getMessage() + "; expected an ONNX model file", e);
        }
        Map<String, TensorSpec> in, out;
        try (PointerScope scope = new PointerScope()) {
            in = describe(session, true);
            out = describe(session, false);
        }
        OnnxModel model = new OnnxModel(file, role, session, in, out);
        try {
            model.check(expectedInputs, expectedOutputs);
        } catch (IllegalStateException e) {
            model.close();
            throw e;
        }
        return model;
    }

    private void check(List<TensorSpec> expectedInputs, List<TensorSpec> expectedOutputs) {
        List<String> problems = new ArrayList<>();
        for (TensorSpec want : expectedInputs) {
            TensorSpec got = inputs.get(want.name());
            if (got == null || !want.admits(got)) {
                problems.add("input " + want + " expected, found " + (got == null ? "no input '" + want.name() + "'" : got));
            }
        }
        for (String name : inputs.keySet()) {
            if (expectedInputs.stream().noneMatch(t -> t.name().equals(name))) {
                problems.add("input '" + name + "' is not one this backend feeds (expected only "
                        + expectedInputs.stream().map(TensorSpec::name).toList() + ")");
            }
        }
        for (TensorSpec want : expectedOutputs) {
            TensorSpec got = outputs.get(want.name());
            if (got == null || !want.admits(got)) {
                problems.add("output " + want + " expected, found " + (got == null ? "no output '" + want.name() + "'" : got));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("model file " + file.toAbsolutePath() + " does not fit the " + role
                    + " backend: " + String.join("; ", problems) + ". The model has inputs " + inputs.values()
                    + " and outputs " + outputs.values());
        }
    }

    private static Map<String, TensorSpec> describe(Session session, boolean inputs) {
        StringVector names = inputs ? session.GetInputNames() : session.GetOutputNames();
        Map<String, TensorSpec> specs = new LinkedHashMap<>();
        for (long i = 0; i < names.size(); i++) {
            BytePointer name = names.get(i);
            TypeInfo type = inputs ? session.GetInputTypeInfo(i) : session.GetOutputTypeInfo(i);
            ConstTensorTypeAndShapeInfo info = type.GetTensorTypeAndShapeInfo();
            long[] dims = new long[(int) info.GetDimensionsCount()];
            info.GetDimensions(dims, dims.length);
            for (int d = 0; d < dims.length; d++) {
                dims[d] = dims[d] < 1 ? TensorSpec.ANY : dims[d];
            }
            String s = name.getString();
            specs.put(s, new TensorSpec(s, info.GetElementType(), dims));
        }
        return specs;
    }

    /** The model's own description of input {@code name} (e.g. a fixed sequence length). */
    public TensorSpec input(String name) {
        return inputs.get(name);
    }

    /** The model's own description of output {@code name}. */
    public TensorSpec output(String name) {
        return outputs.get(name);
    }

    public Path file() {
        return file;
    }

    /** Runs the model once and returns the named float32 outputs, in the order asked. */
    public List<Output> run(List<Input> feeds, List<String> outputNames) {
        OnnxEnvironment ort = OnnxEnvironment.get();
        try (PointerScope scope = new PointerScope()) {
            PointerPointer<BytePointer> inNames = new PointerPointer<>(feeds.size());
            // One contiguous Ort::Value array, as Session::Run takes it; put() moves each tensor into its slot.
            Value values = new Value(feeds.size());
            for (int i = 0; i < feeds.size(); i++) {
                Input in = feeds.get(i);
                inNames.put(i, new BytePointer(in.name()));
                LongPointer shape = new LongPointer(in.shape());
                Value tensor = in.floats() != null
                        ? Value.CreateTensorFloat(ort.cpuMemory.asOrtMemoryInfo(), new FloatPointer(in.floats()),
                        in.floats().length, shape, in.shape().length)
                        : Value.CreateTensorLong(ort.cpuMemory.asOrtMemoryInfo(), new LongPointer(in.longs()),
                        in.longs().length, shape, in.shape().length);
                values.position(i).put(tensor);
            }
            values.position(0);
            PointerPointer<BytePointer> outNames = new PointerPointer<>(outputNames.size());
            for (int i = 0; i < outputNames.size(); i++) {
                outNames.put(i, new BytePointer(outputNames.get(i)));
            }
            ValueVector results;
            try {
                results = session.Run(new RunOptions(), inNames, values, feeds.size(), outNames, outputNames.size());
            } catch (RuntimeException e) {
                throw new IllegalStateException(role + " model " + file.toAbsolutePath() + " failed to run: "
                        + e.getMessage(), e);
            }
            List<Output> out = new ArrayList<>(outputNames.size());
            for (int i = 0; i < outputNames.size(); i++) {
                out.add(copy(results.get(i), outputNames.get(i)));
            }
            return out;
        }
    }

    private Output copy(Value value, String name) {
        TensorTypeAndShapeInfo info = value.GetTensorTypeAndShapeInfo();
        LongVector shapeVector = info.GetShape();
        long[] shape = new long[(int) shapeVector.size()];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = shapeVector.get(d);
        }
        if (info.GetElementType() != TensorSpec.FLOAT) {
            throw new IllegalStateException(role + " model " + file.toAbsolutePath() + ": output '" + name + "' is "
                    + TensorSpec.typeName(info.GetElementType()) + ", expected float32");
        }
        long count = info.GetElementCount();
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(role + " model " + file.toAbsolutePath() + ": output '" + name + "' has "
                    + count + " elements, more than one Java array holds");
        }
        float[] data = new float[(int) count];
        FloatPointer p = value.GetTensorMutableDataFloat();
        p.capacity(count).get(data);
        return new Output(shape, data);
    }

    @Override
    public void close() {
        session.releaseReference();
    }
}
