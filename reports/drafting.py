"""The report's prose, drafted from the figures: the results in numbers, and the shortcomings and next steps
the data points to (old open difficulties, enterprises that may found a party organisation, unvisited
enterprises, overdue plan items, missed targets …) as sentences the office edits before signing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from models.difficulties import DifficultyStatus
from models.nominees import Stage
from models.plan import MilestoneStatus
from models.rules import Rules
from reports.figures import ReportFigures
from reports.heading import ReportHeading
from texts import reports as t

MAX_EXAMPLES = 5   # names quoted in one sentence before "… và N doanh nghiệp khác"


@dataclass(frozen=True)
class ReportText:
    intro: str
    visits: list[str]
    difficulties: list[str]
    admissions: list[str]
    organisations: list[str]
    plan: list[str]
    targets: list[str]
    shortcomings: list[str]
    next_steps: list[str]


def draft_text(figures: ReportFigures, heading: ReportHeading, rules: Rules) -> ReportText:
    return ReportText(
        intro=_intro(figures, heading),
        visits=_visits(figures),
        difficulties=_difficulties(figures, rules),
        admissions=_admissions(figures),
        organisations=_organisations(figures),
        plan=_plan(figures),
        targets=_targets(figures),
        shortcomings=shortcomings(figures, rules),
        next_steps=next_steps(figures, heading),
    )


def examples(names: Sequence[str], limit: int = MAX_EXAMPLES) -> str:
    """" (A, B, C và 4 doanh nghiệp khác)", or nothing for an empty list."""
    if not names:
        return ""
    shown = ", ".join(names[:limit])
    more = t.EXAMPLES_MORE.format(count=t.number(len(names) - limit)) if len(names) > limit else ""
    return t.EXAMPLES.format(names=shown, more=more)


# --------------------------------------------------------------------------- I. results

def _intro(figures: ReportFigures, heading: ReportHeading) -> str:
    phrase = t.period_phrase(figures.period)
    if figures.plan is None:
        return t.INTRO_NO_PLAN.format(party=heading.party_body, zones=heading.zones_body, phrase=phrase,
                                      subject=t.SUBJECT)
    return t.INTRO_PLAN.format(plan_code=figures.plan.code, party=heading.party_body, zones=heading.zones_body,
                               subject=t.SUBJECT, phrase=phrase)


def _visits(figures: ReportFigures) -> list[str]:
    without = len(figures.without_party_org)
    if not figures.visit_count:
        paragraphs = [t.VISITS_NONE.format(enterprises_total=t.number(figures.enterprises_total),
                                           without_total=t.number(without))]
    else:
        paragraphs = [t.VISITS_TEXT.format(
            visits=t.number(figures.visit_count), enterprises=t.number(figures.visited_enterprises),
            without_visited=t.number(figures.visited_without_party_org), without_total=t.number(without),
            share=t.percent(figures.visited_without_party_org, without),
            enterprises_total=t.number(figures.enterprises_total), with_party=t.number(figures.with_party_org))]
        official, probationary = figures.members_in_visited
        if official or probationary:
            paragraphs.append(t.MEMBERS_FOUND.format(official=t.number(official),
                                                     probationary=t.number(probationary)))
    for wave in figures.waves:
        line = t.WAVE_LINE.format(name=wave.name, start=t.day(wave.starts_on), end=t.day(wave.ends_on),
                                  covered=t.number(wave.covered), aimed_at=t.number(wave.aimed_at),
                                  share=t.percent(wave.covered, wave.aimed_at), visits=t.number(wave.visits))
        if wave.unvisited:
            line += t.WAVE_LINE_UNVISITED.format(count=t.number(len(wave.unvisited)))
        paragraphs.append(line)
    return paragraphs


def _difficulties(figures: ReportFigures, rules: Rules) -> list[str]:
    paragraphs = [t.DIFFICULTIES_TEXT.format(
        received=t.number(len(figures.received)),
        resolved=t.number(figures.closed_in_period(DifficultyStatus.resolved)),
        declined=t.number(figures.closed_in_period(DifficultyStatus.declined)),
        open=t.number(len(figures.open_difficulties)), overdue=t.number(len(figures.overdue_difficulties)),
        days=figures.unanswered_days)]
    table = figures.difficulties_by_category()
    if table:
        biggest = sorted(table, key=lambda code: -sum(table[code].values()))[:3]
        paragraphs.append(t.DIFFICULTIES_TOP.format(categories=", ".join(
            f"{rules.category_label(code).lower()} ({t.number(sum(table[code].values()))})" for code in biggest)))
    return paragraphs


def _admissions(figures: ReportFigures) -> list[str]:
    funnel = figures.funnel
    now = figures.pipeline_now
    in_pipeline = sum(now[stage] for stage in (Stage.nominated, Stage.class_registered, Stage.class_completed,
                                               Stage.introducers_named))
    return [
        t.ADMISSIONS_TEXT.format(**{stage.value: t.number(funnel.get(stage, 0)) for stage in funnel}),
        t.ADMISSIONS_NOW.format(in_pipeline=t.number(in_pipeline), probationary=t.number(now[Stage.admitted])),
    ]


def _organisations(figures: ReportFigures) -> list[str]:
    paragraphs = [t.TRANSFERS_TEXT.format(transfers=t.number(len(figures.transfers)),
                                          members=t.number(figures.members_transferred),
                                          completed=t.number(figures.transfers_completed))
                  if figures.transfers else t.TRANSFERS_NONE]
    founded = [t.FOUNDINGS_ITEM.format(count=t.number(count), kind=t.ORG_KIND[kind.value].lower())
               for kind, count in figures.foundings_by_kind().items() if count]
    paragraphs.append(t.FOUNDINGS_TEXT.format(list="; ".join(founded)) if founded else t.FOUNDINGS_NONE)
    return paragraphs


def _plan(figures: ReportFigures) -> list[str]:
    if figures.plan is None:
        return [t.PLAN_NONE]
    statuses = [m.status for m in figures.milestones]
    running = sum(1 for s in statuses if s in (MilestoneStatus.in_progress, MilestoneStatus.ongoing))
    return [t.PLAN_TEXT.format(total=len(statuses), done=statuses.count(MilestoneStatus.done), running=running,
                               overdue=statuses.count(MilestoneStatus.overdue))]


def _targets(figures: ReportFigures) -> list[str]:
    paragraphs = []
    for year in sorted({row.year for row in figures.targets}):
        items = [t.TARGETS_ITEM.format(label=t.TARGET_KIND[row.kind.value].lower(), achieved=t.number(row.achieved),
                                       target=t.number(row.target), share=t.percent(row.achieved, row.target))
                 for row in figures.targets if row.year == year and row.target]
        if items:
            paragraphs.append(t.TARGETS_TEXT.format(year=year, list="; ".join(items)))
    return paragraphs or [t.TARGETS_NONE]


# --------------------------------------------------------------------------- II. shortcomings

def shortcomings(figures: ReportFigures, rules: Rules) -> list[str]:
    """Draft findings, the most pressing first; a placeholder when the data shows none."""
    found: list[str] = []
    overdue = figures.overdue_difficulties
    if overdue:
        quoted = [t.DIFFICULTY_EXAMPLE.format(enterprise=d.enterprise,
                                              category=rules.category_label(d.category).lower(),
                                              days=t.number(d.age_days)) for d in overdue]
        found.append(t.SHORT_OVERDUE_DIFFICULTIES.format(count=t.number(len(overdue)), days=figures.unanswered_days,
                                                         examples=examples(quoted, 3)))
    eligible = figures.eligible_party_org
    if eligible:
        found.append(t.SHORT_ELIGIBLE_PARTY_ORG.format(count=t.number(len(eligible)),
                                                       examples=examples([e.name for e in eligible])))
    waves_with_gaps = [w for w in figures.waves if w.unvisited and w.ends_on <= figures.as_of]
    for wave in waves_with_gaps:
        found.append(t.SHORT_UNVISITED_WAVE.format(wave=wave.name, count=t.number(len(wave.unvisited)),
                                                   aimed_at=t.number(wave.aimed_at), examples=examples(wave.unvisited)))
    if not figures.waves:
        unvisited = figures.unvisited_without_party_org
        if unvisited:
            found.append(t.SHORT_UNVISITED.format(count=t.number(len(unvisited)),
                                                  total=t.number(len(figures.without_party_org)),
                                                  examples=examples([e.name for e in unvisited])))
    late_items = figures.overdue_milestones
    if late_items:
        found.append(t.SHORT_OVERDUE_MILESTONES.format(items="; ".join(
            t.SHORT_MILESTONE_ITEM.format(code=m.code, title=_short(m.title), due=t.day(m.due_on))
            for m in late_items)))
    missed = figures.targets_behind
    if missed:
        found.append(t.SHORT_TARGETS.format(items="; ".join(
            t.SHORT_TARGET_ITEM.format(label=t.TARGET_KIND[r.kind.value].lower(), year=r.year,
                                       achieved=t.number(r.achieved), target=t.number(r.target)) for r in missed)))
    if figures.overdue_transfers:
        found.append(t.SHORT_TRANSFERS.format(count=t.number(len(figures.overdue_transfers))))
    if not figures.funnel.get(Stage.admitted) and figures.period.days() >= 180:
        found.append(t.SHORT_NO_NEW_MEMBERS)
    return (found or [t.SHORT_NONE]) + [t.SHORT_CAUSES]


def _short(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[:limit].rsplit(" ", 1)[0] + " …"


# --------------------------------------------------------------------------- III. next steps

def next_steps(figures: ReportFigures, heading: ReportHeading) -> list[str]:
    steps: list[str] = []
    late_items = figures.overdue_milestones
    if late_items:
        steps.append(t.NEXT_OVERDUE_MILESTONES.format(items=", ".join(m.code for m in late_items)))
    if figures.upcoming:
        steps.append(t.NEXT_MILESTONES)
        steps += [t.NEXT_MILESTONE_ITEM.format(code=m.code, title=m.title,
                                               when=f" ({m.when_text})" if m.when_text else "")
                  for m in figures.upcoming]
    open_now = figures.open_difficulties
    if open_now:
        steps.append(t.NEXT_DIFFICULTIES.format(count=t.number(len(open_now)),
                                                overdue=t.number(len(figures.overdue_difficulties))))
    if figures.eligible_party_org:
        steps.append(t.NEXT_FOUND_PARTY_ORG.format(count=t.number(len(figures.eligible_party_org)),
                                                   examples=examples([e.name for e in figures.eligible_party_org])))
    if figures.should_transfer:
        steps.append(t.NEXT_TRANSFER.format(count=t.number(len(figures.should_transfer)), zones=heading.zones_body))
    unvisited = figures.unvisited_without_party_org
    if unvisited:
        steps.append(t.NEXT_VISIT.format(count=t.number(len(unvisited)),
                                         examples=examples([e.name for e in unvisited])))
    steps.append(t.NEXT_NOMINATE)
    if figures.ready_to_admit:
        expiring = (t.NEXT_ADMIT_EXPIRING.format(count=t.number(figures.certificates_expiring))
                    if figures.certificates_expiring else "")
        steps.append(t.NEXT_ADMIT.format(count=t.number(figures.ready_to_admit), expiring=expiring))
    if figures.probation_ending:
        steps.append(t.NEXT_OFFICIAL.format(count=t.number(figures.probation_ending)))
    unions, youth = len(figures.eligible_trade_union), len(figures.eligible_youth_union)
    if unions or youth:
        steps.append(t.NEXT_MASS_ORGS.format(unions=t.number(unions), youth=t.number(youth)))
    if figures.coming_targets:
        steps.append(t.NEXT_TARGETS.format(year=figures.coming_targets[0].year, items="; ".join(
            t.NEXT_TARGET_ITEM.format(label=t.TARGET_KIND[r.kind.value].lower(), target=t.number(r.target))
            for r in figures.coming_targets)))
    return steps

