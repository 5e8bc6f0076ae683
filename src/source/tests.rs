use super::*;
use crate::eval::read_makefile;
use crate::source::ahead::{Opened, Source};
use crate::{Config, Makefile};

/// The real file system, reading ahead or not, counting the files it
/// hands over in pieces read ahead.
struct Observed {
    real: RealFileSystem,
    ahead: bool,
    in_pieces: std::cell::Cell<usize>,
}

impl Source for Observed {
    fn files(&self) -> &dyn FileSystem {
        &self.real
    }
    fn open(&self, path: &Path) -> io::Result<Opened> {
        if !self.ahead {
            return Ok(Opened::from_bytes(self.real.read(path)?));
        }
        let opened = self.real.open(path)?;
        if let Opened::Pieces(_) = opened {
            self.in_pieces.set(self.in_pieces.get() + 1);
        }
        Ok(opened)
    }
    fn prefetch(&self, dir: &Path, paths: Vec<PathBuf>) {
        if self.ahead {
            self.real.prefetch(dir, paths);
        }
    }
}

/// A model read from `dir` with files read ahead and parsed on other
/// threads, and one read without; and how many files came in pieces.
fn read_both_ways(dir: &Path) -> (Makefile, Makefile, usize) {
    let config = Config {
        cwd: dir.to_path_buf(),
        ..Config::default()
    };
    let read = |ahead: bool| {
        let fs = Observed {
            real: RealFileSystem::default(),
            ahead,
            in_pieces: std::cell::Cell::new(0),
        };
        let makefile = read_makefile(&config, &fs).expect("a makefile");
        (makefile, fs.in_pieces.get())
    };
    let (in_place, none) = read(false);
    assert_eq!(none, 0);
    let (ahead, in_pieces) = read(true);
    (ahead, in_place, in_pieces)
}

#[test]
fn a_large_file_read_in_pieces_ahead_reads_as_one_read_in_place() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let mut text = String::new();
    let mut n = 0;
    while text.len() < 3 * crate::source::ahead::pieces::PIECE_BYTES {
        n += 1;
        let lines =
            format!("## doc {n}\nt{n}: a \\\n  b{n} # c\n\techo\ndefine D{n}\nx{n}:\nendef\n");
        text.push_str(&lines);
        if n % 1000 == 0 {
            // A piece of many lines: handed over as text.
            text.push_str(&"\n".repeat(20_000));
            text.push_str("\u{0}nul: x\n$(info \u{1b}[31m)\n");
        }
    }
    text.push_str("$(error stop)\nlast:\n");
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(b"\xff: y\n");
    std::fs::write(dir.path().join("Makefile"), &bytes).expect("write");
    let (ahead, in_place, in_pieces) = read_both_ways(dir.path());
    assert_eq!(in_pieces, 1, "the makefile, read in pieces ahead");
    assert_eq!(ahead.targets, in_place.targets);
    assert_eq!(ahead.diagnostics, in_place.diagnostics);
    assert!(ahead.target_names().contains(&"t1000"));
    assert!(!ahead.target_names().contains(&"last"), "reading stopped");
}

#[test]
fn files_parsed_ahead_read_as_files_read_in_place() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let files: [(&str, &[u8]); 10] = [
        (
            "Makefile",
            b"all: x\ninclude a.mk b.mk c.mk d.mk e.mk f.mk g.mk h.mk i.mk\n",
        ),
        // Recipe lines, and TAB lines where no rule is before them.
        (
            "a.mk",
            b"x: y\n\techo x\n\tnot: a-target\nafter := 1\n\tz: w\n\t\n",
        ),
        // `define` bodies, nested, with lines that look like rules.
        (
            "b.mk",
            b"define F\nb1: b2\ndefine G\nb3:\nendef\nb4:\nendef\nb5: $(F)\ndefine\n",
        ),
        // Continuations, comments, `\\#`, `;` recipes.
        (
            "c.mk",
            b"c1: c2 \\\n  c3 # doc \\\n more\nc\\#4: c5 ; echo # not a comment\n## doc\nc6::\n",
        ),
        (
            "d.mk",
            "\u{feff}d1: d2\r\n\td\r\nD = 1 \\\r\n 2\r\n".as_bytes(),
        ),
        ("e.mk", b"e1: e2\0junk\ne3:\n\0\ne4:\n"),
        // Not UTF-8: read ahead, not parsed.
        ("f.mk", b"f1: \xff\nf2:\n"),
        (
            "g.mk",
            b"ifeq (a,b)\ndefine H\ng0:\nendef\nelse ifdef X\ng1:\nelse\ng2: | g3\nendif\n\
              .RECIPEPREFIX = >\ng4:\n>echo\n\tg5: g6\n.RECIPEPREFIX =\nendif\n",
        ),
        (
            "h.mk",
            b"$(foreach t,h1 h2,$(eval $t: ; @:))\nh3:\n$(error stop)\nh4:\n",
        ),
        (
            "i.mk",
            b"i1 i2 &: i3\ni4: V = v\nvpath %.c src\nundefine V\nexport W\n",
        ),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("write");
    }
    // How many of them the prefetch thread reads before the reader gets
    // there depends on the threads: the integration invariants hand every
    // file over parsed, and prefetch.rs tests the thread step by step.
    let (ahead, in_place, _) = read_both_ways(dir.path());
    assert_eq!(ahead.targets, in_place.targets);
    assert_eq!(ahead.default_goal, in_place.default_goal);
    assert_eq!(
        format!("{:?}", ahead.files),
        format!("{:?}", in_place.files)
    );
    assert_eq!(ahead.diagnostics, in_place.diagnostics);
    assert!(!ahead.diagnostics.is_empty(), "NUL, missing endef, error");
    // A TAB line that is no recipe line (another prefix is in force).
    assert!(ahead.target_names().contains(&"g5"));
    assert!(ahead.target_names().contains(&"c#4"));
}

#[test]
fn normalize_cases() {
    for (input, want) in [
        ("a/./b", "a/b"),
        ("a/../b", "b"),
        ("../a", "../a"),
        ("/x/../y", "/y"),
        ("/..", "/"),
        ("./a.mk", "a.mk"),
        (".", "."),
        ("sub/../common.mk", "common.mk"),
    ] {
        assert_eq!(normalize(Path::new(input)), PathBuf::from(want), "{input}");
    }
}
