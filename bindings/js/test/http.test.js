// A small node:http API, as a team would write its extension, tested in-process on 127.0.0.1
// through fetch and through node:http's own client.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';

import { assertAccepted, assertRejected, check, checkFetch } from '../index.js';

// The extension: answers tokenIssuanceStart with claims; /bug answers a number as a claim.
function handler(req, res) {
  let request = '';
  req.on('data', (chunk) => { request += chunk; });
  req.on('end', () => {
    const loyalty = JSON.parse(request || '{}').data?.authenticationContext?.user?.id ? 'gold' : 'none';
    const claims = req.url === '/bug' ? { loyalty, points: 42 } : { loyalty };
    const body = JSON.stringify({
      data: {
        '@odata.type': 'microsoft.graph.onTokenIssuanceStartResponseData',
        actions: [{ '@odata.type': 'microsoft.graph.tokenIssuanceStart.provideClaimsForToken', claims }],
      },
    });
    res.writeHead(req.url === '/down' ? 503 : 200, { 'Content-Type': 'application/json' });
    res.end(body);
  });
}

let server;
let base;
before(async () => {
  server = http.createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((resolve) => server.close(resolve)));

const request = JSON.stringify({
  type: 'microsoft.graph.authenticationEvent.tokenIssuanceStart',
  data: { authenticationContext: { user: { id: 'u1' } } },
});
const post = (path) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: request });

test('the API\'s answer is accepted (fetch)', async () => {
  const started = Date.now();
  const response = await post('/');
  const verdict = await checkFetch(response, { event: 'tokenIssuanceStart', elapsedMs: Date.now() - started });
  assertAccepted(verdict);
});

test('the bug is rejected with 1003003 at the number (fetch)', async () => {
  const verdict = await checkFetch(await post('/bug'), { event: 'tokenIssuanceStart' });
  assertRejected(verdict, 1003003, 'claims.value-type');
  assert.equal(verdict.pointer, '/data/actions/0/claims/points');
});

test('a 503 is 1003002 (node:http client, IncomingMessage headers)', async () => {
  const { status, headers, body } = await new Promise((resolve, reject) => {
    const req = http.request(`${base}/down`, { method: 'POST' }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(request);
  });
  assertRejected(check({ status, headers, body }), 1003002);
});
