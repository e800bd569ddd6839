"""docs/OUTLINE.md rules 5-10 and the 壹、 ladder, on small invented documents."""

from __future__ import annotations

import pytest

from newsreader.core.document.model import Block, BlockKind
from newsreader.core.outline.build import build_outline
from newsreader.core.outline.filters import is_chrome_text, is_contents_title, is_furniture
from newsreader.core.outline.front import article_title
from tests.core.outline.helpers import heading, paragraphs, tree

BODY = ("一、总体要求", "坚持统筹推进。", "二、主要任务", "（一）完善设施。建设站点。")
BODY_TREE = ["一、 总体要求", "二、 主要任务", "  （一） 完善设施"]


def centred(text: str) -> Block:
    return Block(BlockKind.PARAGRAPH, text, centred=True)


def lines_of(blocks: tuple[Block, ...], title: str = "") -> list[str]:
    return tree(build_outline(blocks, title))


# Rule 5: title block, masthead, notice wrapper, a lone top heading ------------------------

TITLE_BLOCKS = [
    pytest.param(("**某某县河道管理细则**",), "", id="ends-in-a-kind"),
    pytest.param(("**某 某 县 河 道**", "**管 理 细 则**"), "", id="kind-across-blocks"),
    pytest.param(("**某某县推进河道治理**", "某政办发〔2021〕33号"), "", id="issuing-number"),
    pytest.param(("**某某县推进河道治理**", "各乡镇人民政府，县各部门："), "", id="addressee"),
    pytest.param(("**河道治理三年行动**",), "某某县河道治理三年行动", id="within-post-title"),
    pytest.param(("**某某县人民政府令**", "第 215 号"), "", id="masthead"),
    pytest.param(("**湖长制工作要点（试行）**",), "", id="kind-with-trial"),
]


@pytest.mark.parametrize(("front", "title"), TITLE_BLOCKS)
def test_title_block_is_no_node_and_no_root(front: tuple[str, ...], title: str) -> None:
    assert lines_of(paragraphs(*front, *BODY), title) == BODY_TREE


def test_centred_title_block_is_no_node() -> None:
    blocks = (centred("某某镇垃圾分类实施方案"), *paragraphs(*BODY))
    assert lines_of(blocks) == BODY_TREE


def test_emphasised_first_line_that_is_no_title_stays() -> None:
    lines = lines_of(paragraphs("**工作背景**", "近年来推进有力。", *BODY), "某某县工作报告")
    assert lines[0] == "工作背景"


def test_title_run_stops_at_a_change_of_style() -> None:
    blocks = (heading(1, "阅读指南"), heading(2, "准备"), heading(2, "开始"))
    assert lines_of(blocks, "阅读指南") == ["准备", "开始"]


def test_notice_wrapping_a_document() -> None:
    lines = lines_of(
        paragraphs(
            "**某某县人民政府办公室关于印发河道保洁办法的通知**",
            "各乡镇人民政府：",
            "现将《河道保洁办法》印发给你们，请认真执行。",
            "**某某县人民政府办公室**",
            "二〇二二年三月一日",
            "（此件公开发布）",
            "附件",
            "**河道保洁考核细目**",
            *BODY,
        )
    )
    assert lines == BODY_TREE


def test_section_markers_alone_on_their_lines_part_a_feature() -> None:
    """``(一)`` alone, its paragraphs, ``(二)`` alone: empty-titled nodes, as a law's 第一條."""
    blocks = paragraphs("(一)", "某地多山，山是大地的骨架。", "(二)", "经济发展史上，某某为先。")
    assert lines_of(blocks) == ["(一) ", "(二) "]


def test_a_lone_heading_after_the_title_found_is_a_section() -> None:
    """The title repeats the post's; ``## 主要内容`` over the list is no second title."""
    blocks = (
        heading(1, "某某联播 2031-07-01"),
        *paragraphs("来源：某某网"),
        heading(2, "主要内容"),
        Block(BlockKind.LIST_ITEM, "某某大会在京隆重举行；", level=1, marker="1."),
        Block(BlockKind.LIST_ITEM, "某某文章发表；", level=1, marker="2."),
    )
    assert lines_of(blocks, "某某联播 2031-07-01") == [
        "主要内容",
        "  1. 某某大会在京隆重举行",
        "  2. 某某文章发表",
    ]


def test_a_cover_letter_listing_its_attachments_still_wraps_the_first() -> None:
    """``附件：1.…`` then ``2.…`` are the letter's list, not numbered items of the notice's own."""
    lines = lines_of(
        paragraphs(
            "**某某县人民政府办公室关于河道治理有关问题的复函**",
            "某某镇人民政府：",
            "你镇来文收悉。现将有关意见函复如下，请认真研究落实。",
            "附件：1.某某局关于河道治理的调研报告",
            "2.某某专家组意见",
            "某某县人民政府办公室",
            "二〇二二年三月一日",
            "**附件1**",
            "**关于河道治理的调研报告**",
            *BODY,
        )
    )
    assert lines == BODY_TREE


