#!/usr/bin/env bash
# Builds or installs the release binaries as fast to start as the platform
# allows: on Linux with glibc, linked statically (no dynamic loader at
# start: about 0.5 ms less per run, which make-targets pays on every TAB);
# elsewhere, or when the static C library is missing (glibc-static on
# Fedora), as `cargo build --release` builds them.
#
#   scripts/release.sh build             build; prints the directory of the binaries
#   scripts/release.sh install [ARGS]    cargo install --locked --path . [ARGS] (into
#                                        ~/.cargo/bin, or --root DIR)
#
# $CARGO, if set, is run instead of cargo (the Makefile passes its own).
# A static build needs `--target` (cargo cannot build the proc-macro crates
# for a host with crt-static), so its binaries are in target/<host>/release.
set -euo pipefail
cd "$(dirname "$0")/.."

action=${1:-build}
shift || true
case $action in
  build | install) ;;
  *) echo "release.sh: unknown action $action (build or install)" >&2; exit 2 ;;
esac

cargo=${CARGO:-cargo}
host=$(rustc -vV | sed -n 's/^host: //p')
static=()
if [[ $host == *-linux-gnu ]]; then
  static=(--target "$host")
fi

run() { # run CARGO-ARGS...: with the static flags when there are any
  if ((${#static[@]})) &&
    RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static" "$cargo" "$@" "${static[@]}"; then
    return 0
  fi
  if ((${#static[@]})); then
    echo "release.sh: the static build failed (is the static C library installed?); building as usual" >&2
    static=()
  fi
  "$cargo" "$@"
}

if [ "$action" = install ]; then
  # --locked: the versions in Cargo.lock, as tested, not the newest ones.
  run install --locked --path . "$@"
  exit 0
fi
run build --release --quiet
if ((${#static[@]})); then
  echo "$PWD/target/$host/release"
else
  echo "$PWD/target/release"
fi
