#!/usr/bin/python3
"""Writes a tiny token-classification model for OnnxNerRecognizerTest (needs Debian's python3-onnx).

The "model" is one Gather: each vocabulary id looks up a fixed row of logits over the labels
O, B-PER, I-PER, B-LOC, I-LOC. It is a real ONNX graph with the inputs and output layout of a
BERT token classifier (input_ids, attention_mask, token_type_ids -> logits [batch, seq, labels]),
so the recognizer's whole path (tokenizer, session, BIO decoding, offsets) runs for real.
Run from this folder: ./make_tiny_ner.py  (writes model.onnx, tokenizer.json, config.json)
"""
import json
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]
VOCAB = ["[UNK]", "[CLS]", "[SEP]", "[PAD]", "alice", "smith", "lives", "in", "paris", "hello", "and", "bob", "london", "met"]
# The label each word should get; everything else is O.
TAGS = {"alice": "B-PER", "smith": "I-PER", "bob": "B-PER", "paris": "B-LOC", "london": "B-LOC"}

table = np.full((len(VOCAB), len(LABELS)), -4.0, dtype=np.float32)
for i, word in enumerate(VOCAB):
    table[i, LABELS.index(TAGS.get(word, "O"))] = 4.0

graph = helper.make_graph(
    [helper.make_node("Gather", ["table", "input_ids"], ["logits"], axis=0)],
    "tiny_ner",
    [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"]),
     helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"]),
     helper.make_tensor_value_info("token_type_ids", TensorProto.INT64, ["batch", "seq"])],
    [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "seq", len(LABELS)])],
    [numpy_helper.from_array(table, "table")])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="gatehouse-test")
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, "model.onnx")

special = lambda i, t: {"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                        "normalized": False, "special": True}
tokenizer = {
    "version": "1.0", "truncation": None, "padding": None,
    "added_tokens": [special(i, t) for i, t in enumerate(VOCAB[:4])],
    "normalizer": {"type": "Lowercase"},
    "pre_tokenizer": {"type": "Whitespace"},
    "post_processor": {
        "type": "TemplateProcessing",
        "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                   {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
        "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                 {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                 {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
        "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [1], "tokens": ["[CLS]"]},
                           "[SEP]": {"id": "[SEP]", "ids": [2], "tokens": ["[SEP]"]}}},
    "decoder": None,
    "model": {"type": "WordLevel", "vocab": {w: i for i, w in enumerate(VOCAB)}, "unk_token": "[UNK]"},
}
with open("tokenizer.json", "w") as f:
    json.dump(tokenizer, f, indent=1)
with open("config.json", "w") as f:
    json.dump({"architectures": ["TinyTokenClassifier"], "id2label": {str(i): l for i, l in enumerate(LABELS)}}, f, indent=1)
