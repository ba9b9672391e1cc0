//! The Hub over HTTP: `/api/models` listings, `/api/models/{id}`, and the optional
//! `config.json` read that tells a safetensors model's context length.

use std::time::Duration;

use async_trait::async_trait;
use compat_core::WeightFormat;
use futures::future::Either;
use futures::{FutureExt as _, StreamExt};
use model_source::{
    BodyKind, HeaderRead, HttpClient, HttpConfig, HttpResponse, ItemProblem, ModelRecord, ModelSource, Page,
    RemoteHeader, Secret, SourceError, Url,
};
use serde_json::Value;

use crate::extract::{context_length_from_config, extract_metadata};
use crate::inspect::{Inspect, InspectTarget, Inspection, inspection_targets, resolve_url, revision};
use crate::query::HfQuery;
use crate::record::HfModelRecord;

/// The public Hub.
pub const DEFAULT_ENDPOINT: &str = "https://huggingface.co";

/// Exactly the fields a verdict and the marketplace's display need.
pub const EXPAND_FIELDS: &[&str] = &[
    "config",
    "gguf",
    "safetensors",
    "siblings",
    "tags",
    "pipeline_tag",
    "library_name",
    "gated",
    "private",
    "disabled",
    "downloads",
    "likes",
    "lastModified",
    "createdAt",
    "cardData",
];

/// How to reach the Hub. `Debug` never shows the token (a [`Secret`]).
#[derive(Debug, Clone)]
pub struct HuggingFaceOptions {
    /// Else `HF_ENDPOINT`, else [`DEFAULT_ENDPOINT`].
    pub endpoint: Option<String>,
    /// Else `HF_TOKEN`. Sent as a Bearer token to the endpoint's host only. `Some` of an
    /// empty token sends none and does not read the environment.
    pub token: Option<Secret>,
    pub http: HttpConfig,
    /// Read `config.json` of listed safetensors models to learn their context length.
    pub enrich_listings: bool,
    /// Concurrent `config.json` reads when enriching a page (at least 1).
    pub enrich_concurrency: usize,
    /// Time all `config.json` reads of one call may take together, from the first
    /// ([`DEFAULT_ENRICH_BUDGET`] when `None`). Models not enriched by then are judged
    /// without `config.json`, with a note: a hanging Hub costs seconds, never hours.
    pub enrich_budget: Option<Duration>,
    /// Weight file headers to read for each listed model (default [`Inspect::Off`]). Read only
    /// with the crate's `inspect` feature (on by default).
    pub inspect_listings: Inspect,
    /// Weight file headers to read for one model ([`ModelSource::get_model`]; default
    /// [`Inspect::Auto`]: the recommended file when the record leaves the verdict uncertain).
    pub inspect_model: Inspect,
    /// Files read at once, over all models of one call (at least 1; default 4).
    pub inspect_concurrency: usize,
    /// Time all header reads of one call may take together ([`DEFAULT_INSPECT_BUDGET`] when
    /// `None`); files not read by then get a note. The bytes per file are capped by
    /// `http.body_limits.header_range`.
    pub inspect_budget: Option<Duration>,
    /// Also read the dimensions the memory model needs (judging on a device): the
    /// `config.json` of every model whose architecture a worker knows, or, for a GGUF
    /// repository without one, that of the model it quantizes. Listings read it only when
    /// `enrich_listings` is on as well.
    pub memory_facts: bool,
}

impl Default for HuggingFaceOptions {
    fn default() -> Self {
        Self {
            endpoint: None,
            token: None,
            http: HttpConfig::default(),
            enrich_listings: false,
            enrich_concurrency: 0,
            enrich_budget: None,
            inspect_listings: Inspect::Off,
            inspect_model: Inspect::Auto,
            inspect_concurrency: DEFAULT_INSPECT_CONCURRENCY,
            inspect_budget: None,
            memory_facts: false,
        }
    }
}

/// The default [`HuggingFaceOptions::enrich_budget`].
pub const DEFAULT_ENRICH_BUDGET: Duration = Duration::from_secs(20);

/// The default [`HuggingFaceOptions::inspect_concurrency`]: a few files at once, as the Hub's
/// CDN serves them in parallel without a rate limit of its own worth hitting.
pub const DEFAULT_INSPECT_CONCURRENCY: usize = 4;

