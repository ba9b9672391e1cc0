//! One hand-written, minimal body per tolerance rule.

use compat_core::{Code, FileRole, ScanStatus, WeightFormat, is_model_compatible};
use provider_civitai::{
    CivitaiErrorBody, ParseError, extract_model, extract_version, parse_enums, parse_error_body, parse_model,
    parse_models_page, parse_version,
};
use serde_json::{Value, json};

fn bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap()
}

/// A runnable SDXL LoRA with one file; `edit` changes the JSON before parsing.
fn model_json(edit: impl FnOnce(&mut Value)) -> Value {
    let mut model = json!({
        "id": 100,
        "name": "Tiny",
        "type": "LORA",
        "nsfw": false,
        "nsfwLevel": 1,
        "modelVersions": [{
            "id": 1000,
            "name": "v1",
            "baseModel": "SDXL 1.0",
            "baseModelType": "Standard",
            "availability": "Public",
            "nsfwLevel": 1,
            "files": [{
                "id": 5000,
                "name": "tiny.safetensors",
                "type": "Model",
                "sizeKB": 1.5,
                "metadata": {"format": "SafeTensor", "fp": "fp16", "size": "pruned"},
                "pickleScanResult": "Success",
                "virusScanResult": "Success",
                "hashes": {"SHA256": "AB", "AutoV2": null},
                "primary": true,
                "downloadUrl": "https://civitai.com/api/download/models/1000"
            }],
            "images": []
        }]
    });
    edit(&mut model);
    model
}

fn file_mut(model: &mut Value) -> &mut Value {
    &mut model["modelVersions"][0]["files"][0]
}

fn codes(model: &Value) -> Vec<Code> {
    let parsed = parse_model(&bytes(model)).unwrap();
    is_model_compatible(&extract_model(&parsed)).codes
}

#[test]
fn baseline_model_is_runnable() {
    let parsed = parse_model(&bytes(&model_json(|_| {}))).unwrap();
    let m = extract_model(&parsed);
    assert_eq!(m.id, "100");
    assert_eq!(m.source, compat_core::Source::Civitai);
    assert_eq!(m.kind, compat_core::ModelKind::ImageGeneration);
    assert_eq!(m.base_model.as_deref(), Some("SDXL 1.0"));
    assert_eq!(m.formats, [WeightFormat::Safetensors]);
    let file = &m.versions[0].files[0];
    assert_eq!(file.size_bytes, Some(1536));
    assert_eq!(file.id, Some(5000));
    // A null hash value is dropped, the others kept.
    assert_eq!(file.hashes.len(), 1);
    let verdict = is_model_compatible(&m);
    assert!(verdict.compatible, "{verdict:?}");
    assert!(verdict.codes.is_empty());
}

#[test]
fn null_and_partial_stats() {
    let null_stats = model_json(|m| m["stats"] = Value::Null);
    assert_eq!(parse_model(&bytes(&null_stats)).unwrap().stats, None);

    let partial = model_json(|m| {
        m["stats"] = json!({"downloadCount": null, "thumbsUpCount": 3, "rating": 4.5,
                            "favoriteCount": "many"});
        m["modelVersions"][0]["stats"] = json!({"downloadCount": null});
    });
    let parsed = parse_model(&bytes(&partial)).unwrap();
    let stats = parsed.stats.unwrap();
    assert_eq!(stats.download_count, None);
    assert_eq!(stats.thumbs_up_count, Some(3));
    assert_eq!(stats.rating, Some(4.5));
    // A cosmetic field of the wrong type is dropped, not fatal.
    assert_eq!(stats.favorite_count, None);
}

#[test]
fn missing_primary_is_false() {
    let model = model_json(|m| {
        file_mut(m).as_object_mut().unwrap().remove("primary");
    });
    let parsed = parse_model(&bytes(&model)).unwrap();
    assert_eq!(parsed.model_versions[0].files[0].primary, None);
    assert!(!extract_model(&parsed).versions[0].files[0].primary);
    assert!(codes(&model).is_empty());
}