def test_date_line_right_after_a_speech_title_wraps_nothing() -> None:
    lines = lines_of(
        paragraphs("**在全县工作会议上的讲话**", "2022年1月5日", "**抓好三件事**", "同志们好。"),
        "县长发表讲话",
    )
    assert lines == ["抓好三件事"]


def test_lone_top_explicit_heading_is_the_title() -> None:
    blocks = (heading(1, "一份说明"), heading(2, "背景"), heading(3, "细节"), heading(2, "结论"))
    assert lines_of(blocks) == ["背景", "  细节", "结论"]
    assert [n.level for n in build_outline(blocks)] == [1, 1]


@pytest.mark.parametrize("level", [1, 2])
def test_a_lone_top_heading_with_a_marker_is_the_first_section(level: int) -> None:
    blocks = (
        heading(level, "一、总体要求"),
        *paragraphs("坚持统筹推进。", "二、主要任务", "抓落实。"),
    )
    assert lines_of(blocks) == ["一、 总体要求", "二、 主要任务"]


def test_a_numbered_heading_a_paragraph_goes_on_with_ranks_beside_it() -> None:
    blocks = (
        heading(2, "一、总体要求"),
        *paragraphs("（一）指导思想", "坚持统筹推进。", "二、主要任务", "（一）完善设施"),
    )
    assert lines_of(blocks) == [
        "一、 总体要求",
        "  （一） 指导思想",
        "二、 主要任务",
        "  （一） 完善设施",
    ]


@pytest.mark.parametrize(
    "inner",
    [
        ("一、坚持统筹。", "二、突出重点。"),
        # One item: ``## 二、`` follows a paragraph ``一、``, yet numbers its own sequence.
        ("一、坚持统筹。",),
    ],
    ids=["two items", "one item"],
)
def test_a_numbered_heading_over_its_own_numbered_paragraphs_keeps_its_tag(
    inner: tuple[str, ...],
) -> None:
    blocks = (
        heading(2, "一、总体要求"),
        *paragraphs(*inner),
        heading(2, "二、主要任务"),
        *paragraphs(*inner),
    )
    items = [f"  {text[:2]} {text[2:-1]}" for text in inner]
    assert lines_of(blocks) == ["一、 总体要求", *items, "二、 主要任务", *items]


def test_a_numbered_heading_that_runs_on_from_paragraphs_ranks_beside_them() -> None:
    blocks = (
        *paragraphs("一、总体要求", "坚持统筹推进。", "二、主要任务", "（一）完善设施"),
        *paragraphs("三、保障措施", "明确责任分工。"),
        heading(3, "四、本方案自印发之日起施行。"),
    )
    assert lines_of(blocks) == [
        "一、 总体要求",
        "二、 主要任务",
        "  （一） 完善设施",
        "三、 保障措施",
        "四、 本方案自印发之日起施行",
    ]


@pytest.mark.parametrize("label", ["附件：1.重点任务清单", "附  件: 1．重点任务清单"])
def test_the_lines_of_a_list_of_attachments_are_no_nodes(label: str) -> None:
    blocks = paragraphs(
        *BODY, "三、保障措施", "（一）强化督查。", label, "2.责任分工表", "3.进度表"
    )
    assert lines_of(blocks) == [*BODY_TREE, "三、 保障措施", "  （一） 强化督查"]


def test_numbered_lines_after_an_attachment_list_are_nodes_again() -> None:
    blocks = paragraphs(*BODY, "附件：1.重点任务清单", "2.责任分工表", "正文继续。", "3.第三项")
    assert lines_of(blocks)[-1].strip() == "3. 第三项"


# Rule 6: contents anywhere ----------------------------------------------------------------


def test_contents_after_the_title_block_and_a_preface() -> None:
    lines = lines_of(
        paragraphs(
            "**某某县应急预案**",
            "为做好应急工作，编制本预案。",
            "一、总则",
            "二、组织体系",
            "三、保障措施",
            "一、总则",
            "适用于全县。",
            "二、组织体系",
            "县政府统一领导。",
            "三、保障措施",
            "加强保障。",
        )
    )
    assert lines == ["一、 总则", "二、 组织体系", "三、 保障措施"]


