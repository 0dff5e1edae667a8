"""The admission pipeline as the Party Statute and its implementing rules run it (domain review findings 1, 11):
probation from the ceremony, the two 30-working-day deadlines, the chi bộ's resolution and its vote, age in
months at the chi bộ's consideration, over-age and schooling as warnings, the retention of records that never
reach admission, and records from before the change."""

import datetime as dt

import pytest
import sqlalchemy as sa
from pydantic import ValidationError

from bot.database import upgrade
from models.db import Database
from models.errors import InvalidInput
from models.nominees import (
    AdmissionWarning,
    ConsentInput,
    Education,
    IntroducerKind,
    NomineeInput,
    Stage,
    StageChange,
    admission_warnings,
    age_in_months,
    erase_expired,
    keep_record,
    move_stage,
    nominate,
    nomination_warnings,
    read_nominee,
)
from models.registry import create_enterprise, parse_enterprise
from tests.models.test_pipeline import walk_to

NOW = dt.datetime(2022, 3, 1, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def enterprise(session):
    return create_enterprise(session, parse_enterprise({
        "name": "Công ty TNHH May Bảo Minh", "tax_code": "0600000003", "zone": "Bảo Minh"}), actor="test")


def nominee(session, member, enterprise, rules, *, born=dt.date(1995, 5, 20), on=dt.date(2022, 3, 1), **extra):
    return nominate(session, NomineeInput(
        enterprise_id=enterprise.id, full_name="Trần Thị Hoa", date_of_birth=born, nominated_on=on,
        consent=ConsentInput(granted=True, given_at=NOW, wording_version="test"), **extra), by=member, rules=rules)


def move(session, coordinator, rules, record, steps):
    for step in steps:
        move_stage(session, record.id, step, by=coordinator, rules=rules)


def test_the_ceremony_is_due_thirty_working_days_after_the_decision_reaches_the_chi_bo(
        session, member, coordinator, enterprise, rules):
    record = nominee(session, member, enterprise, rules)
    move(session, coordinator, rules, record, walk_to(Stage.decided))
    assert record.stage is Stage.decided and record.decided_on == dt.date(2022, 9, 2)
    # Received Monday 5/9/2022: 30 working days, counted by hand, end on Monday 17/10/2022.
    assert record.decision_received_on == dt.date(2022, 9, 5)
    assert record.ceremony_due_on == dt.date(2022, 10, 17)
    assert record.admitted_on is None and record.probation_ends_on is None   # no probation before the ceremony
    assert enterprise.probationary_members == 0


def test_probation_runs_from_the_ceremony_and_recognition_counts_from_its_end_even_when_late(
        session, member, coordinator, enterprise, rules):
    record = nominee(session, member, enterprise, rules)
    move(session, coordinator, rules, record, walk_to(Stage.admitted, ceremony=dt.date(2022, 10, 10)))
    assert record.admitted_on == dt.date(2022, 10, 10)
    assert record.probation_ends_on == dt.date(2023, 10, 10)   # decision 2/9/2022 + 12 months would be 2/9/2023
    # 30 working days after Tuesday 10/10/2023, counted by hand: Tuesday 21/11/2023.
    assert record.recognition_due_on == dt.date(2023, 11, 21)
    assert (enterprise.official_members, enterprise.probationary_members) == (0, 1)
    # The chi bộ meets late, on 1/12/2023: official as of the end of probation all the same.
    move_stage(session, record.id, StageChange(stage=Stage.official, effective_on=dt.date(2023, 12, 1)),
               by=coordinator, rules=rules)
    assert record.official_on == dt.date(2023, 10, 10)
    assert record.recognition_considered_on == dt.date(2023, 12, 1)
    assert (enterprise.official_members, enterprise.probationary_members) == (1, 0)


def test_a_ceremony_cannot_come_before_the_decision_reached_the_chi_bo(session, member, coordinator, enterprise,
                                                                       rules):
    record = nominee(session, member, enterprise, rules)
    move(session, coordinator, rules, record, walk_to(Stage.decided))
    with pytest.raises(InvalidInput, match="trước ngày chi bộ nhận quyết định"):
        move_stage(session, record.id, StageChange(stage=Stage.admitted, effective_on=dt.date(2022, 9, 3)),
                   by=coordinator, rules=rules)
    with pytest.raises(ValidationError, match="không thể trước ngày ký"):
        StageChange(stage=Stage.decided, effective_on=dt.date(2022, 9, 2), decision_number="1",
                    received_on=dt.date(2022, 9, 1))


@pytest.mark.parametrize(("official", "votes", "passes"), [(5, 3, False), (5, 4, True), (6, 4, True), (6, 3, False),
                                                            (3, 2, True), (1, 1, True)])
def test_the_resolution_needs_two_thirds_of_the_chi_bos_official_members(
        session, member, coordinator, enterprise, rules, official, votes, passes):
    record = nominee(session, member, enterprise, rules)
    move(session, coordinator, rules, record, walk_to(Stage.background_verified))
    step = StageChange(stage=Stage.resolution_passed, effective_on=dt.date(2022, 8, 1), official_members=official,
                       votes_for=votes)
    if passes:
        move_stage(session, record.id, step, by=coordinator, rules=rules)
        assert (record.resolution_official_members, record.resolution_votes_for) == (official, votes)
    else:
        with pytest.raises(InvalidInput, match="2/3"):
            move_stage(session, record.id, step, by=coordinator, rules=rules)
        assert record.stage is Stage.background_verified


@pytest.mark.parametrize(("members", "votes", "passes"), [(7, 4, False), (7, 5, True), (9, 6, True), (9, 5, False)])
def test_a_dang_uy_co_so_reviews_with_two_thirds_of_its_committee_before_the_decision(
        session, member, coordinator, enterprise, rules, members, votes, passes):
    """A chi bộ under a đảng ủy cơ sở: the committee's review, at least 2/3 of its members in favour (the
    Statute, art. 4), recorded with the decision; a chi bộ cơ sở's decision has none."""
    record = nominee(session, member, enterprise, rules)
    move(session, coordinator, rules, record, walk_to(Stage.resolution_passed))
    step = walk_to(Stage.decided)[-1].model_copy(update={
        "committee_on": dt.date(2022, 8, 20), "committee_members": members, "committee_votes_for": votes})
    if passes:
        move_stage(session, record.id, step, by=coordinator, rules=rules)
        assert (record.committee_resolution_on, record.committee_members, record.committee_votes_for) == (
            dt.date(2022, 8, 20), members, votes)
    else:
        with pytest.raises(InvalidInput, match="cần ít nhất 2/3 số cấp ủy viên"):
            move_stage(session, record.id, step, by=coordinator, rules=rules)
        assert record.stage is Stage.resolution_passed and record.committee_resolution_on is None


def test_the_committee_reviews_after_the_chi_bo_and_before_the_decision(session, member, coordinator, enterprise,
                                                                        rules):
    record = nominee(session, member, enterprise, rules)
    move(session, coordinator, rules, record, walk_to(Stage.resolution_passed))   # the chi bộ met on 1/8/2022
    early = walk_to(Stage.decided)[-1].model_copy(update={
        "committee_on": dt.date(2022, 7, 25), "committee_members": 7, "committee_votes_for": 6})
    with pytest.raises(InvalidInput, match="trước ngày chi bộ ra nghị quyết"):
        move_stage(session, record.id, early, by=coordinator, rules=rules)
    with pytest.raises(ValidationError, match="trước khi có quyết định"):
        StageChange(stage=Stage.decided, effective_on=dt.date(2022, 9, 2), decision_number="1",
                    committee_on=dt.date(2022, 9, 3), committee_members=7, committee_votes_for=6)
    with pytest.raises(ValidationError, match="số cấp ủy viên"):
        StageChange(stage=Stage.decided, effective_on=dt.date(2022, 9, 2), decision_number="1",
                    committee_on=dt.date(2022, 8, 3))
    move_stage(session, record.id, walk_to(Stage.decided)[-1], by=coordinator, rules=rules)   # a chi bộ cơ sở
    assert record.stage is Stage.decided and record.committee_resolution_on is None


def test_more_votes_than_members_is_a_typing_mistake():
    with pytest.raises(ValidationError, match="lớn hơn"):
        StageChange(stage=Stage.resolution_passed, effective_on=dt.date(2022, 8, 1), official_members=4, votes_for=5)


def test_age_counts_in_months_at_the_chi_bos_consideration(session, member, coordinator, enterprise, rules):
    # Born 20/5/2004: in May 2022 full 18 counted in months, although the birthday is on the 20th.
    assert age_in_months(dt.date(2004, 5, 20), dt.date(2022, 5, 2)) == 216
    young = nominee(session, member, enterprise, rules, born=dt.date(2004, 5, 20))
    # Nominated at 17: a warning at once, with the month they may be considered from.
    assert nomination_warnings(young, rules, dt.date(2022, 3, 1)) == [AdmissionWarning.under_age]
    assert young.age_eligible_from == dt.date(2022, 5, 1)
    quick = [step.model_copy(update={"effective_on": dt.date(2022, 3, 2 + index),
                                     "certificate_date": (dt.date(2022, 3, 2 + index) if step.certificate_date
                                                          else None)})
             for index, step in enumerate(walk_to(Stage.background_verified))]
    move(session, coordinator, rules, young, quick)
    with pytest.raises(InvalidInput, match="chưa đủ 18 tuổi") as refused:
        move_stage(session, young.id, StageChange(stage=Stage.resolution_passed, effective_on=dt.date(2022, 4, 30),
                                                  official_members=5, votes_for=5), by=coordinator, rules=rules)
    assert "01/05/2022" in refused.value.message
    move_stage(session, young.id, StageChange(stage=Stage.resolution_passed, effective_on=dt.date(2022, 5, 2),
                                              official_members=5, votes_for=5), by=coordinator, rules=rules)
    assert young.resolution_on == dt.date(2022, 5, 2)


def test_a_sixteen_year_old_is_nominated_with_a_warning_not_silently(session, member, enterprise, rules):
    # Issue 14, defect 11: born 12/3/2005, nominated on 15/9/2021.
    record = nominee(session, member, enterprise, rules, born=dt.date(2005, 3, 12), on=dt.date(2021, 9, 15))
    assert nomination_warnings(record, rules, dt.date(2021, 9, 15)) == [AdmissionWarning.under_age]
    assert record.age_eligible_from == dt.date(2023, 3, 1)
    grown = nominee(session, member, enterprise, rules, born=dt.date(1990, 1, 1), on=dt.date(2021, 9, 15))
    assert nomination_warnings(grown, rules, dt.date(2021, 9, 15)) == []


def test_over_sixty_is_a_warning_for_the_higher_committee_not_a_refusal(session, member, coordinator, enterprise,
                                                                         rules):
    # Born 15/3/1962: in August 2022, 60 years and 5 months.
    record = nominee(session, member, enterprise, rules, born=dt.date(1962, 3, 15),
                     education=Education.upper_secondary)
    assert nomination_warnings(record, rules, dt.date(2022, 3, 1)) == []          # full 60 through March 2022
    assert nomination_warnings(record, rules, dt.date(2022, 4, 1)) == [AdmissionWarning.over_age]
    move(session, coordinator, rules, record, walk_to(Stage.resolution_passed))
    assert record.stage is Stage.resolution_passed
    assert admission_warnings(record, rules) == [AdmissionWarning.over_age]


def test_schooling_is_recorded_and_below_lower_secondary_needs_an_exception(session, member, coordinator,
                                                                             enterprise, rules):
    record = nominee(session, member, enterprise, rules)
    assert record.education is None
    steps = walk_to(Stage.resolution_passed)
    steps[-1] = steps[-1].model_copy(update={"education": Education.primary})
    move(session, coordinator, rules, record, steps)
    assert record.education is Education.primary
    assert admission_warnings(record, rules) == [AdmissionWarning.education_below]
    schooled = nominee(session, member, enterprise, rules, education=Education.lower_secondary)
    move(session, coordinator, rules, schooled, walk_to(Stage.resolution_passed))
    assert admission_warnings(schooled, rules) == []


def test_an_expired_certificate_stops_the_chi_bos_consideration(session, member, coordinator, enterprise, rules):
    record = nominee(session, member, enterprise, rules, on=dt.date(2016, 1, 1))
    steps = walk_to(Stage.background_verified, certificate=dt.date(2016, 6, 1))
    steps[0] = StageChange(stage=Stage.class_registered, effective_on=dt.date(2016, 3, 1))
    move(session, coordinator, rules, record, steps)
    assert record.certificate_expires_on == dt.date(2021, 6, 1)
    with pytest.raises(InvalidInput, match="hết hạn"):
        move_stage(session, record.id, StageChange(stage=Stage.resolution_passed, effective_on=dt.date(2022, 8, 1),
                                                   official_members=5, votes_for=5), by=coordinator, rules=rules)


def test_the_twelve_months_rule_concerns_party_member_introducers(session, member, coordinator, enterprise, rules):
    with pytest.raises(ValidationError, match="đảng viên giới thiệu"):
        StageChange(stage=Stage.introducers_named, effective_on=dt.date(2022, 6, 1), introducers="BCH Đoàn, Đ/c A",
                    introducer_kind=IntroducerKind.youth_union, introducers_tenure_ok=False)
    record = nominee(session, member, enterprise, rules)
    steps = walk_to(Stage.introducers_named)
    steps[-1] = StageChange(stage=Stage.introducers_named, effective_on=dt.date(2022, 6, 1),
                            introducers="BCH Đoàn cơ sở, Đ/c Lê Văn Nam", introducer_kind=IntroducerKind.youth_union,
                            introducers_tenure_ok=True)
    move(session, coordinator, rules, record, steps)
    assert record.introducer_kind is IntroducerKind.youth_union


def test_not_recognised_a_probationary_member_leaves_the_enterprises_count(session, member, coordinator,
                                                                             enterprise, rules):
    record = nominee(session, member, enterprise, rules)
    move(session, coordinator, rules, record, walk_to(Stage.admitted))
    assert enterprise.probationary_members == 1
    move_stage(session, record.id, StageChange(stage=Stage.stopped, effective_on=dt.date(2023, 11, 1),
                                               reason="Không được công nhận"), by=coordinator, rules=rules)
    assert enterprise.probationary_members == 0


def test_records_are_erased_a_retention_period_after_their_latest_step(session, member, coordinator, enterprise,
                                                                       rules):
    months = rules.value("nominee_retention_months", dt.date(2022, 3, 1))
    waiting = nominee(session, member, enterprise, rules, on=dt.date(2022, 3, 1))
    assert months == 24 and waiting.erase_due_on == dt.date(2024, 3, 1)
    move_stage(session, waiting.id, StageChange(stage=Stage.class_registered, effective_on=dt.date(2022, 6, 1)),
               by=coordinator, rules=rules)
    assert waiting.erase_due_on == dt.date(2024, 6, 1)        # each step starts the period again
    admitted = nominee(session, member, enterprise, rules, on=dt.date(2022, 3, 1))
    move(session, coordinator, rules, admitted, walk_to(Stage.admitted, ceremony=dt.date(2022, 10, 10)))
    # In probation the next step (recognition) comes well within the period.
    assert admitted.erase_due_on == dt.date(2024, 10, 10)
    move_stage(session, admitted.id, StageChange(stage=Stage.official, effective_on=dt.date(2023, 10, 20)),
               by=coordinator, rules=rules)
    assert admitted.erase_due_on == dt.date(2025, 10, 20)     # the pipeline has ended: kept for the period
    keep_record(session, waiting.id, by=coordinator, today=dt.date(2024, 5, 30), rules=rules)
    assert waiting.erase_due_on == dt.date(2026, 5, 30)
    assert erase_expired(session, today=dt.date(2025, 10, 19), now=NOW) == []
    assert erase_expired(session, today=dt.date(2025, 10, 20), now=NOW) == [admitted.id]
    assert admitted.full_name is None and admitted.stage is Stage.official and admitted.official_on
    assert waiting.full_name == "Trần Thị Hoa"
    assert erase_expired(session, today=dt.date(2026, 5, 30), now=NOW) == [waiting.id]
    assert waiting.full_name is None and waiting.date_of_birth is None and waiting.erased_at == NOW
    assert read_nominee(session, waiting.id, by=coordinator).stage is Stage.class_registered   # counts survive
    assert erase_expired(session, today=dt.date(2030, 1, 1), now=NOW) == []


def test_records_admitted_before_the_change_wait_for_their_ceremony_date(tmp_path, rules):
    """Migration 0016: the old "admitted" held the decision's date; probation counted from it is cleared."""
    database = Database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(database, "0015_two_apps")
    with database.engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO members (id, full_name, role, active, reachable, language, created_at) "
            "VALUES (1, 'Điều phối', 'coordinator', 1, 1, 'vi', '2021-01-01 00:00:00')"))
        connection.execute(sa.text(
            "INSERT INTO enterprises (id, name, name_folded, tax_code, ownership, official_members, "
            "probationary_members, party_org_status, has_trade_union, has_youth_union, has_veterans, created_at, "
            "updated_at) VALUES (1, 'Công ty A', 'cong ty a', '0600000001', 'domestic', 0, 0, 'none', 0, 0, 0, "
            "'2021-01-01 00:00:00', '2021-01-01 00:00:00')"))
        for nominee_id, stage, admitted, official in ((1, "admitted", "2022-09-02", None),
                                                      (2, "official", "2021-06-01", "2022-06-10"),
                                                      (3, "nominated", None, None)):
            connection.execute(sa.text(
                "INSERT INTO nominees (id, enterprise_id, nominated_by_id, full_name, date_of_birth, stage, "
                "nominated_on, admitted_on, probation_ends_on, official_on, created_at, updated_at) VALUES "
                "(:id, 1, 1, 'Người A', '1995-05-20', :stage, '2021-03-01', :admitted, :ends, :official, "
                "'2021-03-01 00:00:00', '2021-03-01 00:00:00')"),
                {"id": nominee_id, "stage": stage, "admitted": admitted, "official": official,
                 "ends": "2023-09-02" if admitted else None})
            connection.execute(sa.text(
                "INSERT INTO nominee_events (nominee_id, stage, effective_on, recorded_at) "
                "VALUES (:id, :stage, :on, '2021-03-01 00:00:00')"),
                {"id": nominee_id, "stage": stage, "on": admitted or "2021-03-01"})
    upgrade(database)
    with database.engine.connect() as connection:
        rows = {row.id: row for row in connection.execute(sa.text("SELECT * FROM nominees ORDER BY id"))}
        events = [row.stage for row in connection.execute(sa.text("SELECT stage FROM nominee_events ORDER BY id"))]
    database.dispose()
    decided = rows[1]
    assert decided.stage == "decided" and str(decided.decided_on) == "2022-09-02"
    assert decided.admitted_on is None and decided.probation_ends_on is None
    assert str(decided.ceremony_due_on) == "2022-10-14"   # 30 working days after Friday 2/9/2022 (a holiday)
    official = rows[2]
    assert official.stage == "official" and str(official.decided_on) == "2021-06-01"
    assert official.probation_ends_on is None and str(official.recognition_considered_on) == "2022-06-10"
    assert str(rows[1].age_eligible_from) == "2013-05-01"
    assert rows[3].erase_due_on is not None and rows[1].erase_due_on is not None
    assert events == ["decided", "official", "nominated"]


