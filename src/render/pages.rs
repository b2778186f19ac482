//! HTML pages: home, one per incident, taxonomy lists and term pages, 404.

use super::assets::{join_relative, ContentAsset, ASSET_DIR};
use super::highlight::Styled;
use super::markdown::render_markdown_styled;
use super::memo::{may_link, Key, Shown};
use super::templates::template_error;
use super::{RenderError, Sink};
use crate::analyze::SiteModel;
use crate::extract::{Field, Incident, Origin, Provenance, CARD_FACTS as SHOWN_FACTS};
use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use tera::{Context, Tera};

pub(super) fn render_pages(
    model: &SiteModel,
    tera: &Tera,
    (salt, shown, styled): (&Key, &Shown, &Styled),
    assets: &[ContentAsset],
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    // Pages of one incident, term pages (and the 404) do not list every incident: no
    // site-wide counts, so a new postmortem leaves them (and their keys) as they were.
    let (single, single_key) = keyed_context(model, salt, false);
    let (home_ctx, home_key) = keyed_context(model, salt, true);
    let actions = model.actions.counts_by_incident();
    let mut laps = crate::timing::Laps::start("pages");
    let summary_keys = summary_keys(model, &actions);
    let rows: Vec<Row> = summary_keys
        .iter()
        .map(|&key| Row {
            key,
            tera: std::sync::OnceLock::new(),
        })
        .collect();
    let lists = Lists {
        model,
        actions: &actions,
        tera,
        rows: &rows,
        sink,
    };
    let everyone: Vec<usize> = (0..model.incidents.len()).collect();
    laps.lap("rows");
    lists.render(("index.html", &home_ctx, &home_key), "", &everyone)?;
    laps.lap("home");
    render_taxonomies(model, tera, (&single, &single_key), &lists, sink)?;
    laps.lap("taxonomies");
    // Every list is rendered: its cached rows (one per incident) go before the incident pages,
    // which never read them.
    drop(rows);
    crate::memory::release_freed();
    let links = LinkTargets::new(model, assets);
    let page = IncidentPage {
        model,
        actions: &actions,
        summary_keys: &summary_keys,
        tera,
        base: (&single, &single_key),
        shown,
        links: &links,
        links_key: links.key(),
        styled_key: styled_key(styled),
        styled,
    };
    (0..model.incidents.len())
        .into_par_iter()
        .try_for_each(|idx| page.render(idx, sink))?;
    laps.lap("incidents");
    let key = single_key.clone().add(b"404.html").finish();
    if sink.reuse("404.html", key)? {
        return Ok(());
    }
    let html = render(tera, "404.html", &single)?;
    sink.write_keyed("404.html", html.as_bytes(), key)
}

/// The base context of a page (with the site's incident count or not) and the key of its data.
pub(super) fn keyed_context(model: &SiteModel, salt: &Key, with_count: bool) -> (Context, Key) {
    let mut ctx = base_context(model);
    let site = site_view(model, with_count);
    ctx.insert("site", &site);
    let mut key = salt.clone();
    key.add_json(&site)
        .add_json(&model.config.base_path())
        .add_json(&taxonomy_nav(model));
    (ctx, key)
}

/// Where a postmortem's relative links go: another postmortem (by relative path, or by file
/// name when it is unique) or a file beside it that the build copies.
struct LinkTargets<'a> {
    base_path: String,
    by_rel: HashMap<&'a str, String>,
    by_file: HashMap<String, Option<String>>,
    assets: HashSet<&'a str>,
}

impl<'a> LinkTargets<'a> {
    fn new(model: &'a SiteModel, assets: &'a [ContentAsset]) -> Self {
        let base_path = model.config.base_path();
        let mut by_file: HashMap<String, Option<String>> = HashMap::new();
        let mut by_rel: HashMap<&str, String> = HashMap::new();
        for inc in &model.incidents {
            let name = inc
                .rel_path
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string();
            let url = format!("{base_path}{}", inc.page_path());
            by_rel.insert(inc.rel_path.as_str(), url.clone());
            by_file
                .entry(name)
                .and_modify(|u| *u = None)
                .or_insert(Some(url));
        }
        LinkTargets {
            base_path,
            by_rel,
            by_file,
            assets: assets.iter().map(|a| a.rel.as_str()).collect(),
        }
    }

