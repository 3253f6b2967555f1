"""What the trainer dashboard shows, computed in the database: a handful of
GROUP BY queries over the indexed columns, whatever the number of reps
(`make bench` times them on 200 reps and 50,000 records)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Dict, Iterator, List, Optional, Tuple
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from coach.drill.grader import STRONG
from records.schema import drill_misses, drill_records

WEEKS = 4  # the team view's trend: the average of each of the last four weeks
LAST_ANSWERS = 10


@dataclass(frozen=True)
class Filters:
    """Dates are the company's calendar days, both ends included."""

    start: Optional[date] = None
    end: Optional[date] = None
    scenario: Optional[str] = None
    tz: ZoneInfo = ZoneInfo("Asia/Shanghai")

    def utc(self, day: date) -> datetime:
        local = datetime.combine(day, time.min, self.tz)
        return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)

    def where(self) -> List[sa.sql.ColumnElement]:
        r = drill_records.c
        clauses = []
        if self.start:
            clauses.append(r.at >= self.utc(self.start))
        if self.end:
            clauses.append(r.at < self.utc(self.end + timedelta(days=1)))
        if self.scenario:
            clauses.append(r.scenario == self.scenario)
        return clauses

    def local(self, at: datetime) -> datetime:
        return at.replace(tzinfo=ZoneInfo("UTC")).astimezone(self.tz).replace(tzinfo=None)


@dataclass(frozen=True)
class RepRow:
    rep: str
    drills: int
    answers: int
    average: int
    trend: List[Optional[int]]  # oldest week first; None: no drill that week
    weakest_move: Optional[str]
    last: datetime  # company time


@dataclass(frozen=True)
class ObjectionRow:
    scenario: str
    objection: str
    label: str
    answers: int
    reps: int
    average: int
    strong: int  # answers that scored STRONG or more (the customer moved on)
    most_missed: Optional[str]  # the move its answers miss most


@dataclass(frozen=True)
class Team:
    reps: List[RepRow]  # most active first
    objections: List[ObjectionRow]  # the team's worst first


def _most_missed(connection, where, group_by: Tuple = ()) -> List[Tuple]:
    """(*group_by, move, label, times missed) rows."""
    r, m = drill_records.c, drill_misses.c
    columns = list(group_by)
    query = (
        sa.select(*columns, m.move, sa.func.max(m.label), sa.func.count())
        .select_from(drill_misses.join(drill_records, m.record_id == r.id))
        .where(*where)
        .group_by(*columns, m.move)
    )
    return connection.execute(query).all()


def _missed_most(rows: List[Tuple]) -> Dict[Tuple, str]:
    """From _most_missed's rows: per group, the label missed most (a tie: the later label)."""
    best: Dict[Tuple, Tuple[int, str]] = {}
    for *group, _, label, count in rows:
        if (count, label) > best.get(tuple(group), (0, "")):
            best[tuple(group)] = (count, label)
    return {group: label for group, (_, label) in best.items()}


def team(db: sa.engine.Engine, filters: Filters, now: datetime) -> Team:
    """`now` is UTC; the trend's weeks end at the filter's end, or now."""
    r = drill_records.c
    where = filters.where()
    end = filters.utc(filters.end + timedelta(days=1)) if filters.end else now
    weeks = [end - timedelta(weeks=WEEKS - i) for i in range(WEEKS + 1)]
    bucket = sa.case(*[(r.at < weeks[i + 1], i) for i in range(WEEKS)], else_=None)
    with db.connect() as connection:
        per_rep = connection.execute(
            sa.select(
                r.rep, sa.func.count(sa.distinct(r.drill_id)), sa.func.count(), sa.func.avg(r.score), sa.func.max(r.at)
            )
            .where(*where)
            .group_by(r.rep)
        ).all()
        trend_rows = connection.execute(
            sa.select(r.rep, bucket.label("week"), sa.func.avg(r.score))
            .where(*where, r.at >= weeks[0], r.at < weeks[-1])
            .group_by(r.rep, "week")
        ).all()
        missed = _most_missed(connection, where, (r.rep,))
        missed_per_objection = _most_missed(connection, where, (r.scenario, r.objection))
        per_objection = connection.execute(
            sa.select(
                r.scenario,
                r.objection,
                sa.func.max(r.objection_label),
                sa.func.count(),
                sa.func.count(sa.distinct(r.rep)),
                sa.func.avg(r.score),
                sa.func.sum(sa.case((r.score >= STRONG, 1), else_=0)),
            )
            .where(*where)
            .group_by(r.scenario, r.objection)
        ).all()
    trends: Dict[str, List[Optional[int]]] = {}
    for rep, week, average in trend_rows:
        if week is not None:
            trends.setdefault(rep, [None] * WEEKS)[int(week)] = round(average)
    weakest, weakest_of = _missed_most(missed), _missed_most(missed_per_objection)
    reps = [
        RepRow(
            rep,
            drills,
            answers,
            round(average),
            trends.get(rep, [None] * WEEKS),
            weakest.get((rep,)),
            filters.local(last),
        )
        for rep, drills, answers, average, last in per_rep
    ]
    reps.sort(key=lambda row: (-row.answers, row.rep))
    objections = [
        ObjectionRow(
            scenario,
            objection,
            label,
            answers,
            reps_,
            round(average),
            int(strong or 0),
            weakest_of.get((scenario, objection)),
        )
        for scenario, objection, label, answers, reps_, average, strong in per_objection
    ]
    objections.sort(key=lambda row: (row.average, -row.answers, row.scenario, row.objection))
    return Team(reps, objections)


