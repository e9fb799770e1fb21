"""One settings object, read once from the environment and `.env`, then passed down."""
from __future__ import annotations

import re
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from trackers.documents.limits import ParseLimits


class Settings(BaseSettings):
    """Every key is documented in `.env.example`."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(default="sqlite:///var/promisewatch.db")
    database_connect_timeout: float = 10.0  # PostgreSQL: seconds to wait for a server that accepts but is silent
    sqlite_busy_seconds: float = 30.0  # SQLite: how long a writer waits for another before "database is locked"
    telegram_bot_token: SecretStr | None = None
    admin_chat_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    timezone: str = "Asia/Shanghai"
    reminder_offsets: Annotated[list[int], NoDecode] = Field(default_factory=lambda: [7, 1, 0])
    due_soon_days: int = 7
    max_upload_bytes: int = 20 * 1024 * 1024
    webhook_url: str | None = None  # set to run behind a webhook instead of long polling
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    telegram_base_url: str | None = None  # another Bot API server (a local one, the tests' fake)
    dispatch_per_second: float = 30.0  # Telegram's overall limit for a bot
    dispatch_per_chat_interval: float = 1.0  # and one message a second per chat
    dispatch_concurrency: int = 8
    dispatch_stale_seconds: float = 120.0  # a claim older than this was lost with its process
    dispatch_interval_seconds: float = 3.0
    check_interval_seconds: float = 60.0
    sweep_at: str = "08:30"  # the daily sweep, in TIMEZONE
    source_silence_hours: float = 24.0  # a source quiet this long alerts the admins
    log_level: str = "INFO"  # DEBUG is safe: the token is redacted from every record
    lease_ttl_seconds: float = 90.0  # the scheduler lease lives this long unrenewed (renewed every third of it)
    token_check_seconds: float = 300.0  # how often `run` asks Telegram whether the token still stands
    conflict_grace_seconds: float = 120.0  # 409s while holding the lease: a sibling's, until this long
    max_inflated_mb: int = 200  # a DOCX unpacked or a PDF's streams inflated past this is refused (a bomb)
    max_pdf_pages: int = 3000
    parse_seconds: float = 120.0  # reading one PDF may take this long…
    parse_memory_mb: int = 1024  # …and grow the process by this much
    chat_messages_per_minute: int = 20  # what one chat may send; past it the bot says so once and ignores the rest
    max_codes_per_message: int = 10  # /subscribe 600000 000001 …: at most this many codes at once
    max_subscriptions_per_chat: int = 100
    follow_budget: int = 300  # companies followed (polled) on subscribers' behalf, in all; admins follow beyond it
    news_days: int = 30  # a status change dated longer ago is recorded but not announced (old records)

    @field_validator("admin_chat_ids", "reminder_offsets", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        """ADMIN_CHAT_IDS=1,2 and REMINDER_OFFSETS=7,1,0: plain comma lists, not JSON."""
        if isinstance(value, str):
            parts = [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
            bad = [p for p in parts if not p.lstrip("-").isdigit()]
            if bad:
                raise ValueError(f"expected whole numbers separated by commas (e.g. 7,1,0), got {bad[0]!r}")
            return [int(p) for p in parts]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("reminder_offsets")
    @classmethod
    def _offsets(cls, value: list[int]) -> list[int]:
        if any(v < 0 or v > 366 for v in value):
            raise ValueError("days before a deadline, each between 0 and 366 (e.g. 7,1,0)")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"no time zone {value!r} (use an IANA name such as Asia/Shanghai)") from None
        return value

    @field_validator("database_url")
    @classmethod
    def _database(cls, value: str) -> str:
        if value.startswith("postgres://"):  # what Heroku-style providers hand out: the same thing
            value = "postgresql://" + value[len("postgres://"):]
        if not value.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:")):
            raise ValueError("use sqlite:///path/to/file.db or postgresql://user@host:5432/db")
        return value

    def parse_limits(self) -> ParseLimits:
        """What one document may cost to read, for the document readers."""
        return ParseLimits(max_inflated_bytes=self.max_inflated_mb * 1024 * 1024, max_pdf_pages=self.max_pdf_pages,
                           max_seconds=self.parse_seconds, max_memory_bytes=self.parse_memory_mb * 1024 * 1024)


def masked_url(url: str) -> str:
    """A database URL fit for a message: the password, if any, replaced by ***."""
    return re.sub(r"(//[^/:@]+:)[^@/]*@", r"\1***@", url)
