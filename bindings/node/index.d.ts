/* eslint-disable */
// Generated from the Rust types by `cargo run -p model-compat-bindings --bin model-compat-gen -- types`
// (ts-rs). Do not edit by hand: change the Rust types or their doc comments and rebuild.

// Errors

/**
 * Why a call failed, as JavaScript sees it in `error.code`. The names never change.
 */
export type ErrorCode =
  | "RATE_LIMITED"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "HTTP_ERROR"
  | "TOO_MANY_REDIRECTS"
  | "RESPONSE_TOO_LARGE"
  | "DECODE_ERROR"
  | "NETWORK_ERROR"
  | "INVALID_ARGUMENT"
  | "RANGE_NOT_SATISFIABLE"
  | "HEADER_TOO_LARGE"
  | "INVALID_HEADER"
  | "FILE_ERROR";

/**
 * What every function throws (sync functions) or rejects with (async functions).
 */
export interface ModelCompatError extends Error {
  /**
   * Stable code: what went wrong.
   */
  code: ErrorCode;
  /**
   * The HTTP status behind the error, when there was one.
   */
  status?: number;
}

// Model metadata: what the rules read (compat-core)

/**
 * Everything the rules look at for one model.
 */
export interface ModelMetadata {
  /**
   * `owner/name` on the Hub, the numeric id on CivitAI.
   */
  id: string;
  source: Source;
  /**
   * What the record says the model is, apart from its pipeline tag: CivitAI hosts image
   * models; a Hub repository's structure may say (a diffusers pipeline, a causal-LM
   * class, GGUF weights). When judging, a pipeline tag decides instead, through the
   * catalog's `vocabulary.pipelineKinds`.
   */
  kind: ModelKind;
  /**
   * Published as versions, each with its own files and base model (CivitAI): judged per
   * version, runnable when one version is.
   */
  versioned?: boolean;
  /**
   * The architecture the record states (config, GGUF). When it states none, the judge
   * reads one from `tags` or the repository name with the names its catalog knows. An
   * architecture inferred from those (as `resolve` writes it) is not evidence:
   * each catalog reads the tags and the name again.
   */
  architecture?: Architecture;
  /**
   * Repository tags as sent (HF): evidence the catalog reads (architecture names).
   */
  tags?: Array<string>;
  /**
   * Every weight format present, whether seen in files or only in tags.
   */
  formats?: Array<WeightFormat>;
  /**
   * Weight files (HF siblings). CivitAI files live in `versions`.
   */
  files?: Array<ModelFile>;
  /**
   * Quantization method of quantized safetensors (`gptq`, `awq`, `bitsandbytes`,
   * `fp8`, `mxfp4`, ...). `None` means plain F32/F16/BF16 weights.
   */
  quantization?: string;
  parameters?: number;
  contextLength?: number;
  /**
   * What a weight file's header states of the model's shape (layers, heads, key length,
   * sliding window, experts): evidence `header`. Set by `apply_header`.
   */
  dimensions?: Dimensions;
  /**
   * Bytes of the safetensors weights as the record counts them (the Hub's parameters per
   * dtype × each dtype's size), for when the files' sizes are not listed.
   */
  safetensorsBytes?: number;
  /**
   * The dimensions the memory model reads (layers, heads, KV heads, head size, sliding
   * window, MLA, experts), from `config.json` when a listing is enriched or a model is
   * read alone. Absent: the KV cache cannot be sized, and a fit on a device is
   * `memory_unknown` unless the weights alone rule it out.
   */
  shape?: ModelShape;
  pipelineTag?: string;
  library?: string;
  /**
   * Diffusers pipeline class (`StableDiffusionXLPipeline`).
   */
  diffusersPipeline?: string;
  gated?: Gate;
  private?: boolean;
  disabled?: boolean;
  license?: string;
  /**
   * Models this one was derived from (HF `base_model`).
   */
  baseModels?: Array<string>;
  /**
   * Image models: the base model of the newest version (`SDXL 1.0`, `Pony`).
   */
  baseModel?: string;
  /**
   * CivitAI model type (`Checkpoint`, `LORA`, `TextualInversion`, ...).
   */
  modelType?: string;
  /**
   * CivitAI `mode` as sent (`Archived`, `TakenDown`).
   */
  mode?: string;
  nsfw?: boolean;
  nsfwLevel?: number;
  versions?: Array<ModelVersion>;
}

/**
 * Where a record came from.
 */
export type Source = "huggingface" | "civitai" | "local";

/**
 * What a model does, as far as the worker kinds are concerned.
 */
export type ModelKind = "text-generation" | "image-generation" | "other";

/**
 * A model's architecture: the raw name the record used and the family it belongs to.
 */
export interface Architecture {
  /**
   * Normalized family (`llama`, `qwen`, ...) when the name is known to the catalog,
   * else the raw name itself. Set by `resolve`; extraction, which knows no
   * catalog, leaves it out.
   */
  family?: string;
  /**
   * The name as the record wrote it (`qwen2_moe`, `LlamaForCausalLM`, `qwen3moe`).
   */
  raw: string;
  evidence: Evidence;
}

/**
 * Which part of the record an architecture was read from. Ordered from strongest
 * to weakest evidence.
 */
export type Evidence = "header" | "config" | "gguf" | "tags" | "name";

/**
 * The dimensions a weight file's header states (GGUF `{arch}.*` keys): evidence `header`.
 * A count GGUF gives per layer is its largest value over the layers (what a cache sized for
 * every layer alike needs).
 */
export interface Dimensions {
  /**
   * `block_count`.
   */
  layers?: number;
  embeddingLength?: number;
  /**
   * `attention.head_count`.
   */
  heads?: number;
  /**
   * `attention.head_count_kv`.
   */
  kvHeads?: number;
  /**
   * `attention.key_length`: the head dimension of K (not always embedding ÷ heads).
   */
  keyLength?: number;
  slidingWindow?: number;
  experts?: number;
  expertsUsed?: number;
  vocabSize?: number;
}

/**
 * The serialization format of model weights.
 *
 * A known value, or any other string the source sent (kept verbatim).
 */
export type WeightFormat =
  | "safetensors"
  | "gguf"
  | "pytorch"
  | "tensorflow"
  | "flax"
  | "onnx"
  | "coreml"
  | "tflite"
  | "rust"
  | "mlx"
  | "diffusers"
  | (string & {});

/**
 * One file of a model (HF sibling or CivitAI version file).
 */
export interface ModelFile {
  /**
   * Path inside the repository, or the CivitAI file name.
   */
  name: string;
  /**
   * `None` when the format is not known (CivitAI `Other`, say).
   */
  format?: WeightFormat;
  /**
   * What the path says the file is for (a `mmproj` GGUF is a vision projector). Absent
   * when the record states a `file_type` instead: the catalog reads that when judging.
   */
  role?: FileRole;
  /**
   * GGUF quant label (`Q4_K_M`), upper case.
   */
  quantization?: string;
  /**
   * Declared floating-point precision (CivitAI `metadata.fp`: fp16, fp32, bf16, fp8).
   */
  precision?: string;
  sizeBytes?: number;
  shard?: Shard;
  /**
   * CivitAI file id.
   */
  id?: number;
  /**
   * CivitAI file type as sent (`Model`, `Pruned Model`, `Training Data`, ...).
   */
  fileType?: string;
  /**
   * CivitAI `metadata.size`: `pruned` or `full`.
   */
  sizeVariant?: string;
  primary?: boolean;
  scan?: FileScan;
  downloadUrl?: string;
  /**
   * Hash algorithm (`SHA256`, `AutoV2`, `BLAKE3`, ...) to value.
   */
  hashes?: { [key in string]?: string };
  /**
   * Elements over the file's tensors, as its header states them. Set exactly when the
   * header was read (0 for a file without tensors): see `apply_header`.
   */
  parameters?: number;
  /**
   * Exact bytes of the tensor data, from the header; absent when a tensor has a type whose
   * size is not known.
   */
  weightsBytes?: number;
  /**
   * Tensor type (ggml type or safetensors dtype) to the number of tensors of that type,
   * from the header. What a worker must load, whatever the file name's label says.
   */
  tensorTypes?: { [key in string]?: number };
}

