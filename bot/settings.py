"""Settings read from the environment and `.env`; see `.env.example`."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from models.bodies import BodiesFileError, load_bodies

DEFAULT_SQLITE_PATH = Path("data") / "delegation.sqlite3"


class SettingsError(Exception):
    """A setting is missing or invalid; the message names it in one line."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_base_file_url: str | None = None
    # The Telegram bot's username, for invite links printed by `members invite` (else asked with getMe).
    telegram_bot_username: str | None = None
    database_url: str = f"sqlite:///{DEFAULT_SQLITE_PATH}"
    timezone: str = "Asia/Ho_Chi_Minh"
    language: str = "vi"
    # Platform identities such as "telegram:123456"; a bare number means Telegram.
    bootstrap_admin_ids: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Names of bodies, each with the dates it applies from, are data: the bodies file (models/bodies.yaml).
    bodies_file: Path | None = None
    # No longer read (a name without dates relabelled old documents): refused with a line saying where they went.
    province_name: str | None = None
    party_body_name: str | None = None
    zones_body_name: str | None = None
    rules_file: Path | None = None
    webhook_secret: SecretStr | None = None
    # Telegram's published ceiling for a bot's messages (about 30/s); 0 lifts it (a local Bot API server, a benchmark).
    telegram_messages_per_second: int = Field(default=30, ge=0, le=1000)
    # Zalo's Bot API (Zalo Bot Creator): the channel runs when its token is set; calls go to {base}/bot{token}/{method}.
    zalo_bot_token: SecretStr | None = None
    zalo_base_url: str = "https://bot-api.zaloplatforms.com"
    # Webhook mode: the secret Zalo sends back in X-Bot-Api-Secret-Token (8–256 characters).
    zalo_webhook_secret: SecretStr | None = None
    # The plan's messages a month (the free tier: 3,000); admins are warned at 80 %. 0: no quota.
    zalo_monthly_message_quota: int = Field(default=3000, ge=0, le=10_000_000)
    # Zalo publishes no rates: messages a second into one chat (1 by default).
    zalo_messages_per_second_per_chat: float = Field(default=1.0, gt=0, le=30)
    invite_ttl_hours: int = Field(default=72, ge=1, le=24 * 30)
    # A coordinator's invite lets whoever opens it first read every nominee's name: a day at most.
    coordinator_invite_ttl_hours: int = Field(default=24, ge=1, le=24)
    checkin_radius_m: int = Field(default=500, ge=10, le=50_000)
    # Retention (`delegation-bot db prune`, daily): what sent alerts said, review drafts' files, the audit log.
    outbox_retention_days: int = Field(default=90, ge=1, le=3650)
    review_draft_retention_days: int = Field(default=60, ge=1, le=3650)
    audit_retention_years: int = Field(default=5, ge=1, le=50)
    # /health and /metrics on 127.0.0.1 at this port, in every mode (in webhook mode they are on the webhook's too).
    status_port: int | None = Field(default=None, ge=1, le=65535)

    @field_validator("bootstrap_admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            value = [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
        if isinstance(value, list):
            normalised = []
            for item in value:
                text = str(item).strip()
                if text.lstrip("-").isdigit():
                    text = f"telegram:{text}"
                platform, _, ident = text.partition(":")
                if not platform or not ident:
                    raise ValueError(f"'{text}' is not an id such as telegram:123456")
                normalised.append(text)
            return normalised
        return value

    @field_validator("bodies_file")
    @classmethod
    def _readable_bodies_file(cls, value: Path | None) -> Path | None:
        if value is not None:
            try:
                load_bodies(value)
            except OSError as exc:
                raise ValueError(f"cannot read {value}: {exc.strerror}") from None
            except BodiesFileError as exc:
                raise ValueError(" ".join(exc.message.split())) from None
        return value

    @field_validator("province_name", "party_body_name", "zones_body_name")
    @classmethod
    def _moved_to_bodies_file(cls, value: str | None) -> str | None:
        if value is not None:
            raise ValueError("no longer read — names of bodies, with the dates they apply from, are in the bodies "
                             "file (BODIES_FILE, default models/bodies.yaml); remove this line from .env")
        return value

    @field_validator("zalo_webhook_secret", mode="before")
    @classmethod
    def _zalo_secret_length(cls, value: object) -> object:
        text = value.get_secret_value() if isinstance(value, SecretStr) else value
        if text is None or (isinstance(text, str) and not text.strip()):
            return None
        if not isinstance(text, str) or not 8 <= len(text.strip()) <= 256:
            raise ValueError("must be 8 to 256 characters (Zalo's limit for secret_token)")
        return text.strip()

    @field_validator("zalo_base_url")
    @classmethod
    def _http_base_url(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("must start with https:// (the default is https://bot-api.zaloplatforms.com)")
        return value.rstrip("/")

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone '{value}'") from exc
        return value

    @field_validator("language")
    @classmethod
    def _supported_language(cls, value: str) -> str:
        if value not in ("vi", "en"):
            raise ValueError("must be 'vi' or 'en'")
        return value

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        if value.startswith(("postgresql://", "postgres://")):
            # psycopg 3 is the driver we install; make the plain URL work (Heroku-style and libpq's own
            # `postgres://` included).
            value = "postgresql+psycopg://" + value.split("://", 1)[1]
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("must start with sqlite:// or postgresql+psycopg://")
        return value

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def require_token(self) -> str:
        if self.telegram_bot_token is None or not self.telegram_bot_token.get_secret_value().strip():
            raise SettingsError("TELEGRAM_BOT_TOKEN: missing — put the bot's token from @BotFather in .env")
        token = self.telegram_bot_token.get_secret_value().strip()
        bot_id, _, secret = token.partition(":")
        if not bot_id.isdigit() or not secret:
            raise SettingsError("TELEGRAM_BOT_TOKEN: invalid — expected the form 123456:ABC...")
        return token

    @property
    def zalo_enabled(self) -> bool:
        return self.zalo_bot_token is not None and bool(self.zalo_bot_token.get_secret_value().strip())

    def require_zalo_token(self) -> str:
        if not self.zalo_enabled:
            raise SettingsError("ZALO_BOT_TOKEN: missing — put the bot's token from Zalo Bot Creator in .env")
        assert self.zalo_bot_token is not None
        token = self.zalo_bot_token.get_secret_value().strip()
        bot_id, _, secret = token.partition(":")
        if not bot_id.isdigit() or not secret:
            raise SettingsError("ZALO_BOT_TOKEN: invalid — expected the form 1234567890:abcDEF... from Zalo Bot "
                                "Creator")
        return token


def load_settings(**overrides: Any) -> Settings:
    """Read settings; raise SettingsError with one line naming the bad setting."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "settings"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{name}: {message}") from None
