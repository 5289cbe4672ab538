from conftest import replace


def test_http_image(lint):
    text = replace('url: "https://harbour-news', 'url: "http://harbour-news')
    assert lint(text) == [(22, 10, "insecure-url")]


def test_online_fix_upgrades_when_https_answers_the_same(tmp_path):
    """A real TLS server on 127.0.0.5:443 beside a plain one on :80 (needs root and openssl)."""
    import os
    import shutil
    import ssl
    import subprocess
    import sys
    import threading
    from http.server import ThreadingHTTPServer

    import pytest

    pytest.importorskip("aiohttp")
    if os.geteuid() != 0 or shutil.which("openssl") is None:
        pytest.skip("needs root (ports 80 and 443) and openssl")
    from httpserver import Site, handler_for, write_article

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.5",
            "-addext",
            "subjectAltName=IP:127.0.0.5",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    site = Site()
    plain = ThreadingHTTPServer(("127.0.0.5", 80), handler_for(site))
    secure = ThreadingHTTPServer(("127.0.0.5", 443), handler_for(site))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    secure.socket = context.wrap_socket(secure.socket, server_side=True)
    for server in (plain, secure):
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        path = write_article(
            tmp_path,
            "a",
            "http://127.0.0.5",
            "http://127.0.0.5/ok",
            image="http://127.0.0.5/img/match.png",
        )
        env = {**os.environ, "SSL_CERT_FILE": str(cert)}
        command = [
            sys.executable,
            "-m",
            "linter",
            "--online",
            "--fix",
            "--no-cache",
            "--allow-host",
            "127.0.0.5",
            str(path),
        ]
        subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    finally:
        plain.shutdown()
        secure.shutdown()
    text = path.read_text()
    assert 'webUrl: "https://127.0.0.5/ok"' in text
    assert 'url: "https://127.0.0.5/img/match.png"' in text
