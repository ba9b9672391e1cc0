//! A client with a cache keeps each call's result beside what the call read, and hands it out
//! again only while those answers are kept, fresh and unchanged: never a result made from a
//! body the source has since replaced, nor one made with another catalog or token.

use std::time::Duration;

use model_compat_bindings::Client;
use model_compat_bindings::api::{default_worker_catalog, get_hugging_face_model, list_hugging_face_models};
use serde_json::{Value, json};
use testkit::{ListingStyle, Response, Scenario, Server};

fn record(id: &str, pipeline: &str) -> Value {
    json!({
        "id": id, "pipeline_tag": pipeline, "tags": ["gguf", "llama"],
        "gguf": { "architecture": "llama", "context_length": 8192 },
        "siblings": [{ "rfilename": "model-Q4_K_M.gguf" }]
    })
}

fn compatible(json: &str) -> bool {
    serde_json::from_str::<Value>(json).unwrap()["compatibility"]["compatible"].as_bool().unwrap()
}

#[tokio::test]
async fn a_kept_result_follows_the_bodies_it_was_made_from() {
    let server = Server::start(Scenario::new().etags().route_seq(
        "/api/models/a/llama",
        vec![Response::json(record("a/llama", "text-generation")), Response::json(record("a/llama", "text-to-image"))],
    ))
    .await;
    let client = Client::new(Some(r#"{"cache":{"ttlMs":100}}"#)).unwrap();
    let options = json!({ "endpoint": server.base_url(), "inspect": "off" }).to_string();
    let get = |options: &str| get_hugging_face_model(client.clone(), Some("\"a/llama\"".into()), Some(options.into()));

    let first = get(&options).await.unwrap();
    assert!(compatible(&first));
    assert_eq!(get(&options).await.unwrap(), first, "the same result again");
    assert_eq!(server.request_count(), 1);

    // Another worker: its own verdict, from the same kept body.
    let catalog: Value = serde_json::from_str(&default_worker_catalog().unwrap()).unwrap();
    let worker = catalog["workers"].as_array().unwrap().iter().find(|w| w["id"] == "sd-worker").unwrap();
    let sd = json!({ "endpoint": server.base_url(), "inspect": "off", "worker": worker });
    let other = get(&sd.to_string()).await.unwrap();
    assert!(!compatible(&other));
    assert_eq!(server.request_count(), 1);

    // Past the TTL the body changed (another pipeline): the result is made anew from it.
    tokio::time::sleep(Duration::from_millis(120)).await;
    let changed = get(&options).await.unwrap();
    assert_eq!(server.request_count(), 2);
    assert!(!compatible(&changed), "{changed}");
    assert_ne!(changed, first);
    assert_eq!(get(&options).await.unwrap(), changed);
    assert_eq!(server.request_count(), 2);

    // Another token is another call: asked again.
    let token = json!({ "endpoint": server.base_url(), "inspect": "off", "token": "hf_other" }).to_string();
    get(&token).await.unwrap();
    assert_eq!(server.request_count(), 3);
}

#[tokio::test]
async fn a_call_that_read_anything_but_kept_bodies_keeps_no_result() {
    // A safetensors llama without a context: enrichment asks for config.json, which is
    // missing (a note in the result, and an error never kept): every call asks again.
    let record = json!({
        "id": "a/b", "pipeline_tag": "text-generation", "tags": ["safetensors", "llama"],
        "config": { "model_type": "llama", "architectures": ["LlamaForCausalLM"] },
        "siblings": [{ "rfilename": "model.safetensors" }]
    });
    let server =
        Server::start(Scenario::new().paged_listing("/api/models", vec![record], 10, ListingStyle::HuggingFace)).await;
    let client = Client::new(Some(r#"{"cache":{}}"#)).unwrap();
    let options = json!({ "endpoint": server.base_url(), "enrich": true, "maxRetries": 0 }).to_string();
    let first = list_hugging_face_models(client.clone(), Some(options.clone())).await.unwrap();
    assert!(first.contains("config.json not read"), "{first}");
    let configs = || server.requests().iter().filter(|r| r.path.ends_with("config.json")).count();
    assert_eq!(configs(), 1);
    assert_eq!(list_hugging_face_models(client.clone(), Some(options)).await.unwrap(), first);
    assert_eq!(configs(), 2, "the missing config.json is asked for again");
}
