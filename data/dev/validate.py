"""Validate the PressLens development set (data/dev/*.json).

Run from the repository root:  .venv/bin/python data/dev/validate.py

Checks every file parses, has the required keys, uses valid ISO 3166-1 alpha-2
codes (pycountry), has dates that parse for their precision (weeks run Monday to
Sunday, ranges are ordered), day dates whose expression names a weekday fall on
that weekday, and that every date expression occurs in the article in the order
given. Sample files are read through presslens.clean (the text the pipeline sees).
Exit status 0 when everything passes, 1 otherwise.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date, timedelta
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[2]
DEV = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

PRECISIONS = {"day", "week", "month", "year", "range"}
PARTS = {"early", "mid", "late"}
WEEKDAYS = {  # Monday=0
    0: ["lunedì", "montag", "monday", "lundi", "lunes"],
    1: ["martedì", "dienstag", "tuesday", "mardi", "martes"],
    2: ["mercoledì", "mittwoch", "wednesday", "mercredi", "miércoles"],
    3: ["giovedì", "donnerstag", "thursday", "jeudi", "jueves"],
    4: ["venerdì", "freitag", "friday", "vendredi", "viernes"],
    5: ["sabato", "samstag", "saturday", "samedi", "sábado"],
    6: ["domenica", "sonntag", "sunday", "dimanche", "domingo"],
}


def parse_point(value: str) -> tuple[date, str]:
    """An ISO day, month or year as (first day, granularity)."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return date.fromisoformat(value), "day"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        y, m = map(int, value.split("-"))
        return date(y, m, 1), "month"
    if re.fullmatch(r"\d{4}", value):
        return date(int(value), 1, 1), "year"
    raise ValueError(f"not an ISO date: {value!r}")


def check_date(d: dict, where: str, errors: list[str]) -> None:
    for key in ("text", "date", "precision"):
        if key not in d:
            errors.append(f"{where}: date entry lacks {key!r}: {d}")
            return
    prec, value = d["precision"], d["date"]
    if prec not in PRECISIONS:
        errors.append(f"{where}: unknown precision {prec!r}")
        return
    extra = set(d) - {"text", "date", "precision", "part"}
    if extra:
        errors.append(f"{where}: unexpected keys {sorted(extra)} in {d}")
    if "part" in d and (d["part"] not in PARTS or prec not in ("month", "year")):
        errors.append(f"{where}: bad part {d.get('part')!r} for precision {prec}")
    try:
        if prec in ("day", "month", "year"):
            _, gran = parse_point(value)
            if gran != prec:
                errors.append(f"{where}: {value!r} is not a {prec}")
            if prec == "day":
                named = [wd for wd, names in WEEKDAYS.items() if any(n in d["text"].lower() for n in names)]
                if named and date.fromisoformat(value).weekday() != named[0]:
                    errors.append(f"{where}: {d['text']!r} -> {value} is not that weekday")
        elif prec == "week":
            start, end = value.split("/")
            a, b = date.fromisoformat(start), date.fromisoformat(end)
            if a.weekday() != 0 or b - a != timedelta(days=6):
                errors.append(f"{where}: week {value!r} is not Monday..Sunday")
        else:  # range
            start, end = value.split("/")
            (a, ga), (b, gb) = parse_point(start), parse_point(end)
            if ga != gb or a > b:
                errors.append(f"{where}: bad range {value!r}")
    except ValueError as exc:
        errors.append(f"{where}: {value!r} does not parse for {prec}: {exc}")


def article_text(rec: dict, errors: list[str], where: str) -> str | None:
    if "file" in rec:
        from presslens.clean import clean_text

        path = ROOT / rec["file"]
        if not path.is_file():
            errors.append(f"{where}: file {rec['file']} missing")
            return None
        manifest = json.loads((path.parent / "manifest.json").read_text(encoding="utf-8"))
        meta = next((a for a in manifest["articles"] if a["file"] == path.name), {})
        if meta.get("published") != rec["published"] or meta.get("language") != rec["language"]:
            errors.append(f"{where}: published/language differ from the manifest")
        return clean_text(path.read_text(encoding="utf-8"), source=meta.get("source")).text
    return rec["title"] + "\n" + rec["text"]


def main() -> int:
    errors: list[str] = []
    files = sorted(DEV.glob("*.json"))
    totals = {"countries": 0, "people": 0, "organizations": 0, "dates": 0}
    langs: dict[str, int] = {}
    for path in files:
        where = path.name
        try:
            rec = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: invalid JSON: {exc}")
            continue
        sample = path.stem.startswith("sample-")
        required = ["id", "language", "published", "gold", "event"] + (["file"] if sample else ["title", "text"])
        missing = [k for k in required if k not in rec]
        if missing:
            errors.append(f"{where}: missing keys {missing}")
            continue
        if rec["id"] != path.stem:
            errors.append(f"{where}: id {rec['id']!r} does not match the file name")
        if not sample and not path.stem.startswith(rec["language"] + "-"):
            errors.append(f"{where}: language {rec['language']!r} does not match the file name")
        langs[rec["language"]] = langs.get(rec["language"], 0) + 1
        try:
            date.fromisoformat(rec["published"])
        except ValueError:
            errors.append(f"{where}: published {rec['published']!r} is not an ISO day")
        gold = rec["gold"]
        for key in totals:
            if not isinstance(gold.get(key), list):
                errors.append(f"{where}: gold.{key} missing or not a list")
                continue
            totals[key] += len(gold[key])
            if key != "dates":
                dupes = {x for x in gold[key] if gold[key].count(x) > 1}
                if dupes:
                    errors.append(f"{where}: duplicate {key}: {sorted(dupes)}")
        for code in gold.get("countries", []):
            if pycountry.countries.get(alpha_2=code) is None:
                errors.append(f"{where}: invalid country code {code!r}")
        for i, d in enumerate(gold.get("dates", [])):
            check_date(d, f"{where} dates[{i}]", errors)
        if not sample:
            words = len(rec["text"].split())
            if not 120 <= words <= 300:
                errors.append(f"{where}: body has {words} words (want 120-300)")
        text = article_text(rec, errors, where)
        if text is not None:
            pos = 0
            for d in gold.get("dates", []):
                found = text.find(d.get("text", "\0"), pos)
                if found < 0:
                    errors.append(f"{where}: date text {d.get('text')!r} not found (in order) in the article")
                else:
                    pos = found + len(d["text"])
    for e in errors:
        print("ERROR", e)
    print(f"{len(files)} files; languages {dict(sorted(langs.items()))}; gold totals {totals}")
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
