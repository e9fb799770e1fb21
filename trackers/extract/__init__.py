"""Pure extraction: segment → find deadlines → classify → build drafts. No I/O, no clock."""
