"""What a second machine buys: data-parallel scaling of the BiGAN step.

    python -m benchmarks.scaling                  # ~5 minutes on 2 cores
    python -m benchmarks.scaling --steps 5 --rounds 1 --no-write
    python -m benchmarks.scaling --from-json      # rewrite the docs only

Times Edward's MNIST BiGAN and one with 4x the hidden units (4x the
parameters) at 1, 2 and 4 replicas, as logical CPUs of one process
(MirroredStrategy) and as loopback worker processes
(MultiWorkerMirroredStrategy), each configuration in fresh processes
(benchmarks/_scaling_worker.py says what is timed). Per-replica batch
100: the global batch grows with the replicas.

From the loopback workers it fits a model of the all-reduce, a ring over
N workers with k collectives per step:

    allreduce(N) = k * 2(N-1) * alpha + 2(N-1)/N * bytes / bandwidth

on the two 2-worker measurements (two sizes, two unknowns), checks it on
the 4-worker ones, and predicts the step time and speed-up on 8 and 64
workers linked at 10 and 100 Gb/s. It writes every number to
benchmarks/results/scaling.json and to docs/distributed.md, between the
`scaling` markers, with the machine it ran on.
"""

import argparse
import datetime
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile

from benchmarks import _readme

__all__ = ["main", "fit_ring", "predict", "render"]

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "benchmarks", "results", "scaling.json")
DOCS = os.path.join(ROOT, "docs", "distributed.md")
SIZES = ("mnist", "large")
COUNTS = (1, 2, 4)
# Collectives per step: the optimizers' batched gradients, then each loss.
COLLECTIVES = 3
LINKS = {"10 Gb/s": 10e9 / 8, "100 Gb/s": 100e9 / 8}
# A network hop's latency on top of the software cost measured on loopback.
WIRE_LATENCY = 10e-6
PREDICTED = (8, 64)
TIMEOUT = 900


def _free_ports(count):
  sockets = [socket.socket() for _ in range(count)]
  try:
    for sock in sockets:
      sock.bind(("127.0.0.1", 0))
    return [sock.getsockname()[1] for sock in sockets]
  finally:
    for sock in sockets:
      sock.close()


def _run(size, count, kind, steps, rounds):
  """One configuration in fresh processes; returns the chief's result."""
  with tempfile.TemporaryDirectory() as scratch:
    out = os.path.join(scratch, "result.json")
    command = [sys.executable, "-m", "benchmarks._scaling_worker", "--size",
               size, "--steps", str(steps), "--rounds", str(rounds),
               "--json", out]
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", PYTHONPATH=ROOT)
    env.pop("TF_CONFIG", None)
    if kind == "devices":
      commands = [(command + ["--replicas", str(count)], env)]
    else:
      cluster = {"worker": ["127.0.0.1:{}".format(port)
                            for port in _free_ports(count)]}
      commands = [(command, dict(env, TF_CONFIG=json.dumps(
          {"cluster": cluster, "task": {"type": "worker", "index": index}})))
                  for index in range(count)]
    processes = [subprocess.Popen(args, env=process_env, cwd=ROOT,
                                  stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE)
                 for args, process_env in commands]
    try:
      errors = [process.communicate(timeout=TIMEOUT)[1]
                for process in processes]
    finally:
      for process in processes:
        if process.poll() is None:
          process.kill()
    if any(process.returncode for process in processes):
      raise RuntimeError("{} {} x{} failed:\n{}".format(
          size, kind, count, b"".join(errors).decode(errors="replace")[-3000:]))
    with open(out) as handle:
      result = json.load(handle)
  result["kind"] = kind
  result["compute"] = result["step"] - result["allreduce"]
  result["steps_per_second"] = 1.0 / (result["step"] + result["input"])
  result["examples_per_second"] = (result["global_batch"] *
                                   result["steps_per_second"])
  return result


