#!/usr/bin/env python3
"""An hsx-kit conformance adapter written in Python (docs/certifying.md walks through it).

The runner (`hsx-kit certify --impl "python3 examples/adapter/hsx_adapter.py"`) starts
this script and talks to it in JSON lines: one request per stdin line, exactly one
reply per stdout line, in order, echoing the request's seq. Nothing else may go to
stdout; logs go to stderr.

The script has two halves:

* `Adapter` speaks the protocol: the handshake (hello), instances (new, end), operations
  (call) and the goodbye (bye). This is the part every adapter needs, whatever it wraps.
* `Implementation` is what is being certified. A port would put its own code here (a
  ctypes binding of a C library, a Python module, a serial link to a board). To keep this
  example runnable on its own, it drives the TypeScript reference through
  `hsx-kit adapter`, so it certifies wherever the reference does.

Options (for trying the runner's checks):
  --levels L1,L2   declare only these levels (the others are UNSUPPORTED)
  --quirk NAME     a deliberate bug, one the HSX prototype had: open-flags (OPEN ignores
                   its access flags, every handle is read/write) or silent-hint (a
                   zero-length send wakes nobody)
  --spec-hash H    claim to be built from spec H instead of generated/py's hash
  --verbose        log every request to stderr
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the hsx-kit checkout
NAME = "example-python-adapter"
VERSION = "1.0.0"
PROTOCOL = 1  # the adapter protocol version this script speaks

# The spec hash an implementation reports is the one of the generated constants it was
# built from: here generated/py/hsx_constants.py, which a Python port would import.
# (No __pycache__ next to it: `hsx-kit gen --check` would report it as an extra file.)
sys.dont_write_bytecode = True
sys.path.insert(0, str(ROOT / "generated" / "py"))
import hsx_constants  # noqa: E402


def log(*parts):
    print(NAME + ":", *parts, file=sys.stderr, flush=True)


class Implementation:
    """The implementation under test. This one forwards to the TypeScript reference."""

    def __init__(self, quirk):
        self.quirk = quirk
        self.proc = subprocess.Popen(
            ["node", str(ROOT / "bin" / "hsx-kit.js"), "adapter"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        self.seq = 0
        # What the reference offers (levels, profiles, features).
        self.offers = self._ask("hello", protocol=PROTOCOL, spec_hash=hsx_constants.SPEC_HASH,
                                runner=NAME)["ok"]

    def _ask(self, cmd, **body):
        self.seq += 1
        self.proc.stdin.write(json.dumps({"seq": self.seq, "cmd": cmd, **body}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the reference adapter exited")
        return json.loads(line)

    def new(self, level, profile, config):
        """Make a fresh instance: the reply body without seq ({"ok": {"instance": N}} etc.)."""
        reply = self._ask("new", level=level, profile=profile, config=config)
        reply.pop("seq", None)
        return reply

    def call(self, instance, op, args):
        """Run one operation: returns the reply body without seq ({"ok": ...} etc.)."""
        if self.quirk == "open-flags" and op == "mbx.open":
            args = {**args, "flags": 0}  # the prototype's bug: access flags ignored
        reply = self._ask("call", instance=instance, op=op, args=args)
        reply.pop("seq", None)
        if "ok" in reply:
            self._apply_quirk(op, args, reply["ok"]["result"])
        return reply

    def end(self, instance):
        self._ask("end", instance=instance)

    def close(self):
        self._ask("bye")
        self.proc.wait(timeout=5)

    def _apply_quirk(self, op, args, result):
        if self.quirk == "silent-hint" and op == "mbx.send" and args.get("data") == "" \
                and result.get("status") == 0:
            # The prototype's bug: the hint is accepted, but no waiting reader wakes.
            result["completions"] = []
            result["events"] = [e for e in result["events"] if e["type"] == "mailbox_send"]


class Adapter:
    """The protocol side: one reply per request."""

    def __init__(self, options):
        self.options = options
        self.impl = Implementation(options.quirk)
        offers = self.impl.offers
        self.levels = options.levels.split(",") if options.levels else offers["levels"]
        self.profiles = offers["profiles"]
        self.features = offers["features"]
        self.instances = set()

    def handle(self, req):
        cmd = req.get("cmd")
        if cmd == "hello":
            if req.get("protocol") != PROTOCOL:
                return {"error": {"message": f"this adapter speaks protocol {PROTOCOL}"}}
            return {"ok": {
                "implementation": {"name": NAME, "version": VERSION},
                "protocol": PROTOCOL,
                "spec_hash": self.options.spec_hash or hsx_constants.SPEC_HASH,
                "levels": self.levels,
                "profiles": self.profiles,
                "features": self.features,
            }}
        if cmd == "new":
            if req["level"] not in self.levels:
                return {"unsupported": {"reason": f"no level {req['level']}"}}
            body = self.impl.new(req["level"], req.get("profile"), req.get("config", {}))
            if "ok" in body:
                self.instances.add(body["ok"]["instance"])
            return body  # ok, or unsupported (say, a profile it lacks), or error
        if cmd == "call":
            if req.get("instance") not in self.instances:
                return {"error": {"message": f"no instance {req.get('instance')}"}}
            return self.impl.call(req["instance"], req["op"], req.get("args", {}))
        if cmd == "end":
            if req.get("instance") in self.instances:
                self.instances.discard(req["instance"])
                self.impl.end(req["instance"])
            return {"ok": {}}
        if cmd == "bye":
            return {"ok": {}}
        return {"error": {"message": f"unknown command {cmd}"}}

    def serve(self):
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                req = json.loads(line)
            except json.JSONDecodeError:
                self.reply(0, {"error": {"message": "request is not JSON"}})
                continue
            if self.options.verbose:
                log(line.strip())
            try:
                body = self.handle(req)
            except Exception as e:  # a bug here is an error reply, never a crash
                body = {"error": {"message": f"{type(e).__name__}: {e}"}}
            self.reply(req.get("seq", 0), body)
            if req.get("cmd") == "bye":
                break
        self.impl.close()

    @staticmethod
    def reply(seq, body):
        sys.stdout.write(json.dumps({"seq": seq, **body}) + "\n")
        sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description="hsx-kit conformance adapter (example)")
    parser.add_argument("--levels", help="comma-separated levels to declare")
    parser.add_argument("--quirk", choices=["open-flags", "silent-hint"], help="a deliberate bug")
    parser.add_argument("--spec-hash", help="the spec hash to report")
    parser.add_argument("--verbose", action="store_true", help="log requests to stderr")
    Adapter(parser.parse_args()).serve()


if __name__ == "__main__":
    main()
