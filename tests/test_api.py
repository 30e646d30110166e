"""Download URLs on a real `streamlit run` server: token rules, fresh data, each format."""

from __future__ import annotations

import io
import urllib.error
import urllib.request
from collections.abc import Iterator

import openpyxl
import pandas as pd
import pytest

from survey.downloads import FORMATS
from survey.models import WorkshopCreate
from tests.browser import add_demo_workshop, database_with_workshop, streamlit_server

TOKEN = "analyst-token-0123456789"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("api")
    url = database_with_workshop(folder, WorkshopCreate(code="API1", title="Board"))
    add_demo_workshop(url, "API2", respondents=8, seed=3)
    with streamlit_server(url, folder / "server.log", SURVEY_API_TOKEN=TOKEN) as base:
        yield base, url


def _get(url: str, token: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url)
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, _lower(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, _lower(error.headers), error.read()


def _lower(headers: object) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}  # type: ignore[attr-defined]


def test_a_missing_or_wrong_token_is_refused(server: tuple[str, str]) -> None:
    base, _url = server
    for token in (None, "wrong", TOKEN + "x", ""):
        status, headers, _body = _get(f"{base}/api/v1/workshops/API2/csv", token)
        assert status == 401 and headers.get("www-authenticate") == "Bearer"


def test_each_format_downloads_fresh_with_the_token(server: tuple[str, str]) -> None:
    base, url = server
    for fmt in FORMATS:
        status, headers, body = _get(f"{base}/api/v1/workshops/API2/{fmt}", TOKEN)
        assert status == 200, fmt
        assert headers["cache-control"] == "no-store"
        assert headers["content-type"].startswith(FORMATS[fmt].mime)
        if fmt == "xlsx":
            assert "aggregates" in openpyxl.load_workbook(io.BytesIO(body)).sheetnames
        elif fmt != "html":
            assert not pd.read_csv(io.BytesIO(body), encoding="utf-8-sig").empty
    frame = pd.read_csv(
        io.BytesIO(_get(f"{base}/api/v1/workshops/API2/csv", TOKEN)[2]), keep_default_na=False
    )
    assert frame["response_id"].nunique() == 8
    add_demo_workshop(url, "API2", respondents=10, seed=3)
    again = pd.read_csv(io.BytesIO(_get(f"{base}/api/v1/workshops/API2/csv", TOKEN)[2]))
    assert again["response_id"].nunique() == 10  # nothing cached


def test_unknown_workshops_and_formats_are_not_found(server: tuple[str, str]) -> None:
    base, _url = server
    assert _get(f"{base}/api/v1/workshops/NOPE99/csv", TOKEN)[0] == 404
    assert _get(f"{base}/api/v1/workshops/API2/pdf", TOKEN)[0] == 404
    body = _get(f"{base}/api/v1/workshops/API1/csv", TOKEN)[2].decode()
    assert body.startswith("workshop_code,") and body.count("\r\n") == 1  # header only


def test_without_a_configured_token_the_urls_do_not_exist(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = database_with_workshop(tmp_path, WorkshopCreate(code="API3", title="Board"))
    with streamlit_server(url, tmp_path / "server.log") as base:
        assert _get(f"{base}/api/v1/workshops/API3/csv", TOKEN)[0] == 404
        assert _get(f"{base}/api/v1/workshops/API3/csv")[0] == 404
