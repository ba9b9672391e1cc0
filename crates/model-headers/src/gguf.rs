//! GGUF v2 and v3 headers: the metadata key/values and the tensor infos, read from a prefix of the
//! file without copying it.
//!
//! Layout (ggml `docs/gguf.md`; llama.cpp `ggml/src/gguf.cpp`): magic `GGUF`, u32 version, u64
//! tensor count, u64 key/value count, the key/values (string key, u32 value type, value), the
//! tensor infos (string name, u32 n_dims, n_dims × u64 dims, u32 ggml type, u64 offset into the
//! data section), then padding to `general.alignment` (default 32). Strings are a u64 byte length
//! and the bytes. v1 used u32 counts and is not read. v3 files may be big-endian: the version then
//! reads with its low 16 bits zero (gguf-py `GGUFReader` detects it the same way).
//!
//! Nothing is allocated from a count the file gives: arrays are walked to find their end and kept
//! as a slice of the input, decoded on demand; the key/value and tensor lists grow one parsed
//! entry at a time. A count is first checked against the bytes it would need at the least, so a
//! lying count ends in [`HeaderError::HeaderTooLarge`] (or a request for more bytes), never in a
//! long loop over bytes that are not there.

use crate::error::HeaderError;
use crate::ggml_type::GgmlType;

pub const MAGIC: &[u8; 4] = b"GGUF";

/// `GGML_MAX_DIMS` (llama.cpp `ggml/include/ggml.h`): gguf.cpp rejects tensors with more.
pub const MAX_DIMS: u32 = 4;

/// `GGUF_DEFAULT_ALIGNMENT` (llama.cpp `ggml/include/gguf.h`).
pub const DEFAULT_ALIGNMENT: u64 = 32;

/// The least bytes one key/value takes: key length, value type, a one-byte value.
const MIN_KV_BYTES: u64 = 8 + 4 + 1;
/// The least bytes one tensor info takes: name length, n_dims (0), type, offset.
const MIN_TENSOR_INFO_BYTES: u64 = 8 + 4 + 4 + 8;

/// Bounds on what a header may claim. The defaults hold every real model seen (the largest
/// headers, 250k-token vocabularies with merges, are around 10 MiB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The header (up to the end of the tensor infos) may not be longer.
    pub max_header_bytes: u64,
    pub max_tensors: u64,
    pub max_kv: u64,
    /// Arrays of arrays nest at most this deep (the spec allows nesting; llama.cpp writes none).
    pub max_array_depth: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self { max_header_bytes: 64 << 20, max_tensors: 1 << 20, max_kv: 1 << 20, max_array_depth: 8 }
    }
}

/// Byte order of the numbers in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Endian {
    Little,
    Big,
}

/// A metadata value type (`gguf_type` in gguf.h).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    U8,
    I8,
    U16,
    I16,
    U32,
    I32,
    F32,
    Bool,
    String,
    Array,
    U64,
    I64,
    F64,
}

impl ValueType {
    fn from_id(id: u32) -> Option<Self> {
        Some(match id {
            0 => Self::U8,
            1 => Self::I8,
            2 => Self::U16,
            3 => Self::I16,
            4 => Self::U32,
            5 => Self::I32,
            6 => Self::F32,
            7 => Self::Bool,
            8 => Self::String,
            9 => Self::Array,
            10 => Self::U64,
            11 => Self::I64,
            12 => Self::F64,
            _ => return None,
        })
    }

    /// The byte size of a fixed-size value; `None` for strings and arrays.
    fn fixed_size(self) -> Option<u64> {
        match self {
            Self::U8 | Self::I8 | Self::Bool => Some(1),
            Self::U16 | Self::I16 => Some(2),
            Self::U32 | Self::I32 | Self::F32 => Some(4),
            Self::U64 | Self::I64 | Self::F64 => Some(8),
            Self::String | Self::Array => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::U8 => "uint8",
            Self::I8 => "int8",
            Self::U16 => "uint16",
            Self::I16 => "int16",
            Self::U32 => "uint32",
            Self::I32 => "int32",
            Self::F32 => "float32",
            Self::Bool => "bool",
            Self::String => "string",
            Self::Array => "array",
            Self::U64 => "uint64",
            Self::I64 => "int64",
            Self::F64 => "float64",
        }
    }
}

