//! Weight file headers read through the Hub source: which files each `Inspect` mode reads, the
//! Hub's redirect to its CDN (range kept, token dropped), one concurrency limit and one budget
//! per call, and the facts kept on the record. The files are the generated ones
//! (`cargo xtask test header-data`: gguf-py's GGUFWriter); the repositories naming them are
//! written here, as no recording holds a repository of these files.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use model_source::{CollectOptions, HttpConfig, ModelSource, RetryPolicy};
use provider_huggingface::{
    DEFAULT_INSPECT_CONCURRENCY, HfQuery, HuggingFaceOptions, HuggingFaceSource, Inspect, Inspection,
};
use serde_json::{Value, json};
use testkit::{ListingStyle, Response, Scenario, Server, StaticDir};

const TOKEN: &str = "hf_testTOKENthatMustNotLeak";
const SHA: &str = "0123456789abcdef0123456789abcdef01234567";
const UD: &str = "Qwen3-0.6B-UD-Q4_K_XL.gguf";
const SPLIT: [&str; 3] =
    ["split-model-00001-of-00003.gguf", "split-model-00002-of-00003.gguf", "split-model-00003-of-00003.gguf"];

fn data_dir() -> PathBuf {
    let dir = std::env::current_exe().unwrap().ancestors().nth(3).unwrap().join("header-data");
    assert!(
        dir.join(UD).is_file(),
        "no generated header files in {}: run `cargo xtask test header-data`",
        dir.display()
    );
    dir
}

fn local_facts(file: &str) -> model_headers::HeaderFacts {
    let bytes = std::fs::read(data_dir().join(file)).unwrap();
    model_headers::read_header(&bytes, &model_headers::Limits::default()).unwrap()
}

/// A Hub detail record of a GGUF repository holding `files`; `gguf` is its `gguf` block.
fn repo(id: &str, files: &[&str], gguf: Option<Value>) -> Value {
    let siblings: Vec<Value> = files.iter().map(|f| json!({"rfilename": f})).collect();
    let mut record = json!({
        "id": id, "sha": SHA, "tags": ["gguf", "text-generation"], "pipeline_tag": "text-generation",
        "library_name": "gguf", "config": {}, "siblings": siblings,
    });
    if let Some(gguf) = gguf {
        record["gguf"] = gguf;
    }
    record
}

fn qwen3() -> Option<Value> {
    Some(json!({"architecture": "qwen3", "context_length": 40960, "total": 596049920}))
}

/// Repositories by id: a UD-only one, a mixed one, one whose record names no architecture.
fn repos() -> Vec<Value> {
    let mut mixed = vec![UD, "tiny-llama-Q4_K_M.gguf", "gemma-3-tiny-Q8_0.gguf", "README.md"];
    mixed.extend(SPLIT);
    vec![
        repo("unsloth/Qwen3-0.6B-GGUF", &[UD, "README.md"], qwen3()),
        repo("test/mixed-GGUF", &mixed, qwen3()),
        repo("test/no-architecture-GGUF", &["gemma-3-tiny-Q8_0.gguf"], None),
        repo("test/missing-GGUF", &["gone-Q4_K_M.gguf"], None),
    ]
}

/// The Hub (records, listing, `resolve` redirecting to the CDN) and the CDN (the files, each
/// answer held `cdn_delay_ms`).
async fn servers(cdn_delay_ms: u64) -> (Server, Server) {
    let cdn = Server::start(Scenario::new().with_static(StaticDir::new("/xet/", data_dir()).delay(cdn_delay_ms))).await;
    let mut hub = Scenario::new().paged_listing("/api/models", repos(), 10, ListingStyle::HuggingFace);
    for record in repos() {
        let id = record["id"].as_str().unwrap().to_owned();
        hub = hub.route(&format!("/api/models/{id}"), Response::json(record.clone()));
        for file in record["siblings"].as_array().unwrap() {
            let file = file["rfilename"].as_str().unwrap();
            let cdn_url = cdn.url(&format!("/xet/{file}"));
            hub = hub.route(&format!("/{id}/resolve/{SHA}/{file}"), Response::redirect(302, &cdn_url));
        }
    }
    (Server::start(hub).await, cdn)
}

