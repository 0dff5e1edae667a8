"""The report's prose, drafted from the figures: the results in numbers, and the shortcomings, next steps and
recommendations the data points to (old open difficulties, enterprises that may found a party organisation,
unvisited enterprises, overdue plan items, missed targets …) as sentences the office edits before signing.

Names of bodies come from the letterhead (the issuers on the document's date) and the bodies file (the deciding
and receiving bodies, per enterprise where they differ); the plan's own document (its date, what it implements,
its subject) from the plan.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from models.bodies import FOUNDING_DECIDER, TRANSFER_RECEIVER, YOUTH_UNION_GUIDE, ZONES_TRADE_UNION, ZONES_YOUTH_UNION
from models.difficulties import DifficultyStatus
from models.nominees import Stage
from models.plan import MilestoneKind, MilestoneStatus
from models.rules import Rules
from reports.figures import DifficultyRow, EnterpriseRow, ReportFigures
from reports.heading import Letterhead, PlanInfo, ReportHeading
from reports.periods import Period, PeriodKind
from texts import reports as t

MAX_EXAMPLES = 5        # names quoted in one sentence before "… và N doanh nghiệp khác"
MAX_PROPOSALS = 10      # recommendations quoted per recipient in section IV before "Và N kiến nghị khác"
# Recommendations go up to these roles (models/bodies.yaml): section IV and the consolidated document.
PROVINCIAL_ROLES = ("provincial_committee", "provincial_government")


@dataclass(frozen=True)
class Proposals:
    """Section IV: per recipient (its name on the document's date), the sentences under it."""

    intro: str
    by_recipient: list[tuple[str, list[str]]]
    none: str | None = None   # said instead when nothing is waiting


@dataclass(frozen=True)
class ReportText:
    kind: str                 # danh_gia | so_ket | tong_ket | results: what the report is called
    title: str                # the trích yếu under «BÁO CÁO»
    intro: str
    leadership: list[str]
    visits: list[str]
    difficulties: list[str]
    admissions: list[str]
    organisations: list[str]
    plan: list[str]
    targets: list[str]
    shortcomings: list[str]
    next_heading: str
    next_steps: list[str]
    proposals: Proposals


def report_kind(period: Period) -> str:
    """What the report is called: as the plan calls its review; a year or the whole plan is a sơ kết; any other
    period reports results."""
    if period.review_kind is not None:
        return period.review_kind.value
    return "so_ket" if period.kind in (PeriodKind.year, PeriodKind.plan) else "results"


def draft_text(figures: ReportFigures, heading: ReportHeading, letterhead: Letterhead, rules: Rules, *,
               counts_only: bool = False) -> ReportText:
    kind = report_kind(figures.period)
    return ReportText(
        kind=kind,
        title=title(figures, kind),
        intro=_intro(figures, letterhead, kind),
        leadership=_leadership(figures, heading, letterhead),
        visits=_visits(figures),
        difficulties=_difficulties(figures, rules),
        admissions=_admissions(figures),
        organisations=_organisations(figures),
        plan=_plan(figures),
        targets=_targets(figures),
        shortcomings=shortcomings(figures, rules),
        next_heading=t.SECTION_NEXT.format(next=figures.period.next_phrase.upper()),
        next_steps=next_steps(figures, heading, letterhead.dated, rules),
        proposals=proposals(figures, heading, letterhead, rules, counts_only=counts_only),
    )


def examples(names: Sequence[str], limit: int = MAX_EXAMPLES) -> str:
    """" (A, B, C và 4 doanh nghiệp khác)", or nothing for an empty list."""
    if not names:
        return ""
    shown = ", ".join(names[:limit])
    more = t.EXAMPLES_MORE.format(count=t.number(len(names) - limit)) if len(names) > limit else ""
    return t.EXAMPLES.format(names=shown, more=more)


def subject_of(plan: PlanInfo | None) -> str:
    return (plan.subject if plan is not None and plan.subject else t.SUBJECT)


def _document(plan: PlanInfo) -> str:
    """What is being carried out, for the title: "Quy chế phối hợp về …" or "Kế hoạch số … về …"."""
    if plan.implements_kind:
        return t.DOCUMENT_IMPLEMENTED.format(kind=plan.implements_kind, subject=subject_of(plan))
    return t.DOCUMENT_PLAN.format(code=plan.code, subject=subject_of(plan))


def title(figures: ReportFigures, kind: str) -> str:
    period, plan = figures.period, figures.plan
    if plan is None:
        text = t.TITLE_NO_PLAN.format(phrase=period.phrase, subject=subject_of(None))
    elif kind == "results":
        text = t.TITLE_RESULTS.format(document=_document(plan), phrase=period.phrase)
    else:
        text = t.TITLE_REVIEW[kind].format(document=_document(plan), phrase=period.phrase, next=period.next_phrase)
    return text[0].upper() + text[1:]


def cited(plan: PlanInfo) -> str:
    """"Quy chế phối hợp số 01-QC/… và Kế hoạch số 01-KH/… ngày 24/9/2021" (one date when both share it)."""
    plan_cite = (t.CITE_WITH_DATE.format(kind=t.PLAN_KIND, number=plan.code, day=t.cited_day(plan.issued_on))
                 if plan.issued_on else t.CITE_NO_DATE.format(kind=t.PLAN_KIND, number=plan.code))
    if not (plan.implements_kind and plan.implements_number):
        return plan_cite
    if plan.implements_issued_on is not None and plan.implements_issued_on == plan.issued_on:
        return t.CITE_BOTH_SAME_DAY.format(kind=plan.implements_kind, number=plan.implements_number,
                                           plan_code=plan.code, day=t.cited_day(plan.issued_on))
    implemented = (t.CITE_WITH_DATE.format(kind=plan.implements_kind, number=plan.implements_number,
                                           day=t.cited_day(plan.implements_issued_on))
                   if plan.implements_issued_on else
                   t.CITE_NO_DATE.format(kind=plan.implements_kind, number=plan.implements_number))
    return t.CITE_AND.format(first=implemented, second=plan_cite)


def between(plan: PlanInfo) -> str:
    """"giữa A và B" (the plan's issuers as they signed it), "của A" for one."""
    names = [issuer.name for issuer in plan.issuers]
    if not names:
        return ""
    return (t.BETWEEN_ONE if len(names) == 1 else t.BETWEEN_MANY).format(names=t.joined(names))


def reporters(letterhead: Letterhead) -> str:
    """Who reports, by their short names on the document's date: "Đảng ủy Khối và Ban Quản lý …"."""
    return t.joined([issuer.short for issuer in letterhead.issuers])


def _intro(figures: ReportFigures, letterhead: Letterhead, kind: str) -> str:
    plan = figures.plan
    phrase = figures.period.phrase
    if plan is None:
        return t.INTRO_NO_PLAN.format(reporters=reporters(letterhead), phrase=phrase, subject=subject_of(None))
    what = t.REPORT_WHAT[kind].format(kind=plan.implements_kind or t.PLAN_KIND)
    text = t.INTRO.format(cited=cited(plan), between=between(plan), subject=subject_of(plan),
                          reporters=reporters(letterhead), what=what, phrase=phrase)
    return " ".join(text.split())   # no double space where a plan names no issuers


# --------------------------------------------------------------------------- I. results

def _leadership(figures: ReportFigures, heading: ReportHeading, letterhead: Letterhead) -> list[str]:
    """I.1: what the data knows of leading and organising the work (the plan's issue, the waves, items done),
    then what only the office can add."""
    plan = figures.plan
    paragraphs = []
    if plan is not None and figures.period.start <= plan.issued <= figures.as_of:
        implementing = (t.LEAD_IMPLEMENTING.format(cited=_implements(plan)) if plan.implements_kind
                        else t.LEAD_ABOUT.format(subject=subject_of(plan)))
        paragraphs.append(t.LEAD_PLAN_ISSUED.format(
            day=t.cited_day(plan.issued), issuers=t.joined([i.name for i in plan.issuers]) or reporters(letterhead),
            plan_code=plan.code, implementing=implementing, first=plan.starts_on.year, last=plan.ends_on.year))
    if figures.waves:
        waves = [t.LEAD_WAVE.format(name=w.name, start=t.day(w.starts_on), end=t.day(w.ends_on)) for w in figures.waves]
        paragraphs.append(t.LEAD_WAVES.format(count=len(waves), waves="; ".join(waves)))
    done = [m for m in figures.milestones if m.status is MilestoneStatus.done and m.done_on is not None
            and m.kind is not MilestoneKind.continuous and figures.period.start <= m.done_on <= figures.as_of]
    if done:
        paragraphs.append(t.LEAD_DONE.format(items="; ".join(
            t.LEAD_DONE_ITEM.format(code=m.code, title=_short(m.title), day=t.day(m.done_on)) for m in done)))
    decided = plan is not None and plan.delegation_decision_number and plan.delegation_decision_on
    if decided:
        assert plan is not None and plan.delegation_decision_on is not None
        paragraphs.append(t.LEAD_DECISION.format(
            number=plan.delegation_decision_number, day=t.cited_day(plan.delegation_decision_on),
            issuers=t.joined([i.name for i in plan.issuers]) or reporters(letterhead)))
    if figures.delegation_head is not None:
        name, side = figures.delegation_head
        overrides = plan.bodies if plan is not None else None
        side_name = (heading.bodies.name(side, letterhead.dated, plan=overrides)
                     if side is not None and side in heading.bodies.roles else "")
        paragraphs.append(t.LEAD_HEAD_FROM.format(name=name, side=side_name) if side_name
                          else t.LEAD_HEAD.format(name=name))
    paragraphs += _directives(figures)
    to_add = [t.LEAD_TO_ADD_DIRECTIVE] if not figures.directives else []
    to_add += [t.LEAD_TO_ADD_CONFERENCES, t.LEAD_TO_ADD_REORGANISED if decided else t.LEAD_TO_ADD_DECISION]
    paragraphs.append(t.LEAD_TO_ADD.format(items="; ".join(to_add)))
    return paragraphs


def _directives(figures: ReportFigures) -> list[str]:
    """The directive to enterprises without a party organisation: issued (in the period, or cited when earlier),
    sent to how many, and how many answered in writing by the report's day."""
    paragraphs = []
    for directive in figures.directives:
        summary = _summary_clause(directive.summary)
        template = t.LEAD_DIRECTIVE_ISSUED if directive.issued_on >= figures.period.start else t.LEAD_DIRECTIVE_EARLIER
        issued = template.format(day=t.cited_day(directive.issued_on), issuer=directive.issuer,
                                 number=directive.number, summary=summary, sent=t.number(directive.sent))
        parts = [" ".join(issued.split())]
        if directive.sent:
            parts.append(t.LEAD_DIRECTIVE_REPLIES.format(
                as_of=t.cited_day(figures.as_of), reports=t.number(directive.reports_received),
                share=t.percent(directive.reports_received, directive.sent),
                reviews=t.number(directive.member_reviews_received)))
        if directive.not_sent_without_party_org:
            parts.append(t.LEAD_DIRECTIVE_NOT_SENT.format(without=t.number(directive.without_party_org),
                                                          count=t.number(directive.not_sent_without_party_org)))
        paragraphs.append(" ".join(parts))
    return paragraphs


def _summary_clause(summary: str) -> str:
    """A directive's trích yếu inside a sentence: "về việc …" in lower case, without its closing full stop."""
    summary = summary.strip().rstrip(".")
    if summary.lower().startswith(t.ABOUT_WORD):
        return summary[:1].lower() + summary[1:]
    return t.LEAD_DIRECTIVE_ABOUT.format(summary=summary)


def _implements(plan: PlanInfo) -> str:
    assert plan.implements_kind is not None
    if plan.implements_number and plan.implements_issued_on:
        return t.CITE_WITH_DATE.format(kind=plan.implements_kind, number=plan.implements_number,
                                       day=t.cited_day(plan.implements_issued_on))
    return t.CITE_NO_DATE.format(kind=plan.implements_kind, number=plan.implements_number or "…")


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
    received = len(figures.received)
    if received:
        outcomes = {"resolved": figures.closed_in_period(DifficultyStatus.resolved),
                    "answered": figures.answered_in_period,
                    "declined": figures.closed_in_period(DifficultyStatus.declined)}
        parts = [t.DIFFICULTIES_OUTCOMES[key].format(count=t.number(count)) for key, count in outcomes.items() if count]
        text = t.DIFFICULTIES_RECEIVED.format(received=t.number(received))
        text += ("; " + ", ".join(parts) + ".") if parts else "."
    else:
        text = t.DIFFICULTIES_NONE
    still_open = len(figures.open_difficulties)
    if still_open:
        overdue = len(figures.overdue_difficulties)
        text += " " + t.DIFFICULTIES_OPEN.format(open=t.number(still_open)) + (
            t.DIFFICULTIES_OVERDUE.format(overdue=t.number(overdue), days=figures.unanswered_days) if overdue else ""
        ) + "."
    paragraphs = [text]
    table = figures.difficulties_by_category()
    if table:
        biggest = sorted(table, key=lambda code: -sum(table[code].values()))[:3]
        paragraphs.append(t.DIFFICULTIES_TOP.format(categories=", ".join(
            f"{rules.category_label(code).lower()} ({t.number(sum(table[code].values()))})" for code in biggest)))
    return paragraphs


def _admissions(figures: ReportFigures) -> list[str]:
    funnel = figures.funnel
    now = figures.pipeline_now
    parts = [text.format(count=t.number(funnel.get(Stage(stage), 0)))
             for stage, text in t.ADMISSIONS_PARTS.items() if funnel.get(Stage(stage), 0)]
    paragraphs = [t.ADMISSIONS_TEXT.format(parts=", ".join(parts)) if parts else t.ADMISSIONS_NONE]
    in_pipeline = figures.in_pipeline
    if in_pipeline or now[Stage.admitted]:
        paragraphs.append(t.ADMISSIONS_NOW.format(in_pipeline=t.number(in_pipeline),
                                                  probationary=t.number(now[Stage.admitted])))
    return paragraphs


def _organisations(figures: ReportFigures) -> list[str]:
    temporary = (t.TRANSFERS_TEMPORARY.format(count=t.number(figures.temporary_transfers))
                 if figures.temporary_transfers else "")
    paragraphs = [t.TRANSFERS_TEXT.format(transfers=t.number(len(figures.transfers)),
                                          members=t.number(figures.members_transferred),
                                          completed=t.number(figures.transfers_completed)) + temporary
                  if figures.transfers else t.TRANSFERS_NONE]
    founded = [t.FOUNDINGS_ITEM.format(count=t.counted(count), kind=t.ORG_KIND_IN_SENTENCE[kind.value])
               for kind, count in figures.foundings_by_kind().items() if count]
    paragraphs.append(t.FOUNDINGS_TEXT.format(list="; ".join(founded)) if founded else t.FOUNDINGS_NONE)
    return paragraphs


_PLAN_GROUPS = {
    "done": (MilestoneStatus.done,),
    "running": (MilestoneStatus.in_progress, MilestoneStatus.ongoing),
    "overdue": (MilestoneStatus.overdue,),
    "upcoming": (MilestoneStatus.upcoming,),
    "ended": (MilestoneStatus.ended,),
}


def _plan(figures: ReportFigures) -> list[str]:
    plan = figures.plan
    if plan is None:
        return [t.PLAN_NONE]
    statuses = [m.status for m in figures.milestones]
    if not statuses:
        return [t.PLAN_NOTHING_YET.format(start=t.day(plan.starts_on), as_of=t.day(figures.as_of))]
    counts = {key: sum(1 for s in statuses if s in group) for key, group in _PLAN_GROUPS.items()}
    counts["closed"] = len(statuses) - sum(counts.values())   # cancelled or superseded, where a plan says so
    parts = [t.PLAN_PARTS[key].format(count=t.number(count)) for key, count in counts.items() if count]
    return [t.PLAN_TEXT.format(total=t.number(len(statuses)), parts=", ".join(parts))]


def _targets(figures: ReportFigures) -> list[str]:
    paragraphs = []
    for year in sorted({row.year for row in figures.targets}):
        items = [t.TARGETS_ITEM.format(label=t.TARGET_KIND[row.kind.value], achieved=t.number(row.achieved),
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
                                       achieved=t.number(r.achieved), target=t.number(r.target))
            for r in missed if r.target is not None)))
    if figures.overdue_transfers:
        found.append(t.SHORT_TRANSFERS.format(count=t.number(len(figures.overdue_transfers))))
    if not figures.funnel.get(Stage.admitted) and (figures.as_of - figures.period.start).days >= 180:
        found.append(t.SHORT_NO_NEW_MEMBERS)
    return (found or [t.SHORT_NONE]) + [t.SHORT_CAUSES]


