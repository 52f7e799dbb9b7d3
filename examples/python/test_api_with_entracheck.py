"""A pytest suite that checks a running API's answers with `entracheck check --input jsonl`.

The API here is a stand-in for yours: a small HTTP server on 127.0.0.1 (an ephemeral port) with
one endpoint that answers what Entra accepts and three that it rejects. The test calls each
endpoint as Entra would, writes one JSON Lines object per answer (status, headers, body, elapsed
time, or the transport failure) and asserts on the verdicts entracheck prints with --json.

    ENTRACHECK=/path/to/entracheck python3 -m pytest examples/python

Only the standard library and pytest (Debian: python3-pytest).
"""
import http.server
import json
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest

CLAIMS_RESPONSE = "microsoft.graph.onTokenIssuanceStartResponseData"
PROVIDE_CLAIMS = "microsoft.graph.tokenIssuanceStart.provideClaimsForToken"


def claims_body(claims):
    return json.dumps({"data": {"@odata.type": CLAIMS_RESPONSE,
                                "actions": [{"@odata.type": PROVIDE_CLAIMS, "claims": claims}]}})


class Api(http.server.BaseHTTPRequestHandler):
    """The API under test: POST /claims/<case>."""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/claims/good":
            self.answer(200, "application/json", claims_body({"tier": "gold"}))
        elif self.path == "/claims/numeric":
            self.answer(200, "application/json", claims_body({"points": 120}))
        elif self.path == "/claims/crash":
            self.answer(500, "text/html", "<html><body>Internal Server Error</body></html>")
        elif self.path == "/claims/slow":
            time.sleep(1.5)
            self.answer(200, "application/json", claims_body({"tier": "late"}))
        else:
            self.answer(404, "text/plain", "not found")

    def answer(self, status, content_type, body):
        data = body.encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the slow endpoint)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def api_url():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Api)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:%d" % server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def entracheck():
    path = os.environ.get("ENTRACHECK") or shutil.which("entracheck")
    if not path:
        pytest.skip("set ENTRACHECK to the entracheck binary")
    return path


def call(url, name, timeout_s=1.0):
    """One call as Entra makes it, as one JSON Lines object for entracheck."""
    request = urllib.request.Request(url, data=b'{"type":"test"}', method="POST",
                                     headers={"Content-Type": "application/json"})
    start = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:  # 4xx and 5xx still are answers
        status, headers, body = error.code, error.headers, error.read()
    except (socket.timeout, TimeoutError):
        return {"name": name, "transport": "timed-out"}
    except urllib.error.URLError as error:
        if isinstance(error.reason, (socket.timeout, TimeoutError)):
            return {"name": name, "transport": "timed-out"}
        return {"name": name, "transport": "connection-failed"}
    elapsed_ms = (time.monotonic() - start) * 1000
    # A header sent twice is a list of values, as entracheck's JSON Lines take it.
    header_map = {}
    for key, value in headers.items():
        header_map.setdefault(key, []).append(value)
    return {"name": name, "status": status, "headers": header_map,
            "body": body.decode("utf-8"), "elapsed_ms": round(elapsed_ms, 1)}


def check(entracheck, lines):
    run = subprocess.run([entracheck, "check", "--input", "jsonl", "--json"],
                         input="".join(json.dumps(line) + "\n" for line in lines),
                         capture_output=True, text=True, timeout=60)
    assert run.returncode in (0, 1), run.stderr  # 2 would mean a bad line
    return {verdict["file"]: verdict for verdict in json.loads(run.stdout)}


def test_entra_accepts_the_good_endpoint_and_rejects_the_others(api_url, entracheck):
    lines = [
        call(api_url + "/claims/good", "good"),
        call(api_url + "/claims/numeric", "numeric"),
        call(api_url + "/claims/crash", "crash"),
        # Entra waits 1000 ms by default: a client that stops waiting then sees what Entra sees.
        call(api_url + "/claims/slow", "slow", timeout_s=1.0),
    ]
    verdicts = check(entracheck, lines)

    assert verdicts["good"]["verdict"] == "accepted"
    assert verdicts["good"]["event"] == "tokenIssuanceStart"  # inferred from the body

    assert verdicts["numeric"]["verdict"] == "rejected"
    assert verdicts["numeric"]["code"] == 1003003
    assert verdicts["numeric"]["rule"] == "claims.value-type"
    assert verdicts["numeric"]["pointer"] == "/data/actions/0/claims/points"

    assert verdicts["crash"]["code"] == 1003002  # a 500 page needs no event to be judged
    assert verdicts["crash"]["event"] is None

    assert verdicts["slow"]["code"] == 1003005
    assert verdicts["slow"]["name"] == "CustomExtensionTimedOut"


def test_a_bad_line_is_an_error_object_and_exit_2(entracheck):
    run = subprocess.run([entracheck, "check", "--input", "jsonl", "--json"],
                         input='{"status":200,"transport":"lost"}\n', capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 2
    [error] = json.loads(run.stdout)
    assert error["verdict"] == "error"
    assert "unknown transport" in error["message"]