/// The default [`HuggingFaceOptions::inspect_budget`].
pub const DEFAULT_INSPECT_BUDGET: Duration = Duration::from_secs(20);

/// The HuggingFace Hub as a [`ModelSource`].
#[derive(Debug, Clone)]
pub struct HuggingFaceSource {
    http: HttpClient,
    endpoint: Url,
    enrich_listings: bool,
    enrich_concurrency: usize,
    enrich_budget: Duration,
    // Read by listings and `get_model` only with the `inspect` feature.
    #[cfg_attr(not(feature = "inspect"), allow(dead_code))]
    inspect_listings: Inspect,
    #[cfg_attr(not(feature = "inspect"), allow(dead_code))]
    inspect_model: Inspect,
    inspect_concurrency: usize,
    inspect_budget: Duration,
    memory_facts: bool,
}

/// The deadline of one call's enrichment or header reads, shared by all of them.
type Budget = futures::future::Shared<Timer>;
#[cfg(not(target_arch = "wasm32"))]
type Timer = futures::future::BoxFuture<'static, ()>;
// The host's timers are not `Send`; neither is anything on wasm32.
#[cfg(target_arch = "wasm32")]
type Timer = futures::future::LocalBoxFuture<'static, ()>;

impl HuggingFaceSource {
    pub fn new(options: HuggingFaceOptions) -> Result<Self, SourceError> {
        let endpoint = model_source::base_url(options.endpoint.as_deref(), Some("HF_ENDPOINT"), DEFAULT_ENDPOINT)?;
        let token = Secret::from_option_or_env(options.token.as_ref().map(Secret::expose), "HF_TOKEN");
        Ok(Self {
            http: HttpClient::new(options.http, token, hub_error_message)?,
            endpoint,
            enrich_listings: options.enrich_listings,
            enrich_concurrency: options.enrich_concurrency.max(1),
            enrich_budget: options.enrich_budget.unwrap_or(DEFAULT_ENRICH_BUDGET),
            inspect_listings: options.inspect_listings,
            inspect_model: options.inspect_model,
            inspect_concurrency: options.inspect_concurrency.max(1),
            inspect_budget: options.inspect_budget.unwrap_or(DEFAULT_INSPECT_BUDGET),
            memory_facts: options.memory_facts,
        })
    }

    pub fn endpoint(&self) -> &Url {
        &self.endpoint
    }

    fn url(&self, path: &str) -> Url {
        model_source::join_path(&self.endpoint, path)
    }

    /// The first page's URL for `query`.
    pub fn list_url(&self, query: &HfQuery) -> Result<Url, SourceError> {
        query.validate()?;
        let mut url = self.url("/api/models");
        let pairs = query.pairs();
        let expand = EXPAND_FIELDS.iter().map(|field| ("expand[]", *field));
        url.set_query(Some(&model_source::encode_query(pairs.iter().map(|(k, v)| (*k, v.as_str())).chain(expand))));
        Ok(url)
    }

    /// The next page's URL from a `Link` header; it must stay on the endpoint's host.
    fn next_url(&self, response: &HttpResponse) -> Result<Option<Url>, SourceError> {
        let Some(link) = response.header("link") else { return Ok(None) };
        let Some(next) = next_link(link) else { return Ok(None) };
        let next = response.url.join(next).map_err(|e| SourceError::Pagination {
            url: response.url.to_string(),
            message: format!("unusable next link `{next}`: {e}"),
        })?;
        if next.origin() != self.endpoint.origin() {
            return Err(SourceError::Pagination {
                url: response.url.to_string(),
                message: format!("next link points to another host: {}", next.origin().ascii_serialization()),
            });
        }
        // Credentials in a URL would be sent as Basic auth by the HTTP stack: a server does
        // not get to choose them.
        if !next.username().is_empty() || next.password().is_some() {
            return Err(SourceError::Pagination {
                url: response.url.to_string(),
                message: "next link carries user credentials (user:password@)".into(),
            });
        }
        Ok(Some(next))
    }

