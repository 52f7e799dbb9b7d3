// The npm package's TypeScript declarations (bindings/js/index.d.ts) compile under `strict`, type
// a realistic test suite's calls, and refuse wrong ones (each @ts-expect-error must be an error).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const declarations = join(web, '..', 'bindings', 'js', 'index.d.ts');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

const usage = `
import { check, checkRaw, checkFetch, assertAccepted, assertRejected, describe, EntracheckError,
  type Verdict, type CheckInput } from 'entracheck';

const input: CheckInput = { status: 200, headers: { 'content-type': 'application/json' }, body: '{}',
  event: 'tokenIssuanceStart', elapsedMs: 12, relax: ['claims.value-type'] };
const verdict: Verdict = check(input);
const code: number | null = verdict.code;
const offset: number | null = verdict.offset;
const rule: string = verdict.rule;
const first: string | undefined = verdict.warnings[0]?.message;
assertRejected(verdict, 1003003, 'claims.value-type');
assertAccepted({ status: 200, headers: new Headers(), body: new Uint8Array(0) });
checkRaw('HTTP/1.1 200 OK\\r\\n\\r\\n', { transport: 'timed-out' });
async function viaFetch(response: Response): Promise<string> { return describe(await checkFetch(response)); }
const isError = (e: unknown): boolean => e instanceof EntracheckError;
void [code, offset, rule, first, viaFetch, isError];

// @ts-expect-error: the status is a number
check({ status: '200' });
// @ts-expect-error: not an event
check({ status: 200, event: 'pageRenderStart' });
// @ts-expect-error: not a transport
check({ transport: 'lost' });
// @ts-expect-error: the verdict is read-only data, not a string
const wrong: string = verdict.code;
void wrong;
`;

test('the TypeScript declarations type the API and refuse misuse', () => {
  const dir = mkdtempSync(join(tmpdir(), 'entracheck-types-'));
  try {
    writeFileSync(join(dir, 'usage.ts'), usage);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        strict: true, noEmit: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler',
        lib: ['es2022', 'dom'], types: [], paths: { entracheck: [declarations] },
      },
      files: ['usage.ts'],
    }));
    const run = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
