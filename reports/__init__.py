"""The review reports (sơ kết): for a period, an Excel workbook and a Word report laid out as a party report,
with charts, built from the data.

    periods        the period a report covers (a wave, a half-year, a year, the plan, any dates)
    figures        the numbers for a period, computed by queries: the one source both forms use
    drafting       the report's sentences, and the shortcomings and next steps the data points to
    charts         the charts (matplotlib, Agg)
    workbook       the Excel workbook (openpyxl)
    document       the Word report (python-docx)
    heading        who issues it and where (from settings and the plan's number)
    build          figures, then both files: `build_report`
    worker         `build_report` in a child process, for the running bot
    review_drafts  a week before each review of the plan, its draft into the outbox

Only `periods`, `figures`, `heading` and `review_drafts` load at the bot's start; the others bring matplotlib,
python-docx and openpyxl, and load when a report is built.
"""