def test_how_consent_was_given_is_kept_and_a_signed_form_can_be_attached(session, member, coordinator, enterprise,
                                                                          rules):
    from models.errors import PermissionDenied
    from models.nominees import ConsentMethod, attach_signed_form, consent_form_record, erase_personal_data
    from tests.conftest import make_member

    with pytest.raises(ValidationError, match="bằng cách nào"):
        ConsentInput(granted=True, given_at=NOW, wording_version="v", method=ConsentMethod.other)
    record = nominee(session, member, enterprise, rules)
    assert record.consents[0].method is ConsentMethod.read_aloud and record.consents[0].form_photo_ref is None
    other = make_member(session, "Thành viên khác")
    with pytest.raises(PermissionDenied):
        consent_form_record(session, record.id, by=other)
    assert consent_form_record(session, record.id, by=member) is record      # who nominated holds the paper
    attach_signed_form(session, record.id, "telegram:photo-1", by=member, now=NOW)
    consent = record.consents[0]
    assert consent.method is ConsentMethod.signed_form and consent.form_photo_ref == "telegram:photo-1"
    assert consent.form_attached_at == NOW
    erase_personal_data(session, record.id, by=coordinator, now=NOW)
    assert consent.form_photo_ref is None and consent.withdrawn_at == NOW
    with pytest.raises(Exception, match="đã xóa"):
        attach_signed_form(session, record.id, "telegram:photo-2", by=coordinator, now=NOW)
