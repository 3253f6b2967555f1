"""The trainer-editable settings in coach.yml, checked against a schema."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any, Dict, Optional, Tuple
from zoneinfo import ZoneInfo

from coach import yamlfile
from coach.registry import COLD_CALL, Objection, Scenario, objections_in, scenarios_in
from coach.reloading import Reloading

DEFAULT_PATH = Path(os.environ.get("COACH_SETTINGS", "coach.yml"))

_HHMM = {
    "type": "string",
    "pattern": r"^([01]?\d|2[0-3]):[0-5]\d$",
    "description": '写成 "15:00" 这样的24小时制时间（加引号）。 Write a 24-hour time in quotes, like "15:00".',
}


def _options(**types: str) -> Dict[str, Any]:
    """An intent's options in coach.yml: `{}` or nothing, or these names with these types."""
    return {
        "type": ["object", "null"],
        "additionalProperties": False,
        "properties": {name: {"type": kind} for name, kind in types.items()},
    }


SCHEMA = {
    "type": "object",
    "required": ["company", "rep_name", "appointment", "objections"],
    "additionalProperties": False,
    "properties": {
        "company": {"type": "string", "minLength": 1},
        "rep_name": {"type": "string", "minLength": 1},
        "company_location": {"type": "string", "minLength": 1},
        "appointment": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "region": {
                    "enum": ["CN", "TW", "HK"],
                    "description": "region 只能是 CN、TW 或 HK。 region must be CN, TW or HK.",
                },
                "timezone": {"type": "string"},
                "visit_time": _HHMM,
                "alternative_time": _HHMM,
                "min_days_ahead": {"type": "integer", "minimum": 0, "maximum": 30},
                "max_proposals_per_call": {"type": "integer", "minimum": 1, "maximum": 10},
                "callback_after_days": {"type": "integer", "minimum": 1, "maximum": 90},
                "office_hours": {
                    "type": "object",
                    "required": ["start", "end"],
                    "additionalProperties": False,
                    "properties": {"start": _HHMM, "end": _HHMM},
                },
            },
        },
        "reply": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "traditional_variant": {"enum": ["s2t", "s2tw", "s2twp", "s2hk"]},
                "max_spoken_chars": {"type": "integer", "minimum": 20, "maximum": 400},
            },
        },
        "scenarios": {
            "type": "object",
            "description": "scenarios 下每个场景写 title、moves 等，见 coach.yml 里的说明。"
            " Each scenario has a title and its moves; see the comments in coach.yml.",
            "additionalProperties": {
                "type": "object",
                "required": ["title"],
                "additionalProperties": False,
                "properties": {
                    "title": {"type": "string", "minLength": 1},
                    "example": {"type": "string"},
                    "keywords": {"type": "array", "items": {"type": "string", "minLength": 1}},
                    "max_asks": {"type": "integer", "minimum": 0, "maximum": 10},
                    "treat_as": {"type": "object", "additionalProperties": {"type": "string"}},
                    "settings": {
                        "type": "object",
                        "additionalProperties": {"type": ["string", "integer", "array"]},
                    },
                    "moves": {
                        "type": "object",
                        "minProperties": 1,
                        "additionalProperties": _options(asks="boolean", allowed_by="string", drill="boolean"),
                    },
                },
            },
        },
        "objections": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": _options(
                proposes_visit="boolean", role_reversal="boolean", offers_callback="boolean", do_not_call="boolean"
            ),
        },
    },
}


def _hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


@dataclass(frozen=True)
class AppointmentSettings:
    region: str = "CN"
    timezone: str = "Asia/Shanghai"
    visit_time: time = time(15, 0)
    alternative_time: time = time(10, 0)
    min_days_ahead: int = 1
    office_hours: Tuple[time, time] = (time(9, 0), time(18, 0))
    # seed 001: about three appointment asks in one call, then a courteous close
    max_proposals_per_call: int = 3
    callback_after_days: int = 7

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Settings:
    company: str
    rep_name: str
    company_location: str = ""
    appointment: AppointmentSettings = field(default_factory=AppointmentSettings)
    traditional_variant: str = "s2tw"
    # a phone reply fits one breath (seed 003: keep it short); make check warns above it
    max_spoken_chars: int = 70
    # objection intent -> its options (coach/registry.py)
    objections: Dict[str, Objection] = field(default_factory=dict)
    # scenario name -> Scenario, the cold call first (coach/registry.py)
    scenarios: Dict[str, Scenario] = field(default_factory=dict)

    def scenario(self, name: Optional[str]) -> Scenario:
        """The scenario called `name`, or the cold call (in force until the rep picks one)."""
        return self.scenarios.get(name or "") or self.scenarios.get(COLD_CALL) or Scenario(COLD_CALL, COLD_CALL)


def parse(data, file: str = "coach.yml") -> Settings:
    problems = yamlfile.schema_problems(data, SCHEMA, file)
    if problems:
        raise yamlfile.YamlProblems(problems)
    appt = data.get("appointment") or {}
    hours = appt.get("office_hours") or {"start": "09:00", "end": "18:00"}
    appointment = AppointmentSettings(
        region=appt.get("region", "CN"),
        timezone=appt.get("timezone", "Asia/Shanghai"),
        visit_time=_hhmm(appt.get("visit_time", "15:00")),
        alternative_time=_hhmm(appt.get("alternative_time", "10:00")),
        min_days_ahead=appt.get("min_days_ahead", 1),
        office_hours=(_hhmm(hours["start"]), _hhmm(hours["end"])),
        max_proposals_per_call=appt.get("max_proposals_per_call", 3),
        callback_after_days=appt.get("callback_after_days", 7),
    )
    return Settings(
        company=data["company"],
        rep_name=data["rep_name"],
        company_location=data.get("company_location", ""),
        appointment=appointment,
        traditional_variant=(data.get("reply") or {}).get("traditional_variant", "s2tw"),
        max_spoken_chars=(data.get("reply") or {}).get("max_spoken_chars", 70),
        objections=objections_in(data),
        scenarios=scenarios_in(data),
    )


def _read(path: Path) -> Settings:
    return parse(yamlfile.load(path), str(path))


_settings: Reloading[Settings] = Reloading(_read)


def load(path: Optional[Path] = None) -> Settings:
    """Settings from coach.yml, re-read only when the file changes so trainers
    need no restart; raises YamlProblems with file and line."""
    return _settings.get(Path(path or DEFAULT_PATH))
