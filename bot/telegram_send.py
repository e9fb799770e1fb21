"""The dispatcher's `send`, on python-telegram-bot: Telegram's errors mapped to the outbox's words."""
from __future__ import annotations

import httpx
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


_NEVER_LEFT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)  # no byte of the request went out


def _never_left(exc: BaseException) -> bool:
    """Did the request surely not reach Telegram? Only a connection never made says so; any other failure —
    a read timeout, a connection reset or refused mid-request, an error we do not know — may have delivered."""
    return isinstance(exc.__cause__, _NEVER_LEFT)


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
        except (TimedOut, NetworkError) as exc:
            if "unauthorized" in str(exc).lower():
                raise TokenRejected(str(exc)) from exc
            if _never_left(exc):
                raise Unreachable(str(exc)) from exc
            raise InDoubt(str(exc)) from exc  # the request went out: the message may have arrived
        except Exception as exc:  # anything else mid-send: unknown outcome, so a retry is a possible duplicate
            raise InDoubt(f"{type(exc).__name__}: {exc}") from exc

    return send
