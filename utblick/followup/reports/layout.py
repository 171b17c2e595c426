"""The order and wording of a report document, for any writer: the Word report and the PDF share it.

A writer offers ``heading(text, level)`` (0 is the title), ``paragraph(text, muted=, bullet=)``,
``table(headers, rows, widths, fill=)`` (a cell is a string or a (bold, muted) pair) and
``chart(series_or_trend)`` and ``map(picture, alt)``; ``word.WordReport`` writes DOCX, ``typesetting.TypstReport`` PDF.
What a document holds grows with what a committee reads — summaries, figures per direction,
indicators, the first results, applications and deviations — never with the register; the full
listing is the XLSX's.
"""

from typing import Any, Protocol

from django.utils import timezone
from django.utils.translation import gettext as _

from .content import Section, YearReport, direction_count_text, listing_note, more_text, number
from .mandate import MandateReview


class Writer(Protocol):
    def heading(self, text: str, level: int) -> None: ...

    def paragraph(self, text: str, *, muted: bool = False, bullet: bool = False) -> None: ...

    def table(self, headers: list[str], rows: list[list[Any]], widths: list[float], *, fill: bool = True) -> None: ...

    def chart(self, trend_or_series: Any) -> None: ...

    def map(self, picture: Any, alt: str) -> None: ...


def write(word: Writer, report: Any) -> None:
    """The whole report, front to end."""
    _front(word, report)
    if isinstance(report, YearReport):
        _year(word, report)
    else:
        _mandate(word, report)


def _sections(word: Writer, sections: list[Section], *, empty: str, level: int) -> None:
    """A direction's parts and how many engagements each has; the engagements themselves are in the XLSX."""
    if not sections:
        word.paragraph(empty, muted=True)
        return
    word.table([_("Part"), _("Engagements")], [[section.title, str(section.count)] for section in sections], [11, 5])


def _more(word: Writer, count: int) -> None:
    if count > 0:
        word.paragraph(more_text(count), muted=True)


def _front(word: Writer, report: Any) -> None:
    word.heading(report.title, 0)
    word.paragraph(report.subtitle)
    facts = []
    if report.strategy_name:
        facts.append(_("Followed up against: %(strategy)s") % {"strategy": report.strategy_name})
    facts.append(_("Written by Utblick on %(date)s") % {"date": timezone.localdate(report.generated).isoformat()})
    word.paragraph(" · ".join(facts), muted=True)


def _year(word: Writer, report: YearReport) -> None:
    word.heading(_("Summary of the year"), 1)
    word.table([_("Figure"), str(report.year)], [[f.label, f.text] for f in report.summary], [11, 5])
    for note in report.rate_notes:
        word.paragraph(note, muted=True)
    if report.by_kind:
        word.table([_("Kind of engagement"), _("Number")], [[k, number(n)] for k, n in report.by_kind], [11, 5])
    word.paragraph(listing_note(), muted=True)
    if report.partner_map is not None:
        word.heading(_("Partners on the map"), 1)
        word.map(report.partner_map, report.partner_map_alt)
    for block in report.directions:
        word.heading(block.name, 1)
        word.paragraph(direction_count_text(block.count, single_year=True))
        _sections(word, block.sections, empty=_("No engagements during the year."), level=2)
    word.heading(_("Applications submitted"), 1)
    if report.applications:
        word.table(
            [_("Application"), _("Submitted"), _("Outcome")],
            [[e.title, day.isoformat(), outcome] for e, outcome, day in report.applications],
            [9, 3, 4],
        )
        _more(word, report.more_applications)
    else:
        word.paragraph(_("No applications were submitted during the year."), muted=True)
    word.heading(_("Results"), 1)
    if report.results:
        word.table(
            [_("Engagement"), _("Results")],
            [[(r.engagement.title, r.engagement.owner_unit.name), r.results] for r in report.results],
            [5, 11],
        )
        _more(word, report.more_results)
    else:
        word.paragraph(_("No results recorded yet."), muted=True)
    word.heading(_("Deviations open at the end of the year"), 1)
    if report.deviations:
        word.table([_("Rule"), _("Open")], [[rule, str(count)] for rule, count in report.deviations_by_rule], [12, 4])
        word.table(
            [_("Rule"), _("Unit"), _("Deviation"), _("Since")],
            [
                [d.rule_title, d.unit.name if d.unit else "–", d.message, timezone.localdate(d.first_seen).isoformat()]
                for d in report.deviations_shown
            ],
            [4, 3, 7, 2.2],
        )
        _more(word, report.more_deviations)
    else:
        word.paragraph(_("No deviations were open."), muted=True)
    word.heading(_("Indicators"), 1)
    if not report.indicators:
        word.paragraph(_("The strategy follows no indicators."), muted=True)
    for series in report.indicators:
        word.chart(series)


def _mandate(word: Writer, review: MandateReview) -> None:
    word.paragraph(
        _("Mandate period %(period)s: %(start)s to %(end)s")
        % {
            "period": review.period.label,
            "start": review.period.starts_on.isoformat(),
            "end": review.period.ends_on.isoformat(),
        }
    )
    word.heading(_("What was done, direction by direction"), 1)
    word.paragraph(listing_note(), muted=True)
    for block in review.directions:
        word.heading(block.name, 2)
        word.paragraph(direction_count_text(block.count, single_year=False))
        if block.goals:
            word.paragraph(_("The strategy's goals:"), muted=True)
            for goal in block.goals:
                word.paragraph(goal, bullet=True)
        _sections(word, block.sections, empty=_("No engagements during the period."), level=3)
    word.heading(_("Indicators over the period"), 1)
    if not review.trends:
        word.paragraph(_("The strategy follows no indicators."), muted=True)
    for trend in review.trends:
        word.chart(trend)
    word.heading(_("Compliance with the rules"), 1)
    word.table(
        [_("Year"), _("Deviations opened"), _("Deviations resolved")],
        [[str(year), number(opened), number(resolved)] for year, opened, resolved in review.compliance],
        [4, 6, 6],
    )
    if review.open_at_end:
        word.paragraph(_("Deviations still open when the period ended:"))
        word.table([_("Rule"), _("Open")], [[rule, number(count)] for rule, count in review.open_at_end], [12, 4])
    word.heading(_("Follow-up of the strategy"), 1)
    if review.reviews:
        word.table(
            [_("Date"), _("Body"), _("Outcome")],
            [[r.reviewed_on.isoformat(), r.body, r.get_outcome_display()] for r in review.reviews],
            [3, 6, 7],
        )
    else:
        word.paragraph(_("No follow-up of the strategy is recorded for the period."), muted=True)
    word.heading(_("Reviews of memberships and agreements"), 1)
    rows = [
        [e.membership.engagement.title, e.evaluated_on.isoformat(), e.get_verdict_display()] for e in review.evaluations
    ] + [
        [
            r.agreement.engagement.title,
            (r.decided_on or r.deadline).isoformat(),
            r.get_decision_display() or _("not decided"),
        ]
        for r in review.agreement_reviews
    ]
    if rows:
        word.table([_("Subject"), _("Date"), _("Outcome")], rows, [9, 3, 4])
    else:
        word.paragraph(_("No memberships or agreements were reviewed during the period."), muted=True)
    word.heading(_("Conclusions"), 1)
    conclusions = review.conclusions or _("(The coordinator writes the conclusions before the report is sent.)")
    for part in conclusions.split("\n\n"):
        word.paragraph(part.strip())
