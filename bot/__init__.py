"""The application: settings, assembling the Telegram Application, the CLI, start-up and shut-down."""
