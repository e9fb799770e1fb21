"""Realistic synthetic filings for benchmarks: IR records of about 10 KB (UTF-8), built from the shapes
real records take — a header, discussion without dates (most of the text), results with past dates,
and Q&A whose answers now and then make a dated promise — seeded and repeatable. The mix follows the
real 300253 record: a few dated promises and a few dozen dates per record."""
from __future__ import annotations

import random

HEADER = """证券代码：{code}    证券简称：{name}
{name}股份有限公司
投资者关系活动记录表
编号：{year}-0{n}
投资者关系活动类别	□特定对象调研 √业绩说明会 □路演活动
参与单位名称及人员姓名	{orgs}
时间	{year}年{month}月{day}日 15:00-16:30
地点	电话会议
上市公司接待人员姓名	董事长、董事会秘书、财务总监
投资者关系活动主要内容介绍
"""
FACTS = [
    "{year}年，公司实现营业收入{a}.{b}亿元，同比增长{c}.{d}%；归属于上市公司股东的净利润{e}.{b}亿元。",
    "报告期内，公司研发投入{e}.{d}亿元，占营业收入的{c}.{b}%，新增发明专利{a}项。",
    "截至{year}年{month}月末，公司在手订单金额约{a}亿元，较年初增长{c}%。",
    "公司持续加强应收账款管理，经营活动产生的现金流量净额同比增长{c}.{d}%。",
    "受下游需求波动影响，第一季度毛利率较上年同期下降{d}.{b}个百分点。",
]
QUESTIONS = [
    "问：公司今年是否有新产品发布？",
    "问：募投项目的建设进度如何？",
    "问：公司是否有回购或增持计划？",
    "问：可转债的转股价格会向下修正吗？",
    "问：公司海外业务的进展如何？",
    "问：新产能什么时候能够投产？",
]
ANSWERS = [
    "答：公司将于{month2}月{day}日举办新品发布会，发布新一代{product}产品，请关注公司公告。",
    "答：募投项目目前进展顺利，预计{year}年底前达到预定可使用状态。",
    "答：目前暂无相关计划。若后续有回购或增持安排，公司将及时履行信息披露义务。",
    "答：董事会已审议决定，在{year}年{month2}月底前不向下修正转股价格。",
    "答：公司海外收入占比逐步提升，后续将择机拓展东南亚市场。",
    "答：新建产线预计{year2}年上半年建成投产，届时产能将提升至{a}万吨。",
    "答：公司计划自董事会审议通过之日起12个月内完成回购，回购资金总额不低于人民币{a}千万元。",
    "答：公司将持续关注行业整合机会，如有相关计划将及时公告。",
]
NARRATIVE = [
    "公司持续聚焦核心主业，围绕客户需求推进产品迭代，整体交付效率逐步提升。",
    "在行业需求逐步恢复的背景下，公司加大了重点区域的市场拓展力度，新签合同数量有所增加。",
    "公司的核心产品已在多个省市的重点客户中落地应用，客户满意度保持在较高水平。",
    "关于行业竞争格局，公司认为头部企业的优势在于技术积累和交付能力，中小厂商的生存空间受到挤压。",
    "公司高度重视研发投入，持续完善研发管理体系，核心技术人员保持稳定。",
    "公司与高校及科研院所保持长期合作，共同推进前沿技术的转化和应用。",
    "成本方面，公司通过集中采购和精益生产等措施有效控制了原材料成本的上涨。",
    "公司坚持稳健的财务政策，资产负债结构合理，现金流状况良好。",
    "答：感谢您的关注。公司将继续做好经营管理工作，努力提升经营业绩，回报广大投资者。",
    "答：具体情况请以公司在指定信息披露媒体披露的公告为准。",
    "问：请介绍一下公司在人工智能领域的布局。",
    "答：公司在人工智能领域已有多年积累，相关产品已在多个业务场景中应用，并与核心产品深度融合。",
    "问：公司如何看待行业的长期发展空间？",
    "答：随着数字化转型的深入推进，行业仍有较大的发展空间，公司将积极把握市场机遇。",
]
ORGS = "、".join(["中信证券", "中金公司", "华泰证券", "国泰君安", "招商证券", "广发证券", "易方达基金", "南方基金"] * 3)


def ir_record(rng: random.Random, target_chars: int = 3_500) -> tuple[str, str]:
    year = rng.choice([2023, 2024, 2025])
    month = rng.randint(1, 10)
    values = {"code": f"{rng.randint(300000, 301999)}", "name": rng.choice(["甲乙科技", "丙丁医疗", "戊己新材"]),
              "year": year, "year2": year + 1, "month": month, "month2": month + rng.randint(1, 2),
              "day": rng.randint(1, 28), "n": rng.randint(1, 9), "orgs": ORGS,
              "product": rng.choice(["AI", "医疗", "储能"])}
    parts = [HEADER.format(**values)]
    while sum(len(p) for p in parts) < target_chars:
        numbers = {k: rng.randint(1, 99) for k in "abcde"}
        roll = rng.random()
        if roll < 0.70:  # most of a record is discussion without dates
            parts.append(rng.choice(NARRATIVE))
        elif roll < 0.85:
            parts.append(rng.choice(FACTS).format(**values, **numbers))
        else:
            parts.append(rng.choice(QUESTIONS))
            parts.append(rng.choice(ANSWERS).format(**values, **numbers))
    parts.append(f"日期	{year}年{month}月{values['day']}日")
    return "\n".join(parts), f"{year}-{month:02d}-{values['day']:02d}"


def ir_records(count: int, seed: int = 7) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    return [ir_record(rng) for _ in range(count)]
