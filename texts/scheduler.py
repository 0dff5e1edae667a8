"""Wording of everything the scheduler pushes, and of the plan commands. Vietnamese, plain text (no markup).

Group messages carry counts and plan items only, never a person's name; items about nominees and transfers
are named by record number and enterprise, which coordinators open (with an audited read) when needed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from models.deadlines import ComingDeadline
from models.nominees import Stage
from models.plan import Closure, Milestone, MilestoneKind, MilestoneStatus, Plan, PlanImportReport, ReviewKind
from models.waves import WaveCoverage

DONE_BUTTON = "✅ Đã xong"
UNDO_BUTTON = "↩️ Hoàn tác"
MY_LIST_BUTTON = "📋 Danh sách của tôi"
_DONE = DONE_BUTTON.removeprefix("✅ ")
MAX_LISTED = 15  # enterprises listed in one personal nudge before "… và N doanh nghiệp khác"


def day(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


def _short_day(value: dt.date) -> str:
    return f"{value:%d/%m}"


def _span(start: dt.date, end: dt.date) -> str:
    if start.year == end.year:
        return f"{_short_day(start)} – {day(end)}"
    return f"{day(start)} – {day(end)}"


def _item(milestone: Milestone) -> str:
    return f"Mục {milestone.code} — {milestone.title}"


def _lead(milestone: Milestone) -> str:
    return f"\nChủ trì: {milestone.lead}" if milestone.lead else ""


def _when(milestone: Milestone) -> str:
    """The plan's own words for the item's time, unless they only repeat its date ("Hạn: 30/09/2021", not
    "Hạn: 30/09/2021 (Xong trước 30/9/2021)"); inside the brackets a sentence's first word goes lower case."""
    words = (milestone.when_text or "").strip()
    due = milestone.due_on
    if not words or (due and any(f"{due.day}/{month}/{due.year}" in words
                                 for month in (due.month, f"{due.month:02d}"))):
        return ""
    if len(words) > 1 and words[1].islower():
        words = words[0].lower() + words[1:]
    return f" ({words})"


# --------------------------------------------------------------------------- plan reminders (the group)

REVIEW_NAMES = {None: "sơ kết", ReviewKind.interim: "sơ kết", ReviewKind.assessment: "đánh giá",
                ReviewKind.final: "tổng kết"}


def milestone_reminder(milestone: Milestone, days_left: int) -> str:
    """Before a deadline, or before the end of a window."""
    ends = milestone.kind is MilestoneKind.window
    if days_left > 1:
        head = f"⏰ Còn {days_left} ngày là kết thúc" if ends else f"⏰ Còn {days_left} ngày đến hạn"
    elif days_left == 1:
        head = "⏰ Ngày mai là ngày cuối" if ends else "⏰ Ngày mai là hạn chót"
    elif days_left == 0:
        head = "⏰ Hôm nay là ngày cuối" if ends else "⏰ Hôm nay là hạn chót"
    else:
        head = f"⏰ Đã quá hạn {-days_left} ngày"
    assert milestone.due_on is not None
    when = (f"Thời gian: {_span(milestone.starts_on, milestone.due_on)}" if ends and milestone.starts_on
            else f"Hạn: {day(milestone.due_on)}") + _when(milestone)
    review = (f"\n📝 Đây là hội nghị {REVIEW_NAMES[milestone.review_kind]}: cần chuẩn bị báo cáo."
              if milestone.is_review else "")
    if milestone.is_review and milestone.review_on:
        review += f" Hội nghị họp ngày {day(milestone.review_on)}."
    return f"{head}\n{_item(milestone)}\n{when}{_lead(milestone)}{review}"


WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def window_opens(milestone: Milestone, today: dt.date | None = None) -> str:
    """On the window's first day, or (when that was a day off) the first working day after it."""
    assert milestone.starts_on is not None and milestone.due_on is not None
    head = ("📅 Hôm nay bắt đầu" if today is None or today <= milestone.starts_on
            else f"📅 Đã bắt đầu từ {WEEKDAYS[milestone.starts_on.weekday()]}, {day(milestone.starts_on)}")
    return (f"{head}\n{_item(milestone)}\n"
            f"Thời gian: {_span(milestone.starts_on, milestone.due_on)}{_when(milestone)}{_lead(milestone)}")


