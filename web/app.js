// The playground: reads the response from the form, checks it with entracheck's WebAssembly
// engine (through the same core as the npm package) and shows the verdict, the fault marked in
// the body at its UTF-8 byte offset, and a sample of the request Entra sends for the event.
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const encoder = new TextEncoder();
  const decoder = new TextDecoder('utf-8');
  const examples = self.ENTRACHECK_EXAMPLES || [];
  const requests = self.ENTRACHECK_REQUESTS || {};
  let api = null;
  let events = [];
  // The bytes of the picked example, kept as they are (a textarea turns CRLF into LF) until
  // the raw text is edited.
  let exampleBytes = null;

  const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  let currentMode = 'raw';
  const mode = () => currentMode;
  const numberOrUndefined = (input) => (input.value.trim() === '' ? undefined : Number(input.value));

  function options() {
    const out = {};
    if ($('event').value) out.event = $('event').value;
    const elapsed = numberOrUndefined($('elapsed'));
    if (elapsed !== undefined) out.elapsedMs = elapsed;
    const timeout = numberOrUndefined($('timeout'));
    if (timeout !== undefined) out.timeoutMs = timeout;
    if ($('nonce').value !== '') out.nonce = $('nonce').value;
    return out;
  }

  function headerPairs(text) {
    const pairs = [];
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === '') return;
      const colon = line.indexOf(':');
      if (colon <= 0) throw new Error(`header line ${i + 1} has no "Name: value" form`);
      pairs.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    });
    return pairs;
  }

  // Reads the form and checks it: {verdict, body} or {error}.
  function evaluate() {
    const opts = options();
    if (mode() === 'raw') {
      const bytes = exampleBytes || encoder.encode($('raw').value);
      if (bytes.length === 0) return { empty: true };
      const parsed = api.parseRaw(bytes);
      return { verdict: api.checkRaw(bytes, opts), body: parsed.body };
    }
    const status = Number($('status').value);
    const body = encoder.encode($('body').value);
    return {
      verdict: api.check({ ...opts, status, headers: headerPairs($('headers').value), body }),
      body,
    };
  }

  function setText(id, text) { $(id).textContent = text; }

  // Where the fault's token ends: a string to its closing quote, anything else to the next
  // delimiter; at least one whole UTF-8 character.
  function tokenEnd(bytes, start) {
    if (start >= bytes.length) return start;
    let end = start + 1;
    if (bytes[start] === 0x22) {
      while (end < bytes.length && bytes[end] !== 0x22) end += bytes[end] === 0x5c ? 2 : 1;
      return Math.min(end + 1, bytes.length);
    }
    const delimiters = [0x2c, 0x5d, 0x7d, 0x3a, 0x20, 0x0a, 0x0d, 0x09, 0x22, 0x5b, 0x7b];
    if (!delimiters.includes(bytes[start])) {
      while (end < bytes.length && !delimiters.includes(bytes[end])) end += 1;
    }
    while (end < bytes.length && (bytes[end] & 0xc0) === 0x80) end += 1;  // finish the character
    return end;
  }

  function showBody(bytes, offset) {
    const view = $('body-view');
    view.textContent = '';
    if (offset === null || offset === undefined || offset > bytes.length) {
      view.textContent = bytes.length ? decoder.decode(bytes) : '(empty body)';
      return '';
    }
    const end = tokenEnd(bytes, offset);
    const mark = document.createElement('mark');
    mark.id = 'fault';
    mark.setAttribute('aria-label', `fault at byte ${offset}`);
    mark.textContent = end > offset ? decoder.decode(bytes.subarray(offset, end)) : '(end of body)';
    view.append(
      decoder.decode(bytes.subarray(0, offset)),
      Object.assign(document.createElement('span'), { className: 'fault-at', textContent: '⟦', ariaHidden: 'true' }),
      mark,
      Object.assign(document.createElement('span'), { className: 'fault-at', textContent: '⟧', ariaHidden: 'true' }),
      decoder.decode(bytes.subarray(end)));
    // Line and column, for people: columns count characters, the offset counts bytes.
    const before = bytes.subarray(0, offset);
    const lineStart = before.lastIndexOf(0x0a) + 1;
    const line = before.reduce((n, b) => n + (b === 0x0a ? 1 : 0), 1);
    const column = [...decoder.decode(before.subarray(lineStart))].length + 1;
    return ` (UTF-8 bytes into the body: line ${line}, column ${column})`;
  }

  function showRequest(eventName) {
    const name = eventName || (events[0] && events[0].name);
    setText('request-heading', `The request Entra sends for ${name}`);
    setText('request', requests[name] || '(no request schema for this event)');
  }

  function showError(message) {
    const summary = $('summary');
    summary.className = 'summary error';
    summary.textContent = `Cannot check: ${message}`;
    summary.dataset.code = 'error';
    $('details').hidden = true;
  }

  function run() {
    if (!api) return;
    let result;
    try {
      result = evaluate();
    } catch (error) {
      showError(error.message);
      showRequest($('event').value);
      return;
    }
    const summary = $('summary');
    if (result.empty) {
      summary.className = 'summary';
      summary.textContent = 'Paste a response, or pick an example.';
      $('details').hidden = true;
      $('body-view').textContent = '';
      showRequest($('event').value);
      return;
    }
    const v = result.verdict;
    summary.className = `summary ${v.verdict}`;
    summary.textContent = v.verdict === 'accepted'
      ? 'ACCEPTED: Entra accepts this response.'
      : `REJECTED: ${v.code} ${v.name}`;
    summary.dataset.code = v.code === null ? 'accepted' : String(v.code);
    $('details').hidden = false;
    setText('v-code', v.code === null ? 'none (accepted)' : String(v.code));
    setText('v-name', v.name === null ? 'none' : v.name);
    setText('v-rule', v.rule);
    setText('v-basis', v.basis);
    setText('v-event', v.event === null ? 'none needed (every event gives this verdict)'
      : `${v.event}${$('event').value ? '' : ' (inferred from data.@odata.type)'}`);
    setText('v-pointer', v.pointer === null ? 'none' : v.pointer);
    setText('v-message', v.message);
    const where = showBody(result.body, v.offset);
    setText('v-offset', v.offset === null ? 'none' : `byte ${v.offset}${where}`);
    const list = $('warnings');
    list.textContent = '';
    for (const w of v.warnings) {
      const item = document.createElement('li');
      item.textContent = `${w.rule}${w.pointer === null ? '' : ` at ${w.pointer}`}: ${w.message}`;
      list.append(item);
    }
    if (v.warnings.length === 0) list.append(Object.assign(document.createElement('li'), { textContent: 'none' }));
    showRequest(v.event || $('event').value);
  }

  let timer = 0;
  const soon = () => { clearTimeout(timer); timer = setTimeout(run, 150); };

  function setMode(next) {
    if (next === mode()) return;
    if (next === 'parts') {
      try {
        const parsed = api.parseRaw(exampleBytes || encoder.encode($('raw').value));
        $('status').value = String(parsed.status);
        $('headers').value = parsed.headers.map(([n, v]) => `${n}: ${v}`).join('\n');
        $('body').value = decoder.decode(parsed.body);
      } catch (error) { /* nothing usable to carry over */ }
    } else {
      $('raw').value = `HTTP/1.1 ${$('status').value}\n${$('headers').value.trim()}\n\n${$('body').value}`;
      exampleBytes = null;
    }
    currentMode = next;
    document.querySelector(`input[name=mode][value=${next}]`).checked = true;
    $('raw-input').hidden = next !== 'raw';
    $('parts-input').hidden = next !== 'parts';
  }

  function pickExample(path) {
    const example = examples.find((e) => e.path === path);
    if (!example) return;
    if (mode() !== 'raw') {
      currentMode = 'raw';
      document.querySelector('input[name=mode][value=raw]').checked = true;
      $('raw-input').hidden = false;
      $('parts-input').hidden = true;
    }
    exampleBytes = fromBase64(example.base64);
    $('raw').value = decoder.decode(exampleBytes);
    $('event').value = example.event;  // examples are filed under the event Entra called
    run();
  }

  function populate() {
    const eventSelect = $('event');
    for (const e of events) eventSelect.append(new Option(`${e.name} (${e.status})`, e.name));
    const exampleSelect = $('example');
    const groups = new Map();
    for (const e of examples) {
      if (!groups.has(e.event)) {
        const group = document.createElement('optgroup');
        group.label = e.event;
        groups.set(e.event, group);
        exampleSelect.append(group);
      }
      groups.get(e.event).append(new Option(e.path.slice(e.event.length + 1), e.path));
    }
  }

  function wire() {
    $('example').addEventListener('change', (e) => pickExample(e.target.value));
    $('raw').addEventListener('input', () => { exampleBytes = null; $('example').value = ''; soon(); });
    for (const id of ['status', 'headers', 'body', 'elapsed', 'timeout', 'nonce']) $(id).addEventListener('input', soon);
    $('event').addEventListener('change', run);
    for (const radio of document.querySelectorAll('input[name=mode]')) {
      radio.addEventListener('change', (e) => { setMode(e.target.value); run(); });
    }
    $('check').addEventListener('click', () => { run(); $('verdict').focus(); });
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
    });
  }

  self.createEntracheckModule().then((Module) => {
    api = self.EntracheckCore.bind(Module);
    events = api.events();
    populate();
    wire();
    showRequest('');
    run();
    document.body.dataset.ready = 'true';
  }, (error) => {
    showError(`the WebAssembly module did not load (${error && error.message ? error.message : error})`);
  });
})();
