#!/usr/bin/env python3
"""Tests the JSON Schema files of schemas/ (written by scripts/generate.py).

    python3 tests/schemas_test.py [-v]

Checks, in order:
  1. the generator's --check passes (the committed files are what the generator writes);
  2. schemas/meta/draft-07.schema.json is the draft-07 meta-schema (same content as the one
     jsonschema bundles), and every schema validates against it;
  3. keywords: no "pattern" or "format" anywhere, only the allowed draft-07 keywords, no $ref
     leaving its file;
  4. every response schema has every layer, in the rulebook's order in its top-level allOf;
  5. hand-written documents: the first failing layer names the expected rule, and a document
     with one fault fails that one layer only; typical requests and extension configurations
     pass their schemas, broken ones fail;
  6. the golden cases of tests/cases/cases.tsv and the examples of examples/<event>/: for
     status-200 responses whose expected rule a schema can express, the first failing layer
     names that rule (accepted: every layer and the whole schema pass).

Needs Python 3 and jsonschema (Debian: python3-jsonschema). Prints "N passed, M failed,
K skipped" and exits 1 on any failure.
"""

import json
import os
import re
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print("schemas_test: the jsonschema module is missing "
          "(apt-get install python3-jsonschema, or pip install jsonschema)", file=sys.stderr)
    sys.exit(2)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMAS = os.path.join(REPO, "schemas")
CASES_DIR = os.path.join(REPO, "tests", "cases")
EXAMPLES_DIR = os.path.join(REPO, "examples")
VERBOSE = "-v" in sys.argv[1:]

LEGACY_RULE = "envelope.legacy-shape"

ALLOWED_KEYWORDS = {
    "type", "properties", "required", "additionalProperties", "items", "enum", "const",
    "minItems", "maxItems", "minLength", "propertyNames", "not", "allOf", "anyOf", "oneOf",
    "if", "then", "else", "contains", "$ref", "definitions", "title", "description", "$id",
    "$schema", "$comment", "default", "examples",
}
# extension-config.schema.json also bounds an integer (timeoutInMilliseconds 200..2000).
EXTRA_KEYWORDS = {"extension-config.schema.json": {"minimum", "maximum"}}
FORBIDDEN_KEYWORDS = {"pattern", "format", "patternProperties"}

# Keywords whose value is a schema, a list of schemas, or a map of name to schema.
SCHEMA_VALUED = {"additionalProperties", "items", "propertyNames", "not", "if", "then", "else",
                 "contains", "additionalItems"}
SCHEMA_LISTS = {"allOf", "anyOf", "oneOf"}
SCHEMA_MAPS = {"properties", "definitions", "patternProperties", "dependencies"}


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.skipped = 0

    def ok(self, name):
        self.passed += 1
        if VERBOSE:
            print("ok   %s" % name)

    def fail(self, name, why):
        self.failed += 1
        print("FAIL %s: %s" % (name, why))

    def skip(self, name, why):
        self.skipped += 1
        if VERBOSE:
            print("skip %s: %s" % (name, why))

    def check(self, name, condition, why):
        if condition:
            self.ok(name)
        else:
            self.fail(name, why)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


EVENTS = load(os.path.join(SCHEMAS, "events.json"))
RULES = {r["id"]: r for r in load(os.path.join(SCHEMAS, "rules.json"))["rules"]}
# The layers and the rule each stands for, in precedence order, as rules.json's "checked_by"
# names them; the generator reads the same field.
LAYERS = [(r["checked_by"][len("schema:"):], r["id"])
          for r in load(os.path.join(SCHEMAS, "rules.json"))["rules"]
          if r["checked_by"].startswith("schema:layer.")]
LAYER_OF_RULE = {rule: name for name, rule in LAYERS}
SCHEMA_RULES = set(LAYER_OF_RULE) | {LEGACY_RULE, "accepted"}
EVENT_NAMES = [e["name"] for e in EVENTS["events"]]


# --------------------------------------------------------------------------------------------
# Normalisation and parsing, as the README tells users to do before validating

ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def ascii_lower(text):
    return text.translate(ASCII_LOWER)


CANONICAL_DATA_TYPES = {ascii_lower(e["response_data_type"]): e["response_data_type"]
                        for e in EVENTS["events"]}
CANONICAL_ACTION_TYPES = {ascii_lower(a["type"]): a["type"]
                          for e in EVENTS["events"] for a in e["actions"]}


def normalise(doc):
    """Replaces data.@odata.type and each action's @odata.type by the canonical spelling they
    match case-insensitively (ASCII letters only). Changes `doc` in place and returns it."""
    data = doc.get("data") if isinstance(doc, dict) else None
    if isinstance(data, dict):
        t = data.get("@odata.type")
        if isinstance(t, str):
            data["@odata.type"] = CANONICAL_DATA_TYPES.get(ascii_lower(t), t)
        actions = data.get("actions")
        if isinstance(actions, list):
            for action in actions:
                if isinstance(action, dict) and isinstance(action.get("@odata.type"), str):
                    t = action["@odata.type"]
                    action["@odata.type"] = CANONICAL_ACTION_TYPES.get(ascii_lower(t), t)
    return doc


