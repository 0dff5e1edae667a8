"""`delegation-bot members list` and `members position`: the delegation's positions set from the command line."""

from __future__ import annotations

from typer.testing import CliRunner

from cli import build_app
from models.bodies import load_bodies
from models.db import Database
from models.people import Member, Position, Role


def test_the_operator_sets_a_deputy_from_a_side_and_the_list_shows_it(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    runner = CliRunner()
    assert runner.invoke(build_app(["members"]), ["members", "list"]).exit_code == 0   # migrates, empty
    database = Database(url)
    with database.session() as session:
        session.add(Member(full_name="Lê Thị Hoa", role=Role.coordinator))
    with database.session() as session:
        hoa = session.query(Member).one().id
    database.dispose()

    app = build_app(["members"])
    wrong = runner.invoke(app, ["members", "position", str(hoa), "--position", "deputy", "--side", "tinh_uy"])
    assert wrong.exit_code == 1 and "Bên cử thành viên" in wrong.output and "party_body, zones_board" in wrong.output
    done = runner.invoke(app, ["members", "position", str(hoa), "--position", "deputy", "--side", "party_body"])
    assert done.exit_code == 0, done.output
    assert "Đã đặt Lê Thị Hoa: Phó Trưởng đoàn" in done.output
    listed = runner.invoke(app, ["members", "list"])
    import datetime as dt
    short = load_bodies().short("party_body", dt.date.today())
    assert f"{hoa}\tLê Thị Hoa\tđiều phối viên\tPhó Trưởng đoàn — {short}" in listed.output

    database = Database(url)
    with database.session() as session:
        assert (session.get(Member, hoa).position, session.get(Member, hoa).side) == (Position.deputy, "party_body")
    database.dispose()
    assert runner.invoke(app, ["members", "position", str(hoa), "--position", "none"]).exit_code == 0
    assert "chưa đặt chức danh" in runner.invoke(app, ["members", "list"]).output
