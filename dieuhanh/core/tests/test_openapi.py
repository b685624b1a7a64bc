"""The API contract: the published OpenAPI schema matches the committed `docs/openapi.json`.

Any change to the API's shape shows up as a diff of that file in review. To accept an intended
change, regenerate the snapshot and commit it:

    UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest dieuhanh/core/tests/test_openapi.py
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

SNAPSHOT = Path(settings.BASE_DIR) / "docs" / "openapi.json"
REGENERATE = "UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest dieuhanh/core/tests/test_openapi.py"
ERROR_SCHEMA_REF = "#/components/schemas/ErrorOut"
WRITE_ERRORS = {"400", "401", "403", "404", "409", "422"}
READ_ERRORS = {"401", "404"}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def normalised(schema: Any) -> str:
    return json.dumps(schema, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


@pytest.fixture
def schema() -> dict[str, Any]:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    result: dict[str, Any] = response.json()
    return result


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in sorted(schema["paths"].items())
        for method, operation in sorted(item.items())
    ]


def test_schema_is_published_without_logging_in() -> None:
    # Given no session and no token (ninja serves the schema without the API's auth)
    # When the schema is requested
    response = Client().get("/api/openapi.json")
    # Then it is served, naming both ways to authenticate
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["info"] == {
        "title": "Điều hành API",
        "version": "1",
        "description": 'API của Điều hành. Lỗi luôn có dạng {"detail": …}.',
    }
    assert body["components"]["securitySchemes"] == {
        "SessionAuth": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
        "BearerToken": {"type": "http", "scheme": "bearer"},
    }


def test_schema_matches_the_committed_snapshot(schema: dict[str, Any]) -> None:
    # Given the schema the API publishes now
    current = normalised(schema)
    if os.environ.get("UPDATE_OPENAPI_SNAPSHOT") == "1":
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(current, encoding="utf-8")
        return
    # When it is compared with the committed snapshot
    assert SNAPSHOT.exists(), f"{SNAPSHOT} is missing; create it with:\n    {REGENERATE}"
    committed = normalised(json.loads(SNAPSHOT.read_text(encoding="utf-8")))
    # Then they are the same
    if current != committed:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                current.splitlines(keepends=True),
                fromfile="docs/openapi.json (committed)",
                tofile="/api/openapi.json (now)",
                n=2,
            )
        )
        pytest.fail(
            "The API's OpenAPI schema differs from docs/openapi.json. If the change is "
            f"intended, regenerate the snapshot and commit it:\n    {REGENERATE}\n\n{diff}",
            pytrace=False,
        )


def test_every_operation_declares_its_error_statuses(schema: dict[str, Any]) -> None:
    # Given every operation of the API
    missing = {}
    for method, path, operation in operations(schema):
        declared = set(operation["responses"])
        needed = WRITE_ERRORS if method in WRITE_METHODS else READ_ERRORS
        if needed - declared:
            missing[f"{method.upper()} {path}"] = sorted(needed - declared)
    # Then writes declare 400, 401, 403, 404, 409, 422 and reads declare 401 and 404
    assert missing == {}
    assert len(operations(schema)) >= 12


def test_every_error_response_is_the_error_out_schema(schema: dict[str, Any]) -> None:
    # Given every declared 4xx response
    wrong = {}
    for method, path, operation in operations(schema):
        for status, response in operation["responses"].items():
            if not status.startswith("4"):
                continue
            ref = response["content"]["application/json"]["schema"].get("$ref")
            if ref != ERROR_SCHEMA_REF:
                wrong[f"{method.upper()} {path} {status}"] = ref
    # Then each is ErrorOut, whose required property is the `detail` message
    assert wrong == {}
    error_out = schema["components"]["schemas"]["ErrorOut"]
    assert error_out["required"] == ["detail"]
    assert error_out["properties"]["detail"] == {"title": "Detail", "type": "string"}
    assert error_out["properties"]["field"] == {
        "anyOf": [{"type": "string"}, {"type": "null"}],
        "title": "Field",
    }


def test_every_operation_requires_authentication(schema: dict[str, Any]) -> None:
    # Given every operation; then each accepts the session or a bearer token, nothing less
    unsecured = [
        f"{method.upper()} {path}"
        for method, path, operation in operations(schema)
        if operation.get("security") != [{"SessionAuth": []}, {"BearerToken": []}]
    ]
    assert unsecured == []
