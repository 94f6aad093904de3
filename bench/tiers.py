#!/usr/bin/env python3
"""Interleaved timing of one Sentra CLI on several tiers (or option sets), on whole processes.

Usage: python3 bench/tiers.py [--runs N] [--sentra PATH] [--configs C,C,...] [--long] [WORKLOAD...]

Each config is a tier name (`interp`, `jit`, `tiered`, `stress`) optionally followed by more
`sentra run` options separated by spaces (`"tiered --jit-background"`), optionally prefixed
by `PATH@` to run another build (`/tmp/old/sentra@tiered`) and by environment variables
(`"DOTNET_TieredPGO=0 tiered"`). Every round runs each
config once, in an order rotated from round to round, after one warm-up run of each; the
table gives, per workload and config, the median wall-clock time, the median CPU time
(user + system, from wait4) and the median of the per-round ratios to the first config
(wall and CPU). A shared machine drifts by tens of percent over minutes: only configs timed
in the same rounds are compared. `--long` scales the workload's `let N = ...` as
`compare.sh --long` does (in a temporary copy); a path to any `.sn` file works as a workload.

  python3 bench/tiers.py --runs 10 --configs interp,tiered,jit closures strings examples/hello.sn
"""
import argparse
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent
WORKLOADS = ROOT / "workloads"
DEFAULT_SENTRA = ROOT.parent / "artifacts" / "sentra-linux-x64" / "sentra"


def command_of(config: str, default_sentra: str) -> tuple[list[str], dict[str, str]]:
    words = config.split()
    env = dict(os.environ)
    while words and "=" in words[0] and not words[0].startswith("-"):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    sentra = default_sentra
    if "@" in words[0]:
        sentra, words[0] = words[0].split("@", 1)
    return [sentra, "run", "--tier", words[0]] + words[1:], env


def run(config: tuple[list[str], dict[str, str]], script: pathlib.Path) -> tuple[float, float, str]:
    command, env = config
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(command[:2] + [str(script)] + command[2:], stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            sys.exit(f"tiers.py: {' '.join(command)} {script} failed: {err.read().decode(errors='replace').strip()}")
        out.seek(0)
        return elapsed, usage.ru_utime + usage.ru_stime, out.read().decode(errors="replace")


# the long sizes of compare.sh --long: fib and binary_trees grow exponentially in N (add to
# it), the rest are linear or n log n (times 5)
LONG_ADD = {"fib": 3, "binary_trees": 2}


def scaled(script: pathlib.Path, long: bool, tmp: pathlib.Path) -> pathlib.Path:
    if not long:
        return script
    text = script.read_text()
    add = LONG_ADD.get(script.stem)
    text, n = re.subn(r"^let N = (\d+)", lambda m: f"let N = {int(m.group(1)) + add if add else int(m.group(1)) * 5}",
                      text, count=1, flags=re.M)
    if n == 0:
        sys.exit(f"tiers.py: {script} has no 'let N = ...' line to scale")
    copy = tmp / script.name
    copy.write_text(text)
    return copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8, help="interleaved rounds per workload (default 8)")
    parser.add_argument("--sentra", default=str(DEFAULT_SENTRA), help="the CLI (default: artifacts/sentra-linux-x64/sentra)")
    parser.add_argument("--configs", default="interp,tiered,jit", help="comma-separated configs; the first is the reference")
    parser.add_argument("--long", action="store_true", help="the long sizes of compare.sh --long")
    parser.add_argument("workloads", nargs="*", help="names in bench/workloads or .sn paths (default: all workloads)")
    args = parser.parse_args()
    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    commands = [command_of(c, args.sentra) for c in configs]
    names = args.workloads or sorted(p.stem for p in WORKLOADS.glob("*.sn"))
    width = max(len(c) for c in configs)
    print(f"{'workload':14s} {'config':{width}s} {'wall':>7s} {'cpu':>7s} {'wall/ref':>9s} {'cpu/ref':>8s}")
    with tempfile.TemporaryDirectory() as tmpdir:
        for name in names:
            source = pathlib.Path(name) if name.endswith(".sn") else WORKLOADS / f"{name}.sn"
            if not source.exists():
                sys.exit(f"tiers.py: no workload '{name}' ({source})")
            script = scaled(source, args.long, pathlib.Path(tmpdir))
            outputs = {run(c, script)[2] for c in commands}
            if len(outputs) != 1:
                sys.exit(f"tiers.py: {source.stem}: the configs print different output")
            wall = [[] for _ in configs]
            cpu = [[] for _ in configs]
            for r in range(args.runs):
                k = r % len(configs)
                for i in list(range(k, len(configs))) + list(range(k)):
                    w, c, _ = run(commands[i], script)
                    wall[i].append(w)
                    cpu[i].append(c)
            for i, config in enumerate(configs):
                wr = statistics.median(a / b for a, b in zip(wall[i], wall[0]))
                cr = statistics.median(a / b for a, b in zip(cpu[i], cpu[0]))
                print(f"{source.stem if i == 0 else '':14s} {config:{width}s} {statistics.median(wall[i]):7.3f} "
                      f"{statistics.median(cpu[i]):7.3f} {wr:9.3f} {cr:8.3f}", flush=True)


if __name__ == "__main__":
    main()