def due_for_coordinators(milestone: Milestone, days_left: int, *, hint: bool = True) -> str:
    """The deadline's last working day, to the coordinators, with «Đã xong»: done today means no escalation."""
    assert milestone.due_on is not None
    head = "⏰ Hôm nay là hạn" if days_left <= 0 else (
        f"⏰ Hạn {WEEKDAYS[milestone.due_on.weekday()]}, {day(milestone.due_on)} rơi vào ngày nghỉ; "
        f"hôm nay là ngày làm việc cuối trước hạn")
    ask = f"\nNếu việc đã xong, đồng chí chọn «{_DONE}» để không phải nhắc quá hạn." if hint else ""
    return f"{head}\n{_item(milestone)}\nHạn: {day(milestone.due_on)}{_when(milestone)}{_lead(milestone)}{ask}"


def continuous_nudge(month: dt.date, milestones: Sequence[Milestone]) -> str:
    lines = [f"🔁 Việc thường xuyên tháng {month.month}/{month.year}",
             "Đầu tháng, xin nhắc các việc cần làm đều đặn theo kế hoạch:"]
    for milestone in milestones:
        until = f" (đến {day(milestone.due_on)})" if milestone.due_on else ""
        lines.append(f"• {milestone.code} — {milestone.title}{until}")
    return "\n".join(lines)


def review_date_unset(milestone: Milestone, days_left: int, lead_days: int) -> str:
    """To the coordinators while a review's conference has no date: the draft report is timed from it."""
    assert milestone.due_on is not None
    kind = REVIEW_NAMES[milestone.review_kind]
    return (f"📅 Chưa đặt ngày hội nghị {kind}\n{_item(milestone)}\nHạn: {day(milestone.due_on)}{_when(milestone)}, "
            f"{_days(days_left)}.\nĐồng chí gõ /hoinghi trong tin nhắn riêng với bot để đặt ngày hội nghị: dự "
            f"thảo báo cáo sẽ được gửi trước ngày hội nghị {lead_days} ngày.")


def plan_closing(plan: Plan, last_day: dt.date, today: dt.date, open_items: Sequence[Milestone] = (), *,
                 for_coordinators: bool = False) -> str:
    """On the plan's last working day (its end, or the day before it was closed): nothing is reminded after it."""
    if plan.closed_as is not None and plan.closed_on is not None and plan.closed_on <= plan.ends_on:
        replaced = f" (thay bằng {plan.replaced_by})" if plan.replaced_by else ""
        head = (f"🏁 Kế hoạch số {plan.code} {CLOSURE_NAMES[plan.closed_as]} từ {day(plan.closed_on)}: "
                f"{plan.closed_reason}{replaced}")
        after = f"Từ ngày {day(plan.closed_on)}"
    else:
        when = "Hôm nay" if last_day == today else f"{WEEKDAYS[last_day.weekday()].capitalize()}, {day(last_day)}"
        head = (f"🏁 {when} là ngày cuối của Kế hoạch số {plan.code} "
                f"({day(plan.starts_on)} – {day(plan.ends_on)})")
        after = f"Sau ngày {day(last_day)}"
    lines = [head, f"{after}, bot không còn nhắc việc, tổng hợp tuần theo kế hoạch này."]
    if for_coordinators:
        if open_items:
            shown = ", ".join(item.code for item in open_items[:MAX_LISTED])
            more = f" và {len(open_items) - MAX_LISTED} mục khác" if len(open_items) > MAX_LISTED else ""
            lines.append(f"Các mục chưa đánh dấu hoàn thành: {shown}{more}.")
        lines.append("Báo cáo toàn kế hoạch: /baocao plan.")
    else:
        lines.append("Cảm ơn các đồng chí đã tham gia thực hiện kế hoạch.")
    return "\n".join(lines)


# --------------------------------------------------------------------------- escalations (coordinators)

def milestone_overdue(milestone: Milestone, days_overdue: int, *, number: int | None = None,
                      last: bool = False, hint: bool = True) -> str:
    """`number`: the how-many-th escalation; `last`: no more will follow (a monthly summary at most)."""
    assert milestone.due_on is not None
    counted = f" (lần nhắc thứ {number})" if number else ""
    then = ("\nĐây là lần nhắc cuối; từ nay việc này chỉ còn trong bản tổng hợp hằng tháng." if last else "")
    ask = f"\nNếu việc đã xong, đồng chí chọn «{_DONE}» để dừng nhắc." if hint else ""
    return (f"⚠️ Quá hạn {days_overdue} ngày, chưa được đánh dấu hoàn thành{counted}\n{_item(milestone)}\n"
            f"Hạn: {day(milestone.due_on)}{_when(milestone)}{_lead(milestone)}{then}{ask}")