    /// A key of every target a link may resolve to (for the pages whose bodies have links).
    fn key(&self) -> u128 {
        let mut rel: Vec<_> = self.by_rel.iter().collect();
        rel.sort();
        let mut file: Vec<_> = self.by_file.iter().collect();
        file.sort();
        let mut assets: Vec<_> = self.assets.iter().collect();
        assets.sort();
        Key::salt(&Default::default())
            .add_json(&(&self.base_path, rel, file, assets))
            .finish()
    }

    /// The URL of `target`, linked from a postmortem in `doc_dir`.
    fn resolve(&self, doc_dir: &str, target: &str) -> Option<String> {
        let path = target.split('?').next().unwrap_or(target);
        let file = path.rsplit('/').next().unwrap_or(path);
        let rel = join_relative(doc_dir, path);
        if crate::load::is_markdown(std::path::Path::new(file)) {
            let exact = rel.as_deref().and_then(|r| self.by_rel.get(r)).cloned();
            return exact.or_else(|| self.by_file.get(file).cloned().flatten());
        }
        let rel = rel?;
        self.assets
            .contains(rel.as_str())
            .then(|| format!("{}{ASSET_DIR}/{rel}", self.base_path))
    }
}

/// Open and all action items by incident slug ([`crate::analyze::actions::ActionList`]).
type ActionCounts<'a> = HashMap<&'a str, (usize, usize)>;

/// The pages of the incidents at `which` (positions in `model.incidents`) alone, rendered as
/// a whole build would render them (`serve` shows an edited postmortem this way first).
pub(super) fn render_incident_pages(
    model: &SiteModel,
    tera: &Tera,
    (salt, shown, styled): (&Key, &Shown, &Styled),
    assets: &[ContentAsset],
    which: &[usize],
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    let (single, single_key) = keyed_context(model, salt, false);
    let actions = model.actions.counts_by_incident();
    let links = LinkTargets::new(model, assets);
    let page = IncidentPage {
        model,
        actions: &actions,
        summary_keys: &summary_keys(model, &actions),
        tera,
        base: (&single, &single_key),
        shown,
        links: &links,
        links_key: links.key(),
        styled_key: styled_key(styled),
        styled,
    };
    which.iter().try_for_each(|&idx| page.render(idx, sink))
}

/// What every incident's page is rendered with.
struct IncidentPage<'a> {
    model: &'a SiteModel,
    actions: &'a ActionCounts<'a>,
    /// Per incident: the key of its [`incident_summary`].
    summary_keys: &'a [u128],
    tera: &'a Tera,
    base: (&'a Context, &'a Key),
    shown: &'a Shown,
    links: &'a LinkTargets<'a>,
    links_key: u128,
    /// The key of `styled`, made once rather than once a page.
    styled_key: u128,
    /// The highlighting classes the theme's stylesheets style.
    styled: &'a Styled,
}

/// The key of the highlighting classes that code blocks keep (part of every incident page's).
fn styled_key(styled: &Styled) -> u128 {
    Key::salt(&Default::default())
        .add_json(&styled.selectors())
        .finish()
}

impl IncidentPage<'_> {
    /// The page of `model.incidents[idx]`, reused from the previous build when its key matches.
    fn render(&self, idx: usize, sink: &dyn Sink) -> Result<(), RenderError> {
        let (model, inc) = (self.model, &self.model.incidents[idx]);
        let similar = super::search_page::similar_view(model, idx, self.shown);
        let mut key = self.base.1.clone();
        key.add(b"incident.html")
            .add_key(self.summary_keys[idx])
            .add_key(self.styled_key)
            .add_json(&similar)
            .add(inc.rel_path.as_bytes())
            .add(inc.body.as_bytes());
        if may_link(&inc.body) {
            key.add_key(self.links_key);
        }
        let (path, key) = (inc.page_file(), key.finish());
        if sink.reuse(&path, key)? {
            return Ok(());
        }
        let mut view = incident_summary(model, self.actions, inc);
        view["similar"] = similar;
        let doc_dir = inc.rel_path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let resolve = |target: &str| self.links.resolve(doc_dir, target);
        view["content"] = Value::String(render_markdown_styled(&inc.body, &resolve, self.styled));
        let mut ctx = self.base.0.clone();
        ctx.insert("incident", &view);
        let html =
            render(self.tera, "incident.html", &ctx).map_err(|e| e.for_postmortem(&inc.source))?;
        sink.write_keyed(&path, html.as_bytes(), key)
    }
}

