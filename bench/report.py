#!/usr/bin/env python3
"""Writes docs/benchmarks.md and docs/benchmarks.svg from every bench/results/*.json.

    bench/report.py [--results bench/results] [--markdown docs/benchmarks.md]
                    [--svg docs/benchmarks.svg] [--analysis bench/analysis.md]

scripts/bench.sh runs it after each benchmark run. Python 3 standard library only; the chart is
drawn by gnuplot (Debian gnuplot-nox, installed by scripts/setup.sh); without gnuplot the
report is still written and says that the chart was not redrawn.

The newest results file (by name: <YYYY-MM-DD>-<host>.json) is the one reported in full; every
file is summarised in the history table, so progress over time stays visible. Figures are the
median of the repetitions, from CPU time (Google Benchmark's rate counters use CPU time), which
is the steadier measure on a shared machine; wall-clock medians are kept in the JSON.

Two more inputs: bench/results/baseline/<run name>.json, an earlier revision's results from the
same session (bench/against_baseline.sh runs both binaries interleaved), for the targets stated
against that revision; and bench/measurements.json, with the callgrind instruction counts
(bench/callgrind.sh), the instructions of `check` on many files (bench/cli_many_files.sh), the
50 MB body's memory figure and the differential fuzzer's runs. The
block between the wasm-bench markers of the current page (scripts/bench-js.sh) is kept.
"""

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (benchmark prefix, name in tables, name in the chart's key)
ENGINES = [
    ("fast", "fast path", "fast path (Checker::check)"),
    ("schema", "schema checker", "schema checker (reference)"),
    ("rapidjson_reader", "RapidJSON Reader", "RapidJSON Reader, null handler"),
    ("rapidjson_dom", "RapidJSON DOM", "RapidJSON DOM parse"),
    ("simdjson_dom", "simdjson DOM", "simdjson DOM parse"),
    ("simdjson_ondemand", "simdjson On-Demand", "simdjson On-Demand walk"),
]

CASES = {
    "token_300": "tokenIssuanceStart provideClaimsForToken, typical 300 B",
    "token_2k": "tokenIssuanceStart, 2 KB",
    "claims_3k_limit": "tokenIssuanceStart, claims exactly at the 3 KB claims limit (3072 claim bytes)",
    "attributes_16k": "attributeCollectionSubmit modifyAttributeValues, many attributes, 16 KB",
    "attributes_64k": "attributeCollectionStart setPrefillValues, many attributes, 65535 B (limit 65536)",
    "fail_status_500_html": "status 500 with an HTML error page",
    "fail_content_type_text": "200 with Content-Type text/plain, 300 B JSON",
    "fail_invalid_last_byte_300": "300 B body whose last byte breaks the JSON",
    "fail_invalid_last_byte_64k": "65535 B body whose last byte breaks the JSON",
    "fail_two_actions_1003010": "tokenIssuanceStart with two actions",
    "fail_oversize_65537": "65537 B body, one byte over the response limit",
}

# Targets of the benchmark issue.
READER_RATIO_TARGET = 0.85
READER_RATIO_CASES = ["attributes_16k", "attributes_64k"]
SCHEMA_SPEEDUP_TARGET = 5.0
HEADER_FAILURE_CASES = ["fail_status_500_html", "fail_content_type_text"]
HEADER_FAILURE_NS = 50.0
RESPONSE_LIMIT = 65536
# Targets of the hot-path issue: accepted bodies against simdjson's DOM parser, rejected bodies
# against the revision before the hot path (a baseline results file from the same session),
# instructions per check on the 300-byte body.
SIMDJSON_TARGETS = [("token_300", 0.5), ("attributes_64k", 0.45)]
BASELINE_SLOWDOWN_TARGET = 1.3
BASELINE_SPEEDUP_TARGET = 4.0
INSTRUCTIONS_TARGET = 4000


def load_rule_codes():
    """rule id -> Entra code, from schemas/rules.json, for the verdict column."""
    try:
        with open(os.path.join(REPO, "schemas", "rules.json"), encoding="utf-8") as f:
            rules = json.load(f)["rules"]
    except (OSError, ValueError, KeyError):
        return {}
    return {r.get("id"): r.get("code") for r in rules}


class Run:
    """One results file: its context and, per benchmark, the median, the cv or the error."""

    def __init__(self, path):
        self.path = path
        self.name = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        self.context = data.get("context", {})
        self.median = {}
        self.cv = {}
        self.errors = {}
        self.repetitions = 0
        for row in data.get("benchmarks", []):
            name = row.get("run_name", row.get("name", ""))
            if row.get("error_occurred"):
                self.errors[name] = row.get("error_message", "error")
                continue
            if row.get("run_type") == "aggregate":
                if row.get("aggregate_name") == "median":
                    self.median[name] = row
                    self.repetitions = max(self.repetitions, int(row.get("repetitions", 0)))
                elif row.get("aggregate_name") == "cv":
                    self.cv[name] = row
            elif name not in self.median:  # a run without repetitions: its only row
                self.median[name] = row
                self.repetitions = max(self.repetitions, 1)
        self.sizes = {}
        for item in self.context.get("entracheck_body_sizes", "").split():
            case, _, size = item.partition("=")
            if size.isdigit():
                self.sizes[case] = int(size)
        for name, row in self.median.items():
            case = name.split("/", 1)[-1]
            if "body_bytes" in row and case not in self.sizes:
                self.sizes[case] = int(row["body_bytes"])

    def cases(self):
        seen = list(self.sizes)
        for name in list(self.median) + list(self.errors):
            case = name.split("/", 1)[-1]
            if case not in seen:
                seen.append(case)
        return seen

    def row(self, engine, case):
        return self.median.get(f"{engine}/{case}")

    def ns(self, engine, case):
        """Median CPU nanoseconds per check (or parse)."""
        row = self.row(engine, case)
        if not row:
            return None
        scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}.get(row.get("time_unit", "ns"), 1.0)
        return row["cpu_time"] * scale

    def mbps(self, engine, case):
        """Median throughput in MB/s (10^6 bytes per second)."""
        row = self.row(engine, case)
        if not row or "bytes_per_second" not in row:
            return None
        return row["bytes_per_second"] / 1e6

    def allocs(self, engine, case):
        row = self.row(engine, case)
        return None if not row else row.get("allocs_per_check")

    def cv_percent(self, engine, case):
        row = self.cv.get(f"{engine}/{case}")
        return None if not row else 100.0 * row["cpu_time"]

    def label(self, case):
        for engine in ("fast", "schema"):
            row = self.row(engine, case)
            if row and row.get("label"):
                return row["label"]
        return None

    def accepted_cases(self):
        return [c for c in self.cases() if not c.startswith("fail_")]


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def fmt_num(value, digits=3):
    if value is None:
        return "–"
    if value >= 1e6:
        return f"{value / 1e6:.{digits}g}M".replace("e+", "e")
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}g}"


