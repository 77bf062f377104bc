//! `coded_enum!`: every closed set of the product (statuses, kinds, media, roles …) as an enum
//! with a stable code. The code is what the database, the forms and the URLs hold; the label
//! lives in the i18n files (`ui.rs` turns a value into text). On the server a coded enum is a
//! column type of its own: an entity field of that type reads only known codes.

/// Declares a closed set of values stored as stable lower-case codes in the database and in
/// forms. The code is the contract; the label lives in the i18n files.
macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            pub const fn code(self) -> &'static str {
                match self { $(Self::$variant => $code),+ }
            }

            pub fn parse(code: &str) -> Result<Self, ValidationError> {
                match code.trim() {
                    "" => Err(ValidationError::Required),
                    $($code => Ok(Self::$variant),)+
                    _ => Err(ValidationError::UnknownValue),
                }
            }
        }

        /// Stored in the database as its code; reading an unknown code is an error of the
        /// query (logged where it is handled), never a silent default.
        #[cfg(feature = "ssr")]
        impl From<$name> for sea_orm::Value {
            fn from(value: $name) -> Self {
                sea_orm::Value::String(Some(Box::new(value.code().to_owned())))
            }
        }

        #[cfg(feature = "ssr")]
        impl sea_orm::TryGetable for $name {
            fn try_get_by<I: sea_orm::ColIdx>(res: &sea_orm::QueryResult, index: I) -> Result<Self, sea_orm::TryGetError> {
                let code = <String as sea_orm::TryGetable>::try_get_by(res, index)?;
                Self::parse(&code).map_err(|_| {
                    sea_orm::TryGetError::DbErr(sea_orm::DbErr::Type(format!(
                        "unknown {} code {code:?} in the database",
                        stringify!($name)
                    )))
                })
            }
        }

        #[cfg(feature = "ssr")]
        impl sea_orm::sea_query::ValueType for $name {
            fn try_from(value: sea_orm::Value) -> Result<Self, sea_orm::sea_query::ValueTypeErr> {
                match value {
                    sea_orm::Value::String(Some(code)) => Self::parse(&code).map_err(|_| sea_orm::sea_query::ValueTypeErr),
                    _ => Err(sea_orm::sea_query::ValueTypeErr),
                }
            }

            fn type_name() -> String {
                stringify!($name).to_owned()
            }

            fn array_type() -> sea_orm::sea_query::ArrayType {
                sea_orm::sea_query::ArrayType::String
            }

            fn column_type() -> sea_orm::sea_query::ColumnType {
                sea_orm::sea_query::ColumnType::Text
            }
        }

        #[cfg(feature = "ssr")]
        impl sea_orm::sea_query::Nullable for $name {
            fn null() -> sea_orm::Value {
                sea_orm::Value::String(None)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
pub(crate) use coded_enum;
