#!/usr/bin/env python3
"""raw_http.py — raw HTTP bytes to `belong serve`, for what curl will not send (test-web-hostile.sh,
test-web-inputs.sh; test-admin-zip.sh imports partial_upload).
  raw_http.py send URL_BASE FILE      sends FILE's bytes as they are; prints the response's status
                                      code, or "closed" when the server closed without answering
  raw_http.py answer URL_BASE FILE    sends FILE's bytes and reads the whole answer: prints its
                                      status code, "headers" when it has belong's security
                                      headers (CSP, nosniff, Referrer-Policy, X-Frame-Options,
                                      Cache-Control: no-store) or "bare" when it has none of them,
                                      "mixed" otherwise; then "echo" when the body holds the
                                      request's marker "Zq7" (else "fixed"); "closed" for none
  raw_http.py drip URL_BASE FILE S    sends FILE one byte every S seconds; prints "closed N" when
                                      the server closed the connection after N bytes, else "open"
  raw_http.py hold URL_BASE N         holds N idle connections, then sends one GET / on another;
                                      prints its status code or "closed"
  raw_http.py spread URL_BASE N S     holds N idle connections, up to 60 from each loopback
                                      address (127.0.0.2, .3, ...), then sends GET / from another
                                      and waits S seconds: prints "answered" or "waiting", then
                                      lets the N go and prints the GET's status code or "closed"
"""
import socket
import sys
import time
from urllib.parse import urlparse


def connect(base):
    u = urlparse(base)
    return socket.create_connection((u.hostname, u.port), timeout=30)


def send_file(base, path):
    """A connection that has sent the bytes of the file at path (as far as the server took them)."""
    s = connect(base)
    try:
        s.sendall(open(path, "rb").read())
    except (BrokenPipeError, ConnectionResetError):
        pass
    return s


def partial_upload(base, csrf, token, name, data):
    """A connection that has sent the upload form's head and the first bytes (data) of a file
    named name, 1.5 MB declared, and holds the rest back (test-admin-zip.sh)."""
    u = urlparse(base)
    part = (b'--XyZ\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n' + csrf.encode() +
            b'\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="' +
            name.encode() + b'"\r\n\r\n')
    head = ("POST /admin/imports HTTP/1.1\r\nHost: %s:%d\r\nCookie: belong_session=%s\r\n"
            "Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: %d\r\n\r\n"
            % (u.hostname, u.port, token, len(part) + 1500000)).encode()
    s = connect(base)
    s.sendall(head + part + data)
    return s


def status_of(sock):
    data = b""
    try:
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    except (ConnectionResetError, socket.timeout):
        pass
    if not data.startswith(b"HTTP/"):
        return "closed"
    return data.split(b" ")[1].decode()


def main():
    mode, base = sys.argv[1], sys.argv[2]
    if mode == "send":
        print(status_of(send_file(base, sys.argv[3])))
    elif mode == "answer":
        s = send_file(base, sys.argv[3])
        data = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        except (ConnectionResetError, socket.timeout):
            pass
        if not data.startswith(b"HTTP/"):
            print("closed")
            return
        head, _, body = data.partition(b"\r\n\r\n")
        head = head.decode("latin-1").lower()
        wanted = ["content-security-policy: default-src 'self'; frame-ancestors 'none'",
                  "x-content-type-options: nosniff", "referrer-policy: no-referrer",
                  "x-frame-options: deny", "cache-control: no-store"]
        found = sum(h in head for h in wanted)
        print(head.split(" ")[1], "headers" if found == len(wanted) else "bare" if not found
              else "mixed", "echo" if b"Zq7" in body else "fixed")
    elif mode == "drip":
        payload = open(sys.argv[3], "rb").read()
        pause = float(sys.argv[4])
        s = connect(base)
        s.settimeout(pause)
        for n in range(len(payload)):
            try:
                s.send(payload[n:n + 1])
                s.recv(1, socket.MSG_PEEK)  # an answer (400, 408) or the end: closed
                print("closed", n + 1)
                return
            except socket.timeout:
                continue
            except (BrokenPipeError, ConnectionResetError):
                print("closed", n + 1)
                return
        print("open")
    elif mode == "hold":
        held = [connect(base) for _ in range(int(sys.argv[3]))]
        time.sleep(0.5)
        try:
            s = connect(base)
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            print(status_of(s))
        except (ConnectionResetError, BrokenPipeError):
            print("closed")
        for h in held:
            h.close()
    elif mode == "spread":
        u = urlparse(base)
        n, wait = int(sys.argv[3]), float(sys.argv[4])

        def connect_from(i):
            return socket.create_connection((u.hostname, u.port), timeout=30,
                                            source_address=("127.0.0.%d" % (2 + i // 60), 0))
        held = [connect_from(i) for i in range(n)]
        time.sleep(0.5)
        s = connect_from(n + 60)  # an address none of the held ones has
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        s.settimeout(wait)
        try:
            s.recv(1, socket.MSG_PEEK)
            print("answered")
        except socket.timeout:
            print("waiting")
        except (ConnectionResetError, BrokenPipeError):
            print("closed")
        for h in held:
            h.close()
        s.settimeout(30)
        print(status_of(s))


if __name__ == "__main__":
    main()
