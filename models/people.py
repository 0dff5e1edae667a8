"""Delegation members, their platform identities, invites, and the chats the delegation uses."""

from __future__ import annotations

import datetime as dt
import enum
import secrets
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Enum, ForeignKey, String, bindparam, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value

from models.audit import record_audit
from models.base import Base, session_time, utcnow
from models.conversation import delete_draft
from models.db import rows_affected
from models.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from models.text import fold, mixes_scripts, nfc


class Role(str, enum.Enum):
    member = "member"
    coordinator = "coordinator"
    admin = "admin"

    @property
    def rank(self) -> int:
        return {"member": 1, "coordinator": 2, "admin": 3}[self.value]

    def at_least(self, other: Role) -> bool:
        return self.rank >= other.rank


class Position(str, enum.Enum):
    """A member's position in the delegation, as its founding decision names it (the chat role is separate)."""

    head = "head"          # Trưởng đoàn
    deputy = "deputy"      # Phó Trưởng đoàn
    member = "member"      # thành viên


class ChatPurpose(str, enum.Enum):
    group = "group"                # the delegation's group: short notices, never personal data
    coordinators = "coordinators"  # the coordinators' chat: alerts, details, errors


class Member(Base):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20), default=Role.member)
    active: Mapped[bool] = mapped_column(default=True)
    # False once the platform said the member blocked the bot; pushes stop until they write again.
    reachable: Mapped[bool] = mapped_column(default=True)
    language: Mapped[str] = mapped_column(String(8), default="vi")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # The account (an identity's platform id) the member last wrote from: pushes go there, never to both apps.
    push_via: Mapped[str | None] = mapped_column(String(120))
    # The position in the delegation and the side the member comes from (a role key of the bodies file, so the
    # side's name follows the body's dated names): None until an admin sets them.
    position: Mapped[Position | None] = mapped_column(Enum(Position, native_enum=False, length=20))
    side: Mapped[str | None] = mapped_column(String(40))

    identities: Mapped[list[Identity]] = relationship(back_populates="member", cascade="all, delete-orphan")

    def has_role(self, role: Role) -> bool:
        return self.active and self.role.at_least(role)

    @property
    def actor(self) -> str:
        return f"member:{self.id}"


class Identity(Base):
    """A platform account of a member, as text ("telegram:123", "zalo:ab12…"), with its private chat."""

    __tablename__ = "member_identities"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    platform_id: Mapped[str] = mapped_column(String(120), unique=True)
    private_chat_id: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    member: Mapped[Member] = relationship(back_populates="identities")


class Invite(Base):
    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    # Set: a code that links another app's account to this member (`/lienket`), not an invitation of someone new.
    for_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    # The name the new member is registered under (`members invite --name`); else the name on their account.
    full_name: Mapped[str | None] = mapped_column(String(200))


class ChatBinding(Base):
    __tablename__ = "chat_bindings"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[ChatPurpose] = mapped_column(Enum(ChatPurpose, native_enum=False, length=20), unique=True)
    chat_id: Mapped[str] = mapped_column(String(120))
    title: Mapped[str | None] = mapped_column(String(200))
    bound_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    bound_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class StrangerNotice(Base):
    """When someone who is not a member was last told how to join: they are told again at most once an hour,
    however much they write (the id of whom the bot answered, and when; nothing of what they wrote)."""

    __tablename__ = "stranger_notices"

    platform_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    told_at: Mapped[dt.datetime] = mapped_column(index=True)


_IDENTITY_WITH_MEMBER = (select(Identity, Member).join(Member, Identity.member_id == Member.id)
                         .where(Identity.platform_id == bindparam("identity_platform_id")))


def identity_of(session: Session, platform_id: str) -> Identity | None:
    """The identity with its member, in one query: asked on every update."""
    # Both rows of one plain join (cheaper than joined eager loading); the member is attached to the identity
    # as loaded, since the session holds it only weakly. The statement is built once (building it cost
    # more than running it).
    row = session.execute(_IDENTITY_WITH_MEMBER, {"identity_platform_id": platform_id}).first()
    if row is None:
        return None
    identity, member = row
    set_committed_value(identity, "member", member)
    return identity


