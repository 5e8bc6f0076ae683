#!/usr/bin/env python3
"""Measure make-targets and make-help against `make -npq .DEFAULT`, the awk
`help` one-liner (scripts/help.awk) and `wc -l`.

Run through scripts/bench.sh, which installs the tools, builds the release
binaries and prepares the workloads; this script only measures and reports.

    bench.py --bin DIR --out DIR [--no-valgrind] [--valgrind-limit S] WORKLOAD...

A WORKLOAD is `name=directory[=files-list]`. Each command runs in the
workload's directory, as bash-completion runs make there. The files list
(NUL-separated, relative to the directory) names the bytes that `wc -l` reads;
without one it is taken from make's `MAKEFILE_LIST`.

For each command: one run under `/usr/bin/time` (the warm-up, and the peak
RSS), then hyperfine for the median wall time, then, if valgrind is there and
the command took less than --valgrind-limit seconds, the instruction count
under callgrind.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

DEVNULL = subprocess.DEVNULL

# A command slower than this (seconds) is timed once: `make -npq` takes
# minutes on the largest workloads.
SLOW = 20


def input_files(directory, list_path):
    """The files that make reads, as paths relative to `directory`."""
    if list_path:
        with open(list_path, "rb") as f:
            names = [n.decode() for n in f.read().split(b"\0") if n]
    else:
        proc = subprocess.run(
            ["make", "-npq", ".DEFAULT"],
            cwd=directory,
            stdout=subprocess.PIPE,
            stderr=DEVNULL,
            check=False,
        )
        lists = re.findall(rb"^MAKEFILE_LIST := (.*)$", proc.stdout, re.M)
        names = lists[-1].decode().split() if lists else []
    seen = []
    for n in names:
        if n not in seen and os.path.isfile(os.path.join(directory, n)):
            seen.append(n)
    return seen


def peak(command, directory):
    """One run under /usr/bin/time: (seconds, peak RSS in KiB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", "-o", out.name, *command],
            cwd=directory,
            stdout=DEVNULL,
            stderr=DEVNULL,
            check=False,
        )
        fields = out.read().split()
    return float(fields[-2]), int(fields[-1])


def wall(command, directory, first, failures_ok):
    """Median wall time with hyperfine; fewer runs for slow commands, and
    none beyond the first for one slower than SLOW seconds (then the first
    run is the only sample)."""
    if first >= SLOW:
        return first, 1
    if first < 0.3:
        runs = ["--warmup", "3", "--min-runs", "10"]
    elif first < 3:
        runs = ["--warmup", "1", "--runs", "5"]
    else:
        runs = ["--runs", "3"]  # the /usr/bin/time run was the warm-up
    with tempfile.NamedTemporaryFile("r", suffix=".json") as out:
        cmd = ["hyperfine", "-N", "--style", "none", "--output", "null", *runs]
        cmd += ["--export-json", out.name]
        if failures_ok:
            cmd.append("-i")
        cmd.append(" ".join(quote(c) for c in command))
        subprocess.run(cmd, cwd=directory, stdout=DEVNULL, stderr=DEVNULL, check=True)
        result = json.load(out)["results"][0]
    return result["median"], len(result["times"])


def quote(word):
    return word if re.fullmatch(r"[\w./=:+-]+", word) else "'" + word.replace("'", "'\\''") + "'"


def instructions(command, directory):
    """Instructions executed (callgrind's Ir), children not followed."""
    proc = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        cwd=directory,
        stdout=DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    found = re.search(rb"Collected : (\d+)", proc.stderr)
    return int(found.group(1)) if found else None


def measure(name, directory, list_path, args):
    files = input_files(directory, list_path)
    size = sum(os.path.getsize(os.path.join(directory, f)) for f in files)
    list_file = os.path.join(args.out, f"{name}.files")
    with open(list_file, "wb") as f:
        f.write(b"".join(n.encode() + b"\0" for n in files))
    awk_list = os.path.join(args.out, f"{name}.awk-files")
    with open(awk_list, "w", encoding="utf-8") as f:
        f.write("".join(n + "\n" for n in files))
    commands = {
        "make": ["make", "-npq", ".DEFAULT"],
        "targets": [os.path.join(args.bin, "make-targets")],
        "help": [os.path.join(args.bin, "make-help"), "--color=never"],
        "wc": ["wc", "-l", f"--files0-from={list_file}"],
        # The files are given to awk in make's reading order (it follows no
        # include itself), in a file: too many for one argument of hyperfine.
        "awk": ["awk", "-v", f"files={awk_list}", "-f",
                os.path.join(os.path.dirname(os.path.abspath(__file__)), "help.awk")],
    }
    if name == "own":
        commands["true"] = [shutil.which("true") or "/bin/true"]
    row = {"name": name, "dir": directory, "files": len(files), "bytes": size}
    for key, command in commands.items():
        first, rss = peak(command, directory)
        median, runs = wall(command, directory, first, key == "make")
        ir = None
        # Callgrind runs some 50 times slower: only where that stays short.
        if args.valgrind and (first < args.valgrind_limit
                              or (key != "make" and size <= args.valgrind_bytes)):
            ir = instructions(command, directory)
        row[key] = {"median": median, "runs": runs, "rss_kib": rss, "instructions": ir,
                    "first_run": first}
        print(f"  {name:>12} {key:>8}: {ms(median)} ms ({runs} runs), {rss / 1024:.1f} MiB"
              + (f", {ir:,} instructions" if ir else ""), file=sys.stderr, flush=True)
    return row


