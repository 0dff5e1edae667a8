"""Queries anyone registered may ask: an enterprise card, searches, and the current wave's statistics.

Counts only: nominees appear as numbers here, never by name, and per enterprise only in a private chat.
"""

from __future__ import annotations

import datetime as dt

from handlers.conversation import Button, Turn
from handlers.routing import Router, button_args
from models.bodies import TRANSFER_RECEIVER
from models.difficulties import open_difficulty_count
from models.nominees import Stage, nominee_counts
from models.registry import Enterprise, Ownership, eligibility, get_enterprise
from models.visits import visit_summary, wave_statistics
from models.waves import current_wave
from texts import queries as t
from texts.format import number

router = Router("queries")


@router.command("doanhnghiep", "enterprise", vi="Tra cứu doanh nghiệp", en="Look up an enterprise")
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
    rules = turn.rules
    result = eligibility(enterprise, rules, turn.today)
    lines = ""
    if result.may_found_party_org:
        kind = t.KIND_DANG_BO if result.party_org_kind == "dang_bo" else t.KIND_CHI_BO
        lines += t.ELIGIBLE_FOUND.format(kind=kind, threshold=rules.value("party_org_min_official_members", turn.today))
    elif not enterprise.has_party_org and result.official_needed:
        lines += t.NEEDS_MORE.format(count=result.official_needed)
    if result.elects_chi_uy:
        lines += t.ELIGIBLE_CHI_UY.format(threshold=rules.value("chi_uy_min_official_members", turn.today))
    if result.members_should_transfer:
        lines += t.SHOULD_TRANSFER.format(receiver=turn.body(
            TRANSFER_RECEIVER, zone=enterprise.zone.name if enterprise.zone else None, tax_code=enterprise.tax_code))
    if result.may_found_trade_union:
        lines += t.ELIGIBLE_UNION
    if result.may_found_youth_union:
        lines += t.ELIGIBLE_YOUTH
    organisations = []
    for has, founded, name in ((enterprise.has_trade_union, enterprise.trade_union_founded_on, "Công đoàn"),
                               (enterprise.has_youth_union, enterprise.youth_union_founded_on, "Đoàn Thanh niên"),
                               (enterprise.has_veterans, enterprise.veterans_founded_on, "Hội CCB")):
        if has:
            organisations.append(t.ORG_PRESENT.format(name=name, date=founded.strftime("%d/%m/%Y"))
                                 if founded else t.ORG_PRESENT_NO_DATE.format(name=name))
    count, last = visit_summary(turn.session, enterprise.id)
    text = t.CARD.format(
        name=enterprise.name, tax_code=enterprise.tax_code,
        zone=t.CARD_ZONE.format(zone=enterprise.zone.name) if enterprise.zone else "",
        address=t.CARD_ADDRESS.format(address=enterprise.address) if enterprise.address else "",
        ownership=t.CARD_FOREIGN.format(country=enterprise.country or t.UNKNOWN)
        if enterprise.ownership is Ownership.foreign else "",
        employees=number(enterprise.employees) if enterprise.employees is not None else t.UNKNOWN,
        party_status=t.PARTY_STATUS[enterprise.party_org_status.value],
        official=number(enterprise.official_members), probationary=number(enterprise.probationary_members),
        organisations=", ".join(organisations) or t.ORG_NONE, eligibility=lines,
        visits=t.VISITS_SOME.format(count=count, last=last.strftime("%d/%m/%Y")) if count else t.VISITS_NONE,
        open_difficulties=open_difficulty_count(turn.session, enterprise.id),
    )
    if turn.incoming.is_private:
        # Never in a group, whatever the count (a zero shown in a group and a one hidden would tell it too).
        nominees = nominee_counts(turn.session, enterprise_id=enterprise.id)
        in_class = (nominees[Stage.class_registered] + nominees[Stage.class_completed]
                    + nominees[Stage.introducers_named])
        admitted = nominees[Stage.admitted] + nominees[Stage.official]
        text += t.CARD_NOMINEES.format(nominees=t.NOMINEES.format(total=sum(nominees.values()), in_class=in_class,
                                                                  admitted=admitted))
    buttons = [[Button.option(t.LOG_VISIT, f"vn:{enterprise.id}")]] if turn.incoming.is_private else []
    (turn.edit if edit else turn.say)(text, buttons)


@router.command("thongke", "stats", vi="Thống kê đợt công tác hiện tại", en="Statistics of the current wave")
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
