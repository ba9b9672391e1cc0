//! Closed enums with fixed wire names: the codes, kinds and sources this library defines.
//!
//! Each enum lists its variants with their wire names once; the macro derives the rest
//! (`as_str`, `ALL`, `NAMES`, `from_name`, `Display`, serde, TypeScript). Why not serde's
//! derive: a derived `Deserialize` for a unit enum also accepts the `{"Variant": null}`
//! form, and that visitor, compiled for every enum and every input format, cost more of
//! the WASM module than the rules that use the enums. Here every enum reads a string and
//! looks it up in its name table.

/// The variants and names of an enum declared with [`wire_enum!`].
pub trait WireEnum: Copy + 'static {
    /// Every variant, in declaration order.
    const ALL: &'static [Self];
    /// The wire name of each variant of [`WireEnum::ALL`], at the same index.
    const NAMES: &'static [&'static str];

    /// This variant's position in [`WireEnum::ALL`] (its discriminant).
    fn index(self) -> usize;

    /// The variant whose wire name is exactly `name`.
    fn from_name(name: &str) -> Option<Self> {
        position(Self::NAMES, name).and_then(|i| Self::ALL.get(i).copied())
    }
}

/// Where `name` is in `names`: the search once for every enum (WASM size).
#[inline(never)]
fn position(names: &[&str], name: &str) -> Option<usize> {
    names.iter().position(|n| *n == name)
}

/// The distinct values among `items`, in declaration order, which is their `Ord` order when
/// `Ord` is derived. Linear in `items`, and no sort routine in the WASM module for it: a bit
/// per variant (every enum declared here has at most 128, which the macro checks).
pub fn distinct_sorted<T: WireEnum>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let bit = |index: usize| u32::try_from(index).ok().and_then(|i| 1u128.checked_shl(i)).unwrap_or(0);
    let mut rest = items.into_iter().fold(0u128, |seen, item| seen | bit(item.index()));
    let mut out = Vec::with_capacity(rest.count_ones() as usize);
    while rest != 0 {
        out.extend(T::ALL.get(rest.trailing_zeros() as usize));
        rest &= rest.wrapping_sub(1);
    }
    out
}

/// Reads a wire name with any serde deserializer: a string, one of `T::NAMES`.
pub fn deserialize<'de, D: serde::Deserializer<'de>, T: WireEnum>(deserializer: D) -> Result<T, D::Error> {
    let raw = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
    T::from_name(&raw).ok_or_else(|| serde::de::Error::unknown_variant(&raw, T::NAMES))
}

/// Declares a closed enum whose variants serialize as the given strings.
///
/// Derives `Debug, Clone, Copy, PartialEq, Eq, Hash`. More derives (`Default`,
/// `PartialOrd`, `Ord`) and attributes go after the name (`pub enum Code #[derive(Ord)] {`),
/// so that the doc comment before it stays apart for the TypeScript declaration. The
/// calling crate needs `serde`, and `ts-rs` behind a feature `ts`.
#[macro_export]
macro_rules! wire_enum {
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident $(#[$meta:meta])* {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $(#[$meta])*
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $crate::wire_enum::WireEnum for $name {
            const ALL: &'static [Self] = &[$( Self::$variant ),+];
            const NAMES: &'static [&'static str] = &[$( $wire ),+];

            fn index(self) -> usize {
                self as usize
            }
        }

        // `distinct_sorted` keeps a bit per variant.
        const _: () = assert!(<$name as $crate::wire_enum::WireEnum>::ALL.len() <= 128);

        impl $name {
            /// The wire name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( Self::$variant => $wire, )+
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::wire_enum::deserialize(deserializer)
            }
        }

        /// TypeScript (feature `ts`): the union of the wire names.
        #[cfg(feature = "ts")]
        impl ::ts_rs::TS for $name {
            type WithoutGenerics = Self;
            type OptionInnerType = Self;
            fn docs() -> Option<String> {
                let lines: &[&str] = &[$( $doc ),*];
                if lines.is_empty() {
                    return None;
                }
                let mut docs = String::from("/**\n");
                for line in lines {
                    docs.push_str(&format!(" *{line}\n"));
                }
                docs.push_str(" */\n");
                Some(docs)
            }
            fn ident() -> String {
                stringify!($name).to_owned()
            }
            fn name() -> String {
                stringify!($name).to_owned()
            }
            fn inline() -> String {
                let names: &[&str] = &[$( $wire ),+];
                names.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(" | ")
            }
            fn inline_flattened() -> String {
                panic!("{} cannot be flattened", stringify!($name))
            }
            fn decl() -> String {
                format!("type {} = {};", stringify!($name), <Self as ::ts_rs::TS>::inline())
            }
            fn decl_concrete() -> String {
                <Self as ::ts_rs::TS>::decl()
            }
        }
    };
}

pub use wire_enum;

#[cfg(test)]
mod tests {
    use super::WireEnum;
    use crate::{Code, Confidence, Evidence, FileRole, Gate, ModelKind, Source, memory::kv::KvCacheType};

    /// Every enum: names are unique, each round-trips through JSON, and an unknown name is
    /// an error that lists the known ones.
    fn round_trips<T: WireEnum + serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>() {
        assert_eq!(T::ALL.len(), T::NAMES.len());
        for (i, (variant, name)) in T::ALL.iter().zip(T::NAMES).enumerate() {
            assert!(!T::NAMES[..i].contains(name), "{name} listed twice");
            assert_eq!(variant.index(), i, "{name}");
            assert_eq!(serde_json::to_string(variant).unwrap(), format!("\"{name}\""));
            assert_eq!(serde_json::from_str::<T>(&format!("\"{name}\"")).unwrap(), *variant);
            assert_eq!(serde_json::from_value::<T>(serde_json::Value::from(*name)).unwrap(), *variant);
        }
        let error = serde_json::from_str::<T>("\"no such name\"").unwrap_err().to_string();
        assert!(error.starts_with("unknown variant `no such name`, expected "), "{error}");
        assert!(error.contains(&format!("`{}`", T::NAMES[0])), "{error}");
        assert!(serde_json::from_str::<T>("{\"x\": null}").is_err());
    }

    #[test]
    fn codes_are_declared_in_their_order_so_distinct_sorted_sorts() {
        assert!(Code::ALL.windows(2).all(|w| w[0] < w[1]));
        let codes = [Code::Gated, Code::UnsupportedFormat, Code::Gated, Code::Disabled];
        let mut sorted = codes.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(super::distinct_sorted(codes), sorted);
    }

    #[test]
    fn every_wire_enum_round_trips() {
        round_trips::<Code>();
        round_trips::<Confidence>();
        round_trips::<Evidence>();
        round_trips::<FileRole>();
        round_trips::<Gate>();
        round_trips::<ModelKind>();
        round_trips::<Source>();
        round_trips::<KvCacheType>();
    }
}
