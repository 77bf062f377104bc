//! The dependency rules of `docs/ARCHITECTURE.md`, checked on the source: which file of
//! `app/src` names which other file in its paths (`crate::…`, `super::…`, a child module).
//! A path that ends at a `mod.rs` re-exporting the item (`pub use types::*;`) counts for the
//! file that defines it. Test modules (`mod tests`) are left out: a test may look anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module path (`["bills", "service"]`) → file (`bills/service.rs`), for every file of `app/src`.
struct Sources {
    files: BTreeMap<Vec<String>, String>,
    root: PathBuf,
}

impl Sources {
    fn load() -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = BTreeMap::new();
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let relative = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
                    let mut module: Vec<String> =
                        relative.trim_end_matches(".rs").split('/').map(str::to_owned).collect();
                    if module.last().is_some_and(|m| m == "mod" || m == "lib") {
                        module.pop();
                    }
                    files.insert(module, relative);
                }
            }
        }
        Self { files, root }
    }

    fn text(&self, file: &str) -> String {
        let text = std::fs::read_to_string(self.root.join(file)).unwrap();
        // Everything from the test module on is the file's tests.
        match text.find("#[cfg(test)]\nmod tests") {
            Some(at) => text[..at].to_owned(),
            None => text,
        }
    }

    /// The item names a `mod.rs` re-exports from a child (`pub use child::{A, B}` or
    /// `pub use child::*` with the child's public items), mapped to the child.
    fn reexports(&self, module: &[String]) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        let Some(file) = self.files.get(module) else { return out };
        for line in self.text(file).lines() {
            let Some(rest) = line.strip_prefix("pub use ") else { continue };
            let Some((child, items)) = rest.trim_end_matches(';').split_once("::") else { continue };
            let mut child_module = module.to_vec();
            child_module.push(child.to_owned());
            let Some(child_file) = self.files.get(&child_module) else { continue };
            if items == "*" {
                for line in self.text(child_file).lines() {
                    let words: Vec<&str> = line.split(|c: char| !(c.is_alphanumeric() || c == '_')).collect();
                    if let ["", "pub", kind, name, ..] | ["pub", kind, name, ..] = words.as_slice()
                        && ["struct", "enum", "fn", "const", "type", "trait", "static"].contains(kind)
                    {
                        out.insert((*name).to_owned(), child.to_owned());
                    }
                }
            } else {
                for item in items.trim_matches(|c| c == '{' || c == '}').split(',') {
                    let name =
                        item.trim().rsplit(" as ").next().unwrap_or_default().rsplit("::").next().unwrap_or_default();
                    if !name.is_empty() {
                        out.insert(name.to_owned(), child.to_owned());
                    }
                }
            }
        }
        out
    }

    /// The file a path names: the longest module prefix, or the child a `mod.rs` re-exports
    /// the next segment from.
    fn resolve(&self, segments: &[String]) -> Option<String> {
        (1..=segments.len()).rev().find_map(|n| {
            let file = self.files.get(&segments[..n])?;
            if n < segments.len()
                && file.ends_with("mod.rs")
                && let Some(child) = self.reexports(&segments[..n]).get(&segments[n])
            {
                let mut child_module = segments[..n].to_vec();
                child_module.push(child.clone());
                return self.files.get(&child_module).cloned();
            }
            Some(file.clone())
        })
    }

    /// Every file of `app/src` a file names.
    fn dependencies(&self, module: &[String], file: &str) -> BTreeSet<String> {
        let text = self.text(file);
        let mut out = BTreeSet::new();
        let is_module_root = file.ends_with("mod.rs") || file == "lib.rs";
        // `super` of `bills/service.rs` is `bills`; of `bills/mod.rs` the crate root.
        let parent: Vec<String> = module[..module.len().saturating_sub(1)].to_vec();
        for path in paths(&text) {
            let (base, rest): (Vec<String>, &[String]) = match path.first().map(String::as_str) {
                Some("crate") => (Vec::new(), &path[1..]),
                Some("super") => (parent.clone(), &path[1..]),
                Some(first) if is_module_root && self.files.contains_key(&[module, &[first.to_owned()]].concat()) => {
                    (module.to_vec(), &path[..])
                }
                _ => continue,
            };
            if let Some(target) = self.resolve(&[base, rest.to_vec()].concat())
                && target != file
            {
                out.insert(target);
            }
        }
        out
    }
}

