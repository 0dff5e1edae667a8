"""`delegation-bot plan ...`: the plan as data (import, timeline, mark done), wave assignments and coverage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NoReturn

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.settings import load_settings
from cli.common import open_database
from models.bodies import load_bodies
from models.clock import Clock
from models.deadlines import coming_deadlines
from models.errors import DomainError
from models.plan import (
    Closure,
    Plan,
    PlanFileError,
    check_against_bodies,
    close_milestone,
    close_plan,
    find_milestone,
    get_plan,
    import_plan,
    list_plans,
    load_plan_file,
    mark_milestone_done,
    milestone_status,
    plan_waves,
    reopen_milestone,
    resume_milestone,
    resume_plan,
    set_review_date,
)
from models.rules import load_rules
from models.text import nfc
from models.waves import current_wave, find_wave, import_assignments, wave_coverage
from texts import scheduler as texts

app = typer.Typer(no_args_is_help=True)   # its help: cli.COMMAND_GROUPS

ON_OPTION = typer.Option(None, "--on", help="Xem như vào ngày này (YYYY-MM-DD); mặc định là hôm nay.")
PLAN_OPTION = typer.Option(None, "--plan", help="Mã kế hoạch, khi có nhiều kế hoạch dùng chung mã mục hoặc mã đợt.")


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(1)


def _today(settings_timezone: str, on: dt.datetime | None) -> dt.date:
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
def show_command(plan: str | None = PLAN_OPTION, on: dt.datetime | None = ON_OPTION) -> None:
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
            typer.echo(texts.plan_heading(item, today))
            typer.echo(texts.plan_document(item))
            for wave in plan_waves(session, item.id):
                typer.echo(texts.wave_line(wave.code, wave.name, wave.starts_on, wave.ends_on))
            statuses = [(milestone, milestone_status(milestone, today)) for milestone in item.milestones]
            for milestone, status in statuses:
                typer.echo(texts.timeline_line(milestone, status, today))
            typer.echo(texts.status_totals([status for _, status in statuses]) + "\n")


@app.command("done")
def done_command(code: str, plan: str | None = PLAN_OPTION) -> None:
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
def reopen_command(code: str, plan: str | None = PLAN_OPTION) -> None:
    """Bỏ đánh dấu "đã xong" của một mục (nhắc việc tiếp tục từ lần chạy sau)."""
    _, database = open_database()
    with database.session() as session:
        try:
            milestone = reopen_milestone(session, find_milestone(session, code, plan_code=plan).id, None)
        except DomainError as exc:
            _fail(exc.message)
        typer.echo(texts.reopened(milestone.code))


REASON_OPTION = typer.Option(..., "--reason", help="Lý do (ghi vào nhật ký, hiện trong plan show).")
CLOSE_ON_OPTION = typer.Option(None, "--on", help="Từ ngày này không nhắc nữa (YYYY-MM-DD); mặc định hôm nay.")
CODE_ARGUMENT = typer.Argument(..., help="Mã kế hoạch (cả kế hoạch) hoặc mã mục (một mục).")


def _is_plan(session: Session, code: str) -> bool:
    return session.scalar(select(Plan.id).where(Plan.code == nfc(code))) is not None


def _close(code: str, closure: Closure, reason: str, on: dt.datetime | None, plan: str | None,
           replaced_by: str | None = None) -> None:
    settings, database = open_database()
    today = Clock(settings.timezone).today()
    day = on.date() if on else today
    with database.session() as session:
        try:
            if _is_plan(session, code):
                result = close_plan(session, code, closure, reason=reason, on=day, by=None, today=today,
                                    replaced_by=replaced_by)
                what = "kế hoạch"
            else:
                milestone = find_milestone(session, code, plan_code=plan)
                result = close_milestone(session, milestone.id, closure, reason=reason, on=day, by=None,
                                         today=today, replaced_by=replaced_by)
                what = "mục"
        except DomainError as exc:
            _fail(exc.message)
        typer.echo(texts.closed(what, result.code, closure, day, result.changed))


@app.command("end")
def end_command(code: str = CODE_ARGUMENT, reason: str = REASON_OPTION, on: dt.datetime | None = CLOSE_ON_OPTION,
                plan: str | None = PLAN_OPTION) -> None:
    """Kết thúc một kế hoạch (hoặc một mục) trước hạn: từ ngày kết thúc, bot không nhắc, không báo quá hạn."""
    _close(code, Closure.ended, reason, on, plan)


@app.command("cancel")
def cancel_command(code: str = CODE_ARGUMENT, reason: str = REASON_OPTION,
                   on: dt.datetime | None = CLOSE_ON_OPTION, plan: str | None = PLAN_OPTION) -> None:
    """Hủy một mục (hoặc cả kế hoạch) không còn thực hiện: dừng nhắc việc và báo quá hạn."""
    _close(code, Closure.cancelled, reason, on, plan)


@app.command("supersede")
def supersede_command(code: str = CODE_ARGUMENT,
                      by: str = typer.Option(..., "--by", help="Kế hoạch hoặc mục thay thế (mã, số văn bản)."),
                      reason: str = REASON_OPTION, on: dt.datetime | None = CLOSE_ON_OPTION,
                      plan: str | None = PLAN_OPTION) -> None:
    """Ghi một kế hoạch (hoặc một mục) đã được thay thế bằng kế hoạch, mục khác: dừng nhắc việc về nó."""
    _close(code, Closure.superseded, reason, on, plan, replaced_by=by)


@app.command("resume")
def resume_command(code: str = CODE_ARGUMENT, plan: str | None = PLAN_OPTION) -> None:
    """Khôi phục một kế hoạch (hoặc mục) đã ghi kết thúc, hủy hay thay thế nhầm."""
    _, database = open_database()
    with database.session() as session:
        try:
            if _is_plan(session, code):
                result, what = resume_plan(session, code, None), "kế hoạch"
            else:
                result = resume_milestone(session, find_milestone(session, code, plan_code=plan).id, None)
                what = "mục"
        except DomainError as exc:
            _fail(exc.message)
        typer.echo(texts.resumed(what, result.code, result.changed))


@app.command("review-date")
def review_date_command(code: str = typer.Argument(..., help="Mã mục sơ kết, ví dụ 2.7."),
                        day: dt.datetime | None = typer.Argument(None, help="Ngày hội nghị (YYYY-MM-DD)."),
                        clear: bool = typer.Option(False, "--clear", help="Bỏ ngày đã đặt."),
                        plan: str | None = PLAN_OPTION) -> None:
    """Đặt ngày hội nghị sơ kết: dự thảo báo cáo được gửi trước ngày này (không đặt: từ đầu thời gian của mục)."""
    if (day is None) == (not clear):
        _fail("Hãy ghi ngày hội nghị (YYYY-MM-DD), hoặc --clear để bỏ ngày đã đặt.")
    _, database = open_database()
    with database.session() as session:
        try:
            milestone = set_review_date(session, find_milestone(session, code, plan_code=plan).id,
                                        day.date() if day else None, None)
        except DomainError as exc:
            _fail(exc.message)
        typer.echo(texts.review_date_set(milestone.code, milestone.review_on))


@app.command("assign")
def assign_command(file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True)) -> None:
    """Phân công theo bảng CSV (cột: đợt, mã số thuế, thành viên; có thể thêm cột kế hoạch).
    Lỗi một dòng thì không ghi dòng nào."""
    _, database = open_database()
    try:
        with database.session() as session:
            report = import_assignments(session, file.read_text(encoding="utf-8-sig"), by=None)
    except DomainError as exc:
        _fail(exc.message)
    typer.echo(texts.assignment_import_summary(report.rows, report.added, report.already, report.per_wave))


@app.command("coverage")
def coverage_command(wave: str | None = typer.Argument(None, help="Mã đợt; mặc định là đợt đang diễn ra."),
                     plan: str | None = PLAN_OPTION, on: dt.datetime | None = ON_OPTION) -> None:
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
                      on: dt.datetime | None = ON_OPTION) -> None:
    """Các hạn sắp tới (theo kế hoạch và theo quy định) và các việc đã quá hạn."""
    settings, database = open_database()
    rules = load_rules(settings.rules_file) if settings.rules_file else load_rules()
    with database.session() as session:
        items = coming_deadlines(session, _today(settings.timezone, on), rules=rules, tz=settings.timezone,
                                 horizon_days=days)
        typer.echo(texts.coming_deadlines(items, days))
