//! `BENCHMARKS.md`: the tables of one run, and where we lose to a peer.

use std::fmt::Write as _;

use crate::criterion::{Estimate, criterion_dir, estimate};
use crate::e2e::{E2e, Summary, Table};
use crate::instructions::{self, Count};
use crate::machine::Machine;
use crate::memory::MemoryResult;
use crate::nodejs::NodeResult;
use crate::wasm::WasmResult;

use crate::{Data, Env, Plan};

/// Part 1, read from criterion's output.
#[derive(Debug, Clone)]
pub struct Core {
    /// compat-core's own bench: 5 hand-built models.
    pub verdicts_mixed: Option<Estimate>,
    /// `is_model_compatible` over the 963 dataset models.
    pub verdicts_dataset: Option<Estimate>,
    /// `judge` over compat-core's 5 models with dimensions, without and with a device.
    pub judge_plain: Option<Estimate>,
    pub judge_on_device: Option<Estimate>,
    /// The same two, in instructions per model (callgrind), or why not counted.
    pub judge_instructions: Result<[Count; 2], String>,
    pub dataset: Pair,
    pub fixtures: Pair,
}

/// The floor (`serde_json::Value`) and ours over the same bytes.
#[derive(Debug, Clone)]
pub struct Pair {
    pub label: String,
    pub records: usize,
    pub bodies: usize,
    pub floor: Option<Estimate>,
    pub ours: Option<Estimate>,
}

pub fn core(env: &Env, data: &Data) -> Result<Core, String> {
    let dir = criterion_dir(&env.root);
    let core = Core {
        verdicts_mixed: estimate(&dir, "is_model_compatible", "mixed corpus (5 models)"),
        verdicts_dataset: estimate(&dir, "verdicts", "dataset"),
        judge_plain: estimate(&dir, "judge", "without a device (5 models with dimensions)"),
        judge_on_device: estimate(&dir, "judge", "on gpu-12gb (5 models with dimensions)"),
        judge_instructions: judge_instructions(env),
        dataset: Pair {
            label: format!("dataset: {} derived records as raw Hub records", data.dataset.len()),
            records: data.dataset.len(),
            bodies: data.dataset.len().div_ceil(compat_bench::DATASET_PAGE_SIZE),
            floor: estimate(&dir, "dataset", "serde_value"),
            ours: estimate(&dir, "dataset", "parse_extract_judge"),
        },
        fixtures: Pair {
            label: "recorded fixtures, read in place".to_owned(),
            records: data.fixtures.iter().map(|f| f.records).sum(),
            bodies: data.fixtures.len(),
            floor: estimate(&dir, "fixtures", "serde_value"),
            ours: estimate(&dir, "fixtures", "parse_extract_judge"),
        },
    };
    if core.verdicts_dataset.is_none() && core.dataset.ours.is_none() {
        return Err(format!("no criterion results under {} (run `cargo xtask bench`)", dir.display()));
    }
    for (name, e) in [("verdicts, 5 models", &core.verdicts_mixed), ("verdicts, dataset", &core.verdicts_dataset)] {
        if let Some(e) = e {
            println!("   {name}: {:.0} verdicts/s", e.per_second(e.elements.unwrap_or(1)));
        }
    }
    Ok(core)
}

/// `judge` without and with a device, in instructions per model: the two criterion
/// benchmarks run again under callgrind.
fn judge_instructions(env: &Env) -> Result<[Count; 2], String> {
    let executable = instructions::bench_executable(&env.root, "compat-core", "verdicts")?;
    let count = |filter: &str| {
        let count = instructions::count(&executable, filter, "compat_core::rules::judge", &env.scratch)?;
        println!("   {filter}: {:.0} instructions per model (callgrind)", count.per_call());
        Ok::<_, String>(count)
    };
    Ok([count("judge/without a device")?, count("judge/on gpu-12gb")?])
}

#[derive(Debug)]
pub struct Report {
    pub machine: Machine,
    pub plan: Plan,
    pub core: Option<Result<Core, String>>,
    pub e2e: Option<E2e>,
    pub node: Option<Result<NodeResult, String>>,
    pub wasm: Option<Result<WasmResult, String>>,
    pub memory: Option<Result<MemoryResult, String>>,
}

fn mb(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1e6)
}

fn ms(v: f64) -> String {
    if v >= 100.0 { format!("{v:.0} ms") } else { format!("{v:.1} ms") }
}

/// Milliseconds with two decimals under 10 ms (a call from memory).
fn ms_fine(v: f64) -> String {
    if v < 10.0 { format!("{v:.2} ms") } else { ms(v) }
}

fn ratio(theirs: f64, ours: f64) -> String {
    if !(ours > 0.0 && theirs.is_finite()) {
        return "–".to_owned();
    }
    let r = theirs / ours;
    if r < 0.1 { format!("{r:.3}×") } else { format!("{r:.2}×") }
}

fn rate(n: f64) -> String {
    if n >= 1e6 {
        format!("{:.2} M", n / 1e6)
    } else if n >= 1e3 {
        format!("{:.1} k", n / 1e3)
    } else {
        format!("{n:.0}")
    }
}

fn not_run(part: &str) -> String {
    format!("_Not run in this invocation (`--only` left out `{part}`)._\n\n")
}

impl Report {
    pub fn new(machine: Machine, plan: Plan) -> Self {
        Self { machine, plan, core: None, e2e: None, node: None, wasm: None, memory: None }
    }

