"""docs/OUTLINE.md rule by rule, on small documents written for each case."""

from __future__ import annotations

import pytest

from newsreader.core.document.model import Block, BlockKind
from newsreader.core.outline.build import build_outline, iter_nodes
from newsreader.core.outline.candidates import turn_label
from tests.core.outline.helpers import heading, paragraphs, tree


def outline_lines(*texts: str, title: str = "") -> list[str]:
    return tree(build_outline(paragraphs(*texts), title))


# Rule 1: levels by order of appearance --------------------------------------------------


def test_notice_with_forwarded_plan() -> None:
    lines = outline_lines(
        "**常州市人民政府关于印发《城市更新行动方案》的通知**",
        "常政发〔2022〕5号",
        "各辖市、区人民政府，市各委办局：",
        "现将《城市更新行动方案》印发给你们，请认真贯彻执行。",
        "**常州市人民政府**",
        "2022年3月1日",
        "**城市更新行动方案**",
        "为推进城市更新，制定本方案。",
        "一、总体要求",
        "（一）指导思想。坚持以人民为中心。",
        "二、重点任务",
        "（一）推进老旧小区改造。",
        "1.完善基础设施。改造管线。",
        "（文章来源：常州日报）",
        title="关于印发城市更新行动方案的通知",
    )
    assert lines == [
        "一、 总体要求",
        "  （一） 指导思想",
        "二、 重点任务",
        "  （一） 推进老旧小区改造",
        "    1. 完善基础设施",
    ]


def test_law_with_chapters_sections_articles_and_items() -> None:
    lines = outline_lines(
        "第一章　总  则",
        "第一条　为了规范管理，制定本条例。",
        "第二条　本条例适用于下列事项：",
        "（一）社区服务；",
        "（二）志愿服务。",
        "第二章　组织",
        "第一节　志愿服务组织",
        "第三条　组织应当依法登记。",
        "第二节　志愿者",
        "第四条　志愿者享有权利。",
        "第三章　附  则",
        "第五条　本条例自2022年3月1日起施行。",
    )
    assert lines == [
        "第一章 总则",
        "  第一条 为了规范管理，制定本条例",
        "  第二条 本条例适用于下列事项",
        "    （一） 社区服务",
        "    （二） 志愿服务",
        "第二章 组织",
        "  第一节 志愿服务组织",
        "    第三条 组织应当依法登记",
        "  第二节 志愿者",
        "    第四条 志愿者享有权利",
        "第三章 附则",
        "  第五条 本条例自2022年3月1日起施行",
    ]


def test_law_chapter_items_levels_follow_appearance() -> None:
    nodes = build_outline(paragraphs("第一章 总则", "一、目的", "（一）范围"))
    assert [nodes[0].level, nodes[0].children[0].level] == [1, 2]
    assert nodes[0].children[0].children[0].level == 3


def test_emergency_plan_with_contents_and_decimals() -> None:
    lines = outline_lines(
        "目  录",
        "1 总则",
        "1.1 编制目的",
        "1.2 编制依据",
        "2 组织体系",
        "1 总则",
        "1.1 编制目的",
        "做好防汛工作。",
        "1.2 编制依据",
        "1.2.1 法律法规",
        "依据有关法律。",
        "2 组织体系",
        "2.1 指挥部",
        "市政府设立指挥部。",
    )
    assert lines == [
        "1 总则",
        "  1.1 编制目的",
        "  1.2 编制依据",
        "    1.2.1 法律法规",
        "2 组织体系",
        "  2.1 指挥部",
    ]


def test_contents_with_page_numbers_and_leaders() -> None:
    lines = outline_lines(
        "一、总则……………………1",
        "二、组织体系 ........ 3",
        "三、附则 5",
        "一、总则",
        "正文。",
        "二、组织体系",
        "三、附则",
    )
    assert lines == ["一、 总则", "二、 组织体系", "三、 附则"]