#[test]
fn archived_and_taken_down_are_not_runnable() {
    for mode in ["Archived", "TakenDown"] {
        let model = model_json(|m| {
            m["mode"] = json!(mode);
            // CivitAI sends no files for archived models.
            if mode == "Archived" {
                m["modelVersions"][0]["files"] = json!([]);
            }
        });
        let parsed = parse_model(&bytes(&model)).unwrap();
        let m = extract_model(&parsed);
        assert_eq!(m.mode.as_deref(), Some(mode));
        assert!(m.is_archived());
        let verdict = is_model_compatible(&m);
        assert!(!verdict.compatible, "{mode}");
        assert!(verdict.codes.contains(&Code::Archived), "{mode}");
    }
    // No mode: not archived.
    let parsed = parse_model(&bytes(&model_json(|_| {}))).unwrap();
    assert_eq!(extract_model(&parsed).mode, None);
}

#[test]
fn null_file_metadata_fields() {
    let model = model_json(|m| {
        file_mut(m)["metadata"] = json!({"format": null, "fp": null, "size": null});
    });
    let parsed = parse_model(&bytes(&model)).unwrap();
    let file = &extract_model(&parsed).versions[0].files[0];
    assert_eq!(file.precision, None);
    assert_eq!(file.size_variant, None);
    // No declared format: the extension decides.
    assert_eq!(file.format, Some(WeightFormat::Safetensors));
    assert!(codes(&model).is_empty());

    // `metadata: null` altogether, and a name without a known extension.
    let model = model_json(|m| {
        file_mut(m)["metadata"] = Value::Null;
        file_mut(m)["name"] = json!("tiny.zip");
    });
    let parsed = parse_model(&bytes(&model)).unwrap();
    assert_eq!(extract_model(&parsed).versions[0].files[0].format, None);
    assert!(codes(&model).contains(&Code::UnsupportedFormat));
}

#[test]
fn format_other_falls_back_to_the_extension() {
    let model = model_json(|m| {
        file_mut(m)["metadata"]["format"] = json!("Other");
        file_mut(m)["name"] = json!("learned_embeds.bin");
    });
    let parsed = parse_model(&bytes(&model)).unwrap();
    assert_eq!(extract_model(&parsed).versions[0].files[0].format, Some(WeightFormat::PyTorch));
    assert!(codes(&model).contains(&Code::UnsafePickle));
}

#[test]
fn unknown_enum_values_are_kept() {
    let model = model_json(|m| {
        m["type"] = json!("Workflows2");
        m["modelVersions"][0]["baseModel"] = json!("SD 9 Turbo");
        m["modelVersions"][0]["baseModelType"] = json!("Outpainting");
        file_mut(m)["type"] = json!("Merged Model");
        file_mut(m)["metadata"] = json!({"format": "Nunchaku", "fp": "fp4", "size": "tiny"});
        file_mut(m)["pickleScanResult"] = json!("Quarantined");
    });
    let parsed = parse_model(&bytes(&model)).unwrap();
    let m = extract_model(&parsed);
    assert_eq!(m.model_type.as_deref(), Some("Workflows2"));
    assert_eq!(m.base_model.as_deref(), Some("SD 9 Turbo"));
    assert_eq!(m.versions[0].base_model_type.as_deref(), Some("Outpainting"));
    let file = &m.versions[0].files[0];
    assert_eq!(file.file_type.as_deref(), Some("Merged Model"));
    // The role is the catalog's reading of the type, when judged.
    assert_eq!(file.role, None);
    let resolved = compat_core::resolve(&m, compat_core::default_catalog());
    assert_eq!(resolved.versions[0].files[0].role, Some(FileRole::Auxiliary));
    assert_eq!(file.format, Some(WeightFormat::Other("Nunchaku".into())));
    assert_eq!(file.precision.as_deref(), Some("fp4"));
    assert_eq!(file.size_variant.as_deref(), Some("tiny"));
    assert_eq!(file.scan.as_ref().unwrap().pickle, Some(ScanStatus::Other("Quarantined".into())));
    let verdict = is_model_compatible(&m);
    assert!(!verdict.compatible);
    assert!(verdict.codes.contains(&Code::UnsupportedModelType));
    assert!(verdict.codes.contains(&Code::UnsupportedBaseModel));

    // A known type with an unknown format: the format blocks, and says which.
    let model = model_json(|m| file_mut(m)["metadata"]["format"] = json!("Nunchaku"));
    assert!(codes(&model).contains(&Code::UnsupportedFormat));
}

