#!/usr/bin/env python3
"""Memory of idle WebSocket connections: starts the chat example's release build,
opens N WebSocket connections to it (default 1000), leaves them idle, and prints the
server's resident memory (VmRSS) before and after.

    cargo build -p brisk --release --example chat
    python3 e2e/ws_idle_rss.py target/release/examples/chat [N]
"""
import base64
import os
import resource
import signal
import socket
import subprocess
import sys
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def handshake(port, i):
    s = socket.create_connection(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall(
        f"GET /ws/{i} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(4096)
        if not chunk:
            raise RuntimeError("connection closed during the handshake")
        head += chunk
    if not head.startswith(b"HTTP/1.1 101"):
        raise RuntimeError(head.decode(errors="replace"))
    return s


def main():
    binary = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, n + 256)), hard))
    port = 18765
    env = dict(os.environ, HOST="127.0.0.1", PORT=str(port), RUST_LOG="warn")
    server = subprocess.Popen([binary], env=env, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port)).close()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(0.3)
        before = rss_kib(server.pid)
        conns = [handshake(port, i) for i in range(n)]
        time.sleep(2)
        after = rss_kib(server.pid)
        print(f"connections: {n}")
        print(f"server RSS before: {before / 1024:.1f} MiB")
        print(f"server RSS with {n} idle WebSockets: {after / 1024:.1f} MiB")
        print(f"per connection: {(after - before) / n:.1f} KiB")
        for c in conns:
            c.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