def overdue_summary_line(milestone: Milestone, days_overdue: int, *, hint: bool = True) -> str:
    """A long-overdue item in the monthly summary (its daily and weekly escalations are over)."""
    assert milestone.due_on is not None
    ask = f"\nNếu việc đã xong, đồng chí chọn «{_DONE}»." if hint else ""
    return (f"🗓 Vẫn chưa hoàn thành, quá hạn {days_overdue} ngày (nhắc hằng tháng)\n{_item(milestone)}\n"
            f"Hạn: {day(milestone.due_on)}{_when(milestone)}{ask}")


def _days(days_left: int) -> str:
    if days_left > 1:
        return f"còn {days_left} ngày"
    if days_left == 1:
        return "ngày mai"
    if days_left == 0:
        return "hôm nay"
    return f"đã quá {-days_left} ngày"


def _by(on: dt.date, days_left: int) -> str:
    """A deadline whose day still counts: "chậm nhất ngày 26/11/2021 (còn 5 ngày)", "chậm nhất hôm nay
    (26/11/2021)" — never "trước ngày 26/11/2021 (hôm nay)", which says the day itself is too late."""
    if days_left > 1:
        return f"chậm nhất ngày {day(on)} (còn {days_left} ngày)"
    if days_left == 1:
        return f"chậm nhất ngày mai ({day(on)})"
    if days_left == 0:
        return f"chậm nhất hôm nay ({day(on)})"
    return f"chậm nhất ngày {day(on)} (đã quá hạn {-days_left} ngày)"


def ceremony_due(nominee_id: int, enterprise: str, due_on: dt.date, days_left: int, working_days: int) -> str:
    return (f"🎗 Hạn tổ chức lễ kết nạp\nHồ sơ #{nominee_id} ({enterprise}): chi bộ cần tổ chức lễ kết nạp "
            f"{_by(due_on, days_left)}, trong {working_days} ngày làm việc kể từ ngày nhận quyết định kết nạp. "
            f"Sau lễ kết nạp, đồng chí ghi ngày lễ vào hồ sơ: thời gian dự bị tính từ ngày đó.")


def probation_ending(nominee_id: int, enterprise: str, ends_on: dt.date, days_left: int, months: int,
                     recognition_due: dt.date | None) -> str:
    due = (f" Chi bộ xét công nhận đảng viên chính thức chậm nhất ngày {day(recognition_due)}."
           if recognition_due else "")
    return (f"🎖 Sắp hết thời gian dự bị\nHồ sơ #{nominee_id} ({enterprise}): đủ {months} tháng dự bị ngày "
            f"{day(ends_on)} ({_days(days_left)}). Đề nghị chuẩn bị xét công nhận đảng viên chính thức.{due}")


def recognition_due(nominee_id: int, enterprise: str, due_on: dt.date, days_left: int, probation_ended: dt.date,
                    working_days: int) -> str:
    return (f"🎖 Hạn chi bộ xét công nhận đảng viên chính thức\nHồ sơ #{nominee_id} ({enterprise}): hết thời gian "
            f"dự bị ngày {day(probation_ended)}; chi bộ cần xét công nhận {_by(due_on, days_left)}, trong "
            f"{working_days} ngày làm việc sau khi hết dự bị. Nếu họp muộn, đảng viên vẫn được công nhận chính thức "
            f"từ ngày {day(probation_ended)}.")


def retention_ending(nominee_id: int, enterprise: str, erase_on: dt.date, days_left: int, months: int) -> str:
    return (f"🗂 Sắp hết thời hạn lưu hồ sơ\nHồ sơ quần chúng ưu tú #{nominee_id} ({enterprise}): ngày "
            f"{day(erase_on)} ({_days(days_left)}) là hết {months} tháng lưu kể từ bước gần nhất; dữ liệu cá nhân sẽ "
            f"được xóa vào ngày đó, chỉ giữ lại số liệu thống kê. Nếu vẫn theo dõi hồ sơ, đồng chí ghi bước tiếp theo "
            f"của hồ sơ (/dsungvien).")


