// The package's API: inputs in every accepted shape, event inference, input errors, the
// assertion helpers' messages and the fetch / supertest adapters.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  assertAccepted, assertRejected, check, checkRaw, checkSupertest, describe, EntracheckError,
  events, fromSupertest, parseRaw,
} from '../index.js';

const json = { 'content-type': 'application/json' };
const tokenBody = (claims) => JSON.stringify({
  data: {
    '@odata.type': 'microsoft.graph.onTokenIssuanceStartResponseData',
    actions: [{ '@odata.type': 'microsoft.graph.tokenIssuanceStart.provideClaimsForToken', claims }],
  },
});

test('an accepted response, with the event inferred', () => {
  const verdict = check({ status: 200, headers: json, body: tokenBody({ role: 'admin' }) });
  assert.deepEqual(verdict, {
    file: null, event: 'tokenIssuanceStart', verdict: 'accepted', code: null, name: null,
    rule: 'accepted', basis: 'doc', pointer: null, offset: null, observed: null,
    message: 'Entra accepts this response.', warnings: [],
  });
});

test('a rejected claim: code, name, rule, pointer and a UTF-8 byte offset', () => {
  // "é" is two bytes in UTF-8: the offset counts bytes, not UTF-16 units.
  const body = tokenBody({ 'é': 'x', n: 5 });
  const verdict = check({ status: 200, headers: json, body, event: 'tokenIssuanceStart' });
  assert.equal(verdict.code, 1003003);
  assert.equal(verdict.name, 'CustomExtensionInvalidResponseBody');
  assert.equal(verdict.rule, 'claims.value-type');
  assert.equal(verdict.pointer, '/data/actions/0/claims/n');
  const bytes = Buffer.from(body);
  assert.equal(bytes.subarray(verdict.offset, verdict.offset + 1).toString(), '5');
  assert.notEqual(body[verdict.offset], '5');  // the string index is one less
});

test('headers as an object, pairs, a Headers or a Map give the same verdict', () => {
  const body = tokenBody({});
  const shapes = [json, [['Content-Type', 'application/json']], new Headers(json), new Map(Object.entries(json))];
  for (const headers of shapes) assertAccepted({ status: 200, headers, body });
  // Bytes in any form: Buffer, Uint8Array, ArrayBuffer.
  const bytes = new TextEncoder().encode(body);
  for (const b of [Buffer.from(body), bytes, bytes.buffer]) assertAccepted({ status: 200, headers: json, body: b });
});

test('headers go through the library\'s parser: a repeated Content-Type, a wrong Content-Length', () => {
  const body = tokenBody({});
  assertRejected({ status: 200, headers: { 'content-type': ['application/json', 'application/json'] }, body },
    1003006);
  const verdict = check({ status: 200, headers: { ...json, 'content-length': '3' }, body });
  assert.equal(verdict.verdict, 'accepted');
  assert.deepEqual(verdict.warnings.map((w) => w.rule), ['warn.content-length-mismatch']);
});

test('status, transport and timing', () => {
  assert.equal(check({ status: 500, headers: json, body: '{}' }).code, 1003002);
  assert.equal(check({ transport: 'timed-out' }).code, 1003005);
  assert.equal(check({ status: 200, headers: json, body: tokenBody({}), elapsedMs: 1500 }).code, 1003005);
  assert.equal(check({ status: 200, headers: json, body: tokenBody({}), elapsedMs: 1500, timeoutMs: 2000 }).verdict,
    'accepted');
});

test('without an event the verdict stands when no event could change it', () => {
  const verdict = check({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'hello' });
  assert.equal(verdict.event, null);
  assert.equal(verdict.code, 1003006);
  // No data.@odata.type at all: rule 5's envelope check fails the same way for every event.
  const untyped = check({ status: 200, headers: json, body: '{"data":{"actions":[]}}' });
  assert.equal(untyped.event, null);
  assert.equal(untyped.rule, 'envelope.type-missing');
  // Given the event, the same verdict names it.
  assert.equal(check({ status: 200, headers: json, body: '{"data":{"actions":[]}}', event: 'emailOtpSend' }).event,
    'emailOtpSend');
});

