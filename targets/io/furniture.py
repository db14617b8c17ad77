"""
Lines that are never tasks: the opening and closing words of a report
delivered to the congress, the signature, date and document number of a
notice, its list of attachments and its contact line, the metadata and the
buttons a government website prints around a document, and the lines of a
forum or news page around a reprint.
"""

from __future__ import annotations

import re

from .tables import split_cells

# Dates written in Chinese numerals: 二〇〇八年二月二十六日, 二OO八年… (an O for 〇).
_CN_DIGIT = "〇○OＯ零一二三四五六七八九十"
_CN_DATE = rf"[{_CN_DIGIT}]{{4}}年[{_CN_DIGIT}]{{1,2}}月[{_CN_DIGIT}]{{1,3}}日"

# Lines that open or close a report delivered to the congress, or sign a notice.
_FURNITURE = re.compile(
    r"^(?:各位代表|现在,?我代表|请予审议|请各位政协委员|以上报告"
    r"|[-—–]+\s*(?:\d{4}年|在)"  # ——2024年1月9日在…会议上
    r"|\(?\d{4}年\d{1,2}月\d{1,2}日(?:在.{0,40}(?:会议|大会)上)?\)?$"  # a date alone
    rf"|\(?{_CN_DATE}\)?$"  # (二OO八年二月二十六日)
    r"|\(此件.{0,10}\)$"  # (此件公开发布)
    r"|(?:特此|此)通知$"
    r"|现将.{0,80}(?:印发|下达)给你们"  # the notice's one sentence: what it issues, to whom
    r"|附件\s*\d*\s*(?:[::].*)?$"  # 附件 / 附件:2023年…分解表 (the list of attachments)
    r"|\(?联系人[::]"  # (联系人:某某,联系电话:…)
    r"|[\u4e00-\u9fff]{1,8}\s*〔\d{4}〕\d+号$"  # 郧政发〔2023〕5号
    # 区长 王某某, 洪山区人民政府代区长 王某某
    r"|(?:.{0,20}?人民政府|.{0,12}?政府)?(?:代理?|副)?(?:区长|市长|县长|省长|镇长|乡长)\s*[\u4e00-\u9fff·]{2,4}$"
    r"|[\u4e00-\u9fff]{2,24}(?:人民政府|办公室|办公厅)$"  # 蔡甸区人民政府办公室
    r")"
)
# The metadata a government website prints above a document.
_METADATA = (
    "索引号",
    "标题|",
    "标题:",
    "名称:",
    "名称|",
    "公开日期",
    "公开方式",
    "公开范围",
    "公开时限",
    "组配分类",
    "信息分类",
    "文件类型",
    "文件编号",
    "发文单位",
    "发文字号",
    "效力状态",
    "生效日期",
    "成文日期",
    "生成日期",
    "发文日期",
    "发布日期",
    "发布时间",
    "发布机构",
    "发布单位",
    "发文机关",
    "文号",
    "发布文号",
    "主题分类",
    "体裁分类",
    "有效性",
    "有效性状态",
    "来源:",
    "信息来源",
    "字号:",
    "【字体",
    "字体:",
    "点击量",
    "浏览量",
    "浏览次数",
    "阅读次数",
    "政策咨询",
    "核心提示",
)
# The buttons and the path a government or news site prints around a page, and a
# forum's header lines.
_SITE_CHROME = re.compile(
    r"^(?:无障碍|长者模式|长辈版|设为首页|加入收藏|返\s*回$|所在位置|您现在的位置|你现在的位置|当前位置"
    r"|首页\s*>|>\s*\S|打印本页|\[打印本页\]|用微信扫描|扫一扫|分享到|本帖最后由|标题:|作者:"
    r"|时间:\s*\d{4}|\S{0,12}网\s*-\s*\S{0,12}门户网站)"
)


def is_furniture(text: str) -> bool:
    """A line of the report's or notice's opening and closing, or of the page around it."""
    if _FURNITURE.match(text) or _SITE_CHROME.match(text.lstrip("•·- \t")):
        return True
    bare = text.replace(" ", "").lstrip("•·-[").replace("]", "")
    if bare.startswith(_METADATA):
        return True
    if "|" not in text and "\t" not in text:
        return False
    cells = split_cells(text)
    # "索引号 | 000330185/2022-83945 | 公开方式 | 主动公开 |": the metadata as a table row.
    return bool(cells) and "".join(cells[0].split()).strip("[]:") in _METADATA_WORDS


_METADATA_WORDS = frozenset(word.strip("|:【") for word in _METADATA)
