#!/usr/bin/python3
"""The seed design, for `bench/run e2e`: a socket chat that shares one static Fernet key file.

This is how Parley began: every message is a Fernet token under a key that both sides read from the
same file, one token per line over a plain TCP connection; there is no handshake, no per-session key
and no identity. EndToEndBench runs it between the same two namespace hosts as Parley, as a baseline.

    seed_chat.py keygen KEYFILE
    seed_chat.py server KEYFILE HOST PORT [SIZE]
    seed_chat.py client KEYFILE HOST PORT COUNT [SIZE]

server: accepts one connection, decrypts each message, checks it (SIZE bytes, numbered in order) and
answers each with an encrypted acknowledgement naming its number; prints `listening` once bound and
`received N` when the client hangs up.
client: sends COUNT messages of SIZE bytes (default 200), each encrypted as it goes out, without
waiting (pipelined); a second thread reads, decrypts and checks the acknowledgements. Prints one JSON
line: {"messages":..., "acks":..., "seconds":..., "rate":...}, the time from the first send to the
last acknowledgement. Exits 1 with a message on stderr if anything is missing, out of order or wrong.
"""
import json
import os
import socket
import sys
import threading
import time

from cryptography.fernet import Fernet, InvalidToken

ALPHABET = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def text(i, size):
    """Message i: its number, a space, then letters that differ from message to message."""
    head = b"%07d " % i
    body = bytes(ALPHABET[(i * 31 + k * 7) % len(ALPHABET)] for k in range(size - len(head)))
    return head + body


def load_key(path):
    with open(path, "rb") as f:
        return Fernet(f.read().strip())


def keygen(path):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(Fernet.generate_key() + b"\n")


def server(fernet, host, port, size):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen(1)
    print("listening", flush=True)
    conn, _ = listener.accept()
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    received = 0
    with conn, conn.makefile("rb") as lines:
        for line in lines:
            try:
                message = fernet.decrypt(line.rstrip(b"\n"))
            except InvalidToken:
                sys.exit("server: message %d does not decrypt" % received)
            if not message.startswith(b"%07d " % received):
                sys.exit("server: message %d came out of order: %r" % (received, message[:8]))
            if len(message) != size:
                sys.exit("server: message %d has %d bytes, not %d" % (received, len(message), size))
            conn.sendall(fernet.encrypt(b"ack %07d" % received) + b"\n")
            received += 1
    print("received %d" % received, flush=True)


def client(fernet, host, port, count, size):
    conn = socket.create_connection((host, port))
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    messages = [text(i, size) for i in range(count)]  # made before the clock starts, as the bench's are
    result = {"acks": 0, "last": None, "error": None}

    def read_acks():
        with conn.makefile("rb") as lines:
            for line in lines:
                n = result["acks"]
                try:
                    ack = fernet.decrypt(line.rstrip(b"\n"))
                except InvalidToken:
                    result["error"] = "acknowledgement %d does not decrypt" % n
                    return
                if ack != b"ack %07d" % n:
                    result["error"] = "acknowledgement %d is %r" % (n, ack)
                    return
                result["acks"] = n + 1
                if n + 1 == count:
                    result["last"] = time.monotonic()
                    return

    acks = threading.Thread(target=read_acks, daemon=True)
    acks.start()
    start = time.monotonic()
    for m in messages:
        conn.sendall(fernet.encrypt(m) + b"\n")
    acks.join()
    conn.close()
    if result["error"] or result["last"] is None:
        sys.exit("client: %s (%d of %d acknowledged)" % (result["error"] or "connection closed", result["acks"], count))
    seconds = result["last"] - start
    print(json.dumps({"messages": count, "acks": result["acks"], "seconds": seconds, "rate": count / seconds}),
          flush=True)


def main(argv):
    if len(argv) == 2 and argv[0] == "keygen":
        keygen(argv[1])
    elif len(argv) in (4, 5) and argv[0] == "server":
        server(load_key(argv[1]), argv[2], int(argv[3]), int(argv[4]) if len(argv) == 5 else 200)
    elif len(argv) in (5, 6) and argv[0] == "client":
        client(load_key(argv[1]), argv[2], int(argv[3]), int(argv[4]), int(argv[5]) if len(argv) == 6 else 200)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
