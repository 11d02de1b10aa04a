#!/usr/bin/env python3
"""What each simulator charges per step of the artifact's 1 MiB microAllReduce.

A closed-form replay, not a simulator: every chunk walks its phases
(Reduce-Scatter up the dims, All-Reduce on the last, All-Gather down), each
phase is a fixed sequence of steps, one chunk-phase at a time per dim, FIFO by
arrival. Only the charge of one step differs between the two conventions:

  astra: trunc(h L + m / B) + endpoint per step, + endpoint once per phase
         (ASTRA-sim 1.0 analytical backend: the whole message at the NPU's
         dim bandwidth B, h hops of L, the sum kept in whole ns; the system
         layer hands every received message back to the NPU after the
         endpoint delay, and the phase's first message out to the network)
  mdsim: h L + round(m / B) per step, no endpoint delay
         (a ring step sends m/2 each way over links of B/2, the same time)

Usage: step_model.py [--latency L] ; prints both replays per network.
docs/fidelity.md derives the terms; this script only adds them up.
"""
import argparse
import heapq
import math

GIB_PER_NS = 2**30 / 1e9  # an artifact "GB/s" in bytes per ns

# The four microbenchmark networks of astra_sim_head_results.csv:
# per dim (algorithm, NPUs, per-NPU bytes/ns = links x link BW, hops per step).
NETWORKS = {
    "micro_2d_L21": [("ring", 8, 2 * 100, 1), ("hd", 128, 100, 2)],
    "micro_2dswitch_L11": [("hd", 8, 100, 2), ("hd", 128, 100, 2)],
    "micro_4dswitch_L1111": [("hd", 2, 100, 2), ("hd", 8, 100, 2), ("hd", 8, 100, 2), ("hd", 8, 100, 2)],
    "micro_4d_L2721": [("ring", 2, 2 * 100, 1), ("direct", 8, 100, 1), ("ring", 8, 2 * 100, 1), ("hd", 8, 100, 2)],
}


def step_messages(alg, kind, p, d):
    """Bytes of each step's message for one chunk-phase holding d bytes."""
    if alg == "ring":
        if kind == "AG":
            return [d] * (p - 1)
        return [d / p] * ((p - 1) if kind == "RS" else 2 * (p - 1))
    if alg == "direct":  # one message to every peer at once; the peers' links are separate
        return {"RS": [d / p], "AG": [d], "AR": [d / p, d / p]}[kind]
    steps = int(math.log2(p))  # halving-doubling
    halving = [d / 2 ** (s + 1) for s in range(steps)]
    if kind == "RS":
        return halving
    if kind == "AR":
        return halving + halving[::-1]
    return [d * 2**s for s in range(steps)]


def phases(dims, chunk):
    """(dim, kind, bytes held) of one chunk's phases, in order."""
    out, d = [], chunk
    for i in range(len(dims) - 1):
        out.append((i, "RS", d))
        d /= dims[i][1]
    out.append((len(dims) - 1, "AR", d))
    for i in range(len(dims) - 2, -1, -1):
        out.append((i, "AG", d))
        d *= dims[i][1]
    return out


def step_charge(convention, hops, latency, m, bytes_per_ns, endpoint):
    if convention == "astra":
        return math.trunc(hops * latency + m / bytes_per_ns) + endpoint
    return hops * latency + round(m / bytes_per_ns)


def replay(dims, convention, latency, chunks=64, size=1 << 20, endpoint=1):
    plan = phases(dims, size / chunks)
    length = []
    for dim, kind, d in plan:
        alg, p, gbps, hops = dims[dim]
        t = sum(step_charge(convention, hops, latency, m, gbps * GIB_PER_NS, endpoint)
                for m in step_messages(alg, kind, p, d))
        length.append(t + (endpoint if convention == "astra" else 0))
    free = [0.0] * len(dims)
    ready = [(0.0, c, 0) for c in range(chunks)]
    heapq.heapify(ready)
    end = 0.0
    while ready:
        t, c, k = heapq.heappop(ready)
        dim = plan[k][0]
        start = max(t, free[dim])
        free[dim] = start + length[k]
        if k + 1 < len(plan):
            heapq.heappush(ready, (free[dim], c, k + 1))
        end = max(end, free[dim])
    return end


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--latency", type=float, default=1.0, help="link latency, ns")
    args = ap.parse_args()
    print("network,latency_ns,astra_us,mdsim_us,mdsim_vs_astra_pct")
    for name, dims in NETWORKS.items():
        a = replay(dims, "astra", args.latency) / 1e3
        m = replay(dims, "mdsim", args.latency) / 1e3
        print(f"{name},{args.latency:g},{a:.3f},{m:.3f},{100 * (m - a) / a:+.2f}")


if __name__ == "__main__":
    main()