def retention_erased(nominee_ids: Sequence[int]) -> str:
    numbers = ", ".join(f"#{number}" for number in nominee_ids)
    return (f"🗂 Đã xóa dữ liệu cá nhân của hồ sơ quần chúng ưu tú {numbers} do hết thời hạn lưu trữ; "
            f"chỉ còn số liệu thống kê.")


def set_targets_reminder(year: int) -> str:
    return (f"🎯 Đầu năm {year}: đề nghị các đồng chí điều phối đặt chỉ tiêu năm {year} (phát triển đảng viên, "
            f"thành lập tổ chức cơ sở đảng, thành lập tổ chức đoàn thể…) bằng lệnh /datchitieu.")


def certificate_expiring(nominee_id: int, enterprise: str, expires_on: dt.date, days_left: int) -> str:
    if days_left <= 0:
        return (f"📜 Giấy chứng nhận lớp bồi dưỡng đã hết hạn\nHồ sơ #{nominee_id} ({enterprise}): giấy chứng nhận "
                f"hết hạn ngày {day(expires_on)} mà chưa kết nạp. Cần học lại lớp bồi dưỡng nhận thức về Đảng trước "
                "khi xét kết nạp.")
    return (f"📜 Giấy chứng nhận lớp bồi dưỡng sắp hết hạn\nHồ sơ #{nominee_id} ({enterprise}): giấy chứng nhận "
            f"hết hạn ngày {day(expires_on)} ({_days(days_left)}), chưa kết nạp. "
            f"Nếu không kết nạp trước ngày này, người được giới thiệu phải học lại.")


def transfer_begin_due(transfer_id: int, enterprise: str, members: int, begin_by: dt.date, days_left: int) -> str:
    return (f"🔄 Hạn bắt đầu chuyển sinh hoạt đảng\nHồ sơ chuyển #{transfer_id} ({members} đảng viên, {enterprise}): "
            f"cần làm thủ tục chuyển {_by(begin_by, days_left)}.")


def transfer_letter_due(transfer_id: int, enterprise: str, members: int, due_on: dt.date, days_left: int) -> str:
    return (f"🔄 Hạn xuất trình giấy giới thiệu sinh hoạt đảng\nHồ sơ chuyển #{transfer_id} ({members} đảng viên, "
            f"{enterprise}): đảng viên cần xuất trình giấy giới thiệu với cấp ủy nơi chuyển đến "
            f"{_by(due_on, days_left)}.")


def temporary_transfer_ending(transfer_id: int, enterprise: str, members: int, until: dt.date,
                              days_left: int) -> str:
    return (f"🔄 Sắp hết thời hạn sinh hoạt đảng tạm thời\nHồ sơ chuyển #{transfer_id} ({members} đảng viên, "
            f"{enterprise}): sinh hoạt tạm thời đến {day(until)} ({_days(days_left)}). Đề nghị đồng chí nhắc đảng "
            f"viên chuyển sinh hoạt trở lại nơi sinh hoạt chính thức, hoặc làm thủ tục chuyển sinh hoạt chính thức.")


_DIFFICULTY_STATUS = {"open": "mới tiếp nhận", "forwarded": "đã chuyển cơ quan có thẩm quyền"}


def difficulty_unanswered(difficulty_id: int, enterprise: str, category: str, age_days: int, status: str) -> str:
    return (f"📌 Khó khăn, kiến nghị #{difficulty_id} ({enterprise}, lĩnh vực {category}) đã {age_days} ngày "
            f"chưa có trả lời (trạng thái: {_DIFFICULTY_STATUS.get(status, status)}). Đề nghị đôn đốc.")


# --------------------------------------------------------------------------- members (private chats)

def wave_nudge(full_name: str, wave_name: str, ends_on: dt.date, days_left: int,
               unvisited: Sequence[tuple[str, str | None]]) -> str:
    """`unvisited`: (enterprise name, zone) still to visit."""
    first_name = full_name.split()[-1] if full_name.split() else full_name
    lines = [f"👋 Chào đồng chí {first_name},",
             f"{wave_name} kết thúc ngày {day(ends_on)} ({_days(days_left)}). Đồng chí còn {len(unvisited)} "
             f"doanh nghiệp được phân công chưa đến làm việc:"]
    for name, zone in unvisited[:MAX_LISTED]:
        lines.append(f"• {name}" + (f" ({zone})" if zone else ""))
    if len(unvisited) > MAX_LISTED:
        lines.append(f"… và {len(unvisited) - MAX_LISTED} doanh nghiệp khác.")
    lines.append("Sau mỗi buổi làm việc, nhớ ghi kết quả để cả Đoàn cùng theo dõi.")
    return "\n".join(lines)


