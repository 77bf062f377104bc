//! Generates the `i18n` module from `locales/*.json` at compile time, so a missing or
//! misspelt translation key is a compile error, not a blank on the page.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");

    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    // zh-CN is the default: the product is Chinese first.
    // interpolate_display: messages with values (`至少 {{ min }} 个字符`) also as plain strings,
    // for attributes and for text built outside views.
    let options = ParseOptions::default().interpolate_display(true);
    let config = Config::new("zh-CN")?.add_locale("en")?.parse_options(options);
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out_dir.join("i18n"))?;
    Ok(())
}