    pub fn markdown(&self) -> String {
        let mut s = String::new();
        let m = &self.machine;
        let p = &self.plan;
        let _ = writeln!(s, "# Benchmarks\n");
        let (command, note) = if p.quick {
            ("cargo xtask bench --quick", " (a smoke run with fewer repetitions: not the reference numbers)")
        } else {
            ("cargo xtask bench", "")
        };
        let _ = writeln!(
            s,
            "Written by `{command}`{note}; do not edit by hand, run it again instead. One run, one machine, \
             the same data for every tool. Everything HTTP goes to the testkit server on 127.0.0.1; nothing \
             reaches the internet.\n"
        );
        let _ = writeln!(s, "| | |\n|---|---|");
        let _ = writeln!(s, "| Date | {} |", m.date);
        let _ = writeln!(s, "| Machine | {} · {} cores · {:.1} GiB RAM |", m.cpu, m.cores, m.ram_gib);
        let _ = writeln!(s, "| System | {} · Linux {} |", m.os, m.kernel);
        let _ = writeln!(s, "| Commit | {} |", m.commit);
        for (tool, version) in &m.tools {
            let _ = writeln!(s, "| {tool} | {version} |");
        }
        let _ = writeln!(
            s,
            "| Repetitions | end-to-end: median of {} runs after {} warm-up; Node: median of {}; criterion: its default sampling{} |\n",
            p.runs,
            p.warmups,
            p.node_repeats,
            if p.quick { " shortened" } else { "" }
        );

        self.headline(&mut s);
        self.core_section(&mut s);
        self.e2e_section(&mut s);
        self.node_section(&mut s);
        self.wasm_section(&mut s);
        self.memory_section(&mut s);
        self.losses(&mut s);
        s
    }

    fn headline(&self, s: &mut String) {
        let _ = writeln!(s, "## Summary\n");
        let _ = writeln!(s, "| What | Ours | Peer / floor | Ratio (peer ÷ ours) |\n|---|---|---|---|");
        if let Some(Ok(core)) = &self.core {
            for pair in [&core.dataset, &core.fixtures] {
                if let (Some(f), Some(o)) = (&pair.floor, &pair.ours) {
                    let _ = writeln!(
                        s,
                        "| Parse + extract + judge, {} ({} records) | {} records/s | floor, `serde_json::Value` only: {} records/s | {} |",
                        pair.label,
                        pair.records,
                        rate(o.per_second(pair.records as u64)),
                        rate(f.per_second(pair.records as u64)),
                        ratio(f.median_ns, o.median_ns),
                    );
                }
            }
        }
        for table in self.e2e.iter().flat_map(|e| &e.tables) {
            let ours = table.ours();
            for row in table.rows.iter().skip(1) {
                if table.latency_ms == 0 && (row.client.ours || row.result.is_err()) {
                    continue;
                }
                match (&row.result, ours) {
                    (Ok(theirs), Some(ours)) => {
                        let _ = writeln!(
                            s,
                            "| 100 compatible models, end to end, {} ms latency | {} (Rust) | {}: {} ({}/{} runnable) | {} |",
                            table.latency_ms,
                            ms(ours.listing_ms),
                            row.client.label,
                            ms(theirs.listing_ms),
                            theirs.runnable,
                            theirs.kept.len(),
                            ratio(theirs.listing_ms, ours.listing_ms)
                        );
                    }
                    (Err(e), _) => {
                        let _ = writeln!(
                            s,
                            "| 100 compatible models, end to end | | {}: **{}** | – |",
                            row.client.label, e
                        );
                    }
                    _ => {}
                }
            }
        }
        if let Some(Ok(node)) = &self.node {
            let _ = writeln!(
                s,
                "| `filterCompatibleModels`, {} models | {} (addon) | pure JavaScript port: {} | {} |",
                node.records,
                ms(node.addon_ms),
                ms(node.js_ms),
                ratio(node.js_ms, node.addon_ms)
            );
            if let Some(p) = &node.paths {
                let _ = writeln!(
                    s,
                    "| `filterCompatibleIndices` (yes/no), {} models of a `prepareModels` set | {} (addon; \
                     the set: {} once) | pure JavaScript port: {} | {} |",
                    node.records,
                    ms(p.set_indices_ms),
                    ms(p.prepare_ms),
                    ms(node.js_ms),
                    ratio(node.js_ms, p.set_indices_ms)
                );
            }
            if let Ok(c) = &node.cached {
                let _ = writeln!(
                    s,
                    "| Server-side `getCompatibleHuggingFaceModels` ({} compatible, {} ms latency) called again \
                     through `createClient({{ cache }})` | {} (from memory) | the first call: {} | {} |",
                    c.limit,
                    c.latency_ms,
                    ms_fine(c.again_ms),
                    ms(c.first_ms),
                    ratio(c.first_ms, c.again_ms)
                );
            }
        } else if let Some(Err(e)) = &self.node {
            let _ = writeln!(s, "| `filterCompatibleModels` (Node addon) | **{e}** | | – |");
        }
        match &self.wasm {
            Some(Err(e)) => {
                let _ = writeln!(s, "| WASM bundle, instantiate, browser call | **{e}** | | – |");
            }
            Some(Ok(w)) => {
                if let Some(full) = w.sizes.first() {
                    let _ = writeln!(
                        s,
                        "| WASM bundle (full `.wasm`), instantiate in Node | {:.0} KiB gzipped ({:.0} KiB raw); {} | | |",
                        full.gzip as f64 / 1024.0,
                        full.raw as f64 / 1024.0,
                        w.require_ms.map_or("n/a".to_owned(), ms)
                    );
                }
                if let Ok(b) = &w.browser {
                    let _ = writeln!(
                        s,
                        "| WASM in Chromium: `init()`, then {} compatible models at {} ms latency | {} + {} | | |",
                        self.plan.limit,
                        w.latency_ms,
                        ms(b.init_ms),
                        ms(b.listing_ms)
                    );
                }
            }
            None => {}
        }
        if let Some(Ok(mem)) = &self.memory {
            if let (Some(first), Some(last)) = (mem.marks.first(), mem.marks.last()) {
                let _ = writeln!(
                    s,
                    "| RSS streaming a listing | {:.1} MB at {} models → {:.1} MB at {} models | | |",
                    first.rss_kb as f64 / 1024.0,
                    first.models,
                    last.rss_kb as f64 / 1024.0,
                    last.models
                );
            }
        }
        let _ = writeln!(s);
    }