def test_contents_repeated_without_title_line() -> None:
    texts = ["（一）总体要求", "（二）重点任务", "（三）保障措施"]
    lines = outline_lines(*texts, *[t for text in texts for t in (text, "正文。")])
    assert lines == ["（一） 总体要求", "（二） 重点任务", "（三） 保障措施"]
    nodes = build_outline(paragraphs(*texts, *[t for text in texts for t in (text, "正文。")]))
    assert [n.block for n in nodes] == [3, 5, 7]


def test_markdown_headings_with_numbered_paragraphs_below() -> None:
    blocks = (
        heading(2, "工作目标"),
        *paragraphs("一、总体目标", "（一）近期目标"),
        heading(3, "细化任务"),
        heading(2, "保障措施"),
        *paragraphs("一、组织保障"),
    )
    lines = tree(build_outline(blocks))
    assert lines == [
        "工作目标",
        "  一、 总体目标",
        "    （一） 近期目标",
        "  细化任务",
        "保障措施",
        "  一、 组织保障",
    ]
    levels = [n.level for n in build_outline(blocks)]
    assert levels == [1, 1]  # the shallowest heading in the body is level 1


def test_a_skipped_heading_rank_is_no_skipped_level() -> None:
    blocks = (heading(1, "甲"), heading(3, "乙"), heading(2, "丙"), heading(1, "丁"))
    nodes = build_outline(blocks)
    assert [(n.title, n.level) for n in nodes[0].children] == [("乙", 2), ("丙", 2)]


def test_headings_before_the_shallowest_rank_start_at_level_1() -> None:
    """An author's ``## 科目一``, ``## 科目二`` before ``# 科目三``: five subjects, siblings."""
    blocks = (
        heading(2, "科目一"),
        heading(3, "考试要求"),
        heading(2, "科目二"),
        heading(1, "科目三"),
        heading(3, "考试要求"),
    )
    assert tree(build_outline(blocks)) == ["科目一", "  考试要求", "科目二", "科目三", "  考试要求"]
    assert [n.level for n in iter_nodes(build_outline(blocks))] == [1, 2, 1, 1, 2]


def test_a_deeper_tag_after_a_ladder_heading_goes_under_it() -> None:
    """``<h3>1.4 分级</h3>`` ranks as a decimal; the ``<h4>`` after it is still its child."""
    blocks = (
        heading(2, "1、总则"),
        heading(3, "1.1 编制目的"),
        heading(3, "1.4 事件分级"),
        heading(4, "(1)特别重大事件"),
    )
    assert tree(build_outline(blocks)) == [
        "1、 总则",
        "  1.1 编制目的",
        "  1.4 事件分级",
        "    (1) 特别重大事件",
    ]


def test_explicit_heading_equal_to_post_title_is_dropped() -> None:
    blocks = (heading(1, "Reading news"), heading(2, "Posts"), heading(2, "Dates"))
    nodes = build_outline(blocks, "Reading news")
    assert [(n.title, n.level) for n in nodes] == [("Posts", 1), ("Dates", 1)]


def test_bold_labels_are_the_only_headings() -> None:
    lines = outline_lines(
        "本报讯 记者从市体育局获悉，赛事将于4月开跑。",
        "**赛道：串起城市风景线**",
        "赛道沿运河延伸。",
        "**关税减让加速释放红利。**企业负责人算了一笔账。",
        "**报名：**实行抽签。",
    )
    assert lines == ["赛道", "关税减让加速释放红利", "报名"]


def test_bold_lead_in_of_several_clauses_is_a_heading() -> None:
    lines = outline_lines("**坚持创新驱动，加快转型升级。**各地要加大投入。")
    assert lines == ["坚持创新驱动，加快转型升级"]


def test_bold_lead_end_is_after_the_lead() -> None:
    node = build_outline(paragraphs("**关税减让加速释放红利。**企业负责人算了一笔账。"))[0]
    assert node.end == len("关税减让加速释放红利。")


