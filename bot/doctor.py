"""`delegation-bot doctor`: is this installation ready to run? Each check says what it found and, when something is
wrong, what to do — in Vietnamese, for the operator.

A check is a function from `Context` to a list of `Finding`s; `CHECKS` lists them in the order they run. A channel
adds its checks to `CHECKS` (`check_telegram`, `check_zalo`) — nothing else changes. A check that cannot run because an
earlier one failed (no settings, no database) is skipped by looking at what the context holds.
"""

from __future__ import annotations

import datetime as dt
import enum
import stat
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import text

from bot.settings import Settings, SettingsError, load_settings
from channels.redaction import redact
from texts import doctor as texts

if TYPE_CHECKING:
    from models.db import Database  # imported where the database check runs

EXPECTED_TIMEZONE = "Asia/Ho_Chi_Minh"
TELEGRAM_TIMEOUT_SECONDS = 10.0
PENDING_UPDATES_WARNING = 100


class Level(enum.Enum):
    ok = "ok"
    warning = "warning"   # works, but probably not as the operator wants
    error = "error"       # the bot will not run properly: `doctor` exits non-zero


@dataclass(frozen=True)
class Finding:
    check: str                 # what was checked, e.g. "Cơ sở dữ liệu"
    level: Level
    detail: str                # what was found
    fix: str | None = None     # what to do about it (warnings and errors)


@dataclass
class Context:
    """What the checks share: each may read what an earlier one found (settings, the database)."""

    overrides: dict[str, object] = field(default_factory=dict)
    settings: Settings | None = None
    database: Database | None = None        # once reachable
    secrets: list[str] = field(default_factory=list)   # cut out of every detail

    def redact(self, value: object) -> str:
        return redact(value, self.secrets)


Check = Callable[[Context], Awaitable[list[Finding]]]


# ----------------------------------------------------------------------------------------------- settings

async def check_settings(context: Context) -> list[Finding]:
    try:
        context.settings = load_settings(**context.overrides)
    except SettingsError as error:
        return [Finding(texts.SETTINGS, Level.error, texts.settings_invalid(str(error)), texts.SETTINGS_FIX)]
    settings = context.settings
    context.secrets = [secret.get_secret_value() for secret in (settings.telegram_bot_token, settings.webhook_secret,
                                                                settings.zalo_bot_token, settings.zalo_webhook_secret)
                       if secret is not None and secret.get_secret_value()]
    findings = [Finding(texts.SETTINGS, Level.ok, texts.SETTINGS_OK)]
    if not settings.bootstrap_admin_ids:
        findings.append(Finding(texts.SETTINGS, Level.warning, texts.NO_BOOTSTRAP_ADMIN, texts.NO_BOOTSTRAP_ADMIN_FIX))
    return findings


async def check_timezone(context: Context) -> list[Finding]:
    if context.settings is None:
        return []
    name = context.settings.timezone
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return [Finding(texts.TIMEZONE, Level.error, texts.timezone_unknown(name), texts.TIMEZONE_DATA_FIX)]
    if name != EXPECTED_TIMEZONE:
        return [Finding(texts.TIMEZONE, Level.warning, texts.timezone_unusual(name, EXPECTED_TIMEZONE),
                        texts.timezone_unusual_fix(EXPECTED_TIMEZONE))]
    return [Finding(texts.TIMEZONE, Level.ok, texts.timezone_ok(name, dt.datetime.now(ZoneInfo(name))))]


# ----------------------------------------------------------------------------------------------- the database

async def check_database(context: Context) -> list[Finding]:
    if context.settings is None:
        return []
    from bot.database import current_revision, head_revision
    from models.db import Database

    url = context.settings.database_url
    try:
        database = Database(url)
        with database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        return [Finding(texts.DATABASE, Level.error, texts.database_unreachable(context.redact(_short(error))),
                        texts.database_unreachable_fix(url.startswith("sqlite")))]
    context.database = database
    findings = [Finding(texts.DATABASE, Level.ok, texts.database_reachable(database.dialect))]
    current, head = current_revision(database), head_revision()
    if current != head:
        findings.append(Finding(texts.DATABASE, Level.error, texts.revision_behind(current, head),
                                texts.REVISION_FIX))
    else:
        findings.append(Finding(texts.DATABASE, Level.ok, texts.revision_ok(head)))
    if database.dialect == "sqlite":
        findings += _sqlite_file_findings(Path(database.engine.url.database or ""))
    return findings