def _no_constant(name):
    raise ValueError("not JSON: %s" % name)


def parse_body(body):
    """bytes -> (document, None) or (None, reason). UTF-8 only, a leading BOM removed,
    duplicate member names keep the last value (as Entra does)."""
    if body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        return None, "invalid UTF-8 (%s)" % e
    if not text.strip(" \t\r\n"):
        return None, "empty body"
    try:
        doc = json.loads(text, object_pairs_hook=dict, parse_constant=_no_constant)
    except (ValueError, RecursionError) as e:
        return None, "invalid JSON (%s)" % e
    return doc, None


STATUS_LINE = re.compile(rb"HTTP/[0-9.]+[ \t]+([0-9]{3})")


def split_http(raw):
    """A raw HTTP response -> (status, body); interim 1xx blocks skipped. (None, None) when the
    bytes are not an HTTP response."""
    while True:
        m = STATUS_LINE.match(raw)
        if not m:
            return None, None
        status = int(m.group(1))
        ends = [(i, n) for i, n in ((raw.find(b"\r\n\r\n"), 4), (raw.find(b"\n\n"), 2)) if i >= 0]
        body = raw[min(ends)[0] + min(ends)[1]:] if ends else b""
        if 100 <= status < 200 and ends:
            raw = body
            continue
        head = raw[:min(ends)[0]] if ends else raw
        codings = [c.strip(b" \t").lower() for line in re.split(rb"\r?\n", head)[1:]
                   if line.lower().startswith(b"transfer-encoding:") for c in line[18:].split(b",")]
        codings = [c for c in codings if c]
        if codings and codings[-1] == b"chunked":
            decoded = dechunk(body)
            if decoded is not None:
                body = decoded
        return status, body


_TOKEN_B = rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_CHUNK_SIZE_LINE = re.compile(rb"([0-9A-Fa-f]+)(?:[ \t]*;[ \t]*" + _TOKEN_B + rb"(?:[ \t]*=[ \t]*(?:" + _TOKEN_B +
                              rb'|"(?:[\t \x21\x23-\x5b\x5d-\x7e\x80-\xff]|\\[\t \x21-\x7e\x80-\xff])*"))?)*\r\n')


def dechunk(body):
    """The data of a well-formed RFC 9112 chunked body (as the library decodes it), else None."""
    i, out = 0, b""
    while True:
        m = _CHUNK_SIZE_LINE.match(body, i)
        if not m:
            return None
        size, i = int(m.group(1), 16), m.end()
        if size == 0:
            break
        if body[i + size:i + size + 2] != b"\r\n":
            return None
        out, i = out + body[i:i + size], i + size + 2
    trailer = re.compile(_TOKEN_B + rb":[\t \x21-\x7e\x80-\xff]*\r\n")
    while body[i:i + 2] != b"\r\n":
        m = trailer.match(body, i)
        if not m:
            return None
        i = m.end()
    return out if i + 2 == len(body) else None


# --------------------------------------------------------------------------------------------
# Schema evaluation

_schemas = {}
_validators = {}


def response_schema(event):
    if event not in _schemas:
        _schemas[event] = load(os.path.join(SCHEMAS, event + ".response.schema.json"))
    return _schemas[event]


def validator(event, definition):
    """A validator for one definition, wrapped as the C++ reference checker does. definition None
    means the whole file."""
    key = (event, definition)
    if key not in _validators:
        schema = response_schema(event)
        if definition is not None:
            schema = {"definitions": schema["definitions"],
                      "$ref": "#/definitions/" + definition}
        _validators[key] = jsonschema.Draft7Validator(schema)
    return _validators[key]


def failing_layers(event, doc):
    return [name for name, _ in LAYERS if not validator(event, name).is_valid(doc)]


def verdict(event, doc):
    """The rule the schemas give: the first failing layer's, or "accepted"."""
    for name, rule in LAYERS:
        if not validator(event, name).is_valid(doc):
            if name == "layer.data-object" and validator(event, "shape.legacy").is_valid(doc):
                return LEGACY_RULE
            return rule
    return "accepted"


def check_document(results, label, event, doc, expected, single_fault=False):
    got = verdict(event, doc)
    whole = validator(event, None).is_valid(doc)
    if got != expected:
        layers = failing_layers(event, doc)
        results.fail(label, "expected %s, schemas say %s (failing layers: %s)"
                     % (expected, got, ", ".join(layers) or "none"))
        return
    if expected == "accepted" and not whole:
        errors = sorted(validator(event, None).iter_errors(doc), key=lambda e: list(e.path))
        results.fail(label, "every layer passes but the whole schema fails: %s"
                     % (errors[0].message if errors else "?"))
        return
    if expected != "accepted" and whole:
        results.fail(label, "a layer fails but the whole schema passes")
        return
    if single_fault and expected not in ("accepted", LEGACY_RULE):
        layers = failing_layers(event, doc)
        if layers != [LAYER_OF_RULE[expected]]:
            results.fail(label, "a one-fault document must fail %s alone, but fails: %s"
                         % (LAYER_OF_RULE[expected], ", ".join(layers)))
            return
    results.ok(label)


