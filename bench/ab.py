#!/usr/bin/env python3
"""Interleaved A/B timing of two Sentra CLI builds on the workloads in bench/workloads.

Usage: python3 bench/ab.py [--pairs N] A_SENTRA B_SENTRA [WORKLOAD...]

Runs `A run W.sn` and `B run W.sn` alternately (A first on even pairs, B first on odd
ones), N pairs per workload after one warm-up run of each, and prints the medians, the
median of the per-pair ratios A/B (above 1: B is faster) and the ratio of the minimums.
Shared machines drift by tens of percent over minutes; timing the two builds in
alternation exposes both to the same drift, which back-to-back batches (all runs of A,
then all of B) do not. This is how the per-change figures in docs/performance.md were
measured. Publish each build first, e.g.

  dotnet publish Sentra.Cli -c Release -r linux-x64 --self-contained true \\
    -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true -p:PublishTrimmed=true -o /tmp/a
"""
import argparse
import pathlib
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent
WORKLOADS = ROOT / "workloads"


def run(sentra: str, script: pathlib.Path) -> float:
    start = time.perf_counter()
    done = subprocess.run([sentra, "run", str(script)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"ab.py: {sentra} run {script.name} failed: {done.stderr.decode(errors='replace').strip()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=8, help="alternating pairs per workload (default 8)")
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
        run(args.a, script)
        run(args.b, script)
        times_a, times_b = [], []
        for i in range(args.pairs):
            order = [(args.a, times_a), (args.b, times_b)]
            for sentra, times in order if i % 2 == 0 else reversed(order):
                times.append(run(sentra, script))
        ratios = [a / b for a, b in zip(times_a, times_b)]
        print(f"{name:14s} {statistics.median(times_a):9.3f} {statistics.median(times_b):9.3f} "
              f"{statistics.median(ratios):10.3f} {min(times_a) / min(times_b):8.3f}", flush=True)


if __name__ == "__main__":
    main()
