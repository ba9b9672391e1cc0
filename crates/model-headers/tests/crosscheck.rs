//! Every fact the reader returns, against the reference readers on the same generated files:
//! gguf-py's GGUFReader (llama.cpp's own reader) and the safetensors package (peers/gguf-py.json),
//! and @huggingface/gguf (peers/hfjs.json).

mod common;

use serde_json::Value;

use common::{data_dir, file, read_growing};

/// Files a peer cannot read, and why (the test fails if one starts or stops reading them).
const PEER_CANNOT_READ: &[(&str, &str)] = &[
    // Type id 31 (the removed Q4_0_4_4): GGUFReader maps every id through its enum.
    ("gguf-py.json", "unknown-type.gguf"),
];

/// Facts where a peer is wrong, and why; each must still differ (or the entry goes).
const PEER_IS_WRONG: &[(&str, &str, &str, &str)] = &[(
    "gguf-py.json",
    "every-type.gguf",
    "weightsBytes",
    "gguf-py 0.19 sizes a Q8_1 block at 40 bytes; ggml's block_q8_1 is 36 (ggml-common.h static_assert)",
)];

fn peer(name: &str) -> serde_json::Map<String, Value> {
    let path = data_dir().join("peers").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let Value::Object(map) = serde_json::from_str(&text).unwrap() else { panic!("{name} is not an object") };
    map
}

fn check_peer(peer_name: &str, extension: &str) {
    let dumps = peer(peer_name);
    let mut files: Vec<String> = std::fs::read_dir(data_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| {
            n.ends_with(extension) || (extension == "*" && (n.ends_with(".gguf") || n.ends_with(".safetensors")))
        })
        .collect();
    files.sort();
    assert!(files.len() >= 10, "only {} generated files", files.len());
    let mut compared = 0;
    for name in &files {
        let theirs = dumps.get(name).unwrap_or_else(|| panic!("{peer_name} has no entry for {name}"));
        let expected_error = PEER_CANNOT_READ.contains(&(peer_name, name.as_str()));
        if let Some(err) = theirs.get("error") {
            assert!(expected_error, "{peer_name} could not read {name}: {err}");
            continue;
        }
        assert!(!expected_error, "{peer_name} now reads {name}: take it off PEER_CANNOT_READ");
        let (ours, _) = read_growing(&file(name), 4096);
        let ours = serde_json::to_value(ours.unwrap_or_else(|e| panic!("{name}: {e}"))).unwrap();
        let Value::Object(theirs) = theirs else { panic!("{peer_name}: {name} is not an object") };
        for (key, their_value) in theirs {
            // A fact we leave out is a fact the peer reads as null.
            let our_value = ours.get(key).unwrap_or(&Value::Null);
            if let Some((.., why)) =
                PEER_IS_WRONG.iter().find(|w| (w.0, w.1, w.2) == (peer_name, name.as_str(), key.as_str()))
            {
                assert_ne!(our_value, their_value, "{name}: `{key}` now agrees with {peer_name}; was: {why}");
                continue;
            }
            assert_eq!(our_value, their_value, "{name}: `{key}` differs from {peer_name}");
            compared += 1;
        }
    }
    assert!(compared > 100, "only {compared} facts compared with {peer_name}");
}

#[test]
fn gguf_and_safetensors_facts_match_gguf_py_and_safetensors() {
    check_peer("gguf-py.json", "*");
}

#[test]
fn gguf_facts_match_huggingface_gguf() {
    check_peer("hfjs.json", ".gguf");
}
