#!/usr/bin/env python3
"""Hostile scripts against the CLI's limits: how long each takes to stop, and its peak memory.

Every case is a whole `sentra run` process with a limit set (a 100 ms timeout, or a 256 MB
memory budget for the memory bombs). For each case and tier it reports the ending (the
error line the CLI printed and the exit status), the time from the start of compilation to
the stop (`--stats` "compile + run", so process start-up is not counted), and the peak
resident memory of the process. A case passes when it ends as expected within its target:
150 ms for the timeout cases, 500 ms and 2x the budget of resident memory for the memory
bombs, 1 s for compiling a 100,000-term expression.

    python3 bench/limits.py                       # every case on interp, jit and tiered, 3 runs each
    python3 bench/limits.py --runs 5 --tiers interp --only continue_loop,sleep_loop
    python3 bench/limits.py --sentra artifacts/sentra-linux-x64/sentra

It uses the published CLI that `bench/compare.sh` builds (artifacts/sentra-RID/sentra) when
present, else builds Sentra.Cli (Release) into artifacts/limits-cli. Exit status 1 when a
case ends differently from what it expects (a wrong message or a crash); times over target
are reported, not failed on (a loaded machine makes single times unreliable).
"""
import argparse
import glob
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

FLAT = "let a = " + "+".join(["1"] * 100_000) + "\nlog(a)\n"

# name: (source, CLI limit options, expected text in the output, target ms)
CASES = {
    "infinite_loop": ("let i = 0\nwhile true { i = i + 1 }\n",
                      ["--timeout", "100"], "timeout", 150),
    "continue_loop": ("let i = 0\nwhile true {\n  i = i + 1\n  if i > 0 { continue }\n  log(1)\n}\n",
                      ["--timeout", "100"], "timeout", 150),
    "catch_everything": ("while true {\n  try { let x = nil + 1 } catch e { }\n}\n",
                         ["--timeout", "100"], "timeout", 150),
    "sleep_loop": ("while true { sleep(1000) }\n", ["--timeout", "100"], "timeout", 150),
    "builtin_loop": ("let a = range(20000)\nwhile true { let s = join(a, \",\") }\n",
                     ["--timeout", "100"], "timeout", 150),
    "str_deep": ("let a = []\nfor i in range(100000) { a = [a] }\nwhile true { let s = str(a) }\n",
                 ["--timeout", "100"], "timeout", 150),
    "unwind_callbacks": ("fn f(n) { return [n + 1].map(f)[0] + 1 }\nf(0)\n",
                         ["--timeout", "100"], "timeout|stack overflow", 150),
    "recursion": ("fn f(n) { return f(n + 1) + 1 }\nf(0)\n", ["--timeout", "100"], "stack overflow", 150),
    "flat_expression": (FLAT, [], "100000", 1000),
    "flat_expression_timeout": (FLAT, ["--timeout", "100"], "100000|timeout", 150),
    "str_shared": ("let a = [1, 2, 3]\nfor i in range(40) { a = [a, a] }\nlog(len(str(a)))\n",
                   ["--max-memory", "256"], "memory|too long|too large", 500),
    "string_doubling": ("let s = \"x\"\nwhile true { s = s + s }\n",
                        ["--max-memory", "256"], "memory|too long", 500),
    "array_push": ("let a = []\nwhile true { a.push(\"item\") }\n",
                   ["--max-memory", "256"], "memory|too", 500),
    "catch_oom_and_go_on": ("let keep = []\nwhile true {\n  try {\n    let s = \"x\"\n"
                            "    while true { s = s + s  keep.push(s) }\n  } catch e { keep.push(e) }\n}\n",
                            ["--max-memory", "256"], "memory", 500),
}

TIERS = ["interp", "jit", "tiered"]


def find_cli(explicit):
    if explicit:
        return explicit
    published = sorted(glob.glob(os.path.join(ROOT, "artifacts", "sentra-*", "sentra")))
    if published:
        return published[0]
    out = os.path.join(ROOT, "artifacts", "limits-cli")
    subprocess.run(["dotnet", "build", os.path.join(ROOT, "Sentra.Cli"), "-c", "Release", "-o", out],
                   check=True, stdout=subprocess.DEVNULL)
    return os.path.join(out, "sentra")


def run_once(cli, path, tier, options):
    """One process: (stop ms from --stats or None, wall s, peak RSS MB, exit status, ending line)."""
    cmd = [cli, "run", path, "--tier", tier, "--stats"] + options
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        watchdog = threading.Timer(120, proc.kill)
        watchdog.start()
        # os.wait4 gives this child's own resource usage (peak RSS in KB on Linux)
        _, status, usage = os.wait4(proc.pid, 0)
        watchdog.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        text = out.read() + err.read()
    if proc.returncode == -9 and wall >= 119:
        return None, wall, usage.ru_maxrss / 1024, -9, "HANG (killed after 120 s)"
    m = re.search(r"compile \+ run ([0-9.]+) ms", text)
    lines = [line for line in text.strip().splitlines() if not line.startswith("[stats]") and line.strip()]
    ending = lines[0] if lines else ""
    return (float(m.group(1)) if m else None), wall, usage.ru_maxrss / 1024, proc.returncode, ending


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--tiers", default=",".join(TIERS))
    ap.add_argument("--only", default="")
    ap.add_argument("--sentra", default="")
    args = ap.parse_args()
    cli = find_cli(args.sentra)
    names = [n for n in CASES if not args.only or n in args.only.split(",")]
    tiers = args.tiers.split(",")
    wrong = 0
    print(f"# {cli}, {args.runs} runs, medians; load average {os.getloadavg()[0]:.1f}")
    print(f"| case | tier | ending (exit status) | stop ms (median) | target ms | peak RSS MB | |")
    print(f"|---|---|---|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            source, options, expect, target = CASES[name]
            path = os.path.join(tmp, name + ".sn")
            with open(path, "w") as f:
                f.write(source)
            for tier in tiers:
                times, rsses, ending, status = [], [], "", 0
                for _ in range(args.runs):
                    ms, wall, rss, status, ending = run_once(cli, path, tier, options)
                    times.append(ms if ms is not None else wall * 1000)
                    rsses.append(rss)
                ok = re.search(expect, ending) is not None and status in (0, 1)
                if not ok:
                    wrong += 1
                median = statistics.median(times)
                mark = "ok" if ok and median <= target else ("over target" if ok else "WRONG ENDING")
                peak = max(rsses)
                print(f"| `{name}` | {tier} | {ending[:70]} ({status}) | {median:.0f} | {target} | "
                      f"{peak:.0f} | {mark} |", flush=True)
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
