#!/usr/bin/env python3
"""Pictures of one `mdsim run --trace` directory.

Writes into <out> (default: the run directory), each as PNG, PDF and the
plotted data as CSV:

  run_link_heatmap      per dim, link directions x time bins, coloured by
                        utilisation (from link_timeline.csv and links.csv)
  run_dim_utilisation   per-dim utilisation over time on one chart
  run_iteration_gantt   the iteration as a bar: compute and exposed
                        communication by class, with the collectives in flight
                        (from trace.json); for per-NPU graph runs (Chakra
                        traces) one bar per drawn NPU: compute, exposed
                        communication by kind and idle
  run_busiest_links     the 20 busiest link directions (from links.csv)

Exit codes: 0 ok, 2 bad input (a missing or malformed file, named on stderr).
"""
import argparse
import csv
import json
import os
import sys

CLASSES = ["forward", "input_grad", "weight_grad"]
CLASS_COLOUR = {"forward": "tab:orange", "input_grad": "tab:red", "weight_grad": "tab:purple"}
COMPUTE_COLOUR = "tab:blue"
# A graph run's NPU activity (trace.json's per-NPU activity tracks).
ACTIVITIES = [("compute", "compute", COMPUTE_COLOUR), ("exposed", "collective", "tab:orange"),
              ("exposed", "send_recv", "tab:red"), ("idle", "", "lightgray")]
DIM_COLOURS = ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown", "tab:pink", "tab:gray"]
BUSIEST = 20


class BadInput(Exception):
    pass


def need(path, hint):
    if not os.path.isfile(path):
        raise BadInput(f"{path}: missing ({hint})")
    return path


def read_csv(path, columns):
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        missing = set(columns) - set(reader.fieldnames or [])
        if missing:
            raise BadInput(f"{path}: missing columns {sorted(missing)}")
        return list(reader)