    fn core_section(&self, s: &mut String) {
        let _ = writeln!(s, "## 1. Core (criterion, no network)\n");
        let core = match &self.core {
            None => return s.push_str(&not_run("core")),
            Some(Err(e)) => {
                let _ = writeln!(s, "**{e}**\n");
                return;
            }
            Some(Ok(core)) => core,
        };
        let _ = writeln!(
            s,
            "`cargo bench -p compat-core --bench verdicts` and `cargo bench -p compat-bench --bench core`; \
             medians of criterion's samples.\n"
        );
        let _ = writeln!(s, "| `is_model_compatible` over | Median per call | Verdicts/s |\n|---|---|---|");
        for (label, e) in [
            ("5 hand-built models (compat-core's bench)", &core.verdicts_mixed),
            ("the 963 dataset models (metadata extracted beforehand)", &core.verdicts_dataset),
        ] {
            match e {
                Some(e) => {
                    let n = e.elements.unwrap_or(1);
                    let _ = writeln!(
                        s,
                        "| {label} | {:.2} µs | {} |",
                        e.median_ns / n as f64 / 1000.0,
                        rate(e.per_second(n))
                    );
                }
                None => {
                    let _ = writeln!(s, "| {label} | not run | |");
                }
            }
        }
        if let (Some(plain), Some(device)) = (&core.judge_plain, &core.judge_on_device) {
            let n = plain.elements.unwrap_or(1) as f64;
            let _ = writeln!(
                s,
                "\n`judge` with and without a device over the same 5 models with config.json dimensions \
                 (compat-core's bench `judge/`: a 10-quant GGUF repository, safetensors that offload, a 27 B \
                 GGUF, a hybrid the worker refuses, an SDXL checkpoint): every loadable file placed, the \
                 recommended one's estimate, fit, reason and longest contexts.\n\n\
                 Wall-clock medians on a shared machine move between runs; the instructions counted \
                 by callgrind (valgrind, the same bench for one second, inside `judge` only) do not.\n\n\
                 | `judge` | Median per model | ×without | Instructions per model | ×without |\n\
                 |---|---|---|---|---|",
            );
            let (plain_ir, device_ir) = match &core.judge_instructions {
                Ok([plain, device]) => (
                    format!("{:.0} | 1.00×", plain.per_call()),
                    format!("{:.0} | {:.2}×", device.per_call(), device.per_call() / plain.per_call()),
                ),
                Err(e) => (format!("not counted: {e} |"), "not counted |".to_owned()),
            };
            let _ = writeln!(s, "| without a device | {:.2} µs | 1.00× | {plain_ir} |", plain.median_ns / n / 1000.0);
            let _ = writeln!(
                s,
                "| on `gpu-12gb` | {:.2} µs | {:.2}× | {device_ir} |",
                device.median_ns / n / 1000.0,
                device.median_ns / plain.median_ns
            );
        }
        let _ = writeln!(
            s,
            "\nThe same bytes read two ways: `serde_json::from_slice::<Value>` alone (the floor: any JSON \
             consumer pays it) and ours, `parse_body` + `HfModelRecord` + `extract_metadata` + \
             `is_model_compatible` for every record.\n"
        );
        let _ = writeln!(
            s,
            "| Input | Bodies | Records | Bytes | Floor: records/s · MB/s | Ours: records/s · MB/s | Ours ÷ floor (time) |\n|---|---|---|---|---|---|---|"
        );
        for pair in [&core.dataset, &core.fixtures] {
            match (&pair.floor, &pair.ours) {
                (Some(f), Some(o)) => {
                    let bytes = o.bytes.or(f.bytes).unwrap_or(0);
                    let _ = writeln!(
                        s,
                        "| {} | {} | {} | {} | {} · {:.0} | {} · {:.0} | {:.2}× |",
                        pair.label,
                        pair.bodies,
                        pair.records,
                        mb(bytes as f64),
                        rate(f.per_second(pair.records as u64)),
                        f.per_second(bytes) / 1e6,
                        rate(o.per_second(pair.records as u64)),
                        o.per_second(bytes) / 1e6,
                        o.median_ns / f.median_ns
                    );
                }
                _ => {
                    let _ = writeln!(s, "| {} | not run | | | | | |", pair.label);
                }
            }
        }
        let _ = writeln!(
            s,
            "\nThe dataset (`../shared/datasets/llmfit_hf_models.json`) is derived data, not API output: each \
             entry is turned back into the raw record `/api/models?expand[]=...` would send (tags with the \
             format, `pipeline_tag`, `config.model_type` and `architectures`, the family's recorded \
             `tokenizer_config`, `quantization_config` for AWQ/GPTQ, `safetensors` or `gguf` blocks, siblings \
             named by format and quantization), once, before measuring; it is then read as compact pages of \
             {} records. The fixtures are the recorded bodies of `../shared/fixtures/huggingface` (tree \
             listings left out), pretty-printed as recorded.\n",
            compat_bench::DATASET_PAGE_SIZE
        );
    }

