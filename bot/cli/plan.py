"""`delegation-bot plan ...`: the plan as data (import, timeline, mark done), wave assignments and coverage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import typer

from bot.cli.common import open_database
from bot.settings import load_settings
from models.clock import Clock
from models.errors import DomainError
from models.bodies import load_bodies
from models.plan import (
    PlanFileError,
    check_against_bodies,
    find_milestone,
    get_plan,
    import_plan,
    list_plans,
    load_plan_file,
    mark_milestone_done,
    milestone_status,
    plan_waves,
    reopen_milestone,
)
from models.rules import load_rules
from models.waves import current_wave, find_wave, import_assignments, wave_coverage
from scheduler.upcoming import coming_deadlines, format_coming_deadlines
from texts import scheduler as texts

app = typer.Typer(no_args_is_help=True, help="Kế hoạch: nhập tệp kế hoạch, xem tiến độ, phân công và độ phủ các đợt.")

ON_OPTION = typer.Option(None, "--on", help="Xem như vào ngày này (YYYY-MM-DD); mặc định là hôm nay.")
PLAN_OPTION = typer.Option(None, "--plan", help="Mã kế hoạch, khi có nhiều kế hoạch dùng chung mã mục hoặc mã đợt.")


def _fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(1)


def _today(settings_timezone: str, on: Optional[dt.datetime]) -> dt.date:
    return on.date() if on else Clock(settings_timezone).today()


@app.command("import")
def import_command(file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True)) -> None:
    """Nhập (hoặc cập nhật) một kế hoạch từ tệp YAML; nhập lại nhiều lần không tạo trùng."""
    settings = load_settings()
    try:
        spec, digest = load_plan_file(file)
        check_against_bodies(spec, load_bodies(settings.bodies_file))
    except PlanFileError as exc:
        _fail(exc.message)
    _, database = open_database(settings)
    with database.session() as session:
        report = import_plan(session, spec, source_digest=digest, actor="cli")
    typer.echo(texts.import_summary(report))


@app.command("show")
def show_command(plan: Optional[str] = PLAN_OPTION, on: Optional[dt.datetime] = ON_OPTION) -> None:
    """In tiến độ kế hoạch: các mục, thời hạn và trạng thái (đã xong / quá hạn / sắp tới)."""
    settings, database = open_database()
    today = _today(settings.timezone, on)
    with database.session() as session:
        try:
            plans = [get_plan(session, plan)] if plan else list_plans(session)
        except DomainError as exc:
            _fail(exc.message)
        if not plans:
            _fail("Chưa có kế hoạch nào. Hãy nhập: delegation-bot plan import plans/2021-2025.yaml")
        for item in plans:
            typer.echo(texts.plan_heading(item.code, item.title, item.starts_on, item.ends_on, today))
            typer.echo(texts.plan_document(item))
            for wave in plan_waves(session, item.id):
                typer.echo(texts.wave_line(wave.code, wave.name, wave.starts_on, wave.ends_on))
            statuses = [(milestone, milestone_status(milestone, today)) for milestone in item.milestones]
            for milestone, status in statuses:
                typer.echo(texts.timeline_line(milestone, status, today))
            typer.echo(texts.status_totals([status for _, status in statuses]) + "\n")


@app.command("done")
def done_command(code: str, plan: Optional[str] = PLAN_OPTION) -> None:
    """Đánh dấu một mục đã xong (dừng nhắc và báo quá hạn)."""
    _, database = open_database()
    with database.session() as session:
        try:
            milestone = find_milestone(session, code, plan_code=plan)
            result = mark_milestone_done(session, milestone.id, None)
        except DomainError as exc:
            _fail(exc.message)
        typer.echo(texts.marked_done(milestone.code, result.newly_done))


@app.command("reopen")
def reopen_command(code: str, plan: Optional[str] = PLAN_OPTION) -> None:
    """Bỏ đánh dấu "đã xong" của một mục (nhắc việc tiếp tục từ lần chạy sau)."""
    _, database = open_database()
    with database.session() as session:
        try:
            milestone = reopen_milestone(session, find_milestone(session, code, plan_code=plan).id, None)
        except DomainError as exc:
            _fail(exc.message)
        typer.echo(texts.reopened(milestone.code))


@app.command("assign")
def assign_command(file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True)) -> None:
    """Phân công theo bảng CSV (cột: đợt, mã số thuế, thành viên; có thể thêm cột kế hoạch). Lỗi một dòng thì không ghi dòng nào."""
    _, database = open_database()
    try:
        with database.session() as session:
            report = import_assignments(session, file.read_text(encoding="utf-8-sig"), by=None)
    except DomainError as exc:
        _fail(exc.message)
    typer.echo(texts.assignment_import_summary(report.rows, report.added, report.already, report.per_wave))


@app.command("coverage")
def coverage_command(wave: Optional[str] = typer.Argument(None, help="Mã đợt; mặc định là đợt đang diễn ra."),
                     plan: Optional[str] = PLAN_OPTION, on: Optional[dt.datetime] = ON_OPTION) -> None:
    """Độ phủ của một đợt: đã làm việc / được phân công, theo từng thành viên."""
    settings, database = open_database()
    with database.session() as session:
        try:
            found = find_wave(session, wave, plan_code=plan) if wave else current_wave(
                session, _today(settings.timezone, on))
        except DomainError as exc:
            _fail(exc.message)
        if found is None:
            _fail("Hiện không có đợt công tác nào đang diễn ra; hãy ghi mã đợt.")
        typer.echo(texts.coverage_report(wave_coverage(session, found.id)))


@app.command("deadlines")
def deadlines_command(days: int = typer.Option(30, min=1, help="Số ngày nhìn tới."),
                      on: Optional[dt.datetime] = ON_OPTION) -> None:
    """Các hạn sắp tới (theo kế hoạch và theo quy định) và các việc đã quá hạn."""
    settings, database = open_database()
    rules = load_rules(settings.rules_file) if settings.rules_file else load_rules()
    with database.session() as session:
        items = coming_deadlines(session, _today(settings.timezone, on), rules=rules, tz=settings.timezone,
                                 horizon_days=days)
        typer.echo(format_coming_deadlines(items, days))
