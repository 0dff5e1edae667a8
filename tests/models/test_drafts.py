"""Form drafts on each engine: written as they stand, read back alike, gone once discarded, undone with the turn."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from models.conversation import Draft, FormDraft, discard_draft, load_draft, save_draft
from models.people import Member, Role

NOW = dt.datetime(2021, 10, 15, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def member_id(database) -> int:
    with database.session() as session:
        member = Member(full_name="Nguyễn Văn An", role=Role.member)
        session.add(member)
        session.flush()
        return member.id


def test_a_draft_is_written_and_read_back_with_its_answers(database, member_id):
    draft = Draft(member_id=member_id, chat_id="telegram:1", form="visit", step="visited_on",
                  answers={"enterprise_id": 7}, context={"options": [{"value": 7, "label": "Công ty Hòa Xá"}]})
    with database.session() as session:
        save_draft(session, draft, NOW)
    assert draft.id is not None
    with database.session() as session:
        loaded = load_draft(session, member_id)
        assert loaded == draft
        loaded.answers = {**loaded.answers, "visited_on": "2021-10-15"}
        loaded.trail, loaded.step, loaded.nonce, loaded.context = ["enterprise_id", "visited_on"], "_summary", 3, {}
        save_draft(session, loaded, NOW)
    with database.session() as session:
        again = load_draft(session, member_id)
        assert again is not None
        assert (again.answers, again.trail, again.step, again.nonce, again.context) == (
            {"enterprise_id": 7, "visited_on": "2021-10-15"}, ["enterprise_id", "visited_on"], "_summary", 3, {})


def test_a_discarded_draft_stays_gone_when_saved_again(database, member_id):
    with database.session() as session:
        save_draft(session, Draft(member_id=member_id, chat_id="telegram:1", form="visit", step="enterprise_id"), NOW)
    with database.session() as session:
        draft = load_draft(session, member_id)
        discard_draft(session, draft)
        save_draft(session, draft, NOW)   # the engine writes what it worked on when a block ends
    with database.session() as session:
        assert load_draft(session, member_id) is None
    with database.session() as session:   # one started and dropped in the same turn is never written
        fresh = Draft(member_id=member_id, chat_id="telegram:1", form="visit", step="enterprise_id")
        discard_draft(session, fresh)
        save_draft(session, fresh, NOW)
    with database.session() as session:
        assert load_draft(session, member_id) is None


def test_a_refused_turn_leaves_the_draft_as_it_was(database, member_id):
    with database.session() as session:
        save_draft(session, Draft(member_id=member_id, chat_id="telegram:1", form="visit", step="enterprise_id"), NOW)
    with pytest.raises(RuntimeError), database.session() as session:
        draft = load_draft(session, member_id)
        draft.step = "visited_on"
        save_draft(session, draft, NOW)
        raise RuntimeError("refused after the draft was written")
    with database.session() as session:
        assert load_draft(session, member_id).step == "enterprise_id"


def test_a_draft_is_written_again_only_when_a_field_was_given_a_new_value(database, member_id):
    later, much_later = NOW + dt.timedelta(days=29), NOW + dt.timedelta(days=31)
    with database.session() as session:
        save_draft(session, Draft(member_id=member_id, chat_id="telegram:1", form="gone", step="x"), NOW)
    with database.session() as session:   # only read (a form that no longer exists, say): its age stays
        save_draft(session, load_draft(session, member_id), later)
    with database.session() as session:
        assert session.scalar(select(FormDraft.updated_at)) == NOW
        draft = load_draft(session, member_id)
        draft.nonce += 1
        save_draft(session, draft, much_later)
    with database.session() as session:
        assert session.scalar(select(FormDraft.updated_at)) == much_later
        assert load_draft(session, member_id).nonce == 1


def test_a_draft_changed_in_place_is_written(database, member_id):
    with database.session() as session:
        save_draft(session, Draft(member_id=member_id, chat_id="telegram:1", form="visit", step="x",
                                  answers={"member_ids": [1]}), NOW)
    with database.session() as session:
        draft = load_draft(session, member_id)
        draft.answers["member_ids"].append(2)
        draft.trail.append("x")
        save_draft(session, draft, NOW)
        draft.answers["agrees"] = True
        save_draft(session, draft, NOW)
        draft.answers["agrees"] = 1   # equal to True for Python, not for the row
        save_draft(session, draft, NOW)
    with database.session() as session:
        again = load_draft(session, member_id)
        assert (again.answers, again.trail) == ({"member_ids": [1, 2], "agrees": 1}, ["x"])
