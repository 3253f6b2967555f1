"""The demo page's web server under `make run`: the widget's static files at
/, and the trainer dashboard at /trainer/ (pages, JSON API, CSV export,
assignments). Every /trainer/ path but the sign-in page needs a trainer's
token (dashboard/auth.py); without one: 401 and no data."""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import asdict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Dict, List, Optional
from urllib.parse import quote, unquote, urlencode, urlsplit

import jinja2
import sqlalchemy as sa
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from dashboard import auth, catalogue, charts
from records import queries, store

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
API = "/trainer/api"


def _day(value: Any) -> Optional[date]:
    """A YYYY-MM-DD date in a sensible range, else None (the filter is off)."""
    try:
        day = date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None
    return day if day and 1970 <= day.year <= 2999 else None


def _filters(request: Request, books: catalogue.Catalogue) -> queries.Filters:
    scenario = request.args.get("scenario") or None
    return queries.Filters(
        start=_day(request.args.get("from")),
        end=_day(request.args.get("to")),
        scenario=scenario if scenario in books.titles else None,
        tz=books.tz,
    )


def _query(filters: queries.Filters) -> str:
    """The filters as a query string, for links that keep them."""
    pairs = {
        "from": filters.start.isoformat() if filters.start else "",
        "to": filters.end.isoformat() if filters.end else "",
        "scenario": filters.scenario or "",
    }
    return urlencode({k: v for k, v in pairs.items() if v})


