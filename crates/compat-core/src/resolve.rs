//! Reading a model's evidence with a catalog.
//!
//! Extraction keeps what a record says as it says it: the pipeline tag, the tags, the
//! repository name, a file's stated type. What those words mean (which kind a pipeline
//! tag denotes, which tag or name token is an architecture, which file type is weights)
//! is catalog data ([`crate::Vocabulary`]), read here when a model is judged, so a model
//! can be judged again against another catalog without being extracted again.

use std::borrow::Cow;

use crate::architecture::{infer_from_name, infer_from_tags};
use crate::catalog::{Reader, Vocabulary, WorkerCatalog};
use crate::metadata::{Architecture, Evidence, FileRole, ModelFile, ModelKind, ModelMetadata};

/// The facts the rules read, as one catalog reads them. Borrows what it can: judging
/// reads these for every model.
pub(crate) struct Facts<'a> {
    pub kind: ModelKind,
    /// The architecture's raw name and where it was read.
    pub architecture: Option<(Cow<'a, str>, Evidence)>,
    pub vocabulary: &'a Vocabulary,
}

impl<'a> Facts<'a> {
    pub(crate) fn read(m: &'a ModelMetadata, reader: Reader<'a>) -> Self {
        let kind = match &m.pipeline_tag {
            Some(tag) => reader.vocabulary.kind_of_pipeline(tag),
            None => m.kind,
        };
        // A stated architecture is evidence; one inferred from tags or the name (as
        // `resolve` writes it) is a catalog's reading, read again with this catalog.
        let architecture = match &m.architecture {
            Some(stated) if !stated.evidence.is_inferred() => {
                Some((Cow::Borrowed(stated.raw.as_str()), stated.evidence))
            }
            _ => infer_from_tags(m.tags.iter().map(String::as_str), reader)
                .map(|tag| (Cow::Borrowed(tag), Evidence::Tags))
                .or_else(|| infer_from_name(&m.id, reader).map(|name| (Cow::Owned(name), Evidence::Name))),
        };
        Self { kind, architecture, vocabulary: reader.vocabulary }
    }

    /// A file's role: the catalog's reading of its stated type, else what its path says.
    pub(crate) fn role(&self, file: &ModelFile) -> FileRole {
        match &file.file_type {
            Some(file_type) => self.vocabulary.file_type(file_type).map_or(FileRole::Auxiliary, |t| t.role),
            None => file.role.unwrap_or_default(),
        }
    }

    /// A file's size variants (`pruned`, `full`): the one its record states and the one
    /// its stated type implies.
    pub(crate) fn size_variants<'f>(&'f self, file: &'f ModelFile) -> impl Iterator<Item = &'f str> {
        let implied = file.file_type.as_deref().and_then(|t| self.vocabulary.file_type(t)?.size_variant.as_deref());
        file.size_variant.as_deref().into_iter().chain(implied)
    }
}

/// `metadata` as `catalog` reads it: its kind, its architecture (with the family it
/// belongs to, inferred from tags or the name when no record states one) and the role of
/// every file. This is what the rules judge; [`crate::judge`] reads it the same way.
pub fn resolve(metadata: &ModelMetadata, catalog: &WorkerCatalog) -> ModelMetadata {
    let reader = catalog.reader();
    let facts = Facts::read(metadata, reader);
    let mut out = metadata.clone();
    out.kind = facts.kind;
    out.architecture = facts.architecture.as_ref().map(|(raw, evidence)| with_family(reader, raw, *evidence));
    let files = out.files.iter_mut().chain(out.versions.iter_mut().flat_map(|v| v.files.iter_mut()));
    for file in files {
        file.role = Some(facts.role(file));
    }
    out
}

impl WorkerCatalog {
    /// The architecture of `metadata` as this catalog reads it: the one its record states,
    /// else one read from its tags or name; with its family.
    pub fn architecture_of(&self, metadata: &ModelMetadata) -> Option<Architecture> {
        let reader = self.reader();
        let (raw, evidence) = Facts::read(metadata, reader).architecture?;
        Some(with_family(reader, &raw, evidence))
    }
}

