"""The dispatcher's `send`, on python-telegram-bot: Telegram's errors mapped to the outbox's words."""
from __future__ import annotations

from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut

from bot import secrets
from bot.dispatch import Blocked, InDoubt, Rejected, RetryLater, Send, TokenRejected, Unreachable
from trackers.settings import Settings


def plain_bot(settings: Settings) -> Bot:
    """A bare Bot API client (no handlers) for the configured token and server."""
    assert settings.telegram_bot_token is not None, "checked by the caller"
    secrets.install(settings.telegram_bot_token.get_secret_value())  # every client's logs are redacted
    base = settings.telegram_base_url
    if base:
        return Bot(settings.telegram_bot_token.get_secret_value(), base_url=base,
                   base_file_url=base.replace("/bot", "/file/bot"))
    return Bot(settings.telegram_bot_token.get_secret_value())


def telegram_send(bot: Bot) -> Send:
    async def send(chat_id: int, text: str) -> None:
        try:
            await bot.send_message(chat_id, text, parse_mode=ParseMode.HTML,
                                   link_preview_options=LinkPreviewOptions(is_disabled=True))
        except RetryAfter as exc:
            delay = exc.retry_after
            raise RetryLater(delay if isinstance(delay, int | float) else delay.total_seconds()) from exc
        except InvalidToken as exc:
            raise TokenRejected(str(exc)) from exc
        except Forbidden as exc:
            raise Blocked(exc.message) from exc
        except BadRequest as exc:
            raise Rejected(exc.message) from exc
        except TimedOut as exc:  # the request went out: the message may have arrived
            raise InDoubt(str(exc)) from exc
        except NetworkError as exc:
            if "unauthorized" in str(exc).lower():
                raise TokenRejected(str(exc)) from exc
            raise Unreachable(str(exc)) from exc

    return send
