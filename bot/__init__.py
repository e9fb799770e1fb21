"""Delivery: the Telegram bot, the scheduler wiring, the dispatcher and the command line."""
