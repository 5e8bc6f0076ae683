//! Where make runs and where it looks for included makefiles (manual 3.3
//! "Including Other Makefiles", 9.7 `-C` and `-I`): `-C DIR` changes make's
//! working directory first (several `-C` add up); a relative include name is
//! tried against the working directory — not the including file's
//! directory — then each `-I DIR` in order, then the default include
//! directories that exist.

use std::io;
use std::path::{Path, PathBuf};

use super::{FileKind, FileSystem, Resolved, normalize};
use crate::config::Config;
use crate::error::Error;

/// Where make runs, and how to name its files for the user.
#[derive(Debug, Clone)]
pub(crate) struct Workspace {
    /// make's working directory (absolute): the user's directory plus `-C`.
    pub dir: PathBuf,
    /// The `-C` path relative to the user (`None` without `-C`).
    relative: Option<PathBuf>,
    /// `-I` directories and the default ones that exist, in search order.
    pub include_dirs: Vec<PathBuf>,
    /// The directories listed so far for wildcards (one run, one file
    /// system).
    dirs: crate::source::wildcard::Directories,
}

impl Workspace {
    /// Applies `-C` options and collects the include directories.
    pub(crate) fn new(config: &Config, fs: &dyn FileSystem) -> Result<Workspace, Error> {
        let mut dir = config.cwd.clone();
        let mut relative: Option<PathBuf> = None;
        for d in &config.directories {
            dir = joined(&dir, d);
            relative = Some(normalize(&relative.unwrap_or_default().join(d)));
            match fs.kind(&dir) {
                Ok(FileKind::Directory) => {}
                Ok(_) => {
                    return Err(Error::Directory {
                        path: d.clone(),
                        source: io::Error::new(io::ErrorKind::NotADirectory, "Not a directory"),
                    });
                }
                Err(source) => {
                    return Err(Error::Directory {
                        path: d.clone(),
                        source,
                    });
                }
            }
        }
        if !config.directories.is_empty() {
            // make calls getcwd() after chdir: CURDIR is the physical path.
            if let Some(real) = fs.canonicalize(&dir) {
                dir = real;
            }
        }
        let mut include_dirs: Vec<PathBuf> = config.include_dirs.clone();
        for d in &config.default_include_dirs {
            if matches!(fs.kind(d), Ok(FileKind::Directory)) && !include_dirs.contains(d) {
                include_dirs.push(d.clone());
            }
        }
        Ok(Workspace {
            dir,
            relative,
            include_dirs,
            dirs: crate::source::wildcard::Directories::default(),
        })
    }

    /// The absolute path of a name relative to make's working directory
    /// (`..` left for the kernel to resolve, see [`joined`]).
    #[must_use]
    pub(crate) fn absolute(&self, name: impl AsRef<Path>) -> PathBuf {
        joined(&self.dir, name)
    }

    /// How to show a file name (as make names it) to the user.
    #[must_use]
    pub(crate) fn display(&self, name: &str) -> String {
        match &self.relative {
            Some(rel) if !Path::new(name).is_absolute() => {
                normalize(&rel.join(name)).to_string_lossy().into_owned()
            }
            _ => name.to_string(),
        }
    }

    /// Resolves an include name: make's working directory, then the include
    /// directories. Each candidate is looked at once, and what was seen of
    /// the one found is returned with it.
    pub(crate) fn resolve_include(&self, name: &str, fs: &dyn FileSystem) -> Option<Resolved> {
        let look = |path: PathBuf| match fs.status(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            status => Some((path, status)),
        };
        if let Some((path, status)) = look(self.absolute(name)) {
            return Some(Resolved {
                name: name.to_string(),
                directory: None,
                path,
                status,
            });
        }
        if Path::new(name).is_absolute() {
            return None;
        }
        self.include_dirs.iter().find_map(|dir| {
            let candidate = dir.join(name);
            look(joined(&self.dir, &candidate)).map(|(path, status)| Resolved {
                name: candidate.to_string_lossy().into_owned(),
                directory: Some(dir.clone()),
                path,
                status,
            })
        })
    }

    /// Expands a glob pattern relative to make's working directory, as
    /// make expands an include name: a name without wildcards is kept as
    /// it is, and so is a pattern that matches nothing. True with the
    /// names when the walk stopped at [`crate::source::wildcard::MAX_NAMES`].
    #[must_use]
    pub(crate) fn glob(&self, pattern: &str, fs: &dyn FileSystem) -> (Vec<String>, bool) {
        if !crate::source::wildcard::may_have_wildcards(pattern) {
            return (vec![pattern.to_string()], false);
        }
        let (found, cut) = self.wildcard(pattern, fs);
        if found.is_empty() {
            return (vec![pattern.to_string()], cut);
        }
        (found, cut)
    }

    /// The names one word of `$(wildcard)` stands for, relative to make's
    /// working directory, in make's order (see [`crate::source::wildcard`]),
    /// and whether the walk stopped at its limit.
    #[must_use]
    pub(crate) fn wildcard(&self, pattern: &str, fs: &dyn FileSystem) -> (Vec<String>, bool) {
        crate::source::wildcard::expand(pattern, &self.dir, fs, &self.dirs)
    }
}

/// `name` under `base`, as the kernel will resolve it: `.` components
/// dropped, `..` kept, since `link/..` is the parent of where `link`
/// points, not `.` (make hands the name to the kernel as it is).
fn joined(base: &Path, name: impl AsRef<Path>) -> PathBuf {
    base.join(name).components().collect()
}