def fmt_mbps(value):
    if value is None:
        return "–"
    if value >= 1e5:
        return f"{value / 1e6:,.1f} TB/s"
    if value >= 1e3:
        return f"{value / 1e3:,.2f} GB/s"
    return f"{value:,.0f} MB/s"


def fmt_ns(value):
    if value is None:
        return "–"
    if value >= 1e6:
        return f"{value / 1e6:,.2f} ms"
    if value >= 1e4:
        return f"{value / 1e3:,.1f} µs"
    if value >= 1e3:
        return f"{value / 1e3:,.2f} µs"
    return f"{value:,.1f} ns"


def fmt_ratio(value):
    if value is None:
        return "–"
    if value >= 100:
        return f"{value:,.0f}×"
    if value >= 10:
        return f"{value:.1f}×"
    return f"{value:.2f}×"


def fmt_size(size):
    if size is None:
        return "–"
    if size >= 1024:
        return f"{size:,} B ({size / 1024:.1f} KiB)"
    return f"{size:,} B"


def cell(run, engine, case, value):
    """The value, or the reason there is none (a skipped benchmark, simdjson absent)."""
    if value is not None:
        return value
    if f"{engine}/{case}" in run.errors:
        return "skipped"
    return "–"


# ---------------------------------------------------------------------------------------------
# Targets.