# --------------------------------------------------------------------------------------------
# 1-4: the files


def check_generator(results):
    proc = subprocess.run([sys.executable, os.path.join(REPO, "scripts", "generate.py"),
                           "--check"], capture_output=True, text=True)
    results.check("generator --check", proc.returncode == 0,
                  "exit %d: %s%s" % (proc.returncode, proc.stdout, proc.stderr))


def schema_files():
    return sorted(f for f in os.listdir(SCHEMAS) if f.endswith(".schema.json"))


def walk_schema(schema, path, visit):
    """Calls visit(path, keyword) for every keyword of every (sub)schema in `schema`."""
    if not isinstance(schema, dict):
        return
    for key, value in schema.items():
        visit(path, key, value)
        where = "%s/%s" % (path, key)
        if key in SCHEMA_VALUED:
            if isinstance(value, list):
                for i, s in enumerate(value):
                    walk_schema(s, "%s/%d" % (where, i), visit)
            else:
                walk_schema(value, where, visit)
        elif key in SCHEMA_LISTS and isinstance(value, list):
            for i, s in enumerate(value):
                walk_schema(s, "%s/%d" % (where, i), visit)
        elif key in SCHEMA_MAPS and isinstance(value, dict):
            for name, s in value.items():
                walk_schema(s, "%s/%s" % (where, name), visit)