/// A metadata value, borrowing the input.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    U8(u8),
    I8(i8),
    U16(u16),
    I16(i16),
    U32(u32),
    I32(i32),
    F32(f32),
    Bool(bool),
    /// The raw bytes: the spec says UTF-8, tokens in the wild are not always.
    String(&'a [u8]),
    Array(Array<'a>),
    U64(u64),
    I64(i64),
    F64(f64),
}

impl<'a> Value<'a> {
    pub fn value_type(&self) -> ValueType {
        match self {
            Self::U8(_) => ValueType::U8,
            Self::I8(_) => ValueType::I8,
            Self::U16(_) => ValueType::U16,
            Self::I16(_) => ValueType::I16,
            Self::U32(_) => ValueType::U32,
            Self::I32(_) => ValueType::I32,
            Self::F32(_) => ValueType::F32,
            Self::Bool(_) => ValueType::Bool,
            Self::String(_) => ValueType::String,
            Self::Array(_) => ValueType::Array,
            Self::U64(_) => ValueType::U64,
            Self::I64(_) => ValueType::I64,
            Self::F64(_) => ValueType::F64,
        }
    }

    /// A non-negative integer of any width (writers differ: split counts are int32, most are
    /// uint32, some converters write uint64).
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Self::U8(v) => Some(v.into()),
            Self::U16(v) => Some(v.into()),
            Self::U32(v) => Some(v.into()),
            Self::U64(v) => Some(v),
            Self::I8(v) => u64::try_from(v).ok(),
            Self::I16(v) => u64::try_from(v).ok(),
            Self::I32(v) => u64::try_from(v).ok(),
            Self::I64(v) => u64::try_from(v).ok(),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&'a str> {
        match *self {
            Self::String(bytes) => std::str::from_utf8(bytes).ok(),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<Array<'a>> {
        match *self {
            Self::Array(a) => Some(a),
            _ => None,
        }
    }
}

/// An array value: its element type, its length and its bytes, checked when the header was read,
/// decoded when iterated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Array<'a> {
    elem: ValueType,
    len: u64,
    body: &'a [u8],
    endian: Endian,
}

impl<'a> Array<'a> {
    pub fn element_type(&self) -> ValueType {
        self.elem
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The elements in order.
    pub fn iter(&self) -> ArrayIter<'a> {
        ArrayIter {
            elem: self.elem,
            left: self.len,
            cursor: Cursor { buf: self.body, pos: 0, endian: self.endian, limit: self.body.len() as u64 },
        }
    }
}

/// The elements of an [`Array`]. The bytes were checked when the header was read; should they
/// ever not decode, iteration stops early rather than panicking.
#[derive(Debug, Clone)]
pub struct ArrayIter<'a> {
    elem: ValueType,
    left: u64,
    cursor: Cursor<'a>,
}

impl<'a> Iterator for ArrayIter<'a> {
    type Item = Value<'a>;

    fn next(&mut self) -> Option<Value<'a>> {
        if self.left == 0 {
            return None;
        }
        self.left = self.left.saturating_sub(1);
        // Depth was checked while reading; u32::MAX only keeps the walk from failing again here.
        let value = self.cursor.value(self.elem, 0, u32::MAX).ok();
        if value.is_none() {
            self.left = 0;
        }
        value
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, usize::try_from(self.left).ok())
    }
}

/// One tensor info.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TensorInfo<'a> {
    pub name: &'a str,
    n_dims: u32,
    dims: [u64; MAX_DIMS as usize],
    pub ggml_type: GgmlType,
    /// From the start of the data section.
    pub offset: u64,
    /// Elements (product of the dimensions).
    pub elements: u64,
    /// Exact bytes in the data section; `None` when the type id is unknown.
    pub bytes: Option<u64>,
}

impl TensorInfo<'_> {
    /// Dimensions as stored: `ne[0]` (the contiguous one) first.
    pub fn dims(&self) -> &[u64] {
        &self.dims[..self.n_dims as usize]
    }
}

/// A parsed GGUF header.
#[derive(Debug, Clone)]
pub struct GgufHeader<'a> {
    pub version: u32,
    pub endian: Endian,
    pub metadata: Vec<(&'a str, Value<'a>)>,
    pub tensors: Vec<TensorInfo<'a>>,
    pub alignment: u64,
    /// Where the tensor infos end.
    pub header_bytes: u64,
    /// Where the data section starts (`header_bytes` padded to the alignment).
    pub data_offset: u64,
}

impl<'a> GgufHeader<'a> {
    /// The value of a metadata key (the first, if a file repeats one).
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.metadata.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }
}