def push_chat_of(member: Member) -> str | None:
    """The private chat a push to this member goes to: that of the account they last wrote from, else the first
    account with a private chat. One chat, never one per app."""
    chats = [(identity.platform_id, identity.private_chat_id) for identity in member.identities
             if identity.private_chat_id]
    return next((chat for platform_id, chat in chats if platform_id == member.push_via),
                chats[0][1] if chats else None)


def chat_on_other_app(session: Session, chat_id: str, platform: str) -> str | None:
    """The private chat on `platform` of the member whose private chat `chat_id` is (one person, two apps); None
    for a group or a member without that app."""
    member_id = session.scalar(select(Identity.member_id).where(Identity.private_chat_id == chat_id).limit(1))
    if member_id is None:
        return None
    return session.scalar(select(Identity.private_chat_id).join(Member).where(
        Identity.member_id == member_id, Member.active.is_(True), Identity.platform_id.startswith(f"{platform}:"),
        Identity.private_chat_id.is_not(None)).limit(1))


def note_account_used(member: Member, platform_id: str) -> None:
    """The member wrote from this account: pushes follow it (written only when it changes)."""
    if member.push_via != platform_id:
        member.push_via = platform_id


def member_by_platform_id(session: Session, platform_id: str) -> Member | None:
    return session.scalar(
        select(Member).join(Identity).where(Identity.platform_id == platform_id)
    )


def private_chats_by_role(session: Session, at_least: Role) -> list[tuple[str, Role]]:
    """Private chats of active members with at least this role (for their own command menus)."""
    rows = session.execute(
        select(Identity.private_chat_id, Member.role).join(Member)
        .where(Member.active.is_(True), Identity.private_chat_id.is_not(None)))
    return [(chat_id, role) for chat_id, role in rows if chat_id is not None and role.at_least(at_least)]


def get_member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise NotFound("Không tìm thấy thành viên này.")
    return member


def register_bootstrap_admin(
    session: Session, platform_id: str, full_name: str, private_chat_id: str | None, bootstrap_ids: list[str]
) -> Member | None:
    """An id listed in the settings becomes an admin the first time it speaks to the bot."""
    if platform_id not in bootstrap_ids:
        return None
    member = member_by_platform_id(session, platform_id)
    if member is None:
        member = Member(full_name=nfc(full_name) or platform_id, role=Role.admin, active=True)
        member.identities.append(Identity(platform_id=platform_id, private_chat_id=private_chat_id))
        session.add(member)
        session.flush()
        record_audit(session, actor="settings", action="member.bootstrap_admin", entity="member", entity_id=member.id)
    elif member.role is not Role.admin or not member.active:
        member.role, member.active = Role.admin, True
    return member


def require_role(member: Member | None, role: Role) -> Member:
    if member is None or not member.active:
        raise PermissionDenied("Đồng chí chưa là thành viên của Đoàn công tác.")
    if not member.role.at_least(role):
        raise PermissionDenied("Việc này chỉ dành cho " + {
            Role.coordinator: "điều phối viên.", Role.admin: "quản trị viên.", Role.member: "thành viên."}[role])
    return member


def create_invite(
    session: Session, *, role: Role, created_by: Member, now: dt.datetime, ttl: dt.timedelta
) -> Invite:
    require_role(created_by, Role.admin)
    if role is Role.admin:
        raise InvalidInput("Lời mời chỉ dành cho thành viên hoặc điều phối viên; quản trị viên được cấp trong cấu "
                           "hình.")
    invite = Invite(code=secrets.token_urlsafe(12), role=role, created_by_id=created_by.id,
                    created_at=now, expires_at=now + ttl)
    session.add(invite)
    session.flush()
    record_audit(session, actor=created_by.actor, action="invite.create", entity="invite", entity_id=invite.id,
                 details={"role": role.value})
    return invite


