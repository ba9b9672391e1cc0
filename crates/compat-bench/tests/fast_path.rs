//! The yes/no fast path (`compat_core::is_compatible`, behind `filterCompatibleIndices`) is the
//! full verdict's `compatible`, model by model, over the real data: every recorded Hub record,
//! every record of the 963-entry Hub dataset, every recorded CivitAI model and version. Against
//! the default catalog, each of its workers alone, and a catalog in the other order (the fast
//! path stops at the first worker that runs a model; the verdict picks the most confident one).

use compat_core::{ModelMetadata, WorkerCatalog, default_catalog, is_compatible, judge};
use provider_civitai::{extract_model, extract_version, model_from_value, models_page_from_value, version_from_value};
use provider_huggingface::{HfModelRecord, extract_metadata};
use serde_json::Value;

fn hub_models() -> Vec<ModelMetadata> {
    let fixtures = compat_bench::fixture_records(&compat_bench::fixture_bodies());
    let templates = compat_bench::Templates::from_fixtures(&fixtures);
    let dataset = compat_bench::dataset_records(&compat_bench::dataset_entries(), &templates);
    assert_eq!(dataset.len(), 963, "the dataset's entries");
    fixtures.iter().chain(&dataset).map(|r| extract_metadata(&HfModelRecord::from_value(r))).collect()
}

fn civitai_models() -> Vec<ModelMetadata> {
    let dir = testkit::shared_fixtures("civitai");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Ok(value) = serde_json::from_slice::<Value>(&std::fs::read(&path).unwrap()) else { continue };
        if name.starts_with("models-list_") {
            if let Ok(page) = models_page_from_value(value) {
                out.extend(page.items.iter().map(extract_model));
            }
        } else if name.starts_with("model-version_") {
            out.extend(version_from_value(value).ok().map(|v| extract_version(&v, None)));
        } else if name.starts_with("models-item_") || name.starts_with("model_") {
            out.extend(model_from_value(value).ok().map(|m| extract_model(&m)));
        }
    }
    out
}

#[test]
fn the_fast_path_is_the_verdicts_compatible_on_every_real_model() {
    let hub = hub_models();
    let civitai = civitai_models();
    assert!(hub.len() > 963 && !civitai.is_empty(), "{} Hub, {} CivitAI models", hub.len(), civitai.len());

    let default = default_catalog();
    let mut catalogs: Vec<(String, WorkerCatalog)> = vec![("default".into(), default.clone())];
    let mut reversed = default.clone();
    reversed.workers.reverse();
    catalogs.push(("default, workers reversed".into(), reversed));
    for worker in &default.workers {
        catalogs.push((format!("only {}", worker.id), WorkerCatalog::single(worker.clone())));
    }

    for (name, catalog) in &catalogs {
        let mut yes = 0;
        let mut wrong = Vec::new();
        for m in hub.iter().chain(&civitai) {
            let verdict = judge(m, catalog, None).compatible;
            yes += usize::from(verdict);
            if is_compatible(m, catalog) != verdict {
                wrong.push(format!("{} (verdict {verdict})", m.id));
            }
        }
        assert!(wrong.is_empty(), "{name}: the fast path disagrees on {} models: {wrong:?}", wrong.len());
        // Both answers occur, so agreement says something (a filter keeping all or none would not).
        let all = hub.len() + civitai.len();
        if name.starts_with("default") {
            assert!(yes > 100 && all - yes > 100, "{name}: {yes} of {all} compatible");
        }
    }
}