/**
 * What a file is for. A record's stated file type (CivitAI) is read by the catalog
 * (`vocabulary.fileTypes`).
 */
export type FileRole = "weights" | "vision-projector" | "training-data" | "auxiliary";

/**
 * One file of a split set (`model-00001-of-00004.safetensors`).
 */
export interface Shard {
  /**
   * Key shared by all parts, e.g. `model.safetensors`.
   */
  group: string;
  index: number;
  count: number;
}

/**
 * Scan results CivitAI reports for a file.
 */
export interface FileScan {
  pickle?: ScanStatus;
  virus?: ScanStatus;
}

/**
 * A CivitAI pickle or virus scan outcome.
 *
 * A known value, or any other string the source sent (kept verbatim).
 */
export type ScanStatus = "Success" | "Pending" | "Danger" | "Error" | (string & {});

/**
 * HuggingFace gating mode.
 */
export type Gate = "auto" | "manual";

/**
 * One CivitAI model version.
 */
export interface ModelVersion {
  id: number;
  name?: string;
  baseModel?: string;
  /**
   * `Standard`, `Inpainting`, `Refiner`, ...
   */
  baseModelType?: string;
  earlyAccess?: boolean;
  nsfwLevel?: number;
  publishedAt?: string;
  files?: Array<ModelFile>;
}

/**
 * The dimensions of a transformer language model.
 */
export interface ModelShape {
  modelType?: string;
  layers?: number;
  hidden?: number;
  heads?: number;
  kvHeads?: number;
  /**
   * `head_dim` when the config gives it (Qwen3, Gemma: not hidden ÷ heads), else
   * hidden ÷ heads.
   */
  headDim?: number;
  intermediate?: number;
  vocab?: number;
  tieWordEmbeddings: boolean;
  /**
   * Biases on the q/k/v projections (Qwen2).
   */
  attentionBias: boolean;
  /**
   * RMS norms on q and k per head (Qwen3, Gemma 3).
   */
  qkNorm: boolean;
  /**
   * Norms per layer: 2 in Llama-style blocks, 4 in Gemma 2/3 (pre and post).
   */
  normsPerLayer: number;
  maxContext?: number;
  /**
   * Layers attending to the whole context. The layer counts below are 0 when the
   * number of layers is unknown. Counts, not a list per layer: the cache at any context
   * is then a few multiplications, and a shape stays small on the wire.
   */
  fullAttentionLayers: number;
  /**
   * Layers attending to the last `slidingWindow` tokens (Gemma 2/3 local layers, gpt-oss).
   */
  slidingWindowLayers: number;
  /**
   * The window of the sliding layers.
   */
  slidingWindow?: number;
  /**
   * Layers with a fixed-size state rather than a per-token cache (linear attention, Mamba).
   */
  recurrentLayers: number;
  mla?: Mla;
  moe?: Moe;
  /**
   * Config fields the memory model needed and did not find (`num_key_value_heads`).
   */
  missing?: Array<string>;
}

/**
 * Multi-head latent attention (DeepSeek V2/V3/R1, Kimi K2): the cache holds the
 * compressed latent, `kv_lora_rank + qk_rope_head_dim` values per token per layer.
 */
export interface Mla {
  kvLoraRank: number;
  qkRopeHeadDim: number;
  qkNopeHeadDim: number;
  vHeadDim: number;
  /**
   * `None`: queries are projected directly (DeepSeek-V2-Lite).
   */
  qLoraRank?: number;
}

/**
 * Mixture of experts: every expert is resident in memory, whichever are active.
 */
export interface Moe {
  experts: number;
  sharedExperts: number;
  expertsPerToken?: number;
  /**
   * Hidden size of one expert's MLP.
   */
  expertIntermediate: number;
  /**
   * Qwen-style shared expert of its own size (`shared_expert_intermediate_size`), in
   * place of `shared_experts` copies of a routed one.
   */
  sharedExpertIntermediate?: number;
  /**
   * Leading layers with a dense MLP instead (DeepSeek `first_k_dense_replace`).
   */
  denseLayers: number;
}

// Verdicts (compat-core)

/**
 * Whether a model can run, why, and how.
 *
 * `compatible`, `confidence`, `reasons`, `warnings` and `recommendations` are the
 * marketplace's original contract; the rest was added without changing it.
 */
export interface CompatibilityResult {
  compatible: boolean;
  confidence: Confidence;
  /**
   * Why the model cannot run (empty when compatible).
   */
  reasons: Array<string>;
  /**
   * Caveats that do not prevent running.
   */
  warnings: Array<string>;
  /**
   * What to do about the reasons or warnings.
   */
  recommendations: Array<string>;
  /**
   * Machine codes for every reason and warning, sorted, without duplicates.
   */
  codes: Array<Code>;
  /**
   * One verdict per worker judged.
   */
  workers: Array<WorkerVerdict>;
  /**
   * Per logical file, for the worker whose verdict this is.
   */
  files: Array<FileVerdict>;
  recommendedFile?: RecommendedFile;
  /**
   * CivitAI: one verdict per version.
   */
  versions?: Array<VersionVerdict>;
  /**
   * Judged with a device: what the recommended file (else the smallest file the worker
   * loads) needs in memory: weights, KV cache, overhead, total.
   */
  memory?: MemoryEstimate;
  /**
   * Judged with a device: where that file runs (`fits`, `fits_with_offload` with the
   * layers on the GPU, `cpu_only`, `does_not_fit`, `unknown`), the memory available, the
   * longest context that fits, and the reason in words.
   */
  fit?: FitVerdict;
}

/**
 * How sure a verdict is. `None` is the confidence of every incompatible verdict.
 */
export type Confidence = "none" | "low" | "medium" | "high";

/**
 * Stable machine codes. Their wire names never change; new ones may be added.
 */
export type Code =
  | "unsupported_architecture"
  | "architecture_unknown"
  | "unsupported_format"
  | "format_unknown"
  | "quantized_weights_unsupported"
  | "unsupported_quantization"
  | "unsupported_tensor_type"
  | "not_text_generation"
  | "not_image_generation"
  | "unsupported_pipeline"
  | "disabled"
  | "unsafe_pickle"
  | "scan_danger"
  | "archived"
  | "unsupported_base_model"
  | "unsupported_model_type"
  | "not_model_weights"
  | "no_runnable_file"
  | "no_workers"
  | "does_not_fit"
  | "backend_unsupported"
  | "context_truncated"
  | "context_unknown"
  | "vision_input_ignored"
  | "gated"
  | "scan_pending"
  | "early_access"
  | "mixed_quantization"
  | "quantization_unknown"
  | "architecture_inferred"
  | "fits_with_offload"
  | "cpu_only"
  | "memory_unknown"
  | "size_unknown";

/**
 * The verdict of one worker.
 */
export interface WorkerVerdict {
  id: string;
  compatible: boolean;
  confidence: Confidence;
  reasons: Array<string>;
  warnings: Array<string>;
  codes: Array<Code>;
}

/**
 * Whether one logical file (all shards of a split file count as one) can be loaded.
 */
export interface FileVerdict {
  /**
   * The file a loader opens (the first shard of a split file).
   */
  name: string;
  format?: WeightFormat;
  quantization?: string;
  /**
   * Number of files in a split set; 1 for a single file.
   */
  parts: number;
  sizeBytes?: number;
  runnable: boolean;
  /**
   * Why not runnable, or the caveat when runnable.
   */
  code?: Code;
  reason?: string;
  /**
   * CivitAI: the version this file belongs to.
   */
  versionId?: number;
  /**
   * Judged with a device: whether this file fits it, with the numbers. Only for files the
   * worker loads; the model's `fit` has the breakdown and the reason for the file it
   * recommends.
   */
  fit?: FileFit;
}

