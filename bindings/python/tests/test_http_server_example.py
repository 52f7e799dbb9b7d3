"""An example of testing an API in-process: a small custom claims provider on http.server,
bound to 127.0.0.1 on a free port, called with urllib and checked with entracheck. The region
between the readme:python marks is the README's Python snippet."""
import http.server
import json
import threading
import urllib.request

import pytest


class ClaimsApi(http.server.BaseHTTPRequestHandler):
    """The API under test: answers tokenIssuanceStart with the caller's loyalty claims."""

    def do_POST(self):  # noqa: N802 - http.server's name
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        points = request["data"]["authenticationContext"]["user"].get("points")
        answer = {"data": {"@odata.type": "microsoft.graph.onTokenIssuanceStartResponseData", "actions": [
            {"@odata.type": "microsoft.graph.tokenIssuanceStart.provideClaimsForToken",
             "claims": {"tier": "gold", "points": points}}]}}
        body = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def api_url():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ClaimsApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:%d/api/claims" % server.server_address[1]
    server.shutdown()
    server.server_close()


def call(url, points):
    request = {"type": "microsoft.graph.authenticationEvent.tokenIssuanceStart",
               "data": {"authenticationContext": {"user": {"points": points}}}}
    return urllib.request.urlopen(urllib.request.Request(
        url, data=json.dumps(request).encode(), headers={"Content-Type": "application/json"}), timeout=10)


# [readme:python]
import entracheck  # noqa: E402 - here so that the README's snippet shows it


def test_string_points_are_accepted(api_url):
    with call(api_url, points="120") as response:
        entracheck.assert_accepted(response, event="tokenIssuanceStart")


def test_numeric_points_are_rejected(api_url):
    with call(api_url, points=120) as response:
        verdict = entracheck.assert_rejected(response, code=1003003, rule="claims.value-type")
    assert verdict.pointer == "/data/actions/0/claims/points"
# [/readme:python]
