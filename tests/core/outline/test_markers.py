"""Marker recognition and title cutting, one spelling per row."""

from __future__ import annotations

import pytest

from newsreader.core.outline.markers import Family, chinese_number, match_marker
from newsreader.core.outline.titles import comparable, cut_title, tidy_title

MARKERS = [
    ("一、总体要求", Family.CN, "一、", 1),
    ("十二、附则", Family.CN, "十二、", 12),
    ("（一）指导思想", Family.CN_PAREN, "（一）", 1),
    ("(三)规范收费", Family.CN_PAREN, "(三)", 3),
    ("（ 二 ）加强", Family.CN_PAREN, "（ 二 ）", 2),
    ("1.坚持", Family.NUM, "1.", 1),
    ("2．坚持", Family.NUM, "2．", 2),
    ("3、坚持", Family.NUM, "3、", 3),
    ("4。坚持", Family.NUM, "4。", 4),
    ("１．全角数字", Family.NUM, "１．", 1),
    ("（1）支持", Family.NUM_PAREN, "（1）", 1),
    ("(12)支持", Family.NUM_PAREN, "(12)", 12),
    ("⑵支持", Family.CIRCLED, "⑵", 2),
    ("③推动", Family.CIRCLED, "③", 3),
    ("A.链长单位", Family.UPPER, "A.", 1),
    ("b.每季度", Family.LOWER, "b.", 2),
    ("3)工业软件", Family.HALF_PAREN, "3)", 3),
    ("——实施", Family.DASH, "——", None),
    ("第一编　总则", Family.BIAN, "第一编", 1),
    ("第十二章 附则", Family.ZHANG, "第十二章", 12),
    ("第二节志愿者", Family.JIE, "第二节", 2),
    ("第一百零五条　本法", Family.TIAO, "第一百零五条", 105),
    ("第一千零三十七条　合同", Family.TIAO, "第一千零三十七条", 1037),
    ("第二千三百四十五条 附则", Family.TIAO, "第二千三百四十五条", 2345),
    ("第3条 本办法", Family.TIAO, "第3条", 3),
    ("1 总则", Family.DEC1, "1", 1),
    ("1.2 编制依据", Family.DEC2, "1.2", 2),
    ("1.2编制依据", Family.DEC2, "1.2", 2),
    ("3.1.2 工程信息", Family.DEC3, "3.1.2", 2),
    ("2.1.1.4 细则", Family.DEC4, "2.1.1.4", 4),
    ("\u3000\u3000一、缩进", Family.CN, "一、", 1),
    ("壹、總則", Family.TW, "壹、", 1),
    ("(一)、教師：指專任教師", Family.CN_PAREN, "(一)、", 1),
    ("第一條　本辦法", Family.TIAO, "第一條", 1),
    ("第二節 組織", Family.JIE, "第二節", 2),
    ("第三編 附則", Family.BIAN, "第三編", 3),
    # Taiwan's inserted articles and chapters: the 之 number is part of the marker.
    ("第4條之1", Family.TIAO, "第4條之1", 4),
    ("第四條之二　學生法官", Family.TIAO, "第四條之二", 4),
    ("第20條之1（諮詢之容許）", Family.TIAO, "第20條之1", 20),
    ("第二章之一 顧問之諮詢", Family.ZHANG, "第二章之一", 2),
    ("第二章之一顧問之諮詢", Family.ZHANG, "第二章之一", 2),
    ("貳、計畫目標", Family.TW, "貳、", 2),
    ("叁、实施步骤", Family.TW, "叁、", 3),
    ("拾壹、附則", Family.TW, "拾壹、", 11),
    ("1.2\u3000编制依据", Family.DEC2, "1.2", 2),
    ("1.2\xa0工作原则", Family.DEC2, "1.2", 2),
    ("2.3 1万户以上", None, None, None),
    ("3.2.1年度目标", Family.DEC3, "3.2.1", 1),
    ("4.1.2%以内的偏差", Family.DEC3, "4.1.2", 2),
    ("1.5 亿元以上项目", Family.DEC2, "1.5", 5),
    # After a real marker a year or a clock time is title text (rule 3).
    ("3、2031年某某博览会将举办", Family.NUM, "3、", 3),
    ("1、9:30，某国公布数据", Family.NUM, "1、", 1),
    ("2、21：05，某会议开幕", Family.NUM, "2、", 2),
    ("8、8月11日晚间，某某公告", Family.NUM, "8、", 8),  # no list of months goes 8, 8
    ("12、3月1日起施行", Family.NUM, "12、", 12),
]