@pytest.mark.parametrize(
    "texts",
    [
        ["**问：**你怎么看？", "**答：**很好。"],
        ["**张三：**第一句话。", "**李四：**第二句话。", "**张三：**第三句话。"],
        ["**各地要高度重视这项工作，切实加强组织领导，确保各项任务落到实处，取得实效。**"],
        ["**2025年目标**"],
        ["**一是加强领导。**各地要成立专班。"],
        ["**常政发〔2022〕5号**"],
        ["**（文章来源：常州日报）**"],
        ["**GPS:** N24 39 16", "**电话：**0000-1234567", "**地点：**市民广场"],
        ["**GPS: N24 39 16**", "**E-mail：someone@example.org**"],
        ["**通知类型：**校内通知", "**发布时间：**2024-01-04", "**浏览次数：**120"],
        ["**某刊：您怎么看这件事？**", "他说很好。", "**某刊：后来呢？**", "后来也好。"],
        ["**“**", "引文一段。", "**”**", "**——**", "**。**"],
    ],
)
def test_bold_that_is_not_a_heading(texts: list[str]) -> None:
    assert outline_lines(*texts) == []


def test_document_starting_at_bracketed_numbers() -> None:
    lines = outline_lines(
        "现提出如下措施。", "（一）强化组织领导。成立专班。", "（二）压减审批时限。"
    )
    assert lines == ["（一） 强化组织领导", "（二） 压减审批时限"]


def test_document_starting_at_arabic_numbers() -> None:
    lines = outline_lines("1.坚持质量第一。", "（1）加强监管", "2.坚持标准引领。")
    assert lines == ["1. 坚持质量第一", "  （1） 加强监管", "2. 坚持标准引领"]


def test_level_skip_then_missing_level_returns() -> None:
    lines = outline_lines("一、甲", "（一）乙", "1.丙", "二、丁", "1.戊", "（一）己", "1.庚")
    assert lines == [
        "一、 甲",
        "  （一） 乙",
        "    1. 丙",
        "二、 丁",
        "  1. 戊",  # skipped level: 1. directly under 二、
        "  （一） 己",  # （一） was seen above 1., so it closes the 1. list
        "    1. 庚",
    ]


def test_a_family_seen_before_does_not_reopen_under_a_lower_rung() -> None:
    blocks = (
        heading(2, "起因"),
        *paragraphs("一、背景", "二、经过"),
        heading(2, "分析"),
        *paragraphs("1、甲说", "2、乙说", "一、问题在哪", "二、怎么办"),
    )
    assert tree(build_outline(blocks)) == [
        "起因",
        "  一、 背景",
        "  二、 经过",
        "分析",
        "  1、 甲说",
        "  2、 乙说",
        "  一、 问题在哪",  # beside the 1、 items, not under 2、
        "  二、 怎么办",
    ]


def test_a_family_once_seen_under_a_lower_rung_may_go_there_again() -> None:
    lines = outline_lines("1.甲", "一、子", "2.乙", "（一）丑", "一、寅")
    assert lines == ["1. 甲", "  一、 子", "2. 乙", "  （一） 丑", "  一、 寅"]


def test_a_lower_rung_under_a_higher_one_still_nests() -> None:
    lines = outline_lines("一、甲", "（一）乙", "1.丙", "二、丁", "（一）戊", "1.己")
    assert lines[-1] == "    1. 己"


def test_numbering_restarts_under_each_parent_and_continues_across_sections() -> None:
    restart = outline_lines("一、甲", "1.子", "2.丑", "二、乙", "1.寅")
    assert restart == ["一、 甲", "  1. 子", "  2. 丑", "二、 乙", "  1. 寅"]
    running = outline_lines("一、甲", "1．子", "2．丑", "二、乙", "3．寅", "4．卯")
    assert running == ["一、 甲", "  1． 子", "  2． 丑", "二、 乙", "  3． 寅", "  4． 卯"]


@pytest.mark.parametrize(
    ("first", "second"),
    [("(一)", "（二）"), ("（一）", "(二)"), ("1.", "2、"), ("1．", "2。"), ("(1)", "（2）")],
)
def test_variants_of_one_family_are_siblings(first: str, second: str) -> None:
    lines = outline_lines("一、总体要求", f"{first}甲", f"{second}乙")
    assert lines == ["一、 总体要求", f"  {first} 甲", f"  {second} 乙"]


