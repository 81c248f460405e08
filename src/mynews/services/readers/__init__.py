"""A reader's own account and choices: sign-up, sign-in and tokens, follows and mutes, and the
signals their reading leaves (impressions, opens, reading time, more/fewer, saves)."""