def evaluate_targets(run):
    """[(target, measured, status, margin)] for the newest run."""
    targets = []

    # 1. No allocation per check at any size within the limit.
    within = [c for c in run.cases() if run.sizes.get(c, 0) <= RESPONSE_LIMIT]
    allocs = [(c, run.allocs("fast", c)) for c in within if run.allocs("fast", c) is not None]
    if allocs:
        worst_case, worst = max(allocs, key=lambda item: item[1])
        met = worst == 0
        targets.append((
            "Fast path allocates nothing per check, every body within the 65536-byte limit",
            f"max {worst:g} allocations per check over {len(allocs)} bodies"
            + ("" if met else f" (at {worst_case})"),
            "MET" if met else "MISSED",
            "0 on every body" if met else f"{worst:g} allocations per check too many at {worst_case}",
        ))
    else:
        targets.append(("Fast path allocates nothing per check", "no data", "NOT MEASURED", "–"))

    # 2. fast >= 0.85x the Reader null handler at 16 KB and 64 KB.
    parts, met, margins = [], True, []
    for case in READER_RATIO_CASES:
        r = ratio(run.mbps("fast", case), run.mbps("rapidjson_reader", case))
        if r is None:
            met = None if met is not False else False
            parts.append(f"{case}: no data")
            continue
        parts.append(f"{case}: {r:.2f}×")
        if r < READER_RATIO_TARGET:
            met = False
            margins.append(f"{case} {100 * (READER_RATIO_TARGET - r) / READER_RATIO_TARGET:.0f}% short "
                           f"(needs {100 * (READER_RATIO_TARGET / r - 1):.0f}% more throughput)")
        else:
            margins.append(f"{case} +{100 * (r - READER_RATIO_TARGET) / READER_RATIO_TARGET:.0f}% above")
    targets.append((
        f"Fast path ≥ {READER_RATIO_TARGET}× RapidJSON Reader null-handler throughput at 16 KB and 64 KB",
        "; ".join(parts),
        "MET" if met else ("MISSED" if met is False else "NOT MEASURED"),
        "; ".join(margins) or "–",
    ))

    # 3. fast >= 5x the schema checker at every size (the accepted bodies: the ones on which the
    #    schema engine does its work; on the failure paths both stop at the same early rule).
    parts, met, margins = [], True, []
    for case in run.accepted_cases():
        s = ratio(run.ns("schema", case), run.ns("fast", case))
        if s is None:
            met = None if met is not False else False
            parts.append(f"{case}: " + ("skipped" if f"schema/{case}" in run.errors else "no data"))
            continue
        parts.append(f"{case}: {s:.1f}×")
        if s < SCHEMA_SPEEDUP_TARGET:
            met = False
            margins.append(f"{case} {100 * (SCHEMA_SPEEDUP_TARGET - s) / SCHEMA_SPEEDUP_TARGET:.0f}% short "
                           f"(fast path would need to be {SCHEMA_SPEEDUP_TARGET / s:.2f}× faster)")
    if met:
        worst = min(run.ns("schema", c) / run.ns("fast", c) for c in run.accepted_cases())
        margins.append(f"smallest speedup {worst:.1f}×, {100 * (worst / SCHEMA_SPEEDUP_TARGET - 1):.0f}% above")
    targets.append((
        f"Fast path ≥ {SCHEMA_SPEEDUP_TARGET:g}× faster than the schema checker at every size "
        "(the accepted bodies, where the schema engine does its work)",
        "; ".join(parts),
        "MET" if met else ("MISSED" if met is False else "NOT MEASURED"),
        "; ".join(margins) or "–",
    ))

    # 4. A status or Content-Type failure costs under 50 ns.
    parts, met, margins = [], True, []
    for case in HEADER_FAILURE_CASES:
        ns = run.ns("fast", case)
        if ns is None:
            met = None if met is not False else False
            parts.append(f"{case}: no data")
            continue
        parts.append(f"{case}: {ns:.1f} ns")
        if ns >= HEADER_FAILURE_NS:
            met = False
            margins.append(f"{case} {ns - HEADER_FAILURE_NS:.1f} ns over")
        else:
            margins.append(f"{case} {HEADER_FAILURE_NS - ns:.1f} ns under")
    targets.append((
        f"A status or Content-Type failure costs under {HEADER_FAILURE_NS:g} ns",
        "; ".join(parts),
        "MET" if met else ("MISSED" if met is False else "NOT MEASURED"),
        "; ".join(margins) or "–",
    ))

    # 5. Accepted bodies: fast path throughput against simdjson DOM.
    for case, goal in SIMDJSON_TARGETS:
        r = ratio(run.mbps("fast", case), run.mbps("simdjson_dom", case))
        if r is None:
            targets.append((f"Fast path ≥ {goal}× simdjson DOM throughput on `{case}`", "no data",
                            "NOT MEASURED", "–"))
            continue
        met = r >= goal
        targets.append((
            f"Fast path ≥ {goal}× simdjson DOM throughput on `{case}`",
            f"{r:.2f}×",
            "MET" if met else "MISSED",
            f"{100 * (r / goal - 1):+.0f}% against the target",
        ))

    # 6. Rejected bodies no slower than 1.3× the baseline revision, every size.
    baseline = getattr(run, "baseline", None)
    if baseline is None:
        targets.append((f"Rejected bodies no slower than {BASELINE_SLOWDOWN_TARGET}× the baseline revision",
                        "no baseline results file", "NOT MEASURED", "–"))
    else:
        parts, worst = [], None
        for case in [c for c in run.cases() if c.startswith("fail_")]:
            slow = ratio(run.ns("fast", case), baseline.ns("fast", case))
            if slow is None:
                continue
            parts.append(f"{case}: {slow:.2f}×")
            worst = slow if worst is None else max(worst, slow)
        met = worst is not None and worst <= BASELINE_SLOWDOWN_TARGET
        targets.append((
            f"Rejected bodies no slower than {BASELINE_SLOWDOWN_TARGET}× `{baseline.context.get('entracheck_revision', baseline.name)}` "
            "(time ÷ its time, same session)",
            "; ".join(parts) or "no data",
            ("MET" if met else "MISSED") if worst is not None else "NOT MEASURED",
            f"worst {worst:.2f}×" if worst is not None else "–",
        ))

    # 6b. Accepted bodies up to 4 KB: at least 4x the baseline revision's speed.
    if baseline is not None:
        parts, worst = [], None
        for case in [c for c in run.accepted_cases() if run.sizes.get(c, 0) <= 4096]:
            speedup = ratio(baseline.ns("fast", case), run.ns("fast", case))
            if speedup is None:
                continue
            parts.append(f"{case}: {speedup:.2f}×")
            worst = speedup if worst is None else min(worst, speedup)
        targets.append((
            f"Accepted bodies up to 4 KB at least {BASELINE_SPEEDUP_TARGET:g}× as fast as "
            f"`{baseline.context.get('entracheck_revision', baseline.name)}`",
            "; ".join(parts) or "no data",
            ("MET" if worst >= BASELINE_SPEEDUP_TARGET else "MISSED") if worst is not None else "NOT MEASURED",
            f"smallest {worst:.2f}×" if worst is not None else "–",
        ))

    # 7. Instructions per check on the 300-byte body (callgrind).
    counts = getattr(run, "instructions", {}) or {}
    fast300 = counts.get("fast/token_300")
    if fast300 is None:
        targets.append((f"At most {INSTRUCTIONS_TARGET:,} instructions per check on `token_300`",
                        "not measured", "NOT MEASURED", "–"))
    else:
        met = fast300 <= INSTRUCTIONS_TARGET
        targets.append((
            f"At most {INSTRUCTIONS_TARGET:,} instructions per check on `token_300` (callgrind)",
            f"{fast300:,.0f}",
            "MET" if met else "MISSED",
            f"{fast300 - INSTRUCTIONS_TARGET:+,.0f} instructions",
        ))
    return targets


