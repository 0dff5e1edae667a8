"""The message catalogue: every text a user sees, Vietnamese first. One module per feature.

Handlers, the scheduler and the reports take their wording from here; the domain (`models`) does not.
"""