def create_operator_invite(session: Session, *, role: Role, now: dt.datetime, ttl: dt.timedelta,
                           full_name: str | None = None) -> Invite:
    """An invite made on the command line by whoever runs the bot (any role, admins included)."""
    invite = Invite(code=secrets.token_urlsafe(12), role=role, created_by_id=None, created_at=now,
                    expires_at=now + ttl, full_name=nfc(full_name.strip()) if full_name and full_name.strip() else None)
    session.add(invite)
    session.flush()
    record_audit(session, actor="operator", action="invite.create", entity="invite", entity_id=invite.id,
                 details={"role": role.value})
    return invite


def create_link_code(session: Session, *, member: Member, now: dt.datetime, ttl: dt.timedelta) -> Invite:
    """A one-time code that, sent to the bot from another app, adds that app's account to `member`."""
    require_role(member, Role.member)
    code = Invite(code=secrets.token_urlsafe(12), role=member.role, created_by_id=member.id, created_at=now,
                  expires_at=now + ttl, for_member_id=member.id)
    session.add(code)
    session.flush()
    record_audit(session, actor=member.actor, action="identity.link_code", entity="invite", entity_id=code.id)
    return code


@dataclass(frozen=True)
class Redemption:
    member: Member
    invite: Invite
    fresh: bool    # False: the same person opened the link again (nothing new happened)
    linked: bool = False   # a link code: another app's account added to its member, nobody new


def redeem_invite(
    session: Session, *, code: str, platform_id: str, full_name: str, private_chat_id: str | None, now: dt.datetime
) -> Member:
    return redeem(session, code=code, platform_id=platform_id, full_name=full_name, private_chat_id=private_chat_id,
                  now=now).member


def redeem(
    session: Session, *, code: str, platform_id: str, full_name: str, private_chat_id: str | None, now: dt.datetime
) -> Redemption:
    """Register whoever opens a valid invite; an invite works once and only before it expires. A link code
    (`create_link_code`) adds the account to its member instead."""
    invite = session.scalar(select(Invite).where(Invite.code == code).with_for_update())
    if invite is None:
        raise NotFound("Mã mời không đúng. Vui lòng xin quản trị viên một lời mời mới.")
    existing = member_by_platform_id(session, platform_id)
    if invite.for_member_id is not None:
        return Redemption(_link_account(session, invite, existing, platform_id, private_chat_id, now), invite,
                          fresh=False, linked=True)
    if invite.used_at is not None:
        if existing is not None and invite.used_by_id == existing.id:
            return Redemption(existing, invite, fresh=False)
        raise Conflict("Lời mời này đã được sử dụng. Mỗi lời mời chỉ dùng được một lần.")
    if invite.expires_at <= now:
        raise Conflict("Lời mời đã hết hạn. Vui lòng xin quản trị viên một lời mời mới.")
    if existing is not None:
        if existing.active:
            raise Conflict("Đồng chí đã là thành viên của Đoàn công tác; lời mời này không được dùng.")
        existing.active = True
        existing.role = invite.role
        member = existing
    else:
        member = Member(full_name=invite.full_name or nfc(full_name) or platform_id, role=invite.role)
        member.identities.append(Identity(platform_id=platform_id, private_chat_id=private_chat_id))
        session.add(member)
        session.flush()
    invite.used_at, invite.used_by_id = now, member.id
    record_audit(session, actor=member.actor, action="invite.redeem", entity="invite", entity_id=invite.id,
                 details={"role": invite.role.value})
    return Redemption(member, invite, fresh=True)


