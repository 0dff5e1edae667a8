"""What the buttons of pushed messages carry: a short reference to an action on a record — the contract between the
scheduler, which writes them, and the handlers, which answer them. Plain text any channel carries.

    ms:done:<milestone_id>   "✅ Đã xong" under an overdue escalation (coordinators' chat).
                             Handler: check the presser is a coordinator, then
                             `models.plan.mark_milestone_done(session, milestone_id, by=member, now=clock.now())`;
                             `.newly_done` False means someone marked it already.
    ms:undo:<milestone_id>   "↩️ Hoàn tác", which a handler may offer after marking: `models.plan.reopen_milestone`.
    wave:mine:<wave_id>      "📋 Danh sách của tôi" under a personal nudge (private chat):
                             `models.waves.assignments_of(session, member_id, wave_id)`.
    ks:<difficulty_id>:<status>  A difficulty's next step (📤 💬 ✅ ⛔) under its alert, its updates and its
                             reminder (coordinators' chat): `handlers.difficulties.start_step`.

All fit Telegram's 64-byte limit. `parse_callback` turns data back into (action, id), or None if it is not ours.
"""

from __future__ import annotations

MILESTONE_DONE = "ms:done"
MILESTONE_UNDO = "ms:undo"
MY_WAVE_LIST = "wave:mine"
DIFFICULTY_STEP = "ks"
ACTIONS = (MILESTONE_DONE, MILESTONE_UNDO, MY_WAVE_LIST)


def milestone_done_data(milestone_id: int) -> str:
    return f"{MILESTONE_DONE}:{milestone_id}"


def milestone_undo_data(milestone_id: int) -> str:
    return f"{MILESTONE_UNDO}:{milestone_id}"


def my_wave_list_data(wave_id: int) -> str:
    return f"{MY_WAVE_LIST}:{wave_id}"


def difficulty_step_data(difficulty_id: int, status: str) -> str:
    return f"{DIFFICULTY_STEP}:{difficulty_id}:{status}"


def parse_callback(data: str) -> tuple[str, int] | None:
    action, _, number = data.rpartition(":")
    if action not in ACTIONS or not number.isdigit():
        return None
    return action, int(number)