/// Reads a GGUF header from `prefix`, the first bytes of the file. A prefix that stops inside the
/// header gives [`HeaderError::NeedMoreBytes`] with the least total length to read next.
pub fn parse<'a>(prefix: &'a [u8], limits: &Limits) -> Result<GgufHeader<'a>, HeaderError> {
    let mut c = Cursor { buf: prefix, pos: 0, endian: Endian::Little, limit: limits.max_header_bytes };
    let magic = c.take(4)?;
    if magic != MAGIC {
        return Err(HeaderError::UnknownFormat { start: magic.to_vec() });
    }
    let raw_version = c.u32()?;
    // A big-endian file's small version number reads little-endian with its low half zero.
    let (version, endian) =
        if raw_version & 0xffff == 0 { (raw_version.swap_bytes(), Endian::Big) } else { (raw_version, Endian::Little) };
    if !(2..=3).contains(&version) {
        return Err(HeaderError::UnsupportedVersion(version));
    }
    c.endian = endian;
    let tensor_count = c.u64()?;
    let kv_count = c.u64()?;
    check_limit("tensor count", tensor_count, limits.max_tensors)?;
    check_limit("metadata count", kv_count, limits.max_kv)?;
    c.need_at_least(kv_count, MIN_KV_BYTES)?;

    let mut metadata = Vec::new();
    for _ in 0..kv_count {
        let at = c.pos as u64;
        let key = c.utf8("metadata key", at)?;
        let type_at = c.pos as u64;
        let id = c.u32()?;
        let ty = ValueType::from_id(id).ok_or(HeaderError::InvalidValueType { id, at: type_at })?;
        let value = c.value(ty, 0, limits.max_array_depth)?;
        metadata.push((key, value));
    }

    let alignment = match metadata.iter().find(|(k, _)| *k == "general.alignment") {
        None => DEFAULT_ALIGNMENT,
        Some((_, value)) => {
            // gguf.cpp and GGUFReader accept only a uint32 here.
            let Value::U32(a) = *value else {
                return Err(HeaderError::WrongType {
                    key: "general.alignment".to_owned(),
                    found: value.value_type().name(),
                    expected: "uint32",
                });
            };
            let a = u64::from(a);
            if !a.is_power_of_two() {
                return Err(HeaderError::BadAlignment(a));
            }
            a
        }
    };

    c.need_at_least(tensor_count, MIN_TENSOR_INFO_BYTES)?;
    let mut tensors = Vec::new();
    for _ in 0..tensor_count {
        tensors.push(c.tensor_info(alignment)?);
    }
    let header_bytes = c.pos as u64;
    let data_offset = header_bytes
        .checked_next_multiple_of(alignment)
        .ok_or(HeaderError::HeaderTooLarge { need: u64::MAX, limit: limits.max_header_bytes })?;
    Ok(GgufHeader { version, endian, metadata, tensors, alignment, header_bytes, data_offset })
}

fn check_limit(what: &'static str, value: u64, limit: u64) -> Result<(), HeaderError> {
    if value > limit { Err(HeaderError::OverLimit { what, value, limit }) } else { Ok(()) }
}

/// Reads forward through the prefix. Every read checks the bytes present and the header limit
/// first.
#[derive(Debug, Clone)]
struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
    endian: Endian,
    limit: u64,
}

impl<'a> Cursor<'a> {
    /// Fails unless `n` more bytes are present; says how many the prefix needs otherwise.
    fn ensure(&self, n: u64) -> Result<usize, HeaderError> {
        let need = (self.pos as u64).checked_add(n);
        match need {
            Some(need) if need <= self.limit => {
                if need <= self.buf.len() as u64 {
                    // need ≤ buf.len(), so it fits a usize.
                    Ok(need as usize)
                } else {
                    Err(HeaderError::NeedMoreBytes { have: self.buf.len() as u64, need })
                }
            }
            _ => Err(HeaderError::HeaderTooLarge { need: need.unwrap_or(u64::MAX), limit: self.limit }),
        }
    }

    /// Checks that `count` items of at least `each` bytes can still fit the limit; asks for
    /// them all at once when they are not present, so a reader grows its range in one step.
    fn need_at_least(&self, count: u64, each: u64) -> Result<(), HeaderError> {
        let n = count.saturating_mul(each);
        self.ensure(n).map(drop)
    }

