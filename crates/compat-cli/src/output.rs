//! What people read: the listing table and one model's full verdict.

use std::fmt::Write as _;
use std::io::Write;

use compat_core::{Confidence, Source};
use model_source::{HeaderRead, ModelEntry};

use crate::error::{CliError, CliResult};
use crate::report::{Report, family, format_summary};
use crate::terminal;

/// Longest id (with the CivitAI name) and note shown in a table cell; JSON has everything.
const MAX_ID: usize = 52;
const MAX_NOTE: usize = 100;
const MAX_SHORT: usize = 30;

/// Writes `text` to stdout; a closed pipe (`| head`) ends quietly.
pub fn emit(text: &str) -> CliResult {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::Failed(format!("cannot write to stdout: {e}"))),
    }
}

/// One JSON object per line.
pub fn json_lines(reports: &[Report]) -> CliResult {
    let mut text = String::new();
    for report in reports {
        let line = serde_json::to_string(report).map_err(|e| CliError::Failed(e.to_string()))?;
        text.push_str(&terminal::json_controls(&line));
        text.push('\n');
    }
    emit(&text)
}

/// The listing table: id, family, format/quant, size, context, confidence, main reason or
/// warning; judged on a device, also what the recommended file needs and where it fits.
/// CivitAI models have no context length: their table shows the model type instead.
pub fn table(entries: &[ModelEntry]) -> String {
    let civitai = !entries.is_empty() && entries.iter().all(|e| e.record.metadata.source == Source::Civitai);
    let on_device = entries.iter().any(|e| e.compatibility.fit.is_some());
    let mut header = if civitai {
        vec!["MODEL", "BASE MODEL", "FORMAT / PRECISION", "SIZE", "TYPE"]
    } else {
        vec!["MODEL", "FAMILY", "FORMAT / QUANT", "SIZE", "CONTEXT"]
    };
    if on_device {
        header.extend(["NEEDS", "FITS"]);
    }
    header.extend(["CONFIDENCE", "REASON / WARNING"]);
    // Cells are the API's words: escaped before their widths are measured.
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| row(e, civitai, on_device).into_iter().map(|cell| terminal::clean_line(&cell).into_owned()).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(width(cell));
        }
    }
    let mut out = String::new();
    let mut line = |cells: &[&str]| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            text.push_str(cell);
            if i.saturating_add(1) < cells.len() {
                text.push_str(&" ".repeat(widths[i].saturating_sub(width(cell)).saturating_add(2)));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&header);
    for row in &rows {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        line(&cells);
    }
    out
}

fn row(entry: &ModelEntry, civitai: bool, on_device: bool) -> Vec<String> {
    let (m, r) = (&entry.record.metadata, &entry.compatibility);
    let id = match m.source {
        Source::Civitai if !entry.record.name.is_empty() && entry.record.name != entry.record.id => {
            format!("{} {}", entry.record.id, entry.record.name)
        }
        _ => entry.record.id.clone(),
    };
    let confidence = if r.compatible { confidence(r.confidence).to_owned() } else { "no".to_owned() };
    let main = |items: &[String]| {
        let first = items.first()?;
        Some(match items.len() {
            1 => clip(first, MAX_NOTE),
            n => format!("{} (+{} more)", clip(first, MAX_NOTE.saturating_sub(10)), n.saturating_sub(1)),
        })
    };
    let note = if !r.compatible {
        main(&r.reasons).unwrap_or_else(|| "not compatible".to_owned())
    } else if let Some(warning) = main(&r.warnings) {
        warning
    } else if let Some(file) = &r.recommended_file {
        clip(&format!("ok: {}", file.name), MAX_NOTE)
    } else {
        "ok".to_owned()
    };
    let fifth = if civitai {
        m.model_type.clone().unwrap_or_else(|| "?".to_owned())
    } else {
        m.context_length.map_or_else(|| "-".to_owned(), context)
    };
    let size = match entry.size_bytes {
        Some(bytes) if entry.size_estimated => format!("~{}", size(bytes)),
        Some(bytes) => size(bytes),
        None => "-".to_owned(),
    };
    let mut cells = vec![
        clip(&id, MAX_ID),
        clip(&family(m, r).unwrap_or_else(|| "?".to_owned()), MAX_SHORT),
        clip(&format_summary(m, r).unwrap_or_else(|| "?".to_owned()), MAX_SHORT),
        size,
        fifth,
    ];
    if on_device {
        let fit = r.fit.as_deref();
        cells.push(fit.and_then(|f| f.needs_bytes).map_or_else(|| "?".to_owned(), compat_core::memory::fit::gib));
        cells.push(fit.map_or_else(|| "-".to_owned(), fits));
    }
    cells.extend([confidence, note]);
    cells
}

