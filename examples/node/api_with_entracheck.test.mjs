// A node:test suite that checks a running API's answers with `entracheck check --input jsonl`.
//
// The API here is a stand-in for yours: a small HTTP server on 127.0.0.1 (an ephemeral port)
// with one endpoint that answers what Entra accepts and three that it rejects. The test calls
// each endpoint as Entra would, writes one JSON Lines object per answer (status, headers, body,
// elapsed time, or the transport failure) and asserts on the verdicts entracheck prints with
// --json.
//
//   ENTRACHECK=/path/to/entracheck node --test examples/node/
//
// Node 18 or later, built-in modules only: nothing to install.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';

const claimsBody = (claims) =>
  JSON.stringify({
    data: {
      '@odata.type': 'microsoft.graph.onTokenIssuanceStartResponseData',
      actions: [{ '@odata.type': 'microsoft.graph.tokenIssuanceStart.provideClaimsForToken', claims }],
    },
  });

// The API under test: POST /claims/<case>.
const server = createServer((request, response) => {
  const answer = (status, contentType, body) => {
    if (response.destroyed) return; // the client gave up (the slow endpoint)
    response.writeHead(status, { 'Content-Type': contentType });
    response.end(body);
  };
  request.resume();
  request.on('end', () => {
    switch (request.url) {
      case '/claims/good':
        return answer(200, 'application/json', claimsBody({ tier: 'gold' }));
      case '/claims/numeric':
        return answer(200, 'application/json', claimsBody({ points: 120 }));
      case '/claims/crash':
        return answer(500, 'text/html', '<html><body>Internal Server Error</body></html>');
      case '/claims/slow':
        return setTimeout(() => answer(200, 'application/json', claimsBody({ tier: 'late' })), 1500);
      default:
        return answer(404, 'text/plain', 'not found');
    }
  });
});

let baseUrl;
before(async () => {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${server.address().port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const entracheck = process.env.ENTRACHECK || 'entracheck';

// One call as Entra makes it, as one JSON Lines object for entracheck.
async function call(path, name, timeoutMs = 1000) {
  const start = performance.now();
  let response;
  try {
    response = await fetch(baseUrl + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"type":"test"}',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error.name === 'TimeoutError' || error.name === 'AbortError';
    return { name, transport: timedOut ? 'timed-out' : 'connection-failed' };
  }
  const body = await response.text();
  return {
    name,
    status: response.status,
    // fetch joins a header sent twice into one value ("a, b"); a Content-Type sent twice still
    // gets 1003006, as content-type.malformed rather than content-type.repeated.
    headers: Object.fromEntries(response.headers),
    body,
    elapsed_ms: Math.round((performance.now() - start) * 10) / 10,
  };
}

function check(lines) {
  const run = spawnSync(entracheck, ['check', '--input', 'jsonl', '--json'], {
    input: lines.map((line) => JSON.stringify(line) + '\n').join(''),
    encoding: 'utf8',
  });
  assert.equal(run.error, undefined, `cannot run ${entracheck}: set ENTRACHECK`);
  return run;
}

test('Entra accepts the good endpoint and rejects the others', async () => {
  const lines = [
    await call('/claims/good', 'good'),
    await call('/claims/numeric', 'numeric'),
    await call('/claims/crash', 'crash'),
    // Entra waits 1000 ms by default: a client that stops waiting then sees what Entra sees.
    await call('/claims/slow', 'slow', 1000),
  ];
  const run = check(lines);
  assert.ok(run.status === 0 || run.status === 1, run.stderr); // 2 would mean a bad line
  const verdicts = Object.fromEntries(JSON.parse(run.stdout).map((v) => [v.file, v]));

  assert.equal(verdicts.good.verdict, 'accepted');
  assert.equal(verdicts.good.event, 'tokenIssuanceStart'); // inferred from the body

  assert.equal(verdicts.numeric.verdict, 'rejected');
  assert.equal(verdicts.numeric.code, 1003003);
  assert.equal(verdicts.numeric.rule, 'claims.value-type');
  assert.equal(verdicts.numeric.pointer, '/data/actions/0/claims/points');

  assert.equal(verdicts.crash.code, 1003002); // a 500 page needs no event to be judged
  assert.equal(verdicts.crash.event, null);

  assert.equal(verdicts.slow.code, 1003005);
  assert.equal(verdicts.slow.name, 'CustomExtensionTimedOut');
});

test('a bad line is an error object and exit 2', () => {
  const run = check([{ status: 200, transport: 'lost' }]);
  assert.equal(run.status, 2);
  const [error] = JSON.parse(run.stdout);
  assert.equal(error.verdict, 'error');
  assert.match(error.message, /unknown transport/);
});