def fit_ring(points):
  """alpha (s per ring message) and bandwidth (bytes/s) from 2 points.

  Args:
    points: [(workers, bytes, allreduce seconds)], two of them.
  """
  (n1, s1, t1), (n2, s2, t2) = points
  # t = a * x + b * y with x = k 2(N-1), y = 2(N-1)/N * bytes; b = 1/bw.
  x1, y1 = COLLECTIVES * 2 * (n1 - 1), 2 * (n1 - 1) / n1 * s1
  x2, y2 = COLLECTIVES * 2 * (n2 - 1), 2 * (n2 - 1) / n2 * s2
  det = x1 * y2 - x2 * y1
  alpha = (t1 * y2 - t2 * y1) / det
  inverse_bandwidth = (x1 * t2 - x2 * t1) / det
  return alpha, 1.0 / inverse_bandwidth


def ring_time(workers, size_bytes, alpha, bandwidth):
  if workers == 1:
    return 0.0
  return (COLLECTIVES * 2 * (workers - 1) * alpha +
          2 * (workers - 1) / workers * size_bytes / bandwidth)


def predict(one, workers, alpha, bandwidth):
  """Step time and speed-up on `workers` machines, each as fast as `one`.

  Each worker computes its own batch of 100 in `one`'s compute time and
  reads its own slice of the input (the dataset path); only the
  all-reduce grows with the workers.
  """
  size_bytes = 4 * one["parameters"]
  step = one["compute"] + one["input"] + ring_time(workers, size_bytes,
                                                    alpha, bandwidth)
  return {"workers": workers, "step": step,
          "examples_per_second": 100 * workers / step,
          "speedup": workers * (one["compute"] + one["input"]) / step}


def analyse(results):
  """Fits the ring on loopback, checks it, and predicts; returns a dict."""
  by = {(r["size"], r["kind"], r["replicas"]): r for r in results}
  fitted = [(2, 4 * by[(size, "workers", 2)]["parameters"],
             by[(size, "workers", 2)]["allreduce"]) for size in SIZES]
  alpha, bandwidth = fit_ring(fitted)
  checks = []
  for size in SIZES:
    measured = by[(size, "workers", 4)]
    predicted = ring_time(4, 4 * measured["parameters"], alpha, bandwidth)
    checks.append({"size": size, "workers": 4,
                   "allreduce_measured": measured["allreduce"],
                   "allreduce_predicted": predicted})
  predictions = []
  for size in SIZES:
    one = by[(size, "devices", 1)]
    for link, rate in LINKS.items():
      for workers in PREDICTED:
        # The link's own rate, and that rate capped by the software path
        # measured here (gRPC on loopback moved no more than `bandwidth`).
        row = predict(one, workers, alpha + WIRE_LATENCY, rate)
        capped = predict(one, workers, alpha + WIRE_LATENCY,
                         min(rate, bandwidth))
        row.update(size=size, link=link, capped_step=capped["step"],
                   capped_speedup=capped["speedup"])
        predictions.append(row)
  return {"alpha": alpha, "loopback_bandwidth": bandwidth, "checks": checks,
          "predictions": predictions}


def _ms(seconds):
  return "{:.1f}".format(1000 * seconds)


def _load(report):
  """The machine's load as the run recorded it, or that it did not."""
  if "load_average_before" not in report:
    return "its load not recorded"
  return "load average {:.1f} before and {:.1f} after".format(
      report["load_average_before"][0], report["load_average_after"][0])


