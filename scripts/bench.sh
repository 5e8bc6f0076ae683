#!/usr/bin/env bash
# The benchmark, in one command: make-targets and make-help against
# `make -npq .DEFAULT` (what bash-completion runs on each TAB), the awk `help`
# one-liner (scripts/help.awk) and `wc -l` over the same bytes (the floor), on the project's own Makefile, generated trees,
# one 100 MB Makefile, the Linux kernel's Makefiles and git's Makefile (both
# fetched from Debian packages at run time, never committed).
#
#   scripts/bench.sh                 everything (about 30 minutes on 2 cores, mostly make -npq)
#   scripts/bench.sh --quick         skip the 1,000,000-target tree and the 100 MB file
#   scripts/bench.sh own kernel      only these workloads
#   scripts/bench.sh --no-valgrind   no instruction counts
#
# Workloads: own, gen-1k, gen-100k, gen-1m, single-100mb, kernel, git.
# Data goes to $BENCH_DATA (default target/bench-data, outside git); results
# to $BENCH_DATA/results.md and results.json. Installs what is missing
# (hyperfine, time, python3, make, awk; valgrind is optional) with apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
data=${BENCH_DATA:-$root/target/bench-data}
mkdir -p "$data"

quick=0
bench_args=()
selected=()
for arg in "$@"; do
  case $arg in
    --quick) quick=1 ;;
    --no-valgrind) bench_args+=(--no-valgrind) ;;
    --valgrind-limit=*) bench_args+=(--valgrind-limit "${arg#*=}") ;;
    -h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "bench.sh: unknown option $arg" >&2; exit 2 ;;
    *) selected+=("$arg") ;;
  esac
done
if [ ${#selected[@]} -eq 0 ]; then
  selected=(own gen-1k gen-100k gen-1m single-100mb kernel git)
  if [ $quick = 1 ]; then selected=(own gen-1k gen-100k kernel git); fi
fi

note() { printf 'bench: %s\n' "$*" >&2; }

apt_updated=0
need() { # need COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 && return
  note "installing $2"
  if [ $apt_updated = 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}
need hyperfine hyperfine
need /usr/bin/time time
need python3 python3
need make make
need awk mawk
command -v valgrind >/dev/null || note "valgrind not found: no instruction counts (apt-get install valgrind)"

# As installed: linked statically where it can be (scripts/release.sh).
bin=$(scripts/release.sh build)
note "binaries: $bin"

# A generated tree, regenerated only when the generator changed.
generate() { # generate NAME ARGS...
  local name=$1 dir=$data/$1 stamp
  shift
  stamp="$(sha256sum scripts/gen-tree.py | cut -c1-16) $*"
  if [ "$(cat "$dir/.stamp" 2>/dev/null)" != "$stamp" ]; then
    python3 scripts/gen-tree.py "$@" "$dir" >&2
    echo "$stamp" >"$dir/.stamp"
  fi
  workloads+=("$name=$dir=$dir/files.list")
}

# Debian binary packages: downloaded and unpacked into the cache, not installed.
fetch_deb() { # fetch_deb PACKAGE DIR
  local tmp
  tmp=$(mktemp -d)
  chmod 755 "$tmp"
  (cd "$tmp" && apt-get download -qq "$1" 2>/dev/null) || return 1
  mkdir -p "$2"
  dpkg-deb -x "$tmp"/*.deb "$2"
  rm -rf "$tmp"
}

# The newest linux-headers-*-common of the configured Debian release (the
# kernel's top-level Makefile, arch/*/Makefile) and its linux-kbuild-* (the
# scripts/Kbuild.include and scripts/Makefile.* it includes, reached through
# the headers' scripts symlink), unpacked side by side as Debian installs them.
newest() { apt-cache search --names-only "$1" | cut -d' ' -f1 | sort -V | tail -1; }
kernel() {
  local dir=$data/kernel headers kbuild version
  if [ ! -f "$dir/.done" ]; then
    rm -rf "$dir"
    headers=$(newest '^linux-headers-[0-9.]+-[0-9]+-common$')
    if [ -z "$headers" ] && [ $apt_updated = 0 ]; then
      apt-get update -qq && apt_updated=1
      headers=$(newest '^linux-headers-[0-9.]+-[0-9]+-common$')
    fi
    version=$(echo "$headers" | sed -E 's/^linux-headers-([0-9]+[.][0-9]+).*/\1/')
    kbuild=$(newest "^linux-kbuild-${version//./[.]}([^0-9]|$)")
    if [ -z "$headers" ] || [ -z "$kbuild" ] ||
      ! fetch_deb "$headers" "$dir/root" || ! fetch_deb "$kbuild" "$dir/root"; then
      note "kernel: no linux-headers-*-common and linux-kbuild-* packages found; skipped"
      return
    fi
    echo "$headers" >"$dir/.done"
  fi
  workloads+=("kernel=$dir/root/usr/src/$(cat "$dir/.done")")
}

# git's Makefile comes from Debian's source package `git`, fetched with a
# private apt configuration (deb-src lines derived from the system's own
# Debian sources) so that the system's apt setup is left untouched.
git_source() {
  local dir=$data/git apt=$data/git/apt opts
  if [ ! -f "$dir/.done" ]; then
    rm -rf "$dir"
    mkdir -p "$apt/lists/partial" "$apt/parts" "$apt/cache/archives/partial" "$dir/src"
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      if [ -f "$f" ]; then
        { grep -E '^deb .*/debian' "$f" || true; } | sed 's/^deb /deb-src /' >>"$apt/parts/src.list"
      fi
    done
    for f in /etc/apt/sources.list.d/*.sources; do
      if [ -f "$f" ]; then
        sed 's/^Types: deb$/Types: deb-src/' "$f" >"$apt/parts/$(basename "$f")"
      fi
    done
    opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$apt/parts"
      -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -qq)
    chmod -R 755 "$dir"
    if ! apt-get "${opts[@]}" update >/dev/null 2>&1 ||
      ! (cd "$dir" && apt-get "${opts[@]}" source --download-only git >/dev/null 2>&1) ||
      ! tar -xJf "$dir"/git_*.orig.tar.* -C "$dir/src"; then
      note "git: Debian source package not available; skipped (git's Makefile cannot be fetched otherwise)"
      return
    fi
    rm -rf "$apt" "$dir"/*.tar.* "$dir"/*.dsc
    touch "$dir/.done"
  fi
  workloads+=("git=$(echo "$dir"/src/git-*)")
}

workloads=()
for w in "${selected[@]}"; do
  case $w in
    own) workloads+=("own=$root") ;;
    gen-1k) generate gen-1k --targets 1000 --files 10 ;;
    gen-100k) generate gen-100k --targets 100000 --files 1000 ;;
    gen-1m) generate gen-1m --targets 1000000 --files 10000 ;;
    single-100mb) generate single-100mb --single --bytes 100000000 ;;
    kernel) kernel ;;
    git) git_source ;;
    *) echo "bench.sh: unknown workload $w" >&2; exit 2 ;;
  esac
done

python3 scripts/bench.py --bin "$bin" --out "$data" "${bench_args[@]}" "${workloads[@]}"
note "results in $data/results.md"