/**
 * Whether one file fits the device: numbers only (the text is written for the
 * recommended file alone, in the model's `fit`).
 */
export interface FileFit {
  fit: Fit;
  /**
   * The weights in memory: the file's size, or parameters × the quant's bits per weight.
   */
  weightsBytes?: number;
  /**
   * `weightsBytes` is estimated, not counted.
   */
  weightsEstimated?: boolean;
  /**
   * Weights, KV cache, overhead and the safety margin (`fit` unknown: absent).
   */
  needsBytes?: number;
  /**
   * Layers on the GPU (`fits_with_offload`: some of them).
   */
  gpuLayers?: number;
}

/**
 * The file to download to run the model.
 */
export interface RecommendedFile {
  name: string;
  format?: WeightFormat;
  quantization?: string;
  precision?: string;
  /**
   * Bytes of the file (all its parts): counted when the record gives sizes, else
   * estimated (`sizeEstimated`) from the parameter count and the quant's bits per weight.
   */
  sizeBytes?: number;
  /**
   * `sizeBytes` is an estimate, not the files' stated size.
   */
  sizeEstimated?: boolean;
  /**
   * Number of files in a split set; 1 for a single file.
   */
  parts: number;
  versionId?: number;
  downloadUrl?: string;
  hashes?: { [key in string]?: string };
}

/**
 * The verdict for one CivitAI model version.
 */
export interface VersionVerdict {
  id: number;
  name?: string;
  baseModel?: string;
  compatible: boolean;
  confidence: Confidence;
  reasons: Array<string>;
  warnings: Array<string>;
  codes: Array<Code>;
  recommendedFile?: RecommendedFile;
}

// Workers (compat-core)

/**
 * A set of workers; a model is compatible when any of them runs it.
 */
export interface WorkerCatalog {
  workers: Array<WorkerProfile>;
  /**
   * How the records' words are read. Missing: the default catalog's.
   */
  vocabulary?: Vocabulary;
}

/**
 * One worker: what it runs. Missing sections mean "supports nothing of that kind".
 */
export interface WorkerProfile {
  id: string;
  /**
   * `text-generation` or `image-generation`.
   */
  kind: ModelKind;
  /**
   * Compute backends the worker is built for (`cpu`, `cuda`, `metal`, `rocm`). No rule
   * reads it yet: the hardware-fit work matches it against a device profile.
   */
  backends: Array<string>;
  architectures: Array<FamilySupport>;
  /**
   * Weight formats the worker loads.
   */
  formats: Array<WeightFormat>;
  /**
   * GGUF quant labels that load as they are.
   */
  ggufQuantizations: Array<string>;
  /**
   * GGUF quant labels that load, with a `mixed_quantization` warning.
   */
  ggufQuantizationsWithWarning: Array<string>;
  /**
   * Preference order for the recommended GGUF file; unlisted labels come after.
   */
  ggufPreference: Array<string>;
  /**
   * ggml tensor types (`Q4_K`, `F16`) the worker loads. A GGUF file whose header shows a
   * tensor of any other type does not load, whatever its name's label; one whose every
   * tensor is listed loads. Empty: headers are not checked, the label decides.
   */
  ggufTensorTypes: Array<string>;
  /**
   * Plain (unquantized) safetensors dtypes the worker loads, as named in reasons.
   */
  safetensorsDtypes: Array<string>;
  /**
   * Quantization methods (`gptq`, `awq`, `fp8`, ...) whose safetensors the worker
   * loads; any other quantized safetensors is `quantized_weights_unsupported`.
   */
  safetensorsQuantizations: Array<string>;
  /**
   * Dtypes to look for when the weights on offer are quantized (the recommendation
   * names them): the precisions unquantized originals are published in.
   */
  recommendedDtypes: Array<string>;
  /**
   * Longest context the worker serves.
   */
  maxContext?: number | null;
  /**
   * Pipeline tags accepted.
   */
  pipelines: Array<PipelineSupport>;
  /**
   * Whether a model without a pipeline tag may still be judged by its other facts.
   */
  allowMissingPipeline: boolean;
  /**
   * Diffusers pipeline classes accepted (HF image models).
   */
  diffusersPipelines: Array<string>;
  /**
   * CivitAI base models accepted, grouped into families.
   */
  baseModels: Array<BaseModelFamily>;
  /**
   * CivitAI `baseModelType`s accepted (`Standard`); empty accepts any.
   */
  baseModelTypes: Array<string>;
  /**
   * CivitAI file precisions (`metadata.fp`) accepted; empty accepts any.
   */
  precisions: Array<string>;
  /**
   * CivitAI model types accepted (`Checkpoint`, `LORA`).
   */
  modelTypes: Array<string>;
  /**
   * CivitAI file types that count as loadable weights (`Model`, `Pruned Model`).
   */
  fileTypes: Array<string>;
  /**
   * CivitAI precision preference for the recommended file (`fp16` first).
   */
  precisionPreference: Array<string>;
  /**
   * Size variants (`pruned`, `full`) preferred for the recommended file, in order, after
   * precision; unlisted variants come after. A pruned file loads the same and is smaller.
   */
  sizePreference: Array<string>;
  /**
   * How the worker uses memory (KV cache type, overheads, margins); the memory model's
   * defaults when absent.
   */
  memory?: MemoryParams;
}

/**
 * An architecture family and every raw name that denotes it.
 */
export interface FamilySupport {
  family: string;
  /**
   * HF `config.model_type` values (compared exactly, case-insensitively).
   */
  configNames: Array<string>;
  /**
   * GGUF `general.architecture` values.
   */
  ggufNames: Array<string>;
  /**
   * How well the worker runs this family (`high` when absent).
   */
  confidence: Confidence;
}

/**
 * A pipeline tag the worker accepts, with the caveat that comes with it.
 */
export interface PipelineSupport {
  tag: string;
  warning?: Code;
}

/**
 * A group of CivitAI base model names that one worker code path handles.
 */
export interface BaseModelFamily {
  family: string;
  names: Array<string>;
}

/**
 * How a catalog reads what records say, shared by all its workers: the names, tags and
 * file types that extraction keeps as it found them. A missing entry is the default
 * catalog's, so a catalog written before an entry existed keeps its verdicts.
 */
export interface Vocabulary {
  /**
   * Architecture names (HF `model_type`s) no worker runs but that tags and repository
   * names must still be read as, so `llama4` is `llama4` and not taken for `llama`.
   * The workers' `configNames` are known names too. Recognition only: support is
   * decided by the workers.
   */
  architectureNames?: Array<string>;
  /**
   * Numbered successors a bare name does not cover: from the `from` generation on, a
   * repository named `<name>-<n>` is not read as `<name>` (`llama-4` is not a llama),
   * unless `<name><n>` is itself a known name.
   */
  laterGenerations?: Array<LaterGeneration>;
  /**
   * Pipeline tags and the kind of model they denote. A model with any other pipeline
   * tag is of kind `other`; one without a tag keeps the kind its record states.
   */
  pipelineKinds?: Array<PipelineKind>;
  /**
   * File types a record states (CivitAI `files[].type`) and the role they give a file.
   * A type not listed is an auxiliary file.
   */
  fileTypes?: Array<FileTypeRole>;
  /**
   * What to give a worker to download a gated model, per source.
   */
  tokens?: Array<TokenAdvice>;
}

/**
 * See [`Vocabulary::later_generations`].
 */
export interface LaterGeneration {
  name: string;
  from: number;
}

/**
 * See [`Vocabulary::pipeline_kinds`].
 */
export interface PipelineKind {
  tag: string;
  kind: ModelKind;
}

/**
 * See [`Vocabulary::file_types`].
 */
export interface FileTypeRole {
  type: string;
  role: FileRole;
  /**
   * The size variant the type implies (`Pruned Model` is `pruned`), for files whose
   * record does not state one.
   */
  sizeVariant?: string;
}

/**
 * See [`Vocabulary::tokens`].
 */
