#!/usr/bin/env node
// A small benchmark, not a test: checks per second through the npm package in Node against the
// native library's fast path (bench/entracheck_bench, fast/<body>) on the same bodies, and the
// size of the WebAssembly module and of its JavaScript glue. Writes the "WebAssembly and Node"
// section of docs/benchmarks.md (between its markers; the rest of the page is bench/report.py's).
//
//   node bindings/js/bench/bench.mjs NATIVE_BENCH_BINARY CLI [--seconds S]
//
// The bodies are the native benchmark's own (entracheck_bench --dump_bodies=DIR); the event,
// status and Content-Type of each are those of make_cases() in bench/entracheck_bench.cpp. Before
// timing, every body's verdict through the package is compared with the CLI's.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { check } from '../index.js';

const [nativeBench, cli] = process.argv.slice(2).map((p) => (p.startsWith('--') ? p : resolve(p)));
if (!nativeBench || !cli) {
  console.error('usage: bench.mjs NATIVE_BENCH_BINARY CLI [--seconds S]');
  process.exit(2);
}
const secondsAt = process.argv.indexOf('--seconds');
const seconds = secondsAt > 0 ? Number(process.argv[secondsAt + 1]) : 1;
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');

const json = 'application/json; charset=utf-8';
const cases = [
  ['token_300', 'tokenIssuanceStart', 200, json],
  ['token_2k', 'tokenIssuanceStart', 200, json],
  ['claims_3k_limit', 'tokenIssuanceStart', 200, json],
  ['attributes_16k', 'attributeCollectionSubmit', 200, json],
  ['attributes_64k', 'attributeCollectionStart', 200, json],
  ['fail_status_500_html', 'tokenIssuanceStart', 500, 'text/html; charset=utf-8'],
  ['fail_content_type_text', 'tokenIssuanceStart', 200, 'text/plain; charset=utf-8'],
  ['fail_invalid_last_byte_300', 'tokenIssuanceStart', 200, json],
  ['fail_invalid_last_byte_64k', 'attributeCollectionStart', 200, json],
];