# ---------------------------------------------------------------------------------------------
# Chart.


def draw_chart(run, svg_path, png_path=None):
    """Throughput against body size, one line per engine and anchor (log-log), with gnuplot.
    With png_path, also a PNG of the same chart (pngcairo), to look at it without an SVG viewer."""
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        return "gnuplot not found (scripts/setup.sh installs gnuplot-nox): chart not redrawn"
    cases = sorted(run.accepted_cases(), key=lambda c: run.sizes.get(c, 0))
    series = []
    with tempfile.TemporaryDirectory() as tmp:
        for engine, _, title in ENGINES:
            points = [(run.sizes[c], run.mbps(engine, c)) for c in cases
                      if run.mbps(engine, c) is not None and c in run.sizes]
            if not points:
                continue
            path = os.path.join(tmp, f"{engine}.dat")
            with open(path, "w", encoding="utf-8") as f:
                for x, y in points:
                    f.write(f"{x} {y}\n")
            series.append((engine, title, path))
        if not series:
            return "no throughput data: chart not redrawn"
        styles = {
            "fast": "lc rgb '#0b6e4f' lw 3.5 pt 7 ps 1.3",
            "schema": "lc rgb '#c0392b' lw 2.5 pt 5 ps 1.1",
            "rapidjson_reader": "lc rgb '#1f5fa8' lw 2.5 dt 2 pt 9 ps 1.2",
            "rapidjson_dom": "lc rgb '#7f7f7f' lw 2.5 dt 3 pt 11 ps 1.2",
            "simdjson_dom": "lc rgb '#d68910' lw 2.5 dt 4 pt 13 ps 1.2",
        }
        tics = ", ".join(f'"{short_size(run.sizes[c], c)}" {run.sizes[c]}' for c in cases if c in run.sizes)
        host = run.context.get("host_name", "?")
        date = run.context.get("date", "")[:10]
        plots = ", ".join(
            f"'{path}' using 1:2 with linespoints {styles.get(engine, '')} title '{title}'"
            for engine, title, path in series)
        body = f"""
set title "entracheck: throughput against body size (median CPU time, {run.repetitions} repetitions; {host}, {date})"
set logscale xy
set xrange [220:90000]
set yrange [5:20000]
set xtics ({tics}) nomirror
set ytics ("5 MB/s" 5, "10 MB/s" 10, "30 MB/s" 30, "100 MB/s" 100, "300 MB/s" 300, "1 GB/s" 1000, "3 GB/s" 3000, "10 GB/s" 10000) nomirror
set xlabel "accepted response body (log scale)" offset 0,-0.6
set ylabel "throughput (log scale)"
set grid xtics ytics lc rgb '#c8c8c8' lw 1 dt 1
set border 3 lc rgb '#555555'
set key outside right center vertical Left reverse spacing 1.6 samplen 3
set lmargin 12
set bmargin 4.8
plot {plots}
"""
        script = (f"set terminal svg size 1080,620 dynamic enhanced background rgb 'white' font 'Helvetica,14'\n"
                  f"set output '{svg_path}'\n" + body)
        if png_path:
            script += (f"set terminal pngcairo size 1080,620 enhanced background rgb 'white' font 'Helvetica,11'\n"
                       f"set output '{png_path}'\nreplot\n")
        result = subprocess.run([gnuplot], input=script, text=True, capture_output=True)
        if result.returncode != 0:
            return "gnuplot failed: " + result.stderr.strip().splitlines()[-1] if result.stderr else "gnuplot failed"
    return None


def short_size(size, case):
    if case == "claims_3k_limit":
        return f"{size / 1024:.1f} KB\\n(3 KB of claims)"
    if size >= 1024:
        return f"{round(size / 1024):.0f} KB"
    return f"{size} B"


# ---------------------------------------------------------------------------------------------
# Markdown.