def _link_account(session: Session, invite: Invite, existing: Member | None, platform_id: str,
                  private_chat_id: str | None, now: dt.datetime) -> Member:
    assert invite.for_member_id is not None  # the caller links only an invite made for a member
    member = get_member(session, invite.for_member_id)
    if existing is not None and existing.id == member.id:
        return member   # this account is linked already (the code sent twice)
    if invite.used_at is not None:
        raise Conflict("Mã liên kết này đã được sử dụng. Đồng chí tạo mã mới bằng lệnh /lienket.")
    if invite.expires_at <= now:
        raise Conflict("Mã liên kết đã hết hạn. Đồng chí tạo mã mới bằng lệnh /lienket.")
    if not member.active:
        raise PermissionDenied("Tài khoản tạo mã này không còn hoạt động trong Đoàn công tác.")
    if existing is not None:
        raise Conflict("Tài khoản này đã thuộc một thành viên khác của Đoàn công tác nên không liên kết được.")
    member.identities.append(Identity(platform_id=platform_id, private_chat_id=private_chat_id))
    member.push_via = platform_id
    invite.used_at, invite.used_by_id = now, member.id
    session.flush()
    record_audit(session, actor=member.actor, action="identity.link", entity="member", entity_id=member.id,
                 details={"platform": platform_id.partition(":")[0]})
    return member


def list_members(session: Session, *, include_inactive: bool = False) -> list[Member]:
    query = select(Member).order_by(Member.full_name)
    if not include_inactive:
        query = query.where(Member.active.is_(True))
    return list(session.scalars(query))


def member_names(session: Session, *, include_inactive: bool = False) -> list[tuple[int, str]]:
    """(id, full name) of the members, by name: for pickers and lists, without loading whole records."""
    query = _ALL_MEMBER_NAMES if include_inactive else _ACTIVE_MEMBER_NAMES
    return [(member_id, name) for member_id, name in session.execute(query)]


# Every visit's form asks both (the picker, the summary): built once.
_ALL_MEMBER_NAMES = select(Member.id, Member.full_name).order_by(Member.full_name)
_ACTIVE_MEMBER_NAMES = _ALL_MEMBER_NAMES.where(Member.active.is_(True))


def change_role(session: Session, *, member_id: int, role: Role, by: Member) -> Member:
    require_role(by, Role.admin)
    member = get_member(session, member_id)
    if member.id == by.id and role is not Role.admin:
        raise InvalidInput("Đồng chí không thể tự hạ quyền của chính mình.")
    member.role = role
    record_audit(session, actor=by.actor, action="member.change_role", entity="member", entity_id=member.id,
                 details={"role": role.value})
    return member


def set_position(session: Session, *, member_id: int, position: Position | None, side: str | None,
                 sides: Collection[str], by: Member | None) -> Member:
    """An admin (or, `by` None, whoever runs the bot) sets a member's position in the delegation and the side
    they come from; `sides` are the bodies a side may be (role keys). None, None clears both."""
    if by is not None:
        require_role(by, Role.admin)
    if side is not None and side not in sides:
        raise InvalidInput("Bên cử thành viên không có trong danh sách các cơ quan thành lập Đoàn công tác.")
    if position is None and side is not None:
        raise InvalidInput("Chưa chọn chức danh trong Đoàn công tác.")
    member = get_member(session, member_id)
    member.position, member.side = position, side
    record_audit(session, actor=by.actor if by is not None else "operator", action="member.set_position",
                 entity="member", entity_id=member.id,
                 details={"position": position.value if position else None, "side": side})
    return member


_HEADS = select(Member).where(Member.active.is_(True), Member.position == Position.head).order_by(Member.id)


def delegation_heads(session: Session) -> list[Member]:
    """Every active member set as Trưởng đoàn, by id (one is expected; a second is worth a warning)."""
    return list(session.scalars(_HEADS))


def delegation_head(session: Session) -> Member | None:
    """The active Trưởng đoàn, if one is set (the first by id should two be)."""
    return session.scalar(_HEADS.limit(1))


