"""`delegation-bot audit ...`: questions to the audit log (the work is in `models.audit`)."""

from __future__ import annotations

import typer

from cli.common import open_database

app = typer.Typer(no_args_is_help=True)   # its help: cli.COMMAND_GROUPS


def who_saw_lines(database, entity: str, entity_id: int, tz) -> list[str]:
    """What `audit who-saw` prints: each read or change of the record, oldest first, with who did it."""
    from sqlalchemy import select

    from models.audit import who_saw
    from models.people import Member
    from texts import operator as texts

    with database.session() as session:
        entries = who_saw(session, entity, entity_id)
        member_ids = {int(e.actor.split(":", 1)[1]) for e in entries if e.actor.startswith("member:")
                      and e.actor.split(":", 1)[1].isdigit()}
        names = dict(session.execute(select(Member.id, Member.full_name).where(Member.id.in_(member_ids))).all()) \
            if member_ids else {}
        lines = [texts.who_saw_title(entity, entity_id, len(entries))]
        for entry in entries:
            who = entry.actor
            if entry.actor.startswith("member:") and entry.actor[7:].isdigit():
                who = names.get(int(entry.actor[7:]), entry.actor)
            shown = len((entry.details or {}).get("ids") or ()) if entry.entity_id is None else 1
            when = entry.at.astimezone(tz).strftime("%d/%m/%Y %H:%M")
            lines.append(texts.who_saw_line(when, who, entry.actor, entry.action, max(0, shown - 1)))
        return lines


@app.command("who-saw")
def who_saw_command(entity: str = typer.Argument(..., help="nominee or transfer"),
                    record_id: int = typer.Argument(..., help="The record's number, e.g. 5 for nominee #5")) -> None:
    """Who read or changed a personal record, and when: its own reads and every list or export that showed it."""
    from texts import operator as texts

    if entity not in texts.ENTITY_LABELS:
        typer.echo(texts.UNKNOWN_ENTITY.format(entities=", ".join(texts.ENTITY_LABELS)), err=True)
        raise typer.Exit(2)
    settings, database = open_database()
    for line in who_saw_lines(database, entity, record_id, settings.tz):
        typer.echo(line)