/// Where a model runs on the device, in a table cell: `gpu`, `offload 27/32`, `cpu`, `no`, `?`.
pub fn fits(fit: &compat_core::FitVerdict) -> String {
    use compat_core::Fit;
    match fit.fit {
        Fit::Fits => "gpu".to_owned(),
        Fit::FitsWithOffload => match (fit.gpu_layers, fit.layers) {
            (Some(on), Some(all)) => format!("offload {on}/{all}"),
            _ => "offload".to_owned(),
        },
        Fit::CpuOnly => "cpu".to_owned(),
        Fit::DoesNotFit => "no".to_owned(),
        Fit::Unknown => "?".to_owned(),
    }
}

/// Columns a string takes in a terminal (East Asian wide characters take two): Unicode's
/// East Asian Width data, through `unicode-width`.
fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

pub fn confidence(c: Confidence) -> &'static str {
    match c {
        Confidence::High => "high",
        Confidence::Medium => "medium",
        Confidence::Low => "low",
        Confidence::None => "none",
    }
}

/// `131072` → `128k`, `1048576` → `1M`, `1010000` → `1010k`, `2047` → `2047`.
pub fn context(tokens: u64) -> String {
    const K: u64 = 1024;
    match tokens {
        t if t >= K * K && t % (K * K) == 0 => format!("{}M", t / (K * K)),
        t if t >= K && t % K == 0 => format!("{}k", t / K),
        // Rounded without `t + 500`, which overflows for a context near u64::MAX.
        t if t >= 10_000 => format!("{}k", (t / 1000).saturating_add(u64::from(t % 1000 >= 500))),
        t => t.to_string(),
    }
}

/// `1.5 GB`, `350 MB`.
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len().saturating_sub(1) {
        value /= 1000.0;
        unit = unit.saturating_add(1);
    }
    if unit == 0 { format!("{bytes} B") } else { format!("{value:.1} {}", UNITS[unit]) }
}

/// `8.0B`, `494M` parameters.
pub fn parameters(count: u64) -> String {
    match count {
        c if c >= 1_000_000_000 => format!("{:.1}B", c as f64 / 1e9),
        c if c >= 1_000_000 => format!("{}M", c / 1_000_000),
        c => c.to_string(),
    }
}