    /// The record as the marketplace shows it.
    fn model_record(&self, record: &HfModelRecord, mut metadata: compat_core::ModelMetadata) -> ModelRecord {
        if metadata.id.is_empty() {
            metadata.id = record.repo_id().unwrap_or_default().to_owned();
        }
        crate::entry::model_record(record, metadata, &self.endpoint)
    }

    /// Whose `config.json` describes a listed model that names an architecture: a
    /// safetensors repository's own (for the context length the record did not state, or the
    /// dimensions); a GGUF repository's own, else the model it quantizes (quantizing keeps
    /// every dimension), for the dimensions only.
    fn config_repo(record: &HfModelRecord, metadata: &compat_core::ModelMetadata) -> Option<ConfigRepo> {
        // Sources hold no catalog: whether the model names an architecture (stated, or
        // read from its tags or name) is read with the default vocabulary.
        compat_core::default_catalog().architecture_of(metadata)?;
        let id = record.repo_id()?;
        if metadata.formats.contains(&WeightFormat::Safetensors) {
            return Some(ConfigRepo { repo: id.to_owned(), context: metadata.context_length.is_none() });
        }
        if !metadata.formats.contains(&WeightFormat::Gguf) {
            return None;
        }
        let own = record.siblings.iter().flatten().any(|s| s.rfilename == "config.json");
        let repo = if own { id } else { quantized_base(record)? };
        Some(ConfigRepo { repo: validate_id(repo).ok()?.to_owned(), context: false })
    }

    /// A record read from a body, with the repository to enrich it from (see
    /// [`config_repo`](Self::config_repo)) and the revision to read its files' headers at:
    /// what the client's cache keeps beside the body.
    fn read_record(&self, record: &HfModelRecord) -> ReadRecord {
        let metadata = extract_metadata(record);
        let repo = Self::config_repo(record, &metadata);
        let revision = revision(record.sha.as_deref()).to_owned();
        (self.model_record(record, metadata), repo, revision)
    }

