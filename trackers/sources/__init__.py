"""Where filings come from: cninfo announcements and IR records, 互动易 answers."""
