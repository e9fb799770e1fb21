"""A same-length normalised view of a text, so matches map back to verbatim quotes.

Every character maps to exactly one character: full-width forms become ASCII, common traditional
characters become simplified ones, and the pinyin glosses some mirrors insert (經(jīng)濟) become
spaces, which every pattern already tolerates. Offsets into the view are offsets into the original.
"""
from __future__ import annotations

import re

# Traditional → simplified for the characters that carry dates, quantities and commitment verbs.
_T2S = str.maketrans(
    "個內於預計劃擬開產將實現達後與範設項進時間屆滿購減為億萬噸會議審議通過東資關係發佈佈"
    "積極務團現營業績額權證據據間隊質約數據準備總獲續較應對這還當從來對時們讓說話問題答復覆"
    "認為務態續響戶層級體亞區後號億萬噸鋰電廠車產線設備調試驗收試運轉規劃劃擴張儲能電池組負極"
    "項目標準確認證傳統專業幣價錢買賣額輸運氣壓動壓縮機場園區國際樓層單貨漲跌幅圖彙報導師"
    "屬實於暫無沒準確認轉債修正贖回減持董監高層級啟動們這那邊裡裏時後會長門聞記錄錄資訊",
    "个内于预计划拟开产将实现达后与范设项进时间届满购减为亿万吨会议审议通过东资关系发布布"
    "积极务团现营业绩额权证据据间队质约数据准备总获续较应对这还当从来对时们让说话问题答复复"
    "认为务态续响户层级体亚区后号亿万吨锂电厂车产线设备调试验收试运转规划划扩张储能电池组负极"
    "项目标准确认证传统专业币价钱买卖额输运气压动压缩机场园区国际楼层单货涨跌幅图汇报导师"
    "属实于暂无没准确认转债修正赎回减持董监高层级启动们这那边里里时后会长门闻记录录资讯",
)
_T2S_MORE = str.maketrans(
    "兩週舉辦條簽訂協並執嗎麼請終遲據臺灣廣貫稱顯錶壞歸屬務況幾啓鎖",
    "两周举办条签订协并执吗么请终迟据台湾广贯称显表坏归属务况几启锁",
)
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_PINYIN_GLOSS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}\)")


_TABLE = {k: chr(v) for k, v in {**_T2S, **_T2S_MORE, **_FULLWIDTH}.items() if k != v}
# Most filings need few or none of these replacements: find them with one character class
# (a C loop) rather than looking every character up in a dict.
_MAPPED = re.compile("[" + "".join(re.escape(chr(k)) for k in sorted(_TABLE)) + "]")


def normalize(text: str) -> str:
    """Return a view of `text` of the same length that the patterns can read."""
    view = _MAPPED.sub(lambda m: _TABLE[ord(m.group(0))], text)
    if "(" in view:
        view = _PINYIN_GLOSS.sub(lambda m: " " * len(m.group(0)), view)
    assert len(view) == len(text)
    return view
