#!/usr/bin/env python3
"""Interleaved A/B timing of two Sentra CLI builds on the workloads in bench/workloads.

Usage: python3 bench/ab.py [--pairs N] [--tier T] [--cpu] A_SENTRA B_SENTRA [WORKLOAD...]

Runs `A run W.sn` and `B run W.sn` alternately (A first on even pairs, B first on odd
ones), N pairs per workload after one warm-up run of each, and prints the medians, the
median of the per-pair ratios A/B (above 1: B is faster) and the ratio of the minimums.
`--tier T` runs both on that tier (`sentra run --tier T`); `--cpu` compares the processes'
CPU time (user + system) instead of wall-clock time, steadier than wall time when other
work shares the machine (it leaves out time spent waiting for a core, and counts work on
other threads such as the .NET JIT's).
Shared machines drift by tens of percent over minutes; timing the two builds in
alternation exposes both to the same drift, which back-to-back batches (all runs of A,
then all of B) do not. This is how the per-change figures in docs/performance.md were
measured. Publish each build first, e.g.

  dotnet publish Sentra.Cli -c Release -r linux-x64 --self-contained true \\
    -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true -p:PublishTrimmed=true -o /tmp/a
"""
import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent
WORKLOADS = ROOT / "workloads"


def run(sentra: str, script: pathlib.Path, tier: str | None, cpu: bool) -> float:
    command = [sentra, "run", str(script)] + (["--tier", tier] if tier else [])
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            sys.exit(f"ab.py: {' '.join(command)} failed: {err.read().decode(errors='replace').strip()}")
    return usage.ru_utime + usage.ru_stime if cpu else elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=8, help="alternating pairs per workload (default 8)")
    parser.add_argument("--tier", help="the tier both builds run on (sentra run --tier T; default: the CLI's default)")
    parser.add_argument("--cpu", action="store_true", help="compare CPU time (user + system) instead of wall-clock time")
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("workloads", nargs="*",
                        help="names in bench/workloads, or paths of .sn files such as examples/hello.sn (default: all workloads)")
    args = parser.parse_args()
    names = args.workloads or sorted(p.stem for p in WORKLOADS.glob("*.sn"))
    print(f"{'workload':14s} {'A median':>9s} {'B median':>9s} {'A/B pairs':>10s} {'A/B min':>8s}")
    for name in names:
        script = pathlib.Path(name) if name.endswith(".sn") else WORKLOADS / f"{name}.sn"
        name = script.stem
        if not script.exists():
            sys.exit(f"ab.py: no workload '{name}' ({script})")
        run(args.a, script, args.tier, args.cpu)
        run(args.b, script, args.tier, args.cpu)
        times_a, times_b = [], []
        for i in range(args.pairs):
            order = [(args.a, times_a), (args.b, times_b)]
            for sentra, times in order if i % 2 == 0 else reversed(order):
                times.append(run(sentra, script, args.tier, args.cpu))
        ratios = [a / b for a, b in zip(times_a, times_b)]
        print(f"{name:14s} {statistics.median(times_a):9.3f} {statistics.median(times_b):9.3f} "
              f"{statistics.median(ratios):10.3f} {min(times_a) / min(times_b):8.3f}", flush=True)


if __name__ == "__main__":
    main()