    /// A listing page's records, before enrichment (see [`read_record`](Self::read_record)).
    fn read_page(&self, body: &Value, response: &HttpResponse) -> Result<ReadPage, SourceError> {
        let Value::Array(items) = body else {
            return Err(SourceError::Decode {
                url: response.url.to_string(),
                context: "expected a JSON array of models".into(),
            });
        };
        let mut problems = Vec::new();
        let mut records = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let record = HfModelRecord::from_value(item);
            if record.repo_id().is_none() {
                problems.push(ItemProblem { index, id: None, error: record.notes.join("; ") + " (no model id)" });
                continue;
            }
            records.push(self.read_record(&record));
        }
        let next = self.next_url(response)?.map(String::from);
        Ok(ReadPage { records, next, problems })
    }

    /// Reads `config.json` (see [`config_repo`](Self::config_repo)) for the context length
    /// the record did not state, and for the model's dimensions when judging on a device
    /// (`memory_facts`); nothing when neither is wanted.
    /// A failed read leaves the model as it was, with a note: enrichment is a bonus.
    /// Once `budget` has run out, no read starts and a running one is dropped.
    async fn enrich(&self, config: &ConfigRepo, listed: &mut ModelRecord, budget: Budget) {
        let (metadata, notes) = (&mut listed.metadata, &mut listed.notes);
        let wants_shape = self.memory_facts && metadata.shape.is_none();
        if !config.context && !wants_shape {
            return;
        }
        let url = self.url(&format!("/{}/resolve/main/config.json", config.repo));
        // Both facts, whoever asks: the cache keeps one reading of a config.json for all.
        let read = self.read(url, BodyKind::Config, |config, _| {
            let shape = config.is_object().then(|| compat_core::ModelShape::from_config(config));
            Ok((context_length_from_config(config), shape))
        });
        let read = std::pin::pin!(read);
        let whose = if listed.id == config.repo { String::new() } else { format!(" of {}", config.repo) };
        match futures::future::select(read, budget).await {
            Either::Left((Ok((context, shape)), _)) => {
                if config.context {
                    metadata.context_length = context;
                }
                if wants_shape {
                    metadata.shape = shape;
                }
            }
            Either::Left((Err(e), _)) => notes.push(format!("config.json{whose} not read: {e}")),
            Either::Right(_) => notes.push(format!(
                "config.json{whose} not read: the enrichment budget of {:.0} s ran out; judged without it",
                self.enrich_budget.as_secs_f64()
            )),
        }
    }

    /// `read` of the JSON body of `url`. Natively through the client's
    /// [`get_json_derived`](HttpClient::get_json_derived): with a cache, what `read` made of a
    /// body is kept beside it, and a cached page is not read again. On wasm32 there is no cache,
    /// and a derived read per reader would only add code to the module.
    async fn read<T: Clone + Send + Sync + 'static>(
        &self,
        url: Url,
        kind: BodyKind,
        read: impl FnOnce(&Value, &HttpResponse) -> Result<T, SourceError>,
    ) -> Result<T, SourceError> {
        #[cfg(not(target_arch = "wasm32"))]
        return Ok(self.http.get_json_derived(url, kind, |body, response| read(&body, response)).await?.0);
        #[cfg(target_arch = "wasm32")]
        {
            let (body, response) = self.http.get_json_shared(url, kind).await?;
            read(&body, &response)
        }
    }

    /// A fresh enrichment deadline; its clock starts at the first read that waits on it.
    fn budget(&self) -> Budget {
        deadline(self.enrich_budget)
    }

    /// Fetches `id` and reads the headers of the weight files `which` selects
    /// ([`inspection_targets`]), at the commit the record describes. Per file read (each shard
    /// of a split file): its header facts with what reading them cost, or why it could not be
    /// read.
    pub async fn inspect_model(&self, id: &str, which: Inspect) -> Result<Vec<Inspection>, SourceError> {
        let (record, _) = self.detail(id).await?;
        let metadata = extract_metadata(&record);
        let targets = inspection_targets(&metadata, which);
        let repo = record.repo_id().unwrap_or(id.trim());
        Ok(self.inspect_files(repo, revision(record.sha.as_deref()), &targets).await)
    }

    /// Reads the headers of `targets`, files of `repo` at `revision` (a commit or a branch).
    pub async fn inspect_files(&self, repo: &str, revision: &str, targets: &[InspectTarget]) -> Vec<Inspection> {
        self.inspect_many(&[(repo, revision, targets)]).await.pop().unwrap_or_default()
    }

    /// The headers of several models' files: every part of every file in one stream, at most
    /// `inspect_concurrency` at once, all within one `inspect_budget`. Per model, one
    /// inspection per part, in the order given.
    async fn inspect_many(&self, models: &[(&str, &str, &[InspectTarget])]) -> Vec<Vec<Inspection>> {
        let budget = deadline(self.inspect_budget);
        // Owned, so that the stream's closures take no references (a future that must be
        // `Send` cannot hold closures generic over lifetimes).
        let mut parts: Vec<(String, String, String)> = Vec::new();
        for &(repo, revision, targets) in models {
            for part in targets.iter().flat_map(|t| &t.parts) {
                parts.push((repo.to_owned(), revision.to_owned(), part.clone()));
            }
        }
        let read: Vec<Inspection> = futures::stream::iter(parts)
            .map(|(repo, revision, file)| {
                let budget = budget.clone();
                async move {
                    let result = self.read_part(&repo, &revision, &file, budget).await;
                    let result = result.map(|RemoteHeader { facts, requests, bytes_read, .. }| HeaderRead {
                        file: file.clone(),
                        facts,
                        requests,
                        bytes_read,
                    });
                    Inspection { file, result }
                }
            })
            .buffered(self.inspect_concurrency)
            .collect()
            .await;
        let mut read = read.into_iter();
        models
            .iter()
            .map(|(_, _, targets)| {
                let parts = targets.iter().map(|t| t.parts.len()).fold(0usize, usize::saturating_add);
                read.by_ref().take(parts).collect()
            })
            .collect()
    }

    async fn read_part(
        &self,
        repo: &str,
        revision: &str,
        file: &str,
        budget: Budget,
    ) -> Result<RemoteHeader, SourceError> {
        let url = resolve_url(&self.endpoint, repo, revision, file)?;
        let read = std::pin::pin!(self.http.read_header(url.clone(), model_source::first_read_for(file)));
        match futures::future::select(read, budget).await {
            Either::Left((result, _)) => result,
            Either::Right(_) => Err(SourceError::Transport {
                url: url.to_string(),
                message: format!("the header-reading budget of {:.0} s ran out", self.inspect_budget.as_secs_f64()),
                timeout: true,
                source: None,
            }),
        }
    }

    /// Reads the headers `which` selects for each of `records` (read at `revisions`) and keeps
    /// them on the records. Only with the `inspect` feature: an await that is never reached
    /// still keeps its future's code in the build, a `cfg` removes it.
    #[cfg(feature = "inspect")]
    async fn inspect_records(&self, records: &mut [ModelRecord], revisions: &[String], which: Inspect) {
        if which == Inspect::Off {
            return;
        }
        let targets: Vec<Vec<InspectTarget>> = records.iter().map(|r| inspection_targets(&r.metadata, which)).collect();
        let models: Vec<(&str, &str, &[InspectTarget])> = records
            .iter()
            .zip(revisions)
            .zip(&targets)
            .map(|((r, rev), t)| (r.id.as_str(), rev.as_str(), t.as_slice()))
            .collect();
        let found = self.inspect_many(&models).await;
        for (record, inspections) in records.iter_mut().zip(found) {
            crate::inspect::keep_headers(record, inspections);
        }
    }

    /// `/api/models/{id}`: the record as read, and the response.
    async fn detail(&self, id: &str) -> Result<(HfModelRecord, HttpResponse), SourceError> {
        let id = validate_id(id)?;
        let (body, response) =
            self.http.get_json_shared(self.url(&format!("/api/models/{id}")), BodyKind::Page).await?;
        if !body.is_object() {
            return Err(SourceError::Decode {
                url: response.url.to_string(),
                context: "expected a model object".into(),
            });
        }
        Ok((HfModelRecord::from_value(&body), response))
    }
}