# --------------------------------------------------------------------------- the weekly digest (the group)

STAGE_LABELS = {
    Stage.nominated: "được giới thiệu",
    Stage.class_registered: "đăng ký học lớp bồi dưỡng nhận thức về Đảng",
    Stage.class_completed: "đã có giấy chứng nhận",
    Stage.application_filed: "đã có đơn xin vào Đảng",
    Stage.background_filed: "đã khai lý lịch",
    Stage.introducers_named: "đã có người giới thiệu",
    Stage.background_verified: "đã thẩm tra lý lịch",
    Stage.resolution_passed: "chi bộ đã đề nghị kết nạp",
    Stage.decided: "đã có quyết định kết nạp, chờ lễ kết nạp",
    Stage.admitted: "đã kết nạp (dự bị)",
    Stage.official: "đã là đảng viên chính thức",
    Stage.stopped: "dừng",
}


@dataclass(frozen=True)
class DigestFigures:
    week_start: dt.date
    week_end: dt.date
    visits: int
    enterprises_visited: int
    wave_name: str | None
    wave_span: tuple[dt.date, dt.date] | None
    wave_assigned: int
    wave_assigned_visited: int
    without_party_org: int
    without_party_org_visited: int
    difficulty_ages: Sequence[tuple[str, int]]  # (age bucket label, count)
    nominees: dict[Stage, int]


def weekly_digest(figures: DigestFigures) -> str:
    lines = [f"📊 Tổng hợp tuần {_span(figures.week_start, figures.week_end)}",
             f"• Làm việc với doanh nghiệp: {figures.visits} buổi, {figures.enterprises_visited} doanh nghiệp"]
    if figures.wave_name and figures.wave_span:
        lines.append(f"• {figures.wave_name} ({_span(*figures.wave_span)}): đã làm việc "
                     f"{figures.wave_assigned_visited}/{figures.wave_assigned} doanh nghiệp được phân công; "
                     f"{figures.without_party_org_visited}/{figures.without_party_org} doanh nghiệp chưa có "
                     f"tổ chức đảng đã được làm việc trong đợt")
    else:
        lines.append("• Hiện không có đợt công tác nào đang diễn ra")
    open_total = sum(count for _, count in figures.difficulty_ages)
    if open_total:
        ages = "; ".join(f"{label}: {count}" for label, count in figures.difficulty_ages if count)
        lines.append(f"• Khó khăn, kiến nghị chưa giải quyết xong: {open_total} ({ages})")
    else:
        lines.append("• Không còn khó khăn, kiến nghị nào chưa giải quyết")
    stages = [f"{count} {STAGE_LABELS[stage]}" for stage, count in figures.nominees.items()
              if count and stage is not Stage.stopped]
    lines.append("• Quần chúng ưu tú: " + (", ".join(stages) if stages else "chưa có hồ sơ nào"))
    return "\n".join(lines)


def difficulty_age_label(low: int, high: int | None) -> str:
    if low == 0 and high is not None:
        return f"dưới {high} ngày"
    if high is None:
        return f"từ {low} ngày"
    return f"{low}–{high - 1} ngày"


# --------------------------------------------------------------------------- the dispatcher's own notices

def member_unreachable(full_name: str) -> str:
    return (f"🚫 Không nhắn riêng được cho {full_name}: người này đã chặn bot. Bot sẽ không nhắn riêng nữa "
            f"cho đến khi họ nhắn lại cho bot; xin liên hệ trực tiếp.")


def chat_unreachable(chat_label: str) -> str:
    return (f"🚫 Bot không gửi được vào {chat_label}: bot đã bị xóa khỏi nhóm hoặc bị chặn. "
            f"Hãy thêm bot vào lại và gắn lại nhóm.")


def chat_label_group(delegation: bool, title: str | None) -> str:
    """Where a notice was to go, inside `chat_unreachable` and `delivery_failed`: a bound chat."""
    name = "nhóm Đoàn công tác" if delegation else "nhóm điều phối"
    return name + (f" «{title}»" if title else "")


CHAT_LABEL_PRIVATE = "tin nhắn riêng của {name}"
CHAT_LABEL_NOWHERE = "(không có nơi nhận)"


