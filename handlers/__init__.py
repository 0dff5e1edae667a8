"""What users say and see: commands, forms, queries and coordinator actions, platform-neutral.

Each feature module exports a `router`; `bot.app` installs them in one list. `turns` runs one update as a unit
of work and dispatches it to the routes; `conversation` holds the neutral shapes (`Incoming`, `Reply`,
`Button` with its role, `Capabilities`, `Turn`); the channels in `channels/` turn a platform's updates into
`Incoming` and show the replies with what the platform can do. Nothing here imports a platform's library.
"""