test('bad input is one clear error, never a crash', () => {
  assert.throws(() => check({ status: 200, body: '{}', event: 'pageRenderStart' }), EntracheckError);
  assert.throws(() => check({ status: 200, body: '{}', event: 'nope' }), /unknown event 'nope'; expected one of tokenIssuanceStart/);
  assert.throws(() => check({ status: 200, body: '{}', event: 'emailOtpSend', timeoutMs: 100 }), /timeout_ms is 100/);
  assert.throws(() => check({ status: 200, body: '{}', event: 'emailOtpSend', relax: 'json.syntax' }), /relax expects/);
  assert.throws(() => check({ status: 'ok' }), TypeError);
  assert.throws(() => check({ status: 200, body: { data: {} } }), /not a parsed object/);
  assert.throws(() => check({ status: 200, headers: { 'bad name': 'x' } }), /not an HTTP token/);
  assert.throws(() => check({ status: 200, headers: { a: 'x\r\nInjected: y' } }), /line break/);
  assert.throws(() => parseRaw('not http'), EntracheckError);
  assert.throws(() => checkRaw('not http'), EntracheckError);
});

test('relaxing a [policy] rule lets the next failing rule decide', () => {
  const body = tokenBody({ n: 5 });
  assert.equal(check({ status: 200, headers: json, body, relax: ['claims.value-type'] }).verdict, 'accepted');
});

test('parseRaw splits a raw response as curl -si prints it', () => {
  const raw = 'HTTP/1.1 100 Continue\r\n\r\nHTTP/2 200\r\ncontent-type: application/json\r\nx-a: 1\r\n\r\n{"a":1}';
  const parsed = parseRaw(raw);
  assert.equal(parsed.status, 200);
  assert.equal(parsed.version, 'HTTP/2');
  assert.deepEqual(parsed.headers, [['content-type', 'application/json'], ['x-a', '1']]);
  assert.equal(Buffer.from(parsed.body).toString(), '{"a":1}');
  assert.equal(raw.slice(parsed.bodyOffset), '{"a":1}');
});

test('events() lists the supported events in the rulebook\'s order', () => {
  const names = events().map((e) => e.name);
  assert.equal(names[0], 'tokenIssuanceStart');
  assert.ok(names.includes('passwordSubmit'));
});

test('assertion messages name code, rule, pointer and message', () => {
  const rejected = check({ status: 200, headers: json, body: tokenBody({ n: 5 }) });
  assert.throws(() => assertAccepted(rejected), (e) => {
    assert.equal(e.name, 'AssertionError');
    for (const part of ['1003003', 'CustomExtensionInvalidResponseBody', 'claims.value-type',
      '"/data/actions/0/claims/n"', rejected.message]) {
      assert.ok(e.message.includes(part), `${e.message} lacks ${part}`);
    }
    return true;
  });
  assert.throws(() => assertRejected(rejected, 1003003, 'claims.key-empty'), /by rule claims.key-empty, but it is rejected 1003003/);
  assert.throws(() => assertRejected(rejected, 1003010), /1003010/);
  assert.equal(assertRejected(rejected, 1003003, 'claims.value-type'), rejected);
  const accepted = check({ status: 200, headers: json, body: tokenBody({}) });
  assert.throws(() => assertRejected(accepted, 1003003), /but it is accepted/);
  assert.equal(describe(accepted), 'accepted');
});

test('a supertest response (duck-typed: status, headers, text)', () => {
  const res = { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, text: tokenBody({}), body: {} };
  assertAccepted(checkSupertest(res));
  assert.equal(fromSupertest(res, { event: 'tokenIssuanceStart' }).event, 'tokenIssuanceStart');
  // A parsed body is ignored in favour of the text as received.
  assert.equal(checkSupertest({ ...res, text: tokenBody({ n: [1] }) }).rule, 'claims.value-type');
  assert.throws(() => fromSupertest({}), TypeError);
});

test('importing the package leaves the process\'s handlers alone', async () => {
  const { execFileSync } = await import('node:child_process');
  const script = `
    const count = () => ['uncaughtException', 'unhandledRejection', 'exit'].map((e) => process.listenerCount(e)).join();
    const before = count();
    await import(${JSON.stringify(new URL('../index.js', import.meta.url).href)});
    console.log(before === count() ? 'same' : before + ' -> ' + count());`;
  assert.equal(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim(), 'same');
});
