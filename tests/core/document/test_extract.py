"""extract: a whole saved web page is cut to its article; fragments pass untouched.

Every page here is invented: a city government's notice and a newspaper's
article, wrapped in the chrome such sites carry (menus, breadcrumb, related
links, footer).
"""

from __future__ import annotations

import pytest

from newsreader.core.document import extract
from newsreader.core.document.extract import (
    MIN_PAGE_LINKS,
    MainContent,
    is_whole_page,
    main_content,
)
from newsreader.core.document.model import BlockKind
from newsreader.core.document.open import document_from_text
from newsreader.core.document.parse import parse_body, parse_body_reporting

MENU = [
    "首页",
    "政务公开",
    "办事大厅",
    "互动交流",
    "走进示范市",
    "专题专栏",
    "政策文件",
    "新闻发布",
    "数据开放",
    "无障碍",
]
RELATED = [
    "市政府召开常务会议",
    "我市出台支持中小企业发展措施",
    "关于重点民生实事的公示",
    "市长信箱办理情况通报",
]
CHROME = [*MENU[1:], *RELATED, "当前位置", "版权所有", "网站地图", "分享到"]
ARTICLE = """<p>各区人民政府，市政府各部门：</p>
<p>现将《示范市营商环境优化方案》印发给你们，请认真贯彻执行。</p>
<p><strong>一、总体要求</strong></p>
<p>以市场主体需求为导向，持续深化改革，打造市场化、法治化、国际化营商环境。</p>
<p><strong>二、主要任务</strong></p>
<p><strong>（一）提升政务服务效能。</strong>全面推行一网通办，企业开办时间压缩至一个工作日。</p>
<p>1.推进审批事项标准化。编制统一的事项清单，明确申请材料和办理时限。</p>
<p>（1）梳理市级事项。今年六月底前完成全部梳理工作并向社会公布。</p>
<p>2.推行告知承诺制。对具备条件的事项，一律实行告知承诺，减少证明材料。</p>
<table><tr><td>指标</td><td>去年</td><td>目标</td></tr><tr><td>企业开办（天）</td><td>2</td><td>1</td></tr></table>
<p><strong>三、保障措施</strong></p>
<p>各部门要明确责任分工，细化工作举措，确保各项任务落地见效。</p>"""


def links(items: list[str], base: str) -> str:
    return "".join(f'<li><a href="{base}{n}.html">{text}</a></li>' for n, text in enumerate(items))


def gov_page(article: str = ARTICLE) -> str:
    """A government site's article page: header, menu, breadcrumb, article, related, footer."""
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>通知_示范市</title>
<script>var tracker = "不是正文";</script></head><body>
<div class="header"><a href="/"><img src="/logo.png" alt="示范市人民政府"></a>
<ul class="menu">{links(MENU, "http://www.example.gov.cn/")}</ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a></div>
<div class="main"><h1>示范市人民政府办公室关于印发营商环境优化方案的通知</h1>
<div class="info">发布时间：2022-03-04 来源：市政府办公室</div>
<div class="content" id="zoom">{article}</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<div class="related"><h3>相关链接</h3><ul>{links(RELATED, "http://www.example.gov.cn/xw/")}</ul></div></div>
<div class="footer"><a href="/map">网站地图</a> <a href="/contact">联系我们</a>
<p>版权所有 示范市人民政府 网站标识码 0000000000</p></div></body></html>"""


def news_page(article: str) -> str:
    """A newspaper's article page in HTML5 elements: header/nav, article, aside, footer."""
    return f"""<html><body><header><nav><ul>{links(MENU, "https://news.example.com/")}</ul></nav></header>
<article><h1>示范市发布防汛应急预案</h1><div class="text">{article}</div></article>
<aside><h2>推荐阅读</h2><ol>{links(RELATED, "https://news.example.com/hot/")}</ol></aside>
<footer><p>Copyright 示范日报 版权所有</p></footer></body></html>"""


def text_of(html: str) -> str:
    return "\n".join(block.text for block in parse_body(html).blocks)