def find_key_anywhere(value, key, path=""):
    """Every JSON path holding a member named `key`, schema-aware or not (belt and braces)."""
    found = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k == key:
                found.append(path + "/" + k)
            found.extend(find_key_anywhere(v, key, path + "/" + k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found.extend(find_key_anywhere(v, key, "%s/%d" % (path, i)))
    return found


def check_files(results):
    meta_path = os.path.join(SCHEMAS, "meta", "draft-07.schema.json")
    meta = load(meta_path)
    results.check("meta: draft-07 meta-schema content",
                  meta == jsonschema.Draft7Validator.META_SCHEMA,
                  "schemas/meta/draft-07.schema.json differs from jsonschema's draft-07 "
                  "meta-schema")
    meta_validator = jsonschema.Draft7Validator(meta)
    files = schema_files()
    expected = (["%s.response.schema.json" % e for e in EVENT_NAMES]
                + ["%s.request.schema.json" % e for e in EVENT_NAMES]
                + ["extension-config.schema.json"])
    missing = sorted(set(expected) - set(files))
    results.check("files: every schema file exists", not missing, "missing: %s" % missing)

    for name in files:
        schema = load(os.path.join(SCHEMAS, name))
        try:
            jsonschema.Draft7Validator.check_schema(schema)
            errors = list(meta_validator.iter_errors(schema))
            results.check("meta: %s" % name, not errors,
                          errors[0].message if errors else "")
        except jsonschema.SchemaError as e:
            results.fail("meta: %s" % name, e.message)
        results.check("draft-07: %s" % name,
                      schema.get("$schema") == "http://json-schema.org/draft-07/schema#"
                      and schema.get("$id") == "https://entracheck.dev/schemas/" + name
                      and bool(schema.get("title")) and bool(schema.get("description")),
                      "$schema, $id, title or description wrong")

        problems = []
        allowed = ALLOWED_KEYWORDS | EXTRA_KEYWORDS.get(name, set())

        def visit(path, key, value, problems=problems, allowed=allowed):
            if key in FORBIDDEN_KEYWORDS:
                problems.append("forbidden keyword %s at %s" % (key, path or "/"))
            elif key not in allowed:
                problems.append("keyword %s not allowed at %s" % (key, path or "/"))
            if key == "$ref" and not (isinstance(value, str) and value.startswith("#")):
                problems.append("$ref %r leaves the file at %s" % (value, path))
            if key == "$ref" and isinstance(value, str) and value.startswith("#/definitions/"):
                target = value[len("#/definitions/"):]
                if target not in schema.get("definitions", {}):
                    problems.append("$ref %s has no target" % value)
            if key == "properties" and isinstance(value, dict):
                for prop, sub in value.items():
                    if not (isinstance(sub, dict) and sub.get("description")):
                        if not path.startswith("/definitions/layer.") and "/if" not in path \
                                and "/then" not in path:
                            problems.append("property %s at %s has no description"
                                            % (prop, path or "/"))

        walk_schema(schema, "", visit)
        for key in ("pattern", "format"):
            for where in find_key_anywhere(schema, key):
                # A property *named* pattern/format would be legitimate; none exists today.
                problems.append("member %s at %s" % (key, where))
        results.check("keywords: %s" % name, not problems, "; ".join(problems[:5]))

    for event in EVENT_NAMES:
        name = "%s.response.schema.json" % event
        if name not in files:
            continue
        schema = response_schema(event)
        defs = schema.get("definitions", {})
        absent = [n for n, _ in LAYERS if n not in defs]
        results.check("layers present: %s" % name, not absent, "missing %s" % absent)
        results.check("shape.legacy present: %s" % name, "shape.legacy" in defs, "missing")
        order = [s.get("$ref", "")[len("#/definitions/"):] for s in schema.get("allOf", [])]
        results.check("layer order: %s" % name, order == [n for n, _ in LAYERS],
                      "allOf order is %s" % order)
        for layer_name, rule in LAYERS:
            title = defs.get(layer_name, {}).get("title", "")
            if not title.startswith(rule + " "):
                results.fail("layer rule: %s %s" % (name, layer_name),
                             "title %r does not name rule %s" % (title, rule))


# --------------------------------------------------------------------------------------------
# 5: hand-written documents

DATA_TYPE = {e["name"]: e["response_data_type"] for e in EVENTS["events"]}
P = "microsoft.graph."
CLAIMS = P + "tokenIssuanceStart.provideClaimsForToken"
ALIAS = P + "provideClaimsForToken"
PREFILL = P + "attributeCollectionStart.setPrefillValues"
START_BLOCK = P + "attributeCollectionStart.showBlockPage"
START_CONTINUE = P + "attributeCollectionStart.continueWithDefaultBehavior"
MODIFY = P + "attributeCollectionSubmit.modifyAttributeValues"
VALIDATION = P + "attributeCollectionSubmit.showValidationError"
SUBMIT_BLOCK = P + "attributeCollectionSubmit.showBlockPage"
OTP_CONTINUE = P + "OtpSend.continueWithDefaultBehavior"
MIGRATE = P + "passwordSubmit.MigratePassword"
BLOCK = P + "passwordSubmit.Block"
PASS = P + "verifiedIdClaimValidation.pass"
FAILED = P + "verifiedIdClaimValidation.failed"


def response(event, *actions, **data):
    d = {"@odata.type": DATA_TYPE[event], "actions": list(actions)}
    d.update(data)
    return {"data": d}


def act(action_type, **fields):
    a = {"@odata.type": action_type}
    a.update(fields)
    return a


TI, ACS, ACU = "tokenIssuanceStart", "attributeCollectionStart", "attributeCollectionSubmit"
OTP, PW, VID = "emailOtpSend", "passwordSubmit", "verifiedIdClaimValidation"

# (label, event, document or JSON text, expected rule, one fault only?)
SAMPLES = [
    # accepted
    ("claims", TI, response(TI, act(CLAIMS, claims={"a": "b", "roles": ["x", "y"]})),
     "accepted", True),
    ("empty claims", TI, response(TI, act(CLAIMS, claims={})), "accepted", True),
    ("legacy alias", TI, response(TI, act(ALIAS, claims={"a": "b"})), "accepted", True),
    ("whitespace claim name", TI, response(TI, act(CLAIMS, claims={" ": "x"})), "accepted", True),
    ("NUL claim name", TI, response(TI, act(CLAIMS, claims={"\u0000": "x"})), "accepted", True),
    ("unknown members ignored", TI,
     {"extra": 1, "data": {"@odata.type": DATA_TYPE[TI], "junk": [1],
                           "actions": [act(CLAIMS, claims={}, Claims=5, message=7)]}},
     "accepted", True),
    ("claims over 3 KB (size not expressible)", TI,
     response(TI, act(CLAIMS, claims={"big": "x" * 5000})), "accepted", True),
    ("odd casing normalised", TI,
     '{"data":{"@odata.type":"Microsoft.Graph.OnTokenIssuanceStartResponseData","actions":'
     '[{"@odata.type":"microsoft.graph.tokenissuancestart.PROVIDECLAIMSFORTOKEN","claims":{}}]}}',
     "accepted", True),
    ("duplicate keys keep the last", TI,
     '{"data":{"@odata.type":"wrong","actions":[],"@odata.type":"%s","actions":'
     '[{"@odata.type":"%s","claims":null,"claims":{"a":"b"}}]}}' % (DATA_TYPE[TI], CLAIMS),
     "accepted", True),
    ("prefill", ACS, response(ACS, act(PREFILL, inputs={
        "city": "Oslo", "age": 30, "news": True, "tags": ["a", 1, False], "none": []})),
     "accepted", True),
    ("start continue", ACS, response(ACS, act(START_CONTINUE)), "accepted", True),
    ("start block, null message", ACS, response(ACS, act(START_BLOCK, title="t", message=None)),
     "accepted", True),
    ("validation error, empty message", ACU,
     response(ACU, act(VALIDATION, message="", attributeErrors={"city": "bad"})),
     "accepted", True),
    ("validation error, null attributeErrors", ACU,
     response(ACU, act(VALIDATION, message="m", attributeErrors=None)), "accepted", True),
    ("modify", ACU, response(ACU, act(MODIFY, attributes={"a": "b"})), "accepted", True),
    ("otp continue", OTP, response(OTP, act(OTP_CONTINUE)), "accepted", True),
    ("otp lowercase response type", OTP,
     '{"data":{"@odata.type":"microsoft.graph.onOtpSendResponseData","actions":'
     '[{"@odata.type":"%s"}]}}' % OTP_CONTINUE, "accepted", True),
    ("migrate", PW, response(PW, act(MIGRATE), nonce="abc"), "accepted", True),
    ("migrate, empty nonce", PW, response(PW, act(MIGRATE), nonce=""), "accepted", True),
    ("migrate, lowercase passwordsubmit", PW,
     response(PW, act("microsoft.graph.passwordsubmit.MigratePassword"), nonce="n"),
     "accepted", True),
    ("block with title", PW, response(PW, act(BLOCK, title="t", message="m"), nonce="n"),
     "accepted", True),
    ("pass", VID, response(VID, act(PASS)), "accepted", True),
    ("failed", VID, response(VID, act(FAILED, failedClaims=["dateOfBirth"])), "accepted", True),
    ("failed, empty list", VID, response(VID, act(FAILED, failedClaims=[])), "accepted", True),

    # envelope
    ("root array", TI, [], "envelope.root-not-object", True),
    ("root string", TI, "data", "envelope.root-not-object", True),
    ("root number", ACS, 5, "envelope.root-not-object", True),
    ("legacy shape", TI, {"type": "onTokenIssuanceStartCustomExtension",
                          "apiSchemaVersion": "10-01-2021-preview",
                          "actions": [{"type": "ProvideClaimsForToken", "claims": []}]},
     LEGACY_RULE, False),
    ("legacy markers beside data: null", TI, {"data": None, "actions": []},
     "envelope.data-missing", True),
    ("empty object", TI, {}, "envelope.data-missing", True),
    ("data array", ACU, {"data": []}, "envelope.data-missing", True),
    ("no data type", TI, {"data": {"actions": [act(CLAIMS, claims={})]}},
     "envelope.type-missing", True),
    ("data type number", TI, {"data": {"@odata.type": 1, "actions": [act(CLAIMS, claims={})]}},
     "envelope.type-missing", True),
    ("data type of another event", TI,
     {"data": {"@odata.type": DATA_TYPE[ACS], "actions": [act(CLAIMS, claims={})]}},
     "envelope.type-wrong", True),
    ("data type with #", TI,
     {"data": {"@odata.type": "#" + DATA_TYPE[TI], "actions": [act(CLAIMS, claims={})]}},
     "envelope.type-wrong", True),
    ("data type guessed", OTP,
     {"data": {"@odata.type": "microsoft.graph.onEmailOtpSendResponseData",
               "actions": [act(OTP_CONTINUE)]}}, "envelope.type-wrong", True),
    ("data type with Kelvin sign is not a casing", TI,
     {"data": {"@odata.type": DATA_TYPE[TI].replace("k", "\u212a"),
               "actions": [act(CLAIMS, claims={})]}}, "envelope.type-wrong", True),
    ("no actions", TI, {"data": {"@odata.type": DATA_TYPE[TI]}}, "envelope.actions-missing",
     True),
    ("actions object", TI, {"data": {"@odata.type": DATA_TYPE[TI], "actions": {}}},
     "envelope.actions-missing", True),
    ("actions null", PW, {"data": {"@odata.type": DATA_TYPE[PW], "actions": None, "nonce": "n"}},
     "envelope.actions-missing", True),

    # actions
    ("action number", TI, response(TI, 5), "action.not-object", False),
    ("second action null", TI, response(TI, act(CLAIMS, claims={}), None), "action.not-object",
     False),
    ("action without type", TI, response(TI, {"claims": {}}), "action.type-missing", True),
    ("action type null", TI, response(TI, {"@odata.type": None, "claims": {}}),
     "action.type-missing", True),
    ("action type with #", TI, response(TI, act("#" + CLAIMS, claims={})),
     "action.type-unknown", True),
    ("action type unknown", ACS, response(ACS, act(P + "attributeCollectionStart.prefill")),
     "action.type-unknown", True),
    ("not-object beats unknown type", TI, response(TI, act("x"), "y"), "action.not-object",
     False),

    # field types
    ("claims array", TI, response(TI, act(CLAIMS, claims=[{"id": "a", "value": "b"}])),
     "field.wrong-type", True),
    ("claims string", TI, response(TI, act(CLAIMS, claims="a=b")), "field.wrong-type", True),
    ("inputs array", ACS, response(ACS, act(PREFILL, inputs=[])), "field.wrong-type", True),
    ("title number", ACS, response(ACS, act(START_BLOCK, title=5)), "field.wrong-type", True),
    ("attributeErrors value number", ACU,
     response(ACU, act(VALIDATION, message="m", attributeErrors={"a": 1})),
     "field.wrong-type", True),
    ("failedClaims string", VID, response(VID, act(FAILED, failedClaims="dateOfBirth")),
     "field.wrong-type", True),
    ("failedClaims number item", VID, response(VID, act(FAILED, failedClaims=[1])),
     "field.wrong-type", True),
    ("nonce number", PW, response(PW, act(MIGRATE), nonce=5), "field.wrong-type", True),
    ("another event's field type is checked first", TI,
     response(TI, act(PREFILL, inputs="x")), "field.wrong-type", False),
    ("another event's nonce type is checked first", TI,
     response(TI, act(MIGRATE), nonce=5), "field.wrong-type", False),

    # claim and attribute values
    ("claim boolean", TI, response(TI, act(CLAIMS, claims={"a": True})),
     "claims.value-unsupported", True),
    ("claim object", TI, response(TI, act(CLAIMS, claims={"a": {"b": "c"}})),
     "claims.value-unsupported", True),
    ("claim number", TI, response(TI, act(CLAIMS, claims={"a": 1})), "claims.value-type", True),
    ("claim null", TI, response(TI, act(CLAIMS, claims={"a": None})), "claims.value-type", True),
    ("claim array with number", TI, response(TI, act(CLAIMS, claims={"a": ["x", 1]})),
     "claims.value-type", True),
    ("claim array with boolean", TI, response(TI, act(CLAIMS, claims={"a": [True]})),
     "claims.value-type", True),
    ("unsupported beats type", TI, response(TI, act(CLAIMS, claims={"a": 1, "b": False})),
     "claims.value-unsupported", False),
    ("claim value type beats empty name", TI, response(TI, act(CLAIMS, claims={"": 1})),
     "claims.value-type", False),
    ("another event's claims values are checked", ACS,
     response(ACS, act(CLAIMS, claims={"a": True})), "claims.value-unsupported", False),
    ("attribute null", ACS, response(ACS, act(PREFILL, inputs={"a": None})),
     "attributes.value-type", True),
    ("attribute object", ACU, response(ACU, act(MODIFY, attributes={"a": {"street": "x"}})),
     "attributes.value-type", True),
    ("attribute nested array", ACS, response(ACS, act(PREFILL, inputs={"a": [["x"]]})),
     "attributes.value-type", True),
    ("attribute array with null", ACS, response(ACS, act(PREFILL, inputs={"a": ["x", None]})),
     "attributes.value-type", True),

    # count, event
    ("no action", ACS, response(ACS), "actions.count-not-one", True),
    ("two actions", ACU, response(ACU, act(MODIFY, attributes={}), act(VALIDATION, message="m")),
     "actions.count-not-one", True),
    ("token action under attribute start", ACS, response(ACS, act(CLAIMS, claims={"a": "b"})),
     "action.wrong-event", True),
    ("legacy alias under attribute start", ACS, response(ACS, act(ALIAS, claims={})),
     "action.wrong-event", True),
    ("submit block under start", ACS, response(ACS, act(SUBMIT_BLOCK)), "action.wrong-event",
     True),
    ("count beats wrong event", ACS, response(ACS, act(CLAIMS, claims={}), act(PREFILL, inputs={})),
     "actions.count-not-one", False),
    ("wrong event beats missing claims", ACS, response(ACS, act(CLAIMS)),
     "action.wrong-event", False),

    # claims, required fields
    ("claims missing", TI, response(TI, act(CLAIMS)), "claims.missing", True),
    ("claims null", TI, response(TI, act(CLAIMS, claims=None)), "claims.missing", True),
    ("alias claims missing", TI, response(TI, act(ALIAS)), "claims.missing", True),
    ("empty claim name", TI, response(TI, act(CLAIMS, claims={"": "x", "b": "c"})),
     "claims.key-empty", True),
    ("inputs missing", ACS, response(ACS, act(PREFILL, attributes={"a": "b"})),
     "field.required-missing", True),
    ("inputs null", ACS, response(ACS, act(PREFILL, inputs=None)), "field.required-missing", True),
    ("attributes missing", ACU, response(ACU, act(MODIFY)), "field.required-missing", True),
    ("message missing", ACU, response(ACU, act(VALIDATION, attributeErrors={"a": "b"})),
     "field.required-missing", True),
    ("message null", ACU, response(ACU, act(VALIDATION, message=None)), "field.required-missing",
     True),
    ("failedClaims missing", VID, response(VID, act(FAILED)), "field.required-missing", True),
    ("failedClaims null", VID, response(VID, act(FAILED, failedClaims=None)),
     "field.required-missing", True),
    ("nonce missing", PW, response(PW, act(MIGRATE)), "field.required-missing", True),
    ("nonce null", PW, response(PW, act(MIGRATE), nonce=None), "field.required-missing", True),
    ("nonce on the action", PW, response(PW, act(MIGRATE, nonce="n")), "field.required-missing",
     True),
    ("block without nonce", PW, response(PW, act(BLOCK, title="t")), "field.required-missing",
     True),
]


def check_samples(results):
    for label, event, doc, expected, single in SAMPLES:
        if isinstance(doc, str) and doc.startswith("{"):
            doc, why = parse_body(doc.encode("utf-8"))
            if why:
                results.fail("sample %s: %s" % (event, label), why)
                continue
        else:
            doc = json.loads(json.dumps(doc))  # a private copy
        check_document(results, "sample %s: %s" % (event, label), event, normalise(doc),
                       expected, single)


EXTRAS = {
    "attributeCollectionSubmit": {"userSignUpInfo": {
        "attributes": {"givenName": {"@odata.type": P + "stringDirectoryAttributeValue",
                                     "value": "Ada", "attributeType": "builtIn"}},
        "identities": [{"signInType": "email", "issuer": "example.test",
                        "issuerAssignedId": "ada@example.test"}]}},
    "emailOtpSend": {"otpContext": {"identifier": "ada@example.test", "onetimecode": "918273"}},
    "passwordSubmit": {"encryptedPasswordContext": "h.k.iv.ct.tag"},
    "verifiedIdClaimValidation": {"verifiedIdClaimsContext": {"claims": {"firstName": "Ada"}}},
}


def request(event):
    e = next(x for x in EVENTS["events"] if x["name"] == event)
    data = {"@odata.type": e["request_data_type"], "tenantId": "t-1",
            "authenticationEventListenerId": "l-1", "customAuthenticationExtensionId": "x-1",
            "authenticationContext": {
                "correlationId": "c-1", "protocol": "OAUTH2.0",
                "client": {"ip": "192.0.2.7", "locale": "en-us", "market": "en-us"},
                "clientServicePrincipal": {"id": "s-1", "appId": "a-1", "displayName": "App"},
                "resourceServicePrincipal": None,
                "user": {"id": "u-1", "userPrincipalName": "ada@example.test"}},
            "somethingNew": {"Entra may add": "members"}}
    data.update(json.loads(json.dumps(EXTRAS.get(event, {}))))
    return {"type": e["request_type"], "source": "/tenants/t-1/applications/a-1", "data": data}


def check_requests_and_config(results):
    for event in EVENT_NAMES:
        path = os.path.join(SCHEMAS, "%s.request.schema.json" % event)
        if not os.path.exists(path):
            continue
        v = jsonschema.Draft7Validator(load(path))
        doc = request(event)
        errors = list(v.iter_errors(doc))
        results.check("request %s: typical request" % event, not errors,
                      errors[0].message if errors else "")
        wrong = request(event)
        wrong["type"] = "microsoft.graph.authenticationEvent.somethingElse"
        results.check("request %s: wrong type fails" % event, not v.is_valid(wrong),
                      "accepted")
        wrong = request(event)
        wrong["data"]["@odata.type"] = "microsoft.graph.onSomethingCalloutData"
        results.check("request %s: wrong data type fails" % event, not v.is_valid(wrong),
                      "accepted")
        for member in EXTRAS.get(event, {}):
            if member in v.schema["properties"]["data"].get("required", []):
                wrong = request(event)
                del wrong["data"][member]
                results.check("request %s: missing %s fails" % (event, member),
                              not v.is_valid(wrong), "accepted")

    path = os.path.join(SCHEMAS, "extension-config.schema.json")
    if not os.path.exists(path):
        return
    v = jsonschema.Draft7Validator(load(path))
    config = {
        "@odata.type": "#microsoft.graph.onTokenIssuanceStartCustomExtension",
        "displayName": "claims", "description": "adds claims",
        "endpointConfiguration": {"@odata.type": "#microsoft.graph.httpRequestEndpoint",
                                  "targetUrl": "https://api.example.test/claims"},
        "authenticationConfiguration": {
            "@odata.type": "#microsoft.graph.azureAdTokenAuthentication",
            "resourceId": "api://api.example.test/00000000-0000-0000-0000-000000000001"},
        "clientConfiguration": {"timeoutInMilliseconds": 2000, "maximumRetries": 1},
    }
    results.check("config: typical extension", v.is_valid(config), "rejected")
    for label, timeout, retries in (("timeout 199", 199, 0), ("timeout 2001", 2001, 0),
                                    ("timeout as text", "1000", 0), ("retries 2", 1000, 2),
                                    ("timeout 1.5", 1.5, 0)):
        bad = json.loads(json.dumps(config))
        bad["clientConfiguration"] = {"timeoutInMilliseconds": timeout, "maximumRetries": retries}
        results.check("config: %s fails" % label, not v.is_valid(bad), "accepted")
    for timeout in (200, 1000, 2000):
        ok = json.loads(json.dumps(config))
        ok["clientConfiguration"]["timeoutInMilliseconds"] = timeout
        results.check("config: timeout %d passes" % timeout, v.is_valid(ok), "rejected")


# --------------------------------------------------------------------------------------------
# 6: golden cases and examples


def read_cases():
    """tests/cases/cases.tsv -> list of dicts with file, event, expect, rule, warnings, options.
    Missing file: empty list. A header line naming the columns is optional."""
    path = os.path.join(CASES_DIR, "cases.tsv")
    if not os.path.exists(path):
        return None
    columns = ["file", "event", "expect", "rule", "warnings", "options"]
    cases = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = line.split("\t")
            if cells[0].strip().lower() == "file":
                columns = [c.strip().lower() for c in cells]
                continue
            row = {c: (cells[i].strip() if i < len(cells) else "") for i, c in enumerate(columns)}
            row["line"] = number
            cases.append(row)
    return cases


def infer_event(doc):
    data = doc.get("data") if isinstance(doc, dict) else None
    t = data.get("@odata.type") if isinstance(data, dict) else None
    if isinstance(t, str):
        for e in EVENTS["events"]:
            if ascii_lower(e["response_data_type"]) == ascii_lower(t):
                return e["name"]
    return None


def expected_rule(row):
    rule = row.get("rule", "")
    expect = row.get("expect", "").lower()
    if rule in ("", "-") and expect == "accepted":
        return "accepted"
    return rule


def check_cases(results):
    cases = read_cases()
    if cases is None:
        results.skip("golden cases", "tests/cases/cases.tsv does not exist yet")
        return
    for row in cases:
        label = "case %s (line %d)" % (row.get("file", "?"), row["line"])
        rule = expected_rule(row)
        if rule not in SCHEMA_RULES:
            results.skip(label, "rule %s is not expressible in JSON Schema" % (rule or "?"))
            continue
        path = os.path.join(CASES_DIR, row.get("file", ""))
        if not row.get("file") or not os.path.isfile(path):
            results.skip(label, "file not found (cases are being written)")
            continue
        with open(path, "rb") as f:
            status, body = split_http(f.read())
        if status != 200:
            results.skip(label, "status %s" % status)
            continue
        doc, why = parse_body(body)
        if why:
            results.fail(label, "expected %s but the body does not parse: %s" % (rule, why))
            continue
        event = row.get("event") or infer_event(doc)
        if not event:
            m = re.search(r"--event[= ](\w+)", row.get("options", ""))
            event = m.group(1) if m else None
        if event not in EVENT_NAMES:
            results.skip(label, "event %r unknown or not inferable" % event)
            continue
        check_document(results, label, event, normalise(doc), rule)


EXAMPLE_NAME = re.compile(r"-(accepted|rejected-([0-9]+))\.http$")


def check_examples(results):
    if not os.path.isdir(EXAMPLES_DIR):
        results.skip("examples", "examples/ does not exist")
        return
    codes = {}
    for rule_id, rule in RULES.items():
        if rule_id in SCHEMA_RULES and rule["code"] is not None:
            codes.setdefault(rule["code"], set()).add(rule_id)
    for event in sorted(os.listdir(EXAMPLES_DIR)):
        folder = os.path.join(EXAMPLES_DIR, event)
        if event not in EVENT_NAMES or not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            m = EXAMPLE_NAME.search(name)
            if not m:
                continue
            label = "example %s/%s" % (event, name)
            code = None if m.group(1) == "accepted" else int(m.group(2))
            if code is not None and code not in codes:
                results.skip(label, "code %d is not decided by the body's JSON" % code)
                continue
            with open(os.path.join(folder, name), "rb") as f:
                status, body = split_http(f.read())
            if status != 200:
                results.skip(label, "status %s" % status)
                continue
            doc, why = parse_body(body)
            if why:
                results.skip(label, why)
                continue
            got = verdict(event, normalise(doc))
            got_code = None if got == "accepted" else RULES[got]["code"]
            if got_code != code:
                results.fail(label, "expected %s, schemas say %s (%s)"
                             % (code or "accepted", got_code or "accepted", got))
            elif got == "accepted" and not validator(event, None).is_valid(doc):
                results.fail(label, "every layer passes but the whole schema fails")
            else:
                results.ok(label)


def main():
    results = Results()
    check_generator(results)
    check_files(results)
    if all(os.path.exists(os.path.join(SCHEMAS, "%s.response.schema.json" % e))
           for e in EVENT_NAMES):
        check_samples(results)
        check_requests_and_config(results)
        check_cases(results)
        check_examples(results)
    print("%d passed, %d failed, %d skipped" % (results.passed, results.failed, results.skipped))
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main())