/// Each taxonomy's list of terms, and each term's page of incidents with its small trend.
fn render_taxonomies(
    model: &SiteModel,
    tera: &Tera,
    (lists_ctx, lists_key): (&Context, &Key),
    lists: &Lists,
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    let base_path = model.config.base_path();
    let mirrors = super::mirrors::tag_mirrors(model);
    for tax in &model.taxonomies {
        let same_as = |t: &crate::analyze::Term| mirrors.of(&tax.name, &t.slug);
        let term_view = |t: &crate::analyze::Term| {
            let same_as = same_as(t).map(
                |o| json!({"label": o.label, "url": format!("{base_path}{}/{}/", o.name, t.slug)}),
            );
            json!({
                "slug": t.slug,
                "count": t.incidents.len(),
                "url": format!("{base_path}{}/{}/", tax.name, t.slug),
                "same_as": same_as,
            })
        };
        let terms: Vec<Value> = tax.terms.iter().map(term_view).collect();
        let tax_view = json!({
            "name": tax.name,
            "label": tax.label,
            "url": format!("{base_path}{}/", tax.name),
        });
        let path = format!("{}/index.html", tax.name);
        let mut key = lists_key.clone();
        key.add(b"taxonomy_list.html")
            .add_json(&tax_view)
            .add_json(&terms);
        let key = key.finish();
        if !sink.reuse(&path, key)? {
            let mut ctx = lists_ctx.clone();
            ctx.insert("taxonomy", &tax_view);
            ctx.insert("terms", &terms);
            let html = render(tera, "taxonomy_list.html", &ctx)?;
            sink.write_keyed(&path, html.as_bytes(), key)?;
        }
        tax.terms.par_iter().try_for_each(|term| {
            let mut ctx = lists_ctx.clone();
            let (term_json, trend) = (
                term_view(term),
                super::trends::term_view(model, &tax.name, &term.slug),
            );
            ctx.insert("taxonomy", &tax_view);
            ctx.insert("term", &term_json);
            ctx.insert("trend", &trend);
            let mut key = lists_key.clone();
            key.add_json(&tax_view)
                .add_json(&term_json)
                .add_json(&trend);
            // A tag repeating another list gets one page naming it (see `mirrors`).
            let listed: &[usize] = if same_as(term).is_some() {
                &[]
            } else {
                &term.incidents
            };
            lists.render(
                ("taxonomy_term.html", &ctx, &key),
                &format!("{}/{}/", tax.name, term.slug),
                listed,
            )
        })?;
    }
    Ok(())
}

/// Number of pages a list of `count` incidents takes at `per_page` a page (`0`: all on one).
pub fn paginate(count: usize, per_page: usize) -> usize {
    if per_page == 0 {
        1
    } else {
        count.div_ceil(per_page).max(1)
    }
}

/// The folder of page `n` of the list at `section` (site-relative, `""` or `tags/dns/`).
pub fn page_folder(section: &str, n: usize) -> String {
    if n <= 1 {
        section.to_string()
    } else {
        format!("{section}page/{n}/")
    }
}

/// Renders the list of `ids` (incidents in site order) at `section`, `per_page` to a page:
/// page 1 at `section`, page N at `section/page/N/`, and `section/page/1/` sending readers to
/// page 1. Templates get this page's `incidents` and a `paginator`.
/// One incident's row of the lists, with the key of what it is made from. It is made (once,
/// though it appears in several lists) only when a page listing it is rendered.
struct Row {
    key: u128,
    tera: std::sync::OnceLock<tera::Value>,
}

/// What rendering the paginated lists needs.
struct Lists<'a> {
    model: &'a SiteModel,
    actions: &'a ActionCounts<'a>,
    tera: &'a Tera,
    /// Every incident's row, in site order, with the key of its data.
    rows: &'a [Row],
    sink: &'a dyn Sink,
}

