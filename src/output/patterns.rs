//! Pattern rules as templates (manual 10.5 "Defining and Redefining
//! Pattern Rules"): each with the doc its line carries, and a name made
//! through one of them (`image-api` through `image-%`), resolved as make
//! chooses a pattern rule for it (10.5.4 "How Patterns Match", 10.8
//! "Implicit Rule Search Algorithm"): the rules with a recipe whose target
//! pattern matches, the shortest stem first, then the first defined; a
//! target pattern without `/` matches the name's last part, and its
//! directory goes before the stem and each prerequisite made from a
//! pattern. A match-anything rule (`%:`) is not used: make takes it only
//! when its prerequisites exist or can be made, which a name alone does not
//! tell, and any name, a typo too, would match it.

use std::borrow::Cow;

use crate::model::{Makefile, PatternRule, match_stem};
use crate::output::docs::{self, Doc, IncludeChains, ReadingOrder};

/// A pattern rule as the help shows it.
#[derive(Debug, Clone)]
pub struct PatternEntry<'m> {
    /// The rule.
    pub rule: &'m PatternRule,
    /// It has a doc.
    pub documented: bool,
    /// The `##@` section (or `@group` tag) it falls under.
    pub section: Option<&'m str>,
    /// Its doc is marked deprecated (`##%`).
    pub deprecated: bool,
    /// Where it stands in reading order.
    pub order: ReadingOrder,
}

impl<'m> PatternEntry<'m> {
    /// Its target patterns, as written on its line (`image-%`).
    #[must_use]
    pub fn name(&self) -> String {
        self.rule.targets.join(" ")
    }

    /// Its doc: the comment on its line if marked or alone, else the block
    /// above it.
    #[must_use]
    pub fn doc(&self) -> Option<Doc<'m>> {
        pattern_doc(self.rule)
    }
}

fn pattern_doc(rule: &PatternRule) -> Option<Doc<'_>> {
    if rule.comments.is_empty() {
        return None;
    }
    let name = rule.targets.first().map_or("", |t| &**t);
    let [inline, above] = docs::line_docs(&rule.comments, name, rule.location);
    docs::best(inline.into_iter().chain(above))
}

/// Every pattern rule of the makefile, in reading order.
#[must_use]
pub fn pattern_entries(makefile: &Makefile) -> Vec<PatternEntry<'_>> {
    let chains = IncludeChains::of(makefile);
    let mut entries: Vec<PatternEntry<'_>> = makefile
        .patterns
        .iter()
        .map(|rule| {
            let doc = pattern_doc(rule);
            PatternEntry {
                rule,
                documented: doc.is_some(),
                section: doc
                    .as_ref()
                    .and_then(|d| d.section)
                    .or_else(|| rule.section.map(|id| makefile.section(id))),
                deprecated: doc.as_ref().is_some_and(|d| d.deprecated),
                order: ReadingOrder::at(0),
            }
        })
        .collect();
    entries.sort_by(|a, b| chains.compare(Some(a.rule.location), Some(b.rule.location)));
    for (rank, entry) in entries.iter_mut().enumerate() {
        entry.order = ReadingOrder::at(rank);
    }
    entries
}

/// A name made through a pattern rule.
#[derive(Debug, Clone)]
pub struct Resolved<'m> {
    /// The name asked for.
    pub name: String,
    /// The target pattern it matched.
    pub pattern: &'m str,
    /// The stem (make's `$*`): the directory of the name, when the pattern
    /// has no `/`, then the part `%` matched.
    pub stem: String,
    /// The rule.
    pub rule: &'m PatternRule,
    /// The rule's doc, with each `%` replaced by the stem.
    pub doc: Option<String>,
    /// Its prerequisites as make computes them.
    pub prerequisites: Vec<String>,
    /// Its order-only prerequisites.
    pub order_only: Vec<String>,
}

/// A pattern rule that matches a name: its rank (stem length, order: the
/// smallest wins), the rule, the target pattern and the stem.
type Candidate<'m, 'n> = ((usize, usize), &'m PatternRule, &'m str, &'n str);

/// `name` made through the pattern rule make would choose for it, if any
/// matches (see the module's doc); whether the prerequisites exist is not
/// asked.
#[must_use]
pub fn resolve<'m>(makefile: &'m Makefile, name: &str) -> Option<Resolved<'m>> {
    let (dir, file) = match name.rfind('/') {
        Some(slash) => name.split_at(slash + 1),
        None => ("", name),
    };
    let mut best: Option<Candidate<'m, '_>> = None;
    for (order, rule) in makefile.patterns.iter().enumerate() {
        if !rule.recipe || rule.match_anything() {
            continue;
        }
        for pattern in &rule.targets {
            let subject = if pattern.contains('/') { name } else { file };
            let Some(stem) = match_stem(pattern, subject) else {
                continue;
            };
            if stem.is_empty() {
                continue;
            }
            let key = (stem.len(), order);
            if best.as_ref().is_none_or(|(k, ..)| key < *k) {
                best = Some((key, rule, pattern, stem));
            }
        }
    }
    let (_, rule, pattern, stem) = best?;
    let dir = if pattern.contains('/') { "" } else { dir };
    let made = |names: &[Box<str>]| -> Vec<String> {
        names
            .iter()
            .map(|p| {
                if p.contains('%') {
                    format!("{dir}{}", p.replacen('%', stem, 1))
                } else {
                    p.to_string()
                }
            })
            .collect()
    };
    let full_stem = format!("{dir}{stem}");
    Some(Resolved {
        name: name.to_string(),
        pattern,
        doc: pattern_doc(rule).map(|d| d.text.replace('%', &full_stem)),
        prerequisites: made(&rule.prerequisites),
        order_only: made(&rule.order_only),
        stem: full_stem,
        rule,
    })
}

/// `[a, b | c]` for a pattern's prerequisites, `%` kept.
#[must_use]
pub(crate) fn prerequisite_list(rule: &PatternRule) -> Option<Cow<'static, str>> {
    if rule.prerequisites.is_empty() && rule.order_only.is_empty() {
        return None;
    }
    let mut list = format!("[{}", rule.prerequisites.join(", "));
    if !rule.order_only.is_empty() {
        if !rule.prerequisites.is_empty() {
            list.push(' ');
        }
        list.push_str("| ");
        list.push_str(&rule.order_only.join(", "));
    }
    list.push(']');
    Some(Cow::Owned(list))
}
