"""The Rasa side of policybot: training data under ``bot/data`` and the launcher (train, run) plus the CLI."""