class Run:
    """What the pictures need from a run directory."""

    def __init__(self, run_dir):
        hint = "run `mdsim run EXPERIMENT --trace` into this directory"
        try:
            with open(need(os.path.join(run_dir, "summary.json"), hint)) as f:
                self.summary = json.load(f)
            with open(need(os.path.join(run_dir, "trace.json"), hint)) as f:
                self.trace = json.load(f)
        except json.JSONDecodeError as e:
            raise BadInput(f"{run_dir}: unparsable JSON ({e})")
        try:
            res = self.summary["result"]
            self.end_ns = float(res["total_ns"])
            self.bin_ns = float(self.summary["run"]["timeline_bin_ns"])
            net = self.summary["network"]
            self.dims = net["dims"]
            self.unit = "GiB/s" if abs(net["bytes_per_second_per_bandwidth_unit"] - 2 ** 30) < 1 else "GB/s"
            name = os.path.splitext(os.path.basename(self.summary["experiment"]))[0]
            self.title = f"{name} on {net['name'] or net['source']} ({net['npus']} NPUs)"
            self.iteration_ns = float(res["iteration_time_ns"])
            self.graph = self.summary.get("workload", {}).get("format") == "chakra"
        except (KeyError, TypeError, ValueError) as e:
            raise BadInput(f"{run_dir}/summary.json: missing or malformed field {e}")
        if not self.bin_ns > 0:
            raise BadInput(f"{run_dir}/summary.json: run.timeline_bin_ns is 0 (run with --trace "
                           "or outputs.timeline_bin_ns > 0)")
        links = read_csv(need(os.path.join(run_dir, "links.csv"), hint),
                         ["from", "to", "dim", "bytes_per_second", "bytes", "busy_ns", "peak_queue_bytes"])
        self.links = []
        for r in links:
            self.links.append({"from": r["from"], "to": r["to"], "dim": int(r["dim"]),
                               "rate": float(r["bytes_per_second"]), "bytes": int(r["bytes"]),
                               "busy_ns": float(r["busy_ns"]), "peak_queue_bytes": int(r["peak_queue_bytes"])})
        self.bins = max(1, int(-(-self.end_ns // self.bin_ns)))
        index = {(l["from"], l["to"]): i for i, l in enumerate(self.links)}
        self.timeline = {}  # link index -> {bin: bytes}
        path = need(os.path.join(run_dir, "link_timeline.csv"), hint)
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader, [])
            try:
                cf, ct, cb, cy = (header.index(c) for c in ("from", "to", "bin", "bytes"))
            except ValueError:
                raise BadInput(f"{path}: expected columns from,to,bin,bytes")
            for row in reader:
                i = index.get((row[cf], row[ct]))
                if i is None:
                    raise BadInput(f"{path}: link {row[cf]}->{row[ct]} is not in links.csv")
                self.timeline.setdefault(i, {})[int(row[cb])] = int(row[cy])
                self.bins = max(self.bins, int(row[cb]) + 1)

    def bin_width(self, b):
        lo = b * self.bin_ns
        return max(0.0, min(lo + self.bin_ns, self.end_ns) - lo)

    def time_unit(self):
        return (1e6, "ms") if self.end_ns >= 1e6 else (1e3, "us")

    def dim_label(self, d):
        dim = self.dims[d]
        return f"dim {d} ({dim['block']} of {dim['size']}, {dim['bandwidth']:g} {self.unit}/NPU)"


def save(fig, out_dir, name, columns, rows):
    """PNG, PDF and CSV, each written to a temporary name and renamed."""
    os.makedirs(out_dir, exist_ok=True)
    for ext, kw in (("png", {"dpi": 110, "metadata": {"Software": None}}),
                    ("pdf", {"metadata": {"CreationDate": None, "Creator": None, "Producer": None}})):
        path = os.path.join(out_dir, f"{name}.{ext}")
        fig.savefig(path + ".tmp", format=ext, **kw)
        os.replace(path + ".tmp", path)
    path = os.path.join(out_dir, f"{name}.csv")
    with open(path + ".tmp", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        w.writerows(rows)
    os.replace(path + ".tmp", path)
    for ext in ("png", "pdf", "csv"):
        print(os.path.join(out_dir, f"{name}.{ext}"))


def utilisation_matrix(run, links):
    """Rows: the given link indices; columns: bins; busy fraction of each bin."""
    widths = [run.bin_width(b) for b in range(run.bins)]
    m = []
    for i in links:
        rate = run.links[i]["rate"]
        row = [0.0] * run.bins
        for b, nbytes in run.timeline.get(i, {}).items():
            if widths[b] > 0 and rate > 0:
                row[b] = nbytes / (rate * widths[b] * 1e-9)
        m.append(row)
    return m


def heatmap(run, plt, out_dir):
    dims = len(run.dims)
    scale, unit = run.time_unit()
    fig, axes = plt.subplots(dims, 1, figsize=(11, 1.2 + 2.3 * dims), squeeze=False, sharex=True)
    rows, image = [], None
    for d in range(dims):
        ax = axes[d][0]
        links = [i for i, l in enumerate(run.links) if l["dim"] == d]
        m = utilisation_matrix(run, links)
        for i, r in zip(links, m):
            rows.append([d, run.links[i]["from"], run.links[i]["to"]] + [f"{u:.4g}" for u in r])
        image = ax.imshow(m if m else [[0.0]], aspect="auto", interpolation="nearest", cmap="viridis",
                          vmin=0, vmax=1, origin="lower",
                          extent=(0, run.bins * run.bin_ns / scale, 0, max(1, len(links))))
        ax.set_ylabel(f"dim {d}\nlink direction")
        ax.set_title(run.dim_label(d) + f": {len(links)} link directions", fontsize=9, loc="left")
    axes[-1][0].set_xlabel(f"simulated time ({unit}), bins of {run.bin_ns / scale:g} {unit}")
    fig.colorbar(image, ax=[a[0] for a in axes], label="link utilisation (busy fraction of the bin)", shrink=0.9)
    fig.suptitle(f"Link utilisation over time, per dim\n{run.title}", fontsize=11)
    columns = ["dim", "from", "to"] + [f"{b * run.bin_ns:g}" for b in range(run.bins)]
    save(fig, out_dir, "run_link_heatmap", columns, rows)
    plt.close(fig)


def dim_utilisation(run, plt, out_dir):
    scale, unit = run.time_unit()
    fig, ax = plt.subplots(figsize=(11, 4.8))
    rows = []
    widths = [run.bin_width(b) for b in range(run.bins)]
    for d in range(len(run.dims)):
        links = [i for i, l in enumerate(run.links) if l["dim"] == d]
        rate = sum(run.links[i]["rate"] for i in links)
        per_bin = [0.0] * run.bins
        for i in links:
            for b, nbytes in run.timeline.get(i, {}).items():
                per_bin[b] += nbytes
        u = [per_bin[b] / (rate * widths[b] * 1e-9) if rate > 0 and widths[b] > 0 else 0.0 for b in range(run.bins)]
        xs = [b * run.bin_ns / scale for b in range(run.bins)]
        ax.step(xs + [run.bins * run.bin_ns / scale], u + [u[-1] if u else 0.0], where="post",
                color=DIM_COLOURS[d % len(DIM_COLOURS)], linewidth=1.3, label=run.dim_label(d))
        rows += [[d, b, f"{b * run.bin_ns:g}", f"{u[b]:.6g}"] for b in range(run.bins)]
    ax.set_xlim(0, run.end_ns / scale)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(f"simulated time ({unit}), bins of {run.bin_ns / scale:g} {unit}")
    ax.set_ylabel("utilisation of the dim's links\n(bytes sent / capacity of all directions)")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, frameon=False)
    ax.set_title(f"Per-dim link utilisation over time\n{run.title}", fontsize=11)
    fig.tight_layout()
    save(fig, out_dir, "run_dim_utilisation", ["dim", "bin", "start_ns", "utilisation"], rows)
    plt.close(fig)


def spans(trace, cat):
    return [e for e in trace.get("traceEvents", []) if e.get("ph") == "X" and e.get("cat") == cat]


def graph_gantt(run, plt, out_dir):
    """Per-NPU graphs: one bar per NPU the trace draws, its activity in time order."""
    scale, unit = run.time_unit()
    us = scale / 1e3
    by_npu = {}
    for cat in ("compute", "exposed", "idle"):
        for e in spans(run.trace, cat):
            if "npu" in e.get("args", {}):
                by_npu.setdefault(int(e["args"]["npu"]), []).append(e)
    if not by_npu:
        raise BadInput("trace.json: no per-NPU activity spans (a graph run traced by an older mdsim?)")
    npus = sorted(by_npu)
    fig, ax = plt.subplots(figsize=(11, 2.0 + 0.32 * len(npus)))
    rows = []
    for y, npu in enumerate(reversed(npus)):
        events = sorted(by_npu[npu], key=lambda e: e["ts"])
        for cat, cls, colour in ACTIVITIES:
            mine = [e for e in events if e["cat"] == cat and e["args"].get("class", "") == cls]
            ax.broken_barh([(e["ts"] / us, e["dur"] / us) for e in mine], (y - 0.35, 0.7),
                           facecolors=colour, edgecolors="none")
        for e in events:
            rows.append([npu, e["cat"], e["args"].get("class", ""), f"{e['ts'] * 1e3:.0f}",
                         f"{(e['ts'] + e['dur']) * 1e3:.0f}"])
    ax.set_yticks(range(len(npus)))
    ax.set_yticklabels([f"NPU {n}" for n in reversed(npus)], fontsize=7 if len(npus) > 16 else 8)
    ax.set_ylim(-0.6, len(npus) - 0.4)
    ax.set_xlim(0, run.end_ns / scale)
    ax.set_xlabel(f"simulated time ({unit})")
    ax.grid(True, axis="x", alpha=0.3)
    res = run.summary["result"]
    critical = res.get("critical_npu", -1)
    figures = [res.get("compute_ns", 0), res.get("exposed_by_class_ns", {}).get("collective", 0),
               res.get("exposed_by_class_ns", {}).get("send_recv", 0), res.get("idle_ns", 0)]
    names = ["compute", "exposed collective", "exposed send/recv", "idle (waiting for a peer)"]
    end = run.end_ns
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for _, _, c in ACTIVITIES]
    labels = [f"{n}: NPU {critical} {v / scale:.3f} {unit} ({100 * v / end:.1f}%)" if end > 0 else n
              for n, v in zip(names, figures)]
    ax.legend(handles, labels, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.5 / (1 + len(npus) / 8)),
              ncol=2, frameon=False)
    ax.set_title(f"Per-NPU activity: compute, exposed communication by kind, idle "
                 f"(iteration {end / scale:.3f} {unit}, last NPU {critical})\n{run.title}", fontsize=11)
    fig.tight_layout()
    save(fig, out_dir, "run_iteration_gantt", ["npu", "activity", "class", "start_ns", "end_ns"], rows)
    plt.close(fig)


