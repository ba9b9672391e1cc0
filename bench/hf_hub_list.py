"""The Python peer of `cargo xtask bench`: what a `huggingface_hub` user writes to get the
first LIMIT text-generation models (most downloaded first) that their worker can run.

Usage: python hf_hub_list.py ENDPOINT LIMIT
Prints one JSON line: {"ms": <listing time>, "kept": [ids...], "scanned": N}.

The filter is the honest one a user writes from the worker's README: weights in a format the
worker loads (the `safetensors` or `gguf` tag) and an architecture it runs (config.model_type,
or the GGUF header's architecture for GGUF repositories). It knows nothing of GGUF
quantization labels, quantized safetensors (GPTQ/AWQ), MLX layouts or vision projectors.
"""

import json
import sys
import time

from huggingface_hub import HfApi

# The architectures the LLM worker runs, as transformers and llama.cpp name them.
SUPPORTED = {
    "llama", "mistral", "mixtral", "phi", "phi2", "phi3",
    "qwen2", "qwen2_moe", "qwen2moe", "qwen3", "qwen3_moe", "qwen3moe",
    "gemma", "gemma2", "gemma3", "gemma3_text",
}


def runnable(model):
    tags = model.tags or []
    if "safetensors" not in tags and "gguf" not in tags:
        return False
    arch = (model.config or {}).get("model_type") or (model.gguf or {}).get("architecture")
    return arch in SUPPORTED


def main():
    endpoint, limit = sys.argv[1], int(sys.argv[2])
    start = time.perf_counter()
    api = HfApi(endpoint=endpoint, token=False)
    models = api.list_models(
        pipeline_tag="text-generation",
        sort="downloads",
        expand=["config", "gguf", "safetensors", "siblings", "tags", "pipeline_tag", "downloads", "likes", "gated"],
    )
    kept, scanned = [], 0
    for model in models:
        scanned += 1
        if runnable(model):
            kept.append(model.id)
            if len(kept) == limit:
                break
    ms = (time.perf_counter() - start) * 1000
    print(json.dumps({"ms": ms, "kept": kept, "scanned": scanned}))


if __name__ == "__main__":
    main()
