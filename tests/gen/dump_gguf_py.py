"""Dumps the header facts of every file in a directory as the reference readers see them:
GGUF through gguf-py's GGUFReader (llama.cpp's own reader), safetensors through the
`safetensors` package. Output: one JSON object, file name to facts, in the field names of
model-headers' HeaderFacts, so the Rust cross-check compares them key by key.

Usage: python dump_gguf_py.py DIR OUT.json
"""

import json
import sys
from collections import Counter
from pathlib import Path

from gguf import GGUFReader
from safetensors import safe_open


def field(reader, key):
    f = reader.get_field(key)
    if f is None:
        return None
    v = f.contents()
    if isinstance(v, float):
        return v
    return v


def gguf_facts(path: Path) -> dict:
    r = GGUFReader(path)
    arch = field(r, "general.architecture")
    out = {
        "format": "gguf",
        "version": int(field(r, "GGUF.version")),
        "architecture": arch,
        "parameters": int(sum(int(t.n_elements) for t in r.tensors)),
        "weightsBytes": int(sum(int(t.n_bytes) for t in r.tensors)),
        "tensorCount": len(r.tensors),
        "tensorTypes": dict(Counter(t.tensor_type.name for t in r.tensors)),
        "headerBytes": int(r.data_offset),
    }
    for name, key in [("name", "general.name"), ("fileType", "general.file_type")]:
        v = field(r, key)
        if v is not None:
            out[name] = v
    if arch:
        for name, suffix in [("contextLength", "context_length"), ("blockCount", "block_count"),
                             ("embeddingLength", "embedding_length"), ("feedForwardLength", "feed_forward_length"),
                             ("headCount", "attention.head_count"), ("headCountKv", "attention.head_count_kv"),
                             ("keyLength", "attention.key_length"), ("valueLength", "attention.value_length"),
                             ("slidingWindow", "attention.sliding_window"),
                             ("slidingWindowPattern", "attention.sliding_window_pattern"),
                             ("expertCount", "expert_count"), ("expertUsedCount", "expert_used_count")]:
            v = field(r, f"{arch}.{suffix}")
            out[name] = v
    tokens = r.get_field("tokenizer.ggml.tokens")
    if tokens is not None:
        out["vocabSize"] = len(tokens.data)
    count = field(r, "split.count")
    if count is not None:
        out["split"] = {"no": field(r, "split.no"), "count": count, "tensors": field(r, "split.tensors.count")}
    return out


def safetensors_facts(path: Path) -> dict:
    types, params = Counter(), Counter()
    with safe_open(str(path), framework="numpy") as f:
        metadata = f.metadata() or {}
        names = list(f.keys())
        for name in names:
            s = f.get_slice(name)
            dtype, shape = s.get_dtype(), s.get_shape()
            n = 1
            for d in shape:
                n *= d
            types[dtype] += 1
            params[dtype] += n
    raw = path.read_bytes()
    header_len = int.from_bytes(raw[:8], "little")
    out = {
        "format": "safetensors",
        "parameters": sum(params.values()),
        "tensorCount": len(names),
        "tensorTypes": dict(types),
        "parametersByType": dict(params),
        "headerBytes": 8 + header_len,
        # The data section is exactly the tensors' bytes (safetensors rejects gaps).
        "weightsBytes": len(raw) - 8 - header_len,
    }
    if metadata:
        out["metadata"] = metadata
    return out


def main() -> None:
    root, target = Path(sys.argv[1]), Path(sys.argv[2])
    result = {}
    for path in sorted(root.iterdir()):
        try:
            if path.suffix == ".gguf":
                result[path.name] = gguf_facts(path)
            elif path.suffix == ".safetensors":
                result[path.name] = safetensors_facts(path)
        except Exception as e:  # recorded: the Rust test says which files a peer cannot read
            result[path.name] = {"error": f"{type(e).__name__}: {e}"}
    target.write_text(json.dumps(result, indent=1, sort_keys=True))
    print(f"gguf-py / safetensors: {len(result)} files -> {target}")


if __name__ == "__main__":
    main()
