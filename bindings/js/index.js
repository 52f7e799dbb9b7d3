// entracheck for JavaScript: decide what Microsoft Entra ID does with the answer of a custom
// authentication extension, in-process, with the same WebAssembly-compiled engine as the
// native library and CLI (no native addon, nothing downloaded at install time).
//
//   import { check, assertAccepted } from 'entracheck';
//   const verdict = check({ status: 200, headers: { 'content-type': 'application/json' }, body });
//   assertAccepted(verdict);
import { AssertionError } from 'node:assert';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('./core.cjs');
const createModule = require('./dist/entracheck_wasm.cjs');

// The wasm is embedded in the glue, so instantiating needs no file access; once done here,
// every call below is synchronous.
const api = core.bind(await createModule());

export const { EntracheckError, describe } = core;
export const { check, checkRaw, parseRaw, events } = api;

// The check input for a fetch Response (reads its body).
export async function fromFetch(response, options = {}) {
  if (!response || typeof response.arrayBuffer !== 'function' || !response.headers) {
    throw new TypeError('fromFetch() takes a fetch Response');
  }
  return {
    ...options,
    status: response.status,
    // HTTP/2 has no reason phrase: fetch then gives ''.
    ...(response.statusText ? { statusText: response.statusText } : {}),
    headers: response.headers,
    body: new Uint8Array(await response.arrayBuffer()),
  };
}

// The check input for a supertest (or superagent) response: status, headers and the body as
// received (res.text; res.body when it holds bytes, as for binary responses).
export function fromSupertest(res, options = {}) {
  if (!res || typeof res.status !== 'number' || typeof res.headers !== 'object') {
    throw new TypeError('fromSupertest() takes a supertest response (with status and headers)');
  }
  let body = typeof res.text === 'string' ? res.text : undefined;
  if (res.body instanceof Uint8Array && (body === undefined || res.body.length > 0)) body = res.body;
  return { ...options, status: res.status, headers: res.headers, body };
}

export async function checkFetch(response, options = {}) {
  return check(await fromFetch(response, options));
}

export function checkSupertest(res, options = {}) {
  return check(fromSupertest(res, options));
}

// A verdict, or an input for check() to make one.
function verdictOf(subject) {
  if (subject && typeof subject === 'object' && typeof subject.verdict === 'string') return subject;
  return check(subject);
}

// Throws an AssertionError naming code, rule, pointer and message unless Entra accepts.
export function assertAccepted(subject) {
  const verdict = verdictOf(subject);
  if (verdict.verdict !== 'accepted') {
    throw new AssertionError({
      message: `expected Entra to accept the response, but it is ${describe(verdict)}`,
      actual: verdict, expected: 'accepted', operator: 'assertAccepted', stackStartFn: assertAccepted,
    });
  }
  return verdict;
}

// Throws an AssertionError unless Entra rejects with `code` (and, when given, by `rule`).
export function assertRejected(subject, code, rule) {
  const verdict = verdictOf(subject);
  const wanted = `rejected ${code}${rule === undefined ? '' : ` by rule ${rule}`}`;
  if (verdict.verdict !== 'rejected' || (code !== undefined && verdict.code !== Number(code)) ||
      (rule !== undefined && verdict.rule !== rule)) {
    throw new AssertionError({
      message: `expected Entra to answer ${wanted}, but it is ${describe(verdict)}`,
      actual: verdict, expected: { code, rule }, operator: 'assertRejected', stackStartFn: assertRejected,
    });
  }
  return verdict;
}
