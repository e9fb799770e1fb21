"""Periodic reports built for the tests and benchmarks: real PDFs (reportlab, its built-in CJK font) with a
commitments table in either exchange's layout among as many pages of other matter as asked for."""
from __future__ import annotations

import io

SZSE_HEADER = ["承诺事由", "承诺方", "承诺类型", "承诺内容", "承诺时间", "承诺期限", "履行情况"]
SSE_HEADER = ["承诺背景", "承诺类型", "承诺方", "承诺内容", "承诺时间及期限", "是否有履行期限", "是否及时严格履行"]

SZSE_ROWS = [
    ["首次公开发行或再融资时所作承诺", "控股股东青岚集团有限公司", "股份限售承诺",
     "自公司股票上市之日起36个月内，不转让或者委托他人管理其直接或间接持有的公司首次公开发行股票前已发行的股份。",
     "2021年06月08日", "2021.06.08-2024.06.07", "正常履行中"],
    ["资产重组时所作承诺", "交易对方甲乙投资合伙企业（有限合伙）", "业绩承诺及补偿安排",
     "标的公司2023年度、2024年度、2025年度的净利润分别不低于5,000万元、6,000万元、7,000万元。",
     "2023年03月10日", "2023.01.01-2025.12.31", "正在履行中"],
    ["首次公开发行或再融资时所作承诺", "控股股东青岚集团有限公司、实际控制人王某", "关于同业竞争方面的承诺",
     "本公司及本公司控制的其他企业不从事与公司相同或相似的业务。", "2021年06月08日", "长期", "正常履行中"],
    ["其他对公司中小股东所作承诺", "公司控股股东", "不减持股票",
     "自公告之日起二十四个月内不减持其所持有的公司股份。", "2022年03月09日", "2024年3月8日", "已履行完毕"],
]
SSE_ROWS = [
    ["与首次公开发行相关的承诺", "股份限售", "控股股东远澜控股集团有限公司",
     "自公司股票上市之日起三十六个月内，不转让或者委托他人管理本公司直接或者间接持有的公司公开发行股票前已发行的股份。",
     "2022年7月15日；自上市之日起36个月", "是", "是"],
    ["与首次公开发行相关的承诺", "解决同业竞争", "实际控制人李某",
     "本人及本人控制的企业将不会从事与公司构成竞争的业务。", "2022年7月15日；长期", "否", "是"],
]


def _cjk() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def report_pdf(header: list[str], rows: list[list[str]], pages_before: int = 2, pages_after: int = 1,
               listed: str | None = "2021年6月8日", not_applicable: bool = False, filler_lines: int = 1) -> bytes:
    """An annual report: a profile page (its listing day), filler pages, the 承诺事项履行情况 table, more pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    font = _cjk()
    style = ParagraphStyle("cjk", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=font, fontSize=7, leading=9, wordWrap="CJK")
    story: list[object] = [Paragraph("证券代码：688901 证券简称：青岚材料", style),
                           Paragraph("青岚材料股份有限公司2025年年度报告", style)]
    if listed:
        story.append(Paragraph(f"公司股票上市日期：{listed}", style))
    filler = "报告期内公司实现营业收入稳步增长，研发投入持续加大，经营活动现金流量净额同比改善。"
    for n in range(pages_before):
        story += [PageBreak(), Paragraph(f"第{n + 2}页 经营情况讨论与分析。", style),
                  *(Paragraph(filler, style) for _ in range(filler_lines - 1))]
    story += [PageBreak(), Paragraph("第六节 重要事项", style), Paragraph("一、承诺事项履行情况", style),
              Paragraph("1、公司实际控制人、股东、关联方、收购人以及公司等承诺相关方在报告期内履行完毕及截至报告期末尚未履行"
                        "完毕的承诺事项", style)]
    if not_applicable:
        story.append(Paragraph("□适用 √不适用", style))
    else:
        story.append(Paragraph("√适用 □不适用", style))
        data = [[Paragraph(c, cell) for c in header], *([Paragraph(c, cell) for c in row] for row in rows)]
        widths = [62, 70, 52, 150, 58, 58, 50][:len(header)]
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        story += [table, Paragraph("承诺是否按时履行 是", style)]
    story.append(Paragraph("2、公司资产或项目存在盈利预测，且报告期仍处在盈利预测期间 □适用 √不适用", style))
    for n in range(pages_after):
        story += [PageBreak(), Paragraph(f"财务报告第{n + 1}页。", style),
                  *(Paragraph(filler, style) for _ in range(filler_lines - 1))]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()
