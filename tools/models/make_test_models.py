#!/usr/bin/python3
"""Writes the tiny random-weight ONNX models and tokenizer the model-backend tests run on.

They have the input/output names, ranks and dtypes of the real exports (CLIP vision and text from optimum,
FastSAM's YOLOv8-seg head from ultralytics) so the Java backends load them exactly as they load the real ones, but
weigh kilobytes, so the tests need neither Python nor a model hub. Built with the `onnx` package's helper API alone
(Debian: apt-get install -y python3-onnx; run with /usr/bin/python3). Deterministic: fixed seeds, so re-running
rewrites identical files.

    /usr/bin/python3 tools/models/make_test_models.py src/test/resources/models
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
EMBED_DIM = 32
CONTEXT = 77

# Words of the test tokenizer; ids follow the three special tokens.
WORDS = ("a photo of an the cat dog car tree house bird boat chair cup clock red blue green small big "
         "on in with and man woman table lamp bicycle horse sheep apple").split()

# FastSAM test head: anchors (cx, cy, w, h, confidence) in the 1024x1024 letterboxed input. The Java test
# derives its expectations from these by hand (see OnnxFastSamProposerTest).
ANCHORS = [
    (256.0, 384.0, 128.0, 128.0, 0.90),   # kept
    (268.8, 384.0, 128.0, 128.0, 0.80),   # IoU 0.82 with the first: suppressed
    (640.0, 512.0, 256.0, 128.0, 0.05),   # exactly at the confidence threshold: kept
    (100.0, 900.0, 64.0, 64.0, 0.04),     # below the threshold: dropped
    (960.0, 160.0, 192.0, 128.0, 0.70),   # crosses the right edge and the top padding: clipped
    (300.8, 384.0, 128.0, 128.0, 0.60),   # IoU 0.48 with the first: kept
    (294.4, 384.0, 128.0, 128.0, 0.50),   # IoU 0.54 with the first: suppressed
]
MASK_COEFFS = 32


def model(graph, path):
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="imgdiff-test")
    m.ir_version = 8
    onnx.checker.check_model(m)
    onnx.save(m, path)
    print(f"{path}: {os.path.getsize(path)} bytes")


def clip_vision(path, rng):
    """ViT-B/32-like: a 32x32 stride-32 patch convolution, ReLU, flatten, projection to image_embeds [N, 32]."""
    channels = 16
    w = numpy_helper.from_array((rng.standard_normal((channels, 3, 32, 32)) * 0.02).astype(np.float32), "patch_w")
    p = numpy_helper.from_array((rng.standard_normal((channels * 7 * 7, EMBED_DIM)) * 0.05).astype(np.float32), "proj")
    b = numpy_helper.from_array((rng.standard_normal((EMBED_DIM,)) * 0.1).astype(np.float32), "proj_b")
    nodes = [
        helper.make_node("Conv", ["pixel_values", "patch_w"], ["patches"], kernel_shape=[32, 32], strides=[32, 32]),
        helper.make_node("Relu", ["patches"], ["act"]),
        helper.make_node("Flatten", ["act"], ["flat"], axis=1),
        helper.make_node("MatMul", ["flat", "proj"], ["projected"]),
        helper.make_node("Add", ["projected", "proj_b"], ["image_embeds"]),
    ]
    g = helper.make_graph(nodes, "clip_vision_test",
                          [helper.make_tensor_value_info("pixel_values", TensorProto.FLOAT, ["batch", 3, 224, 224])],
                          [helper.make_tensor_value_info("image_embeds", TensorProto.FLOAT, ["batch", EMBED_DIM])],
                          [w, p, b])
    model(g, path)


def clip_text(path, rng, vocab):
    """Token embedding, mean over attended positions, projection to text_embeds [N, 32]."""
    hidden = 24
    e = numpy_helper.from_array(rng.standard_normal((vocab, hidden)).astype(np.float32), "tok_emb")
    p = numpy_helper.from_array((rng.standard_normal((hidden, EMBED_DIM)) * 0.3).astype(np.float32), "proj")
    axes1 = numpy_helper.from_array(np.array([1], dtype=np.int64), "axes1")
    axes2 = numpy_helper.from_array(np.array([2], dtype=np.int64), "axes2")
    nodes = [
        helper.make_node("Gather", ["tok_emb", "input_ids"], ["tokens"]),
        helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_f", "axes2"], ["mask3"]),
        helper.make_node("Mul", ["tokens", "mask3"], ["masked"]),
        helper.make_node("ReduceSum", ["masked", "axes1"], ["summed"], keepdims=0),
        helper.make_node("ReduceSum", ["mask3", "axes1"], ["count"], keepdims=0),
        helper.make_node("Div", ["summed", "count"], ["pooled"]),
        helper.make_node("MatMul", ["pooled", "proj"], ["text_embeds"]),
    ]
    g = helper.make_graph(nodes, "clip_text_test",
                          [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
                           helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"])],
                          [helper.make_tensor_value_info("text_embeds", TensorProto.FLOAT, ["batch", EMBED_DIM])],
                          [e, p, axes1, axes2])
    model(g, path)


def fastsam(path):
    """YOLOv8-seg-shaped head whose boxes are constants: output0 = C + 0 * mean(images); protos all zero."""
    c = np.zeros((1, 4 + 1 + MASK_COEFFS, len(ANCHORS)), dtype=np.float32)
    for i, (cx, cy, w, h, conf) in enumerate(ANCHORS):
        c[0, 0:5, i] = (cx, cy, w, h, conf)
        c[0, 5:, i] = 0.01 * (i + 1)  # mask coefficients: present, unused by the proposer
    inits = [numpy_helper.from_array(c, "anchors"),
             numpy_helper.from_array(np.array([0.0], dtype=np.float32), "zero"),
             numpy_helper.from_array(np.array([1, MASK_COEFFS, 256, 256], dtype=np.int64), "proto_shape")]
    nodes = [
        helper.make_node("ReduceMean", ["images"], ["mean"], axes=[1, 2, 3], keepdims=0),
        helper.make_node("Mul", ["mean", "zero"], ["nothing"]),
        helper.make_node("Add", ["anchors", "nothing"], ["output0"]),
        helper.make_node("ConstantOfShape", ["proto_shape"], ["output1"],
                         value=numpy_helper.from_array(np.array([0.0], dtype=np.float32))),
    ]
    g = helper.make_graph(nodes, "fastsam_test",
                          [helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, 1024, 1024])],
                          [helper.make_tensor_value_info("output0", TensorProto.FLOAT,
                                                         [1, 4 + 1 + MASK_COEFFS, len(ANCHORS)]),
                           helper.make_tensor_value_info("output1", TensorProto.FLOAT, [1, MASK_COEFFS, 256, 256])],
                          inits)
    model(g, path)


def wrong(path):
    """A classifier that fits none of the backends: input images int64 [1, 3, 640, 640], output logits [1, 10]."""
    nodes = [
        helper.make_node("Cast", ["images"], ["f"], to=TensorProto.FLOAT),
        helper.make_node("ReduceMean", ["f"], ["m"], axes=[2, 3], keepdims=0),
        helper.make_node("MatMul", ["m", "w"], ["logits"]),
    ]
    w = numpy_helper.from_array(np.ones((3, 10), dtype=np.float32), "w")
    g = helper.make_graph(nodes, "wrong_test",
                          [helper.make_tensor_value_info("images", TensorProto.INT64, [1, 3, 640, 640])],
                          [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 10])], [w])
    model(g, path)


def tokenizer(path):
    """A WordLevel tokenizer.json with CLIP's special tokens, lower-casing and <|startoftext|> ... <|endoftext|>."""
    specials = ["<|startoftext|>", "<|endoftext|>", "<|unk|>"]
    vocab = {t: i for i, t in enumerate(specials + WORDS)}
    special = lambda t: {"SpecialToken": {"id": t, "type_id": 0}}
    doc = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{"id": vocab[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": False, "special": True} for t in specials],
        "normalizer": {"type": "Lowercase"},
        "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [special(specials[0]), {"Sequence": {"id": "A", "type_id": 0}}, special(specials[1])],
            "pair": [special(specials[0]), {"Sequence": {"id": "A", "type_id": 0}}, special(specials[1]),
                     {"Sequence": {"id": "B", "type_id": 0}}, special(specials[1])],
            "special_tokens": {t: {"id": t, "ids": [vocab[t]], "tokens": [t]} for t in specials[:2]},
        },
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": vocab, "unk_token": "<|unk|>"},
    }
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
    print(f"{path}: {os.path.getsize(path)} bytes, {len(vocab)} tokens")
    return len(vocab)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/models"
    os.makedirs(out, exist_ok=True)
    vocab = tokenizer(os.path.join(out, "tokenizer.json"))
    clip_vision(os.path.join(out, "clip_vision_test.onnx"), np.random.default_rng(1))
    clip_text(os.path.join(out, "clip_text_test.onnx"), np.random.default_rng(2), vocab)
    fastsam(os.path.join(out, "fastsam_test.onnx"))
    wrong(os.path.join(out, "wrong_test.onnx"))


if __name__ == "__main__":
    main()
