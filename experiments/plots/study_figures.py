#!/usr/bin/env python3
"""Figures 12-15 of the LIBRA study from an `mdsim evaluate` results.csv.

Writes <out>/<fig>.png, <out>/<fig>.pdf and <out>/<fig>_data.csv, the last
holding exactly the points drawn (one row per point of every series), so the
figure can be checked without reading pixels.

  fig12  speedup over 2D EqualBW at the same BW/NPU
  fig13  network cost (million dollars)
  fig14  performance per cost, relative to 2D EqualBW at the same BW/NPU
  fig15  slowdown of a network optimized for one workload (or the group of
         three) running each workload, relative to the network optimized for it

Infeasible points (a dim over its kind's BW limit) are hollow and the line
into them is dashed. Exit codes: 0 ok, 2 bad input, 3 no data for the figure.
"""
import argparse
import csv
import os
import sys

TOPOLOGIES = ["2D", "3D", "4D"]
WORKLOADS = ["17B", "175B", "1T"]
WORKLOAD_LABEL = {"17B": "Transformer-17B", "175B": "GPT-3 (175B)", "1T": "Transformer-1T"}
STYLE = {  # series -> (colour, marker)
    "EqualBW": ("tab:gray", "o"),
    "PerfOptBW": ("tab:blue", "s"),
    "PerfPerCostOptBW": ("tab:green", "^"),
    "DGX-like": ("tab:red", "*"),
    "opt for 17B": ("tab:blue", "s"),
    "opt for 175B": ("tab:orange", "D"),
    "opt for 1T": ("tab:purple", "v"),
    "opt for group": ("tab:green", "o"),
}
DGX_BUDGET = 325.0
DATA_COLUMNS = ["figure", "subplot", "topology", "workload", "series", "bw_per_npu", "value", "feasible", "note"]


class NoData(Exception):
    pass


def read_results(path):
    required = {"topology", "workload", "allocation", "optimized_for", "mode", "bw_per_npu",
                "iteration_ns", "cost", "feasible"}
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        missing = required - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path}: missing columns {sorted(missing)}")
        rows = []
        for r in reader:
            if r["mode"] != "simulate":
                continue  # cost-only datapoints: the simulated ones carry the same cost
            r["bw"] = float(r["bw_per_npu"])
            r["time"] = float(r["iteration_ns"])
            r["cost_usd"] = float(r["cost"])
            r["ok"] = r["feasible"] == "1"
            rows.append(r)
        return rows


def series_rows(rows, topology, workload):
    """Fig 12-14 series of one subplot: name -> rows sorted by BW."""
    def pick(alloc, extra=lambda r: True):
        sel = [r for r in rows if r["topology"] == topology and r["workload"] == workload
               and r["allocation"] == alloc and extra(r)]
        return sorted(sel, key=lambda r: r["bw"])
    out = {
        "EqualBW": pick("EqualBW"),
        "PerfOptBW": pick("PerfOptBW", lambda r: r["optimized_for"] == workload),
        "PerfPerCostOptBW": pick("PerfPerCostOptBW", lambda r: r["optimized_for"] == workload),
    }
    return {k: v for k, v in out.items() if v}


def baseline_time(rows, workload, bw):
    """2D EqualBW iteration time at `bw` (interpolated between neighbours if not simulated there)."""
    base = sorted((r for r in rows if r["topology"] == "2D" and r["allocation"] == "EqualBW"
                   and r["workload"] == workload), key=lambda r: r["bw"])
    for r in base:
        if abs(r["bw"] - bw) < 1e-9:
            return r["time"], ""
    below = [r for r in base if r["bw"] < bw]
    above = [r for r in base if r["bw"] > bw]
    if not below or not above:
        return None, ""
    a, b = below[-1], above[0]
    t = a["time"] + (b["time"] - a["time"]) * (bw - a["bw"]) / (b["bw"] - a["bw"])
    return t, f"baseline interpolated between {a['bw']:g} and {b['bw']:g}"


def metric_points(fig, rows, sel, workload):
    """(bw, value, feasible, note) for the rows of one series."""
    pts = []
    for r in sel:
        note = ""
        if fig == "fig13":
            value = r["cost_usd"] / 1e6
        else:
            base, note = baseline_time(rows, workload, r["bw"])
            if base is None:
                continue
            if fig == "fig12":
                value = base / r["time"]
            else:  # fig14: (1/t)/cost over the baseline's, same BW
                base_cost = next((b["cost_usd"] for b in rows if b["topology"] == "2D"
                                  and b["allocation"] == "EqualBW" and abs(b["bw"] - r["bw"]) < 1e-9), None)
                if base_cost is None:  # EqualBW cost is linear in BW
                    unit = [b for b in rows if b["topology"] == "2D" and b["allocation"] == "EqualBW"]
                    if not unit:
                        continue
                    base_cost = unit[0]["cost_usd"] / unit[0]["bw"] * r["bw"]
                value = (base * base_cost) / (r["time"] * r["cost_usd"])
        pts.append((r["bw"], value, r["ok"], note))
    return pts


