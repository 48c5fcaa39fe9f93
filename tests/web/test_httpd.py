#!/usr/bin/env python3
"""test_httpd: http.httpd against curl and Python's http.client, bad input, and TLS.

Usage: test_httpd.py <skyglass binary>   (run from the source root)
"""
import http.client, os, socket, ssl, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(__file__))
from skyrun import Skyglass, check, checks_passed, read_until_close


def curl(*args):
    r = subprocess.run(["curl", "-sS", "--max-time", "5", *args], capture_output=True, text=True, timeout=10)
    return r.stdout


def raw_exchange(port, data, timeout=5):
    """Send raw bytes, read until the server closes. -> what came back."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        return read_until_close(s)


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as certs:
        # A self-signed certificate, made here for this run only.
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=127.0.0.1", "-keyout", os.path.join(certs, "server-key.pem"),
                        "-out", os.path.join(certs, "server-cert.pem")], check=True, capture_output=True)
        sky = Skyglass(binary, "tests/web/config.lua", TEST="web_server", CERT_DIR=certs)
        try:
            port = sky.port("http")
            tls_port = sky.port("https")
            base = f"http://127.0.0.1:{port}"

            check("curl GET /hello", curl(base + "/hello"), "hello\n")
            check("curl POST form with a query and a header",
                  curl("-H", "X-Test: yes", "-d", "a=1&b=two", base + "/echo?x=1&y=%20z&x=2"),
                  "method=POST path=/echo query=x=1,2&y= z x-test=yes body=a=1&b=two")
            check("curl reads a chunked response", curl(base + "/chunked"), "part1;part2;part3;")
            check("curl gets 404 for an unknown path", curl("-o", "/dev/null", "-w", "%{http_code}", base + "/nope"), "404")

            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/hello")
            r = c.getresponse()
            check("http.client status", (r.status, r.reason), (200, "OK"))
            check("http.client content-type", r.getheader("content-type"), "text/plain")
            check("http.client body", r.read(), b"hello\n")
            c.close()

            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("PUT", "/echo", body=iter([b"chunk-one ", b"chunk-two"]), encode_chunked=True,
                      headers={"Transfer-Encoding": "chunked", "X-Test": "chunks"})
            check("http.client chunked upload", c.getresponse().read(),
                  b"method=PUT path=/echo query= x-test=chunks body=chunk-one chunk-two")
            c.close()

            # Bad input: each closes only its own connection, with a clear error in the log.
            check("malformed request line: the connection is closed without an answer",
                  raw_exchange(port, b"THIS IS NOT HTTP\r\n\r\n"), b"")
            sky.wait_for(r"httpd\.lua:\d+: assertion failed!")  # skynet's words for a bad request line
            big = b"GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n"
            reply = raw_exchange(port, big)
            check("oversized header: 413 then close", reply.split(b"\r\n")[0], b"HTTP/1.1 413 Request Entity Too Large")
            check("HTTP/2.0 request line: 505", raw_exchange(port, b"GET / HTTP/2.0\r\nHost: x\r\n\r\n").split(b"\r\n")[0],
                  b"HTTP/1.1 505 HTTP Version not supported")
            check("the server still serves after bad input", curl(base + "/hello"), "hello\n")

            # TLS: curl and http.client through OpenSSL on the server side.
            check("curl over TLS (self-signed, -k)", curl("-k", f"https://127.0.0.1:{tls_port}/hello"), "hello\n")
            ctx = ssl.create_default_context(cafile=os.path.join(certs, "server-cert.pem"))
            ctx.check_hostname = False
            c = http.client.HTTPSConnection("127.0.0.1", tls_port, timeout=5, context=ctx)
            c.request("POST", "/echo?t=1", body=b"secret", headers={"X-Test": "tls"})
            check("http.client over TLS, verifying the certificate", c.getresponse().read(),
                  b"method=POST path=/echo query=t=1 x-test=tls body=secret")
            c.close()
            check("plain HTTP to the TLS port is refused", raw_exchange(tls_port, b"GET / HTTP/1.1\r\n\r\n")[:5] != b"HTTP/", True)

            check("GET /quit", curl(base + "/quit"), "bye")
            check("skyglass exits 0", sky.finish(), 0)
        finally:
            sky.kill()
    print(f"{checks_passed()} passed, 0 failed")


if __name__ == "__main__":
    main()