    fn take(&mut self, n: u64) -> Result<&'a [u8], HeaderError> {
        let end = self.ensure(n)?;
        let bytes = &self.buf[self.pos..end];
        self.pos = end;
        Ok(bytes)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], HeaderError> {
        let bytes = self.take(N as u64)?;
        let mut out = [0u8; N];
        out.copy_from_slice(bytes);
        if self.endian == Endian::Big {
            out.reverse();
        }
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, HeaderError> {
        self.array().map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Result<u64, HeaderError> {
        self.array().map(u64::from_le_bytes)
    }

    fn string(&mut self) -> Result<&'a [u8], HeaderError> {
        let len = self.u64()?;
        self.take(len)
    }

    fn utf8(&mut self, what: &'static str, at: u64) -> Result<&'a str, HeaderError> {
        let bytes = self.string()?;
        std::str::from_utf8(bytes).map_err(|source| HeaderError::InvalidUtf8 { what, at, source })
    }

    fn value(&mut self, ty: ValueType, depth: u32, max_depth: u32) -> Result<Value<'a>, HeaderError> {
        Ok(match ty {
            ValueType::U8 => Value::U8(u8::from_le_bytes(self.array()?)),
            ValueType::I8 => Value::I8(i8::from_le_bytes(self.array()?)),
            ValueType::U16 => Value::U16(u16::from_le_bytes(self.array()?)),
            ValueType::I16 => Value::I16(i16::from_le_bytes(self.array()?)),
            ValueType::U32 => Value::U32(u32::from_le_bytes(self.array()?)),
            ValueType::I32 => Value::I32(i32::from_le_bytes(self.array()?)),
            ValueType::F32 => Value::F32(f32::from_le_bytes(self.array()?)),
            ValueType::Bool => Value::Bool(self.array::<1>()?[0] != 0),
            ValueType::U64 => Value::U64(u64::from_le_bytes(self.array()?)),
            ValueType::I64 => Value::I64(i64::from_le_bytes(self.array()?)),
            ValueType::F64 => Value::F64(f64::from_le_bytes(self.array()?)),
            ValueType::String => Value::String(self.string()?),
            ValueType::Array => Value::Array(self.array_value(depth, max_depth)?),
        })
    }

    fn array_value(&mut self, depth: u32, max_depth: u32) -> Result<Array<'a>, HeaderError> {
        if depth >= max_depth {
            return Err(HeaderError::OverLimit {
                what: "array nesting depth",
                value: u64::from(depth) + 1,
                limit: u64::from(max_depth),
            });
        }
        let type_at = self.pos as u64;
        let id = self.u32()?;
        let elem = ValueType::from_id(id).ok_or(HeaderError::InvalidValueType { id, at: type_at })?;
        let len = self.u64()?;
        let start = self.pos;
        match elem.fixed_size() {
            Some(size) => {
                self.take(len.saturating_mul(size))?;
            }
            None => {
                // Each string is at least its length; each array its type and length.
                let least = if elem == ValueType::String { 8 } else { 4 + 8 };
                self.need_at_least(len, least)?;
                for _ in 0..len {
                    if elem == ValueType::String {
                        self.string()?;
                    } else {
                        self.array_value(depth.saturating_add(1), max_depth)?;
                    }
                }
            }
        }
        Ok(Array { elem, len, body: &self.buf[start..self.pos], endian: self.endian })
    }

    fn tensor_info(&mut self, alignment: u64) -> Result<TensorInfo<'a>, HeaderError> {
        let at = self.pos as u64;
        let name = self.utf8("tensor name", at)?;
        let bad = |reason: String| HeaderError::BadTensor { tensor: name.to_owned(), reason };
        let n_dims = self.u32()?;
        if n_dims > MAX_DIMS {
            return Err(bad(format!("{n_dims} dimensions, at most {MAX_DIMS}")));
        }
        let mut dims = [1u64; MAX_DIMS as usize];
        for d in dims.iter_mut().take(n_dims as usize) {
            *d = self.u64()?;
        }
        let ggml_type = GgmlType::from_id(self.u32()?);
        let offset = self.u64()?;
        // gguf.cpp: dimensions must fit an int64_t and their product too.
        let elements = dims[..n_dims as usize]
            .iter()
            .try_fold(1u64, |acc, &d| if d > i64::MAX as u64 { None } else { acc.checked_mul(d) })
            .filter(|&e| e <= i64::MAX as u64)
            .ok_or_else(|| bad(format!("dimensions {:?} overflow", &dims[..n_dims as usize])))?;
        let bytes = match ggml_type.block() {
            None => None,
            Some((block, size)) => {
                // gguf.cpp rejects a row that is not a whole number of blocks. (No block is
                // 0 elements wide; the checked forms only keep that a fact of the table.)
                let (Some(0), Some(blocks)) = (dims[0].checked_rem(block), elements.checked_div(block)) else {
                    return Err(bad(format!(
                        "row of {} elements is not a multiple of {ggml_type}'s block of {block}",
                        dims[0]
                    )));
                };
                Some(blocks.checked_mul(size).ok_or_else(|| bad("byte size overflows".to_owned()))?)
            }
        };
        // The alignment is a power of two (checked where it is read), so never 0.
        if offset.checked_rem(alignment) != Some(0) {
            return Err(bad(format!("data offset {offset} is not a multiple of the alignment {alignment}")));
        }
        Ok(TensorInfo { name, n_dims, dims, ggml_type, offset, elements, bytes })
    }
}