def fig12_to_14(fig, rows):
    """subplot key -> (title, {series: points})."""
    panels = {}
    topologies = [t for t in TOPOLOGIES if any(r["topology"] == t for r in rows)]
    workloads = [w for w in WORKLOADS if any(r["workload"] == w for r in rows)]
    for t in topologies:
        for w in workloads:
            series = {name: metric_points(fig, rows, sel, w) for name, sel in series_rows(rows, t, w).items()}
            dgx = [r for r in rows if r["topology"] == "DGX" and r["workload"] == w]
            if dgx:
                series["DGX-like"] = metric_points(fig, rows, dgx, w)
            series = {k: v for k, v in series.items() if v}
            if series:
                panels[(t, w)] = (f"{t}, {WORKLOAD_LABEL.get(w, w)}", series)
    return panels


def fig15(rows):
    panels = {}
    for t in TOPOLOGIES:
        for w in WORKLOADS:
            own = {r["bw"]: r["time"] for r in rows if r["topology"] == t and r["workload"] == w
                   and r["allocation"] == "PerfOptBW" and r["optimized_for"] == w}
            series = {}
            for target in WORKLOADS + ["group"]:
                alloc = "GroupOptBW" if target == "group" else "PerfOptBW"
                sel = sorted((r for r in rows if r["topology"] == t and r["workload"] == w and
                              r["allocation"] == alloc and r["optimized_for"] == target), key=lambda r: r["bw"])
                pts = [(r["bw"], r["time"] / own[r["bw"]], r["ok"], "") for r in sel if r["bw"] in own]
                if pts:
                    series[f"opt for {target}"] = pts
            if len(series) > 1:  # the own network alone is a flat line at 1
                panels[(t, w)] = (f"{t}, running {WORKLOAD_LABEL.get(w, w)}", series)
    return panels


YLABEL = {
    "fig12": "Speedup over 2D EqualBW",
    "fig13": "Network cost (M$)",
    "fig14": "Perf per cost over 2D EqualBW",
    "fig15": "Slowdown vs. optimized for it",
}
TITLE = {
    "fig12": "Fig 12: performance of each BW allocation",
    "fig13": "Fig 13: network cost",
    "fig14": "Fig 14: performance per cost",
    "fig15": "Fig 15: network optimized for one workload (or the group) running others",
}


def draw(fig_name, panels, out_dir):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    keys = list(panels)
    rows_t = [t for t in TOPOLOGIES if any(k[0] == t for k in keys)]
    cols_w = [w for w in WORKLOADS if any(k[1] == w for k in keys)]
    # A single subplot (the small sweep) still gets room for the title and the legend.
    fig, axes = plt.subplots(len(rows_t), len(cols_w), figsize=(max(4.2 * len(cols_w), 8.0), 3.3 * len(rows_t) + 1.2),
                             squeeze=False)
    data = []
    handles = {}
    for i, t in enumerate(rows_t):
        for j, w in enumerate(cols_w):
            ax = axes[i][j]
            if (t, w) not in panels:
                ax.set_visible(False)
                continue
            title, series = panels[(t, w)]
            for name, pts in series.items():
                colour, marker = STYLE.get(name, ("black", "x"))
                for (x0, y0, ok0, _), (x1, y1, ok1, _) in zip(pts, pts[1:]):
                    ax.plot([x0, x1], [y0, y1], color=colour, linestyle="-" if ok0 and ok1 else "--", linewidth=1.4)
                for x, y, ok, note in pts:
                    h = ax.plot([x], [y], linestyle="none", marker=marker, markersize=9 if marker == "*" else 5,
                                color=colour, markerfacecolor=colour if ok else "white", label=name)[0]
                    handles.setdefault(name, h)
                    data.append([fig_name, f"{t}-{w}", t, w, name, f"{x:g}", f"{y:.6g}", "1" if ok else "0", note])
            ax.set_title(title, fontsize=10)
            ax.set_xlabel("BW per NPU (GB/s)")
            ax.set_ylabel(YLABEL[fig_name])
            ax.grid(True, alpha=0.3)
    fig.suptitle(TITLE[fig_name] + "\n(hollow marker, dashed line: infeasible BW split)", fontsize=11)
    fig.legend(list(handles.values()), list(handles), loc="lower center", ncol=min(len(handles), 4), frameon=False)
    fig.tight_layout(rect=(0, 0.07, 1, 0.93))
    os.makedirs(out_dir, exist_ok=True)
    fig.savefig(os.path.join(out_dir, fig_name + ".png"), dpi=110, metadata={"Software": None})
    fig.savefig(os.path.join(out_dir, fig_name + ".pdf"), metadata={"CreationDate": None, "Creator": None,
                                                                   "Producer": None})
    plt.close(fig)
    with open(os.path.join(out_dir, fig_name + "_data.csv"), "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(DATA_COLUMNS)
        writer.writerows(data)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--results", required=True, help="results.csv from mdsim evaluate")
    p.add_argument("--figure", required=True, choices=["fig12", "fig13", "fig14", "fig15"])
    p.add_argument("--out", required=True, help="directory for the PNG, PDF and data CSV")
    a = p.parse_args(argv)
    try:
        rows = read_results(a.results)
    except (OSError, ValueError, KeyError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    panels = fig15(rows) if a.figure == "fig15" else fig12_to_14(a.figure, rows)
    if not panels:
        print(f"error: {a.results} has no datapoints for {a.figure}", file=sys.stderr)
        return 3
    draw(a.figure, panels, a.out)
    print(os.path.join(a.out, a.figure + ".png"))
    print(os.path.join(a.out, a.figure + ".pdf"))
    print(os.path.join(a.out, a.figure + "_data.csv"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
