"""entracheck.check and the assertions, through libentracheck.so."""
import json
import os
import pathlib
import subprocess

import pytest

import entracheck

REPO = pathlib.Path(__file__).resolve().parents[3]
CLAIMS = ('{"data":{"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData",'
          '"actions":[{"@odata.type":"microsoft.graph.tokenIssuanceStart.provideClaimsForToken",'
          '"claims":%s}]}}')
JSON = {"Content-Type": "application/json"}


def test_accepted_with_every_field():
    verdict = entracheck.check(status=200, headers=JSON, body=CLAIMS % '{"tier":"gold"}',
                               event="tokenIssuanceStart")
    assert verdict.accepted
    assert (verdict.verdict, verdict.code, verdict.name, verdict.rule) == ("accepted", None, None, "accepted")
    assert verdict.pointer is None and verdict.offset is None and verdict.warnings == ()
    assert verdict.event == "tokenIssuanceStart"


def test_rejected_with_code_rule_pointer_offset():
    body = (CLAIMS % '{"points":5}').encode()
    verdict = entracheck.check(status=200, headers=JSON, body=body)
    assert (verdict.code, verdict.name) == (1003003, "CustomExtensionInvalidResponseBody")
    assert verdict.rule == "claims.value-type" and verdict.basis == "policy"
    assert verdict.pointer == "/data/actions/0/claims/points"
    assert verdict.offset == body.index(b"5}")
    assert "claim value" in verdict.message
    assert verdict.observed == "points is a number"


def test_event_is_inferred_and_can_be_forced():
    body = CLAIMS % '{"a":"b"}'
    assert entracheck.infer_event(body) == "tokenIssuanceStart"
    assert entracheck.check(headers=JSON, body=body).event == "tokenIssuanceStart"
    forced = entracheck.check(headers=JSON, body=body, event="attributeCollectionStart")
    assert (forced.code, forced.rule) == (1003003, "envelope.type-wrong")
    # No event named: the verdict comes when the event does not matter, with event None.
    empty_object = entracheck.check(headers=JSON, body=b"{}")
    assert (empty_object.event, empty_object.code, empty_object.rule) == (None, 1003003, "envelope.data-missing")
    page = entracheck.check(status=500, headers={"Content-Type": "text/html"}, body=b"<html>")
    assert (page.event, page.code) == (None, 1003002)
    assert entracheck.check(transport="timed-out").code == 1003005
    raw = entracheck.check_http(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\noops")
    assert (raw.event, raw.rule) == (None, "content-type.not-json")


def test_transport_elapsed_and_limits():
    body = CLAIMS % '{"a":"b"}'
    assert entracheck.check(headers=JSON, body=body, elapsed_ms=1001).code == 1003005
    assert entracheck.check(headers=JSON, body=body, elapsed_ms=1500, timeout_ms=2000).accepted
    assert "warn.elapsed-near-timeout" in [w.rule for w in
                                           entracheck.check(headers=JSON, body=body, elapsed_ms=900).warnings]
    none = entracheck.check(transport="connection-failed", event="tokenIssuanceStart")
    assert (none.code, none.rule) == (1003027, "transport.connection-failed")
    assert entracheck.check(headers=JSON, body=body, max_response_bytes=10).code == 1003024
    numeric = CLAIMS % '{"a":1}'
    relaxed = entracheck.check(headers=JSON, body=numeric, relax=["claims.value-type"])
    assert relaxed.accepted


def test_headers_in_every_shape():
    body = CLAIMS % '{"a":"b"}'
    assert entracheck.check(headers=[("content-type", "application/json; charset=utf-8")], body=body).accepted
    assert entracheck.check(headers={}, body=body).rule == "content-type.missing"
    repeated = entracheck.check(headers=[("Content-Type", "application/json")] * 2, body=body)
    assert (repeated.code, repeated.rule) == (1003006, "content-type.repeated")
    assert entracheck.check(status=500, headers=JSON, body=body).code == 1003002


def test_bad_input_is_one_sentence():
    with pytest.raises(entracheck.EntracheckError, match="timeout_ms is 100"):
        entracheck.check(headers=JSON, body=CLAIMS % "{}", timeout_ms=100)
    with pytest.raises(entracheck.EntracheckError, match="unknown event 'nope'"):
        entracheck.check(headers=JSON, body=CLAIMS % "{}", event="nope")
    with pytest.raises(entracheck.EntracheckError, match="transport"):
        entracheck.check(headers=JSON, body=CLAIMS % "{}", transport="lost")
    with pytest.raises(entracheck.EntracheckError, match="status line|HTTP"):
        entracheck.check_http(b"hello", event="tokenIssuanceStart")


def test_assertions_name_code_rule_pointer_and_message():
    body = CLAIMS % '{"points":5}'
    with pytest.raises(AssertionError) as failure:
        entracheck.assert_accepted(status=200, headers=JSON, body=body)
    text = str(failure.value)
    for part in ("1003003", "claims.value-type", "/data/actions/0/claims/points", "claim value"):
        assert part in text
    verdict = entracheck.assert_rejected(status=200, headers=JSON, body=body, code=1003003, rule="claims.value-type")
    assert verdict.offset is not None
    with pytest.raises(AssertionError) as wrong:
        entracheck.assert_rejected(status=200, headers=JSON, body=body, code=1003026)
    assert "expected rejected with 1003026" in str(wrong.value) and "claims.value-type" in str(wrong.value)
    with pytest.raises(AssertionError, match="but the response is accepted"):
        entracheck.assert_rejected(status=200, headers=JSON, body=CLAIMS % "{}")


def test_raw_http_examples_agree_with_their_names():
    examples = sorted((REPO / "examples").glob("*/*.http"))
    assert len(examples) >= 20
    for path in examples:
        verdict = entracheck.check_http(path.read_bytes(), event=path.parent.name, file=str(path))
        expected = "accepted" if path.stem.endswith("accepted") else path.stem.rsplit("-", 1)[-1]
        assert (verdict.verdict if verdict.accepted else str(verdict.code)) == expected, verdict.describe()
        assert verdict.file == str(path)


def test_verdict_equals_the_cli_json(tmp_path):
    cli = pathlib.Path(os.environ.get("ENTRACHECK_CLI", REPO / "build" / "cli" / "entracheck"))
    if not cli.exists():
        pytest.skip("no CLI at %s (set ENTRACHECK_CLI)" % cli)
    path = REPO / "examples" / "tokenIssuanceStart" / "numeric-claim-rejected-1003003.http"
    out = subprocess.run([str(cli), "check", "--json", str(path)], capture_output=True, text=True).stdout
    expected = entracheck.Verdict.from_json(out)
    actual = entracheck.check_http(path.read_bytes(), file=str(path))
    assert actual == expected
    assert set(json.loads(out)) == set(actual.__dataclass_fields__)