    fn e2e_section(&self, s: &mut String) {
        let p = &self.plan;
        let _ = writeln!(s, "## 2. End to end: the first {} compatible text-generation models\n", p.limit);
        let Some(e2e) = &self.e2e else { return s.push_str(&not_run("e2e")) };
        let _ = writeln!(
            s,
            "The testkit server replays a `pipeline_tag=text-generation&sort=downloads` listing of {} records \
             (the text-generation fixture records cut to the fields our `expand[]` asks for, and the dataset \
             records; most downloaded first) in pages of {} with `Link` headers, {} ms of latency per request. \
             By our rules {} of them ({:.0}%) are runnable; the first {} runnable ones are within the first {} \
             records. Each client runs in its own process against a fresh server; listing time is measured \
             inside the client (first request to the {}th model), process time from spawn to exit (interpreter \
             start and imports included), peak RSS by `/usr/bin/time -v`, requests and bytes by the server.\n",
            e2e.records,
            p.page_size,
            p.latency_ms,
            e2e.compatible,
            100.0 * e2e.compatible as f64 / e2e.records.max(1) as f64,
            p.limit,
            e2e.records_for_limit.map_or_else(|| "(never)".to_owned(), |n| n.to_string()),
            p.limit
        );
        for table in &e2e.tables {
            self.e2e_table(s, table);
        }
        self.fit_row(s, e2e);
        let _ = writeln!(
            s,
            "The peers' filter is the one a user writes from the worker's README (`bench/hf_hub_list.py`, \
             `bench/hfjs-list.mjs`): a `safetensors` or `gguf` tag and a supported `config.model_type` (or GGUF \
             architecture). It lets through what our rules reject: AWQ/GPTQ-quantized safetensors, MLX \
             layouts, GGUF repositories without a loadable quantization. \"Runnable by our rules\" counts the \
             models a worker could actually load; a peer that keeps unrunnable models also stops paging \
             sooner, which is why it may make fewer requests. The server sends the same bytes whatever \
             `expand[]` a client asks for (the real Hub would send a little less to a client asking for \
             fewer fields). \"Runnable ones it passed over\": models our rules accept that the client skipped \
             before its last kept one.\n"
        );
    }

    /// "The first 100 models that fit a 12 GB GPU": requests and time against the floor of the
    /// listing's own requests.
    fn fit_row(&self, s: &mut String, e2e: &E2e) {
        let p = &self.plan;
        let _ = writeln!(
            s,
            "**On a device: the first {} models that fit a 12 GB GPU** (`hf-fit`: \
             `HuggingFaceSource::collect` with `memory_facts`, judged by `OnDevice {{ device: {}, fit: gpu }}`, \
             `config.json` reads {} at a time per page, {} ms per request). The dataset has no dimensions: each \
             record whose family a publisher's config.json in the offline snapshot covers is served the one \
             nearest its parameter count (`compat_bench::fit_listing`; derived data, like the listing), and \
             GGUF repositories list a `config.json` ({} of the {} records get one). The floor is the \
             listing's pages alone at {} ms each.\n",
            p.limit,
            crate::e2e::FIT_PRESET,
            8,
            p.latency_ms,
            e2e.fit.as_ref().map_or(0, |f| f.with_config),
            e2e.records,
            p.latency_ms
        );
        match &e2e.fit {
            Ok(f) => {
                let floor = f.pages as f64 * p.latency_ms as f64;
                let _ = writeln!(
                    s,
                    "| Client | Listing (median) | Process | Requests | Listing pages | config.json reads | \
                     Floor (pages × latency) | ×floor | Kept | Scanned |\n|---|---|---|---|---|---|---|---|---|---|\n\
                     | model-compat, Rust (`hf-fit`) | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                    ms(f.listing_ms),
                    ms(f.process_ms),
                    f.requests,
                    f.pages,
                    f.config_requests,
                    ms(floor),
                    ratio(f.listing_ms, floor),
                    f.kept,
                    f.scanned
                );
            }
            Err(e) => {
                let _ = writeln!(s, "**{e}**\n");
            }
        }
    }

