"""One module per group of commands. A handler parses, calls one service, renders, replies."""
