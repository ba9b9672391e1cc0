//! The `model-compat` binary end to end, against the loopback testkit server started in
//! this process (never the internet), with real recorded API bodies read in place from
//! `../shared/fixtures` (or `$MODEL_COMPAT_FIXTURES`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{Value, json};
use testkit::{BackgroundServer, Listing, ListingStyle, PageFault, Response, Scenario, load_records};

// ---------------------------------------------------------------------------------------------
// Support

fn hf(name: &str) -> PathBuf {
    testkit::shared_fixtures("huggingface").join(name)
}

fn civitai(name: &str) -> PathBuf {
    testkit::shared_fixtures("civitai").join(name)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

/// A testkit server kept running while the binary runs.
struct Api {
    server: BackgroundServer,
}

impl Api {
    fn start(scenario: Scenario) -> Self {
        Self { server: BackgroundServer::start(scenario) }
    }

    fn url(&self) -> String {
        self.server.base_url()
    }

    /// Requests to `path`, in order.
    fn requests_to(&self, path: &str) -> Vec<testkit::RecordedRequest> {
        self.server.requests().into_iter().filter(|r| r.path == path).collect()
    }
}

/// The binary with a clean environment: no tokens, endpoints or log filters from outside.
fn cli() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_model-compat"));
    for var in ["HF_TOKEN", "HF_ENDPOINT", "CIVITAI_API_KEY", "RUST_LOG"] {
        cmd.env_remove(var);
    }
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}")))
            .collect()
    }

    fn ids(&self) -> Vec<String> {
        self.lines().iter().map(|l| l["id"].as_str().unwrap().to_owned()).collect()
    }
}