fn source(hub: &Server, options: HuggingFaceOptions) -> HuggingFaceSource {
    HuggingFaceSource::new(HuggingFaceOptions {
        endpoint: Some(hub.base_url()),
        token: Some(TOKEN.into()),
        http: HttpConfig {
            retry: RetryPolicy { base_delay: Duration::from_millis(5), ..RetryPolicy::default() },
            ..HttpConfig::default()
        },
        ..options
    })
    .unwrap()
}

fn files_read(cdn: &Server) -> Vec<String> {
    let mut paths: Vec<String> =
        cdn.requests().into_iter().map(|r| r.path.trim_start_matches("/xet/").to_owned()).collect();
    paths.sort();
    paths
}

/// (repository, mode for the one-model call, the files whose headers it reads: a split file
/// shard by shard)
#[tokio::test]
async fn each_mode_reads_the_files_it_names() {
    let cases: [(&str, Inspect, &[&str]); 7] = [
        // Default for one model: the UD file is the recommended one, and its name hides its types.
        ("unsloth/Qwen3-0.6B-GGUF", Inspect::Auto, &[UD]),
        // Q4_K_M is recommended, and its record leaves nothing uncertain.
        ("test/mixed-GGUF", Inspect::Auto, &[]),
        ("test/mixed-GGUF", Inspect::Recommended, &["tiny-llama-Q4_K_M.gguf"]),
        (
            "test/mixed-GGUF",
            Inspect::All,
            &[UD, "tiny-llama-Q4_K_M.gguf", "gemma-3-tiny-Q8_0.gguf", SPLIT[0], SPLIT[1], SPLIT[2]],
        ),
        ("test/mixed-GGUF", Inspect::Off, &[]),
        // No architecture in the record: the header is read to learn it.
        ("test/no-architecture-GGUF", Inspect::Auto, &["gemma-3-tiny-Q8_0.gguf"]),
        ("unsloth/Qwen3-0.6B-GGUF", Inspect::Off, &[]),
    ];
    for (id, mode, expected) in cases {
        let (hub, cdn) = servers(0).await;
        let hub_source = source(&hub, HuggingFaceOptions { inspect_model: mode, ..HuggingFaceOptions::default() });
        let record = hub_source.get_model(id).await.unwrap();
        let read: Vec<&str> = record.headers.iter().map(|h| h.file.as_str()).collect();
        assert_eq!(read, expected, "{id} {mode:?}");
        let mut sorted: Vec<String> = expected.iter().map(|f| (*f).to_owned()).collect();
        sorted.sort();
        assert_eq!(files_read(&cdn), sorted, "{id} {mode:?}: one request per file");
        assert!(record.notes.is_empty(), "{id} {mode:?}: {:?}", record.notes);
        for header in &record.headers {
            assert_eq!(header.facts, local_facts(&header.file), "{id} {mode:?}: {}", header.file);
            assert_eq!(header.requests, 1, "{}: each header fits its first range", header.file);
            // The facts are in the metadata too: the file's tensor types.
            let file = record.metadata.files.iter().find(|f| f.name == header.file).unwrap();
            assert_eq!(file.tensor_types, header.facts.tensor_types, "{}", header.file);
        }
    }
}

