"""Store and dashboard speed: submits per second, and the dashboard's aggregation time
against one hand-written GROUP BY over the same rows, at several workshop sizes.

Prints the figures and appends them to benchmarks/results.md. Run with `make bench`;
set BENCH_DATABASE_URL to measure PostgreSQL too (e.g. postgresql+psycopg://postgres@127.0.0.1/test).
"""

from __future__ import annotations

import os
import platform
import random
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, text
from sqlmodel import Session

from survey.demo import demo_submissions
from survey.migrate import drop_schema
from survey.models import Answer, Response, Workshop, WorkshopCreate
from survey.questionnaire import load_questionnaire
from survey.results import workshop_results
from survey.store import (
    create_schema,
    create_workshop,
    make_engine,
    score_counts,
    submit_response,
)

RESULTS = Path(__file__).with_name("results.md")
SIZES = tuple(int(n) for n in os.environ.get("BENCH_SIZES", "1000,10000,100000").split(","))
SUBMITS = 600


def _best(run: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def _bulk_fill(session: Session, workshop_id: int, respondents: int, first_id: int) -> None:
    """Fast seeding for the aggregation figures (not what is measured)."""
    questionnaire = load_questionnaire()
    rng = random.Random(respondents)
    roles = ("CEO", "CFO", "COO", "CIO", "OTHER")
    responses, answers = [], []
    for i in range(respondents):
        rid = first_id + i
        key = f"bench-{workshop_id}-{i}"
        responses.append(
            {"id": rid, "workshop_id": workshop_id, "role": roles[i % 5], "idempotency_key": key}
        )
        for q in questionnaire.questions():
            score = None if rng.random() < 0.05 else rng.randint(1, 7)
            answers.append(
                {
                    "response_id": rid,
                    "item_id": q.item.id,
                    "lens": q.lens,
                    "score": score,
                    "workshop_id": workshop_id,
                    "round": 1,
                    "role": roles[i % 5],
                }
            )
    session.execute(insert(Response), responses)
    if session.get_bind().dialect.name == "postgresql":  # COPY: ten times faster to seed
        columns = list(answers[0])
        cursor = session.connection().connection.cursor()
        with cursor.copy(f"COPY answer ({', '.join(columns)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for answer in answers:
                copy.write_row([answer[c] for c in columns])
    else:
        session.execute(insert(Answer), answers)
    session.commit()
    # Statistics and visibility as the database's own maintenance leaves them after a bulk load
    # (autovacuum; SQLite's ANALYZE), so both queries are planned on real row counts.
    with session.get_bind().connect() as connection:  # type: ignore[union-attr]
        vacuum = "VACUUM ANALYZE" if connection.dialect.name == "postgresql" else "ANALYZE"
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(vacuum)


HAND_WRITTEN = text(
    "SELECT r.role, a.item_id, a.lens, avg(a.score), count(a.score), count(*) "
    "FROM answer a JOIN response r ON r.id = a.response_id WHERE r.workshop_id = :w "
    "GROUP BY r.role, a.item_id, a.lens"
)
"""The reference: the query anyone would write over the answers and their responses."""


def bench(url: str, label: str) -> list[str]:
    engine = make_engine(url)
    drop_schema(engine)
    create_schema(engine)
    questionnaire = load_questionnaire()
    lines = []
    with Session(engine) as session:
        workshop = create_workshop(session=session, data=WorkshopCreate(code="BENCH", title="B"))
        assert workshop.id is not None
        submissions = demo_submissions(
            questionnaire=questionnaire, workshop_code="BENCH", respondents=SUBMITS, seed=1
        )
        start = time.perf_counter()
        for data in submissions:
            submit_response(session=session, workshop_id=workshop.id, data=data)
        elapsed = time.perf_counter() - start
        lines.append(
            f"| {label} | submits through the store | {SUBMITS / elapsed:,.0f} responses/s |"
        )
        next_id = SUBMITS + 1
        for size in SIZES:
            sized = create_workshop(
                session=session, data=WorkshopCreate(code=f"B{size}", title=str(size))
            )
            assert sized.id is not None
            _bulk_fill(session, sized.id, size, next_id)
            next_id += size

            def dashboard_run(w: Workshop = sized) -> object:
                return workshop_results(
                    session=session, workshop=w, questionnaire=questionnaire, small_group=10
                )

            def reference_run(w: int = sized.id) -> object:
                return session.execute(HAND_WRITTEN, {"w": w}).all()

            def query_run(w: int = sized.id) -> object:
                return score_counts(session=session, workshop_ids=[w], round_number=1)

            repeat = 3 if size >= 100_000 else 5
            dashboard, reference = _best(dashboard_run, repeat), _best(reference_run, repeat)
            query = _best(query_run, repeat)
            lines.append(
                f"| {label} | dashboard aggregates, {size:,} responses "
                f"| {dashboard * 1000:,.1f} ms (one hand-written GROUP BY: "
                f"{reference * 1000:,.1f} ms, ratio {dashboard / reference:.2f}x; "
                f"the dashboard's own query: {query * 1000:,.1f} ms) |"
            )
    drop_schema(engine)
    engine.dispose()
    return lines


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        lines = bench(f"sqlite:///{folder}/bench.db", "SQLite")
    other = os.environ.get("BENCH_DATABASE_URL")
    if other:
        lines += bench(other, "PostgreSQL")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    header = (
        f"\n## {stamp} · Python {platform.python_version()} · {os.cpu_count()} cores\n\n"
        "| database | what | figure |\n|---|---|---|"
    )
    report = "\n".join([header, *lines]) + "\n"
    print(report)
    if not RESULTS.exists():
        RESULTS.write_text("# Benchmark results\n\nAppended by `make bench`; newest last.\n")
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(report)


if __name__ == "__main__":
    main()
