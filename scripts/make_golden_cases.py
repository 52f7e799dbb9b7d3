#!/usr/bin/env python3
"""Writes the golden cases of entracheck: tests/cases/**/*.http and tests/cases/cases.tsv.

Each case is a raw HTTP response exactly as `curl -si` prints it (status line, headers, blank
line, body) plus one manifest row saying which event it answers, which verdict Entra reaches
(`accepted` or the 1003xxx code), which rule of schemas/rules.json fires and which warnings must
be among the verdict's warnings. tests/golden_test.cpp runs every row.

The script is deterministic: running it again reproduces the same bytes, and it deletes .http
files under tests/cases that it no longer generates. Standard library only.

Before writing anything it runs every case through a small reference model of the rulebook
(`Oracle` below) and stops when the model disagrees with the expectation written next to the
case, so a hand-built body that does not show the fault it claims to show cannot slip in. The
model is a cross-check of the cases, not a second product: it knows only what the cases need.

Usage: scripts/make_golden_cases.py [--stats] [--check]
  --stats  print the number of cases per event and per rule
  --check  write nothing; exit 1 when the files on disk differ from what would be written
"""

import json
import os
import re
import sys
from collections import OrderedDict

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES_DIR = os.path.join(REPO, "tests", "cases")
SCHEMAS = os.path.join(REPO, "schemas")


def load_json(name):
    with open(os.path.join(SCHEMAS, name), encoding="utf-8") as f:
        return json.load(f)


RULES = load_json("rules.json")["rules"]
EVENTS_JSON = load_json("events.json")
LIMITS = load_json("limits.json")

RULE_BY_ID = OrderedDict((r["id"], r) for r in RULES)
RULE_ORDER = {r["id"]: i for i, r in enumerate(RULES)}
EVENTS = [e["name"] for e in EVENTS_JSON["events"]]
RESP = {e["name"]: e["response_data_type"] for e in EVENTS_JSON["events"]}
FIELDS = {f["name"]: f for f in EVENTS_JSON["fields"]}
# symbol -> {type, event, required, optional, legacy}
ACT = OrderedDict()
for _e in EVENTS_JSON["events"]:
    for _a in _e["actions"]:
        ACT[_a["symbol"]] = {
            "type": _a["type"],
            "event": _e["name"],
            "required": list(_a["required"]),
            "optional": list(_a["optional"]),
            "legacy": bool(_a.get("legacy_alias", False)),
        }

MAX_RESPONSE = LIMITS["max_response_bytes"]["default"]
MAX_CLAIMS = LIMITS["max_claims_bytes"]["default"]
TIMEOUT = LIMITS["timeout_ms"]["default"]
MAX_DEPTH = LIMITS["max_json_depth"]["default"]
CLAIMS_NEAR = LIMITS["claims_near_limit_percent"]["default"]
ELAPSED_NEAR = LIMITS["elapsed_near_timeout_percent"]["default"]

TOK, ACS, SUB, OTP, PWD, VID = EVENTS
NONCE = "MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3A"  # what the cases say Entra sent
UNKNOWN = ["warn.unknown-member"]
BOM = b"\xef\xbb\xbf"


def T(symbol):
    return ACT[symbol]["type"]


# ---------------------------------------------------------------------------------------------
# JSON text builders. Python dicts keep their order; Obj allows duplicate member names; Raw is
# pasted verbatim (escapes, NaN, huge numbers, anything Python would not write).


class Obj:
    def __init__(self, *pairs):
        self.pairs = list(pairs)


class Raw:
    def __init__(self, text):
        self.text = text


def js(v, indent=None, _level=0):
    """Serializes v compactly, or pretty-printed with `indent` spaces and LF newlines."""
    if isinstance(v, Raw):
        return v.text
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    if isinstance(v, dict):
        v = Obj(*v.items())
    if isinstance(v, Obj):
        items = [(js(k) if not isinstance(k, Raw) else k.text) + (": " if indent else ":") +
                 js(val, indent, _level + 1) for k, val in v.pairs]
        open_, close = "{", "}"
    elif isinstance(v, list):
        items = [js(x, indent, _level + 1) for x in v]
        open_, close = "[", "]"
    else:
        raise TypeError(type(v))
    if not items:
        return open_ + close
    if indent:
        pad = "\n" + " " * (indent * (_level + 1))
        return open_ + pad + ("," + pad).join(items) + "\n" + " " * (indent * _level) + close
    return open_ + ",".join(items) + close


def sample_action(symbol, **override):
    """A valid action of `symbol`; keyword arguments replace or add fields (None is JSON null,
    DROP removes the field)."""
    t = T(symbol)
    fields = OrderedDict([("@odata.type", t)])
    if symbol in ("ProvideClaimsForToken", "LegacyProvideClaimsForToken"):
        fields["claims"] = OrderedDict([("dateOfBirth", "01/01/2000"),
                                        ("customRoles", ["Writer", "Editor"])])
    elif symbol == "SetPrefillValues":
        fields["inputs"] = OrderedDict([("city", "Seattle"), ("postalCode", "98052"),
                                        ("age", 42), ("newsletter", True),
                                        ("interests", ["hiking", "chess"])])
    elif symbol == "ModifyAttributeValues":
        fields["attributes"] = OrderedDict([("displayName", "Ada Lovelace"),
                                            ("city", "London")])
    elif symbol == "ShowValidationError":
        fields["message"] = "Please fix the following issues to proceed."
        fields["attributeErrors"] = {"city": "City must be in Washington state."}
    elif symbol in ("StartShowBlockPage", "SubmitShowBlockPage"):
        fields["title"] = "You can't sign up right now"
        fields["message"] = "Sign-up is closed for your organization."
    elif symbol == "Block":
        fields["title"] = "Account locked"
        fields["message"] = "Contact your help desk to unlock your account."
    elif symbol == "Failed":
        fields["failedClaims"] = ["firstName", "dateOfBirth"]
    for k, v in override.items():
        k = {"odata_type": "@odata.type"}.get(k, k)
        if v is DROP:
            fields.pop(k, None)
        else:
            fields[k] = v
    return dict(fields)


class _Drop:
    pass


DROP = _Drop()

DEFAULT_ACTION = {TOK: "ProvideClaimsForToken", ACS: "StartContinueWithDefaultBehavior",
                  SUB: "SubmitContinueWithDefaultBehavior",
                  OTP: "OtpSendContinueWithDefaultBehavior", PWD: "MigratePassword",
                  VID: "Pass"}


def body(event, actions=None, data_type=None, nonce=NONCE, data_extra=(), root_extra=(),
         indent=None):
    """The JSON text of a response to `event`: data.@odata.type, actions and, for passwordSubmit,
    data.nonce (nonce=DROP leaves it out)."""
    if actions is None:
        actions = [sample_action(DEFAULT_ACTION[event])]
    data = OrderedDict([("@odata.type", data_type if data_type is not None else RESP[event])])
    data["actions"] = actions
    if event == PWD and nonce is not DROP:
        data["nonce"] = nonce
    for k, v in data_extra:
        data[k] = v
    root = OrderedDict([("data", dict(data))])
    for k, v in root_extra:
        root[k] = v
    return js(dict(root), indent)


def body_with(data_pairs, root_pairs_after=(), indent=None):
    """A root {"data": Obj(data_pairs), ...} built from explicit member lists."""
    return js(Obj(("data", Obj(*data_pairs)), *root_pairs_after), indent)


# ---------------------------------------------------------------------------------------------
# Raw HTTP responses as curl -si prints them.

REASONS = {100: "Continue", 200: "OK", 201: "Created", 202: "Accepted", 204: "No Content",
           206: "Partial Content", 301: "Moved Permanently", 302: "Found",
           304: "Not Modified", 307: "Temporary Redirect", 400: "Bad Request",
           401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
           405: "Method Not Allowed", 408: "Request Timeout", 413: "Payload Too Large",
           415: "Unsupported Media Type", 429: "Too Many Requests",
           500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
           504: "Gateway Timeout"}
DATE = "Wed, 06 Nov 2024 09:41:07 GMT"
CT_DEFAULT = "application/json; charset=utf-8"
AUTO = object()

_style_counter = [0]


def next_style():
    """Spreads the usual server flavours over the cases, deterministically."""
    styles = ["kestrel", "kestrel", "functions", "kestrel", "express", "h2", "kestrel",
              "functions", "kestrel", "express"]
    s = styles[_style_counter[0] % len(styles)]
    _style_counter[0] += 1
    return s


def http(body_, status=200, ctype=AUTO, style=None, eol="\r\n", content_length=AUTO,
         extra=(), interim=None, reason=None):
    """Returns the bytes of a response. body_ is str (UTF-8 encoded) or bytes. ctype None omits
    the header, a list repeats it. content_length AUTO writes the true length (or nothing in the
    chunked style), None omits it, an int writes that number. interim is a status (100) printed
    as a block before the final response."""
    if isinstance(body_, str):
        body_ = body_.encode("utf-8")
    if style is None:
        style = next_style()
    if ctype is AUTO:
        ctype = "application/json" if style == "http10" else CT_DEFAULT
    ctypes = [] if ctype is None else (list(ctype) if isinstance(ctype, list) else [ctype])
    if content_length is AUTO:
        cl = None if style == "functions" else len(body_)
    else:
        cl = content_length
    h2 = style == "h2"
    if reason is None:
        reason = REASONS.get(status, "Unknown")
    if h2:
        status_line = "HTTP/2 %d " % status
    elif style == "http10":
        status_line = "HTTP/1.0 %d %s" % (status, reason)
    else:
        status_line = "HTTP/1.1 %d %s" % (status, reason)
    headers = []

    def add(name, value):
        headers.append((name.lower() if h2 else name, value))

    if style == "kestrel":
        if cl is not None:
            add("Content-Length", str(cl))
        for c in ctypes:
            add("Content-Type", c)
        add("Date", DATE)
        add("Server", "Kestrel")
    elif style == "functions":
        for c in ctypes:
            add("Content-Type", c)
        add("Date", DATE)
        add("Server", "Kestrel")
        if cl is None:
            add("Transfer-Encoding", "chunked")
        else:
            add("Content-Length", str(cl))
        add("Request-Context", "appId=cid-v1:5f0c6f8e-6b2d-4c35-9d0e-3c7c1c9b2a10")
    elif style == "express":
        add("X-Powered-By", "Express")
        for c in ctypes:
            add("Content-Type", c)
        if cl is not None:
            add("Content-Length", str(cl))
        add("ETag", 'W/"%x-entracheck"' % len(body_))
        add("Date", DATE)
        add("Connection", "keep-alive")
        add("Keep-Alive", "timeout=5")
    elif style == "h2":
        for c in ctypes:
            add("Content-Type", c)
        if cl is not None:
            add("Content-Length", str(cl))
        add("Date", DATE)
        add("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        add("X-Azure-Ref", "20241106T094107Z-17d8f6c9b8cm2k8vhC1SN1")
    elif style == "http10":
        add("Server", "BaseHTTP/0.6 Python/3.11.7")
        add("Date", DATE)
        for c in ctypes:
            add("Content-Type", c)
        if cl is not None:
            add("Content-Length", str(cl))
    else:
        raise ValueError(style)
    for name, value in extra:
        add(name, value)
    text = ""
    if interim is not None:
        if h2:
            text += "HTTP/2 %d " % interim + eol + eol
        else:
            text += "HTTP/1.1 %d %s" % (interim, REASONS[interim]) + eol + eol
    text += status_line + eol
    for name, value in headers:
        text += "%s: %s" % (name, value) + eol
    text += eol
    return text.encode("ascii") + body_


# ---------------------------------------------------------------------------------------------
# The reference model (see the module comment).

MISSING = object()


class JObj:
    def __init__(self, pairs):
        self.pairs = pairs
        self.last = {}
        self.dup = False
        for k, v in pairs:
            if k in self.last:
                self.dup = True
            self.last[k] = v

    def get(self, key):
        return self.last.get(key, MISSING)

    def keys(self):
        seen = []
        for k, _ in self.pairs:
            if k not in seen:
                seen.append(k)
        return seen


class _Deep(Exception):
    pass


class _Syntax(Exception):
    pass


class _Utf8(Exception):
    """Invalid UTF-8 inside a string, or an escape leaving an unpaired surrogate."""


class _BigNumber(Exception):
    """A number whose magnitude rounds to infinity as a double."""


_NUM = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


class JsonReader:
    """Strict RFC 8259 over a decoded str, tracking what the rulebook cares about."""

    def __init__(self, text):
        self.s = text
        self.i = 0
        self.any_dup = False

    def ws(self):
        while self.i < len(self.s) and self.s[self.i] in " \t\r\n":
            self.i += 1

    def parse(self):
        self.ws()
        v = self.value(0)
        self.ws()
        if self.i != len(self.s):
            raise _Syntax("trailing")
        return v

    def value(self, depth):
        s = self.s
        if self.i >= len(s):
            raise _Syntax("eof")
        c = s[self.i]
        if c == "{" or c == "[":
            if depth + 1 > MAX_DEPTH:
                raise _Deep()
            self.i += 1
            self.ws()
            if c == "{":
                pairs = []
                if self.i < len(s) and s[self.i] == "}":
                    self.i += 1
                    return JObj(pairs)
                while True:
                    self.ws()
                    if self.i >= len(s) or s[self.i] != '"':
                        raise _Syntax("key")
                    k = self.string()
                    self.ws()
                    if self.i >= len(s) or s[self.i] != ":":
                        raise _Syntax("colon")
                    self.i += 1
                    self.ws()
                    pairs.append((k, self.value(depth + 1)))
                    self.ws()
                    if self.i < len(s) and s[self.i] == ",":
                        self.i += 1
                        continue
                    if self.i < len(s) and s[self.i] == "}":
                        self.i += 1
                        o = JObj(pairs)
                        self.any_dup = self.any_dup or o.dup
                        return o
                    raise _Syntax("object")
            items = []
            if self.i < len(s) and s[self.i] == "]":
                self.i += 1
                return items
            while True:
                self.ws()
                items.append(self.value(depth + 1))
                self.ws()
                if self.i < len(s) and s[self.i] == ",":
                    self.i += 1
                    continue
                if self.i < len(s) and s[self.i] == "]":
                    self.i += 1
                    return items
                raise _Syntax("array")
        if c == '"':
            return self.string()
        for lit, val in (("true", True), ("false", False), ("null", None)):
            if s.startswith(lit, self.i):
                self.i += len(lit)
                return val
        m = _NUM.match(s, self.i)
        if not m:
            raise _Syntax("value")
        self.i = m.end()
        text = m.group(0)
        f = float(text)
        if f in (float("inf"), float("-inf")):
            raise _BigNumber()
        return f

    def hex4(self):
        h = self.s[self.i:self.i + 4]
        if len(h) != 4 or not all(ch in "0123456789abcdefABCDEF" for ch in h):
            raise _Syntax("hex")
        self.i += 4
        return int(h, 16)

    def string(self):
        s = self.s
        self.i += 1
        out = []
        while True:
            if self.i >= len(s):
                raise _Syntax("unterminated")
            c = s[self.i]
            if c == '"':
                self.i += 1
                return "".join(out)
            if ord(c) < 0x20:
                raise _Syntax("control")
            if 0xDC80 <= ord(c) <= 0xDCFF:  # an undecodable byte, kept by surrogateescape
                raise _Utf8()
            if c != "\\":
                out.append(c)
                self.i += 1
                continue
            self.i += 1
            if self.i >= len(s):
                raise _Syntax("escape")
            e = s[self.i]
            self.i += 1
            simple = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n",
                      "r": "\r", "t": "\t"}
            if e in simple:
                out.append(simple[e])
                continue
            if e != "u":
                raise _Syntax("escape")
            cp = self.hex4()
            if 0xD800 <= cp <= 0xDBFF:
                if s.startswith("\\u", self.i):
                    save = self.i
                    self.i += 2
                    lo = self.hex4()
                    if 0xDC00 <= lo <= 0xDFFF:
                        out.append(chr(0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)))
                        continue
                    self.i = save
                raise _Utf8()
            elif 0xDC00 <= cp <= 0xDFFF:
                raise _Utf8()
            else:
                out.append(chr(cp))


