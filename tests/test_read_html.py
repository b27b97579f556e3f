"""The web-page reader: the article body of a government page, without the site around it."""
from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from plancheck.plans import load_plan
from plancheck.plans.document import MERGED, Line, Table
from plancheck.plans.errors import PlanInputError
from plancheck.plans.raw import RawTask
from plancheck.plans.readers import read_document
from plancheck.plans.readers.html import read_html
from plancheck.plans.tables import raw_tasks_from_flat_cells, raw_tasks_from_table

TITLE = "关于印发《东湖区2024年法治政府建设工作计划》的通知"


def page(body: str, charset: str = "gb2312") -> str:
    """A TRS-style government page: header with menu, breadcrumbs, article, related links, footer."""
    return f"""<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{TITLE}_东湖区人民政府</title>
<style>.nav li {{ float: left }}</style>
<script>var menu = ["首页", "政务公开", "政务服务"];</script>
</head><body>
<div class="top"><h1 class="logo">东湖区人民政府</h1>
  <ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
  <li><a href="/zwfw">政务服务</a></li><li><a href="/hdjl">互动交流</a></li></ul></div>
<div class="main">
  <div class="position">当前位置:<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 通知公告</div>
  <div class="article">
    <h1>{TITLE}</h1>
    <div class="info">发布时间:2024-03-01 来源:区司法局 【字体:大 中 小】</div>
    <div id="zoom"><div class="TRS_Editor"><style>p {{ text-indent: 2em }}</style>
{body}
    </div></div>
    <div class="share">分享到:微信 微博</div>
    <div class="xgxx"><h3>相关信息</h3><ul><li><a href="/1">东湖区2023年法治政府建设年度报告</a></li></ul></div>
  </div>
</div>
<div class="footer"><p>主办:东湖区人民政府办公室 版权所有</p><p>地址:东湖区人民路1号</p></div>
</body></html>"""


PLAN_BODY = """
<p>各街道办事处,区政府各部门:</p>
<p>&nbsp;&nbsp;现将《东湖区2024年法治政府建设工作计划》印发给你们,请认真
   抓好落实。</p>
<p style="text-align: center"><strong>东湖区2024年法治政府建设工作计划</strong></p>
<p>一、深入学习贯彻习近平法治思想</p>
<p>1.深入学习宣传贯彻习近平法治思想。<span>把习近平法治思想作为区政府常务会议学法的重点内容。</span><br>
〔牵头单位:区司法局;责任单位:区政府各部门〕</p>
<div>2.压实法治建设第一责任人职责。<!-- 编辑注释 --></div>
<ul><li>(1)推行年终述法。</li></ul>
<p style="display:none">隐藏的文字</p>
"""

PLAN_LINES = [
    TITLE,
    "各街道办事处,区政府各部门:",
    "现将《东湖区2024年法治政府建设工作计划》印发给你们,请认真抓好落实。",
    "东湖区2024年法治政府建设工作计划",
    "一、深入学习贯彻习近平法治思想",
    "1.深入学习宣传贯彻习近平法治思想。把习近平法治思想作为区政府常务会议学法的重点内容。",
    "〔牵头单位:区司法局;责任单位:区政府各部门〕",
    "2.压实法治建设第一责任人职责。",
    "(1)推行年终述法。",
]

TABLE_BODY = """
<p>附件</p>
<table border="1">
  <tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>责任单位</th><th>完成时限</th></tr>
  <tr><td colspan="5">一、深化行政执法改革</td></tr>
  <tr><td>1</td><td><p>推进综合行政执法改革。</p><p>整合执法队伍。</p></td>
      <td rowspan="2">区司法局</td><td>区公安局<br>区市场监管局</td><td>2024年12月底</td></tr>
  <tr><td>2</td><td>规范涉企行政检查。</td><td>各街道办事处</td><td>长期坚持</td></tr>
</table>
<p>区人民政府办公室</p>
"""


def write(tmp_path: Path, html: str, encoding: str = "gb18030", name: str = "plan.html") -> Path:
    path = tmp_path / name
    path.write_bytes(html.encode(encoding))
    return path


def test_article_body_without_site_chrome(tmp_path: Path) -> None:
    document = read_html(write(tmp_path, page(PLAN_BODY)))
    assert document.format == "html"
    assert document.blocks == tuple(
        Line(text=text, page=None, line=number) for number, text in enumerate(PLAN_LINES, start=1)
    )


def test_task_table_keeps_spans_aligned(tmp_path: Path) -> None:
    document = read_html(write(tmp_path, page(TABLE_BODY)))
    assert [line.text for line in document.lines] == [TITLE, "附件", "区人民政府办公室"]
    (table,) = document.tables
    assert table == Table(rows=(
        ("序号", "重点任务", "牵头单位", "责任单位", "完成时限"),
        ("一、深化行政执法改革", MERGED, MERGED, MERGED, MERGED),
        ("1", "推进综合行政执法改革。\n整合执法队伍。", "区司法局", "区公安局\n区市场监管局", "2024年12月底"),
        ("2", "规范涉企行政检查。", MERGED, "各街道办事处", "长期坚持"),
    ), page=None, line=3, merges_known=True)
    assert raw_tasks_from_table(table) == [
        RawTask("1", "一", "深化行政执法改革", "推进综合行政执法改革。整合执法队伍。",
                (("牵头单位", "区司法局"), ("责任单位", "区公安局、区市场监管局"), ("完成时限", "2024年12月底")),
                None, 5),
        RawTask("2", "一", "深化行政执法改革", "规范涉企行政检查。",
                (("牵头单位", "区司法局"), ("责任单位", "各街道办事处"), ("完成时限", "长期坚持")), None, 6),
    ]


