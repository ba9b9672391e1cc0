//! Enums whose value set belongs to someone else (the Hub, CivitAI, llama.cpp).
//!
//! A new value upstream must never fail a page, so every such enum keeps what it
//! does not know as `Other(String)` and round-trips it unchanged.

/// Declares an enum with known variants plus `Other(String)`, serialized as a plain
/// string. Parsing is case-insensitive over each variant's accepted spellings.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $canonical:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
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

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <::std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok(Self::parse(&raw))
            }
        }
    };
}

pub(crate) use open_enum;
