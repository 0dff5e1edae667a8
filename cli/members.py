"""`delegation-bot members ...`: invites made by whoever runs the bot (the first coordinators, an admin)."""

from __future__ import annotations

import enum

import typer

from bot.settings import Settings
from cli.common import open_database

app = typer.Typer(no_args_is_help=True)   # its help: cli.COMMAND_GROUPS


class InviteRole(str, enum.Enum):
    member = "member"
    coordinator = "coordinator"
    admin = "admin"


def telegram_username(settings: Settings) -> str | None:
    """The Telegram bot's username: TELEGRAM_BOT_USERNAME, else getMe when a token is set; None without Telegram."""
    if settings.telegram_bot_username:
        return settings.telegram_bot_username.strip().lstrip("@") or None
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value().strip():
        return None
    import httpx

    url = f"{settings.telegram_base_url}{settings.require_token()}/getMe"
    try:
        answer = httpx.get(url, timeout=10).json()
    except (httpx.HTTPError, ValueError):
        return None
    result = answer.get("result") if isinstance(answer, dict) and answer.get("ok") else None
    return result.get("username") if isinstance(result, dict) else None


@app.command("invite")
def invite(role: InviteRole = typer.Option(..., "--role", help="member, coordinator or admin"),
           name: str | None = typer.Option(None, "--name", help="The name the new member is registered under")) -> None:
    """A one-time invite: the code (`inv_…`) on its own line, to send as a message to the bot on Zalo, and the
    Telegram link when a Telegram bot is configured."""
    from models.people import Role, create_operator_invite
    from texts import operator as texts

    settings, database = open_database()
    try:
        with database.session() as session:
            from models.clock import Clock

            clock = Clock(settings.tz)
            created = create_operator_invite(session, role=Role(role.value), now=clock.now(),
                                             ttl=_ttl(settings, Role(role.value)), full_name=name)
            code, expires = f"inv_{created.code}", created.expires_at.astimezone(settings.tz)
    finally:
        database.dispose()
    typer.echo(texts.invite_created(role.value, expires.strftime("%H:%M %d/%m/%Y"), name))
    typer.echo(code)
    username = telegram_username(settings)
    if username:
        typer.echo(texts.INVITE_TELEGRAM_LINK)
        from channels.telegram.channel import telegram_capabilities

        typer.echo(telegram_capabilities(username).private_link(code))
    if settings.zalo_enabled:
        typer.echo(texts.INVITE_ZALO_HOW)


def _ttl(settings: Settings, role):
    """A member's invite lives INVITE_TTL_HOURS; a coordinator's or an admin's opens every nominee's name to whoever
    opens it first, and lives COORDINATOR_INVITE_TTL_HOURS (a day at most)."""
    import datetime as dt

    from models.people import Role

    hours = settings.invite_ttl_hours if role is Role.member else settings.coordinator_invite_ttl_hours
    return dt.timedelta(hours=hours)


class PositionChoice(str, enum.Enum):
    head = "head"
    deputy = "deputy"
    member = "member"
    none = "none"


@app.command("list")
def list_all() -> None:
    """Every member with id, role, position in the delegation and side (ids for `members position`)."""
    from models.bodies import load_bodies
    from models.clock import Clock
    from models.people import list_members
    from texts import operator as texts

    settings, database = open_database()
    bodies, today = load_bodies(settings.bodies_file), Clock(settings.tz).now().date()
    try:
        with database.session() as session:
            lines = [texts.member_line(m.id, m.full_name, m.role.value, m.active,
                                       m.position.value if m.position else None,
                                       bodies.short(m.side, today) if m.side in bodies.roles and m.side else None)
                     for m in list_members(session, include_inactive=True)]
    finally:
        database.dispose()
    typer.echo("\n".join(lines) if lines else texts.NO_MEMBERS)


@app.command("position")
def position(member_id: int = typer.Argument(..., help="The member's id (`members list`)"),
             to: PositionChoice = typer.Option(..., "--position", help="head (Trưởng đoàn), deputy (Phó Trưởng "
                                               "đoàn), member (thành viên) or none"),
             side: str | None = typer.Option(None, "--side", help="The body the member comes from: a role of the "
                                             "bodies file's default_issuers (party_body, zones_board)")) -> None:
    """Set a member's position in the delegation and the side they come from, as the decision setting the
    delegation up names them; shown in /thanhvien."""
    from models.bodies import load_bodies
    from models.clock import Clock
    from models.errors import InvalidInput, NotFound
    from models.people import Position, set_position
    from texts import operator as texts

    settings, database = open_database()
    bodies = load_bodies(settings.bodies_file)
    sides = bodies.default_issuers
    chosen = None if to is PositionChoice.none else Position(to.value)
    try:
        with database.session() as session:
            person = set_position(session, member_id=member_id, position=chosen,
                                  side=side if chosen is not None else None, sides=sides, by=None)
            name = person.full_name
    except (InvalidInput, NotFound) as error:
        typer.echo(f"{error} (--side: {', '.join(sides)})" if isinstance(error, InvalidInput) else str(error), err=True)
        raise typer.Exit(1) from None
    finally:
        database.dispose()
    shown_side = bodies.short(side, Clock(settings.tz).now().date()) if chosen is not None and side else None
    typer.echo(texts.position_set(name, chosen.value if chosen else None, shown_side))
