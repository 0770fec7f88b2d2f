"""The usage report as CSV, JSON or one offline HTML file with its charts as inline SVG."""

from __future__ import annotations

import csv
import io
import json
from html import escape

from kiosk.core.barchart import BarChart, to_svg
from kiosk.core.theme import LIGHT
from kiosk.core.usagereport import NOT_STORED, STORED, Figures

FORMATS = ("csv", "json", "html")


def _heading(figures: Figures) -> dict[str, object]:
    return {"since": figures.since.isoformat(), "until": figures.until.isoformat(),
            "kiosks": sorted(figures.kiosks), "visits": figures.visits}


def as_csv(figures: Figures, charts: list[BarChart]) -> str:
    """One row per bar: ``chart,label,value,note`` (a spreadsheet pivots it easily)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["chart", "label", "value", "note"])
    head = _heading(figures)
    writer.writerow(["report", "since", head["since"], ""])
    writer.writerow(["report", "until", head["until"], ""])
    writer.writerow(["report", "kiosks", len(figures.kiosks), " ".join(sorted(figures.kiosks))])
    writer.writerow(["report", "visits", figures.visits, ""])
    for chart in charts:
        for bar in chart.bars:
            writer.writerow([chart.title, bar.label, bar.value, bar.note])
    return out.getvalue()


def as_json(figures: Figures, charts: list[BarChart]) -> str:
    data = {**_heading(figures), "stored": STORED, "never_stored": NOT_STORED,
            "charts": [{"name": c.name, "title": c.title,
                        "bars": [{"label": b.label, "value": b.value, "note": b.note}
                                 for b in c.bars]} for c in charts]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def as_html(figures: Figures, charts: list[BarChart]) -> str:
    """A single offline page: nothing is fetched (no scripts, fonts or images from outside)."""
    kiosks = ", ".join(sorted(figures.kiosks)) or "none"
    title = "What visitors read"
    body = [f"<h1>{title}</h1>",
            f"<p>{figures.since:%d %B %Y} to {figures.until:%d %B %Y}. "
            f"Kiosks: {escape(kiosks)}. Visits: {figures.visits}.</p>"]
    for chart in charts:
        body.append(f'<figure>{to_svg(chart)}<figcaption>{escape(chart.summary())}'
                    "</figcaption></figure>")
    body.append(f"<h2>What is and is not stored</h2><p>{escape(STORED)}</p>"
                f"<p>{escape(NOT_STORED)}</p>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{title}</title><style>"
            "body{font-family:'Atkinson Hyperlegible',Verdana,sans-serif;font-size:20px;"
            "line-height:1.5;max-width:1000px;margin:2em auto;padding:0 1em;"
            f"background:{LIGHT.surface};color:{LIGHT.text}}}"
            "figure{margin:2em 0}figcaption{position:absolute;left:-9999px}"
            "svg{max-width:100%;height:auto}"
            "</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


def render(kind: str, figures: Figures, charts: list[BarChart]) -> str:
    """The report in ``kind`` (one of :data:`FORMATS`)."""
    return {"csv": as_csv, "json": as_json, "html": as_html}[kind](figures, charts)
