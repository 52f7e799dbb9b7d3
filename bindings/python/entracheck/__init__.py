"""entracheck for Python tests: would Microsoft Entra ID accept the HTTP response of your custom
authentication extension, or reject it with which 1003xxx code?

    import entracheck

    def test_claims(client):
        response = client.post("/api/claims", json=request)        # requests, httpx, Flask, FastAPI
        entracheck.assert_accepted(response, event="tokenIssuanceStart")

    verdict = entracheck.check(status=200, headers={"Content-Type": "application/json"}, body=b"...")
    verdict.code, verdict.rule, verdict.pointer, verdict.offset, verdict.observed, verdict.message,
    verdict.warnings

A pure-Python package over libentracheck.so (see entracheck._native for where it is looked for).
The verdict has the fields of ``entracheck check --json``.
"""

import ctypes
import json
from dataclasses import dataclass
from typing import Any, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _native
from ._native import lib as _lib

__all__ = ["Verdict", "Warning", "EntracheckError", "check", "check_http", "assert_accepted",
           "assert_rejected", "response_parts", "infer_event", "version", "EVENTS"]

_TRANSPORTS = {"completed": 0, "timed-out": 1, "connection-failed": 2}
_ENGINES = {"fast": 0, "schema": 1}
_OK = 0
_EVENT_NEEDED = 6  # ENTRACHECK_ERROR_EVENT_NEEDED
_EVENT_INFER = -1  # ENTRACHECK_EVENT_INFER
_EVENT_NEEDED_SENTENCE = ("cannot infer the event from the body's data.@odata.type, and the verdict "
                          "depends on it; pass event=...")
_ELAPSED_UNKNOWN = -1

EVENTS = tuple(_lib.entracheck_event_name(i).decode() for i in range(64) if _lib.entracheck_event_name(i))


class EntracheckError(ValueError):
    """Bad input to entracheck (an unknown event, an unusable limit, not an HTTP response)."""


@dataclass(frozen=True)
class Warning:  # noqa: A001 - the name entracheck uses everywhere
    rule: str
    pointer: Optional[str]
    message: str


@dataclass(frozen=True)
class Verdict:
    """What Entra does with one response: the fields of ``entracheck check --json``."""

    file: Optional[str]
    event: Optional[str]  # None when the verdict did not depend on the event
    verdict: str            # "accepted" or "rejected"
    code: Optional[int]     # 1003xxx; None when accepted
    name: Optional[str]     # "CustomExtensionInvalidResponseBody"; None when accepted
    rule: str               # "claims.value-type"
    basis: str              # "doc", "ms-code", "field" or "policy"
    pointer: Optional[str]  # JSON Pointer of the fault, when it has a place
    offset: Optional[int]   # byte offset of the fault in the body
    observed: Optional[str]  # what was seen: "status 500 Internal Server Error"; None when accepted
    message: str
    warnings: Tuple[Warning, ...]

    @property
    def accepted(self) -> bool:
        return self.verdict == "accepted"

    def describe(self) -> str:
        """One line for failure messages."""
        if self.accepted:
            text = "accepted"
        else:
            text = "rejected %s %s (rule %s, pointer %s, offset %s): %s" % (
                self.code, self.name, self.rule, self.pointer if self.pointer is not None else "-",
                self.offset if self.offset is not None else "-", self.message)
            if self.observed is not None:
                text += " (observed: %s)" % self.observed
        if self.warnings:
            text += "; warnings: " + ", ".join(
                w.rule + (" at " + w.pointer if w.pointer else "") for w in self.warnings)
        return text

    @classmethod
    def from_json(cls, text: str) -> "Verdict":
        d = json.loads(text)
        return cls(file=d["file"], event=d["event"], verdict=d["verdict"], code=d["code"], name=d["name"],
                   rule=d["rule"], basis=d["basis"], pointer=d["pointer"], offset=d["offset"],
                   observed=d["observed"], message=d["message"],
                   warnings=tuple(Warning(w["rule"], w.get("pointer"), w["message"]) for w in d["warnings"]))


def version() -> str:
    return _lib.entracheck_version().decode()


def _to_bytes(body: Union[bytes, bytearray, memoryview, str, None]) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    return bytes(body)


def infer_event(body: Union[bytes, str]) -> Optional[str]:
    """The event the body answers (from data.@odata.type), or None."""
    data = _to_bytes(body)
    event = _lib.entracheck_infer_event(data, len(data))
    return None if event < 0 else _lib.entracheck_event_name(event).decode()


