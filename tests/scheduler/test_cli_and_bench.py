import json

import pytest
from typer.testing import CliRunner

from bench.fanout import run_fanout_bench
from cli.plan import app
from models.db import Database
from models.registry import create_enterprise, parse_enterprise
from tests.conftest import make_member
from tests.scheduler.conftest import PLAN_FILE

runner = CliRunner()


@pytest.fixture
def cli_database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def run(*args: str):
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_plan_import_show_done_and_assign_from_the_command_line(cli_database, tmp_path):
    code, output = run("import", str(PLAN_FILE))
    assert code == 0 and output.startswith("Đã tạo kế hoạch 01-KH/ĐUK-BQLCKCN.") and "thêm 16" in output
    code, output = run("import", str(PLAN_FILE))
    assert code == 0 and "không có gì thay đổi" in output and "giữ nguyên 16" in output

    code, output = run("done", "1.1")
    assert code == 0 and output.strip() == "Đã đánh dấu mục 1.1 là đã xong."
    code, output = run("show", "--on", "2022-01-05")
    assert code == 0
    assert "  1.1  ✅ đã xong" in output and "  1.4  ⚠️ quá hạn 5 ngày" in output and "  2.5  ⏳ sắp tới" in output
    assert "Đợt 2 [dot-2]: 01/01 – 31/03/2022" in output

    database = Database(cli_database)
    with database.session() as session:
        make_member(session, "Nguyễn Thị Lan")
        create_enterprise(session, parse_enterprise({"name": "Công ty A", "tax_code": "0600000001"}), actor="test")
    table = tmp_path / "phan-cong.csv"
    table.write_text("đợt,mã số thuế,thành viên\ndot-2,0600000001,Nguyễn Thị Lan\n", encoding="utf-8")
    code, output = run("assign", str(table))
    assert code == 0 and output.strip() == "Đã nhập 1 dòng phân công (dot-2: 1): thêm 1, đã có từ trước 0."
    code, output = run("coverage", "--on", "2022-02-01")
    assert code == 0 and "Đã làm việc 0/1 doanh nghiệp được phân công" in output and "Nguyễn Thị Lan: 0/1" in output
    code, output = run("deadlines", "--on", "2022-03-20", "--days", "14")
    assert code == 0 and "Mục 2.2" in output and "Mục 1.1" not in output


def test_a_bad_plan_file_exits_with_its_problems(cli_database, tmp_path):
    bad = tmp_path / "plan.yaml"
    bad.write_text(PLAN_FILE.read_text(encoding="utf-8").replace("kind: deadline", "kind: soon", 1), encoding="utf-8")
    code, output = run("import", str(bad))
    assert code == 1 and "loại 'soon' không hợp lệ" in output


@pytest.mark.slow
def test_the_fanout_benchmark_reports_no_duplicate_and_no_loss(capsys):
    result = run_fanout_bench(members=40, as_json=True)
    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(last) == {"members", "seconds", "bound_seconds", "ratio", "http_429", "duplicates", "lost"}
    assert (last["members"], last["duplicates"], last["lost"]) == (40, 0, 0)
    assert result["rows_sent"] == 40