def test_dash_items_are_leaves_and_never_open_a_level() -> None:
    lines = outline_lines(
        "（一）实施品牌工程", "——优化体系。", "——提升效应。", "（二）实施人才工程"
    )
    assert lines == ["（一） 实施品牌工程", "  —— 优化体系", "  —— 提升效应", "（二） 实施人才工程"]


def test_dash_before_any_heading_is_body_text() -> None:
    assert outline_lines("——记常州科技工作者", "正文。") == []


def test_numbers_going_backwards_are_not_siblings() -> None:
    lines = outline_lines("（一）甲", "（二）乙", "（三）丙", "（二）丁")
    assert lines == ["（一） 甲", "（二） 乙", "（三） 丙"]


def test_first_number_of_a_family_must_be_small() -> None:
    assert outline_lines("15、这是引用的一段文字") == []
    assert outline_lines("（三）节选自第三部分") == ["（三） 节选自第三部分"]


# Rule 2: titles --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "marker", "title", "end"),
    [
        ("（一）强化组织领导。成立工作专班。", "（一）", "强化组织领导", 10),
        ("二、总  体  要  求", "二、", "总体要求", 12),
        ("1。丰富学术活动层次，繁荣“学术创新”。", "1。", "丰富学术活动层次，繁荣“学术创新”", 20),
        ("（二）推进“放管服：改革”；其余。", "（二）", "推进“放管服：改革”", 14),
        ("——实施爱国“先锋行动”。", "——", "实施爱国“先锋行动”", 13),
        ("1. Keep going! More", "1.", "Keep going", 14),
        ("第三条　为了规范管理，制定本条例。", "第三条", "为了规范管理，制定本条例", 17),
    ],
)
def test_title_cut_and_end(text: str, marker: str, title: str, end: int) -> None:
    *_, node = iter_nodes(build_outline(paragraphs("一、上级标题", text)))
    assert (node.marker, node.title, node.end) == (marker, title, end)


def test_long_first_sentence_needs_a_structural_marker() -> None:
    long = "，".join(["推进城市更新和老旧小区改造"] * 6)
    assert outline_lines(f"一、{long}") == [f"一、 {long}"]
    assert outline_lines("一、甲", f"①{long}") == ["一、 甲"]


# Rule 3: not headings --------------------------------------------------------------------


def test_statistics_bulletin_has_no_headings() -> None:
    assert (
        outline_lines(
            "2021年，全市实现地区生产总值8616.4亿元，比上年增长9.1%。",
            "27.32%，是全年高新技术产业产值的比重。",
            "1.2万户，是全年新登记的私营企业数量。",
            "1.5亿元，是全年新增的科普投入。",
            "2个月后，新商圈将陆续开业。",
            "18：00后的客流量占全天四成以上。",
            "2022年1月11日",
            "3 月 5 日，全市召开大会。",
        )
        == []
    )


@pytest.mark.parametrize(
    "text",
    [
        "1.加强组织领导；2.完善工作机制；3.强化督查考核。",
        "①加强领导，②完善机制。",
        "一是加强领导，二是完善机制。",
        "首先要加强领导，其次要完善机制。",
        "第一，加强领导；第二，完善机制。",
        "(二)、(三)项规定的情形除外。",
        "（二）项所列企业可以申请减免。",
        "一、二级响应由指挥部决定。",
        "1、2月份，全市规上工业增加值增长12%。",
        "第二节课上，老师讲了新内容。",
        "第一条建议是加强领导。",
        "A.I. is changing news.",
    ],
)
def test_in_line_enumerations_and_look_alikes_are_not_headings(text: str) -> None:
    assert outline_lines(text) == []


def test_cross_reference_inside_a_heading_paragraph_keeps_the_heading() -> None:
    lines = outline_lines("（三）规范收费。", "（四）减轻企业负担。比照(二)、(三)项执行。")
    assert lines == ["（三） 规范收费", "（四） 减轻企业负担"]


