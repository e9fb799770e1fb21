"""Delivery: the Telegram bot, the scheduler wiring, the dispatcher and the command line."""
import os

# python-telegram-bot 22 moves durations (RetryAfter.retry_after…) to timedelta in its next major
# version and warns on every use of the old form; we read timedeltas already, so take the new form now.
os.environ.setdefault("PTB_TIMEDELTA", "1")