/// A deadline for one call; its clock starts at the first read that waits on it.
fn deadline(duration: Duration) -> Budget {
    let sleep: Timer = Box::pin(model_source::sleep(duration));
    sleep.shared()
}

/// The model a GGUF repository quantizes: its card's `base_model` when the relation is
/// `quantized`, else a `base_model:quantized:<id>` tag.
fn quantized_base(record: &HfModelRecord) -> Option<&str> {
    let card = record.card_data.as_ref();
    let stated = card
        .filter(|c| c.base_model_relation.as_deref().is_some_and(|r| r.eq_ignore_ascii_case("quantized")))
        .and_then(|c| c.base_model.first())
        .map(String::as_str);
    stated.or_else(|| record.tags.iter().find_map(|t| t.strip_prefix("base_model:quantized:")))
}

/// Whose `config.json` to read for a listed model, and whether for its context length.
#[derive(Debug, Clone)]
struct ConfigRepo {
    repo: String,
    /// The record did not state the context length (a safetensors model).
    context: bool,
}

/// A record as read from its body, before enrichment: the record, whose `config.json` may
/// tell its context or dimensions, the revision of its files.
type ReadRecord = (ModelRecord, Option<ConfigRepo>, String);

/// A listing page as read from its body, before enrichment.
#[derive(Clone)]
struct ReadPage {
    records: Vec<ReadRecord>,
    next: Option<String>,
    problems: Vec<ItemProblem>,
}

/// The `<url>` of the `rel="next"` part of a `Link` header.
fn next_link(header: &str) -> Option<&str> {
    header.split(',').find_map(|part| {
        let (target, params) = part.trim().split_once(';')?;
        let is_next = params.split(';').any(|p| {
            let p = p.trim();
            p.eq_ignore_ascii_case("rel=\"next\"") || p.eq_ignore_ascii_case("rel=next")
        });
        is_next.then(|| target.trim().trim_start_matches('<').trim_end_matches('>'))
    })
}

/// The Hub's error bodies are `{"error": "..."}`.
fn hub_error_message(body: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(body).ok()?;
    value.get("error")?.as_str().map(str::to_owned)
}

/// A model id the Hub could hold: `name` or `owner/name`, no traversal, no query.
fn validate_id(id: &str) -> Result<&str, SourceError> {
    let id = id.trim();
    let ok = !id.is_empty()
        && id.len() <= 200
        && id.split('/').count() <= 2
        && id.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
        && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
    if ok { Ok(id) } else { Err(SourceError::InvalidQuery(format!("`{id}` is not a HuggingFace model id"))) }
}

