#!/usr/bin/env bash
# Cross-runtime comparison: runs every workload in bench/workloads on the Sentra
# interpreter (`sentra run --tier interp`), the JIT (`--tier jit`) and the tiered default
# (`--tier tiered`) and, where installed, on CPython, Node,
# Lua 5.4 and LuaJIT (the same algorithm written idiomatically in each language),
# checks that every runtime prints the same line as Sentra, times whole processes and
# writes docs/benchmarks/compare.md (medians, ratios, geometric means, machine
# description) and docs/benchmarks/compare.svg (chart by bench/chart.py).
#
# Usage: bash bench/compare.sh [--runs N] [--only NAME[,NAME...]] [--quick] [--long] [--no-build]
#   --runs N      timed runs per command (default 5, after 1 warm-up run)
#   --only LIST   comma-separated workload names (default: all *.sn in bench/workloads)
#   --quick       2 timed runs, no warm-up (a smoke test; noisy numbers)
#   --long        the long sizes (each workload's N scaled so CPython takes about 1-3 s,
#                 where start-up no longer hides what compiled code buys); writes
#                 compare-long.md and compare-long.svg
#   --no-build    do not publish Sentra.Cli (Release, ReadyToRun) to artifacts/ first
#
# Requirements: the .NET SDK and python3 (the fallback timer, the report and the chart).
# Optional runtimes are used when found on PATH and skipped with a note otherwise;
# override the commands with PYTHON=..., NODE=..., LUA=..., LUAJIT=..., HYPERFINE=...
# (HYPERFINE=none uses the fallback timer). On Debian/Ubuntu
#   apt-get update && apt-get install -y lua5.4 luajit hyperfine
# adds Lua 5.4, LuaJIT and hyperfine (this script never installs anything itself).
# Timing is interleaved: N rounds, each running every runtime once in turn (after one
# warm-up run of each before the first round), and the median of the N times is reported.
# A shared machine has slow spells that last seconds; timing all runs of one runtime and
# then all runs of the next puts a spell on one of them only, interleaving spreads it over
# all. With hyperfine each round is one `hyperfine --runs 1 --export-json` over all the
# runtimes; without it a small python3 loop does the same.
#
# Exit status: 0 when every output matched, 1 on a wrong/failed output, 2 on usage errors.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

RUNS=5
WARMUP=1
ONLY=""
BUILD=1
LONG=0
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) [[ $# -ge 2 ]] || { usage >&2; exit 2; }; RUNS="$2"; shift 2 ;;
    --runs=*) RUNS="${1#--runs=}"; shift ;;
    --only) [[ $# -ge 2 ]] || { usage >&2; exit 2; }; ONLY="$2"; shift 2 ;;
    --only=*) ONLY="${1#--only=}"; shift ;;
    --quick) RUNS=2; WARMUP=0; shift ;;
    --long) LONG=1; shift ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "compare.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
if ! [[ "$RUNS" =~ ^[0-9]+$ ]] || (( RUNS < 1 )); then
  echo "compare.sh: --runs needs a positive integer" >&2; exit 2
fi
command -v python3 >/dev/null 2>&1 || { echo "compare.sh: python3 is required (timer, report, chart)" >&2; exit 2; }

WORKDIR="bench/workloads"
OUTDIR="docs/benchmarks"
REPORT="compare"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/sentra-compare.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

if (( LONG )); then
  # The long sizes: every file's first `N = <int>` line (the same in each language) scaled.
  # The workloads check their result only at their own N, and every runtime's output is
  # still compared with Sentra's, so a wrong answer at the long size is caught too.
  REPORT="compare-long"
  mkdir -p "$TMP/workloads"
  python3 - "$WORKDIR" "$TMP/workloads" <<'PY'