@dataclass(frozen=True)
class Answer:
    at: datetime  # company time
    scenario: str
    objection: str
    label: str
    score: int
    found: List[str]
    missing: List[str]
    penalties: List[str]
    answer: str
    model_answer: str


@dataclass(frozen=True)
class RepDetail:
    rep: str
    drills: int
    answers: int
    average: int
    # (scenario, objection) -> label and its scores over time, for the chart
    series: Dict[Tuple[str, str], Tuple[str, List[Tuple[datetime, int]]]]
    missed: List[Tuple[str, int]]  # move label, times missed; most first
    last: List[Answer]  # newest first


def _answer(row, filters: Filters) -> Answer:
    return Answer(
        filters.local(row.at),
        row.scenario,
        row.objection,
        row.objection_label,
        row.score,
        json.loads(row.found),
        json.loads(row.missing),
        json.loads(row.penalties),
        row.answer,
        row.model_answer,
    )


def rep_detail(db: sa.engine.Engine, rep: str, filters: Filters) -> Optional[RepDetail]:
    """None when the rep has no record in the filter's range."""
    r = drill_records.c
    where = [r.rep == rep, *filters.where()]
    with db.connect() as connection:
        drills, answers, average = connection.execute(
            sa.select(sa.func.count(sa.distinct(r.drill_id)), sa.func.count(), sa.func.avg(r.score)).where(*where)
        ).one()
        if not answers:
            return None
        points = connection.execute(
            sa.select(r.scenario, r.objection, r.objection_label, r.at, r.score).where(*where).order_by(r.at, r.id)
        ).all()
        missed = _most_missed(connection, where)
        last = connection.execute(
            sa.select(drill_records).where(*where).order_by(r.at.desc(), r.id.desc()).limit(LAST_ANSWERS)
        ).all()
    series: Dict[Tuple[str, str], Tuple[str, List[Tuple[datetime, int]]]] = {}
    for scenario, objection, label, at, score in points:
        _, scores = series.setdefault((scenario, objection), (label, []))
        scores.append((filters.local(at), score))
    return RepDetail(
        rep,
        drills,
        answers,
        round(average),
        series,
        sorted(((label, count) for _, label, count in missed), key=lambda m: (-m[1], m[0])),
        [_answer(row, filters) for row in last],
    )


EXPORT_COLUMNS = [
    "time",
    "rep",
    "scenario",
    "objection",
    "objection_label",
    "score",
    "found",
    "missing",
    "penalties",
    "answer",
]


def _joined(items: str) -> str:
    return "" if items == "[]" else "; ".join(json.loads(items))


def export(db: sa.engine.Engine, filters: Filters) -> Iterator[List]:
    """Every record the filters select, oldest first, as CSV rows (lists
    joined with "; "). Tens of thousands of rows: the columns it needs only,
    the time zone's offset computed once per hour, not per row."""
    r = drill_records.c
    query = (
        # the time as the driver gives it: SQLite's text is parsed by
        # fromisoformat (C) instead of SQLAlchemy's regex, per row
        sa.select(
            sa.type_coerce(r.at, sa.String),
            r.rep,
            r.scenario,
            r.objection,
            r.objection_label,
            r.score,
            r.found,
            r.missing,
            r.penalties,
            r.answer,
        )
        .where(*filters.where())
        .order_by(r.at, r.id)
    )
    offsets: Dict[datetime, timedelta] = {}
    with db.connect() as connection:
        for (
            at,
            rep,
            scenario,
            objection,
            label,
            score,
            found,
            missing,
            penalties,
            answer,
        ) in connection.execution_options(stream_results=True).execute(query):
            if isinstance(at, str):
                at = datetime.fromisoformat(at)
            hour = at.replace(minute=0, second=0, microsecond=0)
            if hour not in offsets:
                offsets[hour] = filters.local(hour) - hour
            yield [
                (at + offsets[hour]).isoformat(sep=" ", timespec="seconds"),
                rep,
                scenario,
                objection,
                label,
                score,
                _joined(found),
                _joined(missing),
                _joined(penalties),
                answer,
            ]


def reps(db: sa.engine.Engine) -> List[str]:
    """Every rep with a record, for the assignment form."""
    r = drill_records.c
    with db.connect() as connection:
        return [rep for (rep,) in connection.execute(sa.select(r.rep).distinct().order_by(r.rep))]
