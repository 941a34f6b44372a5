"""The shared cast of the test suite.

The session database holds Hải Phòng's units and the demo catalog (loaded once, see
conftest.py); each test runs in a transaction rolled back at its end. The cast are staff of
that city, made here rather than taken from the demo accounts so the tests say who they are.
"""

import os
import shutil

from django.contrib.auth import get_user_model

from units import identifiers
from units.models import Agency, ServiceCenter, StaffRole

PROVINCE = 31
HONG_BANG = 11311  # Phường Hồng Bàng
LE_CHAN = 11383  # Phường Lê Chân
KNOWN_PROCEDURE = "1.001193"  # Đăng ký khai sinh: 1 working day, 3 internal steps
# Its declaration form (catalog FormField), answered as the API takes it.
BIRTH_DECLARATION = {
    "child_name": "Nguyễn Minh An", "child_birth_date": "2026-11-02", "child_gender": "Nam",
    "birth_place": "Bệnh viện Phụ sản Hải Phòng", "relation": "Mẹ",
    "declarant_birth_date": "1990-04-12", "commitment": True,
}


def make_user(username, *, first_name="", last_name="", **extra):
    return get_user_model().objects.create_user(
        username, f"{username}@example.vn", "mat-khau-thu-nghiem", first_name=first_name,
        last_name=last_name, **extra,
    )


def make_staff(username, role, agency_code, center_code=None, **extra):
    user = make_user(username, is_staff=True, **extra)
    StaffRole.objects.create(
        user=user, role=role, agency=Agency.objects.get(code=agency_code),
        service_center=ServiceCenter.objects.get(code=center_code) if center_code else None,
    )
    return user


def commune_agency(ward_code):
    return identifiers.commune_committee_code(PROVINCE, ward_code)


def commune_center(ward_code):
    return identifiers.commune_center_code(PROVINCE, ward_code)


# Browser tests drive Debian's Chromium (MOTCUA_CHROMIUM names another binary); Playwright
# never downloads a browser here. Without it those tests are skipped, saying why.
CHROMIUM = os.environ.get("MOTCUA_CHROMIUM") or shutil.which("chromium")


def sample_pdf(text="Tờ khai"):
    """A real one-page PDF, as a scanner or a word processor writes one."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def sample_png(size=(40, 30)):
    """A real small PNG image."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (240, 240, 230)).save(buffer, "PNG")
    return buffer.getvalue()


def run_jobs(ending=""):
    """What db_worker does, once: run every queued job whose task path ends with `ending`
    (all of them by default), in order; returns their return values."""
    from django_tasks_db.models import DBTaskResult

    done = []
    for job in DBTaskResult.objects.filter(status="READY").order_by("enqueued_at", "id"):
        if job.task_path.endswith(ending):
            job.delete()
            done.append(job.task.call(*job.args_kwargs["args"], **job.args_kwargs["kwargs"]))
    return done


def open_page(browser, width=1366, height=900):
    """A page in a fresh browser context (Vietnamese locale, the given width), and the list
    that collects what the Content-Security-Policy refused (the pages need nothing refused)."""
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height})
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text
            else None)
    page.set_default_timeout(20_000)
    return context, page, refused