impl Lists<'_> {
    fn render(
        &self,
        (template, ctx, ctx_key): (&str, &Context, &Key),
        section: &str,
        ids: &[usize],
    ) -> Result<(), RenderError> {
        let Lists {
            model,
            actions,
            tera,
            rows,
            sink,
        } = *self;
        let row = |i: usize| {
            rows[i].tera.get_or_init(|| {
                tera::Value::from_serializable(&incident_row(model, actions, &model.incidents[i]))
            })
        };
        let per_page = model.config.paginate_by;
        let base_path = model.config.base_path();
        let pages = paginate(ids.len(), per_page);
        let size = if per_page == 0 {
            ids.len().max(1)
        } else {
            per_page
        };
        let url = |n: usize| format!("{base_path}{}", page_folder(section, n));
        let pagers: Vec<Value> = (1..=pages)
            .map(|n| json!({"index": n, "url": url(n)}))
            .collect();
        (1..=pages).into_par_iter().try_for_each(|n| {
            let on_page = ids.iter().skip((n - 1) * size).take(size);
            let paginator = json!({
                    "paginate_by": per_page,
                    "current_index": n,
                    "number_pagers": pages,
                    "total_items": ids.len(),
                    "first": url(1),
                    "last": url(pages),
                    "previous": (n > 1).then(|| url(n - 1)),
                    "next": (n < pages).then(|| url(n + 1)),
                    "pagers": pagers,
            });
            let path = format!("{}index.html", page_folder(section, n));
            let mut key = ctx_key.clone();
            key.add(template.as_bytes()).add_json(&paginator);
            for &i in on_page.clone() {
                key.add_key(rows[i].key);
            }
            let key = key.finish();
            if sink.reuse(&path, key)? {
                return Ok(());
            }
            let page: Vec<tera::Value> = on_page.map(|&i| row(i).clone()).collect();
            let mut ctx = ctx.clone();
            ctx.insert_value("incidents", tera::Value::from(page));
            ctx.insert("paginator", &paginator);
            let html = render(tera, template, &ctx)?;
            sink.write_keyed(&path, html.as_bytes(), key)
        })?;
        if pages > 1 {
            sink.write(
                &format!("{section}page/1/index.html"),
                redirect_page(&url(1)).as_bytes(),
            )?;
        }
        Ok(())
    }
}

/// A page that sends the reader (and search engines) to `url`.
fn redirect_page(url: &str) -> String {
    let url = super::feeds::xml(url);
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Redirect</title><link rel=\"canonical\" href=\"{url}\"><meta http-equiv=\"refresh\" content=\"0; url={url}\"></head><body><a href=\"{url}\">{url}</a></body></html>\n"
    )
}

fn render(tera: &Tera, template: &str, ctx: &Context) -> Result<String, RenderError> {
    tera.render(template, ctx)
        .map_err(|e| template_error(template, e))
}

/// `site` as templates see it. The incident count only on pages that list every incident
/// anyway, so adding a postmortem does not change every other incident's page.
fn site_view(model: &SiteModel, with_count: bool) -> Value {
    let c = &model.config;
    let mut v = json!({
        "title": c.title,
        "description": c.description,
        "base_url": c.base_url,
        "base_path": c.base_path(),
        "extra": c.extra,
        "language": c.language.as_deref().unwrap_or("en"),
    });
    if with_count {
        v["incident_count"] = json!(model.incidents.len());
    }
    v
}

/// What every page of the whole site's kind (lists, trends, search) gets.
pub(super) fn base_context(model: &SiteModel) -> Context {
    let c = &model.config;
    let mut ctx = Context::new();
    ctx.insert("site", &site_view(model, true));
    ctx.insert("base_path", &c.base_path());
    ctx.insert("taxonomies", &taxonomy_nav(model));
    ctx
}

/// The taxonomies as the navigation lists them.
fn taxonomy_nav(model: &SiteModel) -> Vec<Value> {
    let base_path = model.config.base_path();
    model
        .taxonomies
        .iter()
        .map(
            |t| json!({"name": t.name, "label": t.label, "url": format!("{base_path}{}/", t.name)}),
        )
        .collect()
}

/// Facts the summary card can show (every fact but the escalation and the long lists); each
/// gets an `extracted` flag and a provenance note even when unknown.
fn card_fields() -> impl Iterator<Item = Field> {
    Field::ALL
        .into_iter()
        .filter(|f| !matches!(f, Field::Escalation | Field::Timeline | Field::ActionItems))
}

/// The short mark shown next to an extracted fact; None for front matter.
fn provenance_label(p: &Provenance) -> Option<&'static str> {
    if !p.is_extracted() {
        return None;
    }
    Some(match p.from {
        Origin::Derived => "worked out",
        Origin::FileName => "from file name",
        _ => "from text",
    })
}