    fn e2e_table(&self, s: &mut String, table: &Table) {
        let _ = writeln!(
            s,
            "{}\n",
            if table.latency_ms > 0 {
                format!(
                    "**{} ms per request** (the case that matters: a real Hub is further away than this)",
                    table.latency_ms
                )
            } else {
                "**No latency**: what is left is each client's own work (start-up, HTTP, JSON, filter)".to_owned()
            }
        );
        let ours = table.ours();
        let _ = writeln!(
            s,
            "| Client | Listing (median) | ×ours | Process | ×ours | Peak RSS | ×ours | Requests | Floor (requests × latency) | Bytes | Kept | Runnable by our rules | Runnable ones it passed over |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|"
        );
        for row in &table.rows {
            match &row.result {
                Ok(r) => {
                    let x = |f: fn(&Summary) -> f64| ours.map_or("–".to_owned(), |o| ratio(f(r), f(o)));
                    let rss = r.rss_kb.map_or("n/a".to_owned(), |k| mb(k * 1024.0));
                    let _ = writeln!(
                        s,
                        "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                        row.client.label,
                        ms(r.listing_ms),
                        x(|r| r.listing_ms),
                        ms(r.process_ms),
                        x(|r| r.process_ms),
                        rss,
                        x(|r| r.rss_kb.unwrap_or(f64::NAN)),
                        r.requests,
                        ms((r.requests as u64 * table.latency_ms) as f64),
                        mb(r.bytes as f64),
                        r.kept.len(),
                        format_args!("{} ({:.0}%)", r.runnable, 100.0 * r.runnable as f64 / r.kept.len().max(1) as f64),
                        r.missed,
                    );
                }
                Err(e) => {
                    let _ = writeln!(s, "| {} | **{}** | | | | | | | | | | | |", row.client.label, e);
                }
            }
        }
        let _ = writeln!(s);
    }

    fn node_section(&self, s: &mut String) {
        let _ = writeln!(s, "## 3. Node addon overhead\n");
        let node = match &self.node {
            None => return s.push_str(&not_run("node")),
            Some(Err(e)) => {
                let _ = writeln!(s, "**{e}** — no numbers.\n");
                return;
            }
            Some(Ok(n)) => n,
        };
        let _ = writeln!(
            s,
            "`filterCompatibleModels(metadata)` of the addon against `bench/js-rules.mjs`, a pure JavaScript \
             port of the text worker's main rules (pipeline, architecture family by evidence, weight files: \
             format, GGUF quantization label, quantized safetensors, shards, format tags without files), over \
             the same {} `ModelMetadata` objects (built once with `extractHuggingFaceMetadata`, {} outside the \
             timings). Median of {} calls each.\n",
            node.records,
            ms(node.extract_ms),
            node.repeats
        );
        let _ = writeln!(s, "| Filter | Median | Models/s | Kept |\n|---|---|---|---|");
        let _ = writeln!(
            s,
            "| addon `filterCompatibleModels` (full verdicts: reasons, files, recommendation) | {} | {} | {} |",
            ms(node.addon_ms),
            rate(node.records as f64 / (node.addon_ms / 1000.0)),
            node.addon_kept
        );
        if let Some(p) = &node.paths {
            let rows = [
                ("addon `filterCompatibleModels(set)` (full verdicts, a `prepareModels` set)", p.set_ms),
                ("addon `filterCompatibleIndices(models)` (the yes/no: positions of the kept models)", p.indices_ms),
                ("addon `filterCompatibleIndices(set)` (the yes/no over a `prepareModels` set)", p.set_indices_ms),
            ];
            for (label, t) in rows {
                let _ = writeln!(
                    s,
                    "| {label} | {} | {} | {} |",
                    ms(t),
                    rate(node.records as f64 / (t / 1000.0)),
                    node.addon_kept
                );
            }
        }
        let _ = writeln!(
            s,
            "| pure JavaScript port (a boolean per model) | {} | {} | {} |",
            ms(node.js_ms),
            rate(node.records as f64 / (node.js_ms / 1000.0)),
            node.js_kept
        );
        if let Some(p) = &node.paths {
            let _ = writeln!(
                s,
                "\n`prepareModels(models)` reads the models into the addon once ({} here: the JSON crossing of \
                 the models, paid once per set); a set then crosses nothing on the way in, for any number of \
                 filters (other catalogs, other workers). The yes/no path judges with `compat_core::is_compatible` \
                 (the verdict's yes or no, without building it) and hands back an array of positions. Against \
                 the JavaScript port: `filterCompatibleIndices(set)` {}, `filterCompatibleModels(set)` {} (ratios \
                 of time, port ÷ addon). Every way in kept the same models: {}.",
                ms(p.prepare_ms),
                ratio(node.js_ms, p.set_indices_ms),
                ratio(node.js_ms, p.set_ms),
                if p.agree { "yes" } else { "**no**" }
            );
        }
        if let Some(b) = &node.breakdown {
            let rules = self.rules_ms(node.records);
            let _ = writeln!(
                s,
                "\nWhere the addon's time goes (same call, in steps, medians): `JSON.stringify` of the models \
                 ({}) {}, the native call (parse into Rust types, judge, serialize the kept models with their \
                 verdicts: {} out) {}, `JSON.parse` of the result {}.{}",
                mb(b.in_bytes as f64),
                ms(b.stringify_ms),
                mb(b.out_bytes as f64),
                ms(b.native_ms),
                ms(b.parse_ms),
                rules.map_or(String::new(), |r| format!(
                    " The rules alone (part 1's `verdicts/dataset` rate) would take about {} for {} models: the rest \
                     is moving JSON.",
                    ms(r),
                    node.records
                ))
            );
        }
        let _ = writeln!(
            s,
            "\nThe two agree on {} of {} models ({:.1}%).{}\n",
            node.agree,
            node.records,
            100.0 * node.agree as f64 / node.records.max(1) as f64,
            if node.disagreements.is_empty() {
                String::new()
            } else {
                format!(
                    " Examples where they differ: {}. {} of the {} models they differ on state no architecture \
                     (no config, no GGUF metadata): the rules read one from the repository name (a yes with the \
                     warning `architecture_inferred` when a worker runs that family), the port does not read \
                     names (see `bench/js-rules.mjs`). The addon's yes/no path is the verdict's own answer on \
                     every model (`same models` above; `crates/compat-bench/tests/fast_path.rs` checks it over \
                     the recorded and dataset models).",
                    node.disagreements.join("; "),
                    node.unstated_architecture,
                    node.records - node.agree
                )
            }
        );
        match &node.cached {
            Ok(c) => {
                let _ = writeln!(
                    s,
                    "\n**A server-side call again, from memory.** Part 2's listing (the first {} compatible \
                     text-generation models, {} ms of latency per request) through `createClient({{ cache: {{ \
                     ttlMs }} }})` in one Node process (`bench/node-addon-cached.mjs`): the first call reads the \
                     pages, the same call again answers from the client's memory: the first call's result, kept \
                     with what it read and handed out again while every page it read is kept, fresh and unchanged \
                     (no request, no judging, no serializing; JavaScript still parses the result).\n\n| Call | Time | Models |\n|---|---|---|\n| first `client.getCompatibleHuggingFaceModels` \
                     | {} | {} |\n| the same call again (median of {}; slowest {}) | {} | {} |\n\n{} requests reached \
                     the server in all{}.\n",
                    c.limit,
                    c.latency_ms,
                    ms(c.first_ms),
                    c.kept,
                    c.repeats,
                    ms_fine(c.again_max_ms),
                    ms_fine(c.again_ms),
                    c.kept,
                    c.requests,
                    if c.same {
                        "; every call returned the same models"
                    } else {
                        "; **the calls returned different models**"
                    }
                );
            }
            Err(e) => {
                let _ = writeln!(s, "\n**A server-side call again, from memory**: **{e}**.\n");
            }
        }
    }