def _header_items(headers: Any) -> List[Tuple[str, str]]:
    """(name, value) pairs from a dict, a list of pairs, or a response library's header object
    (requests' CaseInsensitiveDict, httpx.Headers, werkzeug's Headers, http.client's message)."""
    if headers is None:
        return []
    if hasattr(headers, "multi_items"):      # httpx.Headers: repeated headers kept
        items = headers.multi_items()
    elif hasattr(headers, "get_all") and hasattr(headers, "items"):  # email.message.Message
        items = headers.items()
    elif hasattr(headers, "items"):          # dict, CaseInsensitiveDict, werkzeug Headers (all pairs)
        items = headers.items()
    else:
        items = headers                      # a sequence of pairs
    pairs = []
    for name, value in items:
        pairs.append((name.decode("latin-1") if isinstance(name, bytes) else str(name),
                      value.decode("latin-1") if isinstance(value, bytes) else str(value)))
    return pairs


def response_parts(response: Any) -> Tuple[int, List[Tuple[str, str]], bytes]:
    """(status, headers, body) of a response object, duck-typed: requests.Response and
    httpx.Response (FastAPI's and Starlette's TestClient return these), Flask's/werkzeug's test
    response, and http.client / urllib responses."""
    status = getattr(response, "status_code", None)
    if status is None:
        status = getattr(response, "status", None)
    if not isinstance(status, int):
        raise TypeError("cannot read an HTTP status from %r (expected status_code or status)" % (response,))
    headers = getattr(response, "headers", None)
    if headers is None and hasattr(response, "getheaders"):
        headers = response.getheaders()
    content = getattr(response, "content", None)
    if not isinstance(content, (bytes, bytearray)):
        if hasattr(response, "get_data"):    # werkzeug: .data is the same bytes
            content = response.get_data()
        elif isinstance(getattr(response, "data", None), (bytes, bytearray)):
            content = response.data
        elif hasattr(response, "read"):
            content = response.read()
        else:
            raise TypeError("cannot read a body from %r (expected content, get_data() or read())" % (response,))
    return status, _header_items(headers), bytes(content)


class _Checker:
    def __init__(self, event: Optional[str], limits: Mapping[str, Any]):
        # None: the library infers each response's event, or judges without one when it does
        # not matter (a timeout, a 500 page, a body every event rejects alike).
        event_number = _EVENT_INFER if event is None else _lib.entracheck_event_from_name(event.encode())
        if event is not None and event_number < 0:
            raise EntracheckError("unknown event %r; entracheck knows %s" % (event, ", ".join(EVENTS)))
        options = _native.Options()
        _lib.entracheck_options_init(ctypes.byref(options))
        self._keep = []  # the C strings must live as long as the call
        for key in ("max_response_bytes", "max_claims_bytes", "timeout_ms"):
            if limits.get(key) is not None:
                setattr(options, key, int(limits[key]))
        if limits.get("nonce") is not None:
            options.expected_nonce = self._string(limits["nonce"])
        relax = limits.get("relax") or ()
        if isinstance(relax, str):
            relax = [relax]
        if relax:
            options.relaxed_rules = self._string(",".join(relax))
        engine = limits.get("engine") or "fast"
        if engine not in _ENGINES:
            raise EntracheckError("engine must be 'fast' or 'schema', not %r" % (engine,))
        options.engine = _ENGINES[engine]
        handle = ctypes.c_void_p()
        error = ctypes.c_void_p()
        status = _lib.entracheck_checker_new_event(event_number, ctypes.byref(options), ctypes.byref(handle),
                                                   ctypes.byref(error))
        if status != _OK:
            raise EntracheckError(_take_error(error, status))
        self.handle = handle

    def _string(self, text: str) -> bytes:
        data = text.encode("utf-8")
        self._keep.append(data)
        return data

    def __del__(self):
        handle = getattr(self, "handle", None)
        if handle:
            _lib.entracheck_checker_free(handle)
            self.handle = None


def _take_error(error: ctypes.c_void_p, status: int) -> str:
    if error.value:
        text = ctypes.string_at(error.value).decode("utf-8", "replace")
        _lib.entracheck_string_free(error)
        return text
    return _lib.entracheck_status_string(status).decode()


def _take_verdict(verdict: ctypes.c_void_p, file: Optional[str]) -> Verdict:
    try:
        length = ctypes.c_size_t()
        address = _lib.entracheck_verdict_json(verdict, ctypes.byref(length))
        result = Verdict.from_json(ctypes.string_at(address, length.value).decode("utf-8"))
    finally:
        _lib.entracheck_verdict_free(verdict)
    if file is not None:
        result = Verdict(**{**result.__dict__, "file": file})
    return result


def _elapsed(elapsed_ms: Optional[Union[int, float]]) -> int:
    if elapsed_ms is None:
        return _ELAPSED_UNKNOWN
    if elapsed_ms < 0:
        raise EntracheckError("elapsed_ms must not be negative, got %r" % (elapsed_ms,))
    return int(elapsed_ms)


def _transport(transport: str) -> int:
    if transport not in _TRANSPORTS:
        raise EntracheckError("transport must be one of %s, not %r" % (", ".join(_TRANSPORTS), transport))
    return _TRANSPORTS[transport]


