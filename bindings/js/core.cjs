// The JavaScript side of entracheck's WebAssembly module: turns check inputs into bytes for the
// C export layer (src/entracheck_wasm.cpp) and its JSON answers back into objects. Shared, as
// is, by the npm package (index.js requires it) and the playground (web/ loads it as a classic
// script, which works from file://), so both speak through exactly the same code.
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.EntracheckCore = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  const encoder = new TextEncoder();
  const decoder = new TextDecoder('utf-8');  // ill-formed bytes become U+FFFD, never throw

  // An input the module refuses (an unknown event, an unusable policy, an unparsable raw
  // response, an event that cannot be inferred): one sentence in `message`.
  class EntracheckError extends Error {
    constructor(message) {
      super(message);
      this.name = 'EntracheckError';
    }
  }

  const TRANSPORTS = ['completed', 'timed-out', 'connection-failed'];

  function toBytes(body, what) {
    if (body === undefined || body === null) return new Uint8Array(0);
    if (typeof body === 'string') return encoder.encode(body);
    if (body instanceof Uint8Array) return body;  // Buffer too
    if (body instanceof ArrayBuffer) return new Uint8Array(body);
    if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    throw new TypeError(`${what} must be a string, a Uint8Array/Buffer or an ArrayBuffer ` +
      `(got ${typeof body}); pass the bytes as sent, not a parsed object`);
  }

  function noNewline(key, value) {
    const text = String(value);
    if (/[\r\n]/.test(text)) throw new TypeError(`${key} must not contain a line break`);
    return text;
  }

  function count(key, value) {
    if (!Number.isInteger(value) || value < 0) {
      throw new TypeError(`${key} must be a non-negative integer, got ${String(value)}`);
    }
    return String(value);
  }

  // The option lines the export layer reads (see src/entracheck_wasm.cpp).
  function optionLines(input) {
    const lines = [];
    const add = (key, value) => lines.push(`${key}=${value}`);
    if (input.event != null) add('event', noNewline('event', input.event));
    if (input.file != null) add('file', noNewline('file', input.file));
    if (input.statusText != null) add('reason', noNewline('statusText', input.statusText));
    if (input.elapsedMs != null) add('elapsed_ms', count('elapsedMs', input.elapsedMs));
    if (input.transport != null) {
      if (!TRANSPORTS.includes(input.transport)) {
        throw new TypeError(`transport must be one of ${TRANSPORTS.join(', ')}, got ${String(input.transport)}`);
      }
      add('transport', input.transport);
    }
    if (input.nonce != null) add('nonce', noNewline('nonce', input.nonce));
    if (input.timeoutMs != null) add('timeout_ms', count('timeoutMs', input.timeoutMs));
    if (input.maxResponseBytes != null) add('max_response_bytes', count('maxResponseBytes', input.maxResponseBytes));
    if (input.maxClaimsBytes != null) add('max_claims_bytes', count('maxClaimsBytes', input.maxClaimsBytes));
    const relax = input.relax == null ? [] : Array.isArray(input.relax) ? input.relax : [input.relax];
    for (const rule of relax) add('relax', noNewline('relax', rule));
    return encoder.encode(lines.join('\n'));
  }

  // [name, value] pairs from a fetch Headers, a Map, an array of pairs or a plain object (as
  // Node's IncomingMessage and supertest give; an array value is a repeated header).
  function headerPairs(headers) {
    const pairs = [];
    if (headers == null) return pairs;
    const push = (name, value) => {
      if (Array.isArray(value)) for (const v of value) pairs.push([String(name), String(v)]);
      else if (value !== undefined && value !== null) pairs.push([String(name), String(value)]);
    };
    if (typeof headers.forEach === 'function' && typeof headers.get === 'function') {
      headers.forEach((value, name) => push(name, value));  // fetch Headers, Map
    } else if (Array.isArray(headers)) {
      for (const pair of headers) push(pair[0], pair[1]);
    } else if (typeof headers === 'object') {
      for (const name of Object.keys(headers)) push(name, headers[name]);
    } else {
      throw new TypeError('headers must be an object, an array of [name, value] pairs or a Headers');
    }
    return pairs;
  }

  function headerBlock(headers) {
    let block = '';
    for (const [name, value] of headerPairs(headers)) {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
        throw new TypeError(`header name ${JSON.stringify(name)} is not an HTTP token`);
      }
      block += `${name}: ${noNewline(`header ${name}`, value)}\r\n`;
    }
    return encoder.encode(block);
  }

  function bind(Module) {
    // Copies the byte arrays into the module's memory, calls fn with (pointer, length) pairs and
    // returns its JSON answer parsed.
    function call(fn, ...parts) {
      const total = parts.reduce((n, p) => n + p.length, 0);
      const base = Module._malloc(Math.max(total, 1));
      if (!base) throw new EntracheckError('out of WebAssembly memory');
      try {
        const args = [];
        let at = base;
        for (const p of parts) {
          Module.HEAPU8.set(p, at);
          args.push(at, p.length);
          at += p.length;
        }
        return JSON.parse(Module.UTF8ToString(fn(...args)));
      } finally {
        Module._free(base);
      }
    }

    function verdictOf(answer) {
      if (answer.verdict === 'error') throw new EntracheckError(answer.message);
      return answer;
    }

    // The verdict for a response given by its parts: exactly one element of `check --json`.
    function check(input) {
      if (input === null || typeof input !== 'object') throw new TypeError('check() takes an object');
      const transport = input.transport ?? 'completed';
      let status = input.status;
      if (status == null && transport !== 'completed') status = 0;
      if (!Number.isInteger(status) || status < 0 || status > 999) {
        throw new TypeError(`status must be an integer HTTP status, got ${String(input.status)}`);
      }
      const options = optionLines(input);
      const headers = headerBlock(input.headers);
      const body = toBytes(input.body, 'body');
      return verdictOf(call((o, ol, h, hl, b, bl) => Module._ec_check_parts(o, ol, status, h, hl, b, bl),
        options, headers, body));
    }

    // The verdict for a raw response as `curl -si` prints it (a string or bytes), read exactly
    // as `entracheck check FILE` reads one.
    function checkRaw(raw, options = {}) {
      return verdictOf(call(Module._ec_check_raw, optionLines(options), toBytes(raw, 'raw')));
    }

    // Splits a raw response with the library's HTTP parser: {version, status, reason, headers
    // ([name, value] pairs), body (bytes), bodyOffset, contentLengthMismatch}.
    function parseRaw(raw) {
      const bytes = toBytes(raw, 'raw');
      const answer = call(Module._ec_parse_raw, bytes);
      if (!answer.ok) throw new EntracheckError(answer.message);
      const text = ([start, length]) => decoder.decode(bytes.subarray(start, start + length));
      return {
        version: text(answer.version),
        status: answer.status,
        reason: text(answer.reason),
        headers: answer.headers.map(([ns, nl, vs, vl]) => [text([ns, nl]), text([vs, vl])]),
        body: bytes.subarray(answer.bodyOffset),
        bodyOffset: answer.bodyOffset,
        contentLengthMismatch: answer.contentLengthMismatch,
      };
    }

    // The supported events: [{name, responseType, status}], in the rulebook's order.
    function events() {
      return JSON.parse(Module.UTF8ToString(Module._ec_events()));
    }

    return { check, checkRaw, parseRaw, events };
  }

  // One line naming everything a test failure needs: code, name, rule, pointer, offset, message.
  function describe(verdict) {
    if (verdict.verdict === 'accepted') {
      const warnings = verdict.warnings.map((w) => w.rule).join(', ');
      return `accepted${warnings ? ` (warnings: ${warnings})` : ''}`;
    }
    return `rejected ${verdict.code} ${verdict.name} (rule ${verdict.rule}, ` +
      `pointer ${verdict.pointer === null ? 'none' : JSON.stringify(verdict.pointer)}, ` +
      `offset ${verdict.offset === null ? 'none' : verdict.offset}): ${verdict.message}`;
  }

  return { bind, describe, EntracheckError, TRANSPORTS };
});