    /// Milliseconds the rules alone take for `n` models, from part 1.
    fn rules_ms(&self, n: usize) -> Option<f64> {
        let Some(Ok(core)) = &self.core else { return None };
        let e = core.verdicts_dataset.as_ref()?;
        Some(n as f64 / e.per_second(e.elements.unwrap_or(1)) * 1000.0)
    }

    fn wasm_section(&self, s: &mut String) {
        let _ = writeln!(s, "## 4. WASM\n");
        match &self.wasm {
            None => s.push_str(&not_run("wasm")),
            Some(Err(e)) => {
                let _ = writeln!(s, "**{e}** — no numbers.\n");
            }
            Some(Ok(w)) => self.wasm_tables(s, w),
        }
    }

    fn wasm_tables(&self, s: &mut String, w: &WasmResult) {
        let _ = writeln!(s, "| Bundle file | Raw | gzip -9 |\n|---|---|---|");
        for size in &w.sizes {
            let _ = writeln!(
                s,
                "| {} | {} B ({:.0} KiB) | {} B ({:.0} KiB) |",
                size.label,
                size.raw,
                size.raw as f64 / 1024.0,
                size.gzip,
                size.gzip as f64 / 1024.0
            );
        }
        let _ = writeln!(s, "\n| In Node (`pkg/nodejs`) | Median |\n|---|---|");
        if let Some(v) = w.require_ms {
            let _ = writeln!(
                s,
                "| `require` in a fresh process: read, compile and instantiate the `.wasm` ({} processes) | {} |",
                w.instantiate_runs,
                ms(v)
            );
        }
        if let Some(v) = w.first_call_ms {
            let _ = writeln!(
                s,
                "| first call: `extractHuggingFaceMetadata` + `isModelCompatible` of one record | {} |",
                ms(v)
            );
        }
        if let Some((n, t, kept)) = w.filter {
            let addon = match &self.node {
                Some(Ok(node)) => format!(" (the Node addon: {}, ×{:.2})", ms(node.addon_ms), t / node.addon_ms),
                _ => String::new(),
            };
            let _ = writeln!(
                s,
                "| `filterCompatibleModels` over the {n} models of part 3 ({kept} kept){addon} | {} |",
                ms(t)
            );
        }
        let _ = writeln!(s);
        match &w.browser {
            Ok(b) => {
                let ours = self.e2e.as_ref().and_then(E2e::main).and_then(Table::ours).map(|o| o.listing_ms);
                let _ =
                    writeln!(s, "| In headless Chromium {} (`pkg/web`, one page load) | Time |\n|---|---|", b.version);
                let _ = writeln!(s, "| `import` of the glue module | {} |", ms(b.import_ms));
                let _ = writeln!(s, "| `init()`: fetch, compile and instantiate the `.wasm` | {} |", ms(b.init_ms));
                let _ = writeln!(
                    s,
                    "| one sync call: `extractHuggingFaceMetadata` + `isModelCompatible` | {} |",
                    ms(b.sync_call_ms)
                );
                let _ = writeln!(
                    s,
                    "| one async call: `getCompatibleHuggingFaceModels` for {} models, {} ms latency, {} requests ({} kept, {} runnable){} | {} |",
                    self.plan.limit,
                    w.latency_ms,
                    b.requests,
                    b.kept,
                    b.runnable,
                    ours.map_or(String::new(), |o| format!("; the Rust provider: {}", ms(o))),
                    ms(b.listing_ms)
                );
                if let Some(warm) = b.warm_no_latency_ms {
                    let ours0 = self
                        .e2e
                        .as_ref()
                        .and_then(|e| e.tables.iter().find(|t| t.latency_ms == 0))
                        .and_then(Table::ours)
                        .map(|o| o.listing_ms);
                    let _ = writeln!(
                        s,
                        "| the same call again, warm, no latency (the page's own work){} | {} |",
                        ours0.map_or(String::new(), |o| format!("; the Rust provider, cold process: {}", ms(o))),
                        ms(warm)
                    );
                }
                let _ = writeln!(s);
            }
            Err(e) => {
                let _ = writeln!(s, "Browser: **{e}**\n");
            }
        }
    }

