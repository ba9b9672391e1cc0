//! safetensors headers: an 8-byte little-endian length, then that many bytes of JSON mapping each
//! tensor name to `{dtype, shape, data_offsets}`, plus an optional `__metadata__` string map
//! (huggingface/safetensors `docs` and `safetensors/src/tensor.rs`).

use compat_core::StringMap;
use serde_json::Value as Json;

use crate::error::HeaderError;

/// The JSON header may not be longer (`MAX_HEADER_SIZE` in safetensors `tensor.rs`: 100 MB).
pub const MAX_HEADER_BYTES: u64 = 100_000_000;

/// Bits per element of each dtype (safetensors `Dtype::bitsize`: 0.6 added the sub-byte F4/F6
/// types and F8_E8M0; the FNUZ float8 codes are those PyPI safetensors 0.8.0 writes for torch's
/// `float8_e4m3fnuz`/`float8_e5m2fnuz`).
const DTYPE_BITS: &[(&str, u64)] = &[
    ("BOOL", 8),
    ("F4", 4),
    ("F6_E2M3", 6),
    ("F6_E3M2", 6),
    ("U8", 8),
    ("I8", 8),
    ("F8_E5M2", 8),
    ("F8_E4M3", 8),
    ("F8_E8M0", 8),
    ("F8_E4M3FNUZ", 8),
    ("F8_E5M2FNUZ", 8),
    ("I16", 16),
    ("U16", 16),
    ("F16", 16),
    ("BF16", 16),
    ("I32", 32),
    ("U32", 32),
    ("F32", 32),
    ("C64", 64),
    ("F64", 64),
    ("I64", 64),
    ("U64", 64),
];

/// Bits per element of a dtype name, `None` when safetensors does not define it.
pub fn dtype_bits(dtype: &str) -> Option<u64> {
    DTYPE_BITS.iter().find(|(name, _)| *name == dtype).map(|&(_, bits)| bits)
}

/// One tensor entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafetensorsTensor {
    pub name: String,
    pub dtype: String,
    pub shape: Vec<u64>,
    pub elements: u64,
    /// `end - begin` of `data_offsets`: exact even for a dtype this reader does not know.
    pub bytes: u64,
    pub data_offsets: (u64, u64),
}

/// A parsed safetensors header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafetensorsHeader {
    /// Tensors in data order.
    pub tensors: Vec<SafetensorsTensor>,
    pub metadata: StringMap,
    /// 8 + the JSON length: where the data starts.
    pub header_bytes: u64,
}

/// Whether `prefix` starts like a safetensors file: a plausible length and a JSON object.
pub fn looks_like(prefix: &[u8]) -> bool {
    match prefix.get(..9) {
        Some(start) => {
            let mut len = [0u8; 8];
            len.copy_from_slice(&start[..8]);
            let len = u64::from_le_bytes(len);
            start[8] == b'{' && (2..=MAX_HEADER_BYTES).contains(&len)
        }
        None => false,
    }
}

/// Reads the header from `prefix`; too short a prefix gives [`HeaderError::NeedMoreBytes`].
pub fn parse(prefix: &[u8], max_header_bytes: u64) -> Result<SafetensorsHeader, HeaderError> {
    let limit = max_header_bytes.min(MAX_HEADER_BYTES);
    let have = prefix.len() as u64;
    let Some(len) = prefix.get(..8) else {
        return Err(HeaderError::NeedMoreBytes { have, need: 8 });
    };
    let mut raw = [0u8; 8];
    raw.copy_from_slice(len);
    let len = u64::from_le_bytes(raw);
    if len > limit {
        return Err(HeaderError::HeaderTooLarge { need: len.saturating_add(8), limit });
    }
    // len ≤ limit, far below u64::MAX.
    let header_bytes = len.saturating_add(8);
    if have < header_bytes {
        return Err(HeaderError::NeedMoreBytes { have, need: header_bytes });
    }
    // header_bytes ≤ have, so it fits a usize.
    let json = &prefix[8..header_bytes as usize];
    // Read as a `Value`, the one JSON shape the HTTP client also reads bytes into: a WASM
    // module then holds one copy of the deserializer, not a second one for a `Map`.
    let map = match serde_json::from_slice(json).map_err(HeaderError::Json)? {
        Json::Object(map) => map,
        _ => return Err(HeaderError::BadSafetensors("the header is not a JSON object".to_owned())),
    };

    let bad = |msg: String| HeaderError::BadSafetensors(msg);
    let mut metadata = StringMap::new();
    let mut tensors = Vec::new();
    for (name, entry) in map {
        if name == "__metadata__" {
            let Json::Object(fields) = entry else {
                return Err(bad("__metadata__ is not an object".to_owned()));
            };
            for (k, v) in fields {
                let Json::String(v) = v else {
                    return Err(bad(format!("__metadata__ value of `{k}` is not a string")));
                };
                metadata.insert(k, v);
            }
            continue;
        }
        tensors.push(tensor(name, &entry)?);
    }

    // Like safetensors' own validation: the data is one run of tensors, no gaps, no overlaps.
    tensors.sort_by_key(|t| t.data_offsets);
    let mut end = 0u64;
    for t in &tensors {
        if t.data_offsets.0 != end {
            return Err(bad(format!(
                "tensor `{}` starts at {} where the previous one ends at {end}",
                t.name, t.data_offsets.0
            )));
        }
        end = t.data_offsets.1;
    }
    Ok(SafetensorsHeader { tensors, metadata, header_bytes })
}

fn tensor(name: String, entry: &Json) -> Result<SafetensorsTensor, HeaderError> {
    let bad = |reason: &str| HeaderError::BadTensor { tensor: name.clone(), reason: reason.to_owned() };
    let dtype = entry.get("dtype").and_then(Json::as_str).ok_or_else(|| bad("no string `dtype`"))?.to_owned();
    let shape: Vec<u64> = entry
        .get("shape")
        .and_then(Json::as_array)
        .ok_or_else(|| bad("no array `shape`"))?
        .iter()
        .map(|d| d.as_u64().ok_or_else(|| bad("a dimension is not a non-negative integer")))
        .collect::<Result<_, _>>()?;
    let offsets = entry.get("data_offsets").and_then(Json::as_array).ok_or_else(|| bad("no `data_offsets`"))?;
    let (Some(begin), Some(end), 2) =
        (offsets.first().and_then(Json::as_u64), offsets.get(1).and_then(Json::as_u64), offsets.len())
    else {
        return Err(bad("`data_offsets` is not two non-negative integers"));
    };
    let Some(bytes) = end.checked_sub(begin) else {
        return Err(bad("`data_offsets` end before they begin"));
    };
    let elements = shape.iter().try_fold(1u64, |acc, &d| acc.checked_mul(d)).ok_or_else(|| bad("shape overflows"))?;
    if let Some(bits) = dtype_bits(&dtype) {
        let expected = elements.checked_mul(bits).ok_or_else(|| bad("byte size overflows"))?;
        if expected % 8 != 0 || expected / 8 != bytes {
            return Err(HeaderError::BadTensor {
                tensor: name.clone(),
                reason: format!("{elements} × {dtype} is {expected} bits but data_offsets span {bytes} bytes"),
            });
        }
    }
    Ok(SafetensorsTensor { name, dtype, shape, elements, bytes, data_offsets: (begin, end) })
}