def _short(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[:limit].rsplit(" ", 1)[0] + " …"


# --------------------------------------------------------------------------- III. next steps

def _by_body(heading: ReportHeading, role: str, rows: Sequence[EnterpriseRow], on: dt.date,
             plan: PlanInfo | None) -> list[tuple[str, list[EnterpriseRow]]]:
    """Enterprises grouped by the body filling `role` for each (its own, its zone's, the plan's or the file's)."""
    groups: dict[str, list[EnterpriseRow]] = defaultdict(list)
    overrides = plan.bodies if plan is not None else None
    for row in rows:
        name = heading.bodies.name(role, on, zone=row.zone, tax_code=row.tax_code, plan=overrides)
        groups[name].append(row)
    return sorted(groups.items(), key=lambda item: -len(item[1]))


def next_steps(figures: ReportFigures, heading: ReportHeading, dated: dt.date, rules: Rules) -> list[str]:
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
        overdue = len(figures.overdue_difficulties)
        steps.append(t.NEXT_DIFFICULTIES.format(
            count=t.number(len(open_now)),
            overdue=t.NEXT_DIFFICULTIES_OVERDUE.format(count=t.number(overdue)) if overdue else ""))
    for decider, rows in _by_body(heading, FOUNDING_DECIDER, figures.eligible_party_org, dated, figures.plan):
        steps.append(t.NEXT_FOUND_PARTY_ORG.format(decider=decider, count=t.number(len(rows)),
                                                   examples=examples([e.name for e in rows])))
    for receiver, rows in _by_body(heading, TRANSFER_RECEIVER, figures.should_transfer, dated, figures.plan):
        steps.append(t.NEXT_TRANSFER.format(count=t.number(len(rows)), receiver=receiver,
                                            examples=examples([e.name for e in rows])))
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
    # The seed's mass-organisation bodies, where the bodies file names them on the document's date.
    overrides = figures.plan.bodies if figures.plan is not None else None
    trade_union = heading.bodies.optional_name(ZONES_TRADE_UNION, dated, plan=overrides)
    youth_union = heading.bodies.optional_name(ZONES_YOUTH_UNION, dated, plan=overrides)
    youth_guide = heading.bodies.optional_name(YOUTH_UNION_GUIDE, dated, plan=overrides)
    if figures.eligible_trade_union:
        template = t.NEXT_TRADE_UNIONS_WITH if trade_union else t.NEXT_TRADE_UNIONS
        steps.append(template.format(count=t.number(len(figures.eligible_trade_union)), body=trade_union,
                                     minimum=rules.value("trade_union_min_members", figures.as_of)))
    if figures.eligible_youth_union:
        template = (t.NEXT_YOUTH_UNIONS_GUIDED if youth_guide and youth_union
                    else t.NEXT_YOUTH_UNIONS_WITH if youth_union else t.NEXT_YOUTH_UNIONS)
        steps.append(template.format(count=t.number(len(figures.eligible_youth_union)), body=youth_union,
                                     guide=youth_guide, minimum=rules.value("youth_union_min_members", figures.as_of)))
    if figures.eligible_veterans:
        steps.append(t.NEXT_VETERANS.format(count=t.number(len(figures.eligible_veterans)),
                                            minimum=rules.value("veterans_min_members", figures.as_of)))
    if figures.coming_targets:
        steps.append(t.NEXT_TARGETS.format(year=figures.coming_targets[0].year, items="; ".join(
            t.NEXT_TARGET_ITEM.format(label=t.TARGET_KIND[r.kind.value].lower(), target=t.number(r.target))
            for r in figures.coming_targets if r.target is not None)))
    return steps


# --------------------------------------------------------------------------- IV. recommendations

def addressed_up(difficulties: Sequence[DifficultyRow], rules: Rules) -> dict[str, list[DifficultyRow]]:
    """Open recommendations for the provincial committee and government, by role, oldest first."""
    grouped: dict[str, list[DifficultyRow]] = {role: [] for role in PROVINCIAL_ROLES}
    for row in sorted(difficulties, key=lambda d: (d.received_on, d.id)):
        role = rules.recipient_body(row.recipient)
        if row.open_on_as_of and role in grouped:
            grouped[role].append(row)
    return grouped


def proposal_text(row: DifficultyRow) -> str:
    """What is asked: the enterprise's proposal, else its difficulty."""
    return (row.proposal or row.description).strip().rstrip(".")


def proposals(figures: ReportFigures, heading: ReportHeading, letterhead: Letterhead, rules: Rules, *,
              counts_only: bool) -> Proposals:
    dated = letterhead.dated
    overrides = figures.plan.bodies if figures.plan is not None else None
    names = {role: heading.bodies.name(role, dated, plan=overrides) for role in PROVINCIAL_ROLES}
    grouped = addressed_up(figures.difficulties, rules)
    intro = t.PROPOSALS_INTRO.format(as_of=t.day(figures.as_of), reporters=reporters(letterhead))
    if not any(grouped.values()):
        return Proposals(intro, [], t.PROPOSALS_NONE.format(as_of=t.day(figures.as_of),
                                                            recipients=t.joined(list(names.values()))))
    sections = []
    for number, (role, rows) in enumerate(((r, rows) for r, rows in grouped.items() if rows), start=1):
        heading_line = t.PROPOSALS_TO.format(number=number, recipient=names[role])
        if counts_only:
            by_category: dict[str, int] = defaultdict(int)
            for row in rows:
                by_category[rules.category_label(row.category).lower()] += 1
            lines = [t.PROPOSALS_COUNTS.format(count=t.number(len(rows)), categories="; ".join(
                t.PROPOSALS_COUNT_ITEM.format(category=category, count=t.number(count))
                for category, count in sorted(by_category.items(), key=lambda item: -item[1])))]
        else:
            lines = [t.PROPOSAL_ITEM.format(
                category=rules.category_label(row.category).lower(),
                department=(t.PROPOSAL_DEPARTMENT.format(department=row.recipient_detail)
                            if row.recipient_detail else ""),
                text=proposal_text(row), enterprise=row.enterprise, received=t.day(row.received_on))
                for row in rows[:MAX_PROPOSALS]]
            if len(rows) > MAX_PROPOSALS:
                lines.append(t.PROPOSALS_MORE.format(count=t.number(len(rows) - MAX_PROPOSALS)))
        sections.append((heading_line, lines))
    return Proposals(intro, sections)
