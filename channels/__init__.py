"""Channels: the platforms at the edge (Telegram, Zalo).

A channel turns its platform's updates into `handlers.conversation.Incoming`, stores them durably, hands each to
the one neutral turn runner (`handlers.turns.TurnRunner`) and shows the `Outcome` with what its platform can do,
as its `Capabilities` declare. Arrows: channels → handlers, models; bot → channels (bot decides which run).
"""
