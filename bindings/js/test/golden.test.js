// Every golden case (tests/cases/cases.tsv) through the package, twice (checkRaw on the file's
// bytes, and check() on the parts parseRaw splits it into), against the native CLI's
// `check --json` for the same file and options: the same JSON text, byte for byte, with the
// `file` key set to the same path. Rows with a transport option have no CLI flag; they are held
// to the manifest's expected code and rule instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { check, checkRaw, parseRaw } from '../index.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const casesDir = join(repo, 'tests', 'cases');
const cli = process.env.ENTRACHECK_CLI ?? join(repo, 'build', 'cli', 'entracheck');

// The options column, as tests/golden_test.cpp maps it: to CLI flags and to package options.
const flagOf = {
  nonce: ['--nonce', 'nonce', String],
  elapsed_ms: ['--elapsed-ms', 'elapsedMs', Number],
  timeout_ms: ['--timeout-ms', 'timeoutMs', Number],
  max_response_bytes: ['--max-response-bytes', 'maxResponseBytes', Number],
  max_claims_bytes: ['--claims-limit', 'maxClaimsBytes', Number],
  transport: [null, 'transport', String],
};

function readCases() {
  const rows = [];
  const lines = readFileSync(join(casesDir, 'cases.tsv'), 'utf8').split('\n');
  assert.equal(lines[0], 'file\tevent\texpect\trule\twarnings\toptions');
  for (const line of lines.slice(1)) {
    if (line === '' || line.startsWith('#')) continue;
    const [file, event, expect, rule, warnings, options] = line.split('\t');
    const row = { file, event, expect, rule, warnings, flags: [], options: { event } };
    if (options !== '-') {
      for (const option of options.split(';')) {
        const equals = option.indexOf('=');
        const [flag, key, convert] = flagOf[option.slice(0, equals)] ?? assert.fail(`unknown option ${option}`);
        const value = option.slice(equals + 1);
        if (flag === null) row.noCli = true;
        else row.flags.push(flag, value);
        row.options[key] = convert(value);
      }
    }
    rows.push(row);
  }
  return rows;
}

// The CLI on many files at once (one process per distinct option set keeps this quick): its
// JSON array, one line per file, in order.
function cliLines(rows) {
  const groups = new Map();
  for (const row of rows) {
    const key = JSON.stringify([row.event, ...row.flags]);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(row);
  }
  const out = new Map();
  for (const [key, group] of groups) {
    const [event, ...flags] = JSON.parse(key);
    let stdout;
    try {
      stdout = execFileSync(cli, ['check', '--json', '--event', event, ...flags, ...group.map((r) => r.file)],
        { cwd: casesDir, encoding: 'utf8', maxBuffer: 1 << 26 });
    } catch (error) {
      if (error.status !== 1) throw error;  // 1: some file rejected
      stdout = error.stdout;
    }
    // An array of one object per line, or a single object for a single file.
    const lines = group.length === 1 ? [stdout.trimEnd()]
      : stdout.split('\n').slice(1, -2).map((l) => l.replace(/^ {2}/, '').replace(/,$/, ''));
    assert.equal(lines.length, group.length, `CLI answered ${lines.length} verdicts for ${group.length} files`);
    group.forEach((row, i) => out.set(row, lines[i]));
  }
  return out;
}

test('every golden case gives the CLI\'s JSON through the package', (t) => {
  assert.ok(existsSync(cli), `no CLI at ${cli}: build it (scripts/build.sh) or set ENTRACHECK_CLI`);
  const rows = readCases();
  assert.ok(rows.length >= 220, `only ${rows.length} golden cases`);
  const native = cliLines(rows.filter((r) => !r.noCli));
  let compared = 0;
  for (const row of rows) {
    const raw = readFileSync(join(casesDir, row.file));
    const options = { ...row.options, file: row.file };
    const fromRaw = checkRaw(raw, options);
    const parts = parseRaw(raw);
    const fromParts = check({ ...options, status: parts.status, statusText: parts.reason, headers: parts.headers, body: parts.body });
    assert.deepEqual(fromParts, fromRaw, `${row.file}: check() and checkRaw() disagree`);
    if (row.noCli) {
      assert.equal(String(fromRaw.code ?? 'accepted'), row.expect, row.file);
      assert.equal(fromRaw.rule, row.rule, row.file);
      continue;
    }
    const line = native.get(row);
    assert.equal(JSON.stringify(fromRaw), line, `${row.file}: package and CLI differ`);
    assert.deepEqual(fromRaw, JSON.parse(line), row.file);
    compared += 1;
  }
  t.diagnostic(`${rows.length} golden cases, ${compared} compared with the CLI byte for byte`);
  assert.ok(compared >= rows.length - 20, `only ${compared} of ${rows.length} compared with the CLI`);
});