def _sqlite_file_findings(path: Path) -> list[Finding]:
    findings = []
    for candidate, private in ((path, 0o600), (path.parent, 0o700)):
        if not candidate.exists():
            continue
        mode = stat.S_IMODE(candidate.stat().st_mode)
        if mode & 0o077:
            level = Level.error if candidate == path else Level.warning   # the file holds the data
            findings.append(Finding(texts.FILES, level, texts.readable_by_others(candidate, mode),
                                    texts.readable_by_others_fix(candidate, private)))
    if not findings and path.exists():
        findings.append(Finding(texts.FILES, Level.ok, texts.files_private(path)))
    return findings


# ----------------------------------------------------------------------------------------------- Telegram

async def check_telegram(context: Context) -> list[Finding]:
    settings = context.settings
    if settings is None:
        return []
    if settings.telegram_bot_token is None and settings.zalo_enabled:
        return [Finding(texts.TELEGRAM, Level.ok, texts.TELEGRAM_NOT_CONFIGURED)]   # a Zalo-only installation
    try:
        token = settings.require_token()
    except SettingsError as error:
        return [Finding(texts.TELEGRAM, Level.error, str(error), texts.TELEGRAM_TOKEN_FIX)]
    from telegram import Bot
    from telegram.error import InvalidToken, TelegramError

    from channels.telegram.aiohttp_request import AiohttpRequest

    request = AiohttpRequest(1, read_timeout=TELEGRAM_TIMEOUT_SECONDS, connect_timeout=TELEGRAM_TIMEOUT_SECONDS)
    bot = Bot(token, base_url=settings.telegram_base_url, request=request, get_updates_request=request)
    try:
        await request.initialize()
        try:
            me = await bot.get_me()
        except InvalidToken:
            return [Finding(texts.TELEGRAM, Level.error, texts.TELEGRAM_TOKEN_REFUSED, texts.TELEGRAM_TOKEN_FIX)]
        except TelegramError as error:
            return [Finding(texts.TELEGRAM, Level.error, texts.telegram_unreachable(context.redact(error.message)),
                            texts.telegram_unreachable_fix(settings.telegram_base_url))]
        findings = [Finding(texts.TELEGRAM, Level.ok, texts.telegram_ok(me.username or me.first_name, me.id))]
        try:
            info = await bot.get_webhook_info()
        except TelegramError as error:
            return findings + [Finding(texts.WEBHOOK, Level.error,
                                       texts.telegram_unreachable(context.redact(error.message)),
                                       texts.telegram_unreachable_fix(settings.telegram_base_url))]
        return findings + _webhook_findings(context, info)
    finally:
        await request.shutdown()


def _webhook_findings(context: Context, info) -> list[Finding]:
    findings = []
    pending = info.pending_update_count or 0
    if not info.url:
        findings.append(Finding(texts.WEBHOOK, Level.ok, texts.NO_WEBHOOK))
    else:
        findings.append(Finding(texts.WEBHOOK, Level.ok, texts.webhook_set(context.redact(info.url))))
        if info.last_error_message:
            findings.append(Finding(texts.WEBHOOK, Level.error,
                                    texts.webhook_failing(context.redact(info.last_error_message),
                                                          info.last_error_date),
                                    texts.WEBHOOK_FAILING_FIX))
        if context.settings is not None and context.settings.webhook_secret is None:
            findings.append(Finding(texts.WEBHOOK, Level.warning, texts.WEBHOOK_NO_SECRET,
                                    texts.WEBHOOK_NO_SECRET_FIX))
    if pending >= PENDING_UPDATES_WARNING:
        findings.append(Finding(texts.WEBHOOK, Level.warning, texts.many_pending(pending), texts.MANY_PENDING_FIX))
    return findings


# ----------------------------------------------------------------------------------------------- Zalo

