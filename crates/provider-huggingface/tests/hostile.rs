//! The Rust API against a hostile Hub (issue 16): the same testkit routes the CLI's hostile
//! suite uses, here through `HuggingFaceSource` directly.

use std::time::{Duration, Instant};

use model_source::{HttpConfig, ModelSource, RetryPolicy};
use provider_huggingface::{HfQuery, HuggingFaceOptions, HuggingFaceSource};
use testkit::Server;
use testkit::hostile;

fn source(server: &Server, enrich_budget: Duration) -> HuggingFaceSource {
    HuggingFaceSource::new(HuggingFaceOptions {
        endpoint: Some(server.base_url()),
        http: HttpConfig {
            retry: RetryPolicy { base_delay: Duration::from_millis(5), ..RetryPolicy::default() },
            ..HttpConfig::default()
        },
        enrich_listings: true,
        enrich_concurrency: 4,
        enrich_budget: Some(enrich_budget),
        ..HuggingFaceOptions::default()
    })
    .unwrap()
}

#[tokio::test]
async fn hanging_config_reads_stop_at_the_budget_and_say_so() {
    let server = Server::start(hostile::hanging_configs(12, Duration::from_secs(600))).await;
    let hub = source(&server, Duration::from_secs(1));
    let started = Instant::now();
    let page = hub.list_page(&HfQuery::default(), None).await.unwrap();
    let took = started.elapsed();
    // One budget for the whole page, not one per model or per batch: 12 models at 4 at a
    // time would be 3 budgets if it restarted.
    assert!(took < Duration::from_secs(30), "{took:?}");
    assert_eq!(page.records.len(), 12);
    for entry in &page.records {
        assert!(entry.notes.iter().any(|n| n.contains("enrichment budget of 1 s ran out")), "{:?}", entry.notes);
        assert_eq!(entry.metadata.context_length, None, "judged without config.json");
    }
}

#[tokio::test]
async fn a_quick_config_read_is_used_within_the_budget() {
    let server = Server::start(hostile::hanging_configs(2, Duration::from_millis(10))).await;
    let page = source(&server, Duration::from_secs(30)).list_page(&HfQuery::default(), None).await.unwrap();
    for entry in &page.records {
        assert_eq!(entry.metadata.context_length, Some(32_768), "{:?}", entry.notes);
    }
}

#[tokio::test]
async fn overflowing_numbers_are_unknown() {
    let record = hostile::overflowing_record();
    let server = Server::start(hostile::hub(std::slice::from_ref(&record))).await;
    let entry = source(&server, Duration::from_secs(5)).get_model("big/numbers").await.unwrap();
    assert_eq!(entry.metadata.parameters, None, "the safetensors counts overflow");
    assert!(entry.notes.iter().any(|n| n.contains("safetensors.parameters")), "{:?}", entry.notes);
    let verdict = compat_core::judge(&entry.metadata, compat_core::default_catalog());
    let split: Vec<_> = verdict.files.iter().filter(|f| f.parts > 1).collect();
    assert_eq!(split.len(), 2, "{:?}", verdict.files);
    for file in split {
        assert_eq!(file.size_bytes, None, "{}: the shard sizes overflow", file.name);
        // The verdict says why the size is missing, for the workers that saw the file.
        let warning = format!("{}: the sizes of its {} parts add up past 2^64 bytes", file.name, file.parts);
        let said = verdict.workers.iter().any(|w| w.warnings.iter().any(|t| t.starts_with(&warning)));
        assert!(said, "{warning}: {:#?}", verdict.workers);
    }
    // The text worker judged the files (the image worker stopped at the model's kind).
    assert!(verdict.codes.contains(&compat_core::Code::SizeUnknown), "{:?}", verdict.codes);
}
