"""Response objects of requests, httpx, Flask (werkzeug) and FastAPI's TestClient, and
http.client, as small fakes with the attributes each library has: the adapters are duck-typed."""
import email.message

import entracheck

BODY = (b'{"data":{"@odata.type":"microsoft.graph.onTokenIssuanceStartResponseData",'
        b'"actions":[{"@odata.type":"microsoft.graph.tokenIssuanceStart.provideClaimsForToken",'
        b'"claims":{"points":5}}]}}')


class CaseInsensitiveDict(dict):
    """requests.structures.CaseInsensitiveDict, for what the adapter uses: items()."""


class RequestsResponse:  # requests.Response
    def __init__(self, status, headers, content):
        self.status_code, self.headers, self.content = status, CaseInsensitiveDict(headers), content


class HttpxHeaders:  # httpx.Headers keeps repeated headers; multi_items() lists them all
    def __init__(self, pairs):
        self._pairs = pairs

    def multi_items(self):
        return list(self._pairs)

    def items(self):  # httpx merges repeated values here: the adapter must not use it
        merged = {}
        for k, v in self._pairs:
            merged[k.lower()] = merged[k.lower()] + ", " + v if k.lower() in merged else v
        return merged.items()


class HttpxResponse:  # httpx.Response, also what FastAPI's / Starlette's TestClient returns
    def __init__(self, status, pairs, content):
        self.status_code, self.headers, self.content = status, HttpxHeaders(pairs), content


class WerkzeugHeaders:  # werkzeug.datastructures.Headers: items() yields every pair
    def __init__(self, pairs):
        self._pairs = pairs

    def items(self):
        return list(self._pairs)

    def getlist(self, name):
        return [v for k, v in self._pairs if k.lower() == name.lower()]


class FlaskTestResponse:  # flask.testing / werkzeug.test.TestResponse: no .content
    def __init__(self, status, pairs, data):
        self.status_code, self.headers, self._data = status, WerkzeugHeaders(pairs), data

    def get_data(self):
        return self._data


class HttpClientResponse:  # http.client.HTTPResponse (urllib.request.urlopen)
    def __init__(self, status, pairs, data):
        self.status = status
        self.headers = email.message.Message()
        for k, v in pairs:
            self.headers[k] = v
        self._data = data

    def read(self):
        return self._data


JSON = [("Content-Type", "application/json")]


def test_requests_response():
    verdict = entracheck.check(RequestsResponse(200, dict(JSON), BODY))
    assert (verdict.code, verdict.rule, verdict.pointer) == (1003003, "claims.value-type",
                                                             "/data/actions/0/claims/points")


def test_httpx_and_fastapi_response_keep_repeated_headers():
    assert entracheck.check(HttpxResponse(200, JSON, BODY)).rule == "claims.value-type"
    repeated = entracheck.check(HttpxResponse(200, JSON * 2, BODY))
    assert (repeated.code, repeated.rule) == (1003006, "content-type.repeated")


def test_flask_test_client_response():
    entracheck.assert_rejected(FlaskTestResponse(200, JSON, BODY), code=1003003, rule="claims.value-type")
    no_type = entracheck.check(FlaskTestResponse(200, [("X-A", "b")], BODY))
    assert no_type.rule == "content-type.missing"


def test_http_client_response():
    verdict = entracheck.check(HttpClientResponse(201, JSON, BODY), event="tokenIssuanceStart")
    assert (verdict.code, verdict.rule) == (1003002, "status.success-not-200")


def test_response_parts_and_misuse():
    status, headers, body = entracheck.response_parts(HttpxResponse(204, JSON, b""))
    assert (status, headers, body) == (204, JSON, b"")
    try:
        entracheck.check(RequestsResponse(200, {}, BODY), status=200)
    except entracheck.EntracheckError as error:
        assert "not both" in str(error)
    else:
        raise AssertionError("a response object and parts together must be refused")
    try:
        entracheck.check(object())
    except TypeError as error:
        assert "status" in str(error)
    else:
        raise AssertionError("an object without a status must be refused")
