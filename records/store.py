"""Writing and reading one rep's records: what the action server needs in a
turn (record a graded answer, the rep's own results, the assignment to
drill next) and `make forget`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Callable, Collection, Dict, List, Optional, Sequence

import sqlalchemy as sa

from records.schema import assignments, drill_misses, drill_records


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclass(frozen=True)
class Record:
    """One graded drill answer."""

    rep: str
    drill_id: str
    scenario: str
    objection: str
    objection_label: str
    score: int
    found: Sequence[str]
    missing: Dict[str, str]  # move key -> label
    penalties: Sequence[str]
    answer: str
    model_answer: str
    assignment_id: Optional[int] = None
    at: Optional[datetime] = None  # UTC; now when None


def add(db: sa.engine.Engine, record: Record) -> int:
    """Store a record and its missed moves in one transaction; its id."""
    with db.begin() as connection:
        result = connection.execute(
            drill_records.insert().values(
                rep=record.rep,
                drill_id=record.drill_id,
                scenario=record.scenario,
                objection=record.objection,
                objection_label=record.objection_label,
                score=record.score,
                found=json.dumps(list(record.found), ensure_ascii=False),
                missing=json.dumps(list(record.missing.values()), ensure_ascii=False),
                penalties=json.dumps(list(record.penalties), ensure_ascii=False),
                answer=record.answer,
                model_answer=record.model_answer,
                assignment_id=record.assignment_id,
                at=record.at or utcnow(),
            )
        )
        record_id = int(result.inserted_primary_key[0])
        if record.missing:
            connection.execute(
                drill_misses.insert(),
                [{"record_id": record_id, "move": key, "label": label} for key, label in record.missing.items()],
            )
    return record_id


@dataclass(frozen=True)
class Objection:
    scenario: str
    objection: str
    label: str
    answers: int
    average: int


@dataclass(frozen=True)
class RepResults:
    """What "我的成绩" tells a rep about their own drills."""

    drills: int
    answers: int
    average: int
    objections: List[Objection]  # weakest first

    @property
    def weakest(self) -> Optional[Objection]:
        return self.objections[0] if self.objections else None


def results_of(db: sa.engine.Engine, rep: str) -> RepResults:
    r = drill_records.c
    with db.connect() as connection:
        drills, answers, average = connection.execute(
            sa.select(sa.func.count(sa.distinct(r.drill_id)), sa.func.count(), sa.func.avg(r.score)).where(r.rep == rep)
        ).one()
        rows = connection.execute(
            sa.select(r.scenario, r.objection, sa.func.max(r.objection_label), sa.func.count(), sa.func.avg(r.score))
            .where(r.rep == rep)
            .group_by(r.scenario, r.objection)
        ).all()
    objections = sorted(
        (Objection(s, o, label, n, round(avg)) for s, o, label, n, avg in rows),
        key=lambda o: (o.average, -o.answers, o.objection),
    )
    return RepResults(drills, answers, round(average or 0), objections)


@dataclass(frozen=True)
class Assignment:
    id: int
    rep: Optional[str]  # None: everyone
    scenario: str
    objections: List[str]
    due: Optional[date]
    created_at: datetime
    # per rep: the assigned objections they have answered since it was set
    done_by: Dict[str, List[str]] = field(default_factory=dict)

    def left_for(self, rep: str) -> List[str]:
        done = set(self.done_by.get(rep, []))
        return [o for o in self.objections if o not in done]

    def done_for(self, rep: str) -> bool:
        return not self.left_for(rep)

    def overdue_for(self, rep: str, today: date) -> bool:
        return self.due is not None and self.due < today and not self.done_for(rep)


def assign(
    db: sa.engine.Engine, rep: Optional[str], scenario: str, objections: Sequence[str], due: Optional[date]
) -> int:
    with db.begin() as connection:
        result = connection.execute(
            assignments.insert().values(
                rep=rep or None,
                scenario=scenario,
                objections=json.dumps(list(objections)),
                due=due,
                created_at=utcnow(),
            )
        )
    return int(result.inserted_primary_key[0])


def delete_assignment(db: sa.engine.Engine, assignment_id: int) -> bool:
    with db.begin() as connection:
        return connection.execute(assignments.delete().where(assignments.c.id == assignment_id)).rowcount > 0


def assignments_for(db: sa.engine.Engine, rep: Optional[str] = None) -> List[Assignment]:
    """Every assignment (rep None), or those that apply to one rep (theirs
    and everyone's), oldest first, with who has done which objections."""
    a, r = assignments.c, drill_records.c
    query = sa.select(assignments).order_by(a.created_at, a.id)
    if rep is not None:
        query = query.where(sa.or_(a.rep == rep, a.rep.is_(None)))
    # an assigned objection counts as done when answered after it was set
    done = (
        sa.select(a.id, r.rep, r.scenario, r.objection)
        .join(drill_records, sa.and_(r.scenario == a.scenario, r.at >= a.created_at))
        .where(sa.or_(a.rep.is_(None), a.rep == r.rep))
        .distinct()
    )
    if rep is not None:
        done = done.where(r.rep == rep)
    with db.connect() as connection:
        rows = connection.execute(query).all()
        answered: Dict[int, Dict[str, List[str]]] = {}
        for assignment_id, who, _, objection in connection.execute(done):
            answered.setdefault(assignment_id, {}).setdefault(who, []).append(objection)
    return [
        Assignment(
            row.id,
            row.rep,
            row.scenario,
            json.loads(row.objections),
            row.due,
            row.created_at,
            answered.get(row.id, {}),
        )
        for row in rows
    ]


def next_assignment(
    db: sa.engine.Engine, rep: str, drillable: Optional[Callable[[str], Collection[str]]] = None
) -> Optional[Assignment]:
    """The rep's open assignment to drill first: the earliest due, then the
    oldest. `drillable(scenario)`: the objections that can be drilled now; an
    assignment with none of them left (a rubric renamed since) is passed over."""
    open_ = [
        a
        for a in assignments_for(db, rep)
        if not a.done_for(rep) and (drillable is None or set(a.left_for(rep)) & set(drillable(a.scenario)))
    ]
    open_.sort(key=lambda a: (a.due is None, a.due or date.max, a.created_at))
    return open_[0] if open_ else None


def forget(db: sa.engine.Engine, rep: str) -> int:
    """Delete a rep's records and the assignments set for them alone; how many records."""
    r = drill_records.c
    with db.begin() as connection:
        ids = sa.select(r.id).where(r.rep == rep).scalar_subquery()
        connection.execute(drill_misses.delete().where(drill_misses.c.record_id.in_(ids)))
        deleted = connection.execute(drill_records.delete().where(r.rep == rep)).rowcount
        connection.execute(assignments.delete().where(assignments.c.rep == rep))
    return deleted