def timing(result):
    """A time in ms, starred when it is a single run."""
    return ms(result["median"]) + ("*" if result.get("runs") == 1 else "")


def ms(seconds):
    return f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds * 1000:.0f}"


def ratio(a, b):
    return f"{a / b:.1f}×" if a and b else "–"


def mib(kib):
    return f"{kib / 1024:.1f}"


def table(rows):
    out = []
    out.append("| workload | files | MB | make -npq ms | make-targets ms | make-help ms | wc -l ms "
               "| make ÷ targets | make ÷ help | targets ÷ wc | help ÷ wc |")
    out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for r in rows:
        t, h, m, w = (r[k]["median"] for k in ("targets", "help", "make", "wc"))
        out.append(f"| {r['name']} | {r['files']} | {r['bytes'] / 1e6:.2f} | {timing(r['make'])} "
                   f"| {timing(r['targets'])} | {timing(r['help'])} | {timing(r['wc'])} "
                   f"| {ratio(m, t)} | {ratio(m, h)} | {ratio(t, w)} | {ratio(h, w)} |")
    if any(r[k].get("runs") == 1 for r in rows for k in ("make", "targets", "help", "wc")):
        out.append("")
        out.append(f"\\* one run (the command took more than {SLOW} s); "
                   "otherwise the median of several runs after a warm-up.")
    out.append("")
    out.append("| workload | RSS make MiB | RSS targets MiB | RSS help MiB | RSS limit MiB (2×input+10) "
               "| Ir make | Ir targets | Ir help | Ir wc | make ÷ targets (Ir) | targets ÷ wc (Ir) |")
    out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for r in rows:
        limit = (2 * r["bytes"] / 1024 + 10 * 1024) / 1024
        irs = [r[k]["instructions"] for k in ("make", "targets", "help", "wc")]
        shown = [f"{i / 1e6:.1f} M" if i else "–" for i in irs]
        out.append(f"| {r['name']} | {mib(r['make']['rss_kib'])} | {mib(r['targets']['rss_kib'])} "
                   f"| {mib(r['help']['rss_kib'])} | {limit:.1f} | {' | '.join(shown)} "
                   f"| {ratio(irs[0], irs[1])} | {ratio(irs[1], irs[3])} |")
    if all("awk" in r for r in rows):
        out.append("")
        out.append("Peer of make-help: the awk `help` one-liner (scripts/help.awk) over the same "
                   "files, given in make's reading order (awk follows no include, expands no "
                   "variable and knows no conditional, continuation or `define`).")
        out.append("")
        out.append("| workload | awk ms | make-help ms | help ÷ awk | RSS awk MiB | Ir awk "
                   "| help ÷ awk (Ir) |")
        out.append("|---|--:|--:|--:|--:|--:|--:|")
        for r in rows:
            a, h = r["awk"], r["help"]
            ir = f"{a['instructions'] / 1e6:.1f} M" if a["instructions"] else "–"
            out.append(f"| {r['name']} | {timing(a)} | {timing(h)} | {ratio(h['median'], a['median'])} "
                       f"| {mib(a['rss_kib'])} | {ir} | {ratio(h['instructions'], a['instructions'])} |")
    own = next((r for r in rows if r["name"] == "own"), None)
    if own:
        out.append("")
        out.append(f"Start-up (own Makefile): make-targets {ms(own['targets']['median'])} ms, "
                   f"make-help {ms(own['help']['median'])} ms, `true` {ms(own['true']['median'])} ms: "
                   f"make-targets ÷ true = {ratio(own['targets']['median'], own['true']['median'])}.")
        ir_t, ir_true = own["targets"]["instructions"], own["true"]["instructions"]
        if ir_t and ir_true:
            out.append(f"Instructions: make-targets {ir_t:,}, `true` {ir_true:,} "
                       f"({ratio(ir_t, ir_true)}).")
    growth = [r for r in rows if r["name"] in ("gen-1k", "gen-100k", "gen-1m")]
    if len(growth) > 1:
        out.append("")
        out.append("Growth (synthetic trees): input ratio → time ratio (make-targets, make-help)")
        out.append("")
        for a, b in zip(growth, growth[1:]):
            out.append(f"- {a['name']} → {b['name']}: input ×{b['bytes'] / a['bytes']:.1f}, "
                       f"make-targets ×{b['targets']['median'] / a['targets']['median']:.1f}, "
                       f"make-help ×{b['help']['median'] / a['help']['median']:.1f}")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", required=True, help="directory of the release binaries")
    parser.add_argument("--out", required=True, help="where results go")
    parser.add_argument("--no-valgrind", dest="valgrind", action="store_false")
    parser.add_argument("--valgrind-limit", type=float, default=0.5,
                        help="count instructions of commands faster than this (s)")
    parser.add_argument("--valgrind-bytes", type=int, default=10_000_000,
                        help="and of make-targets, make-help and wc on inputs up to this size")
    parser.add_argument("workloads", nargs="+", metavar="name=dir[=files-list]")
    args = parser.parse_args()
    args.valgrind = args.valgrind and shutil.which("valgrind") is not None
    rows = []
    for spec in args.workloads:
        name, directory, *rest = spec.split("=")
        rows.append(measure(name, os.path.abspath(directory), rest[0] if rest else None, args))
    with open(os.path.join(args.out, "results.json"), "w", encoding="utf-8") as f:
        json.dump(rows, f, indent=1)
    text = table(rows)
    with open(os.path.join(args.out, "results.md"), "w", encoding="utf-8") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
