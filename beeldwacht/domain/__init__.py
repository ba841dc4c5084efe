"""The rules of the protocol as plain Python. Nothing here imports Django, reads settings or
the clock: the apps turn rows into these values, call a function, and store the answer."""