@pytest.mark.parametrize(
    ("body", "whole"),
    [
        (gov_page(), True),
        (news_page(ARTICLE), True),
        # Fragments, however many links they carry: no page-level tag.
        (ARTICLE, False),
        (
            "".join(f'<p><a href="http://q.example/{n}">股票{n}</a>上涨。</p>' for n in range(40)),
            False,
        ),
        ('<div class="TRS_Editor"><p>正文</p></div>', False),
        # A page-level tag but no site navigation: an article someone saved inside <html>.
        ("<html><body><p>正文一</p><p>正文二</p></body></html>", False),
        ("<header><h1>标题</h1></header><p>正文</p><footer>完</footer>", False),
        # Enough links, and a <nav>/<footer> or <body>: a page.
        ("<nav>" + links(MENU, "/") + "</nav><p>正文</p>", True),
        ("<body>" + links(MENU, "/") + "<p>正文</p></body>", True),
        ("<BODY>" + links(MENU, "/").upper() + "</BODY>", True),
        ("<body>" + links(MENU[: MIN_PAGE_LINKS - 1], "/") + "</body>", False),
    ],
    ids=lambda case: case[:24] if isinstance(case, str) else str(case),
)
def test_is_whole_page(body: str, whole: bool) -> None:
    """Each case is a body and whether the test takes it for a whole page."""
    assert is_whole_page(body) is whole


def test_a_fragment_passes_untouched() -> None:
    assert main_content(ARTICLE) == MainContent(ARTICLE)


@pytest.mark.parametrize("page", [gov_page(), news_page(ARTICLE)], ids=["government", "newspaper"])
def test_the_article_survives_whole_and_the_chrome_goes(page: str) -> None:
    content = main_content(page)
    assert (content.extracted, content.note) == (True, "")
    kept = text_of(content.html)
    for paragraph in parse_body(ARTICLE).blocks:
        assert paragraph.text in kept
    for chrome in CHROME:
        assert chrome not in kept
    assert "不是正文" not in kept


def test_structure_survives_for_the_outline() -> None:
    document = document_from_text(gov_page())
    bold = [block.text for block in document.blocks if block.bold]
    assert bold == ["一、总体要求", "二、主要任务", "三、保障措施"]
    (table,) = [block for block in document.blocks if block.kind is BlockKind.TABLE]
    assert table.rows == (("指标", "去年", "目标"), ("企业开办（天）", "2", "1"))

    def titles(nodes: tuple[object, ...]) -> list[str]:
        return [f"{node.marker}{node.title}" for node in nodes]  # type: ignore[attr-defined]

    top = document.outline
    assert titles(top) == ["一、总体要求", "二、主要任务", "三、保障措施"]
    assert titles(top[1].children) == ["（一）提升政务服务效能"]
    assert titles(top[1].children[0].children) == ["1.推进审批事项标准化", "2.推行告知承诺制"]


def test_parse_reports_no_problem_for_a_page_it_could_cut() -> None:
    document, problems = parse_body_reporting(gov_page())
    assert problems == []
    assert all("版权所有" not in block.text for block in document.blocks)


def kept_whole(page: str) -> tuple[MainContent, str]:
    content = main_content(page)
    assert content.html == page
    assert not content.extracted
    return content, text_of(page)


def test_a_page_over_the_size_limit_is_kept_whole() -> None:
    filler = "<p>示范市第十次工作会议纪要正文。</p>" * (extract.MAX_PAGE_BYTES // 50)
    content, _text = kept_whole(gov_page(ARTICLE + filler))
    assert "over the 2 MB extraction limit" in content.note
    assert content.note.startswith("whole web page shown with its navigation: it is ")


def test_a_page_nested_deeper_than_the_parser_goes_is_kept_whole() -> None:
    deep = "<div>" * 400 + ARTICLE + "</div>" * 400
    content, text = kept_whole(gov_page(deep))
    assert content.note.endswith("nested too deep for the HTML parser")
    assert "三、保障措施" in text


def test_an_extractor_failure_keeps_the_page_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_tree: object) -> str:
        raise RecursionError

    monkeypatch.setattr(extract, "_extract", broken)
    content, _text = kept_whole(gov_page())
    assert content.note.endswith("the extractor failed (RecursionError)")


@pytest.mark.parametrize(
    ("found", "why"),
    [("", "found 0% of its text"), ("<p>图</p>", "found 0% of its text")],
)
def test_too_little_found_keeps_the_page_whole(
    monkeypatch: pytest.MonkeyPatch, found: str, why: str
) -> None:
    monkeypatch.setattr(extract, "_extract", lambda _tree: found)
    content, _text = kept_whole(gov_page())
    assert content.note.endswith(f"its main content is unclear ({why})")


def test_a_page_kept_whole_is_one_problem() -> None:
    _document, problems = parse_body_reporting(gov_page("<div>" * 400 + ARTICLE + "</div>" * 400))
    assert problems == [
        "whole web page shown with its navigation: it is nested too deep for the HTML parser"
    ]


