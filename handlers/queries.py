"""Queries anyone registered may ask: an enterprise card, searches, and the current wave's statistics.

Counts only: nominees appear as numbers here, never by name, and per enterprise only in a private chat.
"""

from __future__ import annotations

import datetime as dt

from handlers.bodies import transfer_receiver
from handlers.conversation import Button, Turn
from handlers.directives import reply_button
from handlers.routing import Router, button_args
from models import member_counts
from models.difficulties import open_difficulty_count
from models.directives import DirectiveReply, directives, replies_of
from models.member_counts import CountChange, CountSource
from models.nominees import PIPELINE, Stage, nominee_counts
from models.registry import Enterprise, Ownership, PartyOrgStatus, eligibility, get_enterprise
from models.visits import outstanding_workers_found, visit_summary, wave_statistics
from models.waves import current_wave
from texts import queries as t
from texts.format import number

router = Router("queries")


@router.command("doanhnghiep", "enterprise")
def enterprise_lookup(turn: Turn) -> None:
    query = turn.incoming.args.strip()
    if not query:
        turn.say(t.ASK_WHICH)
        return
    show_search_results(turn, query)


def show_search_results(turn: Turn, query: str) -> None:
    hits = turn.services.search_index.search(turn.session, query, limit=8)
    if not hits:
        turn.say(t.SEARCH_NONE.format(query=query[:60]))
        return
    if len(hits) == 1:
        show_card(turn, get_enterprise(turn.session, hits[0].enterprise_id), edit=False)
        return
    rows = [[Button.option(f"{h.name}" + (f" — {h.zone}" if h.zone else ""), f"ec:{h.enterprise_id}")] for h in hits]
    turn.say(t.SEARCH_RESULTS.format(query=query[:60]), rows)


@router.button("ec")
def enterprise_card(turn: Turn) -> None:
    (enterprise_id,) = button_args(turn, int)
    show_card(turn, get_enterprise(turn.session, enterprise_id), edit=True)


def show_card(turn: Turn, enterprise: Enterprise, *, edit: bool) -> None:
    text = card_text(turn, enterprise)
    buttons = [[Button.option(t.LOG_VISIT, f"vn:{enterprise.id}")]] if turn.incoming.is_private else []
    if turn.incoming.is_private and directives(turn.session):
        buttons.append([reply_button(enterprise.id)])
    (turn.edit if edit else turn.say)(text, buttons)


def card_text(turn: Turn, enterprise: Enterprise) -> str:
    """The enterprise as the records give it, counts only; each number says where it comes from."""
    today = turn.today
    count, last = visit_summary(turn.session, enterprise.id)
    status = t.PARTY_STATUS[enterprise.party_org_status.value]
    if enterprise.party_org_status is PartyOrgStatus.chi_bo_truc_thuoc and enterprise.party_org_parent:
        status = t.PARTY_PARENT.format(status=status, parent=enterprise.party_org_parent)
    text = t.CARD.format(
        name=enterprise.name, tax_code=enterprise.tax_code,
        zone=t.CARD_ZONE.format(zone=enterprise.zone.name) if enterprise.zone else "",
        address=t.CARD_ADDRESS.format(address=enterprise.address) if enterprise.address else "",
        ownership=t.CARD_FOREIGN.format(country=enterprise.country or t.UNKNOWN)
        if enterprise.ownership is Ownership.foreign else "",
        employees=number(enterprise.employees) if enterprise.employees is not None else t.UNKNOWN,
        party_status=status, official=number(enterprise.official_members),
        probationary=number(enterprise.probationary_members),
        # Which admission or recognition changed a count can point at a person: in a private chat only.
        counts_why=_counts_why(turn, enterprise) if turn.incoming.is_private else "",
        organisations=_organisations(enterprise),
        stance=t.STANCE_LINE.format(stance=t.STANCE[enterprise.owner_stance.value],
                                    date=_date(enterprise.owner_stance_on)) if enterprise.owner_stance else "",
        eligibility=_eligibility(turn, enterprise, today),
        visits=t.VISITS_SOME.format(count=count, last=_date(last)) if count else t.VISITS_NONE,
        directives="".join(_directive_line(reply) for reply in replies_of(turn.session, enterprise.id)),
        open_difficulties=open_difficulty_count(turn.session, enterprise.id),
    )
    if turn.incoming.is_private:
        # Never in a group, whatever the count (a zero shown in a group and a one hidden would tell it too).
        nominees = nominee_counts(turn.session, enterprise_id=enterprise.id)
        in_class = sum(nominees[stage] for stage in PIPELINE[PIPELINE.index(Stage.class_registered):
                                                              PIPELINE.index(Stage.admitted)])
        admitted = nominees[Stage.admitted] + nominees[Stage.official]
        found = outstanding_workers_found(turn.session, enterprise.id)
        text += t.CARD_NOMINEES.format(
            outstanding=t.OUTSTANDING_FOUND.format(count=found[0], date=_date(found[1])) if found
            else t.OUTSTANDING_UNKNOWN,
            nominees=t.NOMINEES.format(total=sum(nominees.values()), in_class=in_class, admitted=admitted))
    return text


