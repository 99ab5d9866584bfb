#!/usr/bin/python3
"""Independent check of Parley's handshake test vector.

Written from docs/PROTOCOL.md (sections 1 to 9, 12 and 3), not from Parley's Java code, on top of
Python's `cryptography` package: its X25519, Ed25519, HKDF-Expand and HMAC, and its Fernet class, the
reference implementation of Fernet. Given the vector's inputs it recomputes every message, key, hash and
record, then:

  - compares them byte for byte with the outputs stored in the vector file (made by the Java code);
  - opens the stored Fernet tokens (T2, T3, READY, CHAT) with cryptography.fernet.Fernet and checks
    their plaintexts, signatures and finished MACs;
  - seals the same plaintexts with the same IV and time (Fernet._encrypt_from_parts) and compares.

Usage:
  /usr/bin/python3 src/test/python/check_vector.py [VECTOR_JSON]     check; exit 0 when all agree
  /usr/bin/python3 src/test/python/check_vector.py --emit [VECTOR_JSON]
      print what this implementation computes (outputs and intermediate values) as JSON, checking nothing

VECTOR_JSON defaults to src/test/resources/handshake-vector.json next to this script's tree.
"""

import base64
import hashlib
import hmac
import json
import os
import struct
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand

# --- section 1: primitives --------------------------------------------------------------------------

RAW = dict(encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw)


def H(*parts):
    return hashlib.sha256(b"".join(parts)).digest()


def HMAC(key, *parts):
    return hmac.new(key, b"".join(parts), hashlib.sha256).digest()


def extract(salt, ikm):
    return HMAC(salt, ikm)


def expand(prk, info, length):
    return HKDFExpand(hashes.SHA256(), length, info).derive(prk)


def key_file_form(key32):
    """Section 1: the Fernet key form, URL-safe base64 with padding."""
    return base64.urlsafe_b64encode(key32).decode("ascii")


def fernet(key32):
    return Fernet(key_file_form(key32))


def seal(key32, plaintext, ts_seconds, iv):
    return fernet(key32)._encrypt_from_parts(plaintext, ts_seconds, iv)


def u8(n):
    return struct.pack(">B", n)


def u64(n):
    return struct.pack(">Q", n)


# --- section 3: identities ---------------------------------------------------------------------------

def fingerprint(pk):
    return "SHA256:" + base64.b64encode(H(pk)).decode("ascii").rstrip("=")


def safety_number(pk_a, pk_b):
    def side(pk):
        d = b"\x00\x00" + pk + fingerprint(pk).encode("utf-8")
        for _ in range(5200):
            d = hashlib.sha512(d + pk).digest()
        return "".join("%05d" % (int.from_bytes(d[i:i + 5], "big") % 100000) for i in range(0, 30, 5))

    a, b = side(pk_a), side(pk_b)
    digits = a + b if a <= b else b + a
    return " ".join(digits[i:i + 5] for i in range(0, 60, 5))


# --- sections 5 to 7: the handshake -------------------------------------------------------------------

PROTOCOL_NAME = b"parley/1 SIGMA-I X25519 Ed25519 HKDF-SHA256 Fernet"


def payload(clock_ms, nick, caps=b""):
    n = nick.encode("utf-8")
    assert len(n) <= 64 and len(caps) <= 32
    return u64(clock_ms) + u8(len(n)) + n + u8(len(caps)) + caps


def parse_payload(b):
    clock, nick_len = struct.unpack(">QB", b[:9])
    assert nick_len <= 64, "nick too long"
    nick = b[9:9 + nick_len]
    caps_len = b[9 + nick_len]
    caps = b[10 + nick_len:10 + nick_len + caps_len]
    assert len(caps) == caps_len <= 32, "caps"
    assert len(b) == 10 + nick_len + caps_len, "trailing bytes"
    return clock, nick.decode("utf-8"), caps