def test_contents_lines_match_headings_set_as_tags() -> None:
    blocks = (
        Block(BlockKind.HEADING, "目录", level=2),
        *paragraphs("第一章 总则", "第二章 附则"),
        heading(2, "第一章 总则"),
        *paragraphs("第一条 为了规范，制定本条例。"),
        heading(2, "第二章 附则"),
        *paragraphs("第二条 本条例自公布之日起施行。"),
    )
    assert lines_of(blocks) == [
        "第一章 总则",
        "  第一条 为了规范，制定本条例",
        "第二章 附则",
        "  第二条 本条例自公布之日起施行",
    ]


@pytest.mark.parametrize("text", ["目录", "目 录", "目次", "《某某防控方案》的目录"])
def test_contents_titles(text: str) -> None:
    assert is_contents_title(text)


# Rule 7: page chrome -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "您当前的位置：首页 > 信息公开",
        "首页 > 新闻中心 > 通知公告",
        "首页 » 政务 » 公告",
        "某某市人民政府-",
        "某某新闻网_",
        "某某区政府 |",
        "相关新闻",
        "更多阅读",
        "精彩视频推荐",
        "网友评论（12）",
        "我要留言",
        "查看详情",
        "正文",
    ],
)
def test_chrome_text(text: str) -> None:
    assert is_chrome_text(text)


@pytest.mark.parametrize(
    "text", ["群众留言办理情况通报会召开", "首页设计原则", "回复函的格式要求说明"]
)
def test_headings_that_only_mention_chrome_words(text: str) -> None:
    assert not is_chrome_text(text)


@pytest.mark.parametrize("text", ["出品︱某某栏目组", "作者︱某某", "策划：某某"])
def test_credit_lines_are_furniture(text: str) -> None:
    assert is_furniture(text)


def test_chrome_blocks_are_no_nodes_and_no_parents() -> None:
    blocks = (
        Block(BlockKind.HEADING, "新闻[1]", level=2, chrome=1),
        *paragraphs(*BODY),
    )
    assert lines_of(blocks) == BODY_TREE


def test_chrome_marks_covering_most_of_the_text_are_ignored() -> None:
    blocks = tuple(Block(b.kind, b.text, chrome=1) for b in paragraphs(*BODY))
    assert lines_of(blocks) == BODY_TREE


def test_chrome_deeper_than_the_article_heading_is_chrome() -> None:
    blocks = (
        Block(BlockKind.HEADING, "站点导航", level=2, chrome=2),
        Block(BlockKind.HEADING, "某地举办读书节", level=1, chrome=1),
        *(Block(b.kind, b.text, chrome=1) for b in paragraphs(*BODY)),
        Block(BlockKind.HEADING, "一、热点排行", level=2, chrome=2),
        Block(BlockKind.PARAGRAPH, "很长的评论" * 200, chrome=2),
    )
    assert lines_of(blocks, "某地举办读书节") == BODY_TREE


def test_article_heading_opening_the_full_post_title() -> None:
    blocks = (
        heading(2, "某某博客"),
        heading(2, "营地_赏枫记 (2)"),
        *paragraphs("**交通**", "沿公路上山。"),
    )
    assert lines_of(blocks, "营地_赏枫记 (2) @ 某某的家 :: 某某博客 ::") == ["交通"]


def test_article_starts_at_the_heading_equal_to_the_post_title() -> None:
    blocks = (
        heading(2, "频道导航"),
        heading(2, "热点"),
        heading(1, "某地开通新公交线路"),
        *paragraphs("**线路走向**", "线路全长十公里。", "**票价**", "两元。"),
    )
    assert lines_of(blocks, "某地开通新公交线路 - 某某新闻网 - 本地") == ["线路走向", "票价"]


@pytest.mark.parametrize(
    ("title", "article"),
    [
        ("某地开通新公交线路 - 某某新闻网", "某地开通新公交线路"),
        ("某地开通新公交线路_某某网", "某地开通新公交线路"),
        ("某地开通新公交线路|频道", "某地开通新公交线路"),
        ("2022-2025年发展规划", "2022-2025年发展规划"),
        ("A - B", "A - B"),
    ],
)
def test_article_title_drops_site_names(title: str, article: str) -> None:
    assert article_title(title) == article


# Rule 8: link marks ------------------------------------------------------------------------


def test_link_marks_are_no_part_of_a_title() -> None:
    assert lines_of(paragraphs("一、总体[2]要求[3]", "正文。", "二、任务", "正文。")) == [
        "一、 总体要求",
        "二、 任务",
    ]


# Rule 9: end matter ------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["附件2：某某名单", "附件1-14：", "附件 1—3"])
def test_end_matter_closes_every_section(label: str) -> None:
    nodes = build_outline(
        paragraphs(*BODY, "1.建设站点。", f"**{label}**", "**注：**本表数据截至年底。")
    )
    name = label.split("：")[0]
    assert tree(nodes) == [*BODY_TREE, "    1. 建设站点", name, "注"]
    assert [n.level for n in nodes] == [1, 1, 1, 1]


