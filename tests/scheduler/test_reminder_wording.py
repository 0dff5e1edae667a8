"""How the plan's reminders and the rule deadlines read: a date said once, and a deadline's own day still in time."""

import datetime as dt

from models.plan import find_milestone, import_plan, load_plan_file
from tests.scheduler.conftest import PLAN_FILE
from texts import scheduler as t

NOW = dt.datetime(2021, 9, 25, 1, 0, tzinfo=dt.UTC)


def test_the_plan_s_words_are_not_repeated_when_they_only_restate_the_date(session):
    spec, _ = load_plan_file(PLAN_FILE)
    import_plan(session, spec, now=NOW)
    conference = find_milestone(session, "1.1")           # when: "Xong trước 30/9/2021", due 30/09/2021
    text = t.milestone_reminder(conference, 3)
    assert "Hạn: 30/09/2021" in text and "Xong trước" not in text and "30/9/2021" not in text
    review = find_milestone(session, "2.7")                # when: "Trong tháng 12/2022": it says more than the date
    text = t.milestone_overdue(review, 2)
    assert "Hạn: 31/12/2022 (trong tháng 12/2022)" in text
    wave = find_milestone(session, "1.2")
    assert "(đợt 1 từ tháng 10 đến hết tháng 12/2021)" in t.window_opens(wave)


def test_a_deadline_s_own_day_is_still_in_time():
    due = dt.date(2021, 11, 26)
    assert "cần làm thủ tục chuyển chậm nhất hôm nay (26/11/2021)." in t.transfer_begin_due(3, "Công ty A", 2, due, 0)
    assert "chậm nhất ngày mai (26/11/2021)" in t.transfer_begin_due(3, "Công ty A", 2, due, 1)
    assert "chậm nhất ngày 26/11/2021 (còn 5 ngày)" in t.transfer_letter_due(3, "Công ty A", 2, due, 5)
    assert "chậm nhất ngày 26/11/2021 (đã quá hạn 2 ngày)" in t.ceremony_due(4, "Công ty A", due, -2, 30)
    for text in (t.transfer_begin_due(3, "A", 2, due, 0), t.ceremony_due(4, "A", due, 0, 30),
                 t.recognition_due(4, "A", due, 0, dt.date(2021, 10, 10), 30),
                 t.transfer_letter_due(3, "A", 2, due, 0)):
        assert "trước ngày" not in text
    assert "xuất trình giấy giới thiệu với cấp ủy nơi chuyển đến" in t.transfer_letter_due(3, "A", 2, due, 0)


def test_a_review_s_reminder_gives_its_conference_date_once_set(session):
    spec, _ = load_plan_file(PLAN_FILE)
    import_plan(session, spec, now=NOW)
    review = find_milestone(session, "2.7")
    assert "Hội nghị họp ngày" not in t.milestone_reminder(review, 7)
    review.review_on = dt.date(2022, 12, 20)
    assert ("📝 Đây là hội nghị sơ kết: cần chuẩn bị báo cáo. Hội nghị họp ngày 20/12/2022."
            in t.milestone_reminder(review, 7))