class Party:
    def __init__(self, spec):
        self.nick = spec["nickname"]
        self.sk = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(spec["identity_seed"]))
        self.pk = self.sk.public_key().public_bytes(**RAW)
        self.x = X25519PrivateKey.from_private_bytes(bytes.fromhex(spec["ephemeral_private"]))
        self.e = self.x.public_key().public_bytes(**RAW)
        self.clock_ms = spec["clock_ms"]
        self.ts = self.clock_ms // 1000  # Fernet timestamps are whole seconds

    def payload(self):
        return payload(self.clock_ms, self.nick)


def handshake(inputs, psk, flags):
    """Runs sections 5 to 7 for both sides at once; returns (values, intermediates)."""
    ini = Party(inputs["initiator"])
    res = Party(inputs["responder"])
    vmin, vmax = inputs["versions"]["min"], inputs["versions"]["max"]
    out, mid = {}, {}

    # 5.1
    h = H(PROTOCOL_NAME)
    ck = extract(h, psk)
    mid["h0"], mid["ck0"] = h, ck

    # 5.2
    hdr = b"PRLY" + u8(vmin) + u8(vmax) + u8(flags)
    m1key = expand(ck, b"m1", 32)
    m1mac = HMAC(m1key, h, hdr, ini.e)
    M1 = hdr + ini.e + m1mac
    assert len(M1) == 71
    h = H(h, hdr, ini.e, m1mac)
    mid["m1_key"], mid["m1_mac"], mid["h_after_m1"] = m1key, m1mac, h

    # 5.3: both sides speak vmin..vmax, so the highest common version is vmax
    v = vmax
    h = H(h, u8(v), res.e)
    dh = res.x.exchange(X25519PublicKey.from_public_bytes(ini.e))
    assert dh == ini.x.exchange(X25519PublicKey.from_public_bytes(res.e))
    ck = extract(ck, dh)
    okm = expand(ck, b"hs" + h, 128)
    kR, kI, fR, fI = okm[0:32], okm[32:64], okm[64:96], okm[96:128]
    mid.update(h_after_v_er=h, dh=dh, ck_after_dh=ck, k_r=kR, k_i=kI, f_r=fR, f_i=fI)

    sigR = res.sk.sign(b"parley/1 responder" + h)
    finR = HMAC(fR, h, res.pk, sigR)
    t2_plain = res.pk + sigR + finR + res.payload()
    T2 = seal(kR, t2_plain, res.ts, bytes.fromhex(inputs["responder"]["t2_iv"]))
    M2 = u8(v) + res.e + T2
    h_t2_signed = h
    h = H(h, T2)
    mid.update(sig_r=sigR, fin_r=finR, t2_plaintext=t2_plain, h_after_t2=h)

    # 5.6
    sigI = ini.sk.sign(b"parley/1 initiator" + h)
    finI = HMAC(fI, h, ini.pk, sigI)
    t3_plain = ini.pk + sigI + finI + ini.payload()
    T3 = seal(kI, t3_plain, ini.ts, bytes.fromhex(inputs["initiator"]["t3_iv"]))
    M3 = T3
    h_t3_signed = h
    h = H(h, T3)
    mid.update(sig_i=sigI, fin_i=finI, t3_plaintext=t3_plain)

    # 7
    traffic = expand(ck, b"traffic" + h, 64)
    k_i2r, k_r2i = traffic[:32], traffic[32:]

    out.update(m1=M1, m2=M2, m3=M3, k_i2r=k_i2r, k_r2i=k_r2i, transcript_hash=h)
    keys = dict(kR=kR, kI=kI, fR=fR, fI=fI, h_t2_signed=h_t2_signed, h_t3_signed=h_t3_signed)
    return ini, res, out, mid, keys


