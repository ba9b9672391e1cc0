"""Writes the GGUF and safetensors files the header tests read, with the real writers:
llama.cpp's own `gguf` package (GGUFWriter) and the `safetensors` package; and a model
directory and a HuggingFace cache of them, laid out with huggingface_hub's own cache helpers
and checked with its cache scanner.

Usage: python make_headers.py OUT_DIR

Tensors are small (a few blocks) but every type is real: quantized tensors are written as raw
bytes of exactly the size gguf's GGML_QUANT_SIZES gives per block, with `raw_dtype`, so the
tensor table says what a real quantized file says. Nothing here is committed; `cargo xtask test`
runs this into target/header-data.
"""

import hashlib
import json
import os
import sys
from pathlib import Path

import numpy as np
import gguf
from gguf import GGMLQuantizationType as Q, GGML_QUANT_SIZES, GGUFWriter, GGUFValueType as V
import safetensors
from huggingface_hub import file_download as hf_file_download, scan_cache_dir, try_to_load_from_cache


def quant(rows: int, cols: int, qtype: Q, seed: int) -> np.ndarray:
    """Raw bytes of a `rows x cols` tensor of `qtype` (cols a multiple of the block size)."""
    block, size = GGML_QUANT_SIZES[qtype]
    assert cols % block == 0, (qtype, cols, block)
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, size=(rows, cols // block * size), dtype=np.uint8)


def add(w: GGUFWriter, name: str, rows: int, cols: int, qtype: Q, seed: int = 0) -> None:
    if qtype == Q.F32:
        w.add_tensor(name, np.full((rows, cols), 0.5, dtype=np.float32))
    elif qtype == Q.F16:
        w.add_tensor(name, np.full((rows, cols), 0.5, dtype=np.float16))
    else:
        w.add_tensor(name, quant(rows, cols, qtype, seed), raw_dtype=qtype)


def finish(w: GGUFWriter) -> None:
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def tokenizer(w: GGUFWriter, n: int) -> None:
    w.add_tokenizer_model("llama")
    w.add_token_list([f"tok{i}" for i in range(n)])
    w.add_token_scores([float(-i) for i in range(n)])
    w.add_token_types([1] * n)


def llama_k_quants(out: Path) -> None:
    """A small llama-shaped Q4_K_M file: k-quants, F32 norms, F16 embeddings, and metadata of
    every value type, including nested arrays and per-layer head counts."""
    w = GGUFWriter(out / "tiny-llama-Q4_K_M.gguf", "llama")
    w.add_name("Tiny Llama")
    w.add_file_type(gguf.LlamaFileType.MOSTLY_Q4_K_M)
    w.add_context_length(4096)
    w.add_block_count(2)
    w.add_embedding_length(256)
    w.add_feed_forward_length(512)
    w.add_head_count(8)
    w.add_head_count_kv(2)
    w.add_rope_dimension_count(32)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_rope_freq_base(500000.0)
    tokenizer(w, 300)
    # Every metadata value type, for the reader (the facts ignore these keys).
    w.add_uint8("test.u8", 200)
    w.add_int8("test.i8", -100)
    w.add_uint16("test.u16", 60000)
    w.add_int16("test.i16", -30000)
    w.add_uint32("test.u32", 4000000000)
    w.add_int32("test.i32", -2000000000)
    w.add_float32("test.f32", 1.5)
    w.add_uint64("test.u64", 2**63 + 5)
    w.add_int64("test.i64", -(2**62))
    w.add_float64("test.f64", 2.25)
    w.add_bool("test.bool", True)
    w.add_string("test.string", "héllo")
    w.add_key_value("test.nested", [[1, 2], [3, 4, 5], [6]], V.ARRAY, sub_type=V.ARRAY)
    w.add_key_value("test.strings", ["a", "", "ü"], V.ARRAY, sub_type=V.STRING)
    w.add_key_value("test.bools", [True, False], V.ARRAY, sub_type=V.BOOL)
    w.add_tensor("token_embd.weight", np.zeros((300, 256), dtype=np.float16))
    for layer in range(2):
        p = f"blk.{layer}."
        add(w, p + "attn_norm.weight", 1, 256, Q.F32)
        add(w, p + "attn_q.weight", 256, 256, Q.Q4_K, layer)
        add(w, p + "attn_k.weight", 64, 256, Q.Q4_K, layer)
        add(w, p + "attn_v.weight", 64, 256, Q.Q6_K, layer)
        add(w, p + "attn_output.weight", 256, 256, Q.Q4_K, layer)
        add(w, p + "ffn_norm.weight", 1, 256, Q.F32)
        add(w, p + "ffn_gate.weight", 512, 256, Q.Q4_K, layer)
        add(w, p + "ffn_up.weight", 512, 256, Q.Q4_K, layer)
        add(w, p + "ffn_down.weight", 256, 512, Q.Q6_K, layer)
    add(w, "output_norm.weight", 1, 256, Q.F32)
    add(w, "output.weight", 300, 256, Q.Q6_K)
    finish(w)


def qwen3_quant(path: Path, mixed: bool) -> None:
    """A qwen3-shaped file named like Unsloth's quants. `mixed`: named like a dynamic quant
    (`UD-Q4_K_XL`: the name says k-quant) while some tensors are IQ4_XS, as in Unsloth's
    UD files; else a plain Q4_K_M whose tensors are all k-quants."""
    w = GGUFWriter(path, "qwen3")
    w.add_name("Qwen3 0.6B")
    w.add_file_type(gguf.LlamaFileType.MOSTLY_Q4_K_M)
    w.add_context_length(40960)
    w.add_block_count(3)
    w.add_embedding_length(256)
    w.add_feed_forward_length(768)
    w.add_head_count(16)
    w.add_head_count_kv(8)
    w.add_key_length(128)
    w.add_value_length(128)
    tokenizer(w, 512)
    iq = Q.IQ4_XS if mixed else Q.Q4_K
    w.add_tensor("token_embd.weight", quant(512, 256, Q.Q6_K, 1), raw_dtype=Q.Q6_K)
    for layer in range(3):
        p = f"blk.{layer}."
        add(w, p + "attn_norm.weight", 1, 256, Q.F32)
        add(w, p + "attn_q.weight", 2048, 256, iq if layer == 1 else Q.Q4_K, layer)
        add(w, p + "attn_k.weight", 1024, 256, Q.Q4_K, layer)
        add(w, p + "attn_v.weight", 1024, 256, Q.Q8_0, layer)
        add(w, p + "attn_output.weight", 256, 2048, iq, layer)
        add(w, p + "ffn_gate.weight", 768, 256, iq if layer != 0 else Q.Q4_K, layer)
        add(w, p + "ffn_up.weight", 768, 256, Q.Q5_K, layer)
        add(w, p + "ffn_down.weight", 256, 768, Q.Q6_K, layer)
        w.add_tensor(p + "attn_q_norm.weight", np.ones((128,), dtype=np.float32))
    add(w, "output_norm.weight", 1, 256, Q.F32)
    finish(w)


def unsloth_ud(out: Path) -> None:
    """Named like Unsloth's dynamic quants: the name says Q4_K_XL, 6 tensors are IQ4_XS."""
    qwen3_quant(out / "Qwen3-0.6B-UD-Q4_K_XL.gguf", mixed=True)


def qwen3_q4_k_m(out: Path) -> None:
    """The same model as a plain Q4_K_M: every tensor a type candle loads."""
    qwen3_quant(out / "Qwen3-0.6B-Q4_K_M.gguf", mixed=False)


def gemma3(out: Path) -> None:
    """gemma3 with a sliding window: 5 local layers to 1 global."""
    w = GGUFWriter(out / "gemma-3-tiny-Q8_0.gguf", "gemma3")
    w.add_file_type(gguf.LlamaFileType.MOSTLY_Q8_0)
    w.add_context_length(131072)
    w.add_block_count(6)
    w.add_embedding_length(256)
    w.add_feed_forward_length(1024)
    w.add_head_count(4)
    w.add_head_count_kv(1)
    w.add_key_length(256)
    w.add_value_length(256)
    w.add_sliding_window(1024)
    w.add_sliding_window_pattern(6)
    tokenizer(w, 256)
    add(w, "token_embd.weight", 256, 256, Q.Q8_0)
    for layer in range(6):
        add(w, f"blk.{layer}.attn_q.weight", 1024, 256, Q.Q8_0, layer)
        add(w, f"blk.{layer}.attn_k.weight", 256, 256, Q.Q8_0, layer)
        add(w, f"blk.{layer}.attn_norm.weight", 1, 256, Q.F32)
    finish(w)


def per_layer(out: Path) -> None:
    """Per-layer KV heads and a per-layer sliding pattern (the array forms; LFM2, Gemma 3n)."""
    w = GGUFWriter(out / "hybrid-per-layer-BF16.gguf", "lfm2")
    w.add_file_type(gguf.LlamaFileType.MOSTLY_BF16)
    w.add_context_length(32768)
    w.add_block_count(4)
    w.add_embedding_length(128)
    w.add_head_count(8)
    w.add_head_count_kv([0, 2, 0, 2])
    w.add_sliding_window(512)
    w.add_sliding_window_pattern([True, False, True, False])
    w.add_expert_count(8)
    w.add_expert_used_count(2)
    for layer in range(4):
        add(w, f"blk.{layer}.ffn_gate_exps.weight", 8 * 64, 128, Q.BF16, layer)
    finish(w)


def every_type(out: Path) -> None:
    """One tensor of every type gguf knows (a row of two blocks each)."""
    w = GGUFWriter(out / "every-type.gguf", "llama")
    w.add_block_count(1)
    for i, qtype in enumerate(sorted(GGML_QUANT_SIZES, key=int)):
        block, _ = GGML_QUANT_SIZES[qtype]
        cols = max(block, 1) * 2
        if qtype in (Q.F32, Q.F16):
            add(w, f"t.{qtype.name}", 3, cols, qtype)
        else:
            w.add_tensor(f"t.{qtype.name}", quant(3, cols, qtype, i), raw_dtype=qtype)
    finish(w)


def unknown_type(out: Path) -> None:
    """A tensor whose type id (31, the removed Q4_0_4_4) no current table knows: GGUFWriter
    writes any id given as raw_dtype with a non-uint8 array."""
    w = GGUFWriter(out / "unknown-type.gguf", "llama")
    add(w, "a.weight", 2, 32, Q.Q4_0)
    w.add_tensor("b.weight", np.zeros((2, 32), dtype=np.float32), raw_dtype=31)
    finish(w)


def split(out: Path) -> None:
    """Shards written by GGUFWriter's own splitting (split.no / split.count keys)."""
    w = GGUFWriter(out / "split-model.gguf", "llama", split_max_tensors=3)
    w.add_context_length(2048)
    w.add_block_count(2)
    w.add_embedding_length(256)
    w.add_head_count(4)
    w.add_head_count_kv(4)
    tokenizer(w, 64)
    add(w, "token_embd.weight", 64, 256, Q.Q8_0)
    for layer in range(2):
        add(w, f"blk.{layer}.attn_q.weight", 256, 256, Q.Q4_K, layer)
        add(w, f"blk.{layer}.attn_k.weight", 256, 256, Q.Q5_K, layer)
        add(w, f"blk.{layer}.ffn_down.weight", 256, 256, Q.Q6_K, layer)
    finish(w)


def vocab_only(out: Path) -> None:
    """Like llama.cpp's `--vocab-only` conversions: tokenizer metadata, no tensors."""
    w = GGUFWriter(out / "ggml-vocab-llama.gguf", "llama")
    w.add_context_length(4096)
    w.add_block_count(32)
    tokenizer(w, 1000)
    w.add_token_merges([f"a{i} b{i}" for i in range(500)])
    finish(w)


def big(out: Path) -> None:
    """Header of real shape for the bench: a 150k-token vocabulary with merges, scores and types,
    and 3000 tensors (small ones: the header is what is measured)."""
    n = 151_936
    w = GGUFWriter(out / "big-header-Q4_K_M.gguf", "qwen2")
    w.add_file_type(gguf.LlamaFileType.MOSTLY_Q4_K_M)
    w.add_context_length(32768)
    w.add_block_count(300)
    w.add_embedding_length(256)
    w.add_head_count(28)
    w.add_head_count_kv(4)
    w.add_tokenizer_model("gpt2")
    w.add_token_list([f"\u0120token_{i:06d}" for i in range(n)])
    w.add_token_types([1] * n)
    w.add_token_merges([f"\u0120t{i} oken{i}" for i in range(150_000)])
    types = [Q.Q4_K, Q.Q6_K, Q.Q5_K, Q.F32, Q.Q8_0, Q.IQ4_XS]
    for i in range(3000):
        qtype = types[i % len(types)]
        add(w, f"blk.{i // 10}.t{i % 10}.weight", 1, 256, qtype, i)
    finish(w)


def big_endian(out: Path) -> None:
    """GGUF v3 allows big-endian files; GGUFWriter writes them."""
    w = GGUFWriter(out / "big-endian-F32.gguf", "llama", endianess=gguf.GGUFEndian.BIG)
    w.add_context_length(1024)
    w.add_block_count(1)
    w.add_head_count_kv([1, 2])
    w.add_tensor("a.weight", np.ones((4, 8), dtype=np.float32).byteswap(), tensor_endianess=gguf.GGUFEndian.BIG)
    finish(w)


def version2(out: Path) -> None:
    """GGUF v2: the same layout as little-endian v3 (v3 only added big-endian files), so a v3 file
    from GGUFWriter with its version field set to 2 is a v2 file."""
    src = out / "v2-model.gguf"
    w = GGUFWriter(src, "llama")
    w.add_context_length(2048)
    w.add_block_count(1)
    add(w, "a.weight", 4, 256, Q.Q4_K)
    finish(w)
    data = bytearray(src.read_bytes())
    assert data[4:8] == (3).to_bytes(4, "little")
    data[4:8] = (2).to_bytes(4, "little")
    src.write_bytes(bytes(data))


# safetensors' TensorSpec takes framework dtype names; the header stores these codes.
ST_NAMES = {"BF16": "bfloat16", "F16": "float16", "F32": "float32", "I32": "int32", "I8": "int8", "U8": "uint8",
            "F8_E4M3": "float8_e4m3fn", "F8_E5M2": "float8_e5m2"}


def st(path: Path, tensors: dict, metadata=None) -> None:
    """safetensors' own serializer, given raw bytes and a dtype (so BF16 and F8 need no torch)."""
    rng = np.random.default_rng(0)
    buffers, specs = [], {}
    for name, (dtype, shape, nbytes) in tensors.items():
        data = rng.integers(0, 256, nbytes, dtype=np.uint8)
        buffers.append(data)
        specs[name] = safetensors.TensorSpec(dtype=ST_NAMES[dtype], shape=list(shape), data_ptr=data.ctypes.data,
                                             data_len=nbytes)
    safetensors.serialize_file(specs, str(path), metadata=metadata)
    del buffers


def safetensors_files(out: Path) -> None:
    st(out / "dense-bf16.safetensors", {
        "model.embed_tokens.weight": ("BF16", (128, 64), 128 * 64 * 2),
        "model.layers.0.mlp.down_proj.weight": ("BF16", (64, 256), 64 * 256 * 2),
        "model.norm.weight": ("F32", (64,), 64 * 4),
    }, {"format": "pt"})
    st(out / "fp8.safetensors", {
        "model.layers.0.mlp.down_proj.weight": ("F8_E4M3", (64, 256), 64 * 256),
        "model.layers.0.mlp.down_proj.weight_scale_inv": ("F32", (1, 2), 8),
        "model.norm.weight": ("BF16", (64,), 128),
    })
    gptq = {
        "model.layers.0.self_attn.q_proj.qweight": ("I32", (32, 256), 32 * 256 * 4),
        "model.layers.0.self_attn.q_proj.qzeros": ("I32", (2, 32), 2 * 32 * 4),
        "model.layers.0.self_attn.q_proj.scales": ("F16", (2, 256), 2 * 256 * 2),
    }
    st(out / "awq.safetensors", gptq)
    st(out / "gptq.safetensors", {**gptq, "model.layers.0.self_attn.q_proj.g_idx": ("I32", (256,), 256 * 4)})
    st(out / "bnb-nf4.safetensors", {
        "model.layers.0.mlp.up_proj.weight": ("U8", (8192, 1), 8192),
        "model.layers.0.mlp.up_proj.weight.absmax": ("F32", (256,), 1024),
        "model.layers.0.mlp.up_proj.weight.quant_map": ("F32", (16,), 64),
        "model.layers.0.mlp.up_proj.weight.quant_state.bitsandbytes__nf4": ("U8", (100,), 100),
    })
    st(out / "bnb-int8.safetensors", {
        "model.layers.0.mlp.up_proj.weight": ("I8", (128, 64), 128 * 64),
        "model.layers.0.mlp.up_proj.SCB": ("F32", (128,), 512),
    })
    st(out / "nvfp4.safetensors", {
        "model.layers.0.mlp.up_proj.weight": ("U8", (128, 32), 128 * 32),
        "model.layers.0.mlp.up_proj.weight_scale": ("F8_E4M3", (128, 4), 128 * 4),
        "model.layers.0.mlp.up_proj.weight_scale_2": ("F32", (), 4),
    })


# A Qwen3-0.6B-shaped config.json (transformers' Qwen3Config keys), sized like the tensors below.
QWEN3_CONFIG = {
    "architectures": ["Qwen3ForCausalLM"],
    "model_type": "qwen3",
    "hidden_size": 256,
    "intermediate_size": 768,
    "num_hidden_layers": 3,
    "num_attention_heads": 16,
    "num_key_value_heads": 8,
    "head_dim": 128,
    "max_position_embeddings": 40960,
    "vocab_size": 512,
    "tie_word_embeddings": True,
    "torch_dtype": "bfloat16",
}


def qwen3_tensors(dtype: str) -> dict:
    """A qwen3 layer stack in transformers' names: BF16, or FP8 as compressed-tensors writes it
    (F8_E4M3 weights with an F32 `weight_scale` per row; its config would say so, here only the
    header does)."""
    tensors = {"model.embed_tokens.weight": ("BF16", (512, 256), 512 * 256 * 2),
               "model.norm.weight": ("BF16", (256,), 256 * 2)}
    for layer in range(3):
        p = f"model.layers.{layer}."
        for name, rows, cols in (("self_attn.q_proj", 2048, 256), ("self_attn.k_proj", 1024, 256),
                                 ("self_attn.v_proj", 1024, 256), ("self_attn.o_proj", 256, 2048),
                                 ("mlp.gate_proj", 768, 256), ("mlp.up_proj", 768, 256), ("mlp.down_proj", 256, 768)):
            if dtype == "BF16":
                tensors[p + name + ".weight"] = ("BF16", (rows, cols), rows * cols * 2)
            else:
                tensors[p + name + ".weight"] = ("F8_E4M3", (rows, cols), rows * cols)
                tensors[p + name + ".weight_scale"] = ("F32", (rows, 1), rows * 4)
        tensors[p + "input_layernorm.weight"] = ("BF16", (256,), 256 * 2)
    return tensors


def sharded(out: Path, tensors: dict, parts: int) -> None:
    """transformers' sharded layout: `model-0000N-of-0000M.safetensors` and the index that maps
    each tensor to its shard."""
    names = sorted(tensors)
    weight_map, total = {}, 0
    for i in range(parts):
        shard = f"model-{i + 1:05d}-of-{parts:05d}.safetensors"
        mine = {n: tensors[n] for n in names[i::parts]}
        st(out / shard, mine, {"format": "pt"})
        weight_map.update({n: shard for n in mine})
        total += sum(nbytes for (_, _, nbytes) in mine.values())
    (out / "model.safetensors.index.json").write_text(
        json.dumps({"metadata": {"total_size": total}, "weight_map": weight_map}, indent=2))


def model_dir(out: Path) -> None:
    """A model directory as `save_pretrained` leaves it: config.json, two safetensors shards and
    their index."""
    d = out / "models" / "tiny-qwen3"
    d.mkdir(parents=True, exist_ok=True)
    (d / "config.json").write_text(json.dumps(QWEN3_CONFIG, indent=2))
    sharded(d, qwen3_tensors("BF16"), 2)


def cache_put(cache: Path, repo_id: str, commit: str, filename: str, data: bytes, lfs: bool,
              repo_type: str = "model") -> None:
    """Puts one file into a HuggingFace cache the way `hf_hub_download` does
    (huggingface_hub's `_hf_hub_download_to_cache_dir`, with its own helpers): the content in
    `blobs/<etag>` (the Hub's ETag: the sha256 of an LFS file, the git blob sha1 of any other),
    a relative symlink to it at `snapshots/<commit>/<filename>`, and `refs/main`."""
    storage = cache / hf_file_download.repo_folder_name(repo_id=repo_id, repo_type=repo_type)
    etag = hashlib.sha256(data).hexdigest() if lfs else hashlib.sha1(
        b"blob %d\0" % len(data) + data).hexdigest()
    blob = storage / "blobs" / etag
    pointer = Path(hf_file_download._get_pointer_path(str(storage), commit, filename))
    blob.parent.mkdir(parents=True, exist_ok=True)
    pointer.parent.mkdir(parents=True, exist_ok=True)
    if not blob.exists():
        blob.write_bytes(data)
    hf_file_download._create_symlink(str(blob), str(pointer), new_blob=True)
    hf_file_download._cache_commit_hash_for_specific_revision(str(storage), "main", commit)


def commit_of(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def hf_cache(out: Path) -> None:
    """A small HuggingFace cache (`HF_HUB_CACHE` layout), checked with huggingface_hub's own
    `scan_cache_dir` and `try_to_load_from_cache`:
    - unsloth/Qwen3-0.6B-GGUF: the UD file with IQ4_XS tensors and a plain Q4_K_M;
    - Qwen/Qwen3-0.6B: config.json and two BF16 safetensors shards, with an older snapshot
      that refs/main no longer points at (it holds only a config.json);
    - local-test/Qwen3-0.6B-FP8: FP8 safetensors whose config.json names no quantization;
    - a dataset repository, which is not a model."""
    cache = out / "hf-cache"
    src = out / "models"
    gguf_repo, gguf_commit = "unsloth/Qwen3-0.6B-GGUF", commit_of("gguf")
    for name in ("Qwen3-0.6B-UD-Q4_K_XL.gguf", "Qwen3-0.6B-Q4_K_M.gguf"):
        cache_put(cache, gguf_repo, gguf_commit, name, (out / name).read_bytes(), lfs=True)

    config = json.dumps(QWEN3_CONFIG, indent=2).encode()
    old = dict(QWEN3_CONFIG, max_position_embeddings=32768)
    cache_put(cache, "Qwen/Qwen3-0.6B", commit_of("qwen-old"), "config.json", json.dumps(old).encode(), lfs=False)
    qwen_commit = commit_of("qwen")
    for path in sorted((src / "tiny-qwen3").iterdir()):
        cache_put(cache, "Qwen/Qwen3-0.6B", qwen_commit, path.name, path.read_bytes(),
                  lfs=path.suffix == ".safetensors")

    fp8 = src / "tiny-qwen3-fp8"
    fp8.mkdir(parents=True, exist_ok=True)
    st(fp8 / "model.safetensors", qwen3_tensors("FP8"), {"format": "pt"})
    fp8_commit = commit_of("fp8")
    cache_put(cache, "local-test/Qwen3-0.6B-FP8", fp8_commit, "config.json", config, lfs=False)
    cache_put(cache, "local-test/Qwen3-0.6B-FP8", fp8_commit, "model.safetensors",
              (fp8 / "model.safetensors").read_bytes(), lfs=True)

    cache_put(cache, "someone/prompts", commit_of("data"), "train.jsonl", b'{"text": "hi"}\n', lfs=False,
              repo_type="dataset")

    info = scan_cache_dir(cache)
    assert not info.warnings, info.warnings
    seen = {(r.repo_type, r.repo_id): sorted(f.file_name for rev in r.revisions for f in rev.files)
            for r in info.repos}
    assert seen == {
        ("model", gguf_repo): ["Qwen3-0.6B-Q4_K_M.gguf", "Qwen3-0.6B-UD-Q4_K_XL.gguf"],
        ("model", "Qwen/Qwen3-0.6B"): ["config.json", "config.json", "model-00001-of-00002.safetensors",
                                       "model-00002-of-00002.safetensors", "model.safetensors.index.json"],
        ("model", "local-test/Qwen3-0.6B-FP8"): ["config.json", "model.safetensors"],
        ("dataset", "someone/prompts"): ["train.jsonl"],
    }, seen
    found = try_to_load_from_cache("Qwen/Qwen3-0.6B", "config.json", cache_dir=cache)
    assert json.loads(Path(found).read_text()) == QWEN3_CONFIG, found


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for make in (llama_k_quants, unsloth_ud, qwen3_q4_k_m, gemma3, per_layer, every_type, unknown_type, split,
                 vocab_only, big, big_endian, version2, safetensors_files, model_dir, hf_cache):
        make(out)
    names = sorted(p.name for p in out.iterdir() if p.suffix in (".gguf", ".safetensors"))
    print(f"wrote {len(names)} files, a model directory and a HuggingFace cache to {out}")


if __name__ == "__main__":
    main()
