"""ClamAV through its daemon, clamd, with the INSTREAM command (TCP or a Unix socket): the
file is streamed in chunks, each prefixed by its length as 4 bytes big-endian, and a chunk of
length 0 ends it; clamd answers `stream: OK` or `stream: <signature> FOUND`."""

import socket
import struct

from integrations.antivirus.base import Antivirus, ScannerUnavailable

CHUNK = 64 * 1024


class ClamdScanner(Antivirus):
    name = "clamd"

    def __init__(self, host="127.0.0.1", port=3310, unix_socket="", timeout=30):
        self.host, self.port, self.unix_socket, self.timeout = host, port, unix_socket, timeout

    def _connect(self):
        if self.unix_socket:
            conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            conn.settimeout(self.timeout)
            conn.connect(self.unix_socket)
            return conn
        return socket.create_connection((self.host, self.port), timeout=self.timeout)

    def scan(self, stream):
        try:
            with self._connect() as conn:
                conn.sendall(b"zINSTREAM\0")
                stream.seek(0)
                while chunk := stream.read(CHUNK):
                    conn.sendall(struct.pack(">I", len(chunk)) + chunk)
                conn.sendall(struct.pack(">I", 0))
                answer = b""
                while not answer.endswith(b"\0"):
                    data = conn.recv(4096)
                    if not data:
                        break
                    answer += data
        except OSError as exc:
            raise ScannerUnavailable(str(exc)) from exc
        finally:
            stream.seek(0)
        text = answer.rstrip(b"\0").decode("utf-8", "replace").strip()
        if text.endswith("OK"):
            return None
        if text.endswith("FOUND"):
            return text.split(":", 1)[-1].rsplit(" ", 1)[0].strip()
        raise ScannerUnavailable(text or "no answer")
