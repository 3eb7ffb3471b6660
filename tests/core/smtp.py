"""A small SMTP server on loopback for e-mail delivery tests: it hangs up on the first `refuse`
connections (the failure a mail server that is restarting gives), then accepts every message."""

from __future__ import annotations

import socket
import threading
from email import message_from_bytes, policy
from email.message import Message


class FlakySmtpServer:
    def __init__(self, *, refuse: int = 0) -> None:
        self.refuse = refuse
        self.connections = 0
        self.messages: list[Message] = []
        self.received = threading.Event()
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> FlakySmtpServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._socket.close()
        self._thread.join(5)

    def _serve(self) -> None:
        while True:
            try:
                conn, _addr = self._socket.accept()
            except OSError:  # closed by __exit__
                return
            self.connections += 1
            with conn:
                if self.connections > self.refuse:
                    self._session(conn.makefile("rwb"))

    def _session(self, stream) -> None:
        def reply(line: str) -> None:
            stream.write(line.encode() + b"\r\n")
            stream.flush()

        reply("220 localhost ESMTP test")
        while line := stream.readline():
            command = line[:4].upper()
            if command == b"DATA":
                reply("354 end with <CR><LF>.<CR><LF>")
                data = b""
                while (chunk := stream.readline()) not in (b".\r\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                self.messages.append(message_from_bytes(data, policy=policy.default))
                self.received.set()
                reply("250 queued")
            elif command == b"QUIT":
                reply("221 bye")
                return
            else:  # EHLO, HELO, MAIL, RCPT, RSET, NOOP
                reply("250 ok")