def check(response: Any = None, *, status: Optional[int] = None, headers: Any = None,
          body: Union[bytes, str, None] = None, event: Optional[str] = None,
          elapsed_ms: Optional[Union[int, float]] = None, transport: str = "completed",
          max_response_bytes: Optional[int] = None, max_claims_bytes: Optional[int] = None,
          timeout_ms: Optional[int] = None, nonce: Optional[str] = None,
          relax: Union[str, Sequence[str]] = (), engine: str = "fast") -> Verdict:
    """The verdict Entra reaches on one response.

    Give either ``response`` (a requests/httpx/Flask/FastAPI/http.client response object) or its
    parts: ``status`` (default 200), ``headers`` (a mapping or (name, value) pairs; only
    Content-Type matters, and a repeated one is 1003006) and ``body`` (bytes, or str as UTF-8).
    ``event`` ("tokenIssuanceStart", ...) is inferred from data.@odata.type when omitted.
    ``elapsed_ms`` beyond ``timeout_ms`` (default 1000) is 1003005; ``transport`` "timed-out" or
    "connection-failed" stands for no response at all. The limits and ``relax`` (rule ids to
    switch off) are those of ``entracheck check``. Raises EntracheckError on bad input."""
    if response is not None:
        if status is not None or headers is not None or body is not None:
            raise EntracheckError("give either a response object or status/headers/body, not both")
        status, headers, body = response_parts(response)
    status = 200 if status is None else int(status)
    data = _to_bytes(body)
    pairs = _header_items(headers)
    content_types = [value for name, value in pairs if name.lower() == "content-type"]
    checker = _Checker(event, dict(max_response_bytes=max_response_bytes, max_claims_bytes=max_claims_bytes,
                                  timeout_ms=timeout_ms, nonce=nonce, relax=relax, engine=engine))
    verdict = ctypes.c_void_p()
    if len(content_types) > 1:
        # Repeated Content-Type headers: let the raw HTTP reader see all of them.
        for value in content_types:
            if "\r" in value or "\n" in value:
                raise EntracheckError("a Content-Type value holds a line break")
        raw = ("HTTP/1.1 %d X\r\n" % status).encode() + b"".join(
            b"Content-Type: " + v.encode("latin-1") + b"\r\n" for v in content_types) + b"\r\n" + data
        return _raw_check(checker, raw, elapsed_ms, transport, None)
    content_type = content_types[0].encode("latin-1") if content_types else None
    code = _lib.entracheck_check(checker.handle, status, content_type, data, len(data), _elapsed(elapsed_ms),
                                 _transport(transport), ctypes.byref(verdict))
    if code == _EVENT_NEEDED:
        raise EntracheckError(_EVENT_NEEDED_SENTENCE)
    if code != _OK:
        raise EntracheckError(_lib.entracheck_status_string(code).decode())
    return _take_verdict(verdict, None)


def _raw_check(checker: _Checker, raw: bytes, elapsed_ms, transport: str, file: Optional[str]) -> Verdict:
    verdict = ctypes.c_void_p()
    error = ctypes.c_void_p()
    code = _lib.entracheck_check_http(checker.handle, raw, len(raw), _elapsed(elapsed_ms), _transport(transport),
                                      ctypes.byref(verdict), ctypes.byref(error))
    if code != _OK:
        sentence = _take_error(error, code)
        raise EntracheckError(_EVENT_NEEDED_SENTENCE if code == _EVENT_NEEDED else sentence)
    return _take_verdict(verdict, file)


def check_http(raw: Union[bytes, str], *, event: Optional[str] = None, file: Optional[str] = None,
               elapsed_ms: Optional[Union[int, float]] = None, transport: str = "completed",
               **limits: Any) -> Verdict:
    """The verdict on a raw HTTP response as ``curl -si`` prints it (the CLI's input format)."""
    data = _to_bytes(raw)
    checker = _Checker(event, limits)
    return _raw_check(checker, data, elapsed_ms, transport, file)


def assert_accepted(response: Any = None, **kwargs: Any) -> Verdict:
    """Checks like check() and raises AssertionError, naming the code, rule, pointer and message,
    unless Entra accepts the response. Returns the verdict (for its warnings)."""
    verdict = check(response, **kwargs)
    if not verdict.accepted:
        raise AssertionError("Entra rejects this response: " + verdict.describe())
    return verdict


def assert_rejected(response: Any = None, *, code: Optional[int] = None, rule: Optional[str] = None,
                    **kwargs: Any) -> Verdict:
    """Checks like check() and raises AssertionError unless Entra rejects the response (with
    ``code`` and by ``rule`` when given); the message names the code, rule, pointer and message."""
    verdict = check(response, **kwargs)
    expected = "rejected" + (" with %d" % code if code is not None else "") + (
        " by rule %s" % rule if rule is not None else "")
    if verdict.accepted or (code is not None and verdict.code != code) or (rule is not None and verdict.rule != rule):
        raise AssertionError("expected %s, but the response is %s" % (expected, verdict.describe()))
    return verdict
