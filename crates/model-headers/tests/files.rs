//! What the reader says about each generated file, file by file.

mod common;

use model_headers::{
    Format, GgmlType, HeaderError, HeaderFacts, Limits, PerLayer, SafetensorsQuant, SlidingWindowPattern, gguf,
    read_header,
};

use common::{file, read_growing};

fn facts(name: &str) -> HeaderFacts {
    read_header(&file(name), &Limits::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn ud_file_named_k_quant_holds_iq4_xs_tensors() {
    let f = facts("Qwen3-0.6B-UD-Q4_K_XL.gguf");
    assert_eq!(f.architecture.as_deref(), Some("qwen3"));
    assert_eq!(f.tensor_types.get("IQ4_XS"), Some(6));
    assert_eq!(f.tensor_types.get("Q4_K"), Some(6));
    assert_eq!((f.key_length, f.value_length), (Some(128), Some(128)));
    assert_eq!(f.head_count_kv, Some(PerLayer::All(8)));
}

#[test]
fn gemma3_sliding_window_and_per_layer_arrays() {
    let g = facts("gemma-3-tiny-Q8_0.gguf");
    assert_eq!(g.sliding_window, Some(1024));
    assert_eq!(g.sliding_window_pattern, Some(SlidingWindowPattern::Every(6)));
    assert_eq!(g.key_length, Some(256));
    let h = facts("hybrid-per-layer-BF16.gguf");
    assert_eq!(h.head_count_kv, Some(PerLayer::Layers(vec![0, 2, 0, 2])));
    assert_eq!(h.head_count_kv.as_ref().map(PerLayer::max), Some(2));
    assert_eq!(h.sliding_window_pattern, Some(SlidingWindowPattern::Layers(vec![true, false, true, false])));
    assert_eq!((h.expert_count, h.expert_used_count), (Some(8), Some(2)));
}

#[test]
fn every_value_type_and_nested_arrays_decode() {
    let bytes = file("tiny-llama-Q4_K_M.gguf");
    let h = gguf::parse(&bytes, &Limits::default()).unwrap();
    let get = |k: &str| *h.get(k).unwrap_or_else(|| panic!("{k}"));
    assert_eq!(get("test.u8"), gguf::Value::U8(200));
    assert_eq!(get("test.i8"), gguf::Value::I8(-100));
    assert_eq!(get("test.u16"), gguf::Value::U16(60000));
    assert_eq!(get("test.i16"), gguf::Value::I16(-30000));
    assert_eq!(get("test.u32"), gguf::Value::U32(4_000_000_000));
    assert_eq!(get("test.i32"), gguf::Value::I32(-2_000_000_000));
    assert_eq!(get("test.f32"), gguf::Value::F32(1.5));
    assert_eq!(get("test.u64"), gguf::Value::U64((1 << 63) + 5));
    assert_eq!(get("test.i64"), gguf::Value::I64(-(1 << 62)));
    assert_eq!(get("test.f64"), gguf::Value::F64(2.25));
    assert_eq!(get("test.bool"), gguf::Value::Bool(true));
    assert_eq!(get("test.string").as_str(), Some("héllo"));
    let nested: Vec<Vec<u64>> = get("test.nested")
        .as_array()
        .unwrap()
        .iter()
        .map(|inner| inner.as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect())
        .collect();
    assert_eq!(nested, [vec![1, 2], vec![3, 4, 5], vec![6]]);
    let strings: Vec<&str> = get("test.strings").as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(strings, ["a", "", "ü"]);
    let bools: Vec<_> = get("test.bools").as_array().unwrap().iter().collect();
    assert_eq!(bools, [gguf::Value::Bool(true), gguf::Value::Bool(false)]);
    assert_eq!(h.get("tokenizer.ggml.tokens").and_then(|v| v.as_array()).map(|a| a.len()), Some(300));
    let t = h.tensors.iter().find(|t| t.name == "blk.1.ffn_down.weight").unwrap();
    assert_eq!(t.dims(), [512, 256]);
    assert_eq!(t.ggml_type.to_string(), "Q6_K");
    // 256 rows of 2 Q6_K blocks of 210 bytes.
    assert_eq!(t.bytes, Some(256 * 2 * 210));
}

#[test]
fn every_known_type_has_exact_bytes() {
    let bytes = file("every-type.gguf");
    let h = gguf::parse(&bytes, &Limits::default()).unwrap();
    for t in &h.tensors {
        let (block, size) = t.ggml_type.block().unwrap_or_else(|| panic!("{} unknown", t.name));
        // Written as 3 rows of 2 blocks.
        assert_eq!(t.dims(), [block * 2, 3], "{}", t.name);
        assert_eq!(t.bytes, Some(3 * 2 * size), "{}", t.name);
        assert_eq!(t.name, format!("t.{}", t.ggml_type), "type name as gguf-py spells it");
    }
    // Every type gguf-py 0.19 knows; Q2_0 (42) only huggingface.js knows so far.
    let known_here = GgmlType::known().count();
    assert_eq!(h.tensors.len() + 1, known_here);
}

#[test]
fn unknown_type_id_is_kept_as_a_number() {
    let f = facts("unknown-type.gguf");
    assert_eq!(f.tensor_types.get("ggml_type_31"), Some(1));
    assert_eq!(f.weights_bytes, None, "bytes of an unknown type are not known");
    assert_eq!(f.parameters, 128);
}

#[test]
fn split_shards_combine() {
    let shards: Vec<HeaderFacts> = (1..=3).map(|i| facts(&format!("split-model-0000{i}-of-00003.gguf"))).collect();
    assert_eq!(shards[1].architecture, None, "later shards carry no model keys");
    let all = HeaderFacts::combine(&shards).unwrap();
    assert_eq!(all.split.map(|s| (s.count, s.tensors)), Some((3, Some(7))));
    assert_eq!(all.tensor_count, 7);
    assert_eq!(all.architecture.as_deref(), Some("llama"));
    assert_eq!(all.parameters, shards.iter().map(|s| s.parameters).sum::<u64>());
}

#[test]
fn vocab_only_big_endian_and_v2() {
    let v = facts("ggml-vocab-llama.gguf");
    assert_eq!((v.tensor_count, v.parameters, v.vocab_size), (0, 0, Some(1000)));
    let be_bytes = file("big-endian-F32.gguf");
    let be = gguf::parse(&be_bytes, &Limits::default()).unwrap();
    assert_eq!(be.endian, gguf::Endian::Big);
    assert_eq!(facts("big-endian-F32.gguf").head_count_kv, Some(PerLayer::Layers(vec![1, 2])));
    assert_eq!(facts("v2-model.gguf").version, Some(2));
}

#[test]
fn safetensors_layouts() {
    let table = [
        ("dense-bf16.safetensors", None),
        ("fp8.safetensors", Some(SafetensorsQuant::Fp8)),
        ("gptq.safetensors", Some(SafetensorsQuant::Gptq)),
        ("awq.safetensors", Some(SafetensorsQuant::Awq)),
        ("bnb-nf4.safetensors", Some(SafetensorsQuant::BitsandbytesNf4)),
        ("bnb-int8.safetensors", Some(SafetensorsQuant::BitsandbytesInt8)),
        ("nvfp4.safetensors", Some(SafetensorsQuant::Fp4)),
    ];
    for (name, quant) in table {
        let f = facts(name);
        assert_eq!(f.format, Format::Safetensors);
        assert_eq!(f.quantization, quant, "{name}");
    }
    assert_eq!(facts("dense-bf16.safetensors").metadata.get("format"), Some("pt"));
}

#[test]
fn big_header_grows_in_few_reads() {
    let bytes = file("big-header-Q4_K_M.gguf");
    let (f, reads) = read_growing(&bytes, model_headers::FIRST_READ as usize);
    let f = f.unwrap();
    assert_eq!((f.tensor_count, f.vocab_size), (3000, Some(151_936)));
    // 256 KiB, then jumps to what the vocabulary array says it needs, then doubling.
    assert!(reads <= 8, "{reads} reads");
}

/// Lies in real headers: the counts of a real file replaced by huge ones.
#[test]
fn lying_counts_are_typed_errors() {
    let bytes = file("tiny-llama-Q4_K_M.gguf");
    let mut lie = bytes.clone();
    lie[8..16].copy_from_slice(&(1u64 << 40).to_le_bytes()); // tensor count
    assert!(matches!(read_header(&lie, &Limits::default()), Err(HeaderError::OverLimit { .. })));
    let mut lie = bytes.clone();
    lie[8..16].copy_from_slice(&(1u64 << 19).to_le_bytes()); // within the count limit
    // 2^19 tensor infos take at least 24 bytes each: more than the file, asked for at once.
    let need = read_header(&lie, &Limits::default()).unwrap_err().needed().unwrap();
    assert!(need > 24 << 19 && need > bytes.len() as u64, "{need}");
    let four_mib = Limits { max_header_bytes: 4 << 20, ..Limits::default() };
    assert!(matches!(read_header(&lie, &four_mib), Err(HeaderError::HeaderTooLarge { .. })));
    // The first key's length.
    let mut lie = bytes.clone();
    lie[24..32].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(matches!(read_header(&lie, &Limits::default()), Err(HeaderError::HeaderTooLarge { .. })));
    // A limit below the real header size.
    let small = Limits { max_header_bytes: 1024, ..Limits::default() };
    assert!(matches!(read_header(&bytes, &small), Err(HeaderError::HeaderTooLarge { limit: 1024, .. })));
}

#[test]
fn facts_become_the_plain_data_the_verdict_takes() {
    let ud = facts("Qwen3-0.6B-UD-Q4_K_XL.gguf").to_file_header();
    assert_eq!(ud.format, compat_core::WeightFormat::Gguf);
    assert_eq!((ud.architecture.as_deref(), ud.context_length), (Some("qwen3"), Some(40960)));
    let d = &ud.dimensions;
    assert_eq!(
        (d.layers, d.heads, d.kv_heads, d.key_length, d.vocab_size),
        (Some(3), Some(16), Some(8), Some(128), Some(512))
    );
    assert_eq!(ud.tensor_types.get("IQ4_XS"), Some(6));
    // Per-layer counts become their largest value.
    let hybrid = facts("hybrid-per-layer-BF16.gguf").to_file_header();
    assert_eq!((hybrid.dimensions.kv_heads, hybrid.dimensions.sliding_window), (Some(2), Some(512)));
    assert_eq!((hybrid.dimensions.experts, hybrid.dimensions.experts_used), (Some(8), Some(2)));
    // A safetensors layout by the name serde gives it.
    for (name, method) in
        [("gptq.safetensors", "gptq"), ("bnb-nf4.safetensors", "bitsandbytes-nf4"), ("fp8.safetensors", "fp8")]
    {
        let f = facts(name);
        assert_eq!(serde_json::to_value(f.quantization).unwrap(), method, "{name}");
        let header = f.to_file_header();
        assert_eq!(
            (header.format, header.quantization.as_deref()),
            (compat_core::WeightFormat::Safetensors, Some(method))
        );
    }
    assert_eq!(facts("dense-bf16.safetensors").to_file_header().quantization, None);
}
