//! Documents as event clustering sees them (`read_documents`,
//! `clustering_terms`), and the giveme5w1h `news_cluster` set: articles with
//! their gold event.

use anyhow::Context;
use serde_json::Value;
use storyline_cluster::{ClusterDoc, DocTerms};

/// An article as event clustering sees it, with its gold `EventId`.
pub struct Article {
    pub terms: DocTerms,
    pub published: Option<i64>,
    pub event: String,
    pub title: String,
}

impl Article {
    pub fn cluster_doc(&self) -> ClusterDoc<'_> {
        ClusterDoc {
            terms: &self.terms,
            published: self.published,
        }
    }
}

/// Every document of `paths`, in input order; the first input that cannot
/// be read is an error (evaluation data must read whole).
pub fn read_documents(
    paths: &[std::path::PathBuf],
) -> anyhow::Result<Vec<storyline_core::Document>> {
    let expanded = storyline_read::expand(paths);
    let mut documents = Vec::new();
    for input in &expanded.inputs {
        for record in storyline_read::records(input) {
            documents.push(
                record
                    .and_then(storyline_read::decode)
                    .map_err(|e| anyhow::anyhow!("{e}"))?,
            );
        }
    }
    Ok(documents)
}

/// A document's clustering terms and publication time, as `storyline
/// analyze` makes them (before boilerplate is known: nothing excluded).
pub fn clustering_terms(doc: &storyline_core::Document) -> (DocTerms, Option<i64>) {
    let terms = storyline_pipeline::clustering_terms(doc, &[], false);
    let published = doc
        .published
        .as_deref()
        .and_then(storyline_read::published_seconds);
    (terms, published)
}

/// The set's directory beside the repository.
pub fn default_dir() -> anyhow::Result<std::path::PathBuf> {
    crate::shared_dir("data/giveme5w1h/news_cluster")
        .context("the shared giveme5w1h data is not there: pass its news_cluster directory")
}

/// Reads the articles as `storyline analyze` does, with their gold event.
pub fn load(dir: &std::path::Path) -> anyhow::Result<Vec<Article>> {
    let mut articles = Vec::new();
    for doc in read_documents(&[dir.to_path_buf()])? {
        let event = match doc.extra.get("newsCluster") {
            Some(Value::Object(o)) => o["EventId"].to_string(),
            Some(Value::String(s)) => {
                let at = s.find("'EventId': ").context("EventId")? + "'EventId': ".len();
                s[at..]
                    .split([',', '}'])
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_string()
            }
            _ => anyhow::bail!("{}: no newsCluster", doc.source),
        };
        let (terms, published) = clustering_terms(&doc);
        articles.push(Article {
            terms,
            published,
            event,
            title: doc
                .title
                .as_deref()
                .map(|t| storyline_text::normalize(t).text().to_string())
                .unwrap_or_default(),
        });
    }
    Ok(articles)
}
