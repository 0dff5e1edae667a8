"""Wording for the zones board's directive to enterprises without a party organisation and their answers."""

LIST_TITLE = "📨 Văn bản chỉ đạo gửi doanh nghiệp chưa có tổ chức đảng"
LIST_NONE = "Chưa ghi văn bản chỉ đạo nào."
LIST_LINE = ("• Số {number} ngày {issued} của {issuer}: {summary}\n"
             "  Đã gửi {sent} doanh nghiệp; nhận {reports} báo cáo tình hình, {reviews} báo cáo rà soát đảng viên"
             "{not_sent}")
LIST_NOT_SENT = "; còn {count} doanh nghiệp chưa có tổ chức đảng chưa ghi ngày gửi"
ADD = "➕ Ghi văn bản chỉ đạo"
SEND_ALL = "📨 Văn bản số {number}: đã gửi tất cả doanh nghiệp chưa có tổ chức đảng"
COVERAGE_LINE = ("Văn bản chỉ đạo số {number}: đã gửi {sent} doanh nghiệp; nhận {reports} báo cáo tình hình, "
                 "{reviews} báo cáo rà soát đảng viên.")

FORM_TITLE = "Ghi văn bản chỉ đạo"
ASK_NUMBER = "Số, ký hiệu văn bản? (ghi đúng như trên văn bản)"
ASK_ISSUED = "Ngày ban hành?"
ASK_ISSUER = "Cơ quan ban hành? (bỏ qua nếu là {default})"
ASK_SUMMARY = "Trích yếu nội dung văn bản?"
LABEL_NUMBER = "Số văn bản"
LABEL_ISSUED = "Ngày ban hành"
LABEL_ISSUER = "Cơ quan ban hành"
LABEL_SUMMARY = "Trích yếu"
SAVED = "✅ Đã ghi văn bản chỉ đạo số {number} ngày {issued}."

SEND_TITLE = "Ngày gửi văn bản tới các doanh nghiệp"
ASK_SENT_ON = "Văn bản số {number} được gửi tới các doanh nghiệp chưa có tổ chức đảng ngày nào?"
LABEL_SENT_ON = "Ngày gửi"
SENT_ALL = "✅ Đã ghi ngày gửi văn bản số {number} cho {count} doanh nghiệp chưa có tổ chức đảng."

REPLY_BUTTON = "📨 Ghi phản hồi văn bản chỉ đạo"
REPLY_TITLE = "Phản hồi văn bản chỉ đạo"
ASK_DIRECTIVE = "Văn bản chỉ đạo nào?"
DIRECTIVE_OPTION = "Số {number} ngày {issued}"
ASK_KIND = "Việc gì đã xảy ra?"
KIND = {
    "sent": "Đã gửi văn bản cho doanh nghiệp",
    "report": "Doanh nghiệp đã gửi báo cáo tình hình, khó khăn, kiến nghị",
    "member_review": "Doanh nghiệp đã gửi báo cáo rà soát đảng viên",
}
ASK_ON = "Ngày nào?"
LABEL_DIRECTIVE = "Văn bản"
LABEL_KIND = "Nội dung"
LABEL_ON = "Ngày"
REPLY_SAVED = "✅ Đã ghi: {kind} ({enterprise}, văn bản số {number}) ngày {date}."
COORDINATOR_REPLY = "📨 {who}: {enterprise} — {kind} (văn bản số {number}) ngày {date}."
NONE_YET = "Chưa có văn bản chỉ đạo nào được ghi; điều phối viên ghi bằng /vanban."