def gantt(run, plt, out_dir):
    if run.graph:
        return graph_gantt(run, plt, out_dir)
    scale, unit = run.time_unit()
    us = scale / 1e3  # trace times are microseconds
    compute, exposed, colls = spans(run.trace, "compute"), spans(run.trace, "exposed"), spans(run.trace, "collective")
    if not compute and not exposed:
        raise BadInput("trace.json: no compute or exposed-communication spans")
    fig, ax = plt.subplots(figsize=(11, 4.0))
    rows = []
    lanes = [("iteration", 3.0)] + [(f"{c} collectives\nin flight", 2.0 - i * 0.8) for i, c in enumerate(CLASSES)]
    total = {"compute": 0.0, **{c: 0.0 for c in CLASSES}}

    def bar(events, y, colour, height, kind, alpha=1.0):
        ax.broken_barh([(e["ts"] / us, e["dur"] / us) for e in events], (y - height / 2, height),
                       facecolors=colour, edgecolors="none", alpha=alpha)
        for e in events:
            rows.append([kind, e["args"].get("class", e["args"].get("kind", "")), e["args"].get("layer", ""),
                         f"{e['ts'] * 1e3:.0f}", f"{(e['ts'] + e['dur']) * 1e3:.0f}"])

    bar(compute, 3.0, COMPUTE_COLOUR, 0.6, "compute")
    total["compute"] = sum(e["dur"] for e in compute) * 1e3
    for c in CLASSES:
        mine = [e for e in exposed if e["args"].get("class") == c]
        bar(mine, 3.0, CLASS_COLOUR[c], 0.6, "exposed")
        total[c] = sum(e["dur"] for e in mine) * 1e3
    for i, c in enumerate(CLASSES):
        mine = []
        for e in colls:
            kind = e["args"].get("kind", "")
            if (kind.startswith("forward") and c == "forward") or kind == c:
                mine.append(e)
        bar(mine, 2.0 - i * 0.8, CLASS_COLOUR[c], 0.35, "collective", alpha=0.45)
    ax.set_yticks([y for _, y in lanes])
    ax.set_yticklabels([n for n, _ in lanes], fontsize=8)
    ax.set_ylim(0.0, 3.6)
    ax.set_xlim(0, run.end_ns / scale)
    ax.set_xlabel(f"simulated time ({unit})")
    ax.grid(True, axis="x", alpha=0.3)
    end = run.end_ns
    handles = [plt.Rectangle((0, 0), 1, 1, color=COMPUTE_COLOUR)]
    labels = [f"compute {total['compute'] / scale:.3f} {unit} ({100 * total['compute'] / end:.1f}%)"]
    for c in CLASSES:
        handles.append(plt.Rectangle((0, 0), 1, 1, color=CLASS_COLOUR[c]))
        labels.append(f"exposed {c} {total[c] / scale:.3f} {unit} ({100 * total[c] / end:.1f}%)")
    ax.legend(handles, labels, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)
    ax.set_title(f"The iteration: compute and exposed communication by class "
                 f"(total {end / scale:.3f} {unit})\n{run.title}", fontsize=11)
    fig.tight_layout()
    save(fig, out_dir, "run_iteration_gantt", ["row", "class_or_kind", "layer", "start_ns", "end_ns"], rows)
    plt.close(fig)