    fn memory_section(&self, s: &mut String) {
        let _ = writeln!(s, "## 5. Memory while streaming a listing\n");
        let mem = match &self.memory {
            None => return s.push_str(&not_run("memory")),
            Some(Err(e)) => {
                let _ = writeln!(s, "**{e}**\n");
                return;
            }
            Some(Ok(m)) => m,
        };
        let _ = writeln!(
            s,
            "`hf-stream` pages through a listing of {} synthetic models (the end-to-end records cycled with \
             unique ids) with `list_page`, judging every model and keeping none, served by testkit in pages of \
             {} with no latency, and reads its own `VmRSS` (`/proc/self/status`) as it passes each mark.\n",
            self.plan.stream_marks.iter().max().copied().unwrap_or(0),
            mem.page_size
        );
        let _ = writeln!(s, "| Models read | RSS | Peak RSS so far | Time |\n|---|---|---|---|");
        for m in &mem.marks {
            let _ = writeln!(
                s,
                "| {} | {:.1} MB | {:.1} MB | {:.1} s |",
                m.models,
                m.rss_kb as f64 / 1024.0,
                m.hwm_kb as f64 / 1024.0,
                m.ms / 1000.0
            );
        }
        let _ = writeln!(
            s,
            "\n{} pages, {} read from the server, {} models compatible; peak RSS of the whole process (GNU time): {}.\n",
            mem.pages,
            mb(mem.bytes as f64),
            mem.compatible,
            mem.max_rss_kb.map_or("n/a".to_owned(), |k| mb(k as f64 * 1024.0))
        );
    }

    /// Where a peer of `table` beats our Rust provider, with the reason.
    fn e2e_losses(&self, table: &Table, lines: &mut Vec<String>) {
        let Some(ours) = table.ours() else { return };
        let at = format!("{} ms latency", table.latency_ms);
        for row in table.rows.iter().skip(1).filter(|r| !r.client.ours) {
            let Ok(r) = &row.result else { continue };
            let name = &row.client.label;
            let wrong = r.kept.len() - r.runnable;
            if r.listing_ms < ours.listing_ms {
                lines.push(format!(
                    "- **Listing time** ({at}), {name}: {} vs our {}. {}",
                    ms(r.listing_ms),
                    ms(ours.listing_ms),
                    if r.requests < ours.requests {
                        format!(
                            "It made {} requests to our {}: its filter keeps models our rules reject ({wrong} of its {} \
                             cannot run on the worker), so it counts {} \"hits\" sooner and stops paging. It is faster \
                             at returning a list that is {:.0}% wrong.",
                            r.requests,
                            ours.requests,
                            r.kept.len(),
                            self.plan.limit,
                            100.0 * wrong as f64 / r.kept.len().max(1) as f64
                        )
                    } else {
                        "Same pages fetched: the difference is the client's own work per page.".to_owned()
                    }
                ));
            } else if r.requests < ours.requests && table.latency_ms > 0 {
                lines.push(format!(
                    "- **Requests and bytes** ({at}), {name}: {} requests and {} vs our {} and {}. Its looser filter \
                     accepts {wrong} models our rules reject, so it stops paging sooner; it still took longer.",
                    r.requests,
                    mb(r.bytes as f64),
                    ours.requests,
                    mb(ours.bytes as f64)
                ));
            }
            if let (Some(theirs), Some(mine)) = (r.rss_kb, ours.rss_kb) {
                if theirs < mine {
                    lines.push(format!(
                        "- **Peak RSS** ({at}), {name}: {} vs our {}.",
                        mb(theirs * 1024.0),
                        mb(mine * 1024.0)
                    ));
                }
            }
            if r.process_ms < ours.process_ms {
                lines.push(format!(
                    "- **Process time** ({at}), {name}: {} vs our {}{}.",
                    ms(r.process_ms),
                    ms(ours.process_ms),
                    if r.requests < ours.requests { ", with fewer pages for the reason above" } else { "" }
                ));
            }
        }
        // Our addon against our Rust provider is not a peer, but say where it stands.
        if table.latency_ms > 0 {
            if let Some(Ok(addon)) = table.rows.get(1).map(|r| &r.result) {
                if addon.listing_ms > ours.listing_ms * 1.1 {
                    lines.push(format!(
                        "- (Ours against ours, {at}) the Node addon lists in {} against the Rust provider's {}: the \
                         same Rust code behind a JSON crossing of 100 full entries.",
                        ms(addon.listing_ms),
                        ms(ours.listing_ms)
                    ));
                }
            }
        }
    }