async def check_zalo(context: Context) -> list[Finding]:
    settings = context.settings
    if settings is None:
        return []
    if not settings.zalo_enabled:
        return [Finding(texts.ZALO, Level.ok, texts.ZALO_NOT_CONFIGURED)]
    try:
        token = settings.require_zalo_token()
    except SettingsError as error:
        return [Finding(texts.ZALO, Level.error, str(error), texts.ZALO_TOKEN_FIX)]
    from channels.zalo.client import ZaloClient
    from scheduler.outbound import PermanentFailure, SendError

    async with ZaloClient(token, settings.zalo_base_url, timeout=TELEGRAM_TIMEOUT_SECONDS) as zalo:
        try:
            me = await zalo.get_me()
        except PermanentFailure as error:
            if getattr(error, "error_code", None) == 401:
                return [Finding(texts.ZALO, Level.error, texts.ZALO_TOKEN_REFUSED, texts.ZALO_TOKEN_FIX)]
            return [Finding(texts.ZALO, Level.error, texts.zalo_unreachable(context.redact(error)),
                            texts.zalo_unreachable_fix(settings.zalo_base_url))]
        except SendError as error:
            return [Finding(texts.ZALO, Level.error, texts.zalo_unreachable(context.redact(error)),
                            texts.zalo_unreachable_fix(settings.zalo_base_url))]
        findings = [Finding(texts.ZALO, Level.ok, texts.zalo_ok(str(me.get("account_name") or ""),
                                                                str(me.get("id") or zalo.bot_id)))]
        try:
            info = await zalo.get_webhook_info()
        except SendError as error:
            return findings + [Finding(texts.ZALO_WEBHOOK, Level.error, texts.zalo_unreachable(context.redact(error)),
                                       texts.zalo_unreachable_fix(settings.zalo_base_url))]
    url = str((info or {}).get("url") or "") if isinstance(info, dict) else ""
    if not url:
        return findings + [Finding(texts.ZALO_WEBHOOK, Level.ok, texts.ZALO_NO_WEBHOOK)]
    findings.append(Finding(texts.ZALO_WEBHOOK, Level.ok, texts.webhook_set(context.redact(url))))
    if settings.zalo_webhook_secret is None:
        findings.append(Finding(texts.ZALO_WEBHOOK, Level.warning, texts.ZALO_WEBHOOK_NO_SECRET,
                                texts.ZALO_WEBHOOK_NO_SECRET_FIX))
    return findings


def _short(error: BaseException) -> str:
    message = str(getattr(error, "orig", None) or error).strip().splitlines()
    return f"{type(error).__name__}: {message[0] if message else ''}"


# ----------------------------------------------------------------------------------------------- running

# Every check, in order. A channel adds its own here.
CHECKS: tuple[Check, ...] = (check_settings, check_timezone, check_database, check_telegram, check_zalo)


async def diagnose(checks: tuple[Check, ...] = CHECKS, **overrides: object) -> list[Finding]:
    context = Context(overrides=dict(overrides))
    findings: list[Finding] = []
    try:
        for check in checks:
            try:
                findings += await check(context)
            except Exception as error:   # a check's own failure is a finding, not a traceback
                findings.append(Finding(getattr(check, "__name__", "check"), Level.error,
                                        texts.check_crashed(context.redact(_short(error))), texts.CHECK_CRASHED_FIX))
    finally:
        if context.database is not None:
            context.database.dispose()
    return findings


def report(findings: list[Finding]) -> tuple[str, int]:
    """The findings as the operator reads them, and the exit code (1 when anything is an error)."""
    marks = {Level.ok: "✅", Level.warning: "⚠️ ", Level.error: "❌"}
    lines = []
    for finding in findings:
        lines.append(f"{marks[finding.level]} {finding.check}: {finding.detail}")
        if finding.fix and finding.level is not Level.ok:
            lines.append(f"   → {finding.fix}")
    errors = sum(finding.level is Level.error for finding in findings)
    warnings = sum(finding.level is Level.warning for finding in findings)
    lines.append(texts.summary(errors, warnings))
    return "\n".join(lines), 1 if errors else 0
