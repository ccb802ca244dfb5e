#!/usr/bin/env python3
"""raw_http.py — raw HTTP bytes to `belong serve`, for what curl will not send (test-web-hostile.sh).
  raw_http.py send URL_BASE FILE      sends FILE's bytes as they are; prints the response's status
                                      code, or "closed" when the server closed without answering
  raw_http.py drip URL_BASE FILE S    sends FILE one byte every S seconds; prints "closed N" when
                                      the server closed the connection after N bytes, else "open"
  raw_http.py hold URL_BASE N         holds N idle connections, then sends one GET / on another;
                                      prints its status code or "closed"
"""
import socket
import sys
import time
from urllib.parse import urlparse


def connect(base):
    u = urlparse(base)
    return socket.create_connection((u.hostname, u.port), timeout=30)


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
        payload = open(sys.argv[3], "rb").read()
        s = connect(base)
        try:
            s.sendall(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass
        print(status_of(s))
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


main()
