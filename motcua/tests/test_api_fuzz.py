"""Every operation of the API answers generated and hostile requests with a reason, never a
500: schemathesis draws requests from the committed `openapi.yaml`, both those the schema
allows and those it forbids (wrong types, missing fields, values out of range), and each is
sent through the whole stack as several people of the demo city, and as nobody.

The same fuzzing, run by hand against a server with many more cases, found the 500s that the
storable-text and typed-number rules now prevent (docs/design.md, "Testing"). Here it runs in
the suite, fewer cases and always the same ones (derandomized), so that a new operation or
field that forgets those rules fails in CI rather than in production.

Half the cases of an operation that names an object in its path name a real one of the demo
(a dossier of Hồng Bàng, a task, a survey...), so the body and the query are fuzzed past the
lookup; the other half fuzz the path too.
"""

import json
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).resolve().parents[2] / "openapi.yaml"
# Who sends each case: a counter officer, a leader and a specialist of a ward, the city's
# supervisor, a citizen of the demo (by token too), and nobody.
PEOPLE = ["motcua.hongbang", "lanhdao.hongbang", "chuyenvien.hongbang", "giamsat"]
CITIZEN = "031190004567"  # Phạm Thị Hồng, signed in through the demo's VNeID
EXAMPLES = 6  # per operation, mode and path: about 6,500 requests in all, a minute and a half


def real_objects():
    """{path parameter name: a real value}, by the operation's path prefix."""
    from directives.models import Task
    from dossiers.models import Dossier
    from feedback.models import Petition
    from motcua import test as cast
    from opendata.models import Dataset
    from reform.models import Framework, UnitAssessment
    from surveys.models import Survey

    dossier = Dossier.objects.filter(agency__code=cast.commune_agency(cast.HONG_BANG)) \
        .order_by("id").first()
    values = {
        "/api/v1/dossiers/": {"code": dossier.code, "kind": "receipt", "action": "assign"},
        "/api/v1/tracking/": {"code": dossier.code},
        "/api/v1/procedures/": {"code": dossier.procedure.code},
    }
    task = Task.objects.order_by("id").first()
    if task:
        values["/api/v1/tasks/"] = {"code": task.code, "action": "report"}
        values["/api/v1/directives/"] = {"id": task.directive_id}
    petition = Petition.objects.order_by("id").first()
    if petition:
        values["/api/v1/pakn/"] = {"code": petition.code, "action": "answer"}
    survey = Survey.objects.order_by("id").first()
    if survey:
        values["/api/v1/surveys/"] = {"id": survey.pk, "step": "open"}
    unit = UnitAssessment.objects.select_related("agency").order_by("id").first()
    if unit:
        values["/api/v1/reform/assessments/"] = {
            "id": unit.assessment_id, "agency": unit.agency.code, "action": "submit"}
    framework = Framework.objects.order_by("id").first()
    if framework:
        values["/api/v1/reform/frameworks/"] = {"id": framework.pk}
    dataset = Dataset.objects.order_by("id").first()
    if dataset:
        values["/api/v1/opendata/datasets/"] = {"name": dataset.name}
    return values


def fixed_path(operation, objects):
    names = [p.name for p in operation.path_parameters]
    for prefix, values in objects.items():
        if operation.path.startswith(prefix) and all(n in values for n in names):
            return {n: values[n] for n in names}
    return None


