//! A page whose title is its site's name ("ABC News", "World news - RT
//! International") says nothing of the article: the extractor found the
//! site's `<title>`, not the headline. News URLs usually carry the headline
//! as a slug (`/russian-space-experts-regain-control-1st-angola-satellite-52044233`),
//! so for matching the slug's words stand in for the title. The title
//! itself is kept as the source gave it, with a `site-title` defect.

use std::borrow::Cow;

use storyline_core::{Defect, Document};

/// The defect kind that marks a title naming the site, not the article.
pub const SITE_TITLE: &str = "site-title";

/// Host labels that name no site: the web's prefixes and top-level domains.
const GENERIC_HOST_LABELS: &[&str] = &[
    "www", "m", "amp", "edition", "mobile", "com", "org", "net", "co", "go", "gov", "uk", "us",
    "au", "ca", "in", "de", "fr", "info", "news",
];

/// The words of the URL's slug, lower-cased and joined by spaces: the last
/// path segment that reads as three or more words joined by hyphens or
/// underscores, without the numeric ids and file extensions outlets add.
pub fn url_slug(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.split(['?', '#']).next()?;
    let segments = path.split('/').skip(1); // the host comes first
    let mut best = None;
    for segment in segments {
        let stem = segment.rsplit_once('.').map_or(segment, |(stem, ext)| {
            // "story.html", "clip.cnn"; but keep "v1.2"-like stems whole.
            if ext.len() <= 5 && ext.bytes().all(|b| b.is_ascii_alphabetic()) {
                stem
            } else {
                segment
            }
        });
        let parts: Vec<&str> = stem.split(['-', '_']).filter(|p| !p.is_empty()).collect();
        let words: Vec<String> = parts
            .iter()
            .filter(|p| is_slug_word(p))
            .map(|p| p.to_ascii_lowercase())
            .collect();
        // Most of the segment must be words: "article_5a98-ea63-11e7" is
        // an id, not a headline.
        if words.len() >= 3 && words.len() * 2 >= parts.len() {
            best = Some(words.join(" "));
        }
    }
    best
}

/// A word of a slug: letters, or a short ordinal-like token ("1st", "5g").
/// Numbers alone and mixes like "ea63" or "11e7" are ids.
fn is_slug_word(part: &str) -> bool {
    let letters = part.trim_start_matches(|c: char| c.is_ascii_digit());
    !letters.is_empty()
        && letters.bytes().all(|b| b.is_ascii_alphabetic())
        && (letters.len() == part.len() || part.len() <= 4)
}

/// A `site-title` defect when `title` names the site at `url` rather than
/// the article: the title names the host ("RT" for rt.com, "ABC News" for
/// abcnews.go.com), and the URL's slug shares none of the title's words.
/// Both must hold, so a headline that happens to name its outlet ("RT
/// reporter detained") is left alone when the slug agrees with it.
pub(crate) fn site_title_defect(title: &str, url: &str) -> Option<Defect> {
    let slug = url_slug(url)?;
    let title_words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if title_words.is_empty() {
        return None;
    }
    let joined: String = title_words.concat();
    let names_host = crate::formats::url_host(url)?
        .split('.')
        .filter(|label| !label.is_empty() && !GENERIC_HOST_LABELS.contains(label))
        .any(|label| label == joined || title_words.iter().any(|w| w == label));
    let shares_a_word = slug.split(' ').any(|w| title_words.iter().any(|t| t == w));
    (names_host && !shares_a_word).then(|| {
        Defect::new(
            SITE_TITLE,
            Vec::new(),
            format!(
                "the title {title:?} names the site, not the article; matching reads the URL's words {slug:?} as its headline"
            ),
        )
    })
}

/// Whether the read stage found that the document's title names its site.
pub fn title_names_site(document: &Document) -> bool {
    document.defects.iter().any(|d| d.kind == SITE_TITLE)
}

/// The headline a document is matched by: its title, or its URL's words
/// when the title names the site (see [`site_title_defect`]).
pub fn headline(document: &Document) -> Option<Cow<'_, str>> {
    if title_names_site(document) {
        return document.url.as_deref().and_then(url_slug).map(Cow::Owned);
    }
    document.title.as_deref().map(Cow::Borrowed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_the_headline_words_of_the_path() {
        let cases = [
            (
                "http://abcnews.go.com/Technology/wireStory/russian-space-experts-regain-control-1st-angola-satellite-52044233",
                Some("russian space experts regain control 1st angola satellite"),
            ),
            (
                "https://www.rt.com/on-air/414286-angola-satellite-launch-baikonur/",
                Some("angola satellite launch baikonur"),
            ),
            (
                "http://edition.cnn.com/videos/us/2017/10/02/vegas-witness-crowd-running.cnn",
                Some("vegas witness crowd running"),
            ),
            (
                "http://www.example.com/sports/nfl/bears-fire-coach/article_5a984248-ea63-11e7-b6b4-e7a0448030c5.html",
                Some("bears fire coach"),
            ),
            (
                "https://www.npr.org/search?query=korea-missile-launch",
                None,
            ),
            ("https://example.org/2017/12/29/", None),
            ("https://example.org/a-b", None),
            ("not a url", None),
            ("", None),
        ];
        for (url, want) in cases {
            assert_eq!(url_slug(url).as_deref(), want, "{url}");
        }
    }

    #[test]
    fn a_title_naming_the_site_gives_way_to_the_slug() {
        let url = "https://www.rt.com/on-air/414286-angola-satellite-launch-baikonur/";
        assert!(site_title_defect("World news - RT International", url).is_some());
        let url = "http://abcnews.go.com/Technology/wireStory/russian-space-experts-regain-control-1st-angola-satellite-52044233";
        let defect = site_title_defect("ABC News", url).expect("site title");
        assert_eq!(defect.kind, SITE_TITLE);
        assert!(defect.detail.unwrap().contains("angola satellite"));
    }

    #[test]
    fn a_headline_is_kept_even_when_it_names_the_outlet() {
        // The slug agrees with the title: it is the headline.
        let url = "https://www.rt.com/news/rt-reporter-detained-at-border/";
        assert!(site_title_defect("RT reporter detained at border", url).is_none());
        // The title does not name the host.
        let url = "https://www.example.com/news/ferry-sinks-off-coast-of-calder/";
        assert!(site_title_defect("Élan Ferry lost off Calder’s coast", url).is_none());
        // No slug to stand in.
        assert!(site_title_defect("NPR Search : NPR", "https://www.npr.org/search").is_none());
    }

    #[test]
    fn headline_reads_the_slug_only_for_a_site_title() {
        let mut doc = Document::new(
            storyline_core::DocumentId("d".into()),
            "d.json".into(),
            storyline_core::Format::Json,
            "text".into(),
        );
        doc.title = Some("ABC News".into());
        doc.url = Some("https://abcnews.go.com/US/flood-waters-rise-in-tarrow-ford".into());
        assert_eq!(headline(&doc).as_deref(), Some("ABC News"));
        doc.defects
            .push(site_title_defect("ABC News", doc.url.as_deref().unwrap()).expect("site title"));
        assert_eq!(
            headline(&doc).as_deref(),
            Some("flood waters rise in tarrow ford")
        );
    }
}
