import datetime as dt

import pytest

from models.audit import AuditEntry
from models.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from models.people import (
    ChatPurpose,
    Role,
    bind_chat,
    bound_chat,
    change_role,
    create_invite,
    deactivate_member,
    follow_chat_migration,
    member_by_platform_id,
    redeem_invite,
    register_bootstrap_admin,
)
from tests.conftest import make_member

TTL = dt.timedelta(hours=72)


def test_invite_registers_once_with_its_role(session, admin, now):
    invite = create_invite(session, role=Role.coordinator, created_by=admin, now=now, ttl=TTL)
    member = redeem_invite(session, code=invite.code, platform_id="telegram:42", full_name="Trần Thị Hoa",
                           private_chat_id="telegram:42", now=now + dt.timedelta(hours=1))
    assert member.role is Role.coordinator
    assert member_by_platform_id(session, "telegram:42").id == member.id
    with pytest.raises(Conflict, match="đã được sử dụng"):
        redeem_invite(session, code=invite.code, platform_id="telegram:43", full_name="Người khác",
                      private_chat_id=None, now=now + dt.timedelta(hours=2))
    # Opening the same link again is harmless for the one who used it.
    again = redeem_invite(session, code=invite.code, platform_id="telegram:42", full_name="Trần Thị Hoa",
                          private_chat_id=None, now=now + dt.timedelta(hours=3))
    assert again.id == member.id


def test_expired_and_unknown_invites(session, admin, now):
    invite = create_invite(session, role=Role.member, created_by=admin, now=now, ttl=TTL)
    with pytest.raises(Conflict, match="hết hạn"):
        redeem_invite(session, code=invite.code, platform_id="telegram:7", full_name="A",
                      private_chat_id=None, now=now + TTL)
    with pytest.raises(NotFound):
        redeem_invite(session, code="nope", platform_id="telegram:7", full_name="A", private_chat_id=None, now=now)


def test_only_admins_invite_and_admin_invites_do_not_exist(session, admin, member, now):
    with pytest.raises(PermissionDenied):
        create_invite(session, role=Role.member, created_by=member, now=now, ttl=TTL)
    with pytest.raises(InvalidInput):
        create_invite(session, role=Role.admin, created_by=admin, now=now, ttl=TTL)


def test_bootstrap_admin_only_for_listed_ids(session):
    assert register_bootstrap_admin(session, "telegram:1", "A", None, ["telegram:2"]) is None
    admin = register_bootstrap_admin(session, "telegram:2", "Bí thư", "telegram:2", ["telegram:2"])
    assert admin.role is Role.admin
    assert register_bootstrap_admin(session, "telegram:2", "Bí thư", None, ["telegram:2"]).id == admin.id


def test_roles_change_and_deactivation_are_audited(session, admin, member):
    change_role(session, member_id=member.id, role=Role.coordinator, by=admin)
    deactivate_member(session, member_id=member.id, by=admin)
    assert member.role is Role.coordinator and not member.active
    actions = [e.action for e in session.query(AuditEntry).filter_by(entity="member", entity_id=member.id)]
    assert actions == ["member.change_role", "member.deactivate"]
    with pytest.raises(InvalidInput):
        deactivate_member(session, member_id=admin.id, by=admin)
    with pytest.raises(PermissionDenied):
        change_role(session, member_id=admin.id, role=Role.member, by=make_member(session, "Coord", Role.coordinator))


def test_deactivated_member_can_rejoin_by_invite(session, admin, member, now):
    deactivate_member(session, member_id=member.id, by=admin)
    invite = create_invite(session, role=Role.member, created_by=admin, now=now, ttl=TTL)
    platform_id = member.identities[0].platform_id
    again = redeem_invite(session, code=invite.code, platform_id=platform_id, full_name="x", private_chat_id=None,
                          now=now)
    assert again.id == member.id and again.active


def test_chat_binding_and_migration(session, admin, member):
    bind_chat(session, purpose=ChatPurpose.group, chat_id="telegram:-100", title="Đoàn", by=admin)
    bind_chat(session, purpose=ChatPurpose.group, chat_id="telegram:-200", title="Đoàn", by=admin)
    assert bound_chat(session, ChatPurpose.group) == "telegram:-200"
    assert follow_chat_migration(session, "telegram:-200", "telegram:-100200") == 1
    assert bound_chat(session, ChatPurpose.group) == "telegram:-100200"
    with pytest.raises(PermissionDenied):
        bind_chat(session, purpose=ChatPurpose.coordinators, chat_id="telegram:-5", title=None, by=member)


def test_deactivation_drops_the_members_half_filled_form(session, admin, member):
    from models.conversation import FormDraft, load_draft

    session.add(FormDraft(member_id=member.id, chat_id="test:1", form="nominee", step="full_name",
                          answers={"full_name": "Nguyễn Thị Mai"}, trail=[], context={}, nonce=1))
    session.flush()
    deactivate_member(session, member_id=member.id, by=admin)
    assert load_draft(session, member.id) is None


def test_housekeeping_forgets_old_updates_and_drafts(session, member, now):
    import datetime as dt

    from bot.app import housekeeping
    from models.conversation import FormDraft, InboxUpdate, load_draft

    session.add(InboxUpdate(source="telegram:1", update_key="1", payload={}, handled_at=now - dt.timedelta(days=8)))
    session.add(InboxUpdate(source="telegram:1", update_key="2", payload={}, handled_at=now - dt.timedelta(days=1)))
    session.add(FormDraft(member_id=member.id, chat_id="test:1", form="visit", step="visited_on", answers={},
                          trail=[], context={}, nonce=1, updated_at=now - dt.timedelta(days=31)))
    session.flush()
    housekeeping(session, now)
    assert [u.update_key for u in session.query(InboxUpdate)] == ["2"]
    assert load_draft(session, member.id) is None


def test_an_admin_sets_a_members_position_and_side_and_the_head_is_found(session, admin, member):
    from models.people import Position, delegation_head, set_position

    sides = ["party_body", "zones_board"]
    assert delegation_head(session) is None
    set_position(session, member_id=member.id, position=Position.head, side="zones_board", sides=sides, by=admin)
    session.flush()
    session.expire_all()
    assert (member.position, member.side) == (Position.head, "zones_board")
    assert delegation_head(session).id == member.id
    assert session.query(AuditEntry).filter_by(action="member.set_position").count() == 1
    with pytest.raises(PermissionDenied):
        set_position(session, member_id=admin.id, position=Position.head, side=None, sides=sides, by=member)
    with pytest.raises(InvalidInput):   # a side that is no body the delegation is drawn from
        set_position(session, member_id=member.id, position=Position.deputy, side="tinh_uy", sides=sides, by=admin)
    set_position(session, member_id=member.id, position=None, side=None, sides=sides, by=None)   # the CLI clears
    assert (member.position, member.side) == (None, None) and delegation_head(session) is None