export interface TokenAdvice {
  source: Source;
  /**
   * Completes "give the worker ...": `a HuggingFace token (HF_TOKEN)`.
   */
  advice: string;
}

/**
 * How the worker's runtime uses memory beyond the weights and the KV cache.
 */
export interface MemoryParams {
  /**
   * Element type of the KV cache.
   */
  kvCacheType: KvCacheType;
  /**
   * Fixed cost of the runtime on the GPU (context, kernels, allocator).
   */
  overheadBytes: number;
  /**
   * Scratch memory for one forward pass.
   */
  computeBuffer: ComputeBuffer;
  /**
   * Memory left free on each device (other processes, fragmentation).
   */
  safetyMarginBytes: number;
  /**
   * Whether the runtime caps sliding-window layers at their window. When it does not,
   * those layers cache the whole context.
   */
  capSlidingWindow: boolean;
  /**
   * Image workers: activation memory per output resolution (longest side, pixels).
   */
  imageActivation?: Array<ImageActivation>;
  /**
   * Image workers: what a denoiser-only file of a family needs loaded beside it.
   */
  imageCompanions?: Array<ImageCompanions>;
}

/**
 * The element type of the KV cache.
 */
export type KvCacheType = "f32" | "f16" | "bf16" | "q8_0" | "q4_0";

/**
 * Scratch memory of one forward pass over a batch of `ubatchTokens` tokens: the f32
 * logits (vocab) and one f32 hidden row per token, plus `fixedBytes`.
 */
export interface ComputeBuffer {
  ubatchTokens: number;
  fixedBytes: number;
}

/**
 * Activation allowance of an image worker at one resolution.
 */
export interface ImageActivation {
  /**
   * Base-model family (`sd1`, `sdxl`, `flux1`) as in the worker's `baseModels`.
   */
  family: string;
  /**
   * Longest side of the image, pixels.
   */
  resolution: number;
  bytes: number;
}

/**
 * Files a denoiser-only checkpoint of one family needs in memory beside it.
 */
export interface ImageCompanions {
  family: string;
  files: Array<CompanionFile>;
}

/**
 * One companion file (a text encoder, a VAE) with its size and where that size comes from.
 */
export interface CompanionFile {
  name: string;
  bytes: number;
  source?: string;
}

// Devices and memory (compat-core)

/**
 * A machine: its GPUs (none for CPU-only) and its system RAM.
 */
export interface Device {
  /**
   * Preset id (`gpu-12gb`) or any label.
   */
  id?: string;
  name?: string;
  gpus?: Array<Gpu>;
  /**
   * System RAM.
   */
  ramBytes: number;
  /**
   * GPU and CPU share one memory (Apple silicon): what the GPU holds is not free RAM.
   */
  unifiedMemory?: boolean;
  /**
   * Peak bandwidth of system RAM, for the CPU tokens-per-second estimate.
   */
  ramBandwidthBytesPerSec?: number;
}

/**
 * One GPU.
 */
export interface Gpu {
  name?: string;
  /**
   * Memory the GPU can hold weights and caches in. On unified-memory machines, the
   * share the GPU may use, not the whole RAM.
   */
  memoryBytes: number;
  backend: Backend;
  /**
   * Peak memory bandwidth, for the (labelled) tokens-per-second estimate only.
   */
  bandwidthBytesPerSec?: number;
}

/**
 * The compute API a GPU is driven through. Matched against a worker's `backends`.
 */
export type Backend = "cuda" | "rocm" | "metal" | "vulkan" | "cpu";

/**
 * The named devices a `device` option may give instead of a `Device` (their data: `devices.json`).
 */
export type DevicePreset =
  | "gpu-8gb"
  | "gpu-12gb"
  | "gpu-16gb"
  | "gpu-24gb"
  | "datacenter-80gb"
  | "apple-16gb"
  | "apple-32gb"
  | "apple-64gb"
  | "cpu-16gb"
  | "cpu-32gb";

/**
 * A `device` option: a preset's name, or a machine described in full.
 */
export type DeviceOption = DevicePreset | Device;

/**
 * What a model needs in memory at one context length. Byte counts are `None` when a
 * fact they need is missing (see `unknown`).
 */
export interface MemoryEstimate {
  weightsBytes?: number;
  /**
   * Whether the weight bytes are estimated (parameters × bits per weight) rather than counted.
   */
  weightsEstimated: boolean;
  weightsBasis?: string;
  kvCacheBytes?: number;
  kvCacheType: KvCacheType;
  /**
   * The context the KV cache is sized for.
   */
  context?: number;
  /**
   * Runtime overhead plus the compute buffer (image models: plus activations and
   * companion files such as text encoders).
   */
  overheadBytes: number;
  computeBufferBytes: number;
  /**
   * Weights + KV cache + overhead; `None` when the weights or the cache are unknown.
   */
  totalBytes?: number;
  /**
   * Kept free on a device on top of `totalBytes`.
   */
  safetyMarginBytes: number;
  /**
   * Transformer layers (the unit of GPU offload).
   */
  layers?: number;
  /**
   * Bytes read per generated token (all weights; the active experts' share for MoE).
   */
  bytesReadPerToken?: number;
  /**
   * Facts that were missing (`weights`, `context`, `num_key_value_heads`, ...).
   */
  unknown?: Array<string>;
  /**
   * `memory_unknown` when anything is.
   */
  codes?: Array<Code>;
}

/**
 * The fit of one estimate on one device, with its numbers.
 */
export interface FitVerdict {
  fit: Fit;
  /**
   * `fits_with_offload`, `cpu_only`, `does_not_fit`, `backend_unsupported` or
   * `memory_unknown`; none when it fits.
   */
  code?: Code;
  reason: string;
  /**
   * `totalBytes` plus the safety margin.
   */
  needsBytes?: number;
  /**
   * Memory of the GPUs the worker can drive.
   */
  gpuBytes: number;
  ramBytes: number;
  backend?: Backend;
  /**
   * Layers on the GPU (all of them when it fits, some with offload, 0 on the CPU).
   */
  gpuLayers?: number;
  layers?: number;
  /**
   * Longest context (up to the limit asked) that still fits entirely on the GPU.
   */
  maxContextOnGpu?: number;
  /**
   * Longest context (up to the limit asked) that runs at all on this device.
   */
  maxContext?: number;
  /**
   * An ESTIMATE of generation speed: bytes read per token ÷ memory bandwidth, an upper
   * bound that ignores compute. Only when the device states its bandwidth.
   */
  tokensPerSecondEstimate?: number;
}

/**
 * Where the model runs on the device.
 */
export type Fit = "fits" | "fits_with_offload" | "cpu_only" | "does_not_fit" | "unknown";

/**
 * Which fits a listing keeps (`fit` in the bindings, `--fit` in the CLI).
 */
export type FitFilter = "gpu" | "offload" | "any";

/**
 * The options of the sync judging functions (`isModelCompatible`,
 * `filterCompatibleModels`, `checkModelWorkerCompatibility`).
 */
export interface JudgeOptions {
  /**
   * The machine the model should run on: a preset name (`"gpu-12gb"`, see
   * `DevicePreset`) or a `Device`. The verdict then says whether the model fits it
   * (`fit`, `memory`, `files[].fit`) and recommends the file that fits best.
   */
  device?: DeviceOption;
  /**
   * `filterCompatibleModels` only, with `device`: keep only the models that fit it
   * (`"gpu"`, `"offload"` or `"any"`; see `HuggingFaceOptions.fit`).
   */
  fit?: FitFilter;
}

// Options of the async functions

/**
 * Options of `listHuggingFaceModels` and `getCompatibleHuggingFaceModels`.
 *
 * Every field is optional: with none, the most recent default listing of the Hub is read.
 */
