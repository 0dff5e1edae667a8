"""Why a typed name, date of birth, document number or enterprise number was not accepted."""

NOT_A_NAME = "Họ và tên chỉ gồm chữ cái (có thể có dấu cách, dấu gạch nối), ví dụ: Nguyễn Thị Mai."
NAME_MIXED_SCRIPTS = ("Họ và tên lẫn chữ của hai bảng chữ cái (chữ Nga hay chữ Hy Lạp trông giống chữ Việt); "
                      "vui lòng gõ lại bằng bàn phím tiếng Việt.")
NAME_TOO_SHORT = "Họ và tên quá ngắn; vui lòng gõ đầy đủ, ví dụ: Nguyễn Thị Mai."
NEED_BIRTH_DATE = ("«{value}» không phải là ngày hợp lệ. Vui lòng gõ ngày sinh theo dạng ngày/tháng/năm, "
                   "ví dụ 20/05/1995.")
BIRTH_IN_FUTURE = "Ngày sinh không thể ở tương lai."
BIRTH_TOO_OLD = "Ngày sinh quá xa trong quá khứ; vui lòng kiểm tra lại."
TOO_YOUNG = "Theo ngày sinh này, người lao động chưa đủ {age} tuổi; vui lòng kiểm tra lại."
TOO_OLD = "Theo ngày sinh này, người lao động đã {age} tuổi trở lên; vui lòng kiểm tra lại."
NOT_A_DOCUMENT_NUMBER = ("Số văn bản chỉ gồm chữ, số và các dấu / - . và phải có chữ số, "
                         "ví dụ: 125/CV-VP hoặc 1234-QĐ/TU.")
ENTERPRISE_NOT_FOUND = "Không tìm thấy doanh nghiệp này."