def create_app(db: sa.engine.Engine, keys: auth.Keys, web_dir: Optional[Path] = None, name: str = "coach_web") -> Sanic:
    app = Sanic(name)
    templates = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,  # reps' answers are shown: never as HTML
        trim_blocks=True,
        lstrip_blocks=True,
    )
    templates.filters["rep_url"] = lambda rep: "/trainer/reps/" + quote(rep, safe="")

    def page(template: str, status: int = 200, **values: Any) -> HTTPResponse:
        html = templates.get_template(template).render(**values)
        return response.html(html, status=status, headers={"Cache-Control": "no-store"})

    def trainer(request: Request) -> bool:
        return keys.allows(auth.presented(request.headers.get("authorization"), request.cookies.get(auth.COOKIE)))

    @app.on_request
    async def require_trainer(request: Request) -> Optional[HTTPResponse]:
        path = request.path
        if not path.startswith("/trainer") or path in ("/trainer/signin", "/trainer/static/dashboard.css"):
            return None
        token = request.args.get("token")
        if request.method == "GET" and token and keys.allows(token):
            # the sign-in link: the token goes into a cookie and out of the address bar
            return _signed_in(path, token)
        if request.method == "POST" and not _same_origin(request):
            # a form posted from another site, riding the trainer's cookie
            return response.json({"error": "cross-site request refused"}, status=403)
        if trainer(request):
            return None
        if path.startswith(API) or path.endswith(".csv") or request.method != "GET":
            return response.json({"error": "trainer token required"}, status=401)
        return page("signin.html", status=401, wrong=bool(token or request.cookies.get(auth.COOKIE)))

    @app.post("/trainer/signin")
    async def sign_in(request: Request) -> HTTPResponse:
        token = (request.form.get("token") or "").strip()
        if not keys.allows(token):
            return page("signin.html", status=401, wrong=True)
        return _signed_in("/trainer/", token)

    @app.get("/trainer/signout")
    async def sign_out(request: Request) -> HTTPResponse:
        out = response.redirect("/trainer/signin")
        out.cookies[auth.COOKIE] = ""
        for key, value in (("max-age", 0), ("path", "/trainer"), ("httponly", True), ("samesite", "Strict")):
            out.cookies[auth.COOKIE][key] = value  # the same path as the one set, or it stays
        return out

    @app.get("/trainer/signin")
    async def sign_in_page(request: Request) -> HTTPResponse:
        return page("signin.html", wrong=False)

    app.static("/trainer/static/dashboard.css", str(HERE / "static" / "dashboard.css"))

    # ---- pages ----
    @app.get("/trainer/")
    async def team_page(request: Request) -> HTTPResponse:
        books = catalogue.current()
        filters = _filters(request, books)
        team = queries.team(db, filters, store.utcnow())
        assigned = store.assignments_for(db)
        known = queries.reps(db)
        today = datetime.now(books.tz).date()
        return page(
            "team.html",
            team=team,
            books=books,
            filters=filters,
            query=_query(filters),
            weeks=queries.WEEKS,
            assignments=[_assignment_view(a, known, today, books) for a in assigned],
            known_reps=known,
            message=request.args.get("message", ""),
        )

    @app.get("/trainer/reps/<rep:path>")
    async def rep_page(request: Request, rep: str) -> HTTPResponse:
        rep = unquote(rep)
        books = catalogue.current()
        filters = _filters(request, books)
        detail = queries.rep_detail(db, rep, filters)
        chart = charts.score_chart(detail.series, rep) if detail else ""
        return page(
            "rep.html", rep=rep, detail=detail, chart=chart, books=books, filters=filters, query=_query(filters)
        )

    @app.post("/trainer/assignments")
    async def add_assignment(request: Request) -> HTTPResponse:
        books = catalogue.current()
        picked = [value.split("/", 1) for value in request.form.getlist("objection") or [] if "/" in value]
        scenarios = {scenario for scenario, _ in picked}
        due = _day(request.form.get("due"))
        if len(scenarios) != 1 or any(o not in dict(books.objections.get(s, [])) for s, o in picked):
            return response.redirect("/trainer/?" + urlencode({"message": "pick"}) + "#assignments")
        rep = (request.form.get("rep") or "").strip() or None
        store.assign(db, rep, scenarios.pop(), [o for _, o in picked], due)
        return response.redirect("/trainer/?" + urlencode({"message": "assigned"}) + "#assignments")

    @app.post("/trainer/assignments/<assignment_id:int>/delete")
    async def remove_assignment(request: Request, assignment_id: int) -> HTTPResponse:
        store.delete_assignment(db, assignment_id)
        return response.redirect("/trainer/#assignments")

    @app.get("/trainer/export.csv")
    async def export(request: Request) -> HTTPResponse:
        filters = _filters(request, catalogue.current())
        out = io.StringIO()
        out.write("\ufeff")  # Excel reads the Chinese as UTF-8 only with the BOM
        writer = csv.writer(out)
        writer.writerow(queries.EXPORT_COLUMNS)
        writer.writerows([_cell(value) for value in row] for row in queries.export(db, filters))
        name = f"drill-records-{date.today().isoformat()}.csv"
        return response.text(
            out.getvalue(),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
        )

    # ---- JSON API ----
    @app.get(f"{API}/reps")
    async def api_reps(request: Request) -> HTTPResponse:
        books = catalogue.current()
        team = queries.team(db, _filters(request, books), store.utcnow())
        return response.json(
            {
                "reps": [_jsonable(asdict(row)) for row in team.reps],
                "objections": [{**asdict(row), "scenario_title": books.title(row.scenario)} for row in team.objections],
            }
        )

    @app.get(f"{API}/reps/<rep:path>")
    async def api_rep(request: Request, rep: str) -> HTTPResponse:
        detail = queries.rep_detail(db, unquote(rep), _filters(request, catalogue.current()))
        if detail is None:
            return response.json({"error": "no records for this rep"}, status=404)
        return response.json(
            {
                "rep": detail.rep,
                "drills": detail.drills,
                "answers": detail.answers,
                "average": detail.average,
                "objections": [
                    {
                        "scenario": scenario,
                        "objection": objection,
                        "label": label,
                        "scores": [{"at": at.isoformat(), "score": score} for at, score in points],
                    }
                    for (scenario, objection), (label, points) in detail.series.items()
                ],
                "missed": [{"move": label, "times": times} for label, times in detail.missed],
                "last": [_jsonable(asdict(answer)) for answer in detail.last],
            }
        )

    @app.get(f"{API}/assignments")
    async def api_assignments(request: Request) -> HTTPResponse:
        books = catalogue.current()
        known, today = queries.reps(db), datetime.now(books.tz).date()
        views = [_assignment_view(a, known, today, books) for a in store.assignments_for(db)]
        return response.json({"assignments": [_jsonable(v) for v in views]})

    @app.post(f"{API}/assignments")
    async def api_assign(request: Request) -> HTTPResponse:
        books = catalogue.current()
        body = request.json if isinstance(request.json, dict) else {}
        scenario, given = body.get("scenario"), body.get("objections")
        known = dict(books.objections.get(scenario, [])) if isinstance(scenario, str) else {}
        given = given if isinstance(given, list) else []
        objections = [o for o in given if isinstance(o, str) and o in known]
        if not known or not given or len(objections) != len(given):
            # what can be assigned, so the caller can correct the request
            choices = {name: [key for key, _ in items] for name, items in books.objections.items()}
            return response.json(
                {"error": "scenario and objections must name drillable ones", "choices": choices}, status=400
            )
        due = _day(body.get("due")) if body.get("due") else None
        if body.get("due") and due is None:
            return response.json({"error": "due must be YYYY-MM-DD"}, status=400)
        rep = body.get("rep")
        rep = rep.strip() if isinstance(rep, str) and rep.strip() else None  # none: everyone
        return response.json({"id": store.assign(db, rep, str(scenario), objections, due)}, status=201)

    if web_dir is not None:
        # the demo page's files one by one: a catch-all static route would
        # also answer /trainer/ paths
        app.static("/", str(web_dir / "index.html"), name="demo_index")
        for path in sorted(web_dir.iterdir()):
            if path.is_file():
                app.static(f"/{path.name}", str(path), name=f"demo_{path.stem}_{path.suffix.strip('.')}")

    return app


