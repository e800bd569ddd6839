"""The outline's public API on the seed post and on the sample archive's plans."""

from __future__ import annotations

import frontmatter
import pytest

from newsreader.core.document.model import Block, BlockKind, OutlineNode
from newsreader.core.document.parse import parse_body
from newsreader.core.outline.build import build_outline, iter_nodes, section_path
from tests.conftest import GOLDEN, SAMPLE, SEED
from tests.core.outline.helpers import label, paragraphs, render, tree


def outline_of(path: str) -> tuple[tuple[Block, ...], tuple[OutlineNode, ...]]:
    """Parse a sample post with the real body parser and build its outline."""
    post = frontmatter.load(SAMPLE / path)
    blocks = parse_body(post.content).blocks
    return blocks, build_outline(blocks, str(post.get("title", "")))


def test_seed_outline_matches_golden_file() -> None:
    _, outline = outline_of(str(SEED.relative_to(SAMPLE)))
    assert render(outline) == (GOLDEN / "seed.outline.txt").read_text(encoding="utf-8")


def test_seed_heading_parts_end_after_the_first_sentence() -> None:
    blocks, outline = outline_of(str(SEED.relative_to(SAMPLE)))
    first = outline[0].children[0]
    text = blocks[first.block].text
    assert (first.marker, first.title) == ("(一)", "政治引领科技界能力更加突出")
    assert text[: first.end] == "(一)政治引领科技界能力更加突出。"
    assert text[first.end :].startswith("党在科技界的执政基础更加牢固。")


def test_seed_dash_items_sit_under_numbered_items_and_directly_under_four() -> None:
    _, outline = outline_of(str(SEED.relative_to(SAMPLE)))
    tasks = outline[1]
    assert [label(n) for n in tasks.children[0].children[0].children] == [
        "—— 实施爱国“先锋行动”",
        "—— 组织爱国奋斗专题宣传",
    ]
    four = tasks.children[3]
    assert four.marker == "(四)"
    assert [n.marker for n in four.children] == ["——"] * 4
    assert four.children[0].title == "优化科技智库体系"
    assert all(n.level == 3 and not n.children for n in four.children)


def test_every_node_points_at_the_block_it_came_from() -> None:
    blocks, outline = outline_of(str(SEED.relative_to(SAMPLE)))
    for node in iter_nodes(outline):
        text = blocks[node.block].text.strip()
        assert text.startswith(node.marker)
        assert node.title.replace(" ", "") in text.replace(" ", "")


SAMPLE_TOPS = [
    (
        "_posts/2022-01-20-shuzi-jingji-sannian-xingdong.md",
        ["一、 总体目标", "二、 重点任务", "三、 保障措施"],
    ),
    (
        "_posts/2022-02-15-shequ-zhiyuan-fuwu-tiaoli.md",
        ["第一章 总则", "第二章 社区志愿服务组织和志愿者", "第三章 促进与保障", "第四章 附则"],
    ),
    (
        "_posts/2022-02-20-fangxun-yingji-yuan.html",
        ["1 总则", "2 组织指挥体系", "3 预防和预警", "4 应急响应", "5 附则"],
    ),
    (
        "_posts/2022-03-01-changzhengfa-2022-5.md",
        ["一、 总体要求", "二、 重点任务", "三、 保障措施"],
    ),
    (
        "_posts/2022-03-04-youhua-yingshang-huanjing.md",
        [
            f"（{n}） {t}"
            for n, t in zip(
                "一二三四五",
                ["强化组织领导", "压减审批时限", "规范涉企收费", "减轻企业负担", "加强监督评估"],
                strict=True,
            )
        ],
    ),
    ("_posts/2022-03-03-2021-tongji-gongbao.md", []),
    (
        "_posts/2022-03-05-chengshi-malasong-baoming.md",
        ["赛道", "报名", "服务"],
    ),
    ("_posts/2022-02-25-yejian-qiangxiu-jizhe-shouji.md", ["记者手记", "短评"]),
    (
        "_posts/2022-01-28-zhiliang-qiangshi-gongzuo-yaodian.markdown",
        ["一、 总体要求", "二、 重点工作", "三、 工作保障"],
    ),
    (
        "tech/_posts/2022-03-09-reading-news-archives-in-the-terminal.md",
        ["What a post looks like", "Why read in a terminal", "Further reading"],
    ),
    ("culture/_posts/2021-12-18-bowuguan-qingtong-tezhan.html", []),
    ("world/asia/_posts/2022-03-07-dongnanya-dianshang-guancha.md", []),
]