def test_written_numbers_and_ordered_list_numbers_count_but_bullets_do_not() -> None:
    blocks = (
        Block(BlockKind.LIST_ITEM, "一、总体要求", level=1, marker="•"),
        Block(BlockKind.LIST_ITEM, "车规级芯片。攻关一批产品。", level=1, marker="1."),
        Block(BlockKind.LIST_ITEM, "完整的一句话", level=1, marker="2.", bold=True),
        Block(BlockKind.LIST_ITEM, "一个要点", level=1, marker="•"),
    )
    assert tree(build_outline(blocks)) == ["一、 总体要求", "  1. 车规级芯片", "  2. 完整的一句话"]
    assert build_outline(blocks)[0].children[0].end == len("车规级芯片。")


def test_article_number_glued_to_its_text_counts_when_it_continues_the_sequence() -> None:
    lines = outline_lines(
        "第一条　为了规范管理，制定本办法。",
        "第二条本办法适用于本市。",
        "第一条建议是尽快落实。",
    )
    assert lines == ["第一条 为了规范管理，制定本办法", "第二条 本办法适用于本市"]


def test_signature_and_date_line_are_not_headings() -> None:
    assert outline_lines("一、总则", "正文。", "**常州市人民政府**", "2022年3月1日") == [
        "一、 总则"
    ]


@pytest.mark.parametrize(
    "caption",
    [
        "**图为某某启动仪式现场。（某某摄）**",
        "**图：某某会议现场**",
        "**某某推介会现场。（记者 某某 摄）**",
    ],
)
def test_a_photo_caption_set_bold_is_no_heading(caption: str) -> None:
    blocks = (*paragraphs("某某市讯 推介会昨日举行。", caption, "活动吸引了多家企业参加。"),)
    assert tree(build_outline(blocks)) == []


def test_a_signature_and_its_date_in_one_bold_block_are_no_heading() -> None:
    """``**某某办公室**  `` / ``**2031年5月1日**``: one paragraph, a hard line break."""
    blocks = (
        *paragraphs("公示如下。", "**某某大学研究生工作部\n2031年5月1日**"),
        heading(2, "附件1"),
        *paragraphs("名单。"),
        heading(2, "附件2"),
    )
    assert tree(build_outline(blocks)) == ["附件1", "附件2"]


@pytest.mark.parametrize(
    ("dateline", "is_dateline"),
    [
        ("05-01 07:15 某某社", True),
        ("2031-05-01", True),
        ("2031/5/1 21:05", True),
        ("2031.05.01 某某网", True),
        ("05-01", False),  # no year, no time: could be anything
        ("1-2 范围", False),
        ("2031-05-01 某某会议召开，代表出席", False),  # a sentence, not a source name
    ],
)
def test_numeric_dateline_heading_is_not_a_node(dateline: str, is_dateline: bool) -> None:
    blocks = (
        heading(1, "某某早报"),
        heading(2, dateline),
        heading(2, "要闻"),
        *paragraphs("正文。"),
    )
    found = tree(build_outline(blocks, "某某早报"))
    assert found == (["要闻"] if is_dateline else [dateline, "要闻"])


def test_page_chrome_is_not_a_heading() -> None:
    assert outline_lines("**当前位置：首页 > 新闻**", "**返回首页**", "**上一篇：旧闻**") == []


def test_a_repeated_speaker_turn_set_bold_makes_short_lead_ins_speakers_too() -> None:
    """Bold questions ``某刊：……`` asked again and again: an interview, so lead-ins are speakers."""
    lines = outline_lines(
        "**某刊：您怎么看？**", "**张三：**很好。", "**某刊：后来呢？**", "**李四：**也好。"
    )
    assert lines == []


def test_a_bold_label_and_text_that_does_not_repeat_is_a_heading() -> None:
    """Once only, ``**赛程：全程与半程**`` is a heading titled by its label (rule 2)."""
    lines = outline_lines(
        "**赛程：全程与半程**", "赛事四月开跑。", "**报名：网上抽签**", "报名从三月起。"
    )
    assert lines == ["赛程", "报名"]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("某刊：您怎么看？", "某刊："),
        ("《某周报》: 为什么？", "《某周报》:"),
        ("会议于9:30开始。", ""),
        ("某某：", ""),
        ("：开头就是冒号", ""),
        ("这一段话的前十三个字都没有冒号：之后才有", ""),
    ],
)
def test_turn_label(text: str, label: str) -> None:
    assert turn_label(text) == label