@pytest.mark.parametrize(("text", "family", "marker", "value"), MARKERS)
def test_marker_family_spelling_and_value(
    text: str, family: Family | None, marker: str | None, value: int | None
) -> None:
    found = match_marker(text)
    if family is None:
        assert found is None
        return
    assert found is not None
    assert (found.family, found.text, found.value) == (family, marker, value)
    assert text[found.start : found.start + len(found.text)] == marker


NOT_MARKERS = [
    "2025年全市经济",
    "27.32%，是比重",
    "1.5亿元投资",
    "1.2万户",
    "3.5%的增速",
    "0.5倍",
    "壹万元整",
    "参加会议",
    "18：00后",
    "2个月后",
    "1、2月份，全市产值增长",
    "2、3号楼停水",
    "7、8月份全市产值",
    "1、20245年",
    "4、12:305",
    "3.2031年",
    "3 月 5 日",
    "1 总则，并且这一行是一整句话。",
    "一是加强领导",
    "一方面",
    "一、二级响应",
    "第一，加强领导",
    "第二节课上，老师讲了新内容。",
    "第一条建议是",
    "第五条之规定办理",
    "第三条之一的规定",
    "第20條（諮詢）學生法院",  # a caption glued to a plain article number: rule 10 decides
    "(二)、(三)项",
    "（二）项所列",
    "(一)至(三)",
    "（一）、（二）两项",
    "(二)項所列",
    "A.I. is",
    "e.g. this",
    "为深入贯彻",
    "",
    "   ",
]


@pytest.mark.parametrize("text", NOT_MARKERS)
def test_look_alikes_are_not_markers(text: str) -> None:
    assert match_marker(text) is None


def test_project_management_title_is_not_a_cross_reference() -> None:
    found = match_marker("（三）项目管理")
    assert found is not None and found.family is Family.CN_PAREN


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("一百零五", 105),
        ("12", 12),
        ("貳", 2),
        ("拾參", 13),
        ("贰拾", 20),
    ],
)
def test_chinese_number(numeral: str, value: int) -> None:
    assert chinese_number(numeral) == value


CUTS = [
    ("强化组织领导。成立专班。", "强化组织领导", 7),
    ("推进“放管服：改革”；其余", "推进“放管服：改革”", 11),
    ("学习《决定：全文》！然后", "学习《决定：全文》", 10),
    ("依据（试行；修订）执行：如下", "依据（试行；修订）执行", 12),
    ("没有标点的标题", "没有标点的标题", 7),
    ("结尾逗号，、", "结尾逗号", 6),
    ("引号未闭合“一直到底。后文", "引号未闭合“一直到底", 11),
    ("Keep going! More", "Keep going", 11),
    # A colon between two digits is a time or a ratio, not a cut (rule 2).
    ("会议于9:30开始。随后", "会议于9:30开始", 10),
    ("晚上20：15闭幕；其余", "晚上20：15闭幕", 10),
    ("比分3:1（加时）收场。后文", "比分3:1（加时）收场", 12),
    ("时间:上午", "时间", 3),
    ("截至12:", "截至12", 5),
]


@pytest.mark.parametrize(("text", "title", "end"), CUTS)
def test_cut_title_at_first_sentence_outside_brackets(text: str, title: str, end: int) -> None:
    assert cut_title(text, 0) == (title, end)


def test_cut_title_from_an_offset() -> None:
    assert cut_title("(一)政治引领。党建。", 3) == ("政治引领", 8)


@pytest.mark.parametrize(
    ("raw", "tidy"),
    [
        ("总  则", "总则"),
        ("总\u3000\u3000则。", "总则"),
        ("Front  matter fields", "Front matter fields"),
        ("RCEP 生效", "RCEP 生效"),
        ("  附则；", "附则"),
    ],
)
def test_tidy_title(raw: str, tidy: str) -> None:
    assert tidy_title(raw) == tidy


def test_comparable_ignores_width_and_spaces() -> None:
    assert comparable("规划（纲要） ") == comparable("规划(纲要)")