def test_end_matter_label_before_the_last_section_is_an_ordinary_heading() -> None:
    lines = lines_of(paragraphs("一、总体要求", "**说明**", "正文。", "二、主要任务"))
    assert lines == ["一、 总体要求", "  说明", "二、 主要任务"]


@pytest.mark.parametrize(
    ("tail", "nodes"),
    [
        # An end label a page repeats is still end matter after the last section ...
        (
            ("**免责声明：**观点仅供参考。", "**免责声明：**译文仅供参考。"),
            ["免责声明", "免责声明"],
        ),
        (
            ("**风险提示：**投资需谨慎。", "**版权声明：**未经许可不得转载。"),
            ["风险提示", "版权声明"],
        ),
        # ... and does not make the document a transcript that refuses other short leads.
        (
            ("**免责声明：**一。", "**记要：**二。", "**免责声明：**三。"),
            ["免责声明", "  记要", "免责声明"],
        ),
    ],
)
def test_end_labels_after_the_last_section(tail: tuple[str, ...], nodes: list[str]) -> None:
    assert lines_of(paragraphs("一、总体要求", "正文。", "二、主要任务", "正文。", *tail)) == [
        "一、 总体要求",
        "二、 主要任务",
        *nodes,
    ]


def test_repeated_end_label_before_the_last_section_is_no_node() -> None:
    body = ("一、总体要求", "**注：**甲。", "**注：**乙。", "二、主要任务", "正文。")
    assert lines_of(paragraphs(*body)) == ["一、 总体要求", "二、 主要任务"]


# Rule 10: numbers --------------------------------------------------------------------------

LONG = "这是一个很长的第一句话" * 8


def test_long_list_items_continuing_their_sequence_are_nodes() -> None:
    lines = lines_of(
        paragraphs("一、任务", f"（1）{LONG}。其余。", f"（2）{LONG}。", "（3）短标题。")
    )
    assert [line.strip().split(" ")[0] for line in lines] == ["一、", "（1）", "（2）", "（3）"]


def test_a_lone_long_list_item_is_body_text() -> None:
    assert lines_of(paragraphs("一、任务", f"（1）{LONG}。")) == ["一、 任务"]


def test_decimal_sections_with_spaces_nest() -> None:
    lines = lines_of(paragraphs("1 总则", "1.1\u3000目的", "为了规范。", "1.1.1范围", "全县。"))
    assert lines == ["1 总则", "  1.1 目的", "    1.1.1 范围"]


# The 壹、 ladder ----------------------------------------------------------------------------


def test_taiwan_ladder_nests_from_the_formal_numerals() -> None:
    lines = lines_of(
        paragraphs(
            "壹、計畫目標",
            "一、短期目標",
            "（一）完成調查。",
            "1、建立名冊",
            "（1）每月更新",
            "貳、實施策略",
            "一、推廣教育",
        )
    )
    assert lines == [
        "壹、 計畫目標",
        "  一、 短期目標",
        "    （一） 完成調查",
        "      1、 建立名冊",
        "        （1） 每月更新",
        "貳、 實施策略",
        "  一、 推廣教育",
    ]


def test_formal_numerals_enumerated_in_line_are_no_heading() -> None:
    assert lines_of(paragraphs("壹、目標；貳、策略。")) == []


def test_a_law_article_number_alone_on_its_line_is_a_node() -> None:
    nodes = build_outline(
        paragraphs("第一條", "本辦法依法訂定。", "第二條", "一、定義", "本辦法用詞。")
    )
    assert [(n.marker, n.title) for n in nodes] == [("第一條", ""), ("第二條", "")]
    assert tree(nodes)[-1] == "  一、 定義"


def test_a_list_of_attached_files_is_no_outline() -> None:
    lines = lines_of(paragraphs("一、附件", "1.某某药品参考表.docx 另见网页", "2.某某检测指南.PDF"))
    assert lines == ["一、 附件"]


def test_a_notice_whose_items_are_numbered_wraps_no_document() -> None:
    blocks = (
        *paragraphs("**关于做好某项工作的通知**", "各单位："),
        Block(BlockKind.LIST_ITEM, "提交材料。", level=1, marker="1."),
        Block(BlockKind.LIST_ITEM, "按时办理。", level=1, marker="2."),
        *paragraphs("某某办公室", "2024年8月22日"),
    )
    assert lines_of(blocks) == ["1. 提交材料", "2. 按时办理"]


def test_a_long_bold_head_is_a_heading_when_its_title_is_short() -> None:
    head = "**排名第三：某某公司上市首日大涨，成为年度最受关注的新股之一，市场热度持续**"
    assert lines_of(paragraphs(head, "正文。")) == ["排名第三"]