def machine_section(run, lines):
    c = run.context
    caches = ", ".join(
        f"L{x['level']} {x['type'].lower()} {x['size'] // 1024} KiB" + (f" ×{c.get('num_cpus', 1) // x['num_sharing']}"
                                                                        if x.get("num_sharing") else "")
        for x in c.get("caches", []))
    rows = [
        ("Results file", f"`bench/results/{run.name}.json`"),
        ("Date", c.get("date", "?")),
        ("Host", c.get("host_name", "?")),
        ("CPU", f"{c.get('entracheck_cpu_model', '?')}, {c.get('num_cpus', '?')} logical CPUs at "
                f"{c.get('mhz_per_cpu', '?')} MHz; {caches}"),
        ("Kernel", c.get("entracheck_kernel", "?")),
        ("Load average when the run started", c.get("entracheck_loadavg_at_start", "?")),
        ("Compiler", c.get("entracheck_compiler", "?")),
        ("Build", f"{c.get('entracheck_build_type', '?')}, flags `{c.get('entracheck_cxx_flags', '?')}` "
                  "(no -march: the library as a user builds it; simdjson picks its kernel at run time)"),
        ("RapidJSON parse flags", c.get("entracheck_rapidjson_flags", "?").replace("|", " \\| ")),
        ("simdjson", c.get("entracheck_simdjson", "?")),
        ("entracheck revision", f"`{c.get('entracheck_revision', '?')}`"),
        ("Repetitions", f"{run.repetitions} (median reported; CPU time)"),
    ]
    if c.get("library_build_type") == "debug":
        rows.append(("Google Benchmark", "Debian's libbenchmark reports itself as a debug build; it only "
                                         "runs the timing loop, the measured code is built as above"))
    if c.get("entracheck_note"):
        rows.append(("Warning", c["entracheck_note"]))
    lines += ["| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in rows]


def results_tables(run, codes, lines):
    cases = run.cases()
    engines = [e for e in ENGINES if any(run.row(e[0], c) or f"{e[0]}/{c}" in run.errors for c in cases)]

    def verdict(case):
        label = run.label(case)
        if not label:
            return "–"
        code = codes.get(label)
        return f"`{label}`" + (f" ({code})" if code else "")

    lines += ["", "### Median throughput", "",
              "Bytes of body per second of CPU time. On the failure paths the fast path and the schema "
              "checker stop before the body (status, Content-Type, size) or at the first fault, so their "
              "\"throughput\" is body bytes over a very short time: read their time per check instead.", ""]
    head = "| body | size | verdict | " + " | ".join(title for _, title, _ in engines) + " |"
    lines += [head, "|" + "---|" * (3 + len(engines))]
    for case in cases:
        cells = [cell(run, e, case, fmt_mbps(run.mbps(e, case)) if run.mbps(e, case) is not None else None)
                 for e, _, _ in engines]
        lines.append(f"| `{case}` | {fmt_size(run.sizes.get(case))} | {verdict(case)} | " + " | ".join(cells) + " |")

    lines += ["", "### Time and allocations per check", "",
              "Median CPU time per check (or per parse for the anchors), checks per second of the fast path, "
              "and allocations per check (every `operator new` and malloc-family call in the timed loop, "
              "divided by the iterations). CV is the fast path's coefficient of variation over the "
              "repetitions.", ""]
    head = ("| body | " + " | ".join(f"{title} time" for _, title, _ in engines) +
            " | fast checks/s | fast allocs | schema allocs | fast CV |")
    lines += [head, "|" + "---|" * (len(engines) + 5)]
    for case in cases:
        times = [cell(run, e, case, fmt_ns(run.ns(e, case)) if run.ns(e, case) is not None else None)
                 for e, _, _ in engines]
        fast_row = run.row("fast", case)
        checks = fmt_num(fast_row.get("items_per_second")) if fast_row else "–"
        fa = run.allocs("fast", case)
        sa = run.allocs("schema", case)
        cv = run.cv_percent("fast", case)
        lines.append(f"| `{case}` | " + " | ".join(times) +
                     f" | {checks} | {fmt_num(fa) if fa is not None else '–'} | "
                     f"{cell(run, 'schema', case, fmt_num(sa) if sa is not None else None)} | "
                     f"{f'{cv:.1f}%' if cv is not None else '–'} |")

    lines += ["", "### Ratios", "",
              "Fast-path throughput divided by each anchor's (above 1: the fast path is faster), and the "
              "fast path's speedup over the schema checker (schema time ÷ fast time). The anchors parse "
              "the whole body even where the fast path stops early, so on the failure paths these ratios "
              "only show what stopping early saves.", ""]
    lines += ["| body | fast ÷ RapidJSON Reader | fast ÷ RapidJSON DOM | fast ÷ simdjson DOM | speedup over schema |",
              "|---|---|---|---|---|"]
    for case in cases:
        fast = run.mbps("fast", case)
        cols = [fmt_ratio(ratio(fast, run.mbps(a, case))) for a in ("rapidjson_reader", "rapidjson_dom", "simdjson_dom")]
        cols.append(cell(run, "schema", case,
                         fmt_ratio(ratio(run.ns("schema", case), run.ns("fast", case)))
                         if run.ns("schema", case) is not None else None))
        lines.append(f"| `{case}` | " + " | ".join(cols) + " |")


def simdjson_paragraph(run, lines):
    accepted = run.accepted_cases()
    have = [c for c in accepted if run.mbps("simdjson_dom", c) and run.mbps("fast", c)]
    lines += ["", "## Where the fast path stands against simdjson", ""]
    if not have:
        lines.append("simdjson was not measured in this run (libsimdjson-dev not found at build time).")
        return
    shares = {c: run.mbps("fast", c) / run.mbps("simdjson_dom", c) for c in have}
    lo = min(shares.values())
    hi = max(shares.values())
    big = "attributes_64k" if "attributes_64k" in shares else have[-1]
    reader_vs_simd = ratio(run.mbps("rapidjson_reader", big), run.mbps("simdjson_dom", big))
    ondemand = ratio(run.mbps("fast", big), run.mbps("simdjson_ondemand", big))
    lines.append(
        f"On the accepted bodies the fast path reaches {100 * lo:.0f}–{100 * hi:.0f}% of simdjson's DOM "
        f"throughput (`{big}`: {fmt_mbps(run.mbps('fast', big))} against {fmt_mbps(run.mbps('simdjson_dom', big))}"
        + (f"; {100 * ondemand:.0f}% of a bare simdjson On-Demand walk of every value" if ondemand else "")
        + "). An accepted body is checked by the hot path (`lib/src/fast/hot_path.h`): simdjson On-Demand, "
        f"stage 1 with the kernel picked at run time ({simd_kernel(run)}), then a walk of the envelope, "
        "the one action, its fields and the claims' sizes that can only answer \"accepted\", with no "
        "warning or the one it words itself (a claims map near the limit); every other body (another "
        "warning, a rejection, anything the walk cannot prove) is decided "
        "by the RapidJSON path, which is why the failure rows run at RapidJSON speed.")


def simd_kernel(run):
    """'icelake: Intel/AMD AVX512' out of '3.0.1 (icelake: Intel/AMD AVX512)'."""
    text = run.context.get("entracheck_simdjson", "")
    start, end = text.find("("), text.rfind(")")
    return text[start + 1:end] if 0 <= start < end else "runtime-selected"


def history_section(runs, lines):
    lines += ["", "## History", "",
              "Every results file in `bench/results/`, oldest first (medians, CPU time).", "",
              "| run | revision | load at start | fast 300 B | fast 16 KB | fast 64 KB | fast ÷ Reader 16 KB | "
              "fast ÷ Reader 64 KB | fast ÷ simdjson DOM 300 B | fast ÷ simdjson DOM 64 KB | "
              "min speedup over schema | status / Content-Type failure | max fast allocs |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for run in runs:
        speedups = [ratio(run.ns("schema", c), run.ns("fast", c)) for c in run.accepted_cases()]
        speedups = [s for s in speedups if s is not None]
        header = [run.ns("fast", c) for c in HEADER_FAILURE_CASES]
        allocs = [run.allocs("fast", c) for c in run.cases() if run.allocs("fast", c) is not None
                  and run.sizes.get(c, 0) <= RESPONSE_LIMIT]
        load = run.context.get("entracheck_loadavg_at_start", "?").split()
        lines.append(
            f"| `{run.name}` | `{run.context.get('entracheck_revision', '?')}` | {' '.join(load[:3])} | "
            f"{fmt_mbps(run.mbps('fast', 'token_300'))} | {fmt_mbps(run.mbps('fast', 'attributes_16k'))} | "
            f"{fmt_mbps(run.mbps('fast', 'attributes_64k'))} | "
            f"{fmt_ratio(ratio(run.mbps('fast', 'attributes_16k'), run.mbps('rapidjson_reader', 'attributes_16k')))} | "
            f"{fmt_ratio(ratio(run.mbps('fast', 'attributes_64k'), run.mbps('rapidjson_reader', 'attributes_64k')))} | "
            f"{fmt_ratio(ratio(run.mbps('fast', 'token_300'), run.mbps('simdjson_dom', 'token_300')))} | "
            f"{fmt_ratio(ratio(run.mbps('fast', 'attributes_64k'), run.mbps('simdjson_dom', 'attributes_64k')))} | "
            f"{fmt_ratio(min(speedups)) if speedups else '–'} | "
            f"{' / '.join(fmt_ns(h) for h in header)} | {fmt_num(max(allocs)) if allocs else '–'} |")


def measurements_section(run, measurements, lines):
    """Callgrind counts, the large-body memory figure and the fuzzing count (bench/measurements.json)."""
    lines += ["", "## Instructions, memory and fuzzing", ""]
    counts = measurements.get("callgrind", {})
    if counts.get("per_check"):
        lines += [f"Callgrind, instructions per check or parse on `token_300` "
                  f"({counts.get('method', '')}; revision `{counts.get('revision', '?')}`, {counts.get('date', '?')}):", "",
                  "| engine | instructions per check |", "|---|---|"]
        for name, value in counts["per_check"].items():
            lines.append(f"| `{name}` | {value:,.0f} |")
    many = measurements.get("cli_many_files")
    if many and many.get("sets"):
        base = many.get("baseline_revision", "baseline")
        lines += ["", f"**`check` on many files** (`bench/cli_many_files.sh`; {many.get('command', '')}; "
                      f"revision `{many.get('revision', '?')}` against `{base}`, {many.get('date', '?')}). "
                      "The share in `infer_event()` is the second parse, the one that only looks for the "
                      "event; `check_inferring_event()` names the event in the pass that checks.", "",
                  f"| files | `{base}` instructions | of which `infer_event` | now | of which `infer_event` "
                  "| ratio |", "|---|---|---|---|---|---|"]
        for entry in many["sets"]:
            total, infer = entry["instructions"], entry["infer_event"]
            old, old_infer = entry.get("baseline_instructions"), entry.get("baseline_infer_event")
            label = {"mixed": "every golden case twice (mixed verdicts)",
                     "accepted": "the accepted golden cases, repeated"}.get(entry["set"], entry["set"])
            if old:
                lines.append(f"| {entry['files']:,}: {label} | {old:,} | {100 * old_infer / old:.1f}% | {total:,} | "
                             f"{100 * infer / total:.1f}% | {old / total:.2f}× fewer |")
            else:
                lines.append(f"| {entry['files']:,}: {label} | – | – | {total:,} | {100 * infer / total:.1f}% | – |")
    memory = measurements.get("memory_50mb")
    if memory:
        lines += ["", f"**The 50 MB body.** {memory.get('text', '')} (revision `{memory.get('revision', '?')}`, "
                      f"{memory.get('date', '?')})."]
    fuzz = measurements.get("fuzz_hot_path")
    if fuzz:
        total = sum(r.get("executions", 0) for r in fuzz.get("runs", []))
        findings = sum(1 for r in fuzz.get("runs", []) if r.get("finding"))
        since = 0
        for r in fuzz.get("runs", []):
            since = 0 if r.get("finding") else since + r.get("executions", 0)
        lines += ["", f"**Differential fuzzing.** `fuzz_hot_path` (the hot path may only accept what the "
                      f"RapidJSON path accepts, with the same warnings; the event it names in one pass must be "
                      f"infer_event()'s) has run {total:,} executions in all, "
                      + (f"with {findings} finding(s), fixed; {since:,} executions since the last finding without one:"
                         if findings else "without a finding:"), "",
                  "| date | revision | executions | seconds | notes |", "|---|---|---|---|---|"]
        for r in fuzz.get("runs", []):
            lines.append(f"| {r.get('date', '?')} | `{r.get('revision', '?')}` | {r.get('executions', 0):,} | "
                         f"{r.get('seconds', '?')} | {r.get('notes', '')} |")


def baseline_table(run, lines):
    baseline = getattr(run, "baseline", None)
    if baseline is None:
        return
    rev = baseline.context.get("entracheck_revision", baseline.name)
    lines += ["", f"## Against `{rev}` (before the hot path), same session", "",
              f"Both binaries ran interleaved in one session (`{baseline.name}`); time per check, CPU time medians.", "",
              f"| body | `{rev}` | this revision | speed-up |", "|---|---|---|---|"]
    for case in run.cases():
        old, new = baseline.ns("fast", case), run.ns("fast", case)
        if old is None or new is None:
            continue
        lines.append(f"| `{case}` | {fmt_ns(old)} | {fmt_ns(new)} | {fmt_ratio(old / new)} |")


def wasm_section(md_path):
    """The block between the wasm-bench markers of the current page, kept as it stands."""
    try:
        with open(md_path, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return None
    begin = text.find("<!-- wasm-bench-begin")
    end_marker = "<!-- wasm-bench-end -->"
    end = text.find(end_marker, begin)
    if begin < 0 or end < 0:
        return None
    return text[begin:end + len(end_marker)]


def write_markdown(runs, md_path, svg_path, analysis_path, chart_problem, measurements=None):
    run = runs[-1]
    codes = load_rule_codes()
    targets = evaluate_targets(run)
    svg_rel = os.path.relpath(svg_path, os.path.dirname(md_path))
    lines = [
        "# Benchmarks",
        "",
        "<!-- Generated by bench/report.py from bench/results/*.json (scripts/bench.sh): do not edit by hand. -->",
        "",
        "How fast `Checker::check` decides, against what, on which bodies. One command rebuilds, reruns "
        "and rewrites this page:",
        "",
        "```sh",
        "scripts/bench.sh",
        "```",
        "",
        "It installs what is missing (`scripts/setup.sh`), builds `bench/entracheck_bench` in Release in "
        "`build-bench/`, runs every benchmark with repetitions, saves the JSON as "
        "`bench/results/<date>-<host>.json` (earlier files are kept) and runs `bench/report.py`, which "
        "writes this page and the chart from all results files.",
        "",
        "**What runs.** Each body goes through the fast path (`Checker::check`, `Engine::kFast`: the "
        "simdjson hot path for bodies it can accept, the RapidJSON path for every other), the "
        "schema reference checker (`Engine::kSchema`: RapidJSON DOM plus valijson), a walk of every "
        "value with simdjson On-Demand (`simdjson_ondemand`), and three anchors "
        "built into the same binary: RapidJSON's `Reader` with a null handler, UTF-8 validation and "
        "the fast path's length-bounded input stream (the cost of validating and tokenising alone, as "
        "the fast path did before it learnt to check UTF-8 once up front and then tokenise a padded "
        "copy with RapidJSON's SSE2 scanning), a RapidJSON DOM parse with the "
        "schema engine's flags, and simdjson's DOM parser with full validation (the padded copy is "
        "made outside the timed loop). Bodies are generated deterministically in "
        "`bench/entracheck_bench.cpp` at exact sizes; before timing, each checker benchmark verifies "
        "its verdict (the rule id in the tables) and would skip with an error on a wrong one.",
        "",
        "**The machine is shared.** Other jobs (builds, tests, fuzzers) may run beside the benchmark "
        "on this machine; figures use CPU time, which excludes the time the process waited, and the "
        "median of the repetitions, but caches and memory bandwidth are shared too. Read small "
        "differences between runs as noise, and see the load average recorded with each run.",
        "",
        "## Machine and build",
        "",
    ]
    machine_section(run, lines)
    lines += ["", "## Targets", "",
              "Checked by reading the benchmark output, never by a timed test.", "",
              "| target | measured | status | margin |", "|---|---|---|---|"]
    for target, measured, status, margin in targets:
        lines.append(f"| {target} | {measured} | **{status}** | {margin} |")
    missed = [t for t in targets if t[2] == "MISSED"]
    if missed and analysis_path and os.path.exists(analysis_path):
        with open(analysis_path, encoding="utf-8") as f:
            analysis = f.read().strip()
        lines += ["", f"What would close the missed targets (hand-written analysis, "
                      f"`{os.path.relpath(analysis_path, REPO)}`):", ""]
        lines += ["> " + line if line else ">" for line in analysis.splitlines()]
    lines += ["", "## Results", ""]
    lines += [f"![Throughput against body size, log-log, per engine and anchor]({svg_rel})", ""]
    if chart_problem:
        lines += [f"*Chart not redrawn for this run: {chart_problem}.*", ""]
    lines += ["Bodies:", ""]
    for case in run.cases():
        lines.append(f"- `{case}` ({fmt_size(run.sizes.get(case))}): {CASES.get(case, case)}")
    results_tables(run, codes, lines)
    errors = sorted(run.errors.items())
    if errors:
        lines += ["", "Skipped benchmarks:", ""]
        lines += [f"- `{name}`: {message}" for name, message in errors]
    baseline_table(run, lines)
    measurements_section(run, measurements or {}, lines)
    simdjson_paragraph(run, lines)
    history_section(runs, lines)
    wasm = wasm_section(md_path)
    if wasm:
        lines += ["", wasm]
    lines.append("")
    with open(md_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    return targets


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", default=os.path.join(REPO, "bench", "results"))
    parser.add_argument("--markdown", default=os.path.join(REPO, "docs", "benchmarks.md"))
    parser.add_argument("--svg", default=os.path.join(REPO, "docs", "benchmarks.svg"))
    parser.add_argument("--analysis", default=os.path.join(REPO, "bench", "analysis.md"))
    parser.add_argument("--png", help="also write the chart as PNG here (a preview; not committed)")
    parser.add_argument("--measurements", default=os.path.join(REPO, "bench", "measurements.json"),
                        help="callgrind counts, the 50 MB memory figure and fuzzing counts")
    args = parser.parse_args()

    measurements = {}
    if os.path.exists(args.measurements):
        with open(args.measurements, encoding="utf-8") as f:
            measurements = json.load(f)

    paths = sorted(glob.glob(os.path.join(args.results, "*.json")))
    if not paths:
        print(f"report: no results in {args.results}: run scripts/bench.sh", file=sys.stderr)
        return 1
    runs = []
    for path in paths:
        try:
            runs.append(Run(path))
        except (OSError, ValueError) as error:
            print(f"report: skipping {path}: {error}", file=sys.stderr)
    if not runs:
        return 1
    # The newest run's baseline: a results file of the earlier revision from the same session,
    # bench/results/baseline/<run name>.json (scripts/bench-baseline.sh).
    baseline_path = os.path.join(args.results, "baseline", runs[-1].name + ".json")
    runs[-1].baseline = Run(baseline_path) if os.path.exists(baseline_path) else None
    runs[-1].instructions = measurements.get("callgrind", {}).get("per_check", {})
    os.makedirs(os.path.dirname(os.path.abspath(args.markdown)), exist_ok=True)
    chart_problem = draw_chart(runs[-1], os.path.abspath(args.svg),
                               os.path.abspath(args.png) if args.png else None)
    targets = write_markdown(runs, os.path.abspath(args.markdown), os.path.abspath(args.svg),
                             args.analysis, chart_problem, measurements)
    print(f"report: {os.path.relpath(args.markdown)}"
          + ("" if chart_problem else f" and {os.path.relpath(args.svg)}")
          + f" from {len(runs)} results file(s)")
    for target, measured, status, margin in targets:
        print(f"report: {status:8} {target}: {measured}")
    if chart_problem:
        print(f"report: {chart_problem}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
