"""Use cases that span apps, one function each (as Zulip's actions/): the apps below import
downward only, and what needs two of them at once lives here, at the top."""