def test_rowspan_unit_reaches_both_tasks_but_a_blank_one_stays_blank(tmp_path: Path) -> None:
    """A 责任单位 spanning two rows belongs to both tasks; an empty cell is a defect to report, not inherited."""
    body = """
<table border="1">
  <tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>责任单位</th><th>完成时限</th></tr>
  <tr><td>1</td><td>推进综合行政执法改革。</td><td>区司法局</td><td rowspan="2">区公安局</td><td>2024年12月底</td></tr>
  <tr><td>2</td><td>规范涉企行政检查。</td><td>区市场监管局</td><td>长期坚持</td></tr>
  <tr><td>3</td><td>加强行政执法监督。</td><td>区司法局</td><td></td><td>2024年6月底</td></tr>
</table>
"""
    path = write(tmp_path, page(body))
    (table,) = read_html(path).tables
    assert [row[3] for row in table.rows[1:]] == ["区公安局", MERGED, ""]
    tasks = load_plan(path).tasks
    assert [(t.text, t.lead_units, t.responsible_units) for t in tasks] == [
        ("推进综合行政执法改革。", ("区司法局",), ("区公安局",)),
        ("规范涉企行政检查。", ("区市场监管局",), ("区公安局",)),
        ("加强行政执法监督。", ("区司法局",), ()),
    ]


def test_utf8_page_and_dispatch_by_content(tmp_path: Path) -> None:
    path = write(tmp_path, page(PLAN_BODY, charset="utf-8"), encoding="utf-8", name="plan.txt")
    assert [line.text for line in read_document(path).lines] == PLAN_LINES


def test_wrong_declared_charset_falls_back_to_detection(tmp_path: Path) -> None:
    """Pages re-saved as GBK often keep their old <meta charset=utf-8>."""
    path = write(tmp_path, page(PLAN_BODY, charset="utf-8"), encoding="gb18030")
    assert [line.text for line in read_html(path).lines] == PLAN_LINES


def test_old_layout_table_page_without_known_container(tmp_path: Path) -> None:
    """Older sites lay pages out with nested tables; the article is the cell densest in plain text."""
    paragraphs = "".join(f"<p>{i}.加强行政执法监督,开展行政执法案卷评查工作。</p>" for i in range(1, 4))
    html = f"""<html><head><meta charset="utf-8"><title>工作计划</title></head><body>
    <table><tr><td><table><tr><td><a href="/">首页</a></td><td><a href="/a">机构设置</a></td></tr></table></td></tr>
    <tr><td><table><tr>
      <td width="200"><a href="/b">通知公告</a><br><a href="/c">政策文件</a><br><a href="/d">政务服务</a></td>
      <td><b>清河县2024年法治政府建设工作要点</b>{paragraphs}</td>
    </tr></table></td></tr></table></body></html>"""
    document = read_html(write(tmp_path, html, encoding="utf-8"))
    assert [line.text for line in document.lines] == [
        "工作计划",
        "清河县2024年法治政府建设工作要点",
        "1.加强行政执法监督,开展行政执法案卷评查工作。",
        "2.加强行政执法监督,开展行政执法案卷评查工作。",
        "3.加强行政执法监督,开展行政执法案卷评查工作。",
    ]
    assert document.tables == ()


def test_mhtml_saved_by_browser(tmp_path: Path) -> None:
    message = EmailMessage()
    message["MIME-Version"] = "1.0"
    message["Subject"] = TITLE
    message.set_content(page(PLAN_BODY, charset="utf-8"), subtype="html", charset="utf-8", cte="quoted-printable")
    message.make_related()
    message.add_attachment(b"\x89PNG", maintype="image", subtype="png", filename="logo.png")
    path = tmp_path / "plan.mhtml"
    path.write_bytes(message.as_bytes())
    assert [line.text for line in read_html(path).lines] == PLAN_LINES


def test_page_without_text(tmp_path: Path) -> None:
    html = "<html><head><title></title></head><body><div class='nav'><a href='/'>首页</a></div></body></html>"
    with pytest.raises(PlanInputError, match="网页中没有找到正文"):
        read_html(write(tmp_path, html, encoding="utf-8"))


def test_table_built_from_divs_reads_as_flat_cells(tmp_path: Path) -> None:
    """Some CMSs draw tables with <div>s: one line per cell, rebuilt into rows by the flat-cell reader."""
    cells = ["序号", "重点任务", "牵头单位", "完成时限",
             "1", "推进综合行政执法改革,整合执法队伍。", "区司法局", "2024年12月底",
             "2", "规范涉企行政检查,推行非现场执法。", "区市场监管局", "长期坚持"]
    grid = "".join(f'<div class="cell">{cell}</div>' for cell in cells)
    document = read_html(write(tmp_path, page(f'<p>重点任务分工如下:</p><div class="grid">{grid}</div>')))
    lines = [line.text for line in document.lines]
    assert lines == [TITLE, "重点任务分工如下:", *cells]
    tasks = raw_tasks_from_flat_cells(lines)
    assert tasks is not None
    assert [(t.number, t.body, t.unit_fields) for t in tasks] == [
        ("1", "推进综合行政执法改革,整合执法队伍。", (("牵头单位", "区司法局"), ("完成时限", "2024年12月底"))),
        ("2", "规范涉企行政检查,推行非现场执法。", (("牵头单位", "区市场监管局"), ("完成时限", "长期坚持"))),
    ]
