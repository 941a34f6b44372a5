"""Uploads are read by a library made for each kind (pypdf, Pillow), not only by their first
bytes: each dangerous file is refused with its reason, in Vietnamese."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, TextStringObject

from dossiers.documents import check_upload
from motcua import test as cast


def refused(content, name="ho-so.pdf", kind="application/pdf"):
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile(name, content, kind))
    return caught.value.messages[0]


def written(writer):
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def blank():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def test_real_documents_pass():
    assert check_upload(SimpleUploadedFile("a.pdf", cast.sample_pdf()))["extension"] == "pdf"
    assert check_upload(SimpleUploadedFile("a.png", cast.sample_png()))["extension"] == "png"


def test_a_pdf_header_on_an_executable_is_refused():
    assert "không phải tài liệu PDF đọc được" in refused(b"%PDF-1.7\n" + b"\x7fELF" + b"\0" * 400)


def test_a_pdf_that_runs_a_script_when_opened_is_refused():
    writer = blank()
    script = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert('xin chao');")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(script)
    assert "tập lệnh" in refused(written(writer))
    writer = blank()
    action = DictionaryObject({NameObject("/S"): NameObject("/Launch"),
                               NameObject("/F"): NameObject("/cmd.exe")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    assert "tập lệnh" in refused(written(writer))


def test_a_pdf_with_an_embedded_file_or_a_password_is_refused():
    writer = blank()
    writer.add_attachment("chuong-trinh.exe", b"MZ" + b"\0" * 100)
    assert "tệp đính kèm" in refused(written(writer))
    writer = blank()
    writer.encrypt("mat-khau")
    assert "mã hóa" in refused(written(writer))


def test_a_pdf_that_inflates_past_the_limit_is_refused(settings):
    settings.MOTCUA_UPLOAD_MAX_DECOMPRESSED = 1024 * 1024
    writer = blank()
    bomb = DecodedStreamObject()
    bomb.set_data(b"\0" * (8 * 1024 * 1024))
    bomb = bomb.flate_encode()
    writer._root_object[NameObject("/MotCuaData")] = writer._add_object(bomb)
    content = written(writer)
    assert len(content) < 100_000  # small on the wire
    assert "quá nhiều dữ liệu" in refused(content)


def png_header(width, height):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                               0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


def test_an_image_too_large_in_pixels_or_broken_is_refused():
    assert "quá lớn" in refused(png_header(30000, 30000), "anh.png", "image/png")
    assert "không phải ảnh đọc được" in refused(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "anh.png",
                                                 "image/png")


@pytest.mark.django_db
def test_files_are_served_as_sandboxed_attachments(settings, tmp_path):
    from types import SimpleNamespace

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from dossiers.documents import private_file_response

    name = default_storage.save("dossiers/test/a.pdf", ContentFile(cast.sample_pdf()))
    stored = SimpleNamespace(file=SimpleNamespace(name=name), content_type="application/pdf")
    response = private_file_response(stored, "to-khai.pdf")
    assert response["Content-Disposition"] == 'attachment; filename="to-khai.pdf"'
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff"
    response.close()


EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class FakeClamd:
    """A local clamd speaking INSTREAM: FOUND for the EICAR test string, OK otherwise."""

    def __init__(self):
        import socket
        import threading

        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(4)
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                data = b""
                while not data.startswith(b"zINSTREAM\0") or not data.endswith(b"\0\0\0\0"):
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                body, rest = b"", data[len(b"zINSTREAM\0"):]
                while len(rest) >= 4:
                    (size,) = struct.unpack(">I", rest[:4])
                    if size == 0:
                        break
                    body, rest = body + rest[4:4 + size], rest[4 + size:]
                conn.sendall(b"stream: Eicar-Signature FOUND\0" if EICAR in body
                             else b"stream: OK\0")

    def close(self):
        self.server.close()


@pytest.fixture
def clamd(settings):
    from integrations.antivirus.registry import scanner

    fake = FakeClamd()
    settings.MOTCUA_ANTIVIRUS = [("integrations.antivirus.contrib.clamd.ClamdScanner",
                                  {"host": "127.0.0.1", "port": fake.port, "timeout": 5})]
    scanner.cache_clear()
    yield fake
    fake.close()
    settings.MOTCUA_ANTIVIRUS = []
    scanner.cache_clear()


def test_an_antivirus_refuses_malicious_code_and_fails_closed(clamd, settings):
    from integrations.antivirus.registry import scanner

    assert check_upload(SimpleUploadedFile("a.pdf", cast.sample_pdf()))["extension"] == "pdf"
    # The antivirus test string after the end of a valid PDF: the PDF reads, the scan finds.
    assert "mã độc (Eicar-Signature)" in refused(cast.sample_pdf() + b"\n%" + EICAR + b"\n")
    settings.MOTCUA_ANTIVIRUS = [("integrations.antivirus.contrib.clamd.ClamdScanner",
                                  {"host": "127.0.0.1", "port": 9, "timeout": 2})]
    scanner.cache_clear()
    assert "chưa kiểm tra được virus" in refused(cast.sample_pdf())