def _same_origin(request: Request) -> bool:
    """A POST's Origin (or Referer), when the browser sends one, is this host."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin:
        return True  # not a browser form (curl, the API with its Bearer token)
    return urlsplit(origin).netloc == request.host


def _signed_in(path: str, token: str) -> HTTPResponse:
    """A redirect to `path` that leaves the token in the sign-in cookie:
    sent back by the browser to /trainer/ only, never readable by scripts,
    never on a request from another site."""
    signed_in = response.redirect(path)
    signed_in.cookies[auth.COOKIE] = token
    for key, value in (("httponly", True), ("samesite", "Strict"), ("path", "/trainer")):
        signed_in.cookies[auth.COOKIE][key] = value
    return signed_in


def _assignment_view(a: store.Assignment, known: List[str], today: date, books: catalogue.Catalogue) -> Dict[str, Any]:
    """An assignment as the dashboard lists it: for everyone, how many of the
    reps with records are done or overdue."""
    reps = [a.rep] if a.rep else known
    open_reps = [r for r in reps if not a.done_for(r)]
    overdue_reps = [r for r in open_reps if a.overdue_for(r, today)]
    return {
        "id": a.id,
        "rep": a.rep,
        "scenario": a.scenario,
        "scenario_title": books.title(a.scenario),
        "objections": [books.label(a.scenario, o) for o in a.objections],
        "due": a.due,
        "created_at": a.created_at,
        "reps": len(reps),
        "done": len(reps) - len(open_reps),
        "overdue": len(overdue_reps),
        "overdue_reps": overdue_reps,
        "open_reps": open_reps,
    }


def _cell(value: Any) -> Any:
    """A CSV cell Excel shows as text: an answer starting with = + - @ would
    be run as a formula when a trainer opens the file (OWASP's advice: quote it)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    return value
