"""Channels: the platforms at the edge (Telegram, Zalo)."""
