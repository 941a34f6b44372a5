"""An antivirus that scans each uploaded file before MotCua keeps it (integrations/plugins.py).

A plugin's `scan(stream)` reads the file and returns None when it is clean, or the name of
what it found; it raises ScannerUnavailable when it cannot tell, and the upload is then
refused (a file is never kept unscanned once an antivirus is configured).
"""


class ScannerUnavailable(Exception):
    pass


class Antivirus:
    name = ""

    def scan(self, stream):
        raise NotImplementedError