import os, re, sys
src, dst = sys.argv[1], sys.argv[2]
# fib and binary_trees grow exponentially in N: add to it; the rest are linear or n log n
add = {"fib": 3, "binary_trees": 2}
for name in os.listdir(src):
    base = name.rsplit(".", 1)[0]
    text = open(os.path.join(src, name), encoding="utf-8").read()
    def scale(m):
        n = int(m.group(2))
        return m.group(1) + str(n + add[base] if base in add else n * 5)
    text = re.sub(r"^((?:let |const |local )?N = )(\d+)", scale, text, count=1, flags=re.M)
    open(os.path.join(dst, name), "w", encoding="utf-8").write(text)
PY
  WORKDIR="$TMP/workloads"
fi

# ---- workloads -------------------------------------------------------------------------
WORKLOADS=()
if [[ -n "$ONLY" ]]; then
  IFS=',' read -r -a WORKLOADS <<< "$ONLY"
  for w in "${WORKLOADS[@]}"; do
    [[ -f "$WORKDIR/$w.sn" ]] || { echo "compare.sh: no workload '$w' ($WORKDIR/$w.sn)" >&2; exit 2; }
  done
else
  for f in "$WORKDIR"/*.sn; do WORKLOADS+=("$(basename "$f" .sn)"); done
fi

# ---- sentra ----------------------------------------------------------------------------
# The CLI is published ReadyToRun (precompiled), as a user would install it: start-up and
# JIT warm-up are part of every whole-process time, and R2R is how .NET cuts them.
RID="$(dotnet --info 2>/dev/null | awk '/^ *RID:/ {print $2; exit}')"
RID="${RID:-linux-x64}"
BIN="artifacts/sentra-$RID"
if (( BUILD )); then
  echo "publishing Sentra.Cli (Release, ReadyToRun, $RID) to $BIN..."
  # self-contained + composite: the app and the framework precompiled as one version bubble
  # (generic code over Sentra's Value type included); trimmed: a third of the image to map
  # and page in. The fastest start-up measured here (docs/performance.md, "Start-up")
  rm -rf "$BIN" Sentra.Cli/obj/Release/net10.0/"$RID" Sentra.Core/obj/Release/net10.0/"$RID" Sentra.Interpreter/obj/Release/net10.0/"$RID"
  dotnet publish Sentra.Cli -c Release -r "$RID" --self-contained true -p:PublishReadyToRun=true \
    -p:PublishReadyToRunComposite=true -p:PublishTrimmed=true -o "$BIN" -nologo -v quiet
fi
if [[ -x "$BIN/sentra" ]]; then
  SENTRA=("$BIN/sentra")
elif [[ -f "$BIN/sentra.dll" ]]; then
  SENTRA=(dotnet "$BIN/sentra.dll")
else
  echo "compare.sh: $BIN/sentra(.dll) not found; publish it or drop --no-build" >&2; exit 2
fi

# ---- runtimes --------------------------------------------------------------------------
# id | label | extension | command (the file is appended)
RT_IDS=(sentra)
declare -A RT_LABEL=([sentra]="sentra (interp)") RT_EXT=([sentra]=sn) RT_VERSION=()
declare -A RT_CMD=([sentra]="$(printf '%q ' "${SENTRA[@]}")run --tier interp")
RT_VERSION[sentra]="$(dotnet --list-runtimes 2>/dev/null | awk '/Microsoft.NETCore.App/ {v=$2} END {print ".NET " v}')"
# the JIT tiers: every function compiled at its first call, and the tiered default
RT_IDS+=(sentra_jit sentra_tiered)
RT_LABEL[sentra_jit]="sentra (jit)"; RT_EXT[sentra_jit]=sn; RT_CMD[sentra_jit]="$(printf '%q ' "${SENTRA[@]}")run --tier jit"
RT_LABEL[sentra_tiered]="sentra (tiered)"; RT_EXT[sentra_tiered]=sn; RT_CMD[sentra_tiered]="$(printf '%q ' "${SENTRA[@]}")run --tier tiered"
RT_VERSION[sentra_jit]="${RT_VERSION[sentra]}"; RT_VERSION[sentra_tiered]="${RT_VERSION[sentra]}"
NOTES=()

add_runtime() { # id label ext command version-command...
  local id="$1" label="$2" ext="$3" cmd="$4"; shift 4
  if command -v "$cmd" >/dev/null 2>&1; then
    RT_IDS+=("$id"); RT_LABEL[$id]="$label"; RT_EXT[$id]="$ext"; RT_CMD[$id]="$(printf '%q' "$cmd")"
    RT_VERSION[$id]="$("$cmd" "$@" 2>&1 | head -n 1 | tr -d '\r')"
  else
    NOTES+=("$label skipped: '$cmd' not found")
    echo "note: $label skipped ('$cmd' not found)"
  fi
}
LUA_CMD="${LUA:-lua5.4}"
if [[ -z "${LUA:-}" ]] && ! command -v lua5.4 >/dev/null 2>&1 && command -v lua >/dev/null 2>&1 \
   && lua -v 2>&1 | grep -q 'Lua 5\.4'; then
  LUA_CMD=lua
fi
# Time the interpreter itself, not a wrapper in front of it (e.g. a pyenv shim, a bash
# script that costs ~0.1 s per start).
PY_CMD="${PYTHON:-python3}"
if command -v "$PY_CMD" >/dev/null 2>&1; then
  PY_REAL="$("$PY_CMD" -c 'import sys; print(sys.executable)' 2>/dev/null || true)"
  [[ -n "$PY_REAL" && -x "$PY_REAL" ]] && PY_CMD="$PY_REAL"
fi
add_runtime cpython "CPython" py "$PY_CMD" --version
add_runtime node "Node" js "${NODE:-node}" --version
add_runtime lua54 "Lua 5.4" lua "$LUA_CMD" -v
add_runtime luajit "LuaJIT" lua "${LUAJIT:-luajit}" -v

HYPERFINE="${HYPERFINE:-hyperfine}"   # HYPERFINE=none forces the fallback timer
if [[ "$HYPERFINE" != none ]] && command -v "$HYPERFINE" >/dev/null 2>&1; then
  TIMER="hyperfine"
  TIMER_DESC="$("$HYPERFINE" --version), $RUNS interleaved rounds of one run per runtime after $WARMUP warm-up run(s), no intermediate shell (-N)"
else
  TIMER="python"
  TIMER_DESC="python3 fallback timer ($RUNS interleaved rounds after $WARMUP warm-up run(s), median)"
  NOTES+=("hyperfine not used: timed with the python3 fallback timer")
  echo "note: hyperfine not used, timing with the python3 fallback timer"
fi

# Fallback timer: writes hyperfine-shaped JSON ({"results": [{"command", "median", ...}]}).
cat > "$TMP/timer.py" <<'PY'
import json, shlex, statistics, subprocess, sys, time
runs, warmup, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
pairs = sys.argv[4:]
names, argvs = pairs[0::2], [shlex.split(c) for c in pairs[1::2]]
times = {name: [] for name in names}
for k in range(warmup + runs):  # interleaved rounds: every command once per round
    for name, argv in zip(names, argvs):
        t0 = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        if k >= warmup:
            times[name].append(time.perf_counter() - t0)
results = [{"command": name, "median": statistics.median(t), "mean": statistics.mean(t),
            "min": min(t), "max": max(t), "times": t} for name, t in times.items()]
json.dump({"results": results}, open(out, "w"), indent=1)
PY

# ---- check outputs and time ------------------------------------------------------------
FAILED=0
: > "$TMP/results.tsv"
: > "$TMP/status.tsv"
for w in "${WORKLOADS[@]}"; do
  echo "== $w"
  expected=""
  names=(); cmds=()
  for id in "${RT_IDS[@]}"; do
    file="$WORKDIR/$w.${RT_EXT[$id]}"
    if [[ ! -f "$file" ]]; then
      echo "   ${RT_LABEL[$id]}: no $file, skipped"
      printf '%s\t%s\tmissing\n' "$w" "$id" >> "$TMP/status.tsv"
      continue
    fi
    cmd="${RT_CMD[$id]} $(printf '%q' "$file")"
    set +e
    out="$(eval "$cmd" 2> "$TMP/stderr")"
    rc=$?
    set -e
    if [[ "$id" == sentra ]]; then
      if (( rc != 0 )); then
        echo "   FAIL sentra exited with $rc:"; sed 's/^/     /' "$TMP/stderr"
        printf '%s\t%s\tfailed\n' "$w" "$id" >> "$TMP/status.tsv"
        FAILED=1; break
      fi
      expected="$out"
      echo "   sentra output: $out"
    elif (( rc != 0 )) || [[ "$out" != "$expected" ]]; then
      echo "   FAIL ${RT_LABEL[$id]}: exit $rc, output '$out' (sentra printed '$expected')"
      sed 's/^/     /' "$TMP/stderr" | head -n 5
      printf '%s\t%s\tmismatch\n' "$w" "$id" >> "$TMP/status.tsv"
      FAILED=1; continue
    fi
    printf '%s\t%s\tok\n' "$w" "$id" >> "$TMP/status.tsv"
    names+=("$id"); cmds+=("$cmd")
  done
  (( ${#names[@]} > 0 )) || continue
  json="$TMP/$w.json"
  if [[ "$TIMER" == hyperfine ]]; then
    # interleaved rounds: each round times every runtime once (the warm-up runs before the
    # first), so a slow spell of a shared machine falls on all runtimes alike instead of on
    # whichever one was being timed (see the header)
    for ((r = 1; r <= RUNS; r++)); do
      hf=("$HYPERFINE" -N --style basic --warmup "$(( r == 1 ? WARMUP : 0 ))" --runs 1 --export-json "$TMP/$w.round$r.json")
      for i in "${!names[@]}"; do hf+=(-n "${names[$i]}" "${cmds[$i]}"); done
      "${hf[@]}" > "$TMP/hyperfine.log" 2>&1 || { cat "$TMP/hyperfine.log"; echo "compare.sh: hyperfine failed" >&2; exit 1; }
    done
    python3 - "$json" "$TMP/$w".round*.json <<'PY'
import json, statistics, sys
rounds = [json.load(open(f))["results"] for f in sys.argv[2:]]
merged = []
for k, first in enumerate(rounds[0]):
    times = [t for r in rounds for t in r[k]["times"]]
    merged.append({"command": first["command"], "median": statistics.median(times), "mean": statistics.mean(times),
                   "min": min(times), "max": max(times), "times": times})
json.dump({"results": merged}, open(sys.argv[1], "w"), indent=1)
PY
  else
    args=()
    for i in "${!names[@]}"; do args+=("${names[$i]}" "${cmds[$i]}"); done
    python3 "$TMP/timer.py" "$RUNS" "$WARMUP" "$json" "${args[@]}"
  fi
  # results are in command order
  python3 - "$json" "$w" "${names[@]}" >> "$TMP/results.tsv" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))["results"]
for rt, r in zip(sys.argv[3:], data):
    print(f"{sys.argv[2]}\t{rt}\t{r['median']:.6f}\t{min(r['times']):.6f}\t{max(r['times']):.6f}")
PY
  awk -F'\t' -v w="$w" '$1 == w { printf "   %-8s median %.3f s\n", $2, $3 }' "$TMP/results.tsv"
done

# ---- report ----------------------------------------------------------------------------
mkdir -p "$OUTDIR"
{
  for id in "${RT_IDS[@]}"; do printf '%s\t%s\t%s\n' "$id" "${RT_LABEL[$id]}" "${RT_VERSION[$id]}"; done
} > "$TMP/runtimes.tsv"
CPU="$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)"
[[ -n "$CPU" ]] || CPU="$(uname -m)"
{
  printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf 'cpu\t%s\n' "$CPU"
  printf 'nproc\t%s\n' "$(nproc 2>/dev/null || echo '?')"
  printf 'os\t%s\n' "$(uname -sr)"
  printf 'commit\t%s\n' "$(git rev-parse --short HEAD 2>/dev/null || echo '?')$( [[ -n "$(git status --porcelain 2>/dev/null | head -n 1)" ]] && echo ' (dirty tree)')"
  printf 'timer\t%s\n' "$TIMER_DESC"
  for n in "${NOTES[@]+"${NOTES[@]}"}"; do printf 'note\t%s\n' "$n"; done
} > "$TMP/meta.tsv"

python3 - "$TMP" "$OUTDIR/$REPORT.md" "$REPORT" <<'PY'
import math, sys
tmp, out = sys.argv[1], sys.argv[2]
runtimes = [l.rstrip("\n").split("\t") for l in open(f"{tmp}/runtimes.tsv") if l.strip()]
meta = [l.rstrip("\n").split("\t", 1) for l in open(f"{tmp}/meta.tsv") if l.strip()]
med, status, workloads = {}, {}, []
for l in open(f"{tmp}/status.tsv"):
    w, rt, st = l.rstrip("\n").split("\t")
    status[(w, rt)] = st
    if w not in workloads:
        workloads.append(w)
for l in open(f"{tmp}/results.tsv"):
    w, rt, m, lo, hi = l.rstrip("\n").split("\t")
    med[(w, rt)] = float(m)
ids = [r[0] for r in runtimes]
label = {r[0]: r[1] for r in runtimes}
others = [i for i in ids if i != "sentra"]

def cell(w, rt):
    if (w, rt) in med:
        return f"{med[(w, rt)]:.3f}"
    return {"mismatch": "wrong output", "failed": "failed", "missing": "n/a"}.get(status.get((w, rt)), "n/a")

def geomean(rt):
    vals = [med.get((w, rt)) for w in workloads]
    if not vals or any(v is None for v in vals):
        return None
    return math.exp(sum(math.log(v) for v in vals) / len(vals))

head = ["Workload"] + [label[i] for i in ids] + [f"{label[i]}/sentra" for i in others]
lines = ["# Cross-runtime comparison", "",
         "Generated by `bash bench/compare.sh`; do not edit by hand. Median wall-clock time in",
         "seconds of the whole process (start-up, compilation and JIT warm-up included) for the",
         "same algorithm in each language (`bench/workloads/NAME.{sn,py,js,lua}`); every runtime",
         "printed the same result line as Sentra unless marked. `X/sentra` is X's median divided",
         "by Sentra's: above 1 means Sentra is faster. Lower times are better.", "",
         "| " + " | ".join(head) + " |",
         "|---" + "|---:" * (len(head) - 1) + "|"]
for w in workloads:
    row = [f"`{w}`"] + [cell(w, i) for i in ids]
    for i in others:
        a, b = med.get((w, i)), med.get((w, "sentra"))
        row.append(f"{a / b:.2f}" if a is not None and b is not None else "")
    lines.append("| " + " | ".join(row) + " |")
g = {i: geomean(i) for i in ids}
row = ["**geometric mean**"] + [f"**{g[i]:.3f}**" if g[i] else "" for i in ids]
for i in others:
    row.append(f"**{g[i] / g['sentra']:.2f}**" if g[i] and g["sentra"] else "")
lines.append("| " + " | ".join(row) + " |")
lines += ["", f"![time relative to CPython, log scale]({sys.argv[3]}.svg)", "", "## Machine", ""]
keymap = {"date": "Date", "cpu": "CPU", "nproc": "Logical CPUs (`nproc`)", "os": "OS", "commit": "Commit",
          "timer": "Timing"}
for k, v in meta:
    if k != "note":
        lines.append(f"- {keymap.get(k, k)}: {v}")
lines += ["", "## Runtimes", ""]
for i, lab, ver in runtimes:
    lines.append(f"- {lab}: {ver}")
notes = [v for k, v in meta if k == "note"]
if notes:
    lines += ["", "## Notes", ""] + [f"- {n}" for n in notes]
open(out, "w").write("\n".join(lines) + "\n")
PY
python3 bench/chart.py "$TMP/results.tsv" "$TMP/runtimes.tsv" "$OUTDIR/$REPORT.svg"
echo "wrote $OUTDIR/$REPORT.md and $OUTDIR/$REPORT.svg"
if (( FAILED )); then
  echo "compare.sh: some outputs did not match Sentra's (see above)" >&2
  exit 1
fi