const load = loadavg();
const dir = mkdtempSync(join(tmpdir(), 'entracheck-bench-'));
const rows = [];
try {
  execFileSync(nativeBench, [`--dump_bodies=${dir}`]);
  const filter = `^fast/(${cases.map((c) => c[0]).join('|')})$`;
  const native = JSON.parse(execFileSync(nativeBench, [`--benchmark_filter=${filter}`, '--benchmark_format=json',
    `--benchmark_min_time=${Math.max(seconds / 2, 0.1)}`], { encoding: 'utf8', maxBuffer: 1 << 26 }));
  const nativeRate = new Map(native.benchmarks.map((b) => [b.name.replace(/^fast\//, ''), b.items_per_second]));

  for (const [name, event, status, contentType] of cases) {
    const body = readFileSync(join(dir, `${name}.json`));
    const input = { event, status, headers: { 'content-type': contentType }, body };
    // The same answer as the CLI first: a benchmark of a wrong answer is void.
    const raw = Buffer.concat([Buffer.from(`HTTP/1.1 ${status} X\r\nContent-Type: ${contentType}\r\n\r\n`), body]);
    writeFileSync(join(dir, 'r.http'), raw);
    let expected;
    try {
      expected = execFileSync(cli, ['check', '--json', '--event', event, 'r.http'], { cwd: dir, encoding: 'utf8' });
    } catch (error) {
      expected = error.stdout;
    }
    const got = check({ ...input, file: 'r.http' });
    if (JSON.stringify(got) !== expected.trim()) throw new Error(`${name}: package and CLI differ`);
    // Warm up, then time `seconds` of the process's CPU time (as the native figures are CPU
    // time: on a shared machine, waiting for a core is not the checker's cost).
    for (let i = 0; i < 200; i++) check(input);
    const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
    let n = 0;
    const start = cpu();
    let now = start;
    while (now - start < seconds) {
      for (let i = 0; i < 50; i++) check(input);
      n += 50;
      now = cpu();
    }
    const rate = n / (now - start);
    rows.push({ name, bytes: body.length, rule: got.rule, rate, native: nativeRate.get(name) });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Sizes: the glue embeds the module as base64 (SINGLE_FILE).
const gluePath = join(here, '..', 'dist', 'entracheck_wasm.cjs');
const glue = readFileSync(gluePath, 'utf8');
const base64 = glue.match(/data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)/)[1];
const wasm = Buffer.from(base64, 'base64');
const glueOnly = Buffer.byteLength(glue) - base64.length;
const core = statSync(join(here, '..', 'core.cjs')).size + statSync(join(here, '..', 'index.js')).size;
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const fmt = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : `${(n / 1e3).toFixed(0)} k`);

const node = process.version;
const rev = (() => { try { return execFileSync('git', ['-C', repo, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(); } catch { return 'unknown'; } })();
const emcc = (() => { try { return execFileSync('emcc', ['--version'], { encoding: 'utf8' }).split('\n')[0].match(/\d+\.\d+\.\d+/)[0]; } catch { return 'unknown'; } })();
const section = `<!-- wasm-bench-begin: written by bindings/js/bench/bench.mjs (scripts/bench-js.sh); bench/report.py rewrites this page without it, so run scripts/bench-js.sh after scripts/bench.sh -->
## WebAssembly and Node (the npm package)

How fast the npm package (\`bindings/js\`, the fast engine compiled to WebAssembly by emscripten
${emcc}, \`-O3\`) checks in Node ${node}, against the native fast path (\`fast/<body>\` of
\`bench/entracheck_bench\`, Release) on the same bodies. A package call is the whole API as a test
suite uses it: the headers and body copied into the module's memory, the library's HTTP parser,
\`Checker::check\`, \`format_json\` and \`JSON.parse\` of the answer; the native figure is
\`Checker::check\` alone. Before timing, each body's verdict through the package is compared
with the CLI's. entracheck revision \`${rev}\`; run on ${cpus().length} shared logical CPUs (${cpus()[0].model}), load average
${load.map((x) => x.toFixed(2)).join(' ')} when the run started; CPU time on both sides, ${seconds} s per body
in Node (the process's CPU time, V8's own threads included); read small differences as noise.

| body | bytes | verdict | package in Node, checks/s | native fast path, checks/s | native ÷ package |
|---|---:|---|---:|---:|---:|
${rows.map((r) => `| \`${r.name}\` | ${r.bytes} | ${r.rule} | ${fmt(r.rate)} | ${r.native ? fmt(r.native) : 'n/a'} | ${r.native ? `${(r.native / r.rate).toFixed(1)}×` : 'n/a'} |`).join('\n')}

Sizes (\`scripts/build-wasm.sh\`): the WebAssembly module is ${kb(wasm.length)} (${kb(gzipSync(wasm).length)} gzipped);
the emscripten glue around it is ${kb(glueOnly)}; the single file \`dist/entracheck_wasm.cjs\` that embeds the
module as base64 is ${kb(Buffer.byteLength(glue))} (${kb(gzipSync(glue).length)} gzipped); the package's own JavaScript
(\`index.js\`, \`core.cjs\`) is ${kb(core)}.
<!-- wasm-bench-end -->
`;

const docPath = join(repo, 'docs', 'benchmarks.md');
let doc = readFileSync(docPath, 'utf8');
const begin = doc.indexOf('<!-- wasm-bench-begin');
const endMarker = '<!-- wasm-bench-end -->\n';
if (begin >= 0) doc = doc.slice(0, begin) + section + doc.slice(doc.indexOf(endMarker) + endMarker.length);
else doc = `${doc.trimEnd()}\n\n${section}`;
writeFileSync(docPath, doc);
console.log(section);