#[tokio::test]
async fn the_ud_file_shows_its_iq_tensors_and_the_token_stays_with_the_hub() {
    let (hub, cdn) = servers(0).await;
    let record = source(&hub, HuggingFaceOptions::default()).get_model("unsloth/Qwen3-0.6B-GGUF").await.unwrap();
    let header = &record.headers[0];
    assert_eq!(header.file, UD);
    assert_eq!(header.facts.tensor_types.get("IQ4_XS"), Some(6), "{:?}", header.facts.tensor_types);
    assert_eq!((header.requests, header.bytes_read), (1, 512 << 10), "one range: the header is 13,568 bytes");

    let resolve = hub.requests().into_iter().find(|r| r.path.contains("/resolve/")).unwrap();
    assert_eq!(resolve.path, format!("/unsloth/Qwen3-0.6B-GGUF/resolve/{SHA}/{UD}"), "at the record's commit");
    assert_eq!(resolve.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    let at_cdn = &cdn.requests()[0];
    assert_eq!(at_cdn.header("range"), Some("bytes=0-524287"));
    assert_eq!(at_cdn.header("authorization"), None);
    assert!(cdn.requests().iter().all(|r| !format!("{r:?}").contains(TOKEN)));
}

/// What the headers show goes into the verdict (compat_core::apply_header): the UD file's IQ4_XS
/// tensors make it a file the candle worker cannot load, though its name says Q4_K_XL; a record
/// without an architecture gets the header's, and a model nothing could judge becomes one the
/// default catalog runs.
#[tokio::test]
async fn header_facts_decide_the_verdict() {
    let (hub, _cdn) = servers(0).await;
    let without = source(&hub, HuggingFaceOptions { inspect_model: Inspect::Off, ..HuggingFaceOptions::default() });
    let with = source(&hub, HuggingFaceOptions::default());
    let catalog = compat_core::default_catalog();

    let id = "unsloth/Qwen3-0.6B-GGUF";
    let (before, after) = (without.get_model(id).await.unwrap(), with.get_model(id).await.unwrap());
    let (before, after) =
        (compat_core::judge(&before.metadata, catalog, None), compat_core::judge(&after.metadata, catalog, None));
    assert!(before.compatible, "by its name: {before:?}");
    assert!(!after.compatible, "by its tensors: {after:?}");
    let reason = after.reasons.join(" ");
    assert!(reason.contains("IQ4_XS") && reason.contains('6'), "the reason names the type and the count: {reason}");
    assert_eq!(after.files[0].name, UD);
    assert!(!after.files[0].runnable);

    let id = "test/no-architecture-GGUF";
    let (before, after) = (without.get_model(id).await.unwrap(), with.get_model(id).await.unwrap());
    assert_eq!((before.metadata.architecture.as_ref(), before.metadata.context_length), (None, None));
    let architecture = after.metadata.architecture.as_ref().unwrap();
    assert_eq!((architecture.raw.as_str(), architecture.evidence), ("gemma3", compat_core::Evidence::Header));
    assert_eq!(after.metadata.context_length, local_facts("gemma-3-tiny-Q8_0.gguf").context_length);
    assert!(!compat_core::judge(&before.metadata, catalog, None).compatible);
    let verdict = compat_core::judge(&after.metadata, catalog, None);
    assert!(verdict.compatible, "{verdict:?}");
}

#[tokio::test]
async fn reads_share_one_concurrency_limit_across_the_models_of_a_listing() {
    let (hub, cdn) = servers(150).await;
    let hub_source =
        source(&hub, HuggingFaceOptions { inspect_listings: Inspect::All, ..HuggingFaceOptions::default() });
    let page = hub_source.list_page(&HfQuery::default(), None).await.unwrap();
    // 1 + 6 + 1 + 1 files, the last one missing.
    assert_eq!(cdn.request_count(), 9);
    assert_eq!(cdn.max_in_flight(), DEFAULT_INSPECT_CONCURRENCY, "bounded, and used");
    let headers: Vec<usize> = page.records.iter().map(|r| r.headers.len()).collect();
    assert_eq!(headers, [1, 6, 1, 0]);
    let missing = &page.records[3];
    assert_eq!(missing.notes.len(), 1, "{:?}", missing.notes);
    assert!(
        missing.notes[0].starts_with("header of gone-Q4_K_M.gguf not read: not found (404)"),
        "{}",
        missing.notes[0]
    );

    // Listings read nothing unless asked.
    let (hub, cdn) = servers(0).await;
    let entries = source(&hub, HuggingFaceOptions::default())
        .collect(
            &HfQuery::default(),
            &CollectOptions { limit: 10, compatible_only: false, ..CollectOptions::default() },
            compat_core::default_catalog(),
        )
        .await
        .unwrap();
    assert_eq!(entries.entries.len(), 4);
    assert_eq!(cdn.request_count(), 0);
}

#[tokio::test]
async fn the_budget_bounds_the_reads_of_a_call() {
    let (hub, cdn) = servers(5_000).await;
    let hub_source = source(
        &hub,
        HuggingFaceOptions { inspect_budget: Some(Duration::from_millis(300)), ..HuggingFaceOptions::default() },
    );
    let started = Instant::now();
    let found: Vec<Inspection> = hub_source.inspect_model("test/mixed-GGUF", Inspect::All).await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    assert_eq!(found.len(), 6, "one per file, each shard of the split file one");
    for inspection in &found {
        let error = inspection.result.as_ref().unwrap_err();
        assert!(error.to_string().starts_with("timed out") && error.to_string().contains("budget"), "{error}");
    }
    assert!(cdn.request_count() <= DEFAULT_INSPECT_CONCURRENCY);
}

/// On every recorded Hub record (read in place): what each mode would read. A table a person
/// can check: `auto` reads only where the record leaves the verdict uncertain.
#[test]
fn what_each_mode_reads_on_the_recorded_records() {
    let dir = testkit::shared_fixtures("huggingface");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let mut table = String::from("record | auto | recommended | all\n");
    for path in paths {
        let bytes = std::fs::read(&path).unwrap();
        let Ok(provider_huggingface::HfBody::Models(records)) = provider_huggingface::parse_body(&bytes) else {
            continue;
        };
        for record in records {
            let metadata = provider_huggingface::extract_metadata(&record);
            let all = provider_huggingface::inspection_targets(&metadata, Inspect::All);
            if all.is_empty() {
                continue;
            }
            let names = |mode| {
                let targets = provider_huggingface::inspection_targets(&metadata, mode);
                let names: Vec<String> =
                    targets.iter().map(|t| format!("{} ({} parts)", t.file, t.parts.len())).collect();
                if names.is_empty() { "-".to_owned() } else { names.join(", ") }
            };
            table.push_str(&format!(
                "{} | {} | {} | {} files\n",
                record.repo_id().unwrap_or("?"),
                names(Inspect::Auto),
                names(Inspect::Recommended),
                all.len()
            ));
        }
    }
    insta::assert_snapshot!(table);
}

/// On a device, the memory model takes what a read header states over what the record alone
/// lets it estimate: the recommended file's exact tensor bytes (not the record's parameter
/// count × the label's bits per weight) and the header's dimensions for the KV cache (the
/// record has no config). The record's `gguf.total` (Qwen3-0.6B's) is not this file's count.
#[tokio::test]
async fn on_a_device_the_memory_model_takes_the_headers_facts() {
    let (hub, cdn) = servers(0).await;
    let (catalog, device) = (compat_core::default_catalog(), compat_core::device_preset("gpu-8gb").unwrap());
    let id = "test/mixed-GGUF";
    let file = "tiny-llama-Q4_K_M.gguf";
    let header = local_facts(file).to_file_header();
    let d = &header.dimensions;

    let read = |mode| source(&hub, HuggingFaceOptions { inspect_model: mode, ..HuggingFaceOptions::default() });
    let before = compat_core::judge(&read(Inspect::Off).get_model(id).await.unwrap().metadata, catalog, Some(device));
    let after =
        compat_core::judge(&read(Inspect::Recommended).get_model(id).await.unwrap().metadata, catalog, Some(device));
    assert_eq!(files_read(&cdn), [file]);
    assert_eq!(before.recommended_file.as_ref().map(|f| f.name.as_str()), Some(file));
    assert_eq!(after.recommended_file.as_ref().map(|f| f.name.as_str()), Some(file));

    let estimated = before.memory.as_deref().unwrap();
    let q4_k_m = compat_core::memory::bits_per_weight("Q4_K_M").unwrap().bits_per_weight;
    assert!(estimated.weights_estimated, "{estimated:?}");
    // Thousandths of a bit, bytes rounded down.
    assert_eq!(estimated.weights_bytes, Some(596_049_920 * (q4_k_m * 1000.0).round() as u64 / 8000));
    assert_eq!(estimated.kv_cache_bytes, None, "no dimensions without the header: {estimated:?}");

    let exact = after.memory.as_deref().unwrap();
    assert!(!exact.weights_estimated, "{exact:?}");
    assert_eq!(exact.weights_bytes, header.weights_bytes);
    assert_eq!(exact.layers, d.layers.map(|n| n as u32));
    // 2 (K and V) × layers × KV heads × head_dim × context × 2 bytes (f16), at the context
    // the header states (below the worker's maximum). This llama header writes no key length:
    // head_dim is the embedding width ÷ the heads.
    let context = exact.context.unwrap();
    assert_eq!(Some(context), header.context_length);
    let head_dim = d.key_length.unwrap_or(d.embedding_length.unwrap() / d.heads.unwrap());
    let kv = 2 * d.layers.unwrap() * d.kv_heads.unwrap() * head_dim * context * 2;
    assert_eq!(exact.kv_cache_bytes, Some(kv), "{exact:?}");
    let fit = after.fit.as_deref().unwrap();
    assert_eq!(fit.fit, compat_core::Fit::Fits, "{fit:?}");
    let file_fit = after.files.iter().find(|f| f.name == file).and_then(|f| f.fit.as_ref()).unwrap();
    assert_eq!((file_fit.weights_bytes, file_fit.weights_estimated), (header.weights_bytes, false));
}
