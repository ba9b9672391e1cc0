//! Enums whose value set belongs to someone else (the Hub, CivitAI, llama.cpp).
//!
//! A new value upstream must never fail a page, so every such enum keeps what it
//! does not know as `Other(String)` and round-trips it unchanged.

/// Declares an enum with known variants plus `Other(String)`, serialized as a plain
/// string. Parsing is case-insensitive over each variant's accepted spellings.
macro_rules! open_enum {
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $canonical:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version does not know, kept verbatim.
            Other(String),
        }

        impl $name {
            /// The canonical spelling, or the raw value for `Other`.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $canonical, )+
                    Self::Other(raw) => raw.as_str(),
                }
            }

            /// Parses any accepted spelling (case-insensitive); never fails.
            pub fn parse(raw: &str) -> Self {
                let trimmed = raw.trim();
                $(
                    if trimmed.eq_ignore_ascii_case($canonical) $(|| trimmed.eq_ignore_ascii_case($alias))* {
                        return Self::$variant;
                    }
                )+
                Self::Other(trimmed.to_owned())
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::parse(s))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        /// TypeScript (feature `ts`): a string alias listing the known values, open to any
        /// other string (`(string & {})` keeps editor completion for the known ones).
        #[cfg(feature = "ts")]
        impl ::ts_rs::TS for $name {
            type WithoutGenerics = Self;
            type OptionInnerType = Self;
            fn docs() -> Option<String> {
                let mut docs = String::from("/**\n");
                $( docs.push_str(&format!(" *{}\n", $doc)); )*
                docs.push_str(" *\n * A known value, or any other string the source sent (kept verbatim).\n */\n");
                Some(docs)
            }
            fn ident() -> String {
                stringify!($name).to_owned()
            }
            fn name() -> String {
                stringify!($name).to_owned()
            }
            fn inline() -> String {
                let known: &[&str] = &[$( $canonical ),+];
                let mut out: Vec<String> = known.iter().map(|v| format!("\"{v}\"")).collect();
                out.push("(string & {})".to_owned());
                out.join(" | ")
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

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <::std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok(Self::parse(&raw))
            }
        }
    };
}

pub(crate) use open_enum;