def records(inputs, ini, res, k_i2r, k_r2i):
    """Section 8 and 9: READY (responder seq 0) and one CHAT (initiator seq 0)."""
    chat = inputs["chat"]
    ready_plain = u8(1) + u64(0)
    chat_body = bytes.fromhex(chat["id"]) + u64(chat["time_ms"]) + chat["text"].encode("utf-8")
    chat_plain = u8(2) + u64(0) + chat_body
    ready = seal(k_r2i, ready_plain, res.ts, bytes.fromhex(inputs["responder"]["ready_iv"]))
    chat_token = seal(k_i2r, chat_plain, ini.ts, bytes.fromhex(inputs["initiator"]["chat_iv"]))
    return dict(ready_plaintext=ready_plain, ready_token=ready, chat_plaintext=chat_plain, chat_token=chat_token)


def compute(doc, case):
    psk = bytes.fromhex(case["network_key"]) if case["network_key"] else bytes(32)
    if case["network_key"]:
        # section 4: the key file holds the key in key-file form
        assert base64.urlsafe_b64decode(case["network_key_file"]) == psk, "network key file form"
        assert key_file_form(psk) == case["network_key_file"]
    flags = 1 if case["network_key"] else 0  # 5.2: bit 0 says a network key is in use
    ini, res, out, mid, keys = handshake(doc["inputs"], psk, flags)
    out.update(records(doc["inputs"], ini, res, out["k_i2r"], out["k_r2i"]))
    out["k_i2r_key_file"] = key_file_form(out["k_i2r"])
    out["k_r2i_key_file"] = key_file_form(out["k_r2i"])
    return ini, res, out, mid, keys


def identities(doc):
    ini = Party(doc["inputs"]["initiator"])
    res = Party(doc["inputs"]["responder"])
    return dict(initiator_public=ini.pk, responder_public=res.pk, initiator_ephemeral_public=ini.e,
                responder_ephemeral_public=res.e, initiator_fingerprint=fingerprint(ini.pk),
                responder_fingerprint=fingerprint(res.pk), safety_number=safety_number(ini.pk, res.pk))


# --- checking the stored (Java-made) values -----------------------------------------------------------

TOKENS = {"ready_token", "chat_token"}


def stored_form(name, v):
    if name in TOKENS:
        return v.decode("ascii")
    if isinstance(v, bytes):
        return v.hex()
    return v


class Checker:
    def __init__(self):
        self.failures = []
        self.checks = 0

    def equal(self, what, expected, actual):
        self.checks += 1
        if expected != actual:
            self.failures.append("%s:\n    stored:   %s\n    computed: %s" % (what, expected, actual))

    def true(self, what, ok):
        self.checks += 1
        if not ok:
            self.failures.append(what)


def open_handshake_token(c, what, key, token, label, h_signed, fin_key, pk, party):
    """Opens T2 or T3 with the reference Fernet and checks it as section 5.5 says."""
    try:
        plain = fernet(key).decrypt(token)  # no ttl: handshake token times are not checked (5.5)
    except InvalidToken:
        c.true("%s does not open under the derived key" % what, False)
        return
    c.true("%s: plaintext shorter than 128 bytes" % what, len(plain) >= 128)
    c.equal("%s: public key inside" % what, pk.hex(), plain[:32].hex())
    fin = plain[96:128]
    c.true("%s: finished MAC" % what, hmac.compare_digest(fin, HMAC(fin_key, h_signed, plain[:32], plain[32:96])))
    try:
        Ed25519PublicKey.from_public_bytes(plain[:32]).verify(plain[32:96], label + h_signed)
        c.true("", True)
    except InvalidSignature:
        c.true("%s: signature does not verify" % what, False)
    clock, nick, caps = parse_payload(plain[128:])
    c.equal("%s: payload clock" % what, party.clock_ms, clock)
    c.equal("%s: payload nickname" % what, party.nick, nick)
    c.equal("%s: payload capabilities" % what, b"", caps)


