// The playground in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
// load the page from file://, paste every example in turn and pick it from the list, and
// require the displayed code and rule to equal the native CLI's; check the fault mark sits at
// the verdict's byte offset; save screenshots under the build folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(web, '..');
const cli = process.env.ENTRACHECK_CLI ?? join(repo, 'build', 'cli', 'entracheck');
const shots = process.env.ENTRACHECK_SCREENSHOT_DIR ?? join(repo, 'build-wasm');
const examplesDir = join(repo, 'examples');

// The CLI's verdict for every example, run with --event set to the example's folder.
function cliVerdicts() {
  const out = [];
  for (const event of readdirSync(examplesDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const files = readdirSync(join(examplesDir, event)).filter((f) => f.endsWith('.http')).sort().map((f) => `${event}/${f}`);
    if (files.length === 0) continue;  // not an event's captures (the jsonl, python and node examples)
    let stdout;
    try {
      stdout = execFileSync(cli, ['check', '--json', '--event', event, ...files], { cwd: examplesDir, encoding: 'utf8' });
    } catch (error) {
      if (error.status !== 1) throw error;
      stdout = error.stdout;
    }
    const parsed = JSON.parse(stdout);
    for (const verdict of files.length === 1 ? [parsed] : parsed) out.push({ event, verdict });
  }
  return out;
}

let context;
let page;
let profile;
before(async () => {
  profile = mkdtempSync(join(tmpdir(), 'entracheck-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
    viewport: { width: 1280, height: 900 },
  });
  page = context.pages()[0] ?? await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(pathToFileURL(join(web, 'index.html')).href);
  await page.waitForSelector('body[data-ready=true]', { timeout: 20000 });
  assert.deepEqual(errors, []);
});
after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const shown = async () => ({
  code: await page.textContent('#v-code'),
  rule: await page.textContent('#v-rule'),
  summary: await page.textContent('#summary'),
});
const expectedCode = (v) => (v.code === null ? 'none (accepted)' : String(v.code));

test('every example, pasted, shows the CLI\'s code and rule', async (t) => {
  const verdicts = cliVerdicts();
  assert.ok(verdicts.length >= 20, `only ${verdicts.length} examples`);
  for (const { event, verdict } of verdicts) {
    await page.selectOption('#event', event);
    await page.fill('#raw', readFileSync(join(examplesDir, verdict.file), 'utf8'));
    await page.click('#check');
    const got = await shown();
    assert.equal(got.code, expectedCode(verdict), `${verdict.file}: ${got.summary}`);
    assert.equal(got.rule, verdict.rule, verdict.file);
  }
  t.diagnostic(`${verdicts.length} examples pasted`);
});

test('every example, picked from the list, shows the CLI\'s code, rule, pointer and mark', async () => {
  for (const { verdict } of cliVerdicts()) {
    await page.selectOption('#example', verdict.file);
    const got = await shown();
    assert.equal(got.code, expectedCode(verdict), verdict.file);
    assert.equal(got.rule, verdict.rule, verdict.file);
    assert.equal(await page.textContent('#v-pointer'), verdict.pointer ?? 'none', verdict.file);
    if (verdict.offset !== null) {
      // The mark starts at the byte offset of the body (UTF-8 bytes, not string indices).
      const raw = readFileSync(join(examplesDir, verdict.file));
      const parsed = raw.indexOf('\r\n\r\n') >= 0 ? raw.indexOf('\r\n\r\n') + 4 : raw.indexOf('\n\n') + 2;
      const body = raw.subarray(parsed);
      const mark = await page.textContent('#fault');
      if (verdict.offset < body.length) {
        assert.ok(body.subarray(verdict.offset).toString('utf8').startsWith(mark), `${verdict.file}: mark ${mark}`);
      }
    }
  }
});

test('status, headers and body apart; the request panel follows the event', async () => {
  await page.check('input[name=mode][value=parts]');
  await page.fill('#status', '200');
  await page.fill('#headers', 'Content-Type: application/json');
  await page.selectOption('#event', '');
  await page.fill('#body', '{"data":{"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData","actions":[' +
    '{"@odata.type":"microsoft.graph.tokenIssuanceStart.provideClaimsForToken","claims":{"café":"x","pts":1}}]}}');
  await page.click('#check');
  const got = await shown();
  assert.equal(got.code, '1003003');
  assert.equal(got.rule, 'claims.value-type');
  assert.equal(await page.textContent('#fault'), '1');
  assert.match(await page.textContent('#v-event'), /tokenIssuanceStart \(inferred/);
  assert.match(await page.textContent('#request'), /"type": "microsoft.graph.authenticationEvent.tokenIssuanceStart"/);
  await page.fill('#headers', 'Content-Type: text/html');
  await page.click('#check');
  assert.equal((await shown()).code, '1003006');
  await page.check('input[name=mode][value=raw]');
  assert.match(await page.inputValue('#raw'), /^HTTP\/1.1 200\nContent-Type: text\/html\n\n\{/);
});

test('keyboard: Ctrl+Enter checks; an unparsable response is one sentence', async () => {
  await page.selectOption('#event', '');
  await page.fill('#raw', 'hello');
  await page.focus('#raw');
  await page.keyboard.press('Control+Enter');
  assert.match(await page.textContent('#summary'), /^Cannot check: /);
});

test('screenshots, wide and narrow', async () => {
  mkdirSync(shots, { recursive: true });
  await page.selectOption('#example', 'tokenIssuanceStart/numeric-claim-rejected-1003003.http');
  await page.screenshot({ path: join(shots, 'playground.png'), fullPage: true });
  // Narrow: a phone-sized page of its own, where nothing may be wider than the screen.
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(pathToFileURL(join(web, 'index.html')).href);
  await phone.waitForSelector('body[data-ready=true]');
  await phone.selectOption('#example', 'tokenIssuanceStart/numeric-claim-rejected-1003003.http');
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than a 390px screen`);
  await phone.screenshot({ path: join(shots, 'playground-narrow.png'), fullPage: true });
  await phone.close();
});