def render(report):
  """The markdown block for docs/distributed.md."""
  lines = [
      "Measured by `python -m benchmarks.scaling` on {} ({}), {} UTC, {}. "
      "**This machine has {} CPU cores**: 2 and 4 replicas or workers "
      "share those cores, so the measured steps show the cost of the "
      "all-reduce and of contention, not a speed-up. Per-replica batch 100 "
      "(weak scaling); times in ms per step, medians of {} rounds of {} "
      "steps.".format(
          report["machine"], report["python"], report["date"],
          _load(report), report["cores"], report["rounds"], report["steps"]),
      "",
      "| model | parameters | replicas | as | step | compute | all-reduce "
      "| all-reduce share | input | steps/s | examples/s |",
      "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
  ]
  for r in report["results"]:
    lines.append("| {} | {:,} | {} | {} | {} | {} | {} | {:.0%} | {} | {:.1f} "
                 "| {:,.0f} |".format(
                     r["size"], r["parameters"], r["replicas"],
                     "1 process" if r["replicas"] == 1 else (
                         "logical CPUs" if r["kind"] == "devices"
                         else "loopback workers"),
                     _ms(r["step"]), _ms(r["compute"]), _ms(r["allreduce"]),
                     r["allreduce"] / r["step"], _ms(r["input"]),
                     r["steps_per_second"], r["examples_per_second"]))
  lines += [
      "",
      "Steps/s count the input too (a feeding loop draws the global batch "
      "between steps); examples/s are the global batch times steps/s. With "
      "logical CPUs the all-reduce is a copy within one process.",
  ]
  model = report["model"]
  lines += [
      "",
      "Fitted on the two 2-worker runs: alpha = {:.0f} us per ring message "
      "(gRPC's software cost on loopback), loopback bandwidth = {:.2f} GB/s. "
      "Checked on 4 workers:".format(1e6 * model["alpha"],
                                      model["loopback_bandwidth"] / 1e9),
      "",
      "| model | workers | all-reduce measured | predicted |",
      "|---|---:|---:|---:|",
  ]
  for check in model["checks"]:
    lines.append("| {} | {} | {} | {} ({:+.0%}) |".format(
        check["size"], check["workers"], _ms(check["allreduce_measured"]),
        _ms(check["allreduce_predicted"]),
        check["allreduce_predicted"] / check["allreduce_measured"] - 1))
  lines += [
      "",
      "Predicted for workers each as fast as this machine's one-process "
      "step (compute and input of the 1-replica rows; each worker reads its "
      "own slice of the input), with alpha plus {:.0f} us of wire latency "
      "per message. \"Link\" moves the bytes at the link's rate; \"as "
      "here\" at no more than the {:.2f} GB/s that gRPC moved on this "
      "machine's loopback:".format(1e6 * WIRE_LATENCY,
                                   model["loopback_bandwidth"] / 1e9),
      "",
      "| model | link | workers | step (ms), link | speed-up, link "
      "| step (ms), as here | speed-up, as here |",
      "|---|---|---:|---:|---:|---:|---:|",
  ]
  for p in model["predictions"]:
    lines.append("| {} | {} | {} | {} | {:.1f}x | {} | {:.1f}x |".format(
        p["size"], p["link"], p["workers"], _ms(p["step"]), p["speedup"],
        _ms(p["capped_step"]), p["capped_speedup"]))
  return "\n".join(lines)


def main(argv=None):
  parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
  parser.add_argument("--steps", type=int, default=20)
  parser.add_argument("--rounds", type=int, default=3)
  parser.add_argument("--no-write", action="store_true",
                      help="Print the block; write neither JSON nor docs.")
  parser.add_argument("--from-json", action="store_true",
                      help="Measure nothing: redo the analysis and the docs "
                           "from the stored results.")
  args = parser.parse_args(argv)
  if args.from_json:
    with open(RESULTS) as handle:
      report = json.load(handle)
    report["model"] = analyse(report["results"])
    return _publish(report, args.no_write)
  load_before = list(os.getloadavg())
  results = []
  for size in SIZES:
    for kind in ("devices", "workers"):
      for count in COUNTS:
        if kind == "workers" and count == 1:
          continue
        print("timing", size, kind, count, flush=True)
        results.append(_run(size, count, kind, args.steps, args.rounds))
  report = {
      "date": datetime.datetime.now(datetime.timezone.utc).strftime(
          "%Y-%m-%d %H:%M"),
      "machine": platform.platform(), "python": platform.python_version(),
      "cores": os.cpu_count(), "steps": args.steps, "rounds": args.rounds,
      "load_average_before": load_before,
      "load_average_after": list(os.getloadavg()),
      "results": results, "model": analyse(results),
  }
  return _publish(report, args.no_write)


def _publish(report, dry_run):
  block = render(report)
  print(block)
  if not dry_run:
    with open(RESULTS, "w") as handle:
      json.dump(report, handle, indent=1)
    _readme.write_block("scaling", block, path=DOCS)
  return report


if __name__ == "__main__":
  main()
