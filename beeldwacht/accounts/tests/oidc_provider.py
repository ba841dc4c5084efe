"""A real OpenID Connect provider for the school-account tests, in a process of its own:
`python -m beeldwacht.accounts.tests.oidc_provider PORT`. The provider is the package
oidc-provider-mock (authlib underneath): discovery, the authorization page, the code
exchange and signed ID tokens that live a minute.

Two things a school's provider does are added in front of it, because the package leaves
them out:
- it insists on PKCE: an authorization request without an S256 code challenge is refused, and
  a code is exchanged only with the verifier that matches its challenge (Entra ID and Google
  check this for every client that sends a challenge);
- `PUT /test/audience/<sub>` makes the provider issue that user's next tokens to another
  application (a token meant for another app, as a misconfigured or hostile tenant could
  hand over): the ID token's audience is then that app, not Beeldwacht.
"""

import base64
import hashlib
import io
import json
import os
import sys
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit

from werkzeug.serving import make_server


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _read_body(environ) -> bytes:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def _replace_body(environ, body: bytes) -> None:
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))


def _answer(start_response, status: str, payload: dict | None = None):
    body = json.dumps(payload).encode() if payload is not None else b""
    start_response(status, [("Content-Type", "application/json")])
    return [body]


class SchoolProvider:
    def __init__(self, app):
        self.app = app
        self.issued_to: dict[str, str] = {}  # sub -> the other application's client id
        self.codes: dict[str, tuple[str, str | None]] = {}  # code -> (challenge, client id)

    def __call__(self, environ, start_response):
        path, method = environ["PATH_INFO"], environ["REQUEST_METHOD"]
        if path.startswith("/test/audience/") and method == "PUT":
            sub = path.removeprefix("/test/audience/")
            self.issued_to[sub] = _read_body(environ).decode()
            return _answer(start_response, "204 No Content")
        if path == "/oauth2/authorize":
            return self.authorize(environ, start_response)
        if path == "/oauth2/token" and method == "POST":
            return self.token(environ, start_response)
        return self.app(environ, start_response)

    def authorize(self, environ, start_response):
        query = parse_qs(environ.get("QUERY_STRING", ""))
        challenge = query.get("code_challenge", [""])[0]
        if not challenge or query.get("code_challenge_method") != ["S256"]:
            return _answer(
                start_response,
                "400 Bad Request",
                {"error": "invalid_request", "error_description": "PKCE (S256) is required"},
            )
        other_app = None
        if environ["REQUEST_METHOD"] == "POST":
            sub = parse_qs(_read_body(environ).decode()).get("sub", [""])[0]
            if other_app := self.issued_to.get(sub):
                query["client_id"] = [other_app]
                environ["QUERY_STRING"] = urlencode(query, doseq=True)

        def remember_code(status, headers, exc_info=None):
            location = dict(headers).get("Location", "")
            code = parse_qs(urlsplit(location).query).get("code", [""])[0]
            if code:
                self.codes[code] = (challenge, other_app)
            return start_response(status, headers, exc_info)

        return self.app(environ, remember_code)

    def token(self, environ, start_response):
        form = dict(parse_qsl(_read_body(environ).decode()))
        if form.get("grant_type") == "authorization_code":
            challenge, other_app = self.codes.pop(form.get("code", ""), ("", None))
            verifier = form.get("code_verifier", "")
            if not challenge or not verifier or _challenge(verifier) != challenge:
                return _answer(
                    start_response,
                    "400 Bad Request",
                    {"error": "invalid_grant", "error_description": "PKCE verifier mismatch"},
                )
            if other_app:
                form["client_id"] = other_app
                _replace_body(environ, urlencode(form).encode())
        return self.app(environ, start_response)


def main(port: int) -> None:
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain HTTP on 127.0.0.1 only
    from datetime import timedelta

    import oidc_provider_mock

    app = oidc_provider_mock.app(access_token_max_age=timedelta(minutes=1))
    server = make_server("127.0.0.1", port, SchoolProvider(app), threaded=True)
    print(f"listening on {port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]))
