#!/usr/bin/env python3
"""Cliff finder: runs each workload in bench/cliffs at size n and at size 4n, on Sentra and,
where installed, CPython and Node, and flags any runtime whose time grows more than 5x.

Usage: python3 bench/cliffs.py [--runs N] [--scale K] [--only NAME,...] [--sentra PATH]

Each workload is NAME.sn (with NAME.py and NAME.js doing the same in those languages) and
sets its size on one line, `let N = ...` (`N = ...`, `const N = ...;`); the run at size Kn
uses a copy with that number multiplied by K (default 4). Every runtime must print the
same line as Sentra at each size. The times are of whole processes, median of N
interleaved rounds (default 3; every command once per round, so a slow spell of a shared
machine falls on all of them), after a first run that checks the output. Start-up is part
of each time, which makes the growth look smaller than that of the work alone: the sizes
are chosen so that Sentra's work at n takes a tenth of a second or more.

Writes docs/benchmarks/cliffs.md. Exit status 1 when an output differs or Sentra's time
grows more than 5x (a cliff: linear work grows about 4x), 2 on usage errors.

Sentra is the published CLI (artifacts/sentra-RID/sentra, as bench/compare.sh publishes
it) unless --sentra names another; publish it with
  dotnet publish Sentra.Cli -c Release -r linux-x64 --self-contained true \\
    -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true -p:PublishTrimmed=true \\
    -o artifacts/sentra-linux-x64
"""
import argparse
import datetime
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
CLIFFS = ROOT / "bench" / "cliffs"
REPORT = ROOT / "docs" / "benchmarks" / "cliffs.md"
LIMIT = 5.0
SIZE_LINE = re.compile(r"^((?:let |const )?N = )(\d+)(;?)$", re.MULTILINE)


def runtimes(sentra):
    found = [("sentra", "Sentra", "sn", [sentra, "run", "--tier", "interp"])]
    python = os.environ.get("PYTHON", sys.executable)
    node = os.environ.get("NODE", "node")
    if shutil.which(python):
        found.append(("cpython", "CPython", "py", [python]))
    if shutil.which(node):
        found.append(("node", "Node", "js", [node]))
    return found


def scaled(source, k, tmp, name):
    match = SIZE_LINE.search(source)
    if match is None:
        sys.exit(f"cliffs.py: {name} has no 'N = <number>' line")
    text = SIZE_LINE.sub(lambda m: f"{m.group(1)}{int(m.group(2)) * k}{m.group(3)}", source, count=1)
    path = pathlib.Path(tmp) / f"{k}x" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path, int(match.group(2)) * k


def run(argv):
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return time.perf_counter() - start, done


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=int, default=4)
    parser.add_argument("--only", default="")
    parser.add_argument("--sentra", default=str(ROOT / "artifacts" / "sentra-linux-x64" / "sentra"))
    args = parser.parse_args()
    if args.runs < 1 or args.scale < 2:
        parser.error("--runs must be positive and --scale at least 2")
    if not os.access(args.sentra, os.X_OK):
        parser.error(f"{args.sentra} not found: publish Sentra.Cli (see --help) or pass --sentra")
    names = args.only.split(",") if args.only else sorted(p.stem for p in CLIFFS.glob("*.sn"))
    rts = runtimes(args.sentra)
    sizes = (1, args.scale)
    failed = False
    rows = []
    with tempfile.TemporaryDirectory(prefix="sentra-cliffs.") as tmp:
        for name in names:
            print(f"== {name}")
            commands = {}  # (runtime, k) -> argv
            n = None
            for rt, label, ext, argv in rts:
                src = CLIFFS / f"{name}.{ext}"
                if not src.exists():
                    print(f"   {label}: no {src.name}, skipped")
                    continue
                for k in sizes:
                    path, size = scaled(src.read_text(encoding="utf-8"), k, tmp, src.name)
                    if k == 1:
                        n = n or size
                    commands[(rt, k)] = argv + [str(path)]
            # a first run of each command checks its output (and warms the file cache)
            expected = {}
            for (rt, k), argv in list(commands.items()):
                _, done = run(argv)
                out = done.stdout.decode(errors="replace").strip()
                if rt == "sentra":
                    expected[k] = out
                if done.returncode != 0 or out != expected.get(k):
                    print(f"   FAIL {rt} at {k}n: exit {done.returncode}, output '{out}' (sentra: '{expected.get(k)}')")
                    print("   " + done.stderr.decode(errors="replace").strip()[:400])
                    failed = True
                    del commands[(rt, k)]
            times = {key: [] for key in commands}
            for _ in range(args.runs):
                for key, argv in commands.items():
                    times[key].append(run(argv)[0])
            med = {key: statistics.median(t) for key, t in times.items()}
            row = {"name": name, "n": n, "med": med}
            rows.append(row)
            for rt, label, _, _ in rts:
                a, b = med.get((rt, 1)), med.get((rt, args.scale))
                if a is None or b is None:
                    continue
                growth = b / a
                flag = "  CLIFF" if growth > LIMIT else ""
                print(f"   {label:8} n {a:7.3f} s  {args.scale}n {b:7.3f} s  growth {growth:5.2f}x{flag}")
                if rt == "sentra" and growth > LIMIT:
                    failed = True
    write_report(rows, rts, args)
    print(f"wrote {REPORT.relative_to(ROOT)}")
    sys.exit(1 if failed else 0)


def write_report(rows, rts, args):
    k = args.scale
    head = ["Workload", "n"]
    for _, label, _, _ in rts:
        head += [f"{label} n", f"{label} {k}n", f"{label} growth"]
    others = [(rt, label) for rt, label, _, _ in rts if rt != "sentra"]
    head += [f"{label}/Sentra at {k}n" for _, label in others]
    lines = ["# Cliff finder", "",
             "Generated by `python3 bench/cliffs.py`; do not edit by hand. Each workload",
             f"(`bench/cliffs/NAME.{{sn,py,js}}`) runs at size n and {k}n; times are whole-process",
             f"medians in seconds of {args.runs} interleaved rounds, start-up included. Growth is the",
             f"time at {k}n over the time at n: about {k} for linear work (less, because of start-up),",
             f"about {k * k} for quadratic work; above {LIMIT:g} is flagged **cliff**.",
             "`X/Sentra` above 1 means Sentra is faster.", "",
             "| " + " | ".join(head) + " |", "|---" + "|---:" * (len(head) - 1) + "|"]
    for row in rows:
        med = row["med"]
        cells = [f"`{row['name']}`", f"{row['n']:,}"]
        for rt, _, _, _ in rts:
            a, b = med.get((rt, 1)), med.get((rt, k))
            cells += [f"{a:.3f}" if a else "n/a", f"{b:.3f}" if b else "n/a"]
            if a and b:
                g = b / a
                cells.append(f"**{g:.2f} cliff**" if g > LIMIT else f"{g:.2f}")
            else:
                cells.append("")
        for rt, _ in others:
            a, b = med.get((rt, k)), med.get(("sentra", k))
            cells.append(f"{a / b:.2f}" if a and b else "")
        lines.append("| " + " | ".join(cells) + " |")
    versions = []
    for rt, label, _, argv in rts:
        flag = "--version"
        try:
            out = subprocess.run(argv[:1] + [flag], capture_output=True, text=True).stdout.strip().splitlines()
        except OSError:
            out = []
        versions.append(f"- {label}: {out[0] if out else '?'}")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    lines += ["", "## Machine and runtimes", "",
              f"- Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
              f"- CPUs: {os.cpu_count()}, commit {commit or '?'}"] + versions
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