/// A reader-facing sentence saying where an extracted fact came from; None for front matter.
/// Short: it is on every mark of every page, and the card's legend says the rest once (read
/// from the text rather than declared in front matter; check it against the text).
/// The section under the title heading is named as such, not by the (long) title again.
fn provenance_note(p: &Provenance, title: &str) -> Option<String> {
    if !p.is_extracted() {
        return None;
    }
    let under_title = |s: &str| s == title;
    let place = match (p.from, &p.section, p.line) {
        (Origin::Section, Some(s), Some(l)) if under_title(s) => {
            format!("the text under the title, line {l}")
        }
        (Origin::Section, Some(s), None) if under_title(s) => "the text under the title".into(),
        (Origin::Section, Some(s), Some(l)) => format!("the \u{201c}{s}\u{201d} section, line {l}"),
        (Origin::Section, Some(s), None) => format!("the \u{201c}{s}\u{201d} section"),
        (Origin::FileName, _, _) => "the file name".to_string(),
        (Origin::Title, _, Some(l)) => format!("the first heading, line {l}"),
        (Origin::Derived, _, _) => {
            return Some("Worked out from other facts (e.g. end minus start).".into())
        }
        (_, _, Some(l)) => format!("the text, line {l}"),
        _ => "the text".to_string(),
    };
    Some(format!("Read from {place}."))
}

/// Fields of the model that only an incident's own page shows: long lists, left out of the
/// rows of the lists so a list page's data stays small.
const PAGE_ONLY: &[&str] = &[
    "timeline",
    "action_items",
    "sections",
    "provenance",
    "provenance_note",
    "diagnostics",
    "placeholders",
    "categories",
    "lessons",
    "misleading_paths",
];

/// Per incident (site order): the key of everything its [`incident_summary`] (and so its row)
/// is made from, worked out without making the summary.
fn summary_keys(model: &SiteModel, actions: &ActionCounts) -> Vec<u128> {
    let c = &model.config;
    let mut site = Key::salt(&Default::default());
    site.add_json(&(
        c.base_path(),
        &c.repo_url,
        &c.repo_branch,
        &model.history.prefix,
    ));
    model
        .incidents
        .par_iter()
        .map(|inc| {
            let last_changed = model.history.last_changed(&inc.source.replace('\\', "/"));
            let mut key = site.clone();
            key.add_json(inc)
                .add_json(&actions.get(inc.slug.as_str()))
                .add_json(&last_changed.map(|t| t.to_rfc3339()));
            key.finish()
        })
        .collect()
}

/// An incident as a row of the home and term pages: [`incident_summary`] without [`PAGE_ONLY`].
fn incident_row(model: &SiteModel, actions: &ActionCounts, inc: &Incident) -> Value {
    let mut v = incident_summary(model, actions, inc);
    if let Value::Object(map) = &mut v {
        for key in PAGE_ONLY {
            map.remove(*key);
        }
    }
    v
}