export interface HuggingFaceOptions {
  /**
   * How many models to return (default 20). For `getCompatibleHuggingFaceModels`, how
   * many *compatible* models: pages are read until that many are found, the listing
   * ends, or `maxPages` pages were read.
   */
  limit?: number;
  /**
   * Full-text search on the model id (`search=`).
   */
  search?: string;
  /**
   * Only this author's or organization's models (`author=`).
   */
  author?: string;
  /**
   * Tags the Hub ANDs (`filter=`), e.g. `["gguf"]` or `["text-generation", "safetensors"]`.
   */
  filter?: Array<string>;
  /**
   * Only models with this pipeline tag (`pipeline_tag=`), e.g. `"text-generation"`.
   */
  pipelineTag?: string;
  /**
   * Sort key; the Hub's default order when absent.
   */
  sort?: HfSort;
  /**
   * Sort direction (default descending).
   */
  direction?: SortDirection;
  /**
   * Models per page, 1 to 1000 (`limit=` on the wire); the Hub's default when absent.
   */
  pageSize?: number;
  /**
   * Read `config.json` of listed safetensors models whose context length the listing
   * does not state (one more request per such model). Default `false`.
   */
  enrich?: boolean;
  /**
   * Read weight files' own headers with HTTP ranges (a few hundred KB per file, at most 4
   * files at once): `"recommended"` (each model's recommended file), `"all"` (every GGUF or
   * safetensors file), `"auto"` (the recommended file when the record leaves its verdict
   * uncertain) or `"off"`. Default `"off"`. The WASM package reads no header (only `"off"`).
   */
  inspect?: Inspect;
  /**
   * Stop after this many pages even if `limit` is not reached (default 10).
   */
  maxPages?: number;
  /**
   * Which models to return: `"compatible"` (those some worker runs; `limit` counts only
   * them) or `"all"` (every model read, each with its verdict, so that a "show
   * incompatible" toggle needs no second listing). Default: `"compatible"` for
   * `getCompatible*`, `"all"` for `list*` and `list*Page`.
   */
  include?: Include;
  /**
   * Only for `list*Page`: where to resume, the `nextCursor` of the previous page (an
   * opaque string; pass it back with the same filters). Absent: the first page.
   */
  cursor?: string;
  /**
   * Workers to judge against (default: `defaultWorkerCatalog()`). Not with `worker`.
   */
  catalog?: WorkerCatalog;
  /**
   * One worker to judge against, instead of a catalog. Not with `catalog`.
   */
  worker?: WorkerProfile;
  /**
   * The machine the models should run on: a preset name (`"gpu-12gb"`, see the
   * `DevicePreset` list) or a `Device`. Each verdict then says whether the model fits it
   * (`compatibility.fit`, `compatibility.memory`, `files[].fit`) and recommends the
   * file that fits best. With the Hub, `device` also reads each candidate's
   * `config.json` (or a quantized GGUF repository's base model's) for the dimensions
   * the memory model needs, unless `enrich` is `false`.
   */
  device?: DeviceOption;
  /**
   * With `device`, keep only the models that fit it: `"gpu"` all on the GPU, `"offload"`
   * also split between the GPU and RAM, `"any"` also on the CPU alone. A model whose fit
   * is unknown (`memory_unknown`) is not kept. Not with `include: "all"`.
   */
  fit?: FitFilter;
  /**
   * Site root: the Hub (default `HF_ENDPOINT` in Node, else `https://huggingface.co`; a
   * mirror or a test server) or CivitAI (default `https://civitai.com`; the API is
   * `{endpoint}/api/v1/...`).
   */
  endpoint?: string;
  /**
   * Access token or API key, sent as `Authorization: Bearer` to the endpoint's host only.
   * Default `HF_TOKEN` or `CIVITAI_API_KEY` (Node).
   */
  token?: string;
  /**
   * Retries of a request that failed with 408, 429, 5xx or a connection error
   * (default 3, with backoff and `Retry-After` up to 60 s).
   */
  maxRetries?: number;
}

/**
 * Sort keys the Hub accepts.
 */
export type HfSort = "downloads" | "likes" | "trendingScore" | "createdAt" | "lastModified";

/**
 * Sort direction; the Hub's default is descending.
 */
export type SortDirection = "ascending" | "descending";

/**
 * Filters and options of `listCivitaiModels` and `getCompatibleCivitaiModels`.
 *
 * Every field is optional. Without `nsfw`, CivitAI returns only safe-for-work models.
 */
export interface CivitaiFilters {
  /**
   * How many models to return (default 20). For `getCompatibleCivitaiModels`, how many
   * *compatible* models: pages are read until that many are found, the listing ends, or
   * `maxPages` pages were read.
   */
  limit?: number;
  /**
   * Full-text search on the model name (`query=`).
   */
  query?: string;
  /**
   * Only models with this tag (`tag=`).
   */
  tag?: string;
  /**
   * Only this creator's models (`username=`).
   */
  username?: string;
  /**
   * Model types, any of which matches (`types=`), e.g. `["Checkpoint", "LORA"]`.
   */
  types?: Array<string>;
  /**
   * Base models, any of which matches (`baseModels=`), e.g. `["SDXL 1.0", "Pony"]`.
   */
  baseModels?: Array<string>;
  /**
   * Sort order, as CivitAI spells it (case, spaces, `-` and `_` are ignored when read).
   */
  sort?: CivitaiSort;
  /**
   * Time window of the sort.
   */
  period?: CivitaiPeriod;
  /**
   * `true` includes NSFW models, `false` excludes them; absent sends nothing and CivitAI
   * returns safe-for-work models only.
   */
  nsfw?: boolean;
  /**
   * Only the primary file of each version.
   */
  primaryFileOnly?: boolean;
  /**
   * Commercial use the licence must allow (any case).
   */
  allowCommercialUse?: CivitaiCommercialUse;
  /**
   * Models per page, 1 to 100 (`limit=` on the wire); CivitAI's default (100) when absent.
   */
  pageSize?: number;
  /**
   * Stop after this many pages even if `limit` is not reached (default 10).
   */
  maxPages?: number;
  /**
   * Which models to return: `"compatible"` (those some worker runs; `limit` counts only
   * them) or `"all"` (every model read, each with its verdict, so that a "show
   * incompatible" toggle needs no second listing). Default: `"compatible"` for
   * `getCompatible*`, `"all"` for `list*` and `list*Page`.
   */
  include?: Include;
  /**
   * Only for `list*Page`: where to resume, the `nextCursor` of the previous page (an
   * opaque string; pass it back with the same filters). Absent: the first page.
   */
  cursor?: string;
  /**
   * Workers to judge against (default: `defaultWorkerCatalog()`). Not with `worker`.
   */
  catalog?: WorkerCatalog;
  /**
   * One worker to judge against, instead of a catalog. Not with `catalog`.
   */
  worker?: WorkerProfile;
  /**
   * The machine the models should run on: a preset name (`"gpu-12gb"`, see the
   * `DevicePreset` list) or a `Device`. Each verdict then says whether the model fits it
   * (`compatibility.fit`, `compatibility.memory`, `files[].fit`) and recommends the
   * file that fits best.
   */
  device?: DeviceOption;
  /**
   * With `device`, keep only the models that fit it: `"gpu"` all on the GPU, `"offload"`
   * also split between the GPU and RAM, `"any"` also on the CPU alone. A model whose fit
   * is unknown (`memory_unknown`) is not kept. Not with `include: "all"`.
   */
  fit?: FitFilter;
  /**
   * Site root: the Hub (default `HF_ENDPOINT` in Node, else `https://huggingface.co`; a
   * mirror or a test server) or CivitAI (default `https://civitai.com`; the API is
   * `{endpoint}/api/v1/...`).
   */
  endpoint?: string;
  /**
   * Access token or API key, sent as `Authorization: Bearer` to the endpoint's host only.
   * Default `HF_TOKEN` or `CIVITAI_API_KEY` (Node).
   */
  token?: string;
  /**
   * Retries of a request that failed with 408, 429, 5xx or a connection error
   * (default 3, with backoff and `Retry-After` up to 60 s).
   */
  maxRetries?: number;
}