/// The paths of a text: `a::b::c`, and `a::{b, c::d}` as `a::b`, `a::c::d` (one level of braces).
fn paths(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    // Comments are not code; an indented `use super::` belongs to a nested module, whose
    // `super` is the file itself.
    let code: String = text
        .lines()
        .filter(|l| {
            let nested_use_super = l.starts_with(' ') && l.trim_start().starts_with("use super::");
            !l.trim_start().starts_with("//") && !nested_use_super
        })
        .collect::<Vec<_>>()
        .join("\n");
    let bytes = code.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < bytes.len() {
        if !word(bytes[i]) || (i > 0 && (word(bytes[i - 1]) || bytes[i - 1] == b':')) {
            i += 1;
            continue;
        }
        // Read `seg::seg::…`.
        let mut segments = Vec::new();
        let mut j = i;
        loop {
            let start = j;
            while j < bytes.len() && word(bytes[j]) {
                j += 1;
            }
            segments.push(code[start..j].to_owned());
            if code[j..].starts_with("::") {
                j += 2;
                if code[j..].starts_with('{') {
                    let end = code[j..].find('}').map_or(code.len(), |e| j + e);
                    for item in code[j + 1..end].split(',') {
                        let item = item.trim().split(" as ").next().unwrap_or_default();
                        if !item.is_empty() && item != "self" {
                            out.push(
                                [segments.clone(), item.split("::").map(|s| s.trim().to_owned()).collect()].concat(),
                            );
                        }
                    }
                    segments.clear();
                    j = end;
                    break;
                }
                if j < bytes.len() && word(bytes[j]) {
                    continue;
                }
            }
            break;
        }
        if segments.len() > 1 {
            out.push(segments);
        }
        i = j.max(i + 1);
    }
    out
}

#[test]
fn no_two_files_import_each_other() {
    let sources = Sources::load();
    let graph: BTreeMap<String, BTreeSet<String>> =
        sources.files.iter().map(|(module, file)| (file.clone(), sources.dependencies(module, file))).collect();
    let mut cycles = Vec::new();
    for (file, dependencies) in &graph {
        for other in dependencies {
            if file < other && graph.get(other).is_some_and(|d| d.contains(file)) {
                cycles.push(format!("{file} <-> {other}"));
            }
        }
    }
    assert!(cycles.is_empty(), "files that import each other:\n{}", cycles.join("\n"));
    assert!(graph["bills/mod.rs"].contains("bills/service.rs"), "the check sees a feature calling its service");
}

#[test]
fn pages_domain_and_types_keep_to_their_layer() {
    let sources = Sources::load();
    let mut wrong = Vec::new();
    for (module, file) in &sources.files {
        let dependencies = sources.dependencies(module, file);
        let layer = module.first().map(String::as_str).unwrap_or_default();
        for dependency in &dependencies {
            let reason = match layer {
                "pages" | "components" if dependency.starts_with("backend/") || dependency.contains("service") => {
                    Some("a page never reaches the server-only code")
                }
                "domain" if !dependency.starts_with("domain/") => Some("the domain imports nothing of the application"),
                _ if file.ends_with("types.rs")
                    && Path::new(dependency).parent() == Path::new(file).parent()
                    && (dependency.ends_with("mod.rs") || dependency.contains("service")) =>
                {
                    Some("a feature's types import neither its server functions nor its service")
                }
                _ => None,
            };
            if let Some(reason) = reason {
                wrong.push(format!("{file} -> {dependency}: {reason}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
