//! Names a pattern rule makes from the files that are there: for
//! `image-%: docker/%/Dockerfile`, each `docker/*/Dockerfile` in make's
//! directory gives its stem (`image-api`, `image-web`), as make would find
//! the prerequisite when asked for that name (manual 10.5.4 "How Patterns
//! Match"). Only a pattern rule of the makefile with a recipe and a `%`
//! prerequisite counts: never a built-in rule, nor a match-anything rule
//! (`%:`), whose stems are any name. A `*` does not cross a `/` where a
//! `%` may: stems that hold a `/` are not found.

use crate::config::Config;
use crate::error::Error;
use crate::model::{PatternRule, match_stem};
use crate::source::{FileSystem, Workspace};

/// The most names one rule gives, and all rules together.
pub const MAX_STEMS_PER_RULE: usize = 200;
/// See [`MAX_STEMS_PER_RULE`].
pub const MAX_STEMS: usize = 1_000;

/// The names `rules` make from the files in make's directory (the current
/// one, or `-C DIR`), sorted, each once, at most [`MAX_STEMS`] (each rule
/// at most [`MAX_STEMS_PER_RULE`]).
///
/// # Errors
///
/// A `-C DIR` that cannot be entered.
pub fn pattern_names<'m>(
    rules: impl IntoIterator<Item = &'m PatternRule>,
    config: &Config,
    fs: &dyn FileSystem,
) -> Result<Vec<String>, Error> {
    let workspace = Workspace::new(config, fs)?;
    let mut names: Vec<String> = Vec::new();
    for rule in rules {
        if !rule.recipe || rule.match_anything() || names.len() >= MAX_STEMS {
            continue;
        }
        let Some(prerequisite) = rule.prerequisites.iter().find(|p| p.contains('%')) else {
            continue;
        };
        // Only the first `%` is the stem; a glob character of the name
        // itself would match other files.
        if crate::source::wildcard::may_have_wildcards(prerequisite) {
            continue;
        }
        let glob = prerequisite.replacen('%', "*", 1);
        let (found, _) = workspace.glob(&glob, fs);
        let mut made = 0;
        for path in found {
            if path == glob {
                // Nothing matched: the glob is given back as written.
                continue;
            }
            let Some(stem) = match_stem(prerequisite, &path) else {
                continue;
            };
            if stem.is_empty() || stem.contains('/') {
                continue;
            }
            for target in &rule.targets {
                if made >= MAX_STEMS_PER_RULE || names.len() >= MAX_STEMS {
                    break;
                }
                names.push(target.replacen('%', stem, 1));
                made += 1;
            }
        }
    }
    names.sort_unstable();
    names.dedup();
    Ok(names)
}