/**
 * How CivitAI orders a listing.
 */
export type CivitaiSort =
  | "Highest Rated"
  | "Most Downloaded"
  | "Most Liked"
  | "Most Discussed"
  | "Most Collected"
  | "Most Images"
  | "Newest"
  | "Oldest";

/**
 * The time window of a CivitAI sort.
 */
export type CivitaiPeriod = "AllTime" | "Year" | "Month" | "Week" | "Day";

/**
 * Commercial use a CivitAI licence allows.
 */
export type CivitaiCommercialUse = "None" | "Image" | "RentCivit" | "Rent" | "Sell";

/**
 * Which models a listing returns.
 */
export type Include = "all" | "compatible";

/**
 * Which weight files to read the headers of (with HTTP ranges: a few hundred KB per file).
 */
export type Inspect = "off" | "auto" | "recommended" | "all";

/**
 * Options of `getHuggingFaceModel` and `getCivitaiModel`.
 */
export interface GetModelOptions {
  /**
   * `getHuggingFaceModel` only: read weight files' own headers with HTTP ranges. Default
   * `"auto"`: the recommended file, when the record alone leaves its verdict uncertain (a
   * GGUF file named as an Unsloth dynamic quant, `UD` or `_XL`, which may hold tensor types a
   * name does not show; a GGUF file without a quant label; no architecture in the record).
   * The WASM package reads no header: only `"off"`, the default there.
   */
  inspect?: Inspect;
  /**
   * Workers to judge against (default: `defaultWorkerCatalog()`). Not with `worker`.
   */
  catalog?: WorkerCatalog;
  /**
   * One worker to judge against, instead of a catalog. Not with `catalog`.
   */
  worker?: WorkerProfile;
  /**
   * The machine the model should run on: a preset name (`"gpu-12gb"`) or a `Device`.
   * The verdict then says whether the model fits it. With the Hub, its `config.json`
   * (or a quantized GGUF repository's base model's) is read for the model's dimensions.
   */
  device?: DeviceOption;
  /**
   * Site root: the Hub (default `HF_ENDPOINT` in Node, else `https://huggingface.co`; a
   * mirror or a test server) or CivitAI (default `https://civitai.com`; the API is
   * `{endpoint}/api/v1/...`).
   */
  endpoint?: string;
  /**
   * Access token or API key, sent as `Authorization: Bearer` to the endpoint's host only.
   * Default `HF_TOKEN` or `CIVITAI_API_KEY` (Node).
   */
  token?: string;
  /**
   * Retries of a request that failed with 408, 429, 5xx or a connection error
   * (default 3, with backoff and `Retry-After` up to 60 s).
   */
  maxRetries?: number;
}

/**
 * Options of `inspectFile`.
 */
export interface InspectFileOptions {
  /**
   * Read at most this many header bytes per file (default 64 MiB, the largest header a
   * 250k-token vocabulary makes with room to spare). Only header bytes are ever read.
   */
  maxHeaderBytes?: number;
  /**
   * Workers to judge against (default: `defaultWorkerCatalog()`). Not with `worker`.
   */
  catalog?: WorkerCatalog;
  /**
   * One worker to judge against, instead of a catalog. Not with `catalog`.
   */
  worker?: WorkerProfile;
  /**
   * The machine the model should run on: a preset name (`"gpu-12gb"`) or a `Device`.
   * The verdict then says whether the model fits it, from the headers' exact tensor bytes
   * and dimensions.
   */
  device?: DeviceOption;
}

/**
 * How every function that calls a source reaches it: where the source is, the key, how hard
 * to retry. (Which workers judge is not part of it: `catalog` and `worker`.)
 */
export interface ConnectionOptions {
  /**
   * Site root: the Hub (default `HF_ENDPOINT` in Node, else `https://huggingface.co`; a
   * mirror or a test server) or CivitAI (default `https://civitai.com`; the API is
   * `{endpoint}/api/v1/...`).
   */
  endpoint?: string;
  /**
   * Access token or API key, sent as `Authorization: Bearer` to the endpoint's host only.
   * Default `HF_TOKEN` or `CIVITAI_API_KEY` (Node).
   */
  token?: string;
  /**
   * Retries of a request that failed with 408, 429, 5xx or a connection error
   * (default 3, with backoff and `Retry-After` up to 60 s).
   */
  maxRetries?: number;
}

// Weight-file headers (model-headers)

/**
 * The header of one weight file, read from the file itself.
 */
export interface HeaderRead {
  /**
   * The file's path in the repository (or in the model directory).
   */
  file: string;
  /**
   * What the header says.
   */
  facts: HeaderFacts;
  /**
   * HTTP requests made (retries not counted), or reads of a local file.
   */
  requests: number;
  /**
   * Bytes received (or read from the file).
   */
  bytesRead: number;
}

/**
 * Everything one header (or the shards of one model, combined) says.
 */
export interface HeaderFacts {
  format: HeaderFormat;
  /**
   * GGUF version; absent for safetensors.
   */
  version?: number;
  architecture: string | null;
  name?: string;
  /**
   * `general.file_type` (llama.cpp `llama_ftype`): the label the converter chose; the tensor
   * types below are what the file holds.
   */
  fileType?: number;
  contextLength: number | null;
  /**
   * Layers (`{arch}.block_count`).
   */
  blockCount: number | null;
  embeddingLength: number | null;
  feedForwardLength?: PerLayer;
  headCount: PerLayer | null;
  headCountKv: PerLayer | null;
  keyLength: number | null;
  valueLength: number | null;
  slidingWindow: number | null;
  slidingWindowPattern?: SlidingWindowPattern;
  /**
   * MLA latent rank (DeepSeek V2/V3): the KV cache holds this per token, not heads × dims.
   */
  kvLoraRank?: number;
  expertCount: number | null;
  expertUsedCount: number | null;
  vocabSize?: number;
  /**
   * Elements over all tensors (for packed layouts: the stored elements, as the Hub counts them).
   */
  parameters: number;
  /**
   * Exact bytes of the tensor data; null when a GGUF tensor has a type id this reader does
   * not know.
   */
  weightsBytes: number | null;
  tensorCount: number;
  /**
   * Type name (ggml type or safetensors dtype) to the number of tensors of that type.
   */
  tensorTypes: Record<string, number>;
  /**
   * Type name to the elements stored in it.
   */
  parametersByType: Record<string, number>;
  split?: GgufSplit;
  quantization?: SafetensorsQuant;
  /**
   * safetensors `__metadata__`.
   */
  metadata?: { [key in string]?: string };
  /**
   * Bytes before the tensor data (what a reader must fetch).
   */
  headerBytes: number;
}

export type HeaderFormat = "gguf" | "safetensors";

/**
 * A number that is the same for every layer, or given per layer (GGUF allows an array for
 * `head_count` and `head_count_kv`; Gemma 4 and LFM2 use it).
 */
export type PerLayer = number | Array<number>;

/**
 * `{arch}.attention.sliding_window_pattern`: one full-attention layer every N layers, or per
 * layer `true` for a sliding-window layer (gguf-py `add_sliding_window_pattern`).
 */
export type SlidingWindowPattern = number | Array<boolean>;

/**
 * `split.no`, `split.count`, `split.tensors.count` of a GGUF shard (gguf-split).
 */
export interface GgufSplit {
  /**
   * 0-based.
   */
  no: number;
  count: number;
  tensors: number | null;
}

/**
 * A quantized safetensors layout, recognised from dtypes and tensor names.
 */
export type SafetensorsQuant =
  | "fp8"
  | "fp4"
  | "gptq"
  | "awq"
  | "packed-int"
  | "bitsandbytes-nf4"
  | "bitsandbytes-fp4"
  | "bitsandbytes-int8";

// Clients: createClient

/**
 * Options of `createClient`.
 */
export interface ClientOptions {
  /**
   * Keep the sources' answers in memory, for the calls of this client (a server rendering
   * the same listings again and again). Absent: no cache. Node addon only: the WASM build
   * accepts and checks it, and keeps nothing (the browser's HTTP cache is the cache there).
   */
  cache?: CacheOptions;
}

