// web/examples.js and web/requests.js are generated and committed: they must equal what
// web/generate.mjs writes from examples/ and schemas/ today.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');

test('the bundled examples and requests are up to date', () => {
  const run = spawnSync(process.execPath, [join(web, 'generate.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
});

test('every example is bundled byte for byte, and every event has a request', () => {
  const sandbox = { self: {} };
  vm.runInNewContext(readFileSync(join(web, 'examples.js'), 'utf8'), sandbox);
  vm.runInNewContext(readFileSync(join(web, 'requests.js'), 'utf8'), sandbox);
  // Through JSON: objects made in the sandbox have its prototypes, which deepEqual compares.
  const bundled = JSON.parse(JSON.stringify(sandbox.self.ENTRACHECK_EXAMPLES));
  const examples = join(web, '..', 'examples');
  const onDisk = readdirSync(examples, { recursive: true }).filter((f) => f.endsWith('.http')).sort();
  assert.deepEqual(bundled.map((e) => e.path).sort(), onDisk);
  for (const e of bundled) {
    assert.ok(Buffer.from(e.base64, 'base64').equals(readFileSync(join(examples, e.path))), e.path);
  }
  const events = JSON.parse(readFileSync(join(web, '..', 'schemas', 'events.json'), 'utf8')).events.map((e) => e.name);
  assert.deepEqual([...Object.keys(sandbox.self.ENTRACHECK_REQUESTS)].sort(), [...events].sort());
  for (const name of events) {
    assert.match(sandbox.self.ENTRACHECK_REQUESTS[name], new RegExp(`"type": "microsoft.graph.authenticationEvent.${name}"`));
  }
});
