#!/usr/bin/env python3
"""Grouped bar chart (hand-written SVG, no dependencies) of bench/compare.sh results.

Usage: python3 bench/chart.py RESULTS.tsv RUNTIMES.tsv OUT.svg

RESULTS.tsv lines: workload, runtime id, median seconds[, min, max] (tab-separated).
RUNTIMES.tsv lines: runtime id, label[, version] in legend order.
Each bar is a runtime's median time divided by CPython's median on the same workload
(CPython = 1; lower is faster), on a logarithmic axis; the last group is the geometric
mean over the workloads every runtime completed. Without CPython results the baseline
is the first runtime (sentra).
"""
import math
import sys
from xml.sax.saxutils import escape

COLORS = {
    "sentra": "#7b3fbf",
    "cpython": "#3572a5",
    "node": "#5fa04e",
    "lua54": "#1f2f98",
    "luajit": "#e67e22",
}
FALLBACK_COLORS = ["#c0392b", "#16a085", "#8e44ad", "#7f8c8d"]


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    results, runtimes, out = read_tsv(argv[1]), read_tsv(argv[2]), argv[3]
    med, workloads = {}, []
    for row in results:
        w, rt, m = row[0], row[1], float(row[2])
        med[(w, rt)] = m
        if w not in workloads:
            workloads.append(w)
    ids = [r[0] for r in runtimes if any((w, r[0]) in med for w in workloads)]
    label = {r[0]: r[1] for r in runtimes}
    base = "cpython" if "cpython" in ids else (ids[0] if ids else None)

    groups = []  # (name, {runtime: ratio})
    for w in workloads:
        b = med.get((w, base))
        if b:
            groups.append((w, {rt: med[(w, rt)] / b for rt in ids if (w, rt) in med}))
    complete = [w for w in workloads if all((w, rt) in med for rt in ids)]
    if complete and base:
        gm = {}
        for rt in ids:
            gm[rt] = math.exp(sum(math.log(med[(w, rt)] / med[(w, base)]) for w in complete) / len(complete))
        groups.append(("geomean", gm))

    svg = render(groups, ids, label, label.get(base, base or "?"))
    with open(out, "w", encoding="utf-8") as f:
        f.write(svg)
    return 0


def render(groups, ids, label, base_label):
    bar_w, gap = 13, 18
    left, right, top, bottom = 64, 170, 46, 92
    group_w = max(1, len(ids)) * bar_w + gap
    plot_w = max(560, len(groups) * group_w)
    group_w = plot_w / max(1, len(groups))
    plot_h = 300
    width, height = left + plot_w + right, top + plot_h + bottom

    values = [v for _, g in groups for v in g.values() if v > 0] or [1.0]
    lo = 10 ** math.floor(math.log10(min(min(values), 1.0)))
    hi = 10 ** math.ceil(math.log10(max(max(values), 1.0)))
    if hi <= lo:
        hi = lo * 10
    span = math.log10(hi) - math.log10(lo)

    def y(v):
        v = min(max(v, lo), hi)
        return top + plot_h - (math.log10(v) - math.log10(lo)) / span * plot_h

    def fmt(v):
        return f"{v:g}" if v >= 0.01 else f"{v:.0e}"

    o = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
         f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="12">',
         f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
         f'<text x="{left}" y="22" font-size="15" font-weight="bold">Time relative to {escape(base_label)} '
         f'(log scale, lower is faster)</text>',
         f'<text x="{left}" y="38" fill="#555">median whole-process wall time per workload; '
         f'{escape(base_label)} = 1</text>']
    # grid: decades (labelled) and 2x/5x minor lines
    d = lo
    while d <= hi * 1.0001:
        yy = y(d)
        o.append(f'<line x1="{left}" y1="{yy:.1f}" x2="{left + plot_w}" y2="{yy:.1f}" stroke="#bbb"/>')
        o.append(f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end">{fmt(d)}×</text>')
        for m in (2, 5):
            if d * m < hi:
                ym = y(d * m)
                o.append(f'<line x1="{left}" y1="{ym:.1f}" x2="{left + plot_w}" y2="{ym:.1f}" '
                         f'stroke="#eee"/>')
        d *= 10
    o.append(f'<line x1="{left}" y1="{y(1.0):.1f}" x2="{left + plot_w}" y2="{y(1.0):.1f}" '
             f'stroke="#333" stroke-dasharray="4 3"/>')
    # bars
    for gi, (name, g) in enumerate(groups):
        x0 = left + gi * group_w + (group_w - len(ids) * bar_w) / 2
        for bi, rt in enumerate(ids):
            if rt not in g:
                continue
            v = g[rt]
            x = x0 + bi * bar_w
            yt, yb = y(v), top + plot_h
            color = color_of(rt, ids)
            o.append(f'<rect x="{x:.1f}" y="{yt:.1f}" width="{bar_w - 2}" height="{max(yb - yt, 1):.1f}" '
                     f'fill="{color}"><title>{escape(name)} — {escape(label.get(rt, rt))}: '
                     f'{v:.3g}×</title></rect>')
        cx = x0 + len(ids) * bar_w / 2
        weight = ' font-weight="bold"' if name == "geomean" else ""
        o.append(f'<text x="{cx:.1f}" y="{top + plot_h + 14}" text-anchor="end"{weight} '
                 f'transform="rotate(-35 {cx:.1f} {top + plot_h + 14})">{escape(name)}</text>')
    o.append(f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#333"/>')
    # legend
    lx, ly = left + plot_w + 16, top + 8
    for i, rt in enumerate(ids):
        o.append(f'<rect x="{lx}" y="{ly + i * 20}" width="12" height="12" fill="{color_of(rt, ids)}"/>')
        o.append(f'<text x="{lx + 18}" y="{ly + i * 20 + 11}">{escape(label.get(rt, rt))}</text>')
    o.append("</svg>")
    return "\n".join(o) + "\n"


def color_of(rt, ids):
    if rt in COLORS:
        return COLORS[rt]
    extra = [i for i in ids if i not in COLORS]
    return FALLBACK_COLORS[extra.index(rt) % len(FALLBACK_COLORS)]


if __name__ == "__main__":
    sys.exit(main(sys.argv))