#[test]
fn file_types_and_roles() {
    let model = model_json(|m| {
        let files = m["modelVersions"][0]["files"].as_array_mut().unwrap();
        for (name, kind) in [
            ("data.zip", "Training Data"),
            ("vae.safetensors", "VAE"),
            ("te.safetensors", "Text Encoder"),
            ("cfg.yaml", "Config"),
            ("all.zip", "Archive"),
            ("neg.safetensors", "Negative"),
            ("pruned.safetensors", "Pruned Model"),
        ] {
            files.push(json!({"name": name, "type": kind,
                              "metadata": {"format": "SafeTensor"}}));
        }
        files.push(json!({"name": "untyped.safetensors"}));
    });
    let parsed = parse_model(&bytes(&model)).unwrap();
    // Extraction keeps the types as sent; the default catalog reads them.
    let m = extract_model(&parsed);
    assert!(m.versions[0].files.iter().all(|f| f.role.is_none()));
    let resolved = compat_core::resolve(&m, compat_core::default_catalog());
    let roles: Vec<FileRole> = resolved.versions[0].files.iter().filter_map(|f| f.role).collect();
    use FileRole::*;
    assert_eq!(roles, [Weights, TrainingData, Auxiliary, Auxiliary, Auxiliary, Auxiliary, Auxiliary, Weights, Weights]);
}

#[test]
fn allow_commercial_use_shapes() {
    let cases: [(Value, Option<Vec<&str>>); 8] = [
        (json!("Sell"), Some(vec!["Sell"])),
        (json!(["Image", "RentCivit"]), Some(vec!["Image", "RentCivit"])),
        (json!("{Image,RentCivit}"), Some(vec!["Image", "RentCivit"])),
        (json!("{\"Image\", \"Rent\"}"), Some(vec!["Image", "Rent"])),
        (json!("{}"), Some(vec![])),
        (json!("None"), Some(vec![])),
        (json!(["None"]), Some(vec![])),
        (Value::Null, None),
    ];
    for (raw, expected) in cases {
        let model = model_json(|m| m["allowCommercialUse"] = raw.clone());
        let parsed = parse_model(&bytes(&model)).unwrap();
        let expected: Option<Vec<String>> = expected.map(|v| v.into_iter().map(str::to_owned).collect());
        assert_eq!(parsed.allow_commercial_use, expected, "{raw}");
    }
    let missing = parse_model(&bytes(&model_json(|_| {}))).unwrap();
    assert_eq!(missing.allow_commercial_use, None);
}

#[test]
fn display_fields() {
    let model = model_json(|m| {
        m["description"] = json!("<p>Hi <b>there</b></p>");
        m["tags"] = json!(["style", {"name": "anime"}, {"id": 3}, 7, ""]);
        m["creator"] = json!({"username": "someone", "image": null});
        m["createdAt"] = json!("2024-01-01T00:00:00.000Z");
        m["availability"] = json!("Public");
        m["modelVersions"][0]["images"] = json!([
            {"url": "https://example.invalid/clip.mp4", "type": "video"},
            "not an image",
            {"url": "https://example.invalid/a.jpeg", "type": "image", "nsfwLevel": 1,
             "width": 512, "height": 768}
        ]);
    });
    let parsed = parse_model(&bytes(&model)).unwrap();
    assert_eq!(parsed.description.as_deref(), Some("<p>Hi <b>there</b></p>"));
    assert_eq!(parsed.tags, ["style", "anime"]);
    assert_eq!(parsed.creator.as_ref().unwrap().username.as_deref(), Some("someone"));
    assert_eq!(parsed.created_at.as_deref(), Some("2024-01-01T00:00:00.000Z"));
    assert_eq!(parsed.model_versions[0].images.len(), 2);
    assert_eq!(parsed.image_url(), Some("https://example.invalid/a.jpeg"));
}