/**
 * The in-memory cache of a client. It keeps each successful answer of a source (a listing
 * page, a model, a `config.json`), keyed by the request's URL (endpoint, query, page) and a
 * hash of the token (never the token: two tokens never share an answer). Verdicts are not
 * kept: each call judges with its own `catalog` or `worker`. Errors are never kept.
 */
export interface CacheOptions {
  /**
   * How long an answer is used without asking the source again, in milliseconds (default
   * 60000). Past it, the source is asked again, with `If-None-Match` when it sent an `ETag`
   * (a `304 Not Modified` keeps the answer for another `ttlMs`).
   */
  ttlMs?: number;
  /**
   * How long past `ttlMs` an answer is still used at once while it is refreshed in the
   * background, in milliseconds (default 0: a stale answer waits for the source).
   */
  staleWhileRevalidateMs?: number;
  /**
   * The most answers kept, at least 1 (default 500); the least recently used goes first.
   */
  maxEntries?: number;
}

/**
 * What `createClient` returns: the async functions, as methods that share the client's
 * settings (its `cache`). Same options, results and errors as the functions of the same name.
 */
export interface ModelCompatClient {
  getCompatibleHuggingFaceModels(options?: HuggingFaceOptions): Promise<Array<Model>>;
  listHuggingFaceModels(options?: HuggingFaceOptions): Promise<Array<Model>>;
  listHuggingFaceModelsPage(options?: HuggingFaceOptions): Promise<ModelPage>;
  getHuggingFaceModel(id: string, options?: GetModelOptions): Promise<Model>;
  getCompatibleCivitaiModels(filters?: CivitaiFilters): Promise<Array<Model>>;
  listCivitaiModels(filters?: CivitaiFilters): Promise<Array<Model>>;
  listCivitaiModelsPage(filters?: CivitaiFilters): Promise<ModelPage>;
  getCivitaiModel(id: number | string, options?: GetModelOptions): Promise<Model>;
  /**
   * Drops every answer the cache keeps (nothing to drop without a cache).
   */
  clearCache(): void;
}

// Results

/**
 * A model as the marketplace shows it: display fields, the facts the rules read
 * (`metadata`) and the verdict (`compatibility`).
 *
 * This is the Rust `ModelEntry` with one rename: its `sizeBytes` is `size` here.
 */
export interface Model {
  /**
   * `owner/name` on the Hub; the numeric model id, as a string, on CivitAI.
   */
  id: string;
  name: string;
  source: Source;
  author?: string;
  /**
   * CivitAI: the description as sent (HTML). The Hub's listings carry none.
   */
  description?: string;
  downloads?: number;
  likes?: number;
  /**
   * Size in bytes of the file to download (the recommended file, all its parts): as the
   * record states it or, when it states none, estimated from the parameter count and the
   * quantization (`sizeEstimated`).
   */
  size?: number;
  /**
   * `size` is an estimate, not the files' stated size.
   */
  sizeEstimated?: boolean;
  tags: Array<string>;
  /**
   * A preview image (CivitAI).
   */
  imageUrl?: string;
  /**
   * ISO 8601 timestamp, as the API sent it.
   */
  createdAt?: string;
  /**
   * ISO 8601 timestamp, as the API sent it.
   */
  lastModified?: string;
  /**
   * Parameter count, when the record states it.
   */
  parameters?: number;
  /**
   * The licence's id (the Hub's `cardData.license` or `license:` tag, e.g. `apache-2.0`;
   * the same as `metadata.license`). CivitAI names none: see `permissions`.
   */
  license?: string;
  /**
   * What the licence allows, when the source states it (CivitAI).
   */
  permissions?: LicensePermissions;
  /**
   * The model's page on its site.
   */
  url?: string;
  /**
   * Fields of the record that could not be read (wrong type, say); the rest was.
   */
  notes?: Array<string>;
  metadata: ModelMetadata;
  compatibility: CompatibilityResult;
  /**
   * The weight-file headers read (the `inspect` option, `inspectFile`): per file, what its
   * header says. Their facts are in `metadata` too. Absent when none was read.
   */
  headers?: Array<HeaderRead>;
}

/**
 * What a model's licence allows, as CivitAI states it (`allowCommercialUse`,
 * `allowDerivatives`, `allowDifferentLicense`, `allowNoCredit`). Absent: not stated.
 */
export interface LicensePermissions {
  /**
   * The commercial uses allowed (`Image`, `RentCivit`, `Rent`, `Sell`); empty: none.
   */
  commercialUse?: Array<string>;
  /**
   * Derivatives (merges, fine-tunes) may be shared.
   */
  derivatives?: boolean;
  /**
   * Derivatives may carry a different licence.
   */
  differentLicense?: boolean;
  /**
   * Use without crediting the creator is allowed.
   */
  noCredit?: boolean;
}

/**
 * One page of a listing (`listHuggingFaceModelsPage`, `listCivitaiModelsPage`), for
 * "load more": pass `nextCursor` back as `cursor`, with the same filters, for the next one.
 */
export interface ModelPage {
  /**
   * The models of the source pages read (those `include` keeps), in listing order. Whole
   * source pages are read, so there may be more than `limit`.
   */
  models: Array<Model>;
  /**
   * Where the next page starts (opaque; it holds the ids already returned, so that a
   * model the source repeats is not returned twice). Absent once the listing is exhausted.
   */
  nextCursor?: string;
  /**
   * Models read by this call, compatible or not.
   */
  scanned: number;
  /**
   * The listing has no more models.
   */
  exhausted: boolean;
  /**
   * Why this page ended.
   */
  stoppedBy: StopReason;
}

/**
 * Why a page of a listing ended: enough models, the listing's end, or `maxPages`.
 */
export type StopReason = "limit-reached" | "exhausted" | "max-pages";

/**
 * One model `filterCompatibleModels` kept: the metadata it was given, and its verdict.
 */
export interface CompatibleModel {
  metadata: ModelMetadata;
  compatibility: CompatibilityResult;
}

/**
 * Models read once by `prepareModels`, for `filterCompatibleModels` and
 * `filterCompatibleIndices` over the same models again and again (other catalogs, other
 * workers): the Node addon keeps them in its own form and reads nothing again. Opaque: read
 * only `length`. A snapshot: later changes to the array or its objects are not seen.
 */
export interface ModelSet {
  /**
   * How many models it holds.
   */
  readonly length: number;
}

/**
 * Which binding artifact the generated loader actually loaded: `'native'` for
 * a native addon, otherwise the `platformArchABI` of the WASI flavor. Every
 * flavor napi-rs can build is listed, because `NAPI_RS_NATIVE_LIBRARY_PATH`
 * can point the loader at a WASI artifact this package does not build itself.
 */
export declare const __napiBindingTarget: 'native' | 'wasm32-wasi' | 'wasm32-wasip1'

/**
 * Judges a model against one worker (on `options.device`, when given).
 *
 * Throws a `ModelCompatError` with code `INVALID_ARGUMENT` when `metadata` is not
 * `ModelMetadata`, `worker` is not a `WorkerProfile` with an id or `options.device` not a device.
 */
export declare function checkModelWorkerCompatibility(metadata: ModelMetadata, worker: WorkerProfile, options?: JudgeOptions): CompatibilityResult

/**
 * A client: the async functions above as methods sharing one cache of the sources' answers
 * (`cache` in `options`). `index.js` wraps the handle this returns in a `ModelCompatClient`
 * whose methods call the `client*` functions below with it.
 *
 * Throws a `ModelCompatError` with code `INVALID_ARGUMENT` for bad options.
 */
export declare function createClient(options?: ClientOptions): ModelCompatClient

/**
 * The product's workers (`llm-worker`, `sd-worker`): what each runs. The starting point
 * for a custom catalog; every function judges against it by default.
 */