def _eligibility(turn: Turn, enterprise: Enterprise, today: dt.date) -> str:
    rules, result, lines = turn.rules, eligibility(enterprise, turn.rules, today), ""
    if result.may_found_party_org:
        kind = t.KIND_DANG_BO if result.party_org_kind == "dang_bo" else t.KIND_CHI_BO
        lines += t.ELIGIBLE_FOUND.format(kind=kind, threshold=rules.value("party_org_min_official_members", today))
    elif not enterprise.has_party_org and result.official_needed:
        lines += t.NEEDS_MORE.format(count=result.official_needed)
    if result.elects_chi_uy:
        lines += t.ELIGIBLE_CHI_UY.format(threshold=rules.value("chi_uy_min_official_members", today))
    if result.members_should_transfer:
        lines += t.SHOULD_TRANSFER.format(receiver=transfer_receiver(turn, enterprise))
    if result.may_found_trade_union:
        lines += t.ELIGIBLE_UNION.format(count=rules.value("trade_union_min_members", today))
    if result.may_found_youth_union:
        lines += t.ELIGIBLE_YOUTH.format(found=enterprise.youth_union_members,
                                         count=rules.value("youth_union_min_members", today))
    if result.may_found_veterans:
        lines += t.ELIGIBLE_VETERANS.format(found=enterprise.veterans_members)
    return lines


def _organisations(enterprise: Enterprise) -> str:
    organisations = []
    for has, founded, name in ((enterprise.has_trade_union, enterprise.trade_union_founded_on, t.ORG_TRADE_UNION),
                               (enterprise.has_youth_union, enterprise.youth_union_founded_on, t.ORG_YOUTH_UNION),
                               (enterprise.has_veterans, enterprise.veterans_founded_on, t.ORG_VETERANS)):
        if has:
            organisations.append(t.ORG_PRESENT.format(name=name, date=_date(founded))
                                 if founded else t.ORG_PRESENT_NO_DATE.format(name=name))
    return ", ".join(organisations) or t.ORG_NONE


def _counts_why(turn: Turn, enterprise: Enterprise) -> str:
    """The latest changes behind the counts: a visit, an admission, a recognition, a transfer, an import."""
    changes = member_counts.history(turn.session, enterprise.id, limit=3)
    if not changes:
        return ""
    return t.COUNTS_WHY.format(changes="; ".join(_change(change) for change in changes))


def _change(change: CountChange) -> str:
    key = change.source.value
    if change.source is CountSource.imported and change.effective_on == dt.date.min:
        key = "imported_first"
    elif change.source is CountSource.recognition and change.official <= 0:
        key = "recognition_not"
    what = t.COUNTS_WHY_ITEM[key].format(date=_date(change.effective_on))
    if change.sets:
        amount = t.COUNTS_SET.format(official=change.official, probationary=change.probationary)
    else:
        parts = [template.format(sign="+" if value > 0 else "−", count=abs(value))
                 for value, template in ((change.official, t.COUNTS_ADD_OFFICIAL),
                                         (change.probationary, t.COUNTS_ADD_PROBATIONARY)) if value]
        amount = ", ".join(parts)
    return t.COUNTS_WHY_CHANGE.format(what=what, change=amount)


def _directive_line(reply: DirectiveReply) -> str:
    directive = reply.directive
    status = "; ".join((
        t.DIRECTIVE_SENT.format(date=_date(reply.sent_on)) if reply.sent_on else t.DIRECTIVE_NOT_SENT,
        t.DIRECTIVE_REPORT.format(date=_date(reply.report_received_on)) if reply.report_received_on
        else t.DIRECTIVE_NO_REPORT,
        t.DIRECTIVE_REVIEW.format(date=_date(reply.member_review_received_on)) if reply.member_review_received_on
        else t.DIRECTIVE_NO_REVIEW))
    return t.DIRECTIVE_LINE.format(number=directive.number, issued=_date(directive.issued_on), status=status)


def _date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else t.UNKNOWN


@router.command("thongke", "stats")
def statistics(turn: Turn) -> None:
    wave = current_wave(turn.session, turn.today)
    if wave is None:   # no wave to speak of: the figures since the beginning, and no wave named in them
        title, body, start, end = t.STATS_NO_WAVE, t.STATS_BODY_NO_WAVE, dt.date.min, turn.today
    else:
        start, end, body = wave.starts_on, wave.ends_on, t.STATS_BODY
        title = t.STATS_TITLE.format(wave=wave.name, start=start.strftime("%d/%m/%Y"), end=end.strftime("%d/%m/%Y"))
    figures = wave_statistics(turn.session, start, end)
    percent = round(100 * figures["visited"] / figures["without_party"]) if figures["without_party"] else 0
    nominees = sum(nominee_counts(turn.session).values())
    turn.say("\n".join([title, body.format(
        without_party=number(figures["without_party"]), visited=number(figures["visited"]), percent=percent,
        visits=number(figures["visits"]), open_difficulties=number(open_difficulty_count(turn.session)),
        nominees=number(nominees))]))