#[test]
fn nsfw_follows_the_flag_or_the_level() {
    for (flag, level, expected) in [
        (json!(false), json!(1), false),
        (json!(false), json!(3), false),
        (json!(false), json!(31), true),
        (json!(true), json!(1), true),
        (Value::Null, json!(4), true),
        (Value::Null, Value::Null, false),
    ] {
        let model = model_json(|m| {
            m["nsfw"] = flag.clone();
            m["nsfwLevel"] = level.clone();
        });
        let m = extract_model(&parse_model(&bytes(&model)).unwrap());
        assert_eq!(m.nsfw, expected, "{flag} {level}");
        assert_eq!(m.nsfw_level, level.as_u64().map(|l| l as u32));
    }
}

#[test]
fn scans() {
    let danger = model_json(|m| file_mut(m)["virusScanResult"] = json!("Danger"));
    assert!(codes(&danger).contains(&Code::ScanDanger));

    let pending = model_json(|m| file_mut(m)["pickleScanResult"] = json!("Pending"));
    let verdict = is_model_compatible(&extract_model(&parse_model(&bytes(&pending)).unwrap()));
    assert!(verdict.compatible);
    assert!(verdict.codes.contains(&Code::ScanPending));

    let none = model_json(|m| {
        file_mut(m)["pickleScanResult"] = Value::Null;
        file_mut(m).as_object_mut().unwrap().remove("virusScanResult");
    });
    let m = extract_model(&parse_model(&bytes(&none)).unwrap());
    assert_eq!(m.versions[0].files[0].scan, None);
}

#[test]
fn early_access_is_availability_only() {
    let ea = model_json(|m| m["modelVersions"][0]["availability"] = json!("EarlyAccess"));
    let m = extract_model(&parse_model(&bytes(&ea)).unwrap());
    assert!(m.versions[0].early_access);
    let verdict = is_model_compatible(&m);
    assert!(verdict.compatible);
    assert!(verdict.codes.contains(&Code::EarlyAccess));

    // The old `earlyAccessTimeFrame` stays set after early access ends.
    let old = model_json(|m| {
        let v = m["modelVersions"][0].as_object_mut().unwrap();
        v.remove("availability");
        v.insert("earlyAccessTimeFrame".into(), json!(7));
    });
    let parsed = parse_model(&bytes(&old)).unwrap();
    assert_eq!(parsed.model_versions[0].early_access_time_frame, Some(7));
    assert!(!extract_model(&parsed).versions[0].early_access);
}

#[test]
fn gguf_files_carry_their_quant() {
    let model = model_json(|m| {
        file_mut(m)["name"] = json!("flux1-dev-Q4_K_S.gguf");
        file_mut(m)["metadata"] = json!({"format": "GGUF", "fp": null, "size": null});
    });
    let m = extract_model(&parse_model(&bytes(&model)).unwrap());
    let file = &m.versions[0].files[0];
    assert_eq!(file.format, Some(WeightFormat::Gguf));
    assert_eq!(file.quantization.as_deref(), Some("Q4_K_S"));
    assert!(codes(&model).contains(&Code::UnsupportedFormat));
}

#[test]
fn strict_fields_fail_the_record() {
    for (field, value) in
        [("nsfw", json!("yes")), ("nsfwLevel", json!("high")), ("mode", json!(3)), ("modelVersions", json!("none"))]
    {
        let model = model_json(|m| m[field] = value.clone());
        assert!(matches!(parse_model(&bytes(&model)), Err(ParseError::Record(_))), "{field}");
    }
    let bad_scan = model_json(|m| file_mut(m)["pickleScanResult"] = json!({"status": "Danger"}));
    assert!(matches!(parse_model(&bytes(&bad_scan)), Err(ParseError::Record(_))));
    // Null is never an error.
    let nulls = model_json(|m| {
        for field in ["nsfw", "nsfwLevel", "mode", "modelVersions", "type", "name"] {
            m[field] = Value::Null;
        }
    });
    let parsed = parse_model(&bytes(&nulls)).unwrap();
    assert!(parsed.model_versions.is_empty());
}