@pytest.mark.parametrize(("path", "tops"), SAMPLE_TOPS, ids=[p for p, _ in SAMPLE_TOPS])
def test_sample_posts_top_level(path: str, tops: list[str]) -> None:
    _, outline = outline_of(path)
    assert [label(node) for node in outline] == tops


def test_emergency_plan_contents_are_dropped_and_decimals_nest() -> None:
    blocks, outline = outline_of("_posts/2022-02-20-fangxun-yingji-yuan.html")
    body_start = [i for i, b in enumerate(blocks) if b.text == "1 总则"][1]
    assert outline[0].block == body_start
    assert tree(outline)[:6] == [
        "1 总则",
        "  1.1 编制目的",
        "  1.2 编制依据",
        "    1.2.1 法律法规",
        "    1.2.2 相关预案",
        "  1.3 适用范围",
    ]
    assert blocks[outline[0].children[0].block + 1].text.startswith("做好全市")


def test_law_ladder_nests_sections_and_items() -> None:
    _, outline = outline_of("_posts/2022-02-15-shequ-zhiyuan-fuwu-tiaoli.md")
    chapter_two = tree(outline[1:2])
    assert chapter_two[:2] == ["第二章 社区志愿服务组织和志愿者", "  第一节 志愿服务组织"]
    assert chapter_two[2].startswith("    第五条 街道办事处、乡镇人民政府应当支持")
    assert "      （一） 制定志愿服务计划，组织开展志愿服务活动" in chapter_two


def test_deep_ladder_with_circled_latin_and_half_parens() -> None:
    _, outline = outline_of("_posts/2022-01-20-shuzi-jingji-sannian-xingdong.md")
    lines = tree(outline)
    start = lines.index("          A. 链长单位")
    assert lines[start - 1] == "        ② 建立重点企业“链长+链主”协同服务机制，具体分工如下"
    assert lines[start + 4 : start + 9] == [
        "            a. 发布配套需求清单，带动本地中小企业进入供应链",
        "            b. 牵头组建产业创新联合体，其重点方向包括",
        "              1) 车规级芯片",
        "              2) 智能传感模组",
        "              3) 工业软件",
    ]
    assert lines[start + 9] == "    2. 培育软件和信息服务业"


SECTIONS = [
    (0, []),  # the preamble precedes every heading
    (1, ["一、"]),
    (4, ["一、", "(三)"]),
    (10, ["二、", "(一)", "1。", "——"]),
    (64, ["二、", "(四)", "——"]),
    (93, ["二、", "(六)", "4。", "——"]),  # the source line belongs to the last section
]


@pytest.mark.parametrize(("block", "markers"), SECTIONS)
def test_section_path_names_the_sections_containing_a_block(block: int, markers: list[str]) -> None:
    _, outline = outline_of(str(SEED.relative_to(SAMPLE)))
    assert [node.marker for node in section_path(outline, block)] == markers


def test_section_path_between_siblings_stays_in_the_earlier_one() -> None:
    outline = build_outline(paragraphs("一、甲", "正文", "（一）乙", "正文", "二、丙", "正文"))
    assert [n.title for n in section_path(outline, 3)] == ["甲", "乙"]
    assert [n.title for n in section_path(outline, 5)] == ["丙"]
    assert section_path((), 3) == ()


def test_iter_nodes_is_depth_first_in_document_order() -> None:
    outline = build_outline(paragraphs("一、甲", "（一）乙", "1.丙", "（二）丁", "二、戊"))
    assert [n.title for n in iter_nodes(outline)] == ["甲", "乙", "丙", "丁", "戊"]
    assert [n.block for n in iter_nodes(outline)] == [0, 1, 2, 3, 4]


def test_empty_document_has_no_outline() -> None:
    assert build_outline(()) == ()
    assert build_outline(paragraphs("", "  ")) == ()


def _seed_blocks() -> tuple[Block, ...]:
    return parse_body(frontmatter.load(SEED).content).blocks


def test_tables_quotes_and_code_are_never_headings() -> None:
    blocks = (
        Block(BlockKind.TABLE, "1. 物流时效", rows=(("1.", "物流时效"),)),
        Block(BlockKind.QUOTE, "一、引文"),
        Block(BlockKind.CODE, "1. code"),
        Block(BlockKind.PARAGRAPH, "一、正文"),
    )
    assert [n.title for n in build_outline(blocks)] == ["正文"]