fn run(cmd: &mut Command) -> Run {
    let output = cmd.output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn ok(cmd: &mut Command) -> Run {
    let r = run(cmd);
    assert_eq!(r.code, 0, "expected success\nstdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    r
}

fn fails(cmd: &mut Command, code: i32) -> Run {
    let r = run(cmd);
    assert_eq!(r.code, code, "expected exit {code}\nstdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    r
}

/// Real Hub detail records, compatible and not, in a fixed order.
const HF_RECORDS: &[&str] = &[
    "alain-Qwen__Qwen2.5-1.5B-Instruct.detail.json",
    "alain-google__flan-t5-base.detail.json",
    "alain-meta-llama__Llama-3.1-8B-Instruct.detail.json",
    "alain-openai__gpt-oss-20b.detail.json",
    "alain-Qwen__Qwen3-0.6B.detail.json",
    "transcript__model_info__ggml-org__gemma-3-1b-it-GGUF__gguf_gemma3_full-detail.json",
    "alain-openai-community__gpt2.detail.json",
    "hfhub-cassette__model_info__HuggingFaceH4__zephyr-7b-beta__mistral_safetensors+bin.json",
    "alain-baidu__ERNIE-4.5-21B-A3B-Thinking.detail.json",
    "alain-deepseek-ai__DeepSeek-R1-Distill-Llama-8B.detail.json",
];

/// The compatible ones among [`HF_RECORDS`], in order (the default catalog).
const HF_COMPATIBLE: &[&str] = &[
    "Qwen/Qwen2.5-1.5B-Instruct",
    "meta-llama/Llama-3.1-8B-Instruct",
    "Qwen/Qwen3-0.6B",
    "ggml-org/gemma-3-1b-it-GGUF",
    "HuggingFaceH4/zephyr-7b-beta",
    "deepseek-ai/DeepSeek-R1-Distill-Llama-8B",
];

fn hf_records() -> Vec<Value> {
    HF_RECORDS.iter().map(|name| read_json(&hf(name))).collect()
}

fn hf_listing(page_size: usize) -> Listing {
    Listing::new("/api/models", hf_records(), page_size, ListingStyle::HuggingFace)
}

fn civitai_items() -> Vec<Value> {
    let mut items = load_records(&civitai("models-list_checkpoints_highest-rated_limit10_2024-05_sd15.json")).unwrap();
    for single in [
        "models-item_1810669_illustrious-lora_with-training-data-file.json",
        "models-item_1789968_illustrious-lora_early-access-version.json",
        "models-item_964011_checkpoint_noobai_with-training-data.json",
    ] {
        items.push(read_json(&civitai(single)));
    }
    items
}

const REPORT_KEYS: &[&str] = &[
    "id",
    "source",
    "compatible",
    "confidence",
    "codes",
    "reasons",
    "warnings",
    "workers",
    "files",
    "recommendedFile",
];

fn assert_report_shape(line: &Value) {
    for key in REPORT_KEYS {
        assert!(line.get(key).is_some(), "missing `{key}` in {line}");
    }
    for worker in line["workers"].as_array().unwrap() {
        assert!(worker["id"].is_string() && worker["compatible"].is_boolean(), "worker shape: {worker}");
    }
    for file in line["files"].as_array().unwrap() {
        for key in ["name", "format", "quantization", "runnable"] {
            assert!(file.get(key).is_some(), "file without `{key}`: {file}");
        }
    }
    if line["source"] == "civitai" {
        let versions = line["versions"].as_array().unwrap_or_else(|| panic!("civitai line without versions: {line}"));
        assert!(!versions.is_empty());
        for v in versions {
            for key in ["id", "baseModel", "compatible", "codes"] {
                assert!(v.get(key).is_some(), "version without `{key}`: {v}");
            }
        }
    } else {
        assert!(line.get("versions").is_none(), "HF line with versions: {line}");
    }
}

// ---------------------------------------------------------------------------------------------
// huggingface / civitai listings

#[test]
fn huggingface_lists_compatible_models_page_by_page() {
    let api = Api::start(Scenario::new().with_listing(hf_listing(3)));
    let r = ok(cli().args(["huggingface", "--endpoint", &api.url(), "--limit", "4", "--json", "--no-enrich"]));
    assert_eq!(r.ids(), HF_COMPATIBLE[..4]);
    for line in r.lines() {
        assert_report_shape(&line);
        assert_eq!(line["compatible"], true);
        assert!(line["recommendedFile"]["name"].is_string(), "{line}");
    }
    let requests = api.requests_to("/api/models");
    assert_eq!(requests.len(), 2, "4 compatible models are on the first two pages of three");
    assert!(requests[0].query_values("expand[]").contains(&"siblings"));
    assert!(requests[1].query_values("cursor").len() == 1, "the second page follows the Link header");
    assert!(r.stderr.contains("4 compatible models of 6 scanned (2 pages)"), "{}", r.stderr);
}

#[test]
fn huggingface_table_and_all() {
    let api = Api::start(Scenario::new().with_listing(hf_listing(4)));
    let r =
        ok(cli().args(["hf", "--endpoint", &api.url(), "--all", "--limit", "50", "--no-enrich", "--sort", "likes"]));
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 1 + HF_RECORDS.len(), "{}", r.stdout);
    for column in ["MODEL", "FAMILY", "FORMAT / QUANT", "CONTEXT", "CONFIDENCE", "REASON / WARNING"] {
        assert!(lines[0].contains(column), "{}", lines[0]);
    }
    let gguf = lines.iter().find(|l| l.starts_with("ggml-org/gemma-3-1b-it-GGUF")).unwrap();
    assert!(gguf.contains("gemma") && gguf.contains("gguf Q4_K_M") && gguf.contains("32k"), "{gguf}");
    let t5 = lines.iter().find(|l| l.starts_with("google/flan-t5-base")).unwrap();
    assert!(t5.contains(" no "), "incompatible models say so: {t5}");
    assert_eq!(api.requests_to("/api/models")[0].query_values("sort"), ["likes"]);
}

#[test]
fn huggingface_enriches_context_from_config_json() {
    let config = json!({"model_type": "qwen2", "max_position_embeddings": 32768});
    let api = Api::start(
        Scenario::new()
            .route("/Qwen/Qwen2.5-1.5B-Instruct/resolve/main/config.json", Response::json(config))
            .with_listing(hf_listing(10)),
    );
    let r = ok(cli().args(["huggingface", "--endpoint", &api.url(), "--limit", "1", "--json"]));
    assert_eq!(r.lines()[0]["contextLength"], 32768);
}

#[test]
fn civitai_lists_with_filters_and_versions() {
    let api = Api::start(Scenario::new().with_listing(Listing::new(
        "/api/v1/models",
        civitai_items(),
        4,
        ListingStyle::CivitAi,
    )));
    let r = ok(cli().args([
        "civitai",
        "--endpoint",
        &api.url(),
        "--types",
        "Checkpoint",
        "--base-model",
        "SD 1.5",
        "--sort",
        "highest-rated",
        "--limit",
        "6",
        "--json",
    ]));
    let lines = r.lines();
    assert_eq!(lines.len(), 6);
    for line in &lines {
        assert_report_shape(line);
        assert_eq!(line["source"], "civitai");
        assert_eq!(line["compatible"], true);
    }
    let first = &api.requests_to("/api/v1/models")[0];
    assert_eq!(first.query_values("types"), ["Checkpoint"]);
    assert_eq!(first.query_values("baseModels"), ["SD 1.5"]);
    assert_eq!(first.query_values("sort"), ["Highest Rated"]);

    let table = ok(cli().args(["civitai", "--endpoint", &api.url(), "--all", "--limit", "20"]));
    assert!(table.stdout.lines().next().unwrap().contains("BASE MODEL"), "{}", table.stdout);
    assert!(table.stdout.contains("43331 majicMIX realistic"), "{}", table.stdout);
}

#[test]
fn a_failing_listing_is_one_line_and_exit_1() {
    let api = Api::start(Scenario::new().route("/api/models", Response::html_error(502)));
    let r = fails(cli().args(["huggingface", "--endpoint", &api.url(), "--retries", "0"]), 1);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.starts_with("error [HTTP_ERROR]: HTTP 502"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

#[test]
fn tokens_go_to_the_endpoint_only_in_the_header() {
    let api = Api::start(Scenario::new().with_listing(hf_listing(20)));
    let secret = "hf_cliTESTtokenNEVERprinted";
    let r = ok(cli()
        .args(["huggingface", "--endpoint", &api.url(), "--limit", "1", "--no-enrich", "-vv"])
        .env("HF_TOKEN", secret));
    let request = &api.requests_to("/api/models")[0];
    assert_eq!(request.header("authorization"), Some(format!("Bearer {secret}").as_str()));
    assert!(!r.stderr.contains(secret) && !r.stdout.contains(secret), "the token leaked into the output");
    assert!(r.stderr.contains("DEBUG") || r.stderr.contains("TRACE"), "-vv logs to stderr: {}", r.stderr);

    let r =
        ok(cli().args(["huggingface", "--endpoint", &api.url(), "--limit", "1", "--no-enrich", "--token", "explicit"]));
    assert!(r.stderr.lines().all(|l| !l.contains("explicit")));
    assert_eq!(api.requests_to("/api/models").last().unwrap().header("authorization"), Some("Bearer explicit"));
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let api = Api::start(Scenario::new().with_listing(hf_listing(1)));
    let r = ok(cli().args(["huggingface", "--endpoint", &api.url(), "--limit", "6", "--no-enrich"]));
    assert!(!r.stderr.contains('\r') && !r.stderr.contains('\u{1b}'), "{:?}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "only the summary: {}", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// check

#[test]
fn check_huggingface_prints_the_full_verdict() {
    let record = read_json(&hf("alain-meta-llama__Llama-3.1-8B-Instruct.detail.json"));
    let api = Api::start(Scenario::new().route("/api/models/meta-llama/Llama-3.1-8B-Instruct", Response::json(record)));
    let r = ok(cli().args(["check", "huggingface", "meta-llama/Llama-3.1-8B-Instruct", "--endpoint", &api.url()]));
    for needle in [
        "meta-llama/Llama-3.1-8B-Instruct  [huggingface]",
        "COMPATIBLE, confidence high (runs on llm-worker)",
        "architecture  llama",
        "Warnings:",
        "gated repository",
        "Workers:",
        "sd-worker",
        "Files:",
        "Recommended file: model-00001-of-00004.safetensors (and the other 3 parts)",
        "Notes:",
        "config.json not read",
    ] {
        assert!(r.stdout.contains(needle), "missing {needle:?} in:\n{}", r.stdout);
    }

    let json = ok(cli().args(["check", "hf", "meta-llama/Llama-3.1-8B-Instruct", "--json", "--endpoint", &api.url()]));
    let line = &json.lines()[0];
    assert_report_shape(line);
    assert_eq!(line["codes"], json!(["context_unknown", "gated"]));

    let missing = fails(cli().args(["check", "huggingface", "nobody/nothing", "--endpoint", &api.url()]), 1);
    assert!(missing.stderr.starts_with("error [NOT_FOUND]"), "{}", missing.stderr);
    let bad = fails(cli().args(["check", "huggingface", "../etc/passwd", "--endpoint", &api.url()]), 2);
    assert!(bad.stderr.contains("not a HuggingFace model id"), "{}", bad.stderr);
}

#[test]
fn check_civitai_shows_versions() {
    let model = read_json(&civitai("models-item_1789968_illustrious-lora_early-access-version.json"));
    let api = Api::start(Scenario::new().route("/api/v1/models/1789968", Response::json(model)));
    let r = ok(cli().args(["check", "civitai", "1789968", "--endpoint", &api.url()]));
    for needle in ["(1789968)  [civitai]", "Versions:", "[Illustrious]", "early access", "Recommended file:"] {
        assert!(r.stdout.contains(needle), "missing {needle:?} in:\n{}", r.stdout);
    }
    let bad = fails(cli().args(["check", "civitai", "12ab", "--endpoint", &api.url()]), 2);
    assert!(bad.stderr.contains("not a CivitAI model id"), "{}", bad.stderr);
}

// ---------------------------------------------------------------------------------------------
// classify

#[test]
fn classify_contract_with_one_bad_file_among_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let not_json = dir.path().join("page.html");
    std::fs::write(&not_json, "<html><title>502 Bad Gateway</title></html>").unwrap();
    let missing = dir.path().join("missing.json");
    let good = [
        hf("alain-Qwen__Qwen2.5-1.5B-Instruct.detail.json"),
        hf("test-capture__list__api-models_expand-siblings_gguf__trimmed.json"),
        civitai("models-list_textualinversion_page1_2023_pickle_nsfw.json"),
        civitai("model_1231067_flux1d_lora_single_version.json"),
        civitai("model-version_1387174_flux1d_lora.json"),
    ];
    let mut cmd = cli();
    cmd.arg("classify").arg(&good[0]).arg(&not_json).arg(&good[1]).arg(&missing).args(&good[2..]);
    let r = fails(&mut cmd, 2);

    let lines = r.lines();
    // 1 detail + 2 list items + 3 page items + 1 model + 1 version.
    assert_eq!(lines.len(), 8, "{}", r.stdout);
    lines.iter().for_each(assert_report_shape);
    let sources: Vec<&str> = lines.iter().map(|l| l["source"].as_str().unwrap()).collect();
    assert_eq!(
        sources,
        ["huggingface", "huggingface", "huggingface", "civitai", "civitai", "civitai", "civitai", "civitai"]
    );
    assert_eq!(lines[0]["id"], "Qwen/Qwen2.5-1.5B-Instruct");
    assert_eq!(lines[0]["compatible"], true);
    assert_eq!(lines[0]["recommendedFile"]["name"], "model.safetensors");
    let pickle = &lines[3];
    assert_eq!(pickle["compatible"], false);
    assert!(pickle["codes"].as_array().unwrap().contains(&json!("unsafe_pickle")), "{pickle}");

    let errors: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(errors.len(), 2, "one line per bad file: {}", r.stderr);
    assert!(errors[0].starts_with("error: ") && errors[0].contains("page.html") && errors[0].contains("not JSON"));
    assert!(errors[1].contains("missing.json") && errors[1].contains("cannot read"));

    let all_good = ok(cli().arg("classify").args(&good));
    assert_eq!(all_good.lines().len(), 8);
    assert!(all_good.stderr.is_empty(), "{}", all_good.stderr);
}

#[test]
fn classify_detects_or_is_told_the_source() {
    let record = hf("alain-Qwen__Qwen3-0.6B.detail.json");
    let told = fails(cli().args(["classify", "--source", "civitai"]).arg(&record), 2);
    assert!(told.stderr.contains("CivitAI"), "{}", told.stderr);
    let detected = ok(cli().args(["classify", "--source", "huggingface"]).arg(&record));
    assert_eq!(detected.ids(), ["Qwen/Qwen3-0.6B"]);

    let error_body = civitai("errors-reconstructed/api-v1-models-id_404.json");
    let tree = hf("hfjs-google-bert__bert-base-uncased.tree.dd4bc8b2.json");
    let r = fails(cli().arg("classify").arg(&error_body).arg(&tree), 2);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("an API error body") && r.stderr.contains("tree listing"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// workers and catalogs

#[test]
fn worker_selection() {
    let gguf = hf("transcript__model_info__ggml-org__gemma-3-1b-it-GGUF__gguf_gemma3_full-detail.json");
    let lora = civitai("model_1231067_flux1d_lora_single_version.json");

    let llm = ok(cli().args(["classify", "--worker", "llm-worker"]).arg(&gguf).arg(&lora)).lines();
    assert_eq!(
        llm[0]["workers"],
        json!([{"id": "llm-worker", "compatible": true, "confidence": "medium",
        "reasons": [], "warnings": [], "codes": []}])
    );
    assert_eq!(llm[1]["compatible"], false, "the LoRA is not for llm-worker");

    let sd = ok(cli().args(["classify", "--worker", "sd-worker"]).arg(&gguf).arg(&lora)).lines();
    assert_eq!(sd[0]["compatible"], false);
    assert_eq!(sd[1]["compatible"], true);
    assert_eq!(sd[1]["workers"].as_array().unwrap().len(), 1);

    let unknown = fails(cli().args(["classify", "--worker", "gpu-worker"]).arg(&gguf), 2);
    assert!(unknown.stderr.contains("unknown worker `gpu-worker`"), "{}", unknown.stderr);
    assert!(unknown.stderr.contains("llm-worker, sd-worker"), "lists the valid ids: {}", unknown.stderr);

    let api = Api::start(Scenario::new().with_listing(hf_listing(20)));
    let listed = ok(cli().args(["huggingface", "--endpoint", &api.url(), "--worker", "sd-worker", "--all", "--json"]));
    for line in listed.lines() {
        let ids: Vec<&str> = line["workers"].as_array().unwrap().iter().map(|w| w["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["sd-worker"]);
        assert_eq!(line["compatible"], false, "no text model runs on the image worker");
    }
}

#[test]
fn catalog_files() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("catalog.json");
    // A worker that loads only Q8_0 GGUF files of Gemma 3.
    std::fs::write(
        &catalog,
        r#"{"workers": [{"id": "q8-box", "kind": "text-generation",
            "architectures": [{"family": "gemma", "configNames": ["gemma3"], "ggufNames": ["gemma3"]}],
            "formats": ["gguf"], "ggufQuantizations": ["Q8_0"], "maxContext": 8192,
            "pipelines": [{"tag": "text-generation"}], "allowMissingPipeline": true}]}"#,
    )
    .unwrap();
    let gguf = hf("transcript__model_info__ggml-org__gemma-3-1b-it-GGUF__gguf_gemma3_full-detail.json");
    let r = ok(cli().arg("classify").arg("--catalog").arg(&catalog).arg(&gguf));
    let line = &r.lines()[0];
    assert_eq!(line["compatible"], true);
    assert_eq!(line["workers"][0]["id"], "q8-box");
    assert_eq!(line["recommendedFile"]["name"], "gemma-3-1b-it-Q8_0.gguf");
    assert!(line["codes"].as_array().unwrap().contains(&json!("context_truncated")), "{line}");

    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, r#"{"workers": []}"#).unwrap();
    let r = fails(cli().arg("classify").arg("--catalog").arg(&broken).arg(&gguf), 2);
    assert!(r.stderr.contains("no workers"), "{}", r.stderr);
    let r = fails(cli().arg("classify").arg("--catalog").arg(dir.path().join("none.json")).arg(&gguf), 2);
    assert!(r.stderr.contains("cannot read the catalog"), "{}", r.stderr);
    let r = fails(cli().args(["classify", "--worker", "llm-worker", "--catalog"]).arg(&catalog).arg(&gguf), 2);
    assert!(r.stderr.contains("cannot be used with"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// bad input

#[test]
fn bad_input_exits_2_with_a_message() {
    let cases: &[(&[&str], &str)] = &[
        (&["huggingface", "--sort", "stars"], "unknown sort `stars`"),
        (&["civitai", "--sort", "Trending"], "unknown sort `Trending`"),
        (&["civitai", "--period", "Decade"], "unknown period `Decade`"),
        (&["huggingface", "--limit", "0"], "must be at least 1"),
        (&["huggingface", "--limit", "many"], "not a positive whole number"),
        (&["civitai", "--types", "Checkpoint,LORA"], "holds a comma"),
        (&["huggingface", "--worker", "nope"], "unknown worker `nope`"),
        (&["huggingface", "--offline", "--endpoint", "http://127.0.0.1:9"], "drop --endpoint"),
        (&["huggingface", "--endpoint", "ftp://example.invalid"], "not http(s)"),
        (&["classify", "/definitely/missing.json"], "cannot read"),
        (&["classify"], "required"),
        (&["manifest", "--source", "huggingface", "--limit", "5"], "--out"),
        (
            &["manifest", "--source", "huggingface", "--limit", "5", "--out", "m.json", "--types", "LORA"],
            "CivitAI filters",
        ),
        (
            &["manifest", "--source", "civitai", "--limit", "5", "--out", "m.json", "--search", "x"],
            "HuggingFace filters",
        ),
        (&["frobnicate"], "unrecognized subcommand"),
    ];
    for (args, needle) in cases {
        let r = fails(cli().args(*args), 2);
        assert!(r.stderr.contains(needle), "{args:?}: expected {needle:?} in:\n{}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
    }
}

// ---------------------------------------------------------------------------------------------
// offline

#[test]
fn offline_quick_start_works_from_any_directory() {
    let elsewhere = tempfile::tempdir().unwrap();
    let r = ok(cli().current_dir(elsewhere.path()).args(["huggingface", "--offline", "--limit", "20"]));
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 21, "header + 20 models:\n{}", r.stdout);
    assert!(lines[0].starts_with("MODEL"));
    assert!(r.stdout.contains("bartowski/Llama-3.2-3B-Instruct-GGUF"), "{}", r.stdout);
    assert!(r.stderr.contains("20 compatible models") && r.stderr.contains("offline snapshot"), "{}", r.stderr);
    assert!(!r.stdout.contains("127.0.0.1"));
}

#[test]
fn offline_snapshot_is_broad_and_goes_through_the_filters() {
    let all = ok(cli().args(["huggingface", "--offline", "--all", "--limit", "1000", "--json"]));
    let lines = all.lines();
    assert!(lines.len() >= 50, "the snapshot holds 50 or more Hub models, got {}", lines.len());
    let ids: HashSet<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), lines.len(), "no duplicates");
    let families: HashSet<&str> = lines.iter().filter_map(|l| l["family"].as_str()).collect();
    for family in
        ["llama", "mistral", "phi", "qwen", "gemma", "llama4_text", "mistral3", "gpt_oss", "qwen3_next", "t5", "bert"]
    {
        assert!(families.contains(family), "no {family} model in the snapshot: {families:?}");
    }
    let codes: HashSet<&str> =
        lines.iter().flat_map(|l| l["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap())).collect();
    for code in [
        "gated",
        "context_truncated",
        "unsupported_quantization",
        "quantized_weights_unsupported",
        "unsafe_pickle",
        "unsupported_format",
        "format_unknown",
        "vision_input_ignored",
        "architecture_inferred",
        "disabled",
    ] {
        assert!(codes.contains(code), "no model in the snapshot gives `{code}`: {codes:?}");
    }
    assert!(lines.iter().all(|l| l["url"].as_str().unwrap().starts_with("https://huggingface.co/")));

    let qwen = ok(cli().args(["hf", "--offline", "--search", "qwen", "--filter", "gguf", "--all", "--json"]));
    assert!(!qwen.lines().is_empty());
    assert!(qwen.ids().iter().all(|id| id.to_lowercase().contains("qwen")), "{:?}", qwen.ids());
    let by_likes = ok(cli().args(["hf", "--offline", "--author", "microsoft", "--sort", "likes", "--all", "--json"]));
    let likes: Vec<u64> = by_likes.lines().iter().map(|l| l["likes"].as_u64().unwrap()).collect();
    assert!(likes.len() >= 3 && likes.windows(2).all(|w| w[0] >= w[1]), "{likes:?}");
}

#[test]
fn offline_civitai_and_check() {
    let safe = ok(cli().args(["civitai", "--offline", "--all", "--limit", "100", "--json"]));
    let with_nsfw = ok(cli().args(["civitai", "--offline", "--all", "--limit", "100", "--json", "--nsfw"]));
    assert!(with_nsfw.lines().len() > safe.lines().len(), "NSFW models are hidden unless --nsfw");
    assert!(!safe.ids().contains(&"257749".to_owned()));
    let codes: HashSet<String> = with_nsfw
        .lines()
        .iter()
        .flat_map(|l| l["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect::<Vec<_>>())
        .collect();
    for code in ["unsafe_pickle", "scan_pending", "scan_danger", "archived", "early_access", "unsupported_base_model"] {
        assert!(codes.contains(code), "no CivitAI model in the snapshot gives `{code}`: {codes:?}");
    }
    let loras = ok(cli().args(["civitai", "--offline", "--types", "LORA", "--all", "--json"]));
    assert!(loras.lines().iter().all(|l| l["id"] != "133005"));

    let check = ok(cli().args(["check", "huggingface", "unsloth/Qwen3-30B-A3B-GGUF", "--offline"]));
    assert!(check.stdout.contains("Recommended file: Qwen3-30B-A3B-Q4_K_M.gguf"), "{}", check.stdout);
    assert!(check.stdout.contains("https://huggingface.co/unsloth/Qwen3-30B-A3B-GGUF"), "{}", check.stdout);
    let check = ok(cli().args(["check", "civitai", "4201", "--offline"]));
    assert!(check.stdout.contains("Realistic Vision"), "{}", check.stdout);
    let missing = fails(cli().args(["check", "hf", "nobody/nothing", "--offline"]), 1);
    assert!(missing.stderr.contains("not in the offline snapshot"), "{}", missing.stderr);
}

// ---------------------------------------------------------------------------------------------
// manifest

fn manifest_ids(path: &Path) -> Vec<String> {
    let manifest = read_json(path);
    assert_eq!(manifest["format"], "model-compat-manifest/1");
    assert_eq!(manifest["count"].as_u64().unwrap() as usize, manifest["models"].as_array().unwrap().len());
    manifest["models"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn manifest_interrupted_then_resumed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site").join("models.json");
    let state = dir.path().join("site").join("models.json.partial.json");

    // Page 3 of 5 fails with a 500 on both attempts (one retry).
    let mut broken = hf_listing(2);
    broken.fault = Some(PageFault {
        page: 3,
        response: Response::json(json!({"error": "Internal Error"})).with_status(500),
        times: 2,
    });
    let api = Api::start(Scenario::new().with_listing(broken));
    let args = |endpoint: &str| {
        let mut cmd = cli();
        cmd.args(["manifest", "--source", "huggingface", "--limit", "100", "--no-enrich", "--retries", "1"])
            .args(["--endpoint", endpoint])
            .arg("--out")
            .arg(&out);
        cmd
    };
    let first = fails(&mut args(&api.url()), 1);
    assert!(first.stderr.contains("HTTP 500"), "{}", first.stderr);
    assert!(first.stderr.contains("--resume"), "says how to continue: {}", first.stderr);
    assert!(!out.exists(), "no manifest after an interruption");
    let saved = read_json(&state);
    let saved_ids: Vec<&str> = saved["entries"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(saved_ids, HF_COMPATIBLE[..2], "pages 1 and 2 are saved");
    assert_eq!(saved["pages"], 2);
    assert!(saved["next"].as_str().unwrap().starts_with("/api/models?"), "the cursor is kept: {}", saved["next"]);
    assert_eq!(api.requests_to("/api/models").len(), 4, "pages 1, 2, and page 3 twice");

    // Another healthy server (another port) that repeats an item across pages.
    let healthy = Api::start(Scenario::new().with_listing(hf_listing(2).duplicate_on_page(4)));
    let second = ok(args(&healthy.url()).arg("--resume"));
    assert!(second.stderr.contains("Resuming: 2 compatible models from 2 pages"), "{}", second.stderr);
    let requests = healthy.requests_to("/api/models");
    assert_eq!(requests.len(), 3, "pages 3, 4 and 5 only");
    assert!(requests.iter().all(|r| r.query_values("cursor").len() == 1), "every request continues from a cursor");

    let ids = manifest_ids(&out);
    assert_eq!(ids, HF_COMPATIBLE);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len(), "no duplicates");
    assert!(!state.exists(), "the progress file is removed once the manifest is written");
    let leftovers: Vec<_> = std::fs::read_dir(out.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, [std::ffi::OsString::from("models.json")], "no temporary files left");
    let manifest = read_json(&out);
    assert_eq!(manifest["stop"], "exhausted");
    assert_eq!(manifest["source"], "huggingface");
    assert_eq!(manifest["scanned"], HF_RECORDS.len());
}

#[test]
fn manifest_resume_refuses_other_options_and_starts_fresh_without_state() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("models.json");
    let state = dir.path().join("models.json.partial.json");
    let mut broken = hf_listing(2);
    broken.fault =
        Some(PageFault { page: 2, response: Response::json(json!({"error": "down"})).with_status(503), times: 10 });
    let api = Api::start(Scenario::new().with_listing(broken));
    let base = |cmd: &mut Command| {
        cmd.args(["manifest", "--source", "huggingface", "--limit", "3", "--no-enrich", "--retries", "0"])
            .args(["--endpoint", &api.url()])
            .arg("--out")
            .arg(&out);
    };
    let mut cmd = cli();
    base(&mut cmd);
    fails(&mut cmd, 1);
    assert!(state.exists());

    let mut cmd = cli();
    base(&mut cmd);
    let r = fails(cmd.args(["--resume", "--search", "qwen"]), 2);
    assert!(r.stderr.contains("other options"), "{}", r.stderr);
    assert!(state.exists(), "the saved progress is kept");

    let offline_out = dir.path().join("offline.json");
    let r = ok(cli()
        .args(["manifest", "--source", "civitai", "--offline", "--limit", "5", "--resume", "--out"])
        .arg(&offline_out));
    assert!(r.stderr.contains("no saved progress"), "{}", r.stderr);
    let ids = manifest_ids(&offline_out);
    assert_eq!(ids.len(), 5);
    let manifest = read_json(&offline_out);
    assert!(manifest["models"].as_array().unwrap().iter().all(|m| m["compatibility"]["compatible"] == true));
    assert!(manifest["models"][0]["url"].as_str().unwrap().starts_with("https://civitai.com/models/"));
}