/// The family a catalog puts `raw` in, else the raw name itself.
fn with_family(reader: Reader<'_>, raw: &str, evidence: Evidence) -> Architecture {
    let family = reader.family_of(raw, evidence).unwrap_or(raw).to_owned();
    Architecture { family: Some(family), raw: raw.to_owned(), evidence }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{FamilySupport, LaterGeneration, default_catalog, default_catalog_json};
    use crate::files::classify_path;
    use crate::rules::judge;

    /// A GGUF repository known only by its name and tags, as a listing gives it.
    fn named(id: &str, tags: &[&str]) -> ModelMetadata {
        ModelMetadata {
            id: id.into(),
            kind: ModelKind::TextGeneration,
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            files: classify_path("model-Q4_K_M.gguf", None).into_iter().collect(),
            ..Default::default()
        }
    }

    #[test]
    fn a_catalog_teaches_a_name_read_from_the_repository_name() {
        let m = named("someone/Zeta-2-7B-Instruct-GGUF", &["gguf"]);
        assert_eq!(judge(&m, default_catalog(), None).codes, [crate::Code::ArchitectureUnknown]);

        let mut custom = default_catalog().clone();
        custom.workers[0].architectures.push(FamilySupport {
            family: "zeta".into(),
            config_names: vec!["zeta2".into()],
            gguf_names: vec!["zeta2".into()],
            confidence: crate::Confidence::High,
        });
        let verdict = judge(&m, &custom, None);
        assert!(verdict.compatible, "{:?}", verdict.reasons);
        assert_eq!(verdict.codes, [crate::Code::ContextUnknown, crate::Code::ArchitectureInferred]);
        let read = resolve(&m, &custom).architecture.unwrap();
        assert_eq!((read.family.as_deref(), read.raw.as_str(), read.evidence), (Some("zeta"), "zeta2", Evidence::Name));
    }

    #[test]
    fn later_generations_are_data() {
        // `gemma-4` is not read as gemma by default; a catalog without the cut-off reads it so.
        let m = named("google/gemma-4-9b-GGUF", &[]);
        assert_eq!(default_catalog().architecture_of(&m), None);
        let mut custom = default_catalog().clone();
        custom.vocabulary.later_generations.retain(|g| g.name != "gemma");
        assert_eq!(custom.architecture_of(&m).map(|a| a.raw), Some("gemma".into()));
        custom.vocabulary.later_generations.push(LaterGeneration { name: "gemma".into(), from: 4 });
        assert_eq!(custom.architecture_of(&m), None);
    }

    #[test]
    fn an_inferred_architecture_is_read_again_by_each_catalog() {
        let m = named("someone/Zeta-2-7B-Instruct-GGUF", &["gguf", "llama"]);
        let read = resolve(&m, default_catalog());
        assert_eq!(read.architecture.as_ref().map(|a| (a.raw.as_str(), a.evidence)), Some(("llama", Evidence::Tags)));
        // A catalog that does not know `llama` does not inherit the default catalog's reading.
        let mut custom = default_catalog().clone();
        custom.workers.retain(|w| w.id != "llm-worker");
        assert_eq!(custom.architecture_of(&read), None);
    }

    #[test]
    fn a_stated_architecture_is_not_overridden_by_tags_or_name() {
        let mut m = named("someone/llama-3-8b", &["qwen2"]);
        m.architecture = Some(crate::architecture::architecture("gemma3", Evidence::Gguf));
        let read = default_catalog().architecture_of(&m).unwrap();
        assert_eq!((read.family.as_deref(), read.evidence), (Some("gemma"), Evidence::Gguf));
    }

    #[test]
    fn file_roles_and_kinds_are_read_from_the_vocabulary() {
        let file = |file_type: Option<&str>, role: Option<FileRole>| ModelFile {
            name: "f".into(),
            file_type: file_type.map(str::to_owned),
            role,
            ..Default::default()
        };
        let nothing = ModelMetadata::default();
        let facts = Facts::read(&nothing, default_catalog().reader());
        assert_eq!(facts.role(&file(Some("Model"), None)), FileRole::Weights);
        assert_eq!(facts.role(&file(Some(" training data "), None)), FileRole::TrainingData);
        assert_eq!(facts.role(&file(Some("VAE"), None)), FileRole::Auxiliary);
        assert_eq!(facts.role(&file(None, None)), FileRole::Weights);
        assert_eq!(facts.role(&file(None, Some(FileRole::VisionProjector))), FileRole::VisionProjector);
        // A stated type wins over an earlier reading: a catalog's reading is not evidence.
        assert_eq!(facts.role(&file(Some("VAE"), Some(FileRole::Weights))), FileRole::Auxiliary);
        let pruned = file(Some("Pruned Model"), None);
        assert_eq!(facts.size_variants(&pruned).collect::<Vec<_>>(), ["pruned"]);

        let kind = |tag: Option<&str>, stated: ModelKind| {
            let m = ModelMetadata { pipeline_tag: tag.map(str::to_owned), kind: stated, ..Default::default() };
            Facts::read(&m, default_catalog().reader()).kind
        };
        assert_eq!(kind(Some("image-text-to-text"), ModelKind::Other), ModelKind::TextGeneration);
        assert_eq!(kind(Some("text-to-image"), ModelKind::TextGeneration), ModelKind::ImageGeneration);
        assert_eq!(kind(Some("fill-mask"), ModelKind::TextGeneration), ModelKind::Other);
        assert_eq!(kind(None, ModelKind::ImageGeneration), ModelKind::ImageGeneration);
    }

    #[test]
    fn the_default_catalog_states_its_whole_vocabulary() {
        // Were an entry missing, reading the default vocabulary would ask itself for it.
        let json: serde_json::Value = serde_json::from_str(default_catalog_json()).unwrap();
        let vocabulary = json["vocabulary"].as_object().unwrap();
        let wire = serde_json::to_value(&default_catalog().vocabulary).unwrap();
        for key in wire.as_object().unwrap().keys() {
            assert!(vocabulary.contains_key(key), "default_catalog.json has no vocabulary.{key}");
        }
        assert_eq!(default_catalog().vocabulary.architecture_names.len(), 73);
    }

    #[test]
    fn a_catalog_without_a_vocabulary_reads_with_the_default_one() {
        let workers = r#"{"workers": [{"id": "w", "kind": "text-generation"}]}"#;
        let catalog = WorkerCatalog::from_json(workers).unwrap();
        assert_eq!(catalog.vocabulary, default_catalog().vocabulary);
        // A catalog that states one entry keeps the default of the others.
        let partial = r#"{"workers": [{"id": "w", "kind": "text-generation"}],
                          "vocabulary": {"architectureNames": ["Zeta2", "zeta2", " mamba2 "]}}"#;
        let catalog = WorkerCatalog::from_json(partial).unwrap();
        assert_eq!(catalog.vocabulary.architecture_names.iter().collect::<Vec<_>>(), ["mamba2", "zeta2"]);
        assert!(catalog.vocabulary.architecture_names.contains("ZETA2"));
        assert_eq!(catalog.vocabulary.pipeline_kinds, default_catalog().vocabulary.pipeline_kinds);
    }
}