/// The incident as templates see it: every model field plus URLs and which facts were extracted
/// from the text rather than declared. It reads the incident, the site settings and the history
/// that [`summary_keys`] hashes, and nothing else (or the pages would be stale).
pub(super) fn incident_summary(model: &SiteModel, actions: &ActionCounts, inc: &Incident) -> Value {
    let base = model.config.base_path();
    let mut v = serde_json::to_value(inc).expect(crate::SERIALISES);
    v["url"] = Value::String(format!("{base}{}", inc.page_path()));
    v["display_title"] = Value::String(inc.display_title().to_string());
    // Every fact field is present (false / null when declared or absent) so templates can test
    // `incident.extracted.X` without tripping over undefined values.
    let mut extracted = serde_json::Map::new();
    let mut notes = serde_json::Map::new();
    let mut labels = serde_json::Map::new();
    let mut unsure = serde_json::Map::new();
    for field in card_fields() {
        extracted.insert(field.to_string(), Value::Bool(false));
        notes.insert(field.to_string(), Value::Null);
        labels.insert(field.to_string(), Value::Null);
        unsure.insert(field.to_string(), Value::Bool(false));
    }
    for (field, p) in &inc.provenance {
        let name = field.to_string();
        extracted.insert(name.clone(), Value::Bool(p.is_extracted()));
        unsure.insert(name.clone(), Value::Bool(p.is_unsure()));
        let note = provenance_note(p, inc.display_title());
        notes.insert(name.clone(), note.map(Value::String).unwrap_or(Value::Null));
        let label = provenance_label(p);
        labels.insert(name, label.map(Value::from).unwrap_or(Value::Null));
    }
    let shown_extracted = inc
        .provenance
        .iter()
        .any(|(k, p)| p.is_extracted() && SHOWN_FACTS.contains(k));
    v["extracted"] = Value::Object(extracted);
    v["provenance_note"] = Value::Object(notes);
    v["provenance_label"] = Value::Object(labels);
    v["any_extracted"] = Value::Bool(shown_extracted);
    let shown_unsure = inc
        .provenance
        .iter()
        .any(|(k, p)| p.is_unsure() && SHOWN_FACTS.contains(k));
    v["unsure"] = Value::Object(unsure);
    v["any_unsure"] = Value::Bool(shown_unsure);
    let link =
        |tax: &str, slug: &String| json!({"slug": slug, "url": format!("{base}{tax}/{slug}/")});
    v["tag_links"] = inc.tags.iter().map(|t| link("tags", t)).collect();
    v["service_links"] = inc.components.iter().map(|t| link("services", t)).collect();
    v["category_link"] = inc
        .category
        .as_ref()
        .map(|c| link("categories", c))
        .unwrap_or(Value::Null);
    v["severity_level"] = json!(inc
        .severity
        .as_deref()
        .and_then(crate::analyze::severity::level));
    v["times"] = json!(super::card::card_times(inc));
    let (open, all) = actions.get(inc.slug.as_str()).copied().unwrap_or_default();
    v["actions_open"] = json!(open);
    v["actions_total"] = json!(all);
    v["actions_url"] = json!(format!("{base}actions/?incident={}", inc.slug));
    v["edit_url"] = json!(edit_url(model, inc));
    v["last_changed"] = json!(model
        .history
        .last_changed(&inc.source.replace('\\', "/"))
        .map(|t| t.to_rfc3339()));
    v
}

/// The page's source file in the repository (`repo_url` in site.toml), opened for editing.
fn edit_url(model: &SiteModel, inc: &Incident) -> Option<String> {
    let repo = model.config.repo_url.as_deref()?.trim_end_matches('/');
    if repo.is_empty() || inc.source.is_empty() {
        return None;
    }
    let branch = model.config.repo_branch.as_deref().unwrap_or("main");
    let edit = if repo.contains("gitlab") {
        "-/edit"
    } else {
        "edit"
    };
    let path = format!("{}{}", model.history.prefix, inc.source.replace('\\', "/"));
    Some(format!("{repo}/{edit}/{branch}/{path}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;

    fn keys(config: &str, incidents: Vec<Incident>) -> Vec<u128> {
        let config = SiteConfig::parse(config, "site.toml").unwrap();
        let model = crate::analyze::analyze(config, incidents);
        summary_keys(&model, &model.actions.counts_by_incident())
    }

    #[test]
    fn summary_keys_follow_what_summaries_read() {
        let inc = |title: &str| Incident {
            slug: "a".into(),
            title: Some(title.into()),
            source: "content/a.md".into(),
            ..Default::default()
        };
        let site = "title = \"x\"\n";
        let base = keys(site, vec![inc("A")]);
        assert_eq!(base, keys(site, vec![inc("A")]), "stable");
        assert_ne!(base, keys(site, vec![inc("B")]), "the incident");
        let repo = "title = \"x\"\nrepo_url = \"https://github.com/a/b\"\n";
        assert_ne!(base, keys(repo, vec![inc("A")]), "the edit link");
        let moved = "title = \"x\"\nbase_url = \"https://a.example/kb/\"\n";
        assert_ne!(base, keys(moved, vec![inc("A")]), "the URLs");
    }

    #[test]
    fn provenance_note_names_the_section_but_not_the_title_again() {
        let title = "2026-02-07 — errors after a config change";
        let under_title = Provenance::section(title, 7);
        assert_eq!(
            provenance_note(&under_title, title).as_deref(),
            Some("Read from the text under the title, line 7.")
        );
        let timeline = Provenance::section("Timeline", 35);
        assert_eq!(
            provenance_note(&timeline, title).as_deref(),
            Some("Read from the \u{201c}Timeline\u{201d} section, line 35.")
        );
        assert_eq!(provenance_note(&Provenance::front_matter(), title), None);
    }
}