def busiest(run, plt, out_dir):
    order = sorted(range(len(run.links)), key=lambda i: (-run.links[i]["busy_ns"], i))[:BUSIEST]
    fig, ax = plt.subplots(figsize=(10, 1.5 + 0.32 * max(1, len(order))))
    rows, labels, values, colours = [], [], [], []
    for rank, i in enumerate(order, 1):
        l = run.links[i]
        u = l["busy_ns"] / run.end_ns if run.end_ns > 0 else 0.0
        labels.append(f"{l['from']} -> {l['to']} (dim {l['dim']})")
        values.append(u)
        colours.append(DIM_COLOURS[l["dim"] % len(DIM_COLOURS)])
        rows.append([rank, l["from"], l["to"], l["dim"], f"{u:.6g}", l["bytes"], repr(l['busy_ns']),
                     l["peak_queue_bytes"]])
    y = list(range(len(order)))[::-1]
    ax.barh(y, values, color=colours)
    for yy, v, i in zip(y, values, order):
        ax.text(v, yy, f" {v:.3f}, {run.links[i]['bytes'] / 2 ** 20:.1f} MiB", va="center", fontsize=7)
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=7)
    ax.set_xlim(0, 1.15)
    ax.set_xlabel("utilisation over the run (busy time / run time)")
    dims = sorted({run.links[i]["dim"] for i in order})
    ax.legend([plt.Rectangle((0, 0), 1, 1, color=DIM_COLOURS[d % len(DIM_COLOURS)]) for d in dims],
              [f"dim {d}" for d in dims], fontsize=8, loc="lower right")
    ax.set_title(f"The {len(order)} busiest link directions\n{run.title}", fontsize=11)
    ax.grid(True, axis="x", alpha=0.3)
    fig.tight_layout()
    save(fig, out_dir, "run_busiest_links",
         ["rank", "from", "to", "dim", "utilisation", "bytes", "busy_ns", "peak_queue_bytes"], rows)
    plt.close(fig)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--run", required=True, help="directory written by mdsim run --trace")
    p.add_argument("--out", help="directory for the pictures (default: the run directory)")
    a = p.parse_args(argv)
    try:
        run = Run(a.run)
    except (OSError, BadInput, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    out = a.out or a.run
    try:
        heatmap(run, plt, out)
        dim_utilisation(run, plt, out)
        gantt(run, plt, out)
        busiest(run, plt, out)
    except BadInput as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