#[cfg_attr(not(target_arch = "wasm32"), async_trait)]
#[cfg_attr(target_arch = "wasm32", async_trait(?Send))]
impl ModelSource for HuggingFaceSource {
    type Query = HfQuery;

    fn name(&self) -> &'static str {
        "huggingface"
    }

    async fn list_page(&self, query: &HfQuery, cursor: Option<&str>) -> Result<Page, SourceError> {
        let url = match cursor {
            // The cursor is the Hub's own next URL, passed back unchanged.
            Some(next) => {
                let url = Url::parse(next)
                    .map_err(|e| SourceError::InvalidQuery(format!("cursor is not a next-page URL: {e}")))?;
                if url.origin() != self.endpoint.origin() {
                    return Err(SourceError::InvalidQuery("cursor points to another host".into()));
                }
                if !url.username().is_empty() || url.password().is_some() {
                    return Err(SourceError::InvalidQuery("cursor carries user credentials".into()));
                }
                url
            }
            None => self.list_url(query)?,
        };
        // From the client's cache, the records as read the first time: no parsing or reading again.
        let page = self.read(url, BodyKind::Page, |body, response| self.read_page(body, response)).await?;
        let budget = self.budget();
        #[cfg(feature = "inspect")]
        let revisions: Vec<String> = page.records.iter().map(|(_, _, revision)| revision.clone()).collect();
        #[cfg_attr(not(feature = "inspect"), allow(unused_mut))]
        let mut records: Vec<ModelRecord> = futures::stream::iter(page.records)
            .map(|(mut listed, repo, _)| {
                let budget = budget.clone();
                async move {
                    if let (true, Some(repo)) = (self.enrich_listings, repo) {
                        self.enrich(&repo, &mut listed, budget).await;
                    }
                    listed
                }
            })
            .buffered(self.enrich_concurrency)
            .collect()
            .await;
        #[cfg(feature = "inspect")]
        self.inspect_records(&mut records, &revisions, self.inspect_listings).await;
        Ok(Page { records, next: page.next, problems: page.problems })
    }

    async fn get_model(&self, id: &str) -> Result<ModelRecord, SourceError> {
        let id = validate_id(id)?;
        let url = self.url(&format!("/api/models/{id}"));
        let (mut listed, repo, _revision) = self
            .read(url, BodyKind::Page, |body, response| {
                if !body.is_object() {
                    return Err(SourceError::Decode {
                        url: response.url.to_string(),
                        context: "expected a model object".into(),
                    });
                }
                Ok(self.read_record(&HfModelRecord::from_value(body)))
            })
            .await?;
        if let Some(repo) = repo {
            self.enrich(&repo, &mut listed, self.budget()).await;
        }
        #[cfg(feature = "inspect")]
        self.inspect_records(std::slice::from_mut(&mut listed), std::slice::from_ref(&_revision), self.inspect_model)
            .await;
        Ok(listed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_next_link() {
        let real = "<https://huggingface.co/api/models?search=qwen3.8&limit=2&filter=gguf&cursor=eyIkb3Ii%3D%3D>; rel=\"next\"";
        assert_eq!(
            next_link(real),
            Some("https://huggingface.co/api/models?search=qwen3.8&limit=2&filter=gguf&cursor=eyIkb3Ii%3D%3D")
        );
        assert_eq!(next_link("<https://x/a>; rel=\"prev\""), None);
        assert_eq!(next_link("<https://x/p>; rel=\"prev\", <https://x/n>; rel=\"next\""), Some("https://x/n"));
    }

    #[test]
    fn ids_are_validated() {
        for ok in ["gpt2", "meta-llama/Llama-3.1-8B-Instruct", "Qwen/Qwen2.5-1.5B-Instruct"] {
            assert!(validate_id(ok).is_ok(), "{ok}");
        }
        for bad in ["", "a/b/c", "../etc", "a/..", "a b", "a?x=1", "a#b"] {
            assert!(validate_id(bad).is_err(), "{bad}");
        }
    }
}