def delivery_failed(what: str, where: str, error: str) -> str:
    return f"⚠️ Không gửi được một thông báo ({what}) tới {where}: {error}"


KIND_LABELS = {
    "bundle": "thông báo tổng hợp trong ngày",
    "milestone_due": "hạn hôm nay của kế hoạch",
    "overdue_summary": "tổng hợp việc quá hạn hằng tháng",
    "milestone_reminder": "nhắc việc kế hoạch",
    "milestone_start": "bắt đầu việc kế hoạch",
    "milestone_overdue": "việc quá hạn",
    "continuous_nudge": "việc thường xuyên",
    "weekly_digest": "tổng hợp tuần",
    "wave_nudge": "nhắc việc cá nhân",
    "probation_due": "hết dự bị",
    "certificate_expiry": "giấy chứng nhận hết hạn",
    "transfer_begin_due": "hạn chuyển sinh hoạt đảng",
    "transfer_letter_due": "hạn xuất trình giấy giới thiệu",
    "transfer_temporary_end": "hết hạn sinh hoạt tạm thời",
    "difficulty_unanswered": "kiến nghị chưa trả lời",
    "alert": "tin báo",
    "notice": "thông báo",
    "error": "báo lỗi",
    "targets_reminder": "nhắc chỉ tiêu",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def bundle_header(count: int) -> str:
    return f"🗂 {count} thông báo đến hạn trong lúc bot tạm ngừng hoặc ngoài giờ gửi:"


def bundle_part(number: int, text: str) -> str:
    return f"{number}) {text}"


def bundle_item_done(code: str, who: str | None, when: dt.datetime) -> str:
    by = f" bởi {who}" if who else ""
    return f"✅ Mục {code}: đã đánh dấu hoàn thành{by} lúc {when:%H:%M %d/%m/%Y}."


def day_bundle(parts: Sequence[str], with_buttons: bool) -> str:
    """What one chat hears from the plan in one day, as one message."""
    lines = [f"🗂 Hôm nay có {len(parts)} việc của kế hoạch cần lưu ý:"]
    lines += [bundle_part(number, part) for number, part in enumerate(parts, start=1)]
    if with_buttons:
        lines.append(f"Việc nào đã xong, đồng chí chọn «{_DONE}» kèm mã mục bên dưới để dừng nhắc.")
    return "\n\n".join(lines)


def bundled_button(text: str, ref: str) -> str:
    return f"{text} ({ref})"


# --------------------------------------------------------------------------- coming deadlines (a query)

def coming_deadlines(items: Iterable[ComingDeadline], horizon_days: int) -> str:
    """`items` sorted by date (`models.deadlines.coming_deadlines`)."""
    lines = [f"📅 Các hạn trong {horizon_days} ngày tới và các việc đã quá hạn:"]
    for item in items:
        mark = "⚠️" if item.overdue else "•"
        lines.append(f"{mark} {day(item.on)} ({_days(item.days_left)}) — {deadline_label(item)}")
    if len(lines) == 1:
        lines.append("Không có hạn nào. 🎉")
    return "\n".join(lines)


def deadline_label(item: ComingDeadline) -> str:
    ref, enterprise = item.ref, item.enterprise
    labels = {
        "milestone": f"Mục {ref}" + (f": {item.title}" if item.title else ""),
        "ceremony": f"Hồ sơ #{ref} ({enterprise}): hạn tổ chức lễ kết nạp",
        "probation": f"Hồ sơ #{ref} ({enterprise}): hết thời gian dự bị, xét công nhận chính thức",
        "recognition": f"Hồ sơ #{ref} ({enterprise}): hạn chi bộ xét công nhận đảng viên chính thức",
        "retention": f"Hồ sơ #{ref} ({enterprise}): hết thời hạn lưu, sẽ xóa dữ liệu cá nhân",
        "certificate": f"Hồ sơ #{ref} ({enterprise}): giấy chứng nhận lớp bồi dưỡng hết hạn",
        "transfer_begin": f"Hồ sơ chuyển #{ref} ({enterprise}): hạn bắt đầu chuyển sinh hoạt đảng",
        "transfer_letter": f"Hồ sơ chuyển #{ref} ({enterprise}): hạn xuất trình giấy giới thiệu",
        "transfer_temporary_end": f"Hồ sơ chuyển #{ref} ({enterprise}): hết thời hạn sinh hoạt tạm thời",
        "difficulty": f"Khó khăn, kiến nghị #{ref} ({enterprise}): quá hạn chờ trả lời",
    }
    return labels[item.kind]


# --------------------------------------------------------------------------- the plan commands

KIND_NAMES = {
    MilestoneKind.deadline: "hạn chót",
    MilestoneKind.window: "khoảng thời gian",
    MilestoneKind.continuous: "thường xuyên",
}

STATUS_NAMES = {
    MilestoneStatus.done: "✅ đã xong",
    MilestoneStatus.overdue: "⚠️ quá hạn",
    MilestoneStatus.in_progress: "▶️ đang thực hiện",
    MilestoneStatus.upcoming: "⏳ sắp tới",
    MilestoneStatus.ongoing: "🔁 đang thực hiện (thường xuyên)",
    MilestoneStatus.ended: "— đã kết thúc",
    MilestoneStatus.cancelled: "✖️ đã hủy",
    MilestoneStatus.superseded: "↪️ đã được thay thế",
}

CLOSURE_NAMES = {Closure.ended: "đã kết thúc", Closure.cancelled: "đã hủy", Closure.superseded: "đã được thay thế"}


def timeline_line(milestone: Milestone, status: MilestoneStatus, today: dt.date) -> str:
    if milestone.starts_on and milestone.due_on and milestone.kind is not MilestoneKind.deadline:
        when = _span(milestone.starts_on, milestone.due_on)
    elif milestone.due_on:
        when = f"hạn {day(milestone.due_on)}"
    elif milestone.starts_on:
        when = f"từ {day(milestone.starts_on)}"
    else:
        when = ""
    extra = ""
    if status is MilestoneStatus.overdue and milestone.due_on:
        extra = f" {(today - milestone.due_on).days} ngày"
    elif status is MilestoneStatus.done and milestone.done_at:
        extra = f" {day(milestone.done_at.date())}"
    review = " [sơ kết]" if milestone.is_review else ""
    if milestone.is_review and milestone.review_on:
        review += f" · hội nghị ngày {day(milestone.review_on)}"
    closed = f"\n       {closure_line(milestone)}" if milestone.closed_as else ""
    return f"{milestone.code:>5}  {STATUS_NAMES[status]}{extra} · {when} · {KIND_NAMES[milestone.kind]}{review}\n" \
           f"       {milestone.title}{closed}"


def closure_line(target: Plan | Milestone) -> str:
    """"Đã hủy từ 01/07/2025: <lý do> (thay bằng …)" for a closed plan or item."""
    assert target.closed_as is not None and target.closed_on is not None
    replaced = f" (thay bằng {target.replaced_by})" if target.replaced_by else ""
    return (f"{CLOSURE_NAMES[target.closed_as].capitalize()} từ {day(target.closed_on)}: "
            f"{target.closed_reason}{replaced}")


def import_summary(report: PlanImportReport) -> str:
    m, w = report.milestones, report.waves
    head = (f"Đã tạo kế hoạch {report.plan_code}." if report.plan_created
            else f"Đã cập nhật kế hoạch {report.plan_code}." if report.changed_anything
            else f"Kế hoạch {report.plan_code} không có gì thay đổi.")
    lines = [head]
    if report.plan_fields_changed:
        lines.append("Thông tin kế hoạch đổi: " + ", ".join(report.plan_fields_changed))
    lines.append(f"Các mục: thêm {len(m.added)}, cập nhật {len(m.updated)}, giữ nguyên {len(m.unchanged)}, "
                 f"xóa {len(m.removed)}.")
    if m.added:
        lines.append("  Thêm: " + ", ".join(m.added))
    for code, fields in m.updated.items():
        lines.append(f"  Cập nhật {code}: " + ", ".join(fields))
    if m.removed:
        lines.append("  Xóa: " + ", ".join(m.removed))
    for code in m.kept:
        lines.append(f"  Giữ lại {code}: không còn trong tệp nhưng đã được đánh dấu xong.")
    lines.append(f"Các đợt: thêm {len(w.added)}, cập nhật {len(w.updated)}, giữ nguyên {len(w.unchanged)}, "
                 f"xóa {len(w.removed)}.")
    for code in w.kept:
        lines.append(f"  Giữ lại đợt {code}: không còn trong tệp nhưng đã có phân công hoặc kết quả làm việc.")
    return "\n".join(lines)


def plan_heading(plan: Plan, today: dt.date) -> str:
    state = f"\n{closure_line(plan)}" if plan.closed_as else ""
    return (f"Kế hoạch {plan.code} ({day(plan.starts_on)} – {day(plan.ends_on)}), tình hình ngày {day(today)}"
            f"\n{plan.title}{state}\n")


def plan_document(plan: Plan) -> str:
    """The plan as a document: where and when issued, what it implements, who issued and signed it."""
    lines = []
    if plan.issued_on or plan.place:
        where = ", ".join(part for part in (plan.place, f"ngày {day(plan.issued_on)}" if plan.issued_on else None)
                          if part)
        lines.append(f"Ban hành: {where}")
    if plan.implements_kind:
        dated = f" ngày {day(plan.implements_issued_on)}" if plan.implements_issued_on else ""
        lines.append(f"Thực hiện: {plan.implements_kind} số {plan.implements_number or '…'}{dated}")
    if plan.delegation_decision_number:
        dated = f" ngày {day(plan.delegation_decision_on)}" if plan.delegation_decision_on else ""
        lines.append(f"Đoàn công tác: thành lập theo Quyết định số {plan.delegation_decision_number}{dated}")
    for issuer in plan.issuers:
        signed = " ".join(part for part in (issuer.authority, issuer.signer_title, issuer.signer) if part)
        lines.append(f"Cơ quan ban hành: {issuer.name}" + (f" ({signed})" if signed else ""))
    return "\n".join(lines) + ("\n" if lines else "")


def wave_line(code: str, name: str, starts_on: dt.date, ends_on: dt.date) -> str:
    return f"  {name} [{code}]: {_span(starts_on, ends_on)}"


def status_totals(statuses: Sequence[MilestoneStatus]) -> str:
    counts = {status: sum(1 for s in statuses if s is status) for status in MilestoneStatus}
    shown = [f"{STATUS_NAMES[status].split(' ', 1)[1]}: {count}" for status, count in counts.items() if count]
    return "Tổng: " + "; ".join(shown)


def marked_done(code: str, newly_done: bool) -> str:
    return f"Đã đánh dấu mục {code} là đã xong." if newly_done else f"Mục {code} đã được đánh dấu xong từ trước."


def closed(what: str, code: str, closure: Closure, on: dt.date, changed: bool) -> str:
    """`what`: "kế hoạch" or "mục"."""
    if not changed:
        return f"{what.capitalize()} {code} đã ở trạng thái này từ trước; không có gì thay đổi."
    return f"Đã ghi: {what} {code} {CLOSURE_NAMES[closure]} từ {day(on)}. Bot không nhắc việc về {what} này nữa."


def resumed(what: str, code: str, changed: bool) -> str:
    if not changed:
        return f"{what.capitalize()} {code} đang được thực hiện, không có gì để khôi phục."
    return f"Đã khôi phục {what} {code}; nhắc việc tiếp tục từ lần chạy sau."


def review_date_set(code: str, review_on: dt.date | None) -> str:
    if review_on is None:
        return f"Đã bỏ ngày hội nghị của mục {code}; dự thảo báo cáo tính theo thời gian của mục."
    return f"Đã đặt ngày hội nghị của mục {code}: {day(review_on)}. Dự thảo báo cáo sẽ gửi trước ngày này."


def reopened(code: str) -> str:
    return f"Đã bỏ đánh dấu hoàn thành của mục {code}; nhắc việc sẽ tiếp tục."


def assignment_import_summary(rows: int, added: int, already: int, per_wave: dict[str, int]) -> str:
    waves = ", ".join(f"{code}: {count}" for code, count in per_wave.items())
    return (f"Đã nhập {rows} dòng phân công ({waves}): thêm {added}, đã có từ trước {already}.")


def coverage_report(c: WaveCoverage) -> str:
    lines = [f"{c.wave_name} [{c.wave_code}] ({_span(c.starts_on, c.ends_on)})",
             f"Đã làm việc {c.assigned_visited}/{c.assigned} doanh nghiệp được phân công; "
             f"tổng cộng {c.visited} doanh nghiệp được làm việc trong đợt.",
             f"Doanh nghiệp chưa có tổ chức đảng: đã làm việc {c.without_party_org_visited}/{c.without_party_org}."]
    for member in c.members:
        lines.append(f"  • {member.full_name}: {member.visited}/{member.assigned}")
    return "\n".join(lines)
