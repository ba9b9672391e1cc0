//! The WASM sizes the READMEs quote, written by the step that measures them.
//!
//! A README holds each generated part between `<!-- wasm-sizes:<name> ... -->` and
//! `<!-- wasm-sizes:end -->`; [`update`] rewrites what is between them. Nobody copies a
//! number by hand, and a build whose size changed fails until the new numbers are committed.

use std::{fs, path::Path};

/// One measured build: `full`, `pure` or `inspect`, sizes in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measured {
    pub name: &'static str,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// Writes one block from the builds' sizes (in build order).
type Writer = fn(&[Measured]) -> Result<String, String>;

/// (file, block, how to write it).
const BLOCKS: &[(&str, &str, Writer)] =
    &[("README.md", "summary", summary), ("bindings/wasm/README.md", "table", table)];

/// Rewrites every block from the measured builds; returns the files whose text changed.
pub fn update(root: &Path, builds: &[Measured]) -> Result<Vec<String>, String> {
    let mut changed = Vec::new();
    for (file, block, write) in BLOCKS {
        let path = root.join(file);
        let text = fs::read_to_string(&path).map_err(|e| format!("{file}: {e}"))?;
        let new = replace_block(&text, block, &write(builds)?)
            .ok_or_else(|| format!("{file}: no `<!-- wasm-sizes:{block}` ... `<!-- wasm-sizes:end -->` block"))?;
        if new != text {
            fs::write(&path, &new).map_err(|e| format!("{file}: {e}"))?;
            changed.push((*file).to_owned());
        }
    }
    Ok(changed)
}

/// `text` with the lines between the opening marker of `block` and the next end marker
/// replaced by `content`.
fn replace_block(text: &str, block: &str, content: &str) -> Option<String> {
    let open = format!("<!-- wasm-sizes:{block}");
    let start = text.find(&open)?;
    let body = start + text[start..].find('\n')? + 1;
    let end = body + text[body..].find("<!-- wasm-sizes:end -->")?;
    Some(format!("{}{}\n{}", &text[..body], content.trim_end(), &text[end..]))
}

fn build<'a>(builds: &'a [Measured], name: &str) -> Result<&'a Measured, String> {
    builds.iter().find(|b| b.name == name).ok_or_else(|| format!("the {name} build was not measured"))
}

fn summary(builds: &[Measured]) -> Result<String, String> {
    let (full, pure, inspect) = (build(builds, "full")?, build(builds, "pure")?, build(builds, "inspect")?);
    Ok(format!(
        "{} B, **{} B gzipped** with HTTP (the browser's `fetch`); {} B gzipped for the\n\
         `@model-compat/wasm/pure` entry (extraction, verdicts and `inspectFile` on `Blob`s; no HTTP), and\n\
         {} B gzipped for `@model-compat/wasm/inspect` (all of it, plus weight-file headers read with HTTP ranges)",
        grouped(full.raw),
        grouped(full.gzip),
        grouped(pure.gzip),
        grouped(inspect.gzip)
    ))
}

fn table(builds: &[Measured]) -> Result<String, String> {
    let cell = |bytes: u64| format!("{} B ({} KiB)", grouped(bytes), (bytes as f64 / 1024.0).round());
    let mut out = "| build | raw | gzip -9 | brotli 11 |\n| --- | --- | --- | --- |".to_owned();
    for m in builds {
        out.push_str(&format!("\n| {} | {} | {} | {} |", m.name, cell(m.raw), cell(m.gzip), cell(m.brotli)));
    }
    Ok(out)
}

/// `192507` as `192,507`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUILDS: [Measured; 3] = [
        Measured { name: "full", raw: 478_054, gzip: 192_507, brotli: 155_320 },
        Measured { name: "pure", raw: 323_411, gzip: 133_260, brotli: 109_256 },
        Measured { name: "inspect", raw: 537_661, gzip: 233_828, brotli: 190_001 },
    ];

    /// The committed blocks are in the writer's form and agree with each other: the numbers of
    /// the table, written again, give both files unchanged.
    #[test]
    fn the_committed_readmes_are_what_the_writer_makes() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let wasm_readme = fs::read_to_string(root.join("bindings/wasm/README.md")).unwrap();
        let measured = |name: &'static str| {
            let row = wasm_readme.lines().find(|l| l.starts_with(&format!("| {name} |"))).unwrap();
            let n: Vec<u64> = row
                .split('|')
                .skip(2)
                .filter_map(|cell| cell.split(" B").next()?.trim().replace(',', "").parse().ok())
                .collect();
            Measured { name, raw: n[0], gzip: n[1], brotli: n[2] }
        };
        let builds = [measured("full"), measured("pure"), measured("inspect")];
        for (file, block, write) in BLOCKS {
            let text = fs::read_to_string(root.join(file)).unwrap();
            let written = write(&builds).unwrap();
            assert_eq!(replace_block(&text, block, &written).as_deref(), Some(text.as_str()), "{file}");
        }
    }

    #[test]
    fn blocks_are_rewritten_between_their_markers() {
        let text = "a\n<!-- wasm-sizes:table (x) -->\nold\nold\n<!-- wasm-sizes:end -->\nb\n";
        let new = replace_block(text, "table", &table(&BUILDS).unwrap()).unwrap();
        assert_eq!(
            new,
            "a\n<!-- wasm-sizes:table (x) -->\n| build | raw | gzip -9 | brotli 11 |\n| --- | --- | --- | --- |\n\
             | full | 478,054 B (467 KiB) | 192,507 B (188 KiB) | 155,320 B (152 KiB) |\n\
             | pure | 323,411 B (316 KiB) | 133,260 B (130 KiB) | 109,256 B (107 KiB) |\n\
             | inspect | 537,661 B (525 KiB) | 233,828 B (228 KiB) | 190,001 B (186 KiB) |\n<!-- wasm-sizes:end -->\nb\n"
        );
        assert_eq!(replace_block(text, "summary", "x"), None);
        assert_eq!(summary(&BUILDS[..2]).unwrap_err(), "the inspect build was not measured");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(999), "999");
    }
}
