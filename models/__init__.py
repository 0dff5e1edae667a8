"""The data and the rules: tables, input schemas and domain operations. Knows no chat platform."""

from models import (  # noqa: F401  (import every table so Base.metadata is complete)
    audit,
    channel_usage,
    conversation,
    deliveries,
    difficulties,
    directives,
    download_links,
    kept_photos,
    member_counts,
    named_messages,
    nominees,
    offered_choices,
    organisations,
    people,
    plan,
    registry,
    targets,
    visits,
)
from models.base import Base

metadata = Base.metadata
