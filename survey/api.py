"""Download URLs for scripts and BI tools, served next to the app by the same server.

`GET /api/v1/workshops/{code}/{format}` with `Authorization: Bearer <SURVEY_API_TOKEN>`,
where format is one of survey.downloads.FORMATS. Without a configured token every URL
answers 404 (the feature is off); a missing or wrong token answers 401. Every answer is
built fresh from the database and marked not to be cached.
"""

from __future__ import annotations

import hmac
import tempfile
from collections.abc import Iterator
from functools import lru_cache

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from survey.config import Settings
from survey.downloads import FORMATS, Scope, file_name, write_export
from survey.filters import AnswerFilter
from survey.questionnaire import cached_questionnaire
from survey.store import create_schema, get_workshop, make_engine

CHUNK = 64 * 1024
NO_STORE = {"Cache-Control": "no-store"}


@lru_cache(maxsize=4)
def _engine(url: str) -> Engine:
    engine = make_engine(url)
    create_schema(engine)
    return engine


def authorised(settings: Settings, header: str | None) -> bool:
    """Constant-time check of `Authorization: Bearer <token>` against SURVEY_API_TOKEN."""
    if not settings.api_token or not header or not header.startswith("Bearer "):
        return False
    given = header.removeprefix("Bearer ").strip().encode("utf-8")
    return hmac.compare_digest(given, settings.api_token.encode("utf-8"))


def export_endpoint(request: Request) -> Response:
    settings = Settings.from_env()
    if not settings.api_token:
        return PlainTextResponse("Not found", status_code=404)
    if not authorised(settings, request.headers.get("authorization")):
        return PlainTextResponse(
            "A valid bearer token is required (Authorization: Bearer <SURVEY_API_TOKEN>).",
            status_code=401,
            headers={"WWW-Authenticate": "Bearer", **NO_STORE},
        )
    fmt = request.path_params["format"]
    if fmt not in FORMATS:
        return PlainTextResponse(
            f"Unknown format {fmt!r}; use one of {', '.join(FORMATS)}.", status_code=404
        )
    try:
        with Session(_engine(settings.database_url)) as session:
            workshop = get_workshop(session=session, code=request.path_params["code"][:32])
            if workshop is None or workshop.id is None:
                return PlainTextResponse("No such workshop.", status_code=404, headers=NO_STORE)
            scope = Scope(
                AnswerFilter((workshop.id,)),
                {workshop.code: workshop},
                cached_questionnaire(str(settings.questionnaire_path)),
            )
            spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
            write_export(fmt, session=session, scope=scope, out=spool)
    except SQLAlchemyError:
        return PlainTextResponse(
            "The database is not reachable just now; try again shortly.", status_code=503
        )
    spool.seek(0)
    disposition = f'attachment; filename="{file_name(fmt, scope)}"'
    return StreamingResponse(
        _chunks(spool),
        media_type=FORMATS[fmt].mime,
        headers={"Content-Disposition": disposition, **NO_STORE},
    )


def _chunks(spool: tempfile.SpooledTemporaryFile[bytes]) -> Iterator[bytes]:
    try:
        while chunk := spool.read(CHUNK):
            yield chunk
    finally:
        spool.close()


def routes() -> list[Route]:
    return [Route("/api/v1/workshops/{code}/{format}", export_endpoint, methods=["GET"])]