def deactivate_member(session: Session, *, member_id: int, by: Member) -> Member:
    require_role(by, Role.admin)
    member = get_member(session, member_id)
    if member.id == by.id:
        raise InvalidInput("Đồng chí không thể tự vô hiệu hóa tài khoản của mình.")
    member.active = False
    delete_draft(session, member.id)   # a half-filled form may hold a nominee's personal data
    record_audit(session, actor=by.actor, action="member.deactivate", entity="member", entity_id=member.id)
    return member


def mark_unreachable(session: Session, member_id: int, reachable: bool = False) -> None:
    member = get_member(session, member_id)
    member.reachable = reachable


def bind_chat(session: Session, *, purpose: ChatPurpose, chat_id: str, title: str | None, by: Member) -> ChatBinding:
    require_role(by, Role.admin)
    binding = session.scalar(select(ChatBinding).where(ChatBinding.purpose == purpose))
    if binding is None:
        binding = ChatBinding(purpose=purpose, chat_id=chat_id)
        session.add(binding)
    binding.chat_id, binding.title, binding.bound_by_id = chat_id, title, by.id
    binding.bound_at = session_time(session)
    session.flush()
    record_audit(session, actor=by.actor, action="chat.bind", entity="chat_binding", entity_id=binding.id,
                 details={"purpose": purpose.value})
    return binding


def bound_chat(session: Session, purpose: ChatPurpose) -> str | None:
    return session.scalar(select(ChatBinding.chat_id).where(ChatBinding.purpose == purpose))


def bound_chats(session: Session) -> dict[ChatPurpose, str]:
    """Every bound chat by purpose, in one query."""
    return {purpose: chat_id for purpose, chat_id in session.execute(select(ChatBinding.purpose, ChatBinding.chat_id))}


def follow_chat_migration(session: Session, old_chat_id: str, new_chat_id: str) -> int:
    """A group upgraded to a supergroup changes its id; stored bindings follow."""
    changed = 0
    for binding in session.scalars(select(ChatBinding).where(ChatBinding.chat_id == old_chat_id)):
        binding.chat_id = new_chat_id
        changed += 1
    return changed


def unbind_chat(session: Session, chat_id: str) -> list[ChatPurpose]:
    """The bot left (or was removed from) a chat: whatever it was bound for, it is no longer; returns what."""
    bindings = list(session.scalars(select(ChatBinding).where(ChatBinding.chat_id == chat_id)))
    for binding in bindings:
        record_audit(session, actor="system", action="chat.unbind", entity="chat_binding", entity_id=binding.id,
                     details={"purpose": binding.purpose.value})
        session.delete(binding)
    return [binding.purpose for binding in bindings]


def active_admins(session: Session) -> list[Member]:
    return list(session.scalars(select(Member).where(Member.role == Role.admin, Member.active.is_(True))
                                .order_by(Member.id)))


def name_doubts(session: Session, member: Member) -> tuple[list[Member], bool]:
    """A name taken from a chat profile is whatever its owner typed: the other active members whose name reads the
    same (diacritics and case aside), and whether it mixes scripts (a Cyrillic «а» among Latin letters) — what
    someone passing for a colleague would do."""
    same = [other for other in session.scalars(select(Member).where(Member.active.is_(True), Member.id != member.id)
                                               .order_by(Member.id))
            if fold(other.full_name) == fold(member.full_name)]
    return same, mixes_scripts(member.full_name)


def may_tell_stranger(session: Session, platform_id: str, now: dt.datetime, every: dt.timedelta) -> bool:
    """True (and the time noted) when someone not registered may be told how to join again."""
    notice = session.get(StrangerNotice, platform_id)
    if notice is None:
        session.add(StrangerNotice(platform_id=platform_id, told_at=now))
        return True
    if notice.told_at > now - every:
        return False
    notice.told_at = now
    return True


def forget_strangers(session: Session, older_than: dt.datetime) -> int:
    result = session.execute(delete(StrangerNotice).where(StrangerNotice.told_at < older_than))
    return rows_affected(result)