@contextmanager
def connection_kept():
    """The WSGI handler closes the database connection after each request, as a server's
    should; here that connection holds the test's transaction. Django's test client keeps it
    the same way, and puts the handlers back after each of its requests: so no test client
    request inside this block."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def test_every_operation_answers_generated_requests_without_failing():
    """One test, so the demo city is loaded once (about half a minute)."""
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
    Client().post("/dang-nhap/demo/xac-thuc/", {"id_number": CITIZEN})
    people = [User.objects.get(username=u) for u in PEOPLE]
    people.append(User.objects.get(person__id_number=CITIZEN))
    headers = [{"Authorization": f"Token {Token.objects.get_or_create(user=user)[0]}"}
               for user in people] + [{}]
    objects = real_objects()
    app = WSGIHandler()
    schema = schemathesis.openapi.from_path(SCHEMA)
    failures, sent, operations = [], 0, 0

    with connection_kept():
        for result in schema.get_all_operations():
            operation = result.ok()
            operations += 1
            real = fixed_path(operation, objects)
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                for path_parameters in ([real, None] if real else [None]):
                    strategy = operation.as_strategy(generation_mode=mode,
                                                     path_parameters=path_parameters)

                    @settings(max_examples=EXAMPLES, derandomize=True, database=None,
                              deadline=None, phases=[Phase.generate],
                              suppress_health_check=list(HealthCheck))
                    @given(case=strategy)
                    def send(case):
                        nonlocal sent
                        for who in headers:
                            response = case.call(app=app, headers=who)
                            sent += 1
                            if response.status_code >= 500:
                                failures.append((response.status_code, case.as_curl_command(who)))

                    try:
                        send()
                    except Unsatisfiable:
                        # No request the schema forbids: nothing in it is constrained (no
                        # query, no body, a path of free text).
                        assert mode == GenerationMode.NEGATIVE, operation.label
    assert operations >= 70, operations
    assert not failures, failures[:10]
    assert sent >= 5000, sent


# One field at a time, as tests/test_hostile_forms.py does for the pages: random requests
# seldom get past the first check (a real procedure, a CCCD of 12 digits, a reachable phone),
# so the main writes are also sent as a valid request with each of their fields, and each
# answer of a procedure's form, replaced in turn by what people and scripts send.
HOSTILE = [None, "", "NaN", "1e309", "-1", "x" * 5000, "Nguyễn\x00Văn", "31/02/2026",
           "2026-13-45T25:61", -1, 10 ** 30, 1e300, True, [], {}, ["\x00"], {"a": "\x00"}]


def variants(body):
    """The body with one value replaced by each hostile one, the values inside a nested dict
    (a form's answers) or inside the first dict of a list (a fee line) included."""
    for key, value in body.items():
        for bad in HOSTILE:
            yield key, {**body, key: bad}
        if isinstance(value, dict):
            for inner, bad in ((k, b) for k in value for b in HOSTILE):
                yield f"{key}.{inner}", {**body, key: {**value, inner: bad}}
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for inner, bad in ((k, b) for k in value[0] for b in HOSTILE):
                yield f"{key}[0].{inner}", {**body, key: [{**value[0], inner: bad}, *value[1:]]}


def writes():
    """(who, path, a valid body) of the writes people make every day."""
    from catalog.models import Procedure
    from dossiers.models import Dossier, Status
    from motcua import test as cast
    from units import identifiers

    procedure = Procedure.objects.get(code=cast.KNOWN_PROCEDURE)
    answers = {"text": "Nguyễn Minh An", "textarea": "Đăng ký cho con thứ hai.", "number": 2,
               "date": "2026-11-02", "yesno": True}
    form = {f.key: ([c for c in f.choices.splitlines() if c.strip()] or ["Có"])[0]
            if f.kind == "choice" else answers.get(f.kind, "Có")
            for f in procedure.form_fields.all()}
    waiting = Dossier.objects.filter(agency__code=cast.commune_agency(cast.HONG_BANG),
                                     status=Status.SUBMITTED).order_by("id").first()
    fee = {"description": "Lệ phí cấp bản sao trích lục", "amount": 8000, "kind": "fee"}
    return [
        ("motcua.hongbang", "/api/v1/dossiers", {
            "procedure": procedure.code, "receive": True, "form_data": form,
            "applicant_name": "Trần Văn Bình", "applicant_id_number": "031085004321",
            "applicant_phone": "0983456789", "applicant_address": "25 Lạch Tray, Ngô Quyền",
            "summary": "Đăng ký khai sinh cho con", "fees": [fee]}),
        ("motcua.hongbang", f"/api/v1/dossiers/{waiting.code}/actions/receive",
         {"note": "Hồ sơ đầy đủ", "fees": [fee]}),
        ("giamsat", "/api/v1/directives", {
            "kind": "plan", "number": "125/KH-UBND", "issued_on": "15/01/2026",
            "title": "Kế hoạch cải cách hành chính năm 2026 của thành phố Hải Phòng",
            "signer_name": "Lê Anh Quân", "signer_title": "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH"}),
        ("giamsat", "/api/v1/tasks", {
            "directive": None, "lead": cast.commune_agency(cast.HONG_BANG),
            "supporting": [identifiers.department_code(cast.PROVINCE, 3)],
            "content": "Rà soát, đề xuất đơn giản hóa thủ tục hành chính lĩnh vực hộ tịch",
            "due_days": 10}),
        ("motcua.hongbang", "/api/v1/pakn", {  # recorded at the counter for a visitor
            "subject": "procedure", "kind": "complaint", "procedure": procedure.code,
            "title": "Thời gian trả kết quả trích lục khai sinh chưa đúng hẹn",
            "content": "Tôi nộp hồ sơ ngày 02/11/2026, phiếu hẹn ngày 05/11/2026 nhưng đến "
                       "nay vẫn chưa nhận được kết quả.",
            "submitter_name": "Đỗ Thị Thu Hà", "submitter_phone": "0936712458",
            "submitter_email": "dothuha.hp@gmail.com"}),
    ]


def post_and_undo(client, path, data, auth):
    """POSTs data as JSON, then rolls back what it did: each request meets the same state."""
    point = transaction.savepoint()
    try:
        return client.post(path, json.dumps(data), content_type="application/json", **auth)
    finally:
        transaction.savepoint_rollback(point)


def valid_writes(client):
    """(path, a valid body, its sender's token header) for each of writes(), each checked
    valid (201 or 200, rolled back). The directive is recorded once and kept, so the task is
    assigned under it; its body then carries another number, valid again (one per office)."""
    directive = None
    for username, path, body in writes():
        user = User.objects.get(username=username)
        auth = {"HTTP_AUTHORIZATION": f"Token {Token.objects.get_or_create(user=user)[0]}"}
        if "directive" in body:
            body = {**body, "directive": directive}
        if path == "/api/v1/directives":
            kept = client.post(path, json.dumps(body), content_type="application/json", **auth)
            assert kept.status_code == 201, kept.content[:300]
            directive = kept.json()["id"]
            body = {**body, "number": "126/KH-UBND"}
        valid = post_and_undo(client, path, body, auth)
        assert valid.status_code in (200, 201), (path, valid.content[:300])
        yield path, body, auth


def test_each_field_of_the_main_writes_answers_hostile_values():
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
    client = Client(raise_request_exception=False)  # a 500 is counted, as a server answers
    failures, sent = [], 0
    for path, body, auth in valid_writes(client):
        for field, data in variants(body):
            response = post_and_undo(client, path, data, auth)
            sent += 1
            if response.status_code >= 500:
                failures.append((path, field, repr(data)[:200]))
    assert not failures, failures[:10]
    assert sent >= 500, sent


# Free text, where a valid answer padded to the published maxLength is still valid: the API
# takes as much as openapi.yaml says (codes, names of units, dates are not padded: their
# longest valid value is not "more of the same").
FREE_TEXT = {"summary", "applicant_name", "applicant_address", "number", "title",
             "signer_name", "signer_title", "content", "submitter_name"}


def published(path):
    """The request schema of POST path in the committed openapi.yaml, references resolved."""
    import yaml

    document = yaml.safe_load(SCHEMA.read_text())
    schemas = document["components"]["schemas"]
    template = next(p for p in document["paths"]
                    if re.fullmatch(re.sub(r"\{\w+\}", "[^/]+", p), path))
    schema = document["paths"][template]["post"]["requestBody"]["content"][
        "application/json"]["schema"]
    schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
    return {name: schemas[field["$ref"].rsplit("/", 1)[1]] if "$ref" in field else field
            for name, field in schema["properties"].items()}


def test_the_api_takes_what_openapi_publishes_and_refuses_what_it_does_not():
    """For each field of the main writes with a published bound, the API refuses one past it
    (400, naming the field), and a free-text field filled to exactly its maxLength is taken:
    the limits in openapi.yaml are the ones check_* applies, from one constant."""
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
    client = Client()
    mismatches, checked = [], 0
    for path, body, auth in valid_writes(client):
        fields = published(path)
        for name, value in body.items():
            field = fields[name]
            tries = []
            if "maxLength" in field and isinstance(value, str):
                most = field["maxLength"]
                tries.append(((value + "a" * most)[:most + 1], False))
                if name in FREE_TEXT:
                    full = (value + " a" * most)[:most - 1] + "b"  # no space to trim at its end
                    tries.append((full, True))
            if "maximum" in field:
                tries.append((field["maximum"] + 1, False))
            if "minimum" in field and isinstance(value, int):
                tries.append((field["minimum"] - 1, False))
            if "maxItems" in field:
                tries.append(([value[0]] * (field["maxItems"] + 1), False))
            for bad_or_good, taken in tries:
                response = post_and_undo(client, path, {**body, name: bad_or_good}, auth)
                checked += 1
                answer = response.json()
                if taken and response.status_code not in (200, 201):
                    mismatches.append((path, name, "refused at its maxLength", answer))
                elif not taken and (response.status_code != 400
                                    or name not in answer.get("fields", {})):
                    mismatches.append((path, name, "taken past its bound",
                                       response.status_code, str(answer)[:200]))
    assert not mismatches, mismatches
    assert checked >= 30, checked
