// The package as users get it: `npm pack`, then `npm install` of the tarball (and of the
// folder) into a fresh project with the network switched off, then an import that checks a
// response. Proves: no install-time download, no native addon, the files list is complete.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
// A throwaway npm cache, so that --offline proves nothing comes from a cache filled earlier.
const cache = mkdtempSync(join(tmpdir(), 'entracheck-npm-cache-'));
after(() => rmSync(cache, { recursive: true, force: true }));
const npm = (args, cwd) => execFileSync('npm', [...args, '--offline', '--no-audit', '--no-fund', '--loglevel=error'],
  { cwd, encoding: 'utf8', env: { ...process.env, npm_config_cache: cache } });

const probe = `
import { check, assertRejected } from 'entracheck';
const v = check({ status: 200, headers: { 'content-type': 'application/json' },
  body: '{"data":{"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData","actions":[]}}' });
assertRejected(v, 1003010);
console.log(v.code, v.rule);
`;

function installAndImport(spec, dir) {
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'probe', private: true, type: 'module' }));
  npm(['install', spec], dir);
  writeFileSync(join(dir, 'probe.mjs'), probe);
  return execFileSync(process.execPath, ['probe.mjs'], { cwd: dir, encoding: 'utf8' }).trim();
}

test('npm pack, then install the tarball offline and import it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'entracheck-pack-'));
  try {
    const [{ filename, files }] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], pkg));
    assert.deepEqual(files.map((f) => f.path).sort(),
      ['README.md', 'core.cjs', 'dist/entracheck_wasm.cjs', 'index.d.ts', 'index.js', 'package.json']);
    const project = join(dir, 'project');
    execFileSync('mkdir', [project]);
    assert.equal(installAndImport(join(dir, filename), project), '1003010 actions.count-not-one');
    assert.ok(!readdirSync(join(project, 'node_modules', 'entracheck')).includes('test'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('npm install of the folder, offline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'entracheck-folder-'));
  try {
    assert.equal(installAndImport(pkg, dir), '1003010 actions.count-not-one');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