    /// Where the WASM build stands against the addon, the JavaScript port and our native provider.
    fn wasm_losses(&self, w: &WasmResult, lines: &mut Vec<String>) {
        if let (Some((n, t, _)), Some(Ok(node))) = (w.filter, &self.node) {
            if t > node.js_ms {
                lines.push(format!(
                    "- **WASM `filterCompatibleModels`** over the same {n} models: {} in Node, against the addon's {} \
                     and the JavaScript port's {}. The same JSON crossing as the addon, into Rust compiled to wasm32 \
                     (one thread, a build optimized for size), which parses and judges more slowly than native code.",
                    ms(t),
                    ms(node.addon_ms),
                    ms(node.js_ms)
                ));
            }
        }
        let ours = self.e2e.as_ref().and_then(E2e::main).and_then(Table::ours);
        if let (Ok(b), Some(ours)) = (&w.browser, ours) {
            if b.listing_ms > ours.listing_ms * 1.1 {
                lines.push(format!(
                    "- (Ours against ours) the WASM build in Chromium lists {} compatible models in {} against the \
                     native provider's {}, with the same {} requests{}: the page fetches through the browser, copies \
                     each JSON page into the module's memory, parses and judges it in wasm32 and hands the results \
                     back to JavaScript as JSON. There is no browser peer in this run to compare with.",
                    self.plan.limit,
                    ms(b.listing_ms),
                    ms(ours.listing_ms),
                    b.requests,
                    b.warm_no_latency_ms.map_or(String::new(), |warm| format!(
                        "; without latency the same call takes {} warm in the page",
                        ms(warm)
                    ))
                ));
            }
        }
    }

    /// Every measure where a peer does better than us, with the reason.
    fn losses(&self, s: &mut String) {
        let _ = writeln!(s, "## Where we lose, and why\n");
        let mut lines: Vec<String> = Vec::new();
        if let Some(Ok(core)) = &self.core {
            let ratios: Vec<String> = [&core.dataset, &core.fixtures]
                .iter()
                .filter_map(|pair| {
                    let (f, o) = (pair.floor.as_ref()?, pair.ours.as_ref()?);
                    Some(format!("{:.2}× ({})", o.median_ns / f.median_ns, pair.label))
                })
                .collect();
            if !ratios.is_empty() {
                lines.push(format!(
                    "- **Against the JSON floor**: reading a body our way takes {} the time of parsing it into \
                     `serde_json::Value` alone. We parse into that same `Value` first, then read every record \
                     leniently (a wrong-typed field becomes a note, not a failure), classify every sibling file \
                     (format, quantization label, shards, role) and judge the model against every worker with \
                     reasons; the floor does none of that. Any consumer that wants a verdict pays the floor plus its \
                     own reading.",
                    ratios.join(" and ")
                ));
            }
        }
        if let Some(e2e) = &self.e2e {
            for table in &e2e.tables {
                self.e2e_losses(table, &mut lines);
            }
        }
        if let Some(Ok(node)) = &self.node {
            if node.js_ms < node.addon_ms {
                lines.push(format!(
                    "- **Node addon vs pure JavaScript**: the JavaScript port filters {} models in {} against the \
                     addon's {} ({:.1}×). The port returns a boolean per model from a few table look-ups inside \
                     V8; the addon serializes every metadata object to JSON, crosses into Rust, builds a full \
                     verdict (reasons, warnings, codes, per-file verdicts, recommended file) and sends the kept \
                     models back as JSON, which V8 parses into objects{}. What the port does not give: reasons, \
                     warnings, confidence, the file to download; and it is a second copy of the rules to keep in \
                     step by hand (here it agrees on {:.1}% of the models).",
                    node.records,
                    ms(node.js_ms),
                    ms(node.addon_ms),
                    node.addon_ms / node.js_ms,
                    node.breakdown.as_ref().map_or(String::new(), |b| format!(
                        " ({} of the {} is the native call, of which the rules are a small part; see part 3)",
                        ms(b.native_ms),
                        ms(node.addon_ms)
                    )),
                    100.0 * node.agree as f64 / node.records.max(1) as f64
                ));
            }
        }
        if let Some(Ok(node)) = &self.node {
            if let Some(p) = node.paths.as_ref().filter(|p| p.set_indices_ms > node.js_ms) {
                lines.push(format!(
                    "- **The addon's yes/no path vs pure JavaScript**: `filterCompatibleIndices` over a prepared set \
                     takes {} against the port's {} ({:.1}×); over plain arrays {}, which first cross as JSON. \
                     Nothing crosses on the way in for a set; what is left is the rules themselves \
                     (`is_compatible` runs the same checks as the full verdict, reasons included, and stops only \
                     at the first worker that runs the model), against a port that reads a few fields.",
                    ms(p.set_indices_ms),
                    ms(node.js_ms),
                    p.set_indices_ms / node.js_ms,
                    ms(p.indices_ms)
                ));
            }
        }
        if let Some(Ok(w)) = &self.wasm {
            self.wasm_losses(w, &mut lines);
        }
        if lines.is_empty() {
            lines.push("- Nowhere in this run: every measured peer was slower, larger or wrong more often.".to_owned());
        }
        for line in lines {
            let _ = writeln!(s, "{line}");
        }
        let skipped: Vec<&str> = [
            ("Node addon (parts 2 and 3)", matches!(&self.node, Some(Err(e)) if e.starts_with("not built"))),
            ("WASM (part 4)", matches!(&self.wasm, Some(Err(e)) if e.starts_with("not built"))),
        ]
        .into_iter()
        .filter(|(_, skipped)| *skipped)
        .map(|(name, _)| name)
        .collect();
        if !skipped.is_empty() {
            let _ = writeln!(
                s,
                "\nNot measured in this run because not built: {}. Build them (see their READMEs) and run \
                 `cargo xtask bench` again.",
                skipped.join(", ")
            );
        }
        let _ = writeln!(s);
    }
}
