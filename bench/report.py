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
    lines.append(
        f"simdjson is far ahead. On the accepted bodies the fast path reaches {100 * lo:.0f}–{100 * hi:.0f}% of "
        f"simdjson's DOM throughput: on `{big}` simdjson builds a complete, validated DOM at "
        f"{fmt_mbps(run.mbps('simdjson_dom', big))} while the fast path checks the same body at "
        f"{fmt_mbps(run.mbps('fast', big))}, {1 / shares[big]:.0f}× slower. "
        + (f"RapidJSON's Reader alone, with no handler work at all, reaches only {100 * reader_vs_simd:.0f}% of simdjson "
           "there, so the gap is the tokeniser, not the contract checks: "
           if reader_vs_simd else "")
        + "with `kParseValidateEncodingFlag` RapidJSON 1.1.0 walks every string byte by byte through "
        "`UTF8::Validate` and pushes each byte onto its parse stack (its SIMD string scan, "
        "`RAPIDJSON_SSE2`/`SSE42`, is skipped under that flag), where simdjson validates UTF-8 and "
        "finds the structure 64 bytes at a time with the kernel it picks at run time "
        f"({simd_kernel(run)}). "
        "No tuning of the handler can close that. Letting RapidJSON skip its per-byte check after one "
        "UTF-8 pass over the body and copy strings with SSE2 about doubles its speed (change B of "
        "`bench/analysis.md`, prototyped at about 1.5× the Reader line), which still leaves simdjson "
        "several times ahead, and simdjson builds a whole DOM while the fast path builds nothing; only "
        "a SIMD tokeniser would close the rest. What moving would buy: "
        "simdjson is packaged in Debian (libsimdjson-dev), its On Demand API would let the fast path keep "
        "its one-pass, no-DOM shape, and its parser keeps its buffers between calls, so the "
        "zero-allocation promise would hold; the cost is a second JSON library beside RapidJSON (which "
        "the schema engine needs for valijson) and a differential fuzz target to keep the two parsers "
        "agreeing on what is valid JSON (duplicate keys, number ranges, lone surrogates, NUL bytes).")


def simd_kernel(run):
    """'icelake: Intel/AMD AVX512' out of '3.0.1 (icelake: Intel/AMD AVX512)'."""
    text = run.context.get("entracheck_simdjson", "")
    start, end = text.find("("), text.rfind(")")
    return text[start + 1:end] if 0 <= start < end else "runtime-selected"


def history_section(runs, lines):
    lines += ["", "## History", "",
              "Every results file in `bench/results/`, oldest first (medians, CPU time).", "",
              "| run | revision | load at start | fast 300 B | fast 16 KB | fast 64 KB | fast ÷ Reader 16 KB | "
              "fast ÷ Reader 64 KB | min speedup over schema | status / Content-Type failure | max fast allocs |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
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
            f"{fmt_ratio(min(speedups)) if speedups else '–'} | "
            f"{' / '.join(fmt_ns(h) for h in header)} | {fmt_num(max(allocs)) if allocs else '–'} |")


def write_markdown(runs, md_path, svg_path, analysis_path, chart_problem):
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
        "**What runs.** Each body goes through the fast path (`Checker::check`, `Engine::kFast`), the "
        "schema reference checker (`Engine::kSchema`: RapidJSON DOM plus valijson), and three anchors "
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
    simdjson_paragraph(run, lines)
    history_section(runs, lines)
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
    args = parser.parse_args()

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
    os.makedirs(os.path.dirname(os.path.abspath(args.markdown)), exist_ok=True)
    chart_problem = draw_chart(runs[-1], os.path.abspath(args.svg),
                               os.path.abspath(args.png) if args.png else None)
    targets = write_markdown(runs, os.path.abspath(args.markdown), os.path.abspath(args.svg),
                             args.analysis, chart_problem)
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