fn clip(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// One model's full verdict, for people.
pub fn verdict(entry: &ModelEntry) -> String {
    let report = Report::from_entry(entry);
    let (m, r) = (&entry.record.metadata, &entry.compatibility);
    let mut out = String::new();
    let title = match m.source {
        Source::Civitai if !entry.record.name.is_empty() => format!("{} ({})", entry.record.name, entry.record.id),
        _ => entry.record.id.clone(),
    };
    let _ = writeln!(out, "{title}  [{}]", source_name(m.source));
    if let Some(url) = &entry.record.url {
        let _ = writeln!(out, "{url}");
    }
    let _ = writeln!(out);
    let runs_on: Vec<&str> = r.workers.iter().filter(|w| w.compatible).map(|w| w.id.as_str()).collect();
    let verdict = if r.compatible {
        format!("COMPATIBLE, confidence {} (runs on {})", confidence(r.confidence), runs_on.join(", "))
    } else {
        "NOT COMPATIBLE".to_owned()
    };
    let mut facts: Vec<(&str, String)> = vec![("verdict", verdict)];
    if let Some(a) = &m.architecture {
        let family = a.family.as_deref().unwrap_or(&a.raw);
        let raw = if a.raw != family { format!(" (`{}`)", a.raw) } else { String::new() };
        facts.push(("architecture", format!("{family}{raw}, read from {}", evidence(a.evidence))));
    }
    let mut kind = m.kind.as_str().to_owned();
    if let Some(tag) = &m.pipeline_tag {
        let _ = write!(kind, ", pipeline {tag}");
    }
    if let Some(library) = &m.library {
        let _ = write!(kind, ", library {library}");
    }
    facts.push(("kind", kind));
    if let Some(t) = &m.model_type {
        facts.push(("type", t.clone()));
    }
    if let Some(b) = &m.base_model {
        facts.push(("base model", b.clone()));
    }
    if !m.formats.is_empty() {
        let formats: Vec<&str> = m.formats.iter().map(|f| f.as_str()).collect();
        let mut text = formats.join(", ");
        if let Some(q) = &m.quantization {
            let _ = write!(text, " (quantized: {q})");
        }
        facts.push(("formats", text));
    }
    if let Some(c) = m.context_length {
        facts.push(("context", format!("{c} tokens")));
    }
    if let Some(p) = m.parameters {
        facts.push(("parameters", parameters(p)));
    }
    if let Some(d) = m.dimensions.as_ref().map(shape).filter(|s| !s.is_empty()) {
        facts.push(("shape", d));
    }
    if let Some(g) = m.gated {
        facts.push(("access", format!("gated ({})", format!("{g:?}").to_lowercase())));
    }
    if let Some(l) = &m.license {
        facts.push(("licence", l.clone()));
    }
    if let Some(d) = entry.record.downloads {
        facts.push(("downloads", d.to_string()));
    }
    let width = facts.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (key, value) in &facts {
        let _ = writeln!(out, "  {key:<width$}  {value}");
    }

    section(&mut out, "Reasons", &r.reasons);
    section(&mut out, "Warnings", &r.warnings);
    section(&mut out, "Recommendations", &r.recommendations);
    if !r.codes.is_empty() {
        let codes: Vec<&str> = r.codes.iter().map(|c| c.as_str()).collect();
        let _ = writeln!(out, "\nCodes: {}", codes.join(", "));
    }

    let _ = writeln!(out, "\nWorkers:");
    let wid = r.workers.iter().map(|w| w.id.len()).max().unwrap_or(0);
    for w in &r.workers {
        let status = if w.compatible { format!("yes ({})", confidence(w.confidence)) } else { "no".to_owned() };
        let why = w.reasons.first().or(w.warnings.first()).map(|s| format!("  {s}")).unwrap_or_default();
        let line = format!("  {:<wid$}  {status:<11}{why}", w.id);
        let _ = writeln!(out, "{}", line.trim_end());
    }

    if let Some(versions) = &report.versions {
        let _ = writeln!(out, "\nVersions:");
        for v in versions {
            let mark = if v.compatible { "✓" } else { "✗" };
            let name = v.name.as_deref().unwrap_or("");
            let base = v.base_model.as_deref().unwrap_or("?");
            let why = if v.compatible {
                v.warnings.first().cloned().unwrap_or_default()
            } else {
                v.reasons.first().cloned().unwrap_or_default()
            };
            let line = format!("  {mark} {} {name} [{base}]  {why}", v.id);
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }

    if !r.files.is_empty() {
        let _ = writeln!(out, "\nFiles:");
        let mut types = crate::report::tensor_types(m);
        for f in &r.files {
            let mark = if f.runnable { "✓" } else { "✗" };
            let mut what = f.format.as_ref().map_or_else(|| "unknown format".to_owned(), |x| x.as_str().to_owned());
            if let Some(q) = &f.quantization {
                let _ = write!(what, " {q}");
            }
            if f.parts > 1 {
                let _ = write!(what, ", {} parts", f.parts);
            }
            if let Some(s) = f.size_bytes {
                let _ = write!(what, ", {}", size(s));
            }
            if let Some(fit) = &f.fit {
                let _ = write!(what, ", {}", file_fit(fit));
            }
            let why = match (&f.code, &f.reason) {
                (Some(code), Some(reason)) => format!("  {code}: {reason}"),
                (Some(code), None) => format!("  {code}"),
                _ => String::new(),
            };
            let _ = writeln!(out, "  {mark} {} ({what}){why}", f.name);
            if let Some(types) = types.remove(&f.name) {
                let types: Vec<String> = types.iter().map(|(t, n)| format!("{t} {n}")).collect();
                let _ = writeln!(out, "      tensors: {}", types.join(", "));
            }
        }
    }
    match &r.recommended_file {
        Some(f) => {
            let mut line = format!("\nRecommended file: {}", f.name);
            if f.parts > 1 {
                let _ = write!(line, " (and the other {} parts)", f.parts.saturating_sub(1));
            }
            if let Some(s) = f.size_bytes {
                let estimated = if f.size_estimated { " (estimated)" } else { "" };
                let _ = write!(line, ", {}{estimated}", size(s));
            }
            let _ = writeln!(out, "{line}");
            if let Some(url) = &f.download_url {
                let _ = writeln!(out, "  {url}");
            }
        }
        None => {
            let _ = writeln!(out, "\nRecommended file: none");
        }
    }
    if let Some(memory) = &r.memory {
        let _ = writeln!(
            out,
            "\nMemory (the recommended file{}):",
            if r.recommended_file.is_some() { "" } else { ", else the smallest" }
        );
        out.push_str(&crate::estimate::breakdown(memory, r.fit.as_deref(), "  "));
    }
    let local = entry.record.source == Source::Local;
    let headers: Vec<String> = entry.record.headers.iter().map(|h| header_line(h, local)).collect();
    section(&mut out, if local { "Headers read from the files" } else { "Headers read over HTTP" }, &headers);
    section(&mut out, "Notes", &entry.record.notes);
    // Nearly every line above quotes the API: one pass keeps its controls off the terminal.
    terminal::clean(&out).into_owned()
}

/// What a header states of a model's shape, in one line: `28 layers, 16 heads (8 KV), key length 128`.
fn shape(d: &compat_core::Dimensions) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(n) = d.layers {
        parts.push(format!("{n} layers"));
    }
    match (d.heads, d.kv_heads) {
        (Some(h), Some(kv)) => parts.push(format!("{h} heads ({kv} KV)")),
        (Some(h), None) => parts.push(format!("{h} heads")),
        (None, Some(kv)) => parts.push(format!("{kv} KV heads")),
        (None, None) => {}
    }
    if let Some(n) = d.key_length {
        parts.push(format!("key length {n}"));
    }
    if let Some(n) = d.embedding_length {
        parts.push(format!("embedding {n}"));
    }
    if let Some(n) = d.sliding_window {
        parts.push(format!("sliding window {n}"));
    }
    if let Some(n) = d.experts {
        let used = d.experts_used.map(|u| format!(" ({u} used)")).unwrap_or_default();
        parts.push(format!("{n} experts{used}"));
    }
    parts.join(", ")
}

/// One weight file whose header was read over HTTP, and what reading it cost (what it holds is
/// shown with the files above).
/// A local file is read in steps, a remote one in ranged requests: `requests` counts either.
fn header_line(header: &HeaderRead, local: bool) -> String {
    let unit = if local { "read" } else { "request" };
    let requests = if header.requests == 1 { format!("1 {unit}") } else { format!("{} {unit}s", header.requests) };
    format!("{} ({requests}, {})", header.file, size(header.bytes_read))
}

/// A file's fit in the files list: `fits: needs 10.3 GiB`, `offload 27/32 layers: needs ...`.
fn file_fit(fit: &compat_core::FileFit) -> String {
    use compat_core::Fit;
    let where_ = match (fit.fit, fit.gpu_layers) {
        (Fit::Fits, _) => "fits on the GPU".to_owned(),
        (Fit::FitsWithOffload, Some(on)) => format!("{on} layers on the GPU"),
        (Fit::FitsWithOffload, None) => "offload".to_owned(),
        (Fit::CpuOnly, _) => "CPU only".to_owned(),
        (Fit::DoesNotFit, _) => "does not fit".to_owned(),
        (Fit::Unknown, _) => "fit unknown".to_owned(),
    };
    match fit.needs_bytes {
        Some(needs) => format!("{where_}, needs {}", compat_core::memory::fit::gib(needs)),
        None => where_,
    }
}

fn section(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title}:");
    for item in items {
        let _ = writeln!(out, "  - {item}");
    }
}