def open_record(c, what, key, token, receiver_ms, offset_ms, expect_plain):
    """Opens a record token as its receiver would (8.3, 8.5): at the peer's estimated clock, TTL 300 s."""
    now = (receiver_ms + offset_ms) // 1000
    try:
        plain = fernet(key).decrypt_at_time(token, 300, now)
    except InvalidToken:
        c.true("%s does not open (or is outside the validity window)" % what, False)
        return
    c.equal("%s plaintext" % what, expect_plain.hex(), plain.hex())
    c.true("%s: record shorter than its header" % what, 9 <= len(plain) <= 32768)


def check(doc):
    c = Checker()
    ids = identities(doc)
    for k, v in ids.items():
        c.equal("identities." + k, doc["identities"].get(k), stored_form(k, v))

    for case in doc["cases"]:
        name = case["name"]
        stored = case["outputs"]
        ini, res, out, mid, keys = compute(doc, case)
        for k, v in out.items():
            c.equal("%s: outputs.%s" % (name, k), stored.get(k), stored_form(k, v))
        for k in stored:
            c.true("%s: stored output %s is not checked by this script" % (name, k), k in out)
        for k, v in mid.items():
            c.equal("%s: intermediate.%s" % (name, k), case.get("intermediate", {}).get(k), v.hex())

        # Take the Java-made messages apart and open them with the reference Fernet.
        m1 = bytes.fromhex(stored["m1"])
        m2 = bytes.fromhex(stored["m2"])
        m3 = bytes.fromhex(stored["m3"])
        c.equal(name + ": M1 header", ("PRLY" + "\x01\x01" + ("\x01" if case["network_key"] else "\x00")).encode(),
                m1[:7])
        c.equal(name + ": M2 version", 1, m2[0])
        c.equal(name + ": M2 eR", res.e.hex(), m2[1:33].hex())
        t2, t3 = m2[33:], m3
        open_handshake_token(c, name + ": T2", keys["kR"], t2, b"parley/1 responder", keys["h_t2_signed"],
                             keys["fR"], res.pk, res)
        open_handshake_token(c, name + ": T3", keys["kI"], t3, b"parley/1 initiator", keys["h_t3_signed"],
                             keys["fI"], ini.pk, ini)
        # Records: each receiver's validator runs at its own clock plus the offset it learned.
        k_i2r, k_r2i = bytes.fromhex(stored["k_i2r"]), bytes.fromhex(stored["k_r2i"])
        open_record(c, name + ": READY", k_r2i, stored["ready_token"].encode(), ini.clock_ms,
                    res.clock_ms - ini.clock_ms, out["ready_plaintext"])
        open_record(c, name + ": CHAT", k_i2r, stored["chat_token"].encode(), res.clock_ms,
                    ini.clock_ms - res.clock_ms, out["chat_plaintext"])
        # A wrong key must not open them (the check above is not vacuous).
        for what, tok in (("READY", stored["ready_token"]), ("CHAT", stored["chat_token"])):
            try:
                fernet(bytes(32)).decrypt(tok)
                c.true("%s: %s opens under an all-zero key" % (name, what), False)
            except InvalidToken:
                c.true("", True)
    return c


def emit(doc):
    ids = identities(doc)
    result = {"identities": {k: stored_form(k, v) for k, v in ids.items()}, "cases": []}
    for case in doc["cases"]:
        _, _, out, mid, _ = compute(doc, case)
        result["cases"].append({"name": case["name"],
                                "outputs": {k: stored_form(k, v) for k, v in out.items()},
                                "intermediate": {k: v.hex() for k, v in mid.items()}})
    json.dump(result, sys.stdout, indent=2)
    print()


def main(argv):
    args = [a for a in argv[1:] if a != "--emit"]
    default = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "handshake-vector.json")
    path = args[0] if args else default
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if "--emit" in argv:
        emit(doc)
        return 0
    c = check(doc)
    if c.failures:
        print("check_vector: %d of %d checks FAILED" % (len(c.failures), c.checks))
        for f in c.failures:
            print("  - " + f)
        return 1
    print("check_vector: all %d checks passed (%d cases): the Python reference reproduces the vector"
          % (c.checks, len(doc["cases"])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
