"""The real `ckanapi` client (PyPI), pointed at a running MotCua, reads it as a CKAN portal:
organisations, datasets, a search with a facet, and a resource downloaded by its `dump`
command. Then a person finds and previews a dataset in Debian's Chromium."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from ckanapi import NotFound, RemoteCKAN
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua import test as cast
from opendata import actions
from opendata.models import Dataset
from opendata.tests.test_opendata import GOOD, JUSTICE, form
from units.models import StaffRole

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portal(live_server, settings):
    """MotCua serving, its addresses its own, with the notaries' dataset published and
    MotCua's own datasets built."""
    settings.MOTCUA_PUBLIC_URL = live_server.url
    staff = cast.make_staff("chuyenvien.stp", StaffRole.Role.SPECIALIST, JUSTICE)
    leader = cast.make_staff("lanhdao.stp", StaffRole.Role.LEADER, JUSTICE)
    dataset = actions.do_create_dataset(actions.check_dataset(staff, form()), staff)
    actions.do_upload(dataset, actions.check_upload(
        staff, dataset, SimpleUploadedFile("cong-chung.csv", GOOD)), staff)
    actions.do_transition(dataset, "submit", staff)
    actions.do_transition(dataset, "approve", leader)
    actions.refresh(["catalog"])
    return live_server


def test_the_ckanapi_client_lists_searches_and_downloads(portal, tmp_path):
    ckan = RemoteCKAN(portal.url)
    assert ckan.action.organization_list() == ["dv-000-00-00-h26", "dv-000-00-03-h26"]
    orgs = ckan.action.organization_list(all_fields=True)
    assert {o["title"]: o["package_count"] for o in orgs} == {
        "Ủy ban nhân dân thành phố Hải Phòng": 1, "Sở Tư pháp thành phố Hải Phòng": 1}
    assert ckan.action.package_list() == ["cong-chung", "thu-tuc-hanh-chinh"]
    found = ckan.action.package_search(q="cong chung", fq="organization:dv-000-00-03-h26",
                                       **{"facet.field": ["res_format", "organization"]})
    assert [p["name"] for p in found["results"]] == ["cong-chung"]
    assert found["facets"]["organization"] == {"dv-000-00-03-h26": 1}
    shown = ckan.action.package_show(id="cong-chung")
    assert shown["organization"]["title"] == "Sở Tư pháp thành phố Hải Phòng"
    resource = ckan.action.resource_show(id=shown["resources"][0]["id"])
    assert resource["format"] == "CSV" and resource["url"].startswith(portal.url)
    with pytest.raises(NotFound):
        ckan.action.package_show(id="khong-co")
    assert ckan.action.group_list() == ["gove", "just"]
    # ckanapi's own command downloads the dataset's resources into a data package.
    out = tmp_path / "dump"
    bin_dir = str(Path(sys.executable).parent)  # its workers are started as `ckanapi`
    done = subprocess.run(
        [str(Path(sys.executable).with_name("ckanapi")), "dump", "datasets", "cong-chung",
         f"--datapackages={out}", "-r", portal.url, "-q"],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")})
    assert done.returncode == 0, done.stderr
    package = json.loads((out / "cong-chung" / "datapackage.json").read_text())
    assert package["name"] == "cong-chung"
    files = sorted((out / "cong-chung" / "data").iterdir())
    assert files, "no resource was downloaded"
    downloaded = files[0].read_text(encoding="utf-8-sig")
    assert "Văn phòng công chứng Nguyễn Huệ" in downloaded


@pytest.mark.skipif(not cast.CHROMIUM, reason="Debian's chromium is not installed")
@pytest.mark.parametrize("width", [1366, 390])
def test_a_person_finds_and_previews_a_dataset(portal, browser, width):
    context, page, refused = cast.open_page(browser, width)
    page.goto(f"{portal.url}/du-lieu-mo/")
    page.fill("input[name=q]", "cong chung")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/du-lieu-mo/?**q=cong+chung**")
    assert page.locator("article.dataset-card").count() == 1
    page.click("text=Sở Tư pháp thành phố Hải Phòng")  # the agency facet
    assert page.locator("article.dataset-card").count() == 1
    page.click("article.dataset-card h2 a")
    page.wait_for_url("**/du-lieu-mo/cong-chung/")
    preview = page.locator("table.preview")
    assert preview.locator("tbody tr").count() == 3
    assert "Văn phòng công chứng Nguyễn Huệ" in preview.inner_text()
    assert page.locator("figure svg rect").count() == 3  # the chart: notaries by district
    sideways = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not sideways
    with page.expect_download() as download:
        page.click("a[role=button]:has-text('CSV')")
    assert "Phòng Công chứng số 1" in Path(download.value.path()).read_text(
        encoding="utf-8-sig")
    context.close()
    assert refused == []
    assert Dataset.objects.get(name="cong-chung").status == "published"