pub fn source_name(source: Source) -> &'static str {
    match source {
        Source::Huggingface => "huggingface",
        Source::Civitai => "civitai",
        Source::Local => "local",
    }
}

fn evidence(e: compat_core::Evidence) -> &'static str {
    match e {
        compat_core::Evidence::Header => "the file header",
        compat_core::Evidence::Config => "config",
        compat_core::Evidence::Gguf => "GGUF metadata",
        compat_core::Evidence::Tags => "tags",
        compat_core::Evidence::Name => "the repository name",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(context(131_072), "128k");
        assert_eq!(context(32_768), "32k");
        assert_eq!(context(32_000), "32k");
        assert_eq!(context(1_048_576), "1M");
        assert_eq!(context(1_010_000), "1010k");
        assert_eq!(context(2047), "2047");
        assert_eq!(context(10_499), "10k");
        assert_eq!(context(10_500), "11k");
        assert_eq!(context(u64::MAX), "18446744073709552k");
        assert_eq!(size(1_543_714_304), "1.5 GB");
        assert_eq!(size(512), "512 B");
        assert_eq!(parameters(8_030_261_248), "8.0B");
        assert_eq!(parameters(494_032_768), "494M");
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(width("majicMIX"), 8);
        assert_eq!(width("麦橘写实"), 8);
    }

    #[test]
    fn long_cells_are_clipped_on_one_line() {
        assert_eq!(clip("a\nb", 10), "a b");
        assert_eq!(clip("abcdef", 4), "abc…");
    }
}
