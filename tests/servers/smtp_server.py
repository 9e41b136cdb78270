#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""smtp_server.py - a real SMTP server on 127.0.0.1 for the tests (aiosmtpd).

Every message the server accepts is written, as received (CRLF, after the
SMTP dot-unstuffing), to SPOOL/N.eml with its envelope in SPOOL/N.json.
While a file SPOOL/refuse exists, DATA is answered "554" and nothing is
kept, so a test can make the server refuse and then accept without
restarting it.  With --auth USER:PASSWORD the server requires AUTH (over
plain text: loopback only) and records the login it saw in SPOOL/auth.log.

  smtp_server.py --spool DIR --port-file F --pid-file F [--auth U:P] [--lifetime S]
"""
import argparse
import asyncio
import json
import os
import signal
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    def __init__(self, spool):
        self.spool = spool
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        if os.path.exists(os.path.join(self.spool, "refuse")):
            return "554 5.7.1 Message refused by the test server"
        self.count += 1
        base = os.path.join(self.spool, "%d" % self.count)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".json", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 2.0.0 Message accepted for delivery"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spool", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--pid-file", required=True)
    ap.add_argument("--auth", default=None)
    ap.add_argument("--lifetime", type=float, default=300)
    args = ap.parse_args()

    kwargs = {}
    if args.auth:
        user, password = args.auth.split(":", 1)
        auth_log = os.path.join(args.spool, "auth.log")

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
                  and auth_data.password.decode() == password)
            with open(auth_log, "a") as f:
                f.write("%s %s %s\n" % (mechanism, auth_data.login.decode()
                                        if isinstance(auth_data, LoginPassword) else "?",
                                        "ok" if ok else "denied"))
            return AuthResult(success=ok)

        kwargs = dict(authenticator=authenticator, auth_required=True, auth_require_tls=False)

    handler = Handler(args.spool)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(
        lambda: SMTP(handler, hostname="rw-test.invalid", **kwargs), host="127.0.0.1", port=0))
    port = server.sockets[0].getsockname()[1]
    with open(args.pid_file + ".tmp", "w") as f:
        f.write("%d\n" % os.getpid())
    os.rename(args.pid_file + ".tmp", args.pid_file)
    with open(args.port_file + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(args.port_file + ".tmp", args.port_file)
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    loop.call_later(args.lifetime, loop.stop)   # never outlives a forgotten test
    loop.run_forever()
    server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