def test_a_page_of_link_lists_only_loses_no_text() -> None:
    """A site's home page: menus and link lists, no article to tell them from."""
    page = (
        "<html><body>"
        + "".join(f"<ul>{links(MENU, f'/s{n}/')}</ul>" for n in range(5))
        + "</body></html>"
    )
    kept = text_of(main_content(page).html)
    assert all(item in kept for item in MENU)


def test_links_after_a_long_head_still_count() -> None:
    """A saved page's <head> (scripts, styles) can fill the first 64 KB."""
    head = "<!DOCTYPE html><html><head><style>" + "p{}" * 30_000 + "</style></head>"
    assert is_whole_page(head + "<body>" + links(MENU, "/") + "</body></html>")


@pytest.mark.parametrize(
    "page",
    [
        gov_page(ARTICLE + "<p>示范市第十次工作会议纪要正文。</p>" * 100_000),  # 5.2 MB
        gov_page("<div>" * 100_000 + ARTICLE + "</div>" * 100_000),
        gov_page("<ul><li>条目" * 5_000 + ARTICLE + "</li></ul>" * 5_000),
    ],
    ids=["5 MB", "100,000 divs deep", "5,000 lists deep"],
)
def test_hostile_pages_keep_their_article_and_say_why(page: str) -> None:
    document, problems = parse_body_reporting(page)
    kept = "\n".join(block.text for block in document.blocks)
    assert "三、保障措施" in kept
    assert len(problems) == 1
    assert problems[0].startswith("whole web page shown with its navigation: ")


def test_the_size_limit_counts_utf8_bytes() -> None:
    """1.9 million characters of Chinese are 5.7 MB: over the limit."""
    page = gov_page(ARTICLE + "<p>" + "示" * 1_900_000 + "</p>")
    assert len(page) < extract.MAX_PAGE_BYTES
    assert "5.7 MB, over the 2 MB extraction limit" in main_content(page).note


CLOSING = "<h3>四、本方案自印发之日起施行。</h3>"


@pytest.mark.parametrize(
    "page",
    [
        gov_page(ARTICLE + CLOSING),
        news_page(ARTICLE + CLOSING),
        gov_page(f"<div>{ARTICLE}</div>{CLOSING}"),
        gov_page(ARTICLE + CLOSING + "<h4>五、附则</h4>\n"),
    ],
    ids=["government", "newspaper", "after-a-wrapper", "two-headings"],
)
def test_the_article_keeps_a_heading_that_closes_it(page: str) -> None:
    """The extractor drops the headings it keeps last; the article's last section comes back."""
    content = main_content(page)
    assert content.extracted
    kept = text_of(content.html)
    assert kept.endswith("确保各项任务落地见效。\n四、本方案自印发之日起施行。") or kept.endswith(
        "四、本方案自印发之日起施行。\n五、附则"
    )
    assert "相关链接" not in kept
    titles = [node.title for node in document_from_text(page).outline]
    assert titles[:4] == ["总体要求", "主要任务", "保障措施", "本方案自印发之日起施行"]


@pytest.mark.parametrize(
    "after",
    [
        "<ul>" + links(RELATED, "/more/") + "</ul>",  # the heading titled the removed links
        "分享到：微信",  # text after it in its element: not the article's end
    ],
)
def test_a_closing_heading_with_something_after_it_stays_out(after: str) -> None:
    page = gov_page(ARTICLE + "<h3>相关新闻</h3>" + after)
    assert "相关新闻" not in text_of(main_content(page).html)


TOOLBAR = " | ".join(f'<a href="/{n}">{name}</a>' for n, name in enumerate(MENU))


def test_an_article_the_extractor_passes_over_for_a_toolbar_is_kept() -> None:
    """A gov page pasted into a page: a second <html> after the first, the article in it.

    The extractor saw only the first, its toolbar of links; the article is the
    element whose paragraphs hold the most text, wherever it is in the document.
    """
    page = (
        f"<!DOCTYPE html><html><head><title>某某决议</title></head><body>"
        f'<div class="header"><p>{TOOLBAR}</p></div></body></html>'
        f'<html><body><div id="UCAP-CONTENT">{ARTICLE}</div></body></html>'
    )
    content = main_content(page)
    assert content.extracted
    kept = text_of(content.html)
    for paragraph in parse_body(ARTICLE).blocks:
        assert paragraph.text in kept
    assert "政务公开" not in kept


def test_a_page_of_a_toolbar_alone_is_kept_whole() -> None:
    page = f"<html><body><div><p>{TOOLBAR}</p></div></body></html>"
    content = main_content(page)
    assert not content.extracted and "found only links" in content.note