#[test]
fn a_malformed_item_does_not_spoil_the_page() {
    let page = json!({
        "items": [
            model_json(|_| {}),
            "just a string",
            {"name": "no id"},
            {"id": "7", "name": "string id"},
            model_json(|m| { m["id"] = json!(5); m["modelVersions"] = json!("v1"); }),
            model_json(|m| { m["id"] = json!(6); file_mut(m)["virusScanResult"] = json!(1); }),
            model_json(|m| m["id"] = json!(101)),
        ],
        "metadata": {"nextCursor": 12345, "nextPage": "https://civitai.com/api/v1/models?cursor=12345",
                     "pageSize": "oops"}
    });
    let parsed = parse_models_page(&bytes(&page)).unwrap();
    let ids: Vec<u64> = parsed.items.iter().map(|m| m.id).collect();
    assert_eq!(ids, [100, 101]);
    let bad: Vec<(usize, Option<u64>)> = parsed.bad_items.iter().map(|b| (b.index, b.id)).collect();
    assert_eq!(bad, [(1, None), (2, None), (3, None), (4, Some(5)), (5, Some(6))]);
    // Each error names the field that failed the item, and what was there.
    let errors: Vec<&str> = parsed.bad_items.iter().map(|b| b.error.as_str()).collect();
    assert_eq!(
        errors,
        [
            "model: expected an object, found a string",
            "missing field `id`",
            "`id`: expected a non-negative integer, found the string \"7\"",
            "`modelVersions`: expected an array, found the string \"v1\"",
            "`modelVersions[0]`: `files[0]`: `virusScanResult`: expected a string, found the number 1",
        ]
    );
    assert_eq!(parsed.next_cursor.as_deref(), Some("12345"));
    assert!(parsed.next_page.is_some());
    assert_eq!(parsed.page_size, None);
    assert_eq!(provider_civitai::extract_page(&parsed).len(), 2);
}