export declare function defaultWorkerCatalog(): WorkerCatalog

/**
 * Reads the facts the rules need from a CivitAI model object (the body of
 * `/api/v1/models/{id}`, or one item of `/api/v1/models`). A model-version object (the
 * body of `/api/v1/model-versions/{id}`: it has `modelId` or `files` and no
 * `modelVersions`) is read as a model with that one version.
 *
 * Throws a `ModelCompatError` with code `INVALID_ARGUMENT` when `record` is not an
 * object or not a CivitAI model or version.
 */
export declare function extractCivitaiMetadata(record: object): ModelMetadata

/**
 * Reads the facts the rules need from a HuggingFace Hub model object (the body of
 * `/api/models/{id}`, or one item of `/api/models`, ideally with `expand[]` fields such
 * as `config`, `gguf`, `safetensors`, `siblings`). Wrong-typed fields are read as absent.
 *
 * Throws a `ModelCompatError` with code `INVALID_ARGUMENT` when `record` is not an
 * object.
 */
export declare function extractHuggingFaceMetadata(record: object): ModelMetadata

/**
 * The positions of the models some worker of the catalog (default: `defaultWorkerCatalog()`)
 * runs, in order (on `options.device`, fitting as `options.fit` asks): the yes or no of
 * `filterCompatibleModels`, without the verdicts. `models` may be a `ModelSet` from
 * `prepareModels`, which is read without converting it again.
 *
 * Throws a `ModelCompatError` with code `INVALID_ARGUMENT` when `models` is not an array of
 * `ModelMetadata` (or a `ModelSet`), `catalog` is not a valid catalog or `options` not valid.
 */
export declare function filterCompatibleIndices(models: Array<ModelMetadata> | ModelSet, catalog?: WorkerCatalog, options?: JudgeOptions): Array<number>

/**
 * Keeps the models some worker of the catalog (default: `defaultWorkerCatalog()`) runs,
 * in their order, each with its verdict. Each `metadata` is the object that was passed in
 * (to `prepareModels`, for a `ModelSet`). With `options.device`, judged on that machine;
 * with `options.fit` too, only the models that fit it as asked.
 *
 * Throws a `ModelCompatError` with code `INVALID_ARGUMENT` when `models` is not an
 * array of `ModelMetadata`, `catalog` is not a valid catalog or `options` not valid.
 */
export declare function filterCompatibleModels(models: Array<ModelMetadata> | ModelSet, catalog?: WorkerCatalog, options?: JudgeOptions): Array<CompatibleModel>

/**
 * One CivitAI model by id (a positive integer, or its decimal string), with its verdict
 * and one verdict per version.
 *
 * Rejects with a `ModelCompatError`: `NOT_FOUND` for an unknown id, `INVALID_ARGUMENT`
 * for an id that is not a positive integer.
 */
export declare function getCivitaiModel(id: number | string, options?: GetModelOptions): Promise<Model>

/**
 * Lists CivitAI models and returns the first `limit` (default 20) that some worker of
 * the catalog runs, each with its verdict (and one verdict per version). Reads pages
 * (by cursor) until that many are found, the listing ends, or `maxPages` (default 10)
 * pages were read.
 *
 * Rejects with a `ModelCompatError` (see `getCompatibleHuggingFaceModels`).
 */
export declare function getCompatibleCivitaiModels(filters?: CivitaiFilters): Promise<Array<Model>>

/**
 * Lists HuggingFace Hub models and returns the first `limit` (default 20) that some
 * worker of the catalog runs, each with its verdict. Reads pages until that many are
 * found, the listing ends, or `maxPages` (default 10) pages were read.
 *
 * Rejects with a `ModelCompatError`: `INVALID_ARGUMENT` for bad options, else the
 * HTTP or network failure (`RATE_LIMITED`, `UNAUTHORIZED`, `FORBIDDEN`, `NOT_FOUND`,
 * `HTTP_ERROR`, `DECODE_ERROR`, `NETWORK_ERROR`), with `status` when there was one.
 */
export declare function getCompatibleHuggingFaceModels(options?: HuggingFaceOptions): Promise<Array<Model>>

/**
 * One HuggingFace Hub model by id (`owner/name`), with its verdict. Its `config.json`
 * is read when the record does not state the context length.
 *
 * Rejects with a `ModelCompatError`: `NOT_FOUND` for an unknown id, `INVALID_ARGUMENT`
 * for an id that cannot be a Hub id.
 */
export declare function getHuggingFaceModel(id: string, options?: GetModelOptions): Promise<Model>

/**
 * One model on the local disk, judged: a weight file (`.gguf`, `.safetensors`), the shards of
 * one model (one shard brings its siblings), or a model directory with its config.json (a
 * HuggingFace cache snapshot too). Only header bytes of weight files are read, never whole
 * files; `headers` lists what each header says.
 *
 * Rejects with a `ModelCompatError`: `FILE_ERROR` for a file that cannot be read (missing,
 * not a regular file), `INVALID_HEADER` for a weight file whose header is not readable,
 * `HEADER_TOO_LARGE` past `maxHeaderBytes`, `INVALID_ARGUMENT` for bad arguments.
 */
export declare function inspectFile(file: string | Array<string>, options?: InspectFileOptions): Promise<Model>

/**
 * Judges a model against a catalog of workers (default: `defaultWorkerCatalog()`): it
 * is compatible when some worker runs it. With `options.device` (a preset name or a
 * `Device`), also whether it fits that machine and which file fits best.
 *
 * Throws a `ModelCompatError` with code `INVALID_ARGUMENT` when `metadata` is not
 * `ModelMetadata`, `catalog` is not a valid catalog or `options.device` not a device.
 */
export declare function isModelCompatible(metadata: ModelMetadata, catalog?: WorkerCatalog, options?: JudgeOptions): CompatibilityResult

/**
 * Lists CivitAI models, compatible or not: the first `limit` (default 20) of the
 * listing, each with its verdict.
 *
 * Rejects with a `ModelCompatError` (see `getCompatibleHuggingFaceModels`).
 */
export declare function listCivitaiModels(filters?: CivitaiFilters): Promise<Array<Model>>

/**
 * One page of a CivitAI listing, for "load more" (see `listHuggingFaceModelsPage`).
 *
 * Rejects with a `ModelCompatError` (see `getCompatibleHuggingFaceModels`);
 * `INVALID_ARGUMENT` for a `cursor` that is not a `nextCursor`.
 */
export declare function listCivitaiModelsPage(filters?: CivitaiFilters): Promise<ModelPage>

/**
 * Lists HuggingFace Hub models, compatible or not: the first `limit` (default 20) of the
 * listing, each with its verdict.
 *
 * Rejects with a `ModelCompatError` (see `getCompatibleHuggingFaceModels`).
 */
export declare function listHuggingFaceModels(options?: HuggingFaceOptions): Promise<Array<Model>>

/**
 * One page of a HuggingFace Hub listing, for "load more": whole pages of the listing are
 * read until `limit` (default 20) models are kept (`include`: `"all"` by default, or
 * `"compatible"`), the listing ends, or `maxPages` (default 10) pages were read. Pass
 * `nextCursor` back as `cursor`, with the same options, for the next page.
 *
 * Rejects with a `ModelCompatError` (see `getCompatibleHuggingFaceModels`);
 * `INVALID_ARGUMENT` for a `cursor` that is not a `nextCursor`.
 */
export declare function listHuggingFaceModelsPage(options?: HuggingFaceOptions): Promise<ModelPage>

/**
 * Reads `models` once into the addon's own form, for filters that run over the same models
 * again and again (other catalogs, other workers): `filterCompatibleModels` and
 * `filterCompatibleIndices` take the `ModelSet` and read nothing again. A snapshot: later
 * changes to `models` are not seen.
 *
 * Throws a `ModelCompatError` with code `INVALID_ARGUMENT` when `models` is not an array of
 * `ModelMetadata`.
 */
export declare function prepareModels(models: Array<ModelMetadata>): ModelSet