def ascii_lower(s):
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in s)


def find_action(t):
    for sym, a in ACT.items():
        if ascii_lower(a["type"]) == ascii_lower(t):
            return sym, a["type"] == t
    return None


def parse_http(raw):
    """Splits curl -si output: skips interim 1xx blocks; LF or CRLF."""
    rest = raw
    while True:
        m = re.search(rb"\r?\n\r?\n", rest)
        head, rest2 = rest[:m.start()], rest[m.end():]
        lines = re.split(rb"\r?\n", head)
        status = int(lines[0].split(b" ")[1])
        headers = []
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers.append((name.decode("ascii").lower(), value.decode("latin-1").strip(" \t")))
        if 100 <= status < 200:
            rest = rest2
            continue
        return status, headers, rest2


# RFC 9112 section 7.1, by the letter: CRLF only, chunk extensions, trailer fields, nothing after
# the final CRLF. A chunked body that is anything else is taken as it stands.
_BTOKEN = rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_CHUNK_LINE = re.compile(rb"([0-9A-Fa-f]+)(?:[ \t]*;[ \t]*" + _BTOKEN + rb"(?:[ \t]*=[ \t]*(?:" + _BTOKEN +
                         rb'|"(?:[\t \x21\x23-\x5b\x5d-\x7e\x80-\xff]|\\[\t \x21-\x7e\x80-\xff])*"))?)*\r\n')
_TRAILER_LINE = re.compile(_BTOKEN + rb":[\t \x21-\x7e\x80-\xff]*\r\n")


def decode_chunked(b):
    """The chunk data of a well-formed chunked body, or None."""
    i, out = 0, b""
    while True:
        m = _CHUNK_LINE.match(b, i)
        if not m:
            return None
        size, i = int(m.group(1), 16), m.end()
        if size == 0:
            break
        if b[i + size:i + size + 2] != b"\r\n":
            return None
        out, i = out + b[i:i + size], i + size + 2
    while b[i:i + 2] != b"\r\n":
        m = _TRAILER_LINE.match(b, i)
        if not m:
            return None
        i = m.end()
    return out if i + 2 == len(b) else None


def chunked_is_final(headers):
    codings = [c.strip(" \t") for n, v in headers if n == "transfer-encoding" for c in v.split(",")]
    codings = [c for c in codings if c]
    return bool(codings) and ascii_lower(codings[-1]) == "chunked"


_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_MEDIA = re.compile(r"^[ \t]*(" + _TOKEN + r")/(" + _TOKEN + r")((?:[ \t]*;[ \t]*(?:" +
                    _TOKEN + r"=(?:" + _TOKEN + r'|"(?:[\t \x21\x23-\x5b\x5d-\x7e]|\\[\t\x20-\x7e])*"))?)*)[ \t]*$')


def media_type(value):
    m = _MEDIA.match(value)
    if not m:
        return None
    params = {}
    for p in re.finditer(r"(" + _TOKEN + r')=(' + _TOKEN + r'|"(?:[^"\\]|\\.)*")', m.group(3)):
        v = p.group(2)
        if v.startswith('"'):
            v = re.sub(r"\\(.)", r"\1", v[1:-1])
        params.setdefault(p.group(1).lower(), v)
    return m.group(1), m.group(2), params


def claims_bytes(claims):
    """Rule 10's bytes of one claims map: UTF-8 bytes of the names and string values that count
    (the last of duplicate names)."""
    total = 0
    for k, v in claims.last.items():
        total += len(k.encode("utf-8", errors="surrogateescape"))
        if isinstance(v, str):
            total += len(v.encode("utf-8", errors="surrogateescape"))
        elif isinstance(v, list):
            total += sum(len(x.encode("utf-8", errors="surrogateescape")) for x in v if isinstance(x, str))
    return total


class Oracle:
    """Rule and warnings for one case, following the rulebook's rule table."""

    def __init__(self, raw, event, options):
        self.raw = raw
        self.event = event
        self.opt = options
        self.warn = set()
        self.body_warnings_modelled = True

    def run(self):
        rule = self._run()
        return rule, self.warn

    def _run(self):
        o = self.opt
        timeout = int(o.get("timeout_ms", TIMEOUT))
        elapsed = o.get("elapsed_ms")
        if o.get("transport") == "timed-out":
            return "transport.timed-out"
        if elapsed is not None and int(elapsed) > timeout:
            return "transport.timed-out"
        if o.get("transport") == "connection-failed":
            return "transport.connection-failed"
        # Only an answer that came in time can have come close to the timeout.
        if elapsed is not None and int(elapsed) * 100 > timeout * ELAPSED_NEAR:
            self.warn.add("warn.elapsed-near-timeout")
        status, headers, b = parse_http(self.raw)
        # A body saved with its chunk framing is what Entra reads once decoded (rulebook 4a).
        decoded = decode_chunked(b) if chunked_is_final(headers) else None
        if decoded is not None:
            self.warn.add("warn.chunked-decoded")
            b = decoded
        cls = [v for n, v in headers if n == "content-length"]
        if cls and cls[0] != str(len(b)):
            self.warn.add("warn.content-length-mismatch")
        if status != 200:
            return "status.success-not-200" if 200 <= status < 300 else "status.not-200"
        cts = [v for n, v in headers if n == "content-type"]
        if not cts:
            return "content-type.missing"
        if len(cts) > 1:
            return "content-type.repeated"
        mt = media_type(cts[0])
        if mt is None:
            return "content-type.malformed"
        if ascii_lower(mt[0]) != "application" or ascii_lower(mt[1]) != "json":
            return "content-type.not-json"
        cs = mt[2].get("charset")
        if cs is not None and ascii_lower(cs) not in ("utf-8", "utf8"):
            self.warn.add("warn.charset")
        if len(b) > int(o.get("max_response_bytes", MAX_RESPONSE)):
            return "body.too-large"
        if b.startswith(BOM):
            self.warn.add("warn.byte-order-mark")
            b = b[3:]
        stripped = b.strip(b" \t\r\n")
        if not stripped:
            return "body.empty"
        if stripped == b"null":
            return "body.null"
        # A reader stops at its first error, so among reader errors the first in byte order
        # decides (rules.json: json.* rules). Undecodable bytes stay in the text as lone
        # surrogates (surrogateescape): inside a string they are invalid UTF-8, elsewhere a
        # syntax error, as RapidJSON reports them.
        r = JsonReader(b.decode("utf-8", errors="surrogateescape"))
        # The model reads the body's warnings from a whole document only; the product also reports
        # those it read before a reader error (the golden test holds it to the listed ones).
        self.body_warnings_modelled = False
        try:
            root = r.parse()
        except _Deep:
            return "json.too-deep"
        except _Syntax:
            return "json.invalid"
        except _Utf8:
            return "json.invalid-utf8"
        except _BigNumber:
            return "json.number-too-large"
        self.body_warnings_modelled = True
        self._body_warnings(root)
        return self._semantic(root)

    # The body's warnings, independent of the verdict, as the product finds them: members of the
    # root, of data, of each action object and of each map-shaped action field (claims, inputs,
    # attributes, attributeErrors) are read; anything below an unknown member is not.
    def _body_warnings(self, root):
        if not isinstance(root, JObj):
            return
        seen = set()
        for k, v in root.pairs:
            if k == "data":
                if k in seen:
                    self.warn.add("warn.duplicate-member")
                seen.add(k)
                if isinstance(v, JObj):
                    self._data_warnings(v)
            else:
                # The fast path's condition: a root member named error or errors.
                if k in ("error", "errors"):
                    self.warn.add("warn.looks-like-error")
                self.warn.add("warn.unknown-member")

    def _data_warnings(self, data):
        seen = set()
        for k, v in data.pairs:
            if k in ("@odata.type", "actions") or (k in FIELDS and FIELDS[k]["location"] == "data"):
                if k in seen:
                    self.warn.add("warn.duplicate-member")
                seen.add(k)
                if k == "actions" and isinstance(v, list):
                    for a in v:
                        if isinstance(a, JObj):
                            self._action_warnings(a)
            else:
                self.warn.add("warn.unknown-member")
        dt = data.get("@odata.type")
        if isinstance(dt, str) and dt != RESP[self.event] and ascii_lower(dt) == ascii_lower(RESP[self.event]):
            self.warn.add("warn.type-casing")
        declared = set()
        actions = data.get("actions")
        for a in actions if isinstance(actions, list) else []:
            t = a.get("@odata.type") if isinstance(a, JObj) else None
            m = find_action(t) if isinstance(t, str) else None
            if m:
                declared.update(ACT[m[0]]["required"] + ACT[m[0]]["optional"])
        for f, info in FIELDS.items():
            if info["location"] == "data" and f not in declared and data.get(f) is not MISSING:
                self.warn.add("warn.unknown-member")

    def _action_warnings(self, action):
        seen = set()
        for k, v in action.pairs:
            if k == "@odata.type" or (k in FIELDS and FIELDS[k]["location"] == "action"):
                if k in seen:
                    self.warn.add("warn.duplicate-member")
                seen.add(k)
                if k != "@odata.type" and isinstance(v, JObj) and FIELDS[k]["kind"] in (
                        "claims", "attribute-map", "string-map"):
                    keys = set()
                    for mk, _ in v.pairs:
                        if mk in keys:
                            self.warn.add("warn.duplicate-member")
                        keys.add(mk)
                        if FIELDS[k]["kind"] == "claims" and mk and mk.strip(" \t\r\n") == "":
                            self.warn.add("warn.claim-key-whitespace")
            else:
                self.warn.add("warn.unknown-member")
        t = action.get("@odata.type")
        m = find_action(t) if isinstance(t, str) else None
        if not m:
            return
        sym, exact = m
        declared = ACT[sym]["required"] + ACT[sym]["optional"]
        if not exact:
            self.warn.add("warn.type-casing")
        if ACT[sym]["legacy"]:
            self.warn.add("warn.legacy-action-alias")
        for f, info in FIELDS.items():
            if info["location"] == "action" and f not in declared and action.get(f) is not MISSING:
                self.warn.add("warn.unknown-member")
        for f in declared:
            claims = action.get(f)
            if FIELDS[f]["kind"] == "claims" and isinstance(claims, JObj):
                total = claims_bytes(claims)
                limit = int(self.opt.get("max_claims_bytes", MAX_CLAIMS))
                if total <= limit and total * 100 >= limit * CLAIMS_NEAR:
                    self.warn.add("warn.claims-near-limit")

    def _semantic(self, root):
        ev = self.event
        if isinstance(root, JObj) and root.get("data") is MISSING and (
                root.get("apiSchemaVersion") is not MISSING or root.get("actions") is not MISSING):
            return "envelope.legacy-shape"
        if not isinstance(root, JObj):
            return "envelope.root-not-object"
        data = root.get("data")
        if not isinstance(data, JObj):
            return "envelope.data-missing"
        dt = data.get("@odata.type")
        if not isinstance(dt, str):
            return "envelope.type-missing"
        if ascii_lower(dt) != ascii_lower(RESP[ev]):
            return "envelope.type-wrong"
        actions = data.get("actions")
        if not isinstance(actions, list):
            return "envelope.actions-missing"
        if any(not isinstance(a, JObj) for a in actions):
            return "action.not-object"
        if any(not isinstance(a.get("@odata.type"), str) for a in actions):
            return "action.type-missing"
        syms = []
        for a in actions:
            m = find_action(a.get("@odata.type"))
            if m is None:
                return "action.type-unknown"
            syms.append(m)
        has_pwd_action = any(ACT[s]["event"] == PWD for s, _ in syms)
        # field.wrong-type over every action, then the claim and attribute value rules
        for a, (sym, _) in zip(actions, syms):
            declared = ACT[sym]["required"] + ACT[sym]["optional"]
            for f in declared:
                if FIELDS[f]["location"] != "action":
                    continue
                v = a.get(f)
                if v is MISSING or v is None:
                    continue
                kind = FIELDS[f]["kind"]
                if kind in ("claims", "attribute-map") and not isinstance(v, JObj):
                    return "field.wrong-type"
                if kind == "string" and not isinstance(v, str):
                    return "field.wrong-type"
                if kind == "string-map" and (not isinstance(v, JObj) or any(
                        not isinstance(x, str) for x in v.last.values())):
                    return "field.wrong-type"
                if kind == "string-array" and (not isinstance(v, list) or any(
                        not isinstance(x, str) for x in v)):
                    return "field.wrong-type"
        if has_pwd_action:
            n = data.get("nonce")
            if n is not MISSING and n is not None and not isinstance(n, str):
                return "field.wrong-type"
        claim_maps = [a.get("claims") for a, (s, _) in zip(actions, syms)
                      if "claims" in ACT[s]["required"] + ACT[s]["optional"]]
        claim_maps = [c for c in claim_maps if isinstance(c, JObj)]
        for c in claim_maps:
            if any(v is True or v is False or isinstance(v, JObj) for v in c.last.values()):
                return "claims.value-unsupported"
        for c in claim_maps:
            for v in c.last.values():
                if v is None or isinstance(v, float):
                    return "claims.value-type"
                if isinstance(v, list) and any(not isinstance(x, str) for x in v):
                    return "claims.value-type"
        for a, (s, _) in zip(actions, syms):
            for f in ("inputs", "attributes"):
                if f not in ACT[s]["required"] + ACT[s]["optional"]:
                    continue
                m = a.get(f)
                if not isinstance(m, JObj):
                    continue
                for v in m.last.values():
                    if v is None or isinstance(v, JObj):
                        return "attributes.value-type"
                    if isinstance(v, list) and any(x is None or isinstance(x, (JObj, list))
                                                   for x in v):
                        return "attributes.value-type"
        if len(actions) != 1:
            return "actions.count-not-one"
        (sym, exact), = syms
        action = actions[0]
        if ACT[sym]["event"] != ev:
            return "action.wrong-event"
        if ev == TOK:
            claims = action.get("claims")
            if claims is MISSING or claims is None:
                return "claims.missing"
            if "" in claims.last:
                return "claims.key-empty"
            if claims_bytes(claims) > int(self.opt.get("max_claims_bytes", MAX_CLAIMS)):
                return "claims.too-large"
        for f in ACT[sym]["required"]:
            holder = data if FIELDS[f]["location"] == "data" else action
            v = holder.get(f)
            if v is MISSING or v is None:
                return "field.required-missing"
        if ev == PWD and "nonce" in self.opt and data.get("nonce") != self.opt["nonce"]:
            return "nonce.mismatch"
        return "accepted"


# ---------------------------------------------------------------------------------------------
# The cases.

CASES = []  # (path, event, rule, raw, warnings, options, comment)


def case(path, event, rule, raw, warnings=(), options=None, comment=None):
    assert event in EVENTS, event
    assert rule in RULE_BY_ID, rule
    for w in warnings:
        assert RULE_BY_ID[w]["kind"] == "warning", w
    if isinstance(raw, str):
        raw = http(raw)
    CASES.append((path + ".http", event, rule, raw, tuple(warnings),
                  OrderedDict(options or {}), comment))


def claims_action(claims_json_text, symbol="ProvideClaimsForToken"):
    """A provideClaimsForToken action whose claims member is the given JSON text."""
    return Raw('{"@odata.type":%s,"claims":%s}' % (js(T(symbol)), claims_json_text))