#[test]
fn whole_page_errors() {
    assert!(matches!(parse_models_page(b"<html>502</html>"), Err(ParseError::Json(_))));
    assert!(matches!(parse_models_page(b"[]"), Err(ParseError::NotAnObject { found: "an array" })));
    assert!(matches!(parse_models_page(br#"{"metadata": {}}"#), Err(ParseError::MissingItems)));
    assert!(matches!(
        parse_models_page(br#"{"items": {"0": {}}}"#),
        Err(ParseError::ItemsNotArray { found: "an object" })
    ));
    match parse_models_page(br#"{"error": "Unauthorized"}"#) {
        Err(ParseError::Api { message }) => assert_eq!(message, "Unauthorized"),
        other => panic!("{other:?}"),
    }
    // An empty page is a page.
    let empty = parse_models_page(br#"{"items": [], "metadata": {}}"#).unwrap();
    assert!(empty.items.is_empty() && empty.bad_items.is_empty());
    assert_eq!(empty.next_cursor, None);
    // The error names what went wrong.
    let e = parse_models_page(br#"{"items": 3}"#).unwrap_err();
    assert_eq!(e.to_string(), "CivitAI list response has `items` as a number, not a list");
}

#[test]
fn error_bodies() {
    let cases: &[(&str, Option<&str>)] = &[
        (r#"{"error": "Model not found"}"#, Some("Model not found")),
        (r#"{"error": "Unauthorized", "message": "Log in to download"}"#, Some("Unauthorized: Log in to download")),
        // Zod 3 error object.
        (
            r#"{"error": {"issues": [{"code": "invalid_type", "expected": "number",
                "received": "nan", "path": ["limit"], "message": "Expected number, received nan"}],
                "name": "ZodError"}}"#,
            Some("limit: Expected number, received nan"),
        ),
        // A bare issue list.
        (
            r#"{"error": [{"code": "too_big", "maximum": 100, "path": ["limit"],
                "message": "Number must be less than or equal to 100"},
               {"code": "invalid_enum_value", "path": ["types", 0], "message": "Invalid enum value"}]}"#,
            Some("limit: Number must be less than or equal to 100; types.0: Invalid enum value"),
        ),
        // Zod 4: the issues as JSON text in `message`.
        (
            r#"{"error": {"name": "ZodError", "message": "[\n  {\n    \"expected\": \"number\",\n    \"code\": \"invalid_type\",\n    \"path\": [\n      \"limit\"\n    ],\n    \"message\": \"Invalid input: expected number, received NaN\"\n  }\n]"}}"#,
            Some("limit: Invalid input: expected number, received NaN"),
        ),
        // Zod `flatten()`.
        (r#"{"error": {"formErrors": [], "fieldErrors": {"hash": ["Required"]}}}"#, Some("hash: Required")),
        // A top-level issue list, and an issue without a path.
        (r#"[{"code": "custom", "path": [], "message": "Bad query"}]"#, Some("Bad query")),
        // tRPC's wrapping.
        (r#"{"error": {"json": {"message": "Rate limited", "code": -32029}}}"#, Some("Rate limited")),
        (r#"{"message": "Internal Server Error"}"#, Some("Internal Server Error")),
        ("error code: 1015", Some("error code: 1015")),
        (r#"{"error": ""}"#, None),
        (r#"{"error": null}"#, None),
        (r#"{"items": []}"#, None),
        ("<html><body>Bad gateway</body></html>", None),
        ("", None),
    ];
    for (body, expected) in cases {
        assert_eq!(parse_error_body(body.as_bytes()).as_deref(), *expected, "{body}");
    }
    assert_eq!(CivitaiErrorBody::parse(br#"{"error": "x"}"#), Some(CivitaiErrorBody { message: "x".into() }));
    // Record parsers recognise a Zod error instead of reporting a missing `id`.
    match parse_version(
        br#"{"error": {"issues": [{"code": "invalid_type", "path": ["id"], "message": "Expected number"}], "name": "ZodError"}}"#,
    ) {
        Err(ParseError::Api { message }) => assert_eq!(message, "id: Expected number"),
        other => panic!("{other:?}"),
    }
}

fn by_hash_json() -> Value {
    json!({
        "id": 2000,
        "modelId": 200,
        "name": "v2",
        "baseModel": "Pony",
        "baseModelType": null,
        "earlyAccessEndsAt": null,
        "nsfwLevel": 5,
        "air": "urn:air:sdxl:lora:civitai:200@2000",
        "stats": {"downloadCount": 10, "thumbsUpCount": 1},
        "model": {"name": "Pony thing", "type": "LORA", "nsfw": false, "poi": false},
        "files": [
            {"id": 1, "name": "thing.safetensors", "type": "Model", "sizeKB": 10.0,
             "metadata": {"format": "SafeTensor", "size": null, "fp": null},
             "pickleScanResult": "Success", "virusScanResult": "Success",
             "hashes": {"SHA256": "CD"}, "primary": true,
             "downloadUrl": "https://civitai.com/api/download/models/2000"},
            {"id": 2, "name": "thing_data.zip", "type": "Training Data",
             "metadata": {"format": "Other", "size": null, "fp": null},
             "primary": false}
        ],
        "images": [{"url": "https://example.invalid/p.jpeg", "type": "image"}],
        "downloadUrl": "https://civitai.com/api/download/models/2000"
    })
}

#[test]
fn by_hash_version_is_judged_as_a_one_version_model() {
    let version = parse_version(&bytes(&by_hash_json())).unwrap();
    assert_eq!(version.model_id, Some(200));
    assert_eq!(version.image_url(), Some("https://example.invalid/p.jpeg"));
    let m = extract_version(&version, None);
    assert_eq!(m.id, "200");
    assert_eq!(m.model_type.as_deref(), Some("LORA"));
    assert_eq!(m.base_model.as_deref(), Some("Pony"));
    assert_eq!(m.nsfw_level, Some(5));
    assert!(m.nsfw, "level 5 has the R bit");
    assert_eq!(m.versions.len(), 1);
    assert!(!m.versions[0].files[1].primary);
    let verdict = is_model_compatible(&m);
    assert!(verdict.compatible, "{verdict:?}");
    assert_eq!(verdict.recommended_file.unwrap().name, "thing.safetensors");

    // Taken down, per the version's model summary.
    let mut taken = by_hash_json();
    taken["model"]["mode"] = json!("TakenDown");
    let m = extract_version(&parse_version(&bytes(&taken)).unwrap(), None);
    assert_eq!(m.mode.as_deref(), Some("TakenDown"));
    assert!(!is_model_compatible(&m).compatible);

    // Without `modelId`, the id comes from `air`; without either it is empty.
    let mut no_id = by_hash_json();
    no_id.as_object_mut().unwrap().remove("modelId");
    let v = parse_version(&bytes(&no_id)).unwrap();
    assert_eq!(extract_version(&v, None).id, "200");
    no_id.as_object_mut().unwrap().remove("air");
    let v = parse_version(&bytes(&no_id)).unwrap();
    assert_eq!(extract_version(&v, None).id, "");

    // A parent model, when known, supplies the model-level facts.
    let parent = parse_model(&bytes(&model_json(|m| {
        m["id"] = json!(200);
        m["type"] = json!("Checkpoint");
        m["mode"] = json!("Archived");
        m["nsfwLevel"] = json!(1);
    })))
    .unwrap();
    let m = extract_version(&version, Some(&parent));
    assert_eq!(m.model_type.as_deref(), Some("Checkpoint"));
    assert_eq!(m.mode.as_deref(), Some("Archived"));
    assert_eq!(m.nsfw_level, Some(1));
    assert!(!m.nsfw);
}

#[test]
fn version_endpoint_errors_and_shapes() {
    match parse_version(br#"{"error": "Model not found"}"#) {
        Err(ParseError::Api { message }) => assert_eq!(message, "Model not found"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(parse_version(br#"{"id": "2000"}"#), Err(ParseError::Record(_))));
    assert!(matches!(parse_version(br#"{"id": 1, "files": "none"}"#), Err(ParseError::Record(_))));
    // The minimum: an id.
    let v = parse_version(br#"{"id": 1}"#).unwrap();
    let m = extract_version(&v, None);
    assert!(!is_model_compatible(&m).compatible);
}

#[test]
fn enums() {
    let e =
        parse_enums(br#"{"ModelType": ["Checkpoint", 3, "LORA"], "BaseModel": ["SD 1.5"], "NewEnum": ["x"]}"#).unwrap();
    assert_eq!(e.model_types, ["Checkpoint", "LORA"]);
    assert_eq!(e.base_models, ["SD 1.5"]);
    assert!(e.model_file_types.is_empty());
    assert!(matches!(parse_enums(br#"{"error": "Nope"}"#), Err(ParseError::Api { .. })));
}

/// One cosmetic number that does not fit (`1e400`, `10^30`) reads as absent with a note; the
/// rest of the item and the page stay. Whole floats are counts, as on the Hub.
#[test]
fn numbers_that_do_not_fit_read_as_absent_with_a_note() {
    let first = model_json(|m| {
        m["stats"] = json!({"downloadCount": "DOWNLOADS", "favoriteCount": 4096.0, "thumbsUpCount": "LIKES"});
    });
    let second = model_json(|m| m["id"] = json!(101));
    let body = serde_json::to_string(&json!({"items": [first, second], "metadata": {}}))
        .unwrap()
        .replace("\"DOWNLOADS\"", "1e400")
        .replace("\"LIKES\"", &format!("1{}", "0".repeat(30)));
    let page = parse_models_page(body.as_bytes()).unwrap();
    assert!(page.bad_items.is_empty(), "{:?}", page.bad_items);
    assert_eq!(page.items.len(), 2);
    let stats = page.items[0].stats.as_ref().unwrap();
    assert_eq!((stats.download_count, stats.thumbs_up_count), (None, None));
    assert_eq!(stats.favorite_count, Some(4096), "4096.0 is a count");
    assert_eq!(
        page.items[0].notes,
        [
            "field `downloadCount`: expected a non-negative integer, found a number out of range, read as absent",
            "field `thumbsUpCount`: expected a non-negative integer, found the number 1e+30, read as absent",
        ]
    );
    assert_eq!(page.items[0].model_versions.len(), 1, "the rest of the item stays");
    assert!(page.items[1].notes.is_empty());

    // A strict field out of range fails its item only.
    let body = format!(r#"{{"items": [{}, {{"id": 1e400}}], "metadata": {{}}}}"#, model_json(|_| {}));
    let page = parse_models_page(body.as_bytes()).unwrap();
    assert_eq!((page.items.len(), page.bad_items.len()), (1, 1));
    assert!(page.bad_items[0].error.contains("a number out of range"), "{:?}", page.bad_items);
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let body = [b"\xEF\xBB\xBF".as_slice(), &bytes(&model_json(|_| {}))].concat();
    assert_eq!(parse_model(&body).unwrap().id, 100);
}
