"""Run localstripe on loopback with its pickle dump/load switched off (python -m tests.localstripe_server PORT).

localstripe listens on every interface and pickles its whole state to /tmp/localstripe.pickle on
every write (and loads it back at start): parallel test runs would share and corrupt that file, and
a payment emulator must not be reachable from the network. This wrapper binds 127.0.0.1 and keeps
the state in memory only.
"""

from __future__ import annotations

import logging
import socket
import sys


def main(port: int) -> None:
    from aiohttp import web
    from localstripe import resources, server

    resources.Store.dump_to_disk = lambda self: None
    resources.Store.try_load_from_disk = lambda self: None
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    web.run_app(server.app, sock=sock, print=None, access_log=None)


if __name__ == "__main__":
    main(int(sys.argv[1]))