def tok_body(claims_text, **kw):
    return body(TOK, [claims_action(claims_text)], **kw)


def exact_claims(total, keys=("payload",), fill="x"):
    """Claims JSON text whose keys and values add up to exactly `total` UTF-8 bytes."""
    d = OrderedDict()
    budget = total - sum(len(k) for k in keys)
    per = budget // len(keys)
    for i, k in enumerate(keys):
        n = per if i < len(keys) - 1 else budget - per * (len(keys) - 1)
        d[k] = fill * n
    return js(d)


def deep_array(levels):
    return "[" * levels + "]" * levels


def deep_object(levels):
    return '{"n":' * (levels - 1) + "{}" + "}" * (levels - 1)


def build_cases():
    # --- accepted: every action type of every event, several server flavours --------------
    for sym, a in ACT.items():
        ev = a["event"]
        if sym == "LegacyProvideClaimsForToken":
            continue  # accepted with a warning: see warnings/
        name = "%s/accepted-%s" % (ev, sym[0].lower() + sym[1:])
        case(name, ev, "accepted", body(ev, [sample_action(sym)]))
    case("%s/accepted-empty-claims" % TOK, TOK, "accepted",
         tok_body("{}"))
    case("%s/accepted-pretty-printed" % TOK, TOK, "accepted",
         http(body(TOK, indent=2), style="kestrel"))
    case("%s/accepted-unicode-values" % TOK, TOK, "accepted",
         tok_body(js({"displayName": "Zoë Ångström", "city": "東京", "emoji": "🔑"})))
    case("%s/accepted-empty-string-values" % TOK, TOK, "accepted",
         tok_body(js({"department": "", "groups": [], "tags": [""]})))
    case("%s/accepted-lf-only" % TOK, TOK, "accepted",
         http(body(TOK), style="kestrel", eol="\n"))
    case("%s/accepted-http2" % TOK, TOK, "accepted", http(body(TOK), style="h2"))
    case("%s/accepted-http10" % TOK, TOK, "accepted", http(body(TOK), style="http10"))
    case("%s/accepted-100-continue" % TOK, TOK, "accepted",
         http(body(TOK), style="kestrel", interim=100))
    case("%s/accepted-surrogate-pair-escape" % TOK, TOK, "accepted",
         tok_body(r'{"emoji":"\ud83d\udd11","name":"caf\u00e9"}'))
    case("%s/accepted-prefill-value-kinds" % ACS, ACS, "accepted",
         body(ACS, [sample_action("SetPrefillValues", inputs=OrderedDict([
             ("givenName", "Ada"), ("age", 36), ("ratio", Raw("-1.5e3")),
             ("zero", Raw("0")), ("consent", False), ("vip", True),
             ("colors", ["red", 2, True]), ("empty", [])]))]))
    case("%s/accepted-prefill-empty-inputs" % ACS, ACS, "accepted",
         body(ACS, [sample_action("SetPrefillValues", inputs={})]))
    case("%s/accepted-block-no-fields" % ACS, ACS, "accepted",
         body(ACS, [sample_action("StartShowBlockPage", title=DROP, message=DROP)]))
    case("%s/accepted-lf-only-http2" % ACS, ACS, "accepted",
         http(body(ACS, [sample_action("SetPrefillValues")]), style="h2", eol="\n"))
    case("%s/accepted-validation-empty-message" % SUB, SUB, "accepted",
         body(SUB, [sample_action("ShowValidationError", message="", attributeErrors=DROP)]))
    case("%s/accepted-validation-no-attribute-errors" % SUB, SUB, "accepted",
         body(SUB, [sample_action("ShowValidationError", attributeErrors=DROP)]))
    case("%s/accepted-modify-value-kinds" % SUB, SUB, "accepted",
         body(SUB, [sample_action("ModifyAttributeValues", attributes=OrderedDict([
             ("city", "Paris"), ("loyaltyPoints", 1200), ("optIn", True),
             ("languages", ["fr", "en"])]))]))
    case("%s/accepted-http10" % SUB, SUB, "accepted",
         http(body(SUB, [sample_action("ModifyAttributeValues")]), style="http10"))
    case("%s/accepted-http2" % OTP, OTP, "accepted", http(body(OTP), style="h2"))
    case("%s/accepted-lf-only" % OTP, OTP, "accepted", http(body(OTP), style="express", eol="\n"))
    case("%s/accepted-http10-lf-only" % OTP, OTP, "accepted",
         http(body(OTP, indent=4), style="http10", eol="\n"))
    for sym in ("MigratePassword", "UpdatePassword", "Retry", "Block"):
        case("%s/accepted-%s-expected-nonce" % (PWD, sym.lower()), PWD, "accepted",
             body(PWD, [sample_action(sym)]), options={"nonce": NONCE})
    case("%s/accepted-block-no-fields" % PWD, PWD, "accepted",
         body(PWD, [sample_action("Block", title=DROP, message=DROP)]))
    case("%s/accepted-empty-nonce-no-expectation" % PWD, PWD, "accepted",
         body(PWD, nonce=""),
         comment="Empty strings satisfy required; no nonce= option, so any string nonce passes.")
    case("%s/accepted-failed-empty-list" % VID, VID, "accepted",
         body(VID, [sample_action("Failed", failedClaims=[])]),
         comment="failedClaims is required as an array of strings; an empty array is present.")
    case("%s/accepted-http2" % VID, VID, "accepted",
         http(body(VID, [sample_action("Failed")]), style="h2"))

    # media types that are application/json
    for i, (label, ct) in enumerate([
            ("plain", "application/json"),
            ("charset-utf-8", "application/json; charset=utf-8"),
            ("mixed-case", "Application/JSON"),
            ("upper-charset", "APPLICATION/JSON;CHARSET=UTF-8"),
            ("quoted-charset", 'application/json; charset="utf-8"'),
            ("odata-parameters", "application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8"),
            ("no-space-after-colon", None)]):
        ev = EVENTS[i % len(EVENTS)]
        if ct is None:
            raw = (b"HTTP/1.1 200 OK\r\nContent-Type:application/json\r\nContent-Length: %d\r\n\r\n"
                   % len(body(ev).encode()) + body(ev).encode())
        else:
            raw = http(body(ev), ctype=ct)
        case("content-type/accepted-%s-%s" % (label, ev), ev, "accepted", raw)

    # --- transport ------------------------------------------------------------------------
    minimal = b"HTTP/1.1 200 OK\r\n\r\n"
    for i, ev in enumerate(EVENTS):
        raw = http(body(ev)) if i % 2 == 0 else minimal
        case("transport/timed-out-%s" % ev, ev, "transport.timed-out", raw,
             options={"transport": "timed-out"})
        raw = http(body(ev)) if i % 2 == 1 else minimal
        case("transport/connection-failed-%s" % ev, ev, "transport.connection-failed", raw,
             options={"transport": "connection-failed"})
    case("transport/elapsed-1001-default-timeout", TOK, "transport.timed-out",
         http(body(TOK)), options={"elapsed_ms": 1001})
    case("transport/elapsed-1000-default-timeout", TOK, "accepted", http(body(TOK)),
         warnings=["warn.elapsed-near-timeout"], options={"elapsed_ms": 1000})
    case("transport/elapsed-201-timeout-200", ACS, "transport.timed-out", http(body(ACS)),
         options={"timeout_ms": 200, "elapsed_ms": 201})
    case("transport/elapsed-2000-timeout-2000", SUB, "accepted", http(body(SUB)),
         warnings=["warn.elapsed-near-timeout"], options={"timeout_ms": 2000, "elapsed_ms": 2000})
    case("transport/elapsed-2001-timeout-2000", OTP, "transport.timed-out", http(body(OTP)),
         options={"timeout_ms": 2000, "elapsed_ms": 2001})
    case("transport/elapsed-1500-timeout-2000", PWD, "accepted", http(body(PWD)),
         options={"timeout_ms": 2000, "elapsed_ms": 1500})
    case("transport/elapsed-1001-with-status-500", VID, "transport.timed-out",
         http('{"error":"boom"}', status=500), options={"elapsed_ms": 1001})
    case("transport/timed-out-gateway-timeout-response", TOK, "transport.timed-out",
         http("", status=504, ctype=None), options={"transport": "timed-out"})
    case("transport/connection-failed-minimal-lf", VID, "transport.connection-failed",
         b"HTTP/1.1 502 Bad Gateway\n\n", options={"transport": "connection-failed"})

    # --- status -----------------------------------------------------------------------------
    not200 = [(301, [("Location", "https://api.contoso.com/entra/claims")], ""),
              (302, [("Location", "/login")], ""),
              (400, [], '{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"One or more validation errors occurred.","status":400}'),
              (401, [("WWW-Authenticate", 'Bearer error="invalid_token"')], ""),
              (403, [], '{"error":"forbidden"}'),
              (404, [], ""),
              (429, [("Retry-After", "1")], '{"error":"too many requests"}'),
              (500, [], '{"error":{"code":"InternalServerError","message":"Object reference not set to an instance of an object."}}'),
              (502, [], "<html><body><h1>502 Bad Gateway</h1></body></html>"),
              (503, [("Retry-After", "30")], ""),
              (504, [], "upstream request timeout"),
              (307, [("Location", "https://api.contoso.com/v2/claims")], "")]
    for i, (st, extra, b) in enumerate(not200):
        ev = EVENTS[i % len(EVENTS)]
        ct = None if not b else ("text/html" if b.startswith("<") else
                                 "text/plain" if not b.startswith("{") else
                                 "application/problem+json" if st == 400 else CT_DEFAULT)
        case("status/%d-%s" % (st, ev), ev, "status.not-200", http(b, status=st, ctype=ct,
                                                                   extra=extra))
    # a non-200 status with a body Entra would otherwise accept
    for i, st in enumerate((400, 500)):
        ev = EVENTS[(i + 3) % len(EVENTS)]
        case("status/%d-with-valid-body-%s" % (st, ev), ev, "status.not-200",
             http(body(ev), status=st))
    case("status/500-http2", PWD, "status.not-200", http("", status=500, style="h2", ctype=None))
    case("status/503-after-100-continue", SUB, "status.not-200",
         http("", status=503, ctype=None, style="kestrel", interim=100))
    case("status/500-lf-only", OTP, "status.not-200",
         http('{"message":"An error has occurred."}', status=500, eol="\n"))
    ok2xx = [(201, True), (204, False), (202, True), (201, False), (204, False), (206, True)]
    for i, (st, with_body) in enumerate(ok2xx):
        ev = EVENTS[i]
        case("status/%d-%s" % (st, ev), ev, "status.success-not-200",
             http(body(ev) if with_body else "", status=st, ctype=CT_DEFAULT if with_body else None))
    case("status/201-http10", TOK, "status.success-not-200",
         http(body(TOK), status=201, style="http10"))
    case("status/204-http2", VID, "status.success-not-200",
         http("", status=204, style="h2", ctype=None))

    # --- content type -----------------------------------------------------------------------
    for i, ev in enumerate(EVENTS):
        style = ["kestrel", "functions", "express", "h2", "http10", "kestrel"][i]
        case("content-type/missing-%s" % ev, ev, "content-type.missing",
             http(body(ev), ctype=None, style=style))
    repeated = [["application/json", "application/json"],
                ["application/json; charset=utf-8", "application/json"],
                ["text/plain", "application/json"],
                ["application/json", "text/html"],
                ["application/json; charset=utf-8", "application/json; charset=utf-8"],
                None]
    for i, (ev, cts) in enumerate(zip(EVENTS, repeated)):
        if cts is None:
            raw = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\ncontent-type: application/json\r\n"
                   b"Content-Length: %d\r\n\r\n" % len(body(ev).encode()) + body(ev).encode())
            name = "repeated-differing-name-case"
        else:
            raw = http(body(ev), ctype=cts)
            name = "repeated-%d" % (i + 1)
        case("content-type/%s-%s" % (name, ev), ev, "content-type.repeated", raw)
    malformed = [("no-subtype", "application"),
                 ("trailing-slash", "application/"),
                 ("no-type", "/json"),
                 ("parameter-without-value", "application/json; charset"),
                 ("space-instead-of-semicolon", "application/json charset=utf-8"),
                 ("unterminated-quote", 'application/json; charset="utf-8'),
                 ("comma-list", "application/json, text/plain"),
                 ("space-around-slash", "application / json"),
                 ("empty-value", "")]
    for i, (label, ct) in enumerate(malformed):
        ev = EVENTS[i % len(EVENTS)]
        comment = None
        if label == "empty-value":
            comment = ("A Content-Type header with an empty value is present but is no media "
                       "type: malformed, not missing.")
        case("content-type/malformed-%s-%s" % (label, ev), ev, "content-type.malformed",
             http(body(ev), ctype=ct), comment=comment)
    not_json = [("text-json", "text/json"),
                ("problem-json", "application/problem+json"),
                ("text-html", "text/html; charset=utf-8"),
                ("text-plain", "text/plain"),
                ("application-xml", "application/xml"),
                ("vnd-api-json", "application/vnd.api+json"),
                ("octet-stream", "application/octet-stream"),
                ("x-json", "application/x-json"),
                ("jsonp", "application/javascript"),
                ("form", "application/x-www-form-urlencoded")]
    for i, (label, ct) in enumerate(not_json):
        ev = EVENTS[i % len(EVENTS)]
        case("content-type/not-json-%s-%s" % (label, ev), ev, "content-type.not-json",
             http(body(ev), ctype=ct))

    # --- body size --------------------------------------------------------------------------
    def padded(ev, total, bom=False, pad_char=" "):
        b = body(ev).encode()
        room = total - len(b) - (3 if bom else 0)
        assert room >= 0
        # pad inside the root object, before its closing brace
        out = b[:-1] + pad_char.encode() * room + b[-1:]
        return (BOM if bom else b"") + out

    for i, ev in enumerate(EVENTS):
        case("body/too-large-by-one-byte-%s" % ev, ev, "body.too-large",
             http(padded(ev, MAX_RESPONSE + 1)))
    for ev in (TOK, SUB):
        case("body/at-size-limit-accepted-%s" % ev, ev, "accepted", http(padded(ev, MAX_RESPONSE)))
    case("body/at-size-limit-with-bom-accepted", ACS, "accepted",
         http(padded(ACS, MAX_RESPONSE, bom=True)), warnings=["warn.byte-order-mark"])
    case("body/too-large-by-bom", OTP, "body.too-large",
         http(padded(OTP, MAX_RESPONSE + 1, bom=True)),
         comment="Rule 3 counts raw bytes, BOM included: 65534 bytes of JSON plus a BOM is 65537.")
    case("body/too-large-whitespace-only", PWD, "body.too-large",
         http(b" " * (MAX_RESPONSE + 1)))
    case("body/option-limit-1024-at-limit", VID, "accepted", http(padded(VID, 1024)),
         options={"max_response_bytes": 1024})
    case("body/option-limit-1024-over", VID, "body.too-large", http(padded(VID, 1025)),
         options={"max_response_bytes": 1024})

    # --- empty and null bodies --------------------------------------------------------------
    empties = [("empty", b""), ("whitespace", b"  \r\n\t \n"), ("bom-only", BOM),
               ("crlf-only", b"\r\n"), ("bom-and-whitespace", BOM + b" \n"), ("single-space", b" ")]
    for i, (ev, (label, b)) in enumerate(zip(EVENTS, empties)):
        w = ["warn.byte-order-mark"] if b.startswith(BOM) else []
        case("body/empty-%s-%s" % (label, ev), ev, "body.empty", http(b), warnings=w)
    case("body/empty-chunked-no-length", TOK, "body.empty", http(b"", style="functions"))
    case("body/empty-http2", ACS, "body.empty", http(b"", style="h2"))
    nulls = [("null", b"null"), ("null-with-whitespace", b"  null\r\n"), ("bom-null", BOM + b"null"),
             ("null-newline", b"null\n"), ("null-tabs", b"\tnull\t"), ("null", b"null")]
    for ev, (label, b) in zip(EVENTS, nulls):
        w = ["warn.byte-order-mark"] if b.startswith(BOM) else []
        comment = None
        if label == "null-with-whitespace":
            comment = "The literal null surrounded by JSON whitespace is still the literal null."
        case("body/%s-%s" % (label, ev), ev, "body.null", http(b), warnings=w, comment=comment)

    # --- invalid JSON -----------------------------------------------------------------------
    tb = body(TOK)
    invalid = [
        ("truncated", TOK, tb[:len(tb) // 2]),
        ("truncated-after-last-brace-missing", ACS, body(ACS)[:-1]),
        ("trailing-comma-object", SUB, body(SUB)[:-1] + ",}"),
        ("trailing-comma-array", OTP, body(OTP).replace("}]", "},]")),
        ("trailing-garbage", PWD, body(PWD) + "x"),
        ("two-documents", VID, body(VID) + body(VID)),
        ("single-quotes", TOK, body(TOK).replace('"', "'")),
        ("nan", ACS, body(ACS, [sample_action("SetPrefillValues", inputs={"age": Raw("NaN")})])),
        ("infinity", SUB, body(SUB, [sample_action("ModifyAttributeValues",
                                                     attributes={"score": Raw("-Infinity")})])),
        ("line-comment", OTP, "// generated\n" + body(OTP)),
        ("block-comment", PWD, body(PWD).replace('"actions"', '/* the action */"actions"')),
        ("form-feed-whitespace", VID, "{\f" + body(VID)[1:]),
        ("nbsp-whitespace", TOK, "{\u00a0" + body(TOK)[1:]),
        ("form-feed-only", ACS, "\f"),
        ("nbsp-only", SUB, "\u00a0"),
        ("raw-tab-in-string", OTP, body(OTP).replace("continueWithDefaultBehavior",
                                                      "continueWith\tDefaultBehavior")),
        ("raw-newline-in-string", PWD, body(PWD).replace(NONCE, NONCE[:10] + "\n" + NONCE[10:])),
        ("bad-escape", VID, body(VID).replace("verifiedIdClaimValidation.pass",
                                              "verifiedIdClaimValidation\\.pass")),
        ("short-unicode-escape", TOK, tok_body(r'{"name":"caf\u00e"}')),
        ("leading-zero", ACS, body(ACS, [sample_action("SetPrefillValues", inputs={"age": Raw("042")})])),
        ("plus-sign-number", SUB, body(SUB, [sample_action("ModifyAttributeValues",
                                                             attributes={"n": Raw("+1")})])),
        ("fraction-without-digits", ACS, body(ACS, [sample_action("SetPrefillValues",
                                                                  inputs={"n": Raw("1.")})])),
        ("hex-number", SUB, body(SUB, [sample_action("ModifyAttributeValues",
                                                       attributes={"n": Raw("0x1F")})])),
        ("unquoted-key", OTP, body(OTP).replace('"data"', "data")),
        ("missing-colon", PWD, body(PWD).replace('"nonce":', '"nonce" ')),
        ("missing-comma", VID, body(VID).replace('","actions"', '" "actions"')),
        ("capitalized-true", ACS, body(ACS, [sample_action("SetPrefillValues",
                                                           inputs={"vip": Raw("True")})])),
        ("trailing-nul-byte", TOK, body(TOK) + "\x00"),
        ("double-bom", OTP, BOM + BOM + body(OTP).encode()),
        ("unterminated-string", PWD, '{"data":{"@odata.type":"microsoft.graph.onPasswordSubmitResponseData'),
        ("bare-word", VID, "OK"),
    ]
    for label, ev, b in invalid:
        w = []
        comment = None
        if label == "double-bom":
            w = ["warn.byte-order-mark"]
            comment = ("Only the first BOM is removed; the second is U+FEFF, which is not JSON "
                       "whitespace: invalid JSON.")
        if label in ("form-feed-only", "nbsp-only"):
            comment = "Fine point: a form feed or U+00A0 is not JSON whitespace, so not an empty body."
        case("json/invalid-%s-%s" % (label, ev), ev, "json.invalid", http(b), warnings=w,
             comment=comment)

    # --- invalid UTF-8 ----------------------------------------------------------------------
    def tok_bytes(value_bytes):
        pre, post = tok_body('{"name":"@@"}').encode().split(b"@@")
        return pre + value_bytes + post

    def otp_with_unknown(value_bytes):
        pre, post = body(OTP, root_extra=[("note", "@@")]).encode().split(b"@@")
        return pre + value_bytes + post

    tok_trunc = tok_body('{"name":"caf@@').encode().split(b"@@")[0] + b"\xc3"
    utf8 = [
        ("overlong-c0-af", TOK, tok_bytes(b"a\xc0\xafb"), None),
        ("cesu-surrogate-ed-a0-80", ACS, body(ACS, [sample_action(
            "SetPrefillValues", inputs={"city": "@@"})]).encode().replace(b"@@", b"\xed\xa0\x80\xed\xb0\x80"), None),
        ("truncated-multibyte-at-end", TOK, tok_trunc,
         "The body ends inside a string with the first byte of a two-byte sequence: invalid UTF-8 is listed before json.invalid."),
        ("truncated-multibyte-before-quote", SUB, body(SUB, [sample_action(
            "ShowValidationError", message="@@")]).encode().replace(b"@@", b"caf\xc3"), None),
        ("lone-low-surrogate-escape", TOK, tok_body(r'{"name":"\udc00"}').encode(), None),
        ("lone-high-surrogate-escape", PWD, body(PWD, nonce=Raw(r'"abc\ud800"')).encode(), None),
        ("high-surrogate-then-ascii-escape", VID, body(VID, [sample_action(
            "Failed", failedClaims=[Raw(r'"\ud800\u0041"')])]).encode(), None),
        ("reversed-surrogate-pair", ACS, body(ACS, [sample_action(
            "StartShowBlockPage", message=Raw(r'"\udc00\ud800"'))]).encode(), None),
        ("byte-ff", OTP, otp_with_unknown(b"\xff"),
         "Invalid UTF-8 inside an unknown member still fails: the whole body must be UTF-8."),
        ("byte-f5", SUB, body(SUB, [sample_action("ModifyAttributeValues", attributes={
            "city": "@@"})]).encode().replace(b"@@", b"\xf5\x80\x80\x80"), None),
        ("above-u10ffff", PWD, body(PWD, [sample_action("Block", title="@@")]).encode().replace(
            b"@@", b"\xf4\x90\x80\x80"), None),
        ("invalid-byte-in-key", VID, body(VID, data_extra=[("k@@", "v")]).encode().replace(
            b"@@", b"\xfe"), None),
        ("latin1-body", TOK, tok_body(js({"city": "Zürich"})).encode("latin-1"), None),
        ("lone-continuation-byte", ACS, body(ACS, [sample_action(
            "StartShowBlockPage", title="@@")]).encode().replace(b"@@", b"\x80"), None),
    ]
    for label, ev, b, comment in utf8:
        case("json/invalid-utf8-%s-%s" % (label, ev), ev, "json.invalid-utf8", http(b),
             warnings=UNKNOWN if label == "byte-ff" else [], comment=comment)
    case("json/invalid-utf16le-body-emailOtpSend", OTP, "json.invalid",
         http(b"\xff\xfe" + body(OTP).encode("utf-16-le")),
         comment="Judgment call: a UTF-16LE body (FF FE mark) is a syntax error at byte 0, outside any string: json.invalid.")

    # --- depth ------------------------------------------------------------------------------
    # The root object is level 1; an unknown root member holding k nested arrays reaches 1 + k.
    case("json/depth-64-in-unknown-member-accepted", TOK, "accepted",
         http(body(TOK, root_extra=[("debug", Raw(deep_array(MAX_DEPTH - 1)))])),
         warnings=["warn.unknown-member"],
         comment="Exactly 64 levels (root object + 63 arrays) is within the limit.")
    case("json/depth-64-objects-in-action-accepted", ACS, "accepted",
         http(body(ACS, [Raw('{"@odata.type":%s,"trace":%s}' % (
             js(T("StartContinueWithDefaultBehavior")), deep_object(MAX_DEPTH - 4)))])),
         warnings=["warn.unknown-member"],
         comment="root, data, actions, the action: 4 levels, then 60 nested objects = 64.")
    for i, ev in enumerate(EVENTS):
        if i % 3 == 0:
            raw = body(ev, root_extra=[("debug", Raw(deep_array(MAX_DEPTH)))])
            label = "65-in-unknown-root-member"
        elif i % 3 == 1:
            raw = body(ev, data_extra=[("trace", Raw(deep_object(MAX_DEPTH - 1)))])
            label = "65-objects-in-unknown-data-member"
        else:
            raw = body(ev, root_extra=[("debug", Raw(deep_array(5000)))])
            label = "5000-in-unknown-root-member"
        # The unknown member's name was read before the reader stopped: its warning stays.
        case("json/too-deep-%s-%s" % (label, ev), ev, "json.too-deep", http(raw), warnings=UNKNOWN)
    case("json/too-deep-in-claim-value", TOK, "json.too-deep",
         http(tok_body('{"groups":%s}' % deep_array(80))),
         comment="A nested-array claim value is also claims.value-type, but depth is a parse error and wins.")
    case("json/too-deep-then-invalid", SUB, "json.too-deep",
         http(body(SUB, root_extra=[("debug", Raw(deep_array(100)))])[:-1] + ",}"), warnings=UNKNOWN,
         comment="Depth exceeded before a later syntax error: json.too-deep is listed first.")

    # --- numbers ----------------------------------------------------------------------------
    big = "1" + "0" * 399
    numbers = [
        ("1e999999-in-inputs", ACS, body(ACS, [sample_action("SetPrefillValues", inputs={"age": Raw("1e999999")})]), None),
        ("400-digits-in-attributes", SUB, body(SUB, [sample_action("ModifyAttributeValues", attributes={"loyaltyPoints": Raw(big)})]), None),
        ("minus-1e999999-in-inputs", ACS, body(ACS, [sample_action("SetPrefillValues", inputs={"balance": Raw("-1e999999")})]), None),
        ("1e999999-in-claims", TOK, tok_body('{"age":1e999999}'),
         "Also a number claim value (claims.value-type), but json.number-too-large is listed first."),
        ("400-digits-in-unknown-member", OTP, body(OTP, root_extra=[("requestCount", Raw(big))]),
         "Like depth, a number beyond double range is a reader error wherever it sits, unknown members included."),
        ("1e400-in-unknown-data-member", PWD, body(PWD, data_extra=[("ttl", Raw("1e400"))]), None),
        ("1e999999-in-unknown-action-member", VID, body(VID, [sample_action("Pass", score=Raw("1E999999"))]), None),
    ]
    for label, ev, b, comment in numbers:
        case("json/number-too-large-%s" % label, ev, "json.number-too-large", http(b),
             warnings=UNKNOWN if "unknown" in label else [], comment=comment)
    case("json/number-1e308-accepted", ACS, "accepted",
         http(body(ACS, [sample_action("SetPrefillValues", inputs={"big": Raw("1.7976931348623157e308"),
                                                                    "tiny": Raw("5e-324")})])))
    # The line is IEEE-754 rounding to nearest: ...158e308 rounds down to DBL_MAX, ...159e308 up to
    # infinity (RapidJSON's own range check lets the latter through).
    inf = "1.7976931348623159e308"
    rounding = [
        ("dbl-max-rounding-in-inputs", ACS, "accepted",
         body(ACS, [sample_action("SetPrefillValues", inputs={"big": Raw("1.7976931348623158e308")})]), []),
        ("rounds-to-infinity-in-attributes", SUB, "json.number-too-large",
         body(SUB, [sample_action("ModifyAttributeValues", attributes={"score": Raw(inf)})]), []),
        ("minus-rounds-to-infinity-in-inputs", ACS, "json.number-too-large",
         body(ACS, [sample_action("SetPrefillValues", inputs={"balance": Raw("-" + inf)})]), []),
        ("rounds-to-infinity-in-unknown-member", TOK, "json.number-too-large",
         body(TOK, root_extra=[("maxAge", Raw(inf))]), UNKNOWN),
        ("10e308-in-unknown-data-member", OTP, "json.number-too-large",
         body(OTP, data_extra=[("ttl", Raw("10e308"))]), UNKNOWN),
        ("minus-400-digits-in-unknown-action-member", PWD, "json.number-too-large",
         body(PWD, [sample_action("MigratePassword", weight=Raw("-" + big))]), UNKNOWN),
        ("underflow-2e-400-accepted", VID, "accepted",
         body(VID, [sample_action("Pass")], data_extra=[("epsilon", Raw("2e-400"))]), UNKNOWN),
    ]
    for label, ev, rule, b, w in rounding:
        case("json/number-%s" % label, ev, rule, http(b, style="kestrel"), warnings=w)

    # --- envelope ---------------------------------------------------------------------------
    legacy_claims = '[{"id":"dateOfBirth","value":"01/01/2000"},{"id":"customRoles","value":["Writer","Editor"]}]'
    legacy = ('{"type":"onTokenIssuanceStartActionResponse","apiSchemaVersion":"10-01-2021-preview",'
              '"actions":[{"type":"ProvideClaimsForToken","claims":%s}]}' % legacy_claims)
    case("envelope/legacy-shape-%s" % TOK, TOK, "envelope.legacy-shape", http(legacy), warnings=UNKNOWN)
    case("envelope/legacy-shape-pretty-%s" % TOK, TOK, "envelope.legacy-shape",
         http(js(json.loads(legacy, object_pairs_hook=OrderedDict), indent=4)), warnings=UNKNOWN)
    case("envelope/legacy-shape-sdk-1.0-%s" % TOK, TOK, "envelope.legacy-shape",
         http('{"type":"onTokenIssuanceStartActionResponse","apiSchemaVersion":"10-01-2021-preview",'
              '"actions":[{"type":"microsoft.graph.provideClaimsForToken","claims":{"dateOfBirth":"01/01/2000"}}]}'),
         warnings=UNKNOWN)
    for ev in EVENTS[1:]:
        case("envelope/legacy-shape-%s" % ev, ev, "envelope.legacy-shape",
             http('{"type":"%sActionResponse","apiSchemaVersion":"10-01-2021-preview","actions":[{"type":"ContinueWithDefaultBehavior"}]}' % ev),
             warnings=UNKNOWN,
             comment=("The legacy shape is recognised by its members whatever the event: no data, "
                      "top-level apiSchemaVersion and actions.") if ev == ACS else None)
    roots = [("array", "[%s]" % body(TOK)), ("string", '"OK"'), ("number", "42"),
             ("true", "true"), ("empty-array", "[]"), ("string-null", '"null"')]
    for ev, (label, b) in zip(EVENTS, roots):
        case("envelope/root-not-object-%s-%s" % (label, ev), ev, "envelope.root-not-object", http(b))
    missing_data = [
        ("empty-object", "{}", [], None),
        ("data-null", '{"data":null}', [], "Fine point: null counts as missing."),
        ("data-array", '{"data":[%s]}' % js({"@odata.type": RESP[SUB], "actions": []}), [], None),
        ("data-string", '{"data":"%s"}' % RESP[OTP], [], None),
        ("data-capitalized", '{"Data":%s}' % js({"@odata.type": RESP[PWD], "actions": [sample_action("Retry")], "nonce": NONCE}),
         ["warn.unknown-member"], "Member names are case-sensitive: Data is an unknown member, data is missing."),
        ("value-wrapper", '{"value":%s}' % body(VID), ["warn.unknown-member"], None),
    ]
    for ev, (label, b, w, comment) in zip(EVENTS, missing_data):
        case("envelope/data-missing-%s-%s" % (label, ev), ev, "envelope.data-missing", http(b),
             warnings=w, comment=comment)
    errors = [(TOK, '{"error":{"code":"Unauthorized","message":"The bearer token is not valid."}}'),
              (ACS, '{"error":"invalid_request","error_description":"missing tenant"}'),
              (PWD, '{"error":{"code":"500","message":"Database unavailable"}}')]
    for ev, b in errors:
        case("envelope/data-missing-error-body-%s" % ev, ev, "envelope.data-missing", http(b),
             warnings=["warn.looks-like-error", "warn.unknown-member"])
    type_missing = [
        ("absent", Obj(("actions", [sample_action("ProvideClaimsForToken")])), [], None),
        ("number", Obj(("@odata.type", 1), ("actions", [sample_action("SetPrefillValues")])), [], None),
        ("null", Obj(("@odata.type", None), ("actions", [sample_action("ShowValidationError")])), [], "Fine point: null counts as missing."),
        ("object", Obj(("@odata.type", {"name": RESP[OTP]}), ("actions", [sample_action("OtpSendContinueWithDefaultBehavior")])), [], None),
        ("key-casing", Obj(("@OData.Type", RESP[PWD]), ("actions", [sample_action("Retry")]), ("nonce", NONCE)),
         ["warn.unknown-member"], "Member names are case-sensitive; only @odata.type VALUES fold case. @OData.Type is an unknown member."),
        ("without-at-sign", Obj(("odata.type", RESP[VID]), ("actions", [sample_action("Pass")])), ["warn.unknown-member"], None),
    ]
    for ev, (label, data, w, comment) in zip(EVENTS, type_missing):
        case("envelope/type-missing-%s-%s" % (label, ev), ev, "envelope.type-missing",
             http(js(Obj(("data", data)))), warnings=w, comment=comment)
    case("envelope/type-missing-true-%s" % ACS, ACS, "envelope.type-missing",
         http(body(ACS, data_type=Raw("true"))))
    wrong = [
        ("other-event", RESP[ACS]),
        ("other-event", RESP[SUB]),
        ("other-event", RESP[TOK]),
        ("leading-hash", "#" + RESP[OTP]),
        ("trailing-space", RESP[PWD] + " "),
        ("callout-data-type", "microsoft.graph.onVerifiedIdClaimValidationCalloutData"),
    ]
    for ev, (label, t) in zip(EVENTS, wrong):
        case("envelope/type-wrong-%s-%s" % (label, ev), ev, "envelope.type-wrong",
             http(body(ev, data_type=t)))
    case("envelope/type-wrong-legacy-action-response-%s" % TOK, TOK, "envelope.type-wrong",
         http(body(TOK, data_type="onTokenIssuanceStartActionResponse")))
    case("envelope/type-wrong-no-namespace-%s" % SUB, SUB, "envelope.type-wrong",
         http(body(SUB, data_type="onAttributeCollectionSubmitResponseData")))
    case("envelope/type-wrong-dotted-capital-i-%s" % TOK, TOK, "envelope.type-wrong",
         http(body(TOK, data_type="microsoft.graph.onTokenİssuanceStartResponseData")),
         comment="Fine point: case folding is ASCII-only; U+0130 does not fold to i.")
    case("envelope/type-wrong-kelvin-sign-escape-%s" % TOK, TOK, "envelope.type-wrong",
         http(body(TOK, data_type=Raw(r'"microsoft.graph.onTo\u212aenIssuanceStartResponseData"'))),
         comment="Fine point: U+212A KELVIN SIGN folds to k in Unicode but not in ASCII folding.")
    case("envelope/type-wrong-prefix-only-%s" % VID, VID, "envelope.type-wrong",
         http(body(VID, data_type="microsoft.graph.")))
    actions_missing = [("absent", DROP), ("null", None), ("object", "OBJ"), ("string", "ACT"),
                       ("number", 1), ("capitalized", "CAP")]
    for ev, (label, v) in zip(EVENTS, actions_missing):
        data = OrderedDict([("@odata.type", RESP[ev])])
        w = []
        comment = None
        if v == "OBJ":
            data["actions"] = sample_action(DEFAULT_ACTION[ev])
        elif v == "ACT":
            data["actions"] = T(DEFAULT_ACTION[ev])
        elif v == "CAP":
            data["Actions"] = [sample_action(DEFAULT_ACTION[ev])]
            w = ["warn.unknown-member"]
        elif v is not DROP:
            data["actions"] = v
        if label == "null":
            comment = "Fine point: null counts as missing."
        if ev == PWD:
            data["nonce"] = NONCE
        case("envelope/actions-missing-%s-%s" % (label, ev), ev, "envelope.actions-missing",
             http(js({"data": dict(data)})), warnings=w + (UNKNOWN if ev == PWD else []), comment=comment)

    # --- actions ----------------------------------------------------------------------------
    not_obj = [("string", T("ProvideClaimsForToken")), ("null", None), ("array", [sample_action("SetPrefillValues")]),
               ("number", 0), ("true", True), ("string-after-valid", "SECOND")]
    for ev, (label, v) in zip(EVENTS, not_obj):
        acts = [v] if v != "SECOND" else [sample_action(DEFAULT_ACTION[ev]), "retry"]
        comment = None
        if v == "SECOND":
            comment = "Two actions, one not an object: action.not-object (rule 5) precedes actions.count-not-one (rule 6)."
        case("action/not-object-%s-%s" % (label, ev), ev, "action.not-object",
             http(body(ev, acts)), warnings=UNKNOWN if ev == PWD else [], comment=comment)
    type_missing_actions = [
        ("empty-object", {}, [], None),
        ("type-null", {"@odata.type": None}, [], None),
        ("type-number", {"@odata.type": 3, "attributes": {"city": "Oslo"}}, [], None),
        ("type-array", {"@odata.type": [T("OtpSendContinueWithDefaultBehavior")]}, [], None),
        ("odata-type-without-at", {"odata.type": T("MigratePassword")}, UNKNOWN, None),
        ("legacy-type-member", {"type": "pass"}, UNKNOWN, None),
    ]
    for ev, (label, a, w, comment) in zip(EVENTS, type_missing_actions):
        case("action/type-missing-%s-%s" % (label, ev), ev, "action.type-missing",
             http(body(ev, [a])), warnings=w, comment=comment)
    unknown = [
        ("typo", TOK, "microsoft.graph.tokenIssuanceStart.provideClaimForToken", None),
        ("leading-hash", TOK, "#microsoft.graph.tokenIssuanceStart.provideClaimsForToken",
         "A leading # is not stripped from action types."),
        ("wrong-event-prefix", ACS, "microsoft.graph.attributeCollectionStart.showValidationError",
         "showValidationError exists only under attributeCollectionSubmit; under the Start prefix it names no known type."),
        ("no-namespace", SUB, "attributeCollectionSubmit.continueWithDefaultBehavior", None),
        ("leading-hash", OTP, "#microsoft.graph.OtpSend.continueWithDefaultBehavior", None),
        ("event-name-as-prefix", OTP, "microsoft.graph.emailOtpSend.continueWithDefaultBehavior", None),
        ("trailing-space", PWD, T("MigratePassword") + " ", None),
        ("empty-string", VID, "", None),
        ("typo", VID, "microsoft.graph.verifiedIdClaimValidation.passed", None),
        ("short-name", ACS, "continueWithDefaultBehavior", None),
    ]
    for label, ev, t, comment in unknown:
        a = sample_action(DEFAULT_ACTION[ev], odata_type=t)
        case("action/type-unknown-%s-%s" % (label, ev), ev, "action.type-unknown",
             http(body(ev, [a])), warnings=UNKNOWN if ev == PWD else [], comment=comment)
    case("action/type-unknown-second-of-two-%s" % SUB, SUB, "action.type-unknown",
         http(body(SUB, [sample_action("SubmitContinueWithDefaultBehavior"),
                         sample_action("ShowValidationError", odata_type="microsoft.graph.attributeCollectionSubmit.showValidationErrors")])),
         comment="Two actions, the second of unknown type: rule 5 precedes rule 6.")

    # --- field types ------------------------------------------------------------------------
    wrong_type = [
        (TOK, "claims-array", [sample_action("ProvideClaimsForToken", claims=Raw(legacy_claims))], None),
        (TOK, "claims-string", [sample_action("ProvideClaimsForToken", claims="dateOfBirth=01/01/2000")], None),
        (TOK, "claims-true", [sample_action("ProvideClaimsForToken", claims=True)], None),
        (TOK, "legacy-alias-claims-array", [sample_action("LegacyProvideClaimsForToken", claims=[])], None),
        (ACS, "inputs-array", [sample_action("SetPrefillValues", inputs=[{"city": "Seattle"}])], None),
        (ACS, "inputs-string", [sample_action("SetPrefillValues", inputs="city=Seattle")], None),
        (ACS, "block-title-number", [sample_action("StartShowBlockPage", title=404)], None),
        (ACS, "block-message-object", [sample_action("StartShowBlockPage", message={"text": "closed"})], None),
        (SUB, "attributes-array", [sample_action("ModifyAttributeValues", attributes=["city", "Paris"])], None),
        (SUB, "validation-message-number", [sample_action("ShowValidationError", message=400)], None),
        (SUB, "validation-message-array", [sample_action("ShowValidationError", message=["Bad city"])], None),
        (SUB, "attribute-errors-array", [sample_action("ShowValidationError", attributeErrors=[{"city": "Bad"}])], None),
        (SUB, "attribute-errors-value-number", [sample_action("ShowValidationError", attributeErrors={"age": 18})], None),
        (SUB, "attribute-errors-value-null", [sample_action("ShowValidationError", attributeErrors={"city": None})],
         "attributeErrors values are strings; a null VALUE inside the map is a wrong type (only a null FIELD counts as absent)."),
        (SUB, "block-title-false", [sample_action("SubmitShowBlockPage", title=False)], None),
        (OTP, "other-event-action-inputs-array", [sample_action("SetPrefillValues", inputs=[])],
         "Fine point: rule 5 type-checks every known action type, so another event's action with a badly typed field is 1003003, not 1003012."),
        (OTP, "other-event-action-message-number", [sample_action("ShowValidationError", message=1)], None),
        (PWD, "nonce-number", None, None),
        (PWD, "nonce-object", None, None),
        (PWD, "block-title-number", [sample_action("Block", title=1)], None),
        (PWD, "block-message-false", [sample_action("Block", message=False)], None),
        (VID, "failed-claims-string", [sample_action("Failed", failedClaims="firstName")], None),
        (VID, "failed-claims-number-element", [sample_action("Failed", failedClaims=["firstName", 2])], None),
        (VID, "failed-claims-object", [sample_action("Failed", failedClaims={"firstName": "mismatch"})], None),
        (VID, "failed-claims-null-element", [sample_action("Failed", failedClaims=["firstName", None])], None),
    ]
    for ev, label, acts, comment in wrong_type:
        if label == "nonce-number":
            b = body(ev, nonce=123456)
        elif label == "nonce-object":
            b = body(ev, [sample_action("UpdatePassword")], nonce={"value": NONCE})
        else:
            b = body(ev, acts)
        case("%s/wrong-type-%s" % (ev, label), ev, "field.wrong-type", http(b),
             warnings=["warn.legacy-action-alias"] if label.startswith("legacy-alias") else [], comment=comment)
    case("%s/wrong-type-nonce-number-with-other-event-password-action" % ACS, ACS, "field.wrong-type",
         http(body(ACS, [sample_action("Retry")], data_extra=[("nonce", 7)])),
         comment=("data.nonce is type-checked when the action is a passwordSubmit action, whatever the "
                  "event (rule 5 type-checks every known action type): 1003003, not 1003012."))

    # --- claim values -----------------------------------------------------------------------
    unsupported = [("true", "true"), ("false", "false"), ("object", '{"value":"x"}'),
                   ("empty-object", "{}")]
    for label, v in unsupported:
        case("%s/claim-value-%s" % (TOK, label), TOK, "claims.value-unsupported",
             http(tok_body('{"dateOfBirth":"01/01/2000","flag":%s}' % v)))
    case("%s/claim-value-boolean-other-event-claims-action" % SUB, SUB, "claims.value-unsupported",
         http(body(SUB, [claims_action('{"isAdmin":true}')])),
         comment="Rule 5 checks claim values of a provideClaimsForToken action under any event: 1003003, not 1003012.")
    value_type = [("number", "42", None), ("float", "1.5", None), ("null", "null",
                  "A null claim value is unsupported (claims.value-type); 'null as missing' is about fields, not claim values."),
                  ("array-with-number", '["a",1]', None), ("array-with-null", '["a",null]', None),
                  ("nested-array", '[["a"]]', None),
                  ("array-with-object", '[{"a":"b"}]',
                   "An array holding an object is an array of non-strings: claims.value-type, not value-unsupported."),
                  ("array-with-boolean", '[true]',
                   "An array holding a boolean is an array of non-strings: claims.value-type, not value-unsupported.")]
    for label, v, comment in value_type:
        case("%s/claim-value-%s" % (TOK, label), TOK, "claims.value-type",
             http(tok_body('{"dateOfBirth":"01/01/2000","x":%s}' % v)), comment=comment)
    case("%s/claim-value-number-legacy-alias" % TOK, TOK, "claims.value-type",
         http(body(TOK, [claims_action('{"n":1}', "LegacyProvideClaimsForToken")])),
         warnings=["warn.legacy-action-alias"])
    case("%s/claim-value-number-other-event-claims-action" % VID, VID, "claims.value-type",
         http(body(VID, [claims_action('{"n":1}')])))

    # --- attribute values -------------------------------------------------------------------
    attr = [(ACS, "SetPrefillValues", "inputs", "null", None),
            (ACS, "SetPrefillValues", "inputs", "object", {"street": "1 Main St"}),
            (ACS, "SetPrefillValues", "inputs", "nested-array", [["a"]]),
            (ACS, "SetPrefillValues", "inputs", "array-with-null", ["a", None]),
            (SUB, "ModifyAttributeValues", "attributes", "null", None),
            (SUB, "ModifyAttributeValues", "attributes", "object", {}),
            (SUB, "ModifyAttributeValues", "attributes", "array-with-object", [{"a": 1}])]
    for ev, sym, f, label, v in attr:
        m = OrderedDict([("city", "Seattle"), ("bad", v)])
        comment = None
        if label == "null" and ev == ACS:
            comment = "Fine point: attribute values are a closed list; a null VALUE is 1003003 (not 'as if absent')."
        case("%s/attribute-value-%s" % (ev, label), ev, "attributes.value-type",
             http(body(ev, [sample_action(sym, **{f: m})])), comment=comment)

    # --- action count -----------------------------------------------------------------------
    for i, ev in enumerate(EVENTS):
        case("%s/actions-zero" % ev, ev, "actions.count-not-one", http(body(ev, [])),
             warnings=UNKNOWN if ev == PWD else [])
        two = [sample_action(DEFAULT_ACTION[ev]), sample_action(DEFAULT_ACTION[ev])]
        case("%s/actions-two" % ev, ev, "actions.count-not-one", http(body(ev, two)))
    case("%s/actions-three-different" % SUB, SUB, "actions.count-not-one",
         http(body(SUB, [sample_action("ModifyAttributeValues"), sample_action("ShowValidationError"),
                         sample_action("SubmitContinueWithDefaultBehavior")])))
    case("%s/actions-two-claims-actions" % TOK, TOK, "actions.count-not-one",
         http(body(TOK, [sample_action("ProvideClaimsForToken"), sample_action("LegacyProvideClaimsForToken")])),
         warnings=["warn.legacy-action-alias"])

    # --- wrong event ------------------------------------------------------------------------
    wrong_event = [(TOK, "SetPrefillValues"), (ACS, "ModifyAttributeValues"),
                   (SUB, "StartShowBlockPage"), (OTP, "StartContinueWithDefaultBehavior"),
                   (PWD, "Pass"), (VID, "MigratePassword")]
    for ev, sym in wrong_event:
        case("%s/wrong-event-%s" % (ev, sym[0].lower() + sym[1:]), ev, "action.wrong-event",
             http(body(ev, [sample_action(sym)])), warnings=UNKNOWN if ev == PWD else [])
    case("%s/wrong-event-legacy-alias" % ACS, ACS, "action.wrong-event",
         http(body(ACS, [sample_action("LegacyProvideClaimsForToken")])), warnings=["warn.legacy-action-alias"],
         comment="The legacy alias is a known tokenIssuanceStart type: under any other event it is 1003012.")
    case("%s/wrong-event-legacy-alias" % OTP, OTP, "action.wrong-event",
         http(body(OTP, [sample_action("LegacyProvideClaimsForToken")])), warnings=["warn.legacy-action-alias"])
    case("%s/wrong-event-provide-claims" % PWD, PWD, "action.wrong-event",
         http(body(PWD, [sample_action("ProvideClaimsForToken")])), warnings=UNKNOWN)
    case("%s/wrong-event-non-canonical-case" % SUB, SUB, "action.wrong-event",
         http(body(SUB, [sample_action("SetPrefillValues", odata_type=T("SetPrefillValues").upper())])),
         warnings=["warn.type-casing"])
    case("%s/wrong-event-without-required-field" % ACS, ACS, "action.wrong-event",
         http(body(ACS, [sample_action("ShowValidationError", message=DROP)])),
         comment="Rule 7 precedes rule 11: another event's action missing its required field is 1003012.")
    case("%s/wrong-event-claims-action-without-claims" % VID, VID, "action.wrong-event",
         http(body(VID, [sample_action("ProvideClaimsForToken", claims=DROP)])),
         comment="Rule 8 (claims missing) applies to tokenIssuanceStart only; rule 7 decides.")
    case("%s/wrong-event-otp-action" % TOK, TOK, "action.wrong-event",
         http(body(TOK, [sample_action("OtpSendContinueWithDefaultBehavior")])))

    # --- claims (tokenIssuanceStart) --------------------------------------------------------
    case("%s/claims-missing" % TOK, TOK, "claims.missing",
         http(body(TOK, [sample_action("ProvideClaimsForToken", claims=DROP)])))
    case("%s/claims-null" % TOK, TOK, "claims.missing",
         http(body(TOK, [sample_action("ProvideClaimsForToken", claims=None)])),
         comment="Fine point: null counts as missing (rule 8).")
    case("%s/claims-missing-legacy-alias" % TOK, TOK, "claims.missing",
         http(body(TOK, [sample_action("LegacyProvideClaimsForToken", claims=DROP)])),
         warnings=["warn.legacy-action-alias"])
    case("%s/claims-missing-capitalized-member" % TOK, TOK, "claims.missing",
         http(body(TOK, [Raw('{"@odata.type":%s,"Claims":{"role":"admin"}}' % js(T("ProvideClaimsForToken")))])),
         warnings=["warn.unknown-member"],
         comment="Member names are case-sensitive: Claims is an unknown member and claims is missing.")
    case("%s/claims-key-empty" % TOK, TOK, "claims.key-empty",
         http(tok_body('{"":"value"}')))
    case("%s/claims-key-empty-array-value" % TOK, TOK, "claims.key-empty",
         http(tok_body('{"role":"admin","":["a","b"],"tier":"gold"}')))
    case("%s/claims-key-empty-legacy-alias" % TOK, TOK, "claims.key-empty",
         http(body(TOK, [claims_action('{"":""}', "LegacyProvideClaimsForToken")])),
         warnings=["warn.legacy-action-alias"])
    # sizes: every key and string value in UTF-8 bytes, decoded
    case("%s/claims-size-3072-accepted" % TOK, TOK, "accepted",
         http(tok_body(exact_claims(MAX_CLAIMS, keys=("dateOfBirth", "customRoles", "payload")))),
         warnings=["warn.claims-near-limit"])
    case("%s/claims-size-3073" % TOK, TOK, "claims.too-large",
         http(tok_body(exact_claims(MAX_CLAIMS + 1, keys=("dateOfBirth", "customRoles", "payload")))))
    groups = ["g%03d-" % i + "x" * 95 for i in range(30)]  # 30 x 100 bytes
    rest = MAX_CLAIMS + 1 - len("groups") - 3000 - len("extra")
    case("%s/claims-size-3073-array-elements" % TOK, TOK, "claims.too-large",
         http(tok_body(js(OrderedDict([("groups", groups), ("extra", "y" * rest)])))))
    case("%s/claims-size-3072-array-elements-accepted" % TOK, TOK, "accepted",
         http(tok_body(js(OrderedDict([("groups", groups), ("extra", "y" * (rest - 1))])))),
         warnings=["warn.claims-near-limit"])
    # "\u00e9" is 2 bytes decoded (6 characters of JSON)
    n_esc = 1000
    filler = MAX_CLAIMS - len("accents") - 2 * n_esc
    case("%s/claims-size-3072-escaped-accepted" % TOK, TOK, "accepted",
         http(tok_body('{"accents":"%s%s"}' % ("\\u00e9" * n_esc, "a" * filler))),
         warnings=["warn.claims-near-limit"],
         comment="Claims size counts decoded bytes: 1000 escapes \\u00e9 are 2000 bytes, not 6000.")
    case("%s/claims-size-3073-escaped" % TOK, TOK, "claims.too-large",
         http(tok_body('{"accents":"%s%s"}' % ("\\u00e9" * n_esc, "a" * (filler + 1)))))
    case("%s/claims-size-3073-raw-multibyte" % TOK, TOK, "claims.too-large",
         http(tok_body(js({"jp": "日" * 1023 + "ab"}))),
         comment="2 + 1023*3 + 2 = 3073 UTF-8 bytes, though only 1027 characters.")
    case("%s/claims-size-3072-raw-multibyte-accepted" % TOK, TOK, "accepted",
         http(tok_body(js({"jp": "日" * 1023 + "a"}))), warnings=["warn.claims-near-limit"])
    case("%s/claims-size-escaped-quotes-accepted" % TOK, TOK, "accepted",
         http(tok_body('{"q":"%s"}' % ('\\"' * (MAX_CLAIMS - 1)))),
         warnings=["warn.claims-near-limit"],
         comment="3071 escaped quotes decode to 3071 bytes (+1 for the key) = 3072: JSON syntax is not counted.")
    case("%s/claims-size-option-100-at-limit" % TOK, TOK, "accepted",
         http(tok_body(exact_claims(100))), warnings=["warn.claims-near-limit"], options={"max_claims_bytes": 100})
    case("%s/claims-size-option-100-over" % TOK, TOK, "claims.too-large",
         http(tok_body(exact_claims(101))), options={"max_claims_bytes": 100})
    case("%s/claims-size-legacy-alias-over" % TOK, TOK, "claims.too-large",
         http(body(TOK, [claims_action(exact_claims(4000), "LegacyProvideClaimsForToken")])),
         warnings=["warn.legacy-action-alias"])

    # --- required fields --------------------------------------------------------------------
    req = [(ACS, "inputs-missing", [sample_action("SetPrefillValues", inputs=DROP)], None),
           (ACS, "inputs-null", [sample_action("SetPrefillValues", inputs=None)], "Fine point: null counts as missing (rule 11)."),
           (SUB, "attributes-missing", [sample_action("ModifyAttributeValues", attributes=DROP)], None),
           (SUB, "attributes-null", [sample_action("ModifyAttributeValues", attributes=None)], None),
           (SUB, "validation-message-missing", [sample_action("ShowValidationError", message=DROP)], None),
           (SUB, "validation-message-null", [sample_action("ShowValidationError", message=None)], None),
           (VID, "failed-claims-missing", [sample_action("Failed", failedClaims=DROP)], None),
           (VID, "failed-claims-null", [sample_action("Failed", failedClaims=None)], None)]
    for ev, label, acts, comment in req:
        case("%s/required-%s" % (ev, label), ev, "field.required-missing", http(body(ev, acts)),
             comment=comment)
    for sym in ("MigratePassword", "UpdatePassword", "Retry", "Block"):
        case("%s/required-nonce-missing-%s" % (PWD, sym.lower()), PWD, "field.required-missing",
             http(body(PWD, [sample_action(sym)], nonce=DROP)))
    case("%s/required-nonce-null" % PWD, PWD, "field.required-missing",
         http(body(PWD, nonce=None)), options={"nonce": NONCE})
    case("%s/required-nonce-inside-action" % PWD, PWD, "field.required-missing",
         http(body(PWD, [sample_action("MigratePassword", nonce=NONCE)], nonce=DROP)),
         warnings=["warn.unknown-member"],
         comment="nonce belongs in data beside actions; inside the action it is an unknown member and data.nonce is missing.")
    case("%s/required-nonce-missing-with-expected" % PWD, PWD, "field.required-missing",
         http(body(PWD, nonce=DROP)), options={"nonce": NONCE},
         comment="Missing and mismatched are both rule 11; field.required-missing is listed first.")

    # --- nonce ------------------------------------------------------------------------------
    mism = [("different", "c29tZS1vdGhlci1ub25jZQ", {}),
            ("case", NONCE.lower(), {}),
            ("trailing-space", NONCE + " ", {}),
            ("empty", "", {}),
            ("block", "c29tZS1vdGhlci1ub25jZQ", {"sym": "Block"})]
    for label, n, extra in mism:
        sym = extra.get("sym", "MigratePassword")
        case("%s/nonce-mismatch-%s" % (PWD, label), PWD, "nonce.mismatch",
             http(body(PWD, [sample_action(sym)], nonce=n)), options={"nonce": NONCE})
    case("%s/nonce-escaped-equal-accepted" % PWD, PWD, "accepted",
         http(body(PWD, nonce=Raw('"\\u004d' + NONCE[1:] + '"'))), options={"nonce": NONCE},
         comment="The nonce is compared after JSON unescaping: \\u004d is M.")

    # --- warnings in accepted cases ---------------------------------------------------------
    W = "warnings/"
    case(W + "type-casing-show-validation-error", SUB, "accepted",
         http(body(SUB, [sample_action("ShowValidationError",
                                       odata_type="microsoft.graph.attributeCollectionSubmit.ShowValidationError")])),
         warnings=["warn.type-casing"])
    case(W + "type-casing-passwordsubmit", PWD, "accepted",
         http(body(PWD, [sample_action("MigratePassword", odata_type="microsoft.graph.passwordsubmit.MigratePassword")],
                   data_type="microsoft.graph.onPasswordsubmitResponseData")),
         warnings=["warn.type-casing"])
    case(W + "type-casing-response-data-upper", TOK, "accepted",
         http(body(TOK, data_type="microsoft.graph.onTokenIssuanceStartResponseDATA")),
         warnings=["warn.type-casing"])
    case(W + "type-casing-otp-lowercase-on", OTP, "accepted",
         http(body(OTP, data_type="microsoft.graph.onOtpSendResponseData")),
         warnings=["warn.type-casing"])
    case(W + "type-casing-action-all-caps", VID, "accepted",
         http(body(VID, [sample_action("Pass", odata_type=T("Pass").upper())])),
         warnings=["warn.type-casing"])
    case(W + "type-casing-otp-action-lowercase", OTP, "accepted",
         http(body(OTP, [sample_action("OtpSendContinueWithDefaultBehavior",
                                       odata_type="microsoft.graph.otpSend.continueWithDefaultBehavior")])),
         warnings=["warn.type-casing"])
    case(W + "legacy-action-alias", TOK, "accepted",
         http(body(TOK, [sample_action("LegacyProvideClaimsForToken")])),
         warnings=["warn.legacy-action-alias"])
    case(W + "legacy-action-alias-non-canonical-case", TOK, "accepted",
         http(body(TOK, [sample_action("LegacyProvideClaimsForToken", odata_type="Microsoft.Graph.ProvideClaimsForToken")])),
         warnings=["warn.legacy-action-alias", "warn.type-casing"])
    case(W + "unknown-member-claims-typo-beside-claims", TOK, "accepted",
         http(body(TOK, [Raw('{"@odata.type":%s,"claims":{"role":"admin"},"Claims":{"role":"owner"}}'
                             % js(T("ProvideClaimsForToken")))])),
         warnings=["warn.unknown-member"])
    case(W + "unknown-member-root", ACS, "accepted",
         http(body(ACS, root_extra=[("version", "1.0.0")])), warnings=["warn.unknown-member"])
    case(W + "unknown-member-data", SUB, "accepted",
         http(body(SUB, data_extra=[("correlationId", "4e1a3b9e-5b8c-4f4e-9f3c-0c7a1d2e3f40")])),
         warnings=["warn.unknown-member"])
    case(W + "unknown-member-action", OTP, "accepted",
         http(body(OTP, [sample_action("OtpSendContinueWithDefaultBehavior", action="continue")])),
         warnings=["warn.unknown-member"])
    case(W + "unknown-member-undeclared-field-not-type-checked", TOK, "accepted",
         http(body(TOK, [sample_action("ProvideClaimsForToken", inputs=5)])),
         warnings=["warn.unknown-member"],
         comment="inputs is not a field of provideClaimsForToken: an unknown member, not type-checked.")
    case(W + "unknown-member-title-on-validation-error", SUB, "accepted",
         http(body(SUB, [sample_action("ShowValidationError", title=1)])),
         warnings=["warn.unknown-member"],
         comment="showValidationError declares no title: unknown member, so title:1 is not type-checked.")
    case(W + "unknown-member-nonce-under-token-issuance", TOK, "accepted",
         http(body(TOK, data_extra=[("nonce", 5)])), warnings=["warn.unknown-member"],
         comment="data.nonce is only checked with a passwordSubmit action; elsewhere it is an unknown member, not type-checked.")
    case(W + "unknown-member-api-schema-version-beside-data", TOK, "accepted",
         http(body(TOK, root_extra=[("apiSchemaVersion", "10-01-2021-preview")])),
         warnings=["warn.unknown-member"],
         comment="Entra no longer reads apiSchemaVersion; with a valid data object the body is not the legacy shape.")
    case(W + "unknown-member-in-failed", VID, "accepted",
         http(body(VID, [sample_action("Failed", reason="expired")])), warnings=["warn.unknown-member"])
    case(W + "claims-near-limit-2900", TOK, "accepted",
         http(tok_body(exact_claims(2900, keys=("employeeId", "groups")))),
         warnings=["warn.claims-near-limit"])
    case(W + "charset-iso-8859-1", ACS, "accepted",
         http(body(ACS), ctype="application/json; charset=iso-8859-1"), warnings=["warn.charset"])
    case(W + "charset-windows-1252", TOK, "accepted",
         http(body(TOK), ctype="application/json; charset=windows-1252"), warnings=["warn.charset"])
    case(W + "charset-utf-16", VID, "accepted",
         http(body(VID), ctype="application/json; charset=utf-16"), warnings=["warn.charset"],
         comment="The header says utf-16 but Entra reads the bytes as UTF-8, and they are valid UTF-8.")
    case(W + "byte-order-mark", SUB, "accepted",
         http(BOM + body(SUB).encode()), warnings=["warn.byte-order-mark"])
    case(W + "byte-order-mark-http2", PWD, "accepted",
         http(BOM + body(PWD).encode(), style="h2"), warnings=["warn.byte-order-mark"])
    case(W + "duplicate-claim-value-number-then-string", TOK, "accepted",
         http(tok_body('{"age":42,"age":"42"}')), warnings=["warn.duplicate-member"],
         comment="Duplicate members: the last one wins, so the number is never seen.")
    case(W + "duplicate-claim-value-string-then-number", TOK, "claims.value-type",
         http(tok_body('{"age":"42","age":42}')), warnings=["warn.duplicate-member"],
         comment="Duplicate members: the last one (a number) is evaluated.")
    case(W + "duplicate-data-type-wrong-then-right", ACS, "accepted",
         http(body_with([("@odata.type", RESP[TOK]), ("@odata.type", RESP[ACS]),
                         ("actions", [sample_action("StartContinueWithDefaultBehavior")])])),
         warnings=["warn.duplicate-member"])
    case(W + "duplicate-data-type-right-then-wrong", ACS, "envelope.type-wrong",
         http(body_with([("@odata.type", RESP[ACS]), ("@odata.type", RESP[TOK]),
                         ("actions", [sample_action("StartContinueWithDefaultBehavior")])])),
         warnings=["warn.duplicate-member"])
    case(W + "duplicate-data-null-then-object", SUB, "accepted",
         http(js(Obj(("data", None), ("data", {"@odata.type": RESP[SUB], "actions": [sample_action("SubmitContinueWithDefaultBehavior")]})))),
         warnings=["warn.duplicate-member"])
    case(W + "duplicate-data-object-then-null", SUB, "envelope.data-missing",
         http(js(Obj(("data", {"@odata.type": RESP[SUB], "actions": [sample_action("SubmitContinueWithDefaultBehavior")]}), ("data", None)))),
         warnings=["warn.duplicate-member"])
    case(W + "duplicate-actions-two-then-one", OTP, "accepted",
         http(body_with([("@odata.type", RESP[OTP]),
                         ("actions", [sample_action("OtpSendContinueWithDefaultBehavior")] * 2),
                         ("actions", [sample_action("OtpSendContinueWithDefaultBehavior")])])),
         warnings=["warn.duplicate-member"])
    case(W + "duplicate-escaped-key-claims", TOK, "accepted",
         http(body(TOK, [Raw('{"@odata.type":%s,"claims":{"a":1},"cl\\u0061ims":{"a":"1"}}'
                             % js(T("ProvideClaimsForToken")))])),
         warnings=["warn.duplicate-member"],
         comment="Member names are compared after unescaping: cl\\u0061ims is claims, a duplicate whose last value wins.")
    case(W + "duplicate-nonce-wrong-then-right", PWD, "accepted",
         http(body_with([("@odata.type", RESP[PWD]), ("actions", [sample_action("Retry")]),
                         ("nonce", "stale"), ("nonce", NONCE)])),
         warnings=["warn.duplicate-member"], options={"nonce": NONCE})
    case(W + "duplicate-action-type-last-wins", TOK, "action.wrong-event",
         http(body(TOK, [Raw('{"@odata.type":%s,"@odata.type":%s,"claims":{}}' % (
             js(T("ProvideClaimsForToken")), js(T("OtpSendContinueWithDefaultBehavior"))))])),
         warnings=["warn.duplicate-member", "warn.unknown-member"],
         comment="The last @odata.type (an emailOtpSend action) decides; its claims member is undeclared, so unknown.")
    case(W + "claim-key-whitespace", TOK, "accepted",
         http(tok_body('{" ":"value","role":"admin"}')), warnings=["warn.claim-key-whitespace"])
    case(W + "claim-key-whitespace-escaped-tab", TOK, "accepted",
         http(tok_body('{"\\t\\n":"value"}')), warnings=["warn.claim-key-whitespace"])
    case(W + "looks-like-error-beside-valid-data", TOK, "accepted",
         http(body(TOK, root_extra=[("error", {"code": "PartialFailure", "message": "Groups lookup timed out"})])),
         warnings=["warn.looks-like-error", "warn.unknown-member"],
         comment="A root error member beside a valid data object: accepted, but it looks like an error report.")
    case(W + "content-length-too-large", ACS, "accepted",
         http(body(ACS), style="kestrel", content_length=len(body(ACS)) + 100),
         warnings=["warn.content-length-mismatch"])
    case(W + "content-length-too-small", VID, "accepted",
         http(body(VID), style="express", content_length=10),
         warnings=["warn.content-length-mismatch"])
    case(W + "content-length-mismatch-truncated-capture", SUB, "json.invalid",
         http(body(SUB)[:40], style="kestrel", content_length=len(body(SUB))),
         warnings=["warn.content-length-mismatch"])
    case(W + "elapsed-near-timeout-900", OTP, "accepted", http(body(OTP)),
         warnings=["warn.elapsed-near-timeout"], options={"elapsed_ms": 900})
    case(W + "elapsed-near-timeout-1700-of-2000", PWD, "accepted", http(body(PWD)),
         warnings=["warn.elapsed-near-timeout"], options={"timeout_ms": 2000, "elapsed_ms": 1700})

    # --- captures: chunked bodies saved with their framing (rulebook 4a) ---------------------
    C = "capture/"

    def chunked(body_, sizes, ext="", trailers=(), content_length=None):
        """A response whose body is saved with its chunk framing (curl --raw): chunks of the given
        sizes (the rest in a last one), `ext` after each chunk size, trailer field lines."""
        data = body_.encode("utf-8") if isinstance(body_, str) else body_
        framing, i = b"", 0
        for n in list(sizes) + [len(data)]:
            piece = data[i:i + n]
            i += len(piece)
            if piece:
                framing += b"%x%s\r\n%s\r\n" % (len(piece), ext.encode(), piece)
        framing += b"0\r\n" + b"".join(t.encode() + b"\r\n" for t in trailers) + b"\r\n"
        extra = [] if content_length is None else [("Content-Length", str(content_length))]
        return http(b"", style="functions", extra=extra) + framing

    CHUNKED = ["warn.chunked-decoded"]
    case(C + "chunked-framing-decoded-accepted", TOK, "accepted",
         chunked(body(TOK), [7, 16, 5]), warnings=CHUNKED)
    case(C + "chunked-extensions-and-trailers-accepted", SUB, "accepted",
         chunked(body(SUB, [sample_action("ShowValidationError")]), [64], ext=';name="caf\\"e";x',
                 trailers=["Server-Timing: total;dur=12", "X-Checksum:"]), warnings=CHUNKED)
    case(C + "chunked-decoded-at-size-limit-accepted", VID, "accepted",
         chunked(padded(VID, 1024), [100] * 9), warnings=CHUNKED, options={"max_response_bytes": 1024},
         comment="1024 decoded bytes in 1100 bytes of framing: rule 3 counts the decoded body, as Entra reads it.")
    case(C + "chunked-decoded-too-large", VID, "body.too-large",
         chunked(padded(VID, 1025), [512]), warnings=CHUNKED, options={"max_response_bytes": 1024})
    case(C + "chunked-decoded-then-invalid-claims", TOK, "claims.value-type",
         chunked(tok_body('{"age":42}'), [30]), warnings=CHUNKED,
         comment="Offsets index the decoded body.")
    case(C + "chunked-content-length-of-framing", ACS, "accepted",
         chunked(body(ACS), [20], content_length=len(body(ACS)) + 100),
         warnings=CHUNKED + ["warn.content-length-mismatch"],
         comment="Content-Length is compared with the decoded body.")
    lf_framing = chunked(body(OTP), [10]).replace(b"\r\n", b"\n")
    case(C + "chunked-lf-framing-taken-as-is", OTP, "json.invalid", lf_framing,
         comment="LF line ends are not RFC 9112 chunked framing: the body is taken as it stands.")
    case(C + "chunked-missing-last-chunk-taken-as-is", PWD, "json.invalid",
         chunked(body(PWD), [40])[:-len(b"0\r\n\r\n")],
         comment="Without the last chunk the framing is incomplete: the body is taken as it stands.")
    case(C + "chunked-json-as-curl-saves-it", ACS, "accepted",
         http(body(ACS, [sample_action("StartShowBlockPage")]), style="functions"),
         comment="curl -si removes the framing and keeps the header: a JSON body is taken as it stands, no warning.")

    # --- fine points ------------------------------------------------------------------------
    F = "fine-points/"
    case(F + "null-optional-attribute-errors", SUB, "accepted",
         http(body(SUB, [sample_action("ShowValidationError", attributeErrors=None)])),
         comment="A null optional field is as if absent.")
    case(F + "null-optional-block-title-and-message", ACS, "accepted",
         http(body(ACS, [sample_action("StartShowBlockPage", title=None, message=None)])))
    case(F + "null-optional-password-block-title", PWD, "accepted",
         http(body(PWD, [sample_action("Block", title=None)])))
    case(F + "escaped-odata-type-value", TOK, "accepted",
         http(body(TOK, data_type=Raw('"microsoft.graph.on\\u0054okenIssuanceStartResponseData"'))),
         comment="@odata.type is compared after JSON unescaping: \\u0054 is T, the canonical spelling.")
    case(F + "escaped-odata-type-key", SUB, "accepted",
         http(js(Obj(("data", Obj((Raw('"@odata\\u002etype"'), RESP[SUB]),
                                  ("actions", [sample_action("SubmitContinueWithDefaultBehavior")])))))),
         comment="Member names are compared after JSON unescaping: @odata\\u002etype is @odata.type.")
    case(F + "escaped-action-type-and-unknown-member", VID, "accepted",
         http(body(VID, [sample_action("Pass", odata_type=Raw('"microsoft.graph.verifiedIdClaimValidation\\u002epass"'))],
                   root_extra=[("link", Raw('"https:\\/\\/contoso.com"'))])),
         warnings=["warn.unknown-member"])
    case(F + "message-empty-string-block", SUB, "accepted",
         http(body(SUB, [sample_action("SubmitShowBlockPage", title="", message="")])))
    case(F + "crlf-inside-json-body", ACS, "accepted",
         http(body(ACS, [sample_action("SetPrefillValues")], indent=2).replace("\n", "\r\n")))
    case(F + "header-value-padding", OTP, "accepted",
         b"HTTP/1.1 200 OK\r\nContent-Type:    application/json   \r\nContent-Length: %d\r\n\r\n"
         % len(body(OTP).encode()) + body(OTP).encode())
    case(F + "repeated-other-headers-fine", TOK, "accepted",
         http(body(TOK), style="kestrel", extra=[("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"),
                                                 ("Vary", "Accept"), ("Vary", "Origin")]),
         comment="Only a repeated Content-Type is malformed; other repeated headers are fine.")
    case(F + "status-200-no-reason", VID, "accepted",
         b"HTTP/1.1 200\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
         % len(body(VID).encode()) + body(VID).encode())
    case(F + "json-whitespace-around-body", PWD, "accepted",
         http(" \t\r\n" + body(PWD) + "\r\n\r\n"))

    # --- precedence -------------------------------------------------------------------------
    P = "precedence/"
    # number claim value (1003003) vs empty claim key (1003026)
    case(P + "claim-number-before-empty-key", TOK, "claims.value-type",
         http(tok_body('{"age":42,"":"x"}')))
    case(P + "empty-key-before-claim-number", TOK, "claims.value-type",
         http(tok_body('{"":"x","age":42}')))
    # two actions (1003010) vs wrong-event action (1003012)
    case(P + "two-actions-wrong-event-first", ACS, "actions.count-not-one",
         http(body(ACS, [sample_action("ProvideClaimsForToken"), sample_action("StartContinueWithDefaultBehavior")])))
    case(P + "two-actions-wrong-event-last", ACS, "actions.count-not-one",
         http(body(ACS, [sample_action("StartContinueWithDefaultBehavior"), sample_action("ProvideClaimsForToken")])))
    case(P + "two-actions-both-wrong-event", VID, "actions.count-not-one",
         http(body(VID, [sample_action("Retry"), sample_action("Block")])))
    # claims too large (1003025) vs empty key (1003026)
    big_claims = exact_claims(MAX_CLAIMS + 500, keys=("payload",))
    case(P + "too-large-then-empty-key", TOK, "claims.key-empty",
         http(tok_body(big_claims[:-1] + ',"":"x"}')))
    case(P + "empty-key-then-too-large", TOK, "claims.key-empty",
         http(tok_body('{"":"x",' + big_claims[1:])))
    # wrong data @odata.type (1003003) vs two actions (1003010)
    two = [sample_action("ProvideClaimsForToken"), sample_action("ProvideClaimsForToken")]
    case(P + "wrong-data-type-before-two-actions", TOK, "envelope.type-wrong",
         http(body_with([("@odata.type", RESP[ACS]), ("actions", two)])))
    case(P + "two-actions-before-wrong-data-type", TOK, "envelope.type-wrong",
         http(body_with([("actions", two), ("@odata.type", RESP[ACS])])))
    # status decides before the body
    case(P + "status-500-invalid-body", SUB, "status.not-200",
         http('{"error": "boom",', status=500))
    case(P + "status-500-text-html", OTP, "status.not-200",
         http("<h1>Oops</h1>", status=500, ctype="text/html"))
    case(P + "status-503-empty-body-no-content-type", PWD, "status.not-200",
         http("", status=503, ctype=None))
    case(P + "status-400-too-large", VID, "status.not-200",
         http(b"x" * (MAX_RESPONSE + 10), status=400, ctype="text/plain"))
    # content type decides before size, emptiness and JSON
    case(P + "text-plain-empty-body", TOK, "content-type.not-json", http("", ctype="text/plain"))
    case(P + "no-content-type-empty-body", ACS, "content-type.missing", http("", ctype=None))
    case(P + "text-html-too-large", SUB, "content-type.not-json",
         http(b"<p>" + b"x" * MAX_RESPONSE + b"</p>", ctype="text/html"))
    case(P + "repeated-content-type-null-body", OTP, "content-type.repeated",
         http("null", ctype=["application/json", "application/json"]))
    # size decides before JSON
    case(P + "too-large-invalid-json", PWD, "body.too-large",
         http(b'{"data":' + b"[" * (MAX_RESPONSE + 1)))
    case(P + "too-large-invalid-utf8", VID, "body.too-large",
         http(b'{"x":"' + b"\xff" * MAX_RESPONSE + b'"}'))
    # emptiness before JSON
    case(P + "bom-whitespace-is-empty-not-invalid", TOK, "body.empty",
         http(BOM + b"\r\n"), warnings=["warn.byte-order-mark"])
    # parse errors before the shape
    case(P + "invalid-json-in-legacy-shape", TOK, "json.invalid", http(legacy[:-2]), warnings=UNKNOWN)
    case(P + "invalid-utf8-late-after-trailing-comma", ACS, "json.invalid",
         http(body(ACS, [sample_action("SetPrefillValues", inputs=OrderedDict([("a", ["x", Raw("")]), ("b", "@@")]))]
                   ).encode().replace(b"@@", b"\xff")),
         comment="Judgment call: a reader stops at its first error, so among json.* rules byte order decides: a trailing comma early, invalid UTF-8 later is json.invalid.")
    case(P + "number-too-large-then-trailing-comma", SUB, "json.number-too-large",
         http(body(SUB, [sample_action("ModifyAttributeValues", attributes={"n": Raw("1e999999")})])[:-1] + ",}"),
         comment="Judgment call: among json.* rules byte order decides (a reader stops at its first error): the huge number comes before the trailing comma.")
    case(P + "deep-nesting-then-invalid-utf8", TOK, "json.too-deep",
         http(body(TOK, root_extra=[("debug", Raw(deep_array(70))), ("note", "@@")]).encode().replace(b"@@", b"\xc0\x80")),
         warnings=UNKNOWN,
         comment="Judgment call: among json.* rules byte order decides (a reader stops at its first error): too-deep nesting before invalid UTF-8 is json.too-deep.")
    # within rule 5: the rule listed first decides
    case(P + "error-member-and-data-string", TOK, "envelope.data-missing",
         http('{"error":"x","data":"y"}'), warnings=["warn.looks-like-error", "warn.unknown-member"])
    case(P + "actions-before-wrong-data-type-bad-claim", TOK, "envelope.type-wrong",
         http(body_with([("actions", [claims_action('{"n":1}')]), ("@odata.type", "microsoft.graph.wrong")])))
    case(P + "not-object-before-unknown-type", OTP, "action.not-object",
         http(body(OTP, [sample_action("OtpSendContinueWithDefaultBehavior", odata_type="bogus"), 1])),
         comment="action.not-object is listed before action.type-unknown, whatever the order of the elements.")
    case(P + "unknown-type-before-not-object", OTP, "action.not-object",
         http(body(OTP, [1, sample_action("OtpSendContinueWithDefaultBehavior", odata_type="bogus")])))
    case(P + "bad-claim-value-in-second-of-two-actions", TOK, "claims.value-type",
         http(body(TOK, [sample_action("ProvideClaimsForToken"), claims_action('{"n":1}')])))
    case(P + "bad-claim-value-in-first-of-two-actions", TOK, "claims.value-type",
         http(body(TOK, [claims_action('{"n":1}'), sample_action("ProvideClaimsForToken")])))
    case(P + "wrong-type-field-beats-claim-value", TOK, "field.wrong-type",
         http(body(TOK, [claims_action('{"n":true}'), sample_action("ProvideClaimsForToken", claims=[])])),
         comment="field.wrong-type is listed before claims.value-unsupported; the action order does not matter.")
    # wrong-event action with a badly typed field of that action
    case(P + "wrong-event-action-bad-field-type", TOK, "field.wrong-type",
         http(body(TOK, [sample_action("ShowValidationError", message=42)])))
    case(P + "wrong-event-action-bad-failed-claims", ACS, "field.wrong-type",
         http(body(ACS, [sample_action("Failed", failedClaims="dateOfBirth")])))
    case(P + "wrong-event-action-bad-attribute-value", PWD, "attributes.value-type",
         http(body(PWD, [sample_action("ModifyAttributeValues", attributes={"a": None})])), warnings=UNKNOWN)
    # wrong event (1003012) before claims and required checks
    case(P + "wrong-event-before-nonce-missing", PWD, "action.wrong-event",
         http(body(PWD, [sample_action("SetPrefillValues")], nonce=DROP)), options={"nonce": NONCE})
    # claims checks (8-10) before rule 11; empty key vs a missing required field elsewhere
    case(P + "empty-claim-key-with-expected-nonce-absent", TOK, "claims.key-empty",
         http(tok_body('{"":"x"}')), options={"nonce": NONCE},
         comment="The nonce= option matters only for passwordSubmit; rule 9 decides.")
    case(P + "claims-missing-last-duplicate", TOK, "claims.missing",
         http(body(TOK, [Raw('{"@odata.type":%s,"claims":{"":"x"},"claims":null}' % js(T("ProvideClaimsForToken")))])),
         warnings=["warn.duplicate-member"],
         comment="Duplicate claims members: the last (null) wins, so claims is missing (rule 8), not an empty key (rule 9).")
    case(P + "claims-empty-key-last-duplicate", TOK, "claims.key-empty",
         http(body(TOK, [Raw('{"@odata.type":%s,"claims":null,"claims":{"":"x"}}' % js(T("ProvideClaimsForToken")))])),
         warnings=["warn.duplicate-member"])
    # nonce vs claims
    case(P + "nonce-mismatch-with-undeclared-claims", PWD, "nonce.mismatch",
         http(body(PWD, [sample_action("Retry", claims={"": "x"})], nonce="other")),
         warnings=["warn.unknown-member"], options={"nonce": NONCE},
         comment="claims is not a field of Retry: an unknown member, never checked; the nonce mismatch decides.")
    case(P + "undeclared-claims-with-nonce-mismatch-first", PWD, "nonce.mismatch",
         http(body_with([("nonce", "other"), ("@odata.type", RESP[PWD]),
                         ("actions", [sample_action("Retry", claims={"": "x"})])])),
         warnings=["warn.unknown-member"], options={"nonce": NONCE})
    case(P + "claims-too-large-with-nonce-mismatch", TOK, "claims.too-large",
         http(tok_body(exact_claims(MAX_CLAIMS + 1), data_extra=[("nonce", "other")])),
         warnings=UNKNOWN, options={"nonce": NONCE})
    case(P + "nonce-number-with-expected-nonce", PWD, "field.wrong-type",
         http(body(PWD, nonce=1)), options={"nonce": NONCE},
         comment="A number nonce is a type error (rule 5) before any comparison (rule 11).")
    case(P + "two-actions-nonce-mismatch", PWD, "actions.count-not-one",
         http(body(PWD, [sample_action("Retry"), sample_action("Block")], nonce="other")),
         options={"nonce": NONCE})
    case(P + "required-missing-vs-second-action", SUB, "actions.count-not-one",
         http(body(SUB, [sample_action("ShowValidationError", message=DROP),
                         sample_action("SubmitContinueWithDefaultBehavior")])))
    # transport before everything
    case(P + "connection-failed-with-invalid-body", ACS, "transport.connection-failed",
         http("{", status=500, ctype="text/plain"), options={"transport": "connection-failed"})
    case(P + "timed-out-with-content-type-missing", SUB, "transport.timed-out",
         http(body(SUB), ctype=None), options={"transport": "timed-out"})

    # --- Found by fuzzing (fuzz_differential): the inputs that once made the engines disagree.
    F = "fuzz-findings/"
    TOKEN_TYPE = '"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData"'
    PROVIDE = '{"@odata.type":"microsoft.graph.tokenIssuanceStart.provideClaimsForToken","claims":{}}'
    case(F + "duplicate-member-before-odata-type", TOK, "accepted",
         http('{"data":{"a":0,"a":1,' + TOKEN_TYPE + ',"actions":[' + PROVIDE + ']}}'),
         warnings=["warn.unknown-member"],
         comment="Fuzz finding: the schema engine once erased @odata.type while removing an earlier duplicate member.")
    case(F + "nonce-member-outside-passwordSubmit", TOK, "accepted",
         http('{"data":{' + TOKEN_TYPE + ',"actions":[' + PROVIDE + '],"nonce":"other"}}'),
         warnings=["warn.unknown-member"], options={"nonce": "MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3A"},
         comment="Fuzz finding: data.nonce is compared only when an action requires it (passwordSubmit); elsewhere it is an unknown member.")
    case(F + "raw-escape-byte-in-claim-string", TOK, "json.invalid",
         http(('{"data":{' + TOKEN_TYPE + ',"actions":[{"@odata.type":"microsoft.graph.tokenIssuanceStart.'
               'provideClaimsForToken","claims":{"groups":["g000-' + "x" * 40 + '@@' + "x" * 40 + '"]}}]}}'
               ).encode().replace(b"@@", b"\x1b")),
         comment="Fuzz finding: RapidJSON 1.1.0's SSE2 string scanner lets raw bytes 0x1A-0x1F through; such bodies take the scalar parse.")

    # Appended last: the header style rotates case by case, so earlier cases keep their bytes.
    case("precedence/oversized-undeclared-claims-accepted", ACS, "accepted",
         http(body(ACS, [sample_action("StartContinueWithDefaultBehavior",
                                       claims=json.loads(exact_claims(MAX_CLAIMS + 1),
                                                         object_pairs_hook=OrderedDict))])),
         warnings=UNKNOWN,
         comment=("Rule 10 counts the claims of an action that declares them (provideClaimsForToken): a "
                  "3 KB claims member of continueWithDefaultBehavior is ignored by Entra, an unknown member."))


    # A value followed by a colon where "," or "}" must come (found by differential fuzzing of
    # the hot path, which once left such a string unconsumed): invalid JSON wherever it sits.
    case("json/invalid-colon-after-claim-string-tokenIssuanceStart", TOK, "json.invalid",
         http(tok_body('{"city":"Seattle":G}')))
    sub_action = '{"@odata.type":%s,"attributes":{"city":"Seatt":G}}' % js(T("ModifyAttributeValues"))
    case("json/invalid-colon-after-attribute-string-attributeCollectionSubmit", SUB, "json.invalid",
         http(body(SUB, [Raw(sub_action)])))
    prefill = '{"@odata.type":%s,"inputs":{"age":42:G}}' % js(T("SetPrefillValues"))
    case("json/invalid-colon-after-input-number-attributeCollectionStart", ACS, "json.invalid",
         http(body(ACS, [Raw(prefill)])))
    case("json/invalid-colon-after-data-type-tokenIssuanceStart", TOK, "json.invalid",
         http(body(TOK, [sample_action("ProvideClaimsForToken")],
                   data_type=Raw('"microsoft.graph.onTokenIssuanceStartResponseData":1'))))

    # Found by differential fuzzing: a number rounding to infinity before an invalid UTF-8 byte.
    # The first fault in byte order decides; the fast path once read the number's text from the
    # wrong place on its validating (non-UTF-8) parse and missed it.
    case("fuzz-findings/infinite-number-before-invalid-utf8", TOK, "json.number-too-large",
         http((tok_body('{"dateOfBirth":"01/01/2000"}')[:-1] + ',"maxAge":1.7976931348623159e308}'
               ).encode() + b"\xff"),
         warnings=["warn.unknown-member"])

# ---------------------------------------------------------------------------------------------

def sanitize(path):
    return re.sub(r"[^A-Za-z0-9_]", "_", path[:-len(".http")] if path.endswith(".http") else path)


def manifest_text():
    lines = ["file\tevent\texpect\trule\twarnings\toptions",
             "# Golden cases of entracheck, generated by scripts/make_golden_cases.py: edit the script,",
             "# not this file. Columns: file (relative to tests/cases), event, expect (accepted or the",
             "# 1003xxx code), rule (the rule id that must fire), warnings (exactly the warning ids the",
             "# verdict reports, or -), options (- or key=value;... among nonce, elapsed_ms,",
             "# timeout_ms, max_response_bytes, max_claims_bytes, transport). A '#' line above a case",
             "# explains a judgment call the rulebook leaves open."]
    for path, ev, rule, _, warnings, options, comment in CASES:
        if comment:
            lines.append("# " + comment)
        code = RULE_BY_ID[rule]["code"]
        expect = "accepted" if rule == "accepted" else str(code)
        opts = ";".join("%s=%s" % (k, v) for k, v in options.items()) or "-"
        lines.append("\t".join([path, ev, expect, rule, ",".join(warnings) or "-", opts]))
    return "\n".join(lines) + "\n"


GITATTRIBUTES = ("# Golden cases are byte-exact HTTP captures (CRLF, invalid UTF-8, BOMs): never convert.\n"
                 "*.http -text\n")


# Warnings decided before the body is read (checker.cpp check_before_body).
PRE_BODY_WARNINGS = {"warn.content-length-mismatch", "warn.elapsed-near-timeout", "warn.charset",
                     "warn.byte-order-mark", "warn.chunked-decoded"}


def validate():
    problems = []
    paths = set()
    names = set()
    for path, ev, rule, raw, warnings, options, _ in CASES:
        if path in paths:
            problems.append("duplicate path " + path)
        paths.add(path)
        n = sanitize(path)
        if n in names:
            problems.append("duplicate test name " + n)
        names.add(n)
        for k, v in options.items():
            if k not in ("nonce", "elapsed_ms", "timeout_ms", "max_response_bytes",
                         "max_claims_bytes", "transport") or ";" in str(v) or "\t" in str(v):
                problems.append("%s: bad option %s" % (path, k))
        oracle = Oracle(raw, ev, options)
        got_rule, got_warn = oracle.run()
        if got_rule != rule:
            problems.append("%s: expected %s, the model says %s" % (path, rule, got_rule))
        # Exactly: a warning the model sees that the case does not list is a disagreement too.
        listed = set(warnings)
        if not oracle.body_warnings_modelled:
            # After a reader error only the warnings decided before the body are modelled.
            listed = {w for w in listed if w in PRE_BODY_WARNINGS}
        if listed != set(got_warn):
            problems.append("%s: the case lists warnings %s, the model sees %s" %
                            (path, sorted(set(warnings)), sorted(got_warn)))
    used_rules = {c[2] for c in CASES}
    accepted_warnings = {w for c in CASES if c[2] == "accepted" for w in c[4]}
    for r in RULES:
        if r["kind"] in ("error", "accepted") and r["id"] not in used_rules:
            problems.append("no case for rule " + r["id"])
        if r["kind"] == "warning" and r["id"] not in accepted_warnings:
            problems.append("no accepted case lists warning " + r["id"])
    for ev in EVENTS:
        if sum(1 for c in CASES if c[1] == ev and c[2] == "accepted") < 3:
            problems.append("fewer than 3 accepted cases for " + ev)
    if len(CASES) < 220:
        problems.append("only %d cases" % len(CASES))
    return problems


def stats():
    by_event = OrderedDict((e, 0) for e in EVENTS)
    by_rule = OrderedDict((r["id"], 0) for r in RULES)
    by_rule_event = {}
    for _, ev, rule, _, warnings, _, _ in CASES:
        by_event[ev] += 1
        by_rule[rule] += 1
        by_rule_event.setdefault(rule, set()).add(ev)
        for w in warnings:
            by_rule[w] += 1
    print("%d cases" % len(CASES))
    for e, n in by_event.items():
        print("  %-28s %d" % (e, n))
    for r, n in by_rule.items():
        evs = by_rule_event.get(r, set())
        print("  %-30s %3d  %s" % (r, n, "all events" if len(evs) == len(EVENTS) else
                                     ",".join(e for e in EVENTS if e in evs)))


def main(argv):
    build_cases()
    problems = validate()
    if problems:
        for p in problems:
            print("error: " + p, file=sys.stderr)
        return 1
    files = OrderedDict()
    for path, _, _, raw, _, _, _ in CASES:
        files[path] = raw
    files["cases.tsv"] = manifest_text().encode("utf-8")
    files[".gitattributes"] = GITATTRIBUTES.encode("utf-8")
    stale = []
    for dirpath, _, filenames in os.walk(CASES_DIR):
        for f in filenames:
            rel = os.path.relpath(os.path.join(dirpath, f), CASES_DIR).replace(os.sep, "/")
            if rel.endswith(".http") and rel not in files:
                stale.append(rel)
    if "--check" in argv:
        differ = list(stale)
        for rel, data in files.items():
            p = os.path.join(CASES_DIR, rel)
            if not os.path.exists(p) or open(p, "rb").read() != data:
                differ.append(rel)
        for rel in differ:
            print("out of date: tests/cases/" + rel, file=sys.stderr)
        return 1 if differ else 0
    for rel in stale:
        os.remove(os.path.join(CASES_DIR, rel))
    for rel, data in files.items():
        p = os.path.join(CASES_DIR, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        if os.path.exists(p) and open(p, "rb").read() == data:
            continue
        with open(p, "wb") as f:
            f.write(data)
    for dirpath, dirnames, filenames in os.walk(CASES_DIR, topdown=False):
        if dirpath != CASES_DIR and not os.listdir(dirpath):
            os.rmdir(dirpath)
    if "--stats" in argv:
        stats()
    else:
        print("wrote %d cases to tests/cases" % len(CASES))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
