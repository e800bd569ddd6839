"""Text that looks like a heading but is not one (docs/OUTLINE.md rule 3).

Pure predicates on a block's text: document furniture (issuing number,
addressee, date line, source line, page chrome), sentences that open with a
figure, in-line enumerations and table-of-contents lines.
"""

from __future__ import annotations

import re

from newsreader.core.outline.markers import TW_DIGITS, Family, Marker, chinese_number

_CN = "〇零一二三四五六七八九十"
_NUMBER = rf"(?:\d{{1,4}}|[{_CN}]{{1,4}})"

_ISSUING_NUMBER = re.compile(
    r"\S{1,16}[〔\[［(（]\d{4}[〕\]］)）]\s*第?\s*\d{1,5}\s*号"
    rf"|\S{{0,20}}第\s*(?:\d{{1,5}}|[{_CN}]{{1,6}})\s*号"
)
_DATE_LINE = re.compile(
    rf"[（(]?{_NUMBER}\s*年\s*{_NUMBER}\s*月(?:\s*{_NUMBER}\s*日)?\s*(?:印发|发布)?[）)]?"
)
# A news dateline: a numeric date (``2031-05-01``, ``2031/5/1``; without the year only with a
# time), a clock time, and at most one short source name (``05-01 07:15 某某社``).
_CLOCK = r"\d{1,2}[:：]\d{2}"
_DATELINE = re.compile(
    rf"(?:\d{{4}}([-/.])\d{{1,2}}\1\d{{1,2}}(?:\s+{_CLOCK})?|\d{{1,2}}([-/])\d{{1,2}}\s+{_CLOCK})"
    r"(?:\s+[^\s。！？，；：:,;]{1,20})?"
)
_SOURCE_LINE = re.compile(
    r"[（(【\[]?\s*(?:(?:(?:文章|信息|新闻|稿件|图片)?来源|责任编辑|编辑|原标题|作者|记者|通讯员"
    r"|摄影|撰稿|审核|校对|审校|供稿|本报记者|出品|策划|监制|责编|撰文|统筹|制图)\s*[：:\s︱｜|丨]"
    r"|此件|本报讯)"
)
_CHROME = re.compile(
    r"(?:当前位置|您的位置|您现在的位置|首页\s*[>»›/]|主页\s*[>»›/]|上一篇|下一篇|相关阅读|相关新闻"
    r"|相关链接|推荐阅读|热点推荐|延伸阅读|分享到|打印本页|关闭窗口|返回|【?\s*字[号体])"
)
# Page chrome in text (rule 7): breadcrumbs, site names, captions of page parts.
_CRUMB_SEP = "[>›»＞]"
_BREADCRUMB = re.compile(
    rf"[^>›»＞]{{0,30}}位置\s*[：:].*|[^>›»＞]{{1,20}}(?:\s*{_CRUMB_SEP}\s*[^>›»＞]{{1,30}}){{2,}}"
)
_SITE_NAME = re.compile(r".{1,40}?\s*[-|_｜]+")
_CAPTION = re.compile(
    r"(?:(?:相[关關]|[关關][联聯]|更多|[热熱]门|[热熱]門|推[荐薦]|最新|延伸|[热熱][评評]|精彩|您可能[会會]有[兴興]趣的)"
    r"(?:文章|稿件|[链鏈]接|[连連][结結]|[阅閱][读讀]|新[闻聞]|[报報][道导導]|[资資][讯訊]|[视視][频頻]|影片|[图圖]片)"
    r"|.{0,6}推[荐薦]"
    r"|(?:[网網]友|[发發]表|我要|查看|最新|[热熱]门|[热熱]門|全部|精彩)?(?:[评評][论論]|回[复復覆]|留言)"
    r"(?:[区區]|列表|\s*[（(]\d*[）)])?"
    r"|(?:文章|新[闻聞])?正文|.{0,8}[详詳](?:情|細))\s*[：:>»]*"
)
#: Captions of page parts are short; a longer heading merely mentions them.
CAPTION_MAX = 10
_ADDRESSEE_BODY = re.compile(r"^各|人民政府|委员会|委办局|各单位|各部门|有关单位|同志们")
#: An addressee line is short: a longer line ending in ``：`` is a sentence.
ADDRESSEE_MAX = 80
_QUANTITY = re.compile(
    r"(?:\d+(?:[.．]\d+)?\s*(?:[%％‰]|年|月|日|时|点|分|秒|个|万|亿|千|百|元|倍|人|次|家|项|名|位"
    r"|天|周|岁|公里|米|吨|户|件|辆|台|所|场|批|届|期|号)|\d{1,2}\s*[：:]\s*\d{2})"
)
_ENUMERATION = re.compile(rf"(?:[{_CN}]+是|首先|其次|再次|再者|最后|第[{_CN}]+[，,、])")
_LABEL = re.compile(
    r"(?:问|答|记者|主持人|嘉宾|编者按|Q|A"  # an interview's speakers
    r"|电话|联系电话|传真|地址|邮编|邮箱|网址|联系人|联系方式|时间|地点|GPS|Tel|Fax|E-?mail"
    r"|(?:通知|信息|文件)?类型|来源|发布(?:时间|日期|单位|机构)|成文日期|更新时间|索引号|文号|主题分类"
    r"|访问量|浏览(?:次数|量)|点击(?:数|量|率)|阅读(?:数|量))\s*[：:]",  # a page's metadata
    re.IGNORECASE,
)
_PAGE_NUMBER = re.compile(r".*?\S(?:\s*(?:[.·…．。_\-]{2,}|…+)\s*|\s+)\d{1,4}\s*")
_CONTENTS = frozenset({"目录", "目次", "目錄", "contents"})

# A sequel's number follows a sentence or clause boundary: one of these, or any space.
_BOUNDARY_CHARS = frozenset("；;。，,：:")
# The number of each family's sequel, without the boundary before it: a pattern that opens
# with a lookbehind is tried at every character, where one that opens with a character set
# is found by a scan in C (three times faster over a paragraph); :func:`has_inline_sequel`
# then checks the character before the match, as the lookbehind did.
_SEQUEL: dict[Family, re.Pattern[str]] = {
    Family.TW: re.compile(rf"([{TW_DIGITS}]{{1,4}})、"),
    Family.CN: re.compile(rf"([{_CN}]{{1,4}})、"),
    Family.CN_PAREN: re.compile(rf"[（(]([{_CN}]{{1,4}})[）)]"),
    Family.NUM: re.compile(r"(\d{1,3})[.．、。](?!\d)"),
    Family.NUM_PAREN: re.compile(r"[（(](\d{1,3})[）)]"),
    Family.HALF_PAREN: re.compile(r"(\d{1,3})[)）]"),
    Family.CIRCLED: re.compile(r"([\u2460-\u2473])"),
    Family.UPPER: re.compile(r"([A-Z])[.．、]"),
    Family.LOWER: re.compile(r"([a-z])[.．、]"),
}
# What each sequel must hold, found by a string search before any pattern runs: most
# paragraphs hold none of it, and the patterns that open with a repeat scan slowly.
_SEQUEL_NEEDS: dict[Family, str] = {
    Family.TW: "、",
    Family.CN: "、",
    Family.CN_PAREN: "）)",
    Family.NUM_PAREN: "）)",
    Family.HALF_PAREN: "）)",
    Family.UPPER: ".．、",
    Family.LOWER: ".．、",
}
_UNBOUNDED = frozenset({Family.CIRCLED})  # a circled number needs no boundary before it


_FILE_NAME = re.compile(
    r"\.(?:docx?|xlsx?|pptx?|pdf|rtf|wps|et|ofd|txt|zip|rar|7z|jpe?g|png)(?![A-Za-z0-9])",
    re.IGNORECASE,
)


ATTACHMENT_LIST = re.compile(r"\s*附\s*件\s*[:：]\s*([0-9]+)\s*[.．、]")
"""An attachment list's first line: ``附件：1.某某清单`` (rule 9); its number is group 1."""


def names_a_file(title: str) -> bool:
    """``某某参考表.docx``: a list of attachments, not a heading."""
    return "." in title and _FILE_NAME.search(title) is not None


def is_date_line(text: str) -> bool:
    """``2022年1月11日`` or ``二〇二二年一月十一日`` alone on its line."""
    return _DATE_LINE.fullmatch(text.strip()) is not None


def is_issuing_number(text: str) -> bool:
    """``某政办发〔2021〕33号``, ``第 215 号`` or ``某某令第8号`` alone on its line."""
    return _ISSUING_NUMBER.fullmatch(text.strip()) is not None


def is_addressee(text: str) -> bool:
    """``各区人民政府，市各委办局：``: whom a document is sent to."""
    text = text.strip()
    return (
        len(text) <= ADDRESSEE_MAX
        and text.endswith(("：", ":"))
        and _ADDRESSEE_BODY.search(text) is not None
    )


_PHOTO_CAPTION = re.compile(
    r"(?:图为|图片为|上图|下图|左图|右图|图\s*\d*\s*[：:])|.*[（(][^（()）]{0,20}摄[）)]\s*$"
)
"""A photo's caption: ``图为某某会议现场。``, ``图：…``, or a credit ``（某某摄）`` at its end."""


def is_caption(text: str) -> bool:
    """``图为启动仪式现场。（某某摄）``: a photo's caption, never a heading (rule 3)."""
    return _PHOTO_CAPTION.match(text.strip()) is not None


def is_furniture(text: str) -> bool:
    """Issuing number, date line, source or byline, page chrome, or addressee.

    Args:
        text: An unnumbered block's text.

    Returns:
        True when the block is document furniture, never a heading.
    """
    text = text.strip()
    return bool(
        _ISSUING_NUMBER.fullmatch(text)
        or is_date_line(text)
        or _DATELINE.fullmatch(text)
        or _SOURCE_LINE.match(text)
        or _CHROME.match(text)
        or is_addressee(text)
    )


def is_chrome_text(text: str) -> bool:
    """Breadcrumbs, a site name ending in ``-``/``|``/``_``, or a page part's caption.

    Args:
        text: An unnumbered heading's text.

    Returns:
        True when the text is page chrome (docs/OUTLINE.md rule 7), never a heading.
    """
    text = text.strip()
    if _BREADCRUMB.fullmatch(text) or _SITE_NAME.fullmatch(text):
        return True
    return len(text) <= CAPTION_MAX and _CAPTION.fullmatch(text) is not None


def starts_with_figure(text: str) -> bool:
    """A year, date, time, quantity or percentage opens the sentence (``2025年…``)."""
    return _QUANTITY.match(text.strip()) is not None


def starts_with_enumeration(text: str) -> bool:
    """An in-line enumeration opens the text (``一是…``, ``首先…``, ``第一，…``)."""
    return _ENUMERATION.match(text.strip()) is not None


def is_label(lead: str) -> bool:
    """A speaker or note label (``问：``, ``记者：``), not a heading."""
    return _LABEL.fullmatch(lead.strip()) is not None


def starts_with_label(text: str) -> bool:
    """A label opens the text (``电话：0000``, ``GPS: N24``): data, not a heading."""
    return _LABEL.match(text.strip()) is not None


def is_contents_title(text: str) -> bool:
    """The ``目  录`` line (or ``《某某方案》的目录``) that introduces a table of contents."""
    key = "".join(text.split()).lower()
    if len(key) <= 12 and key.rstrip("：:") in _CONTENTS:
        return True
    return len(key) <= 60 and key.rstrip("：:").endswith(("的目录", "的目次", "的目錄"))


def ends_with_page_number(rest: str) -> bool:
    """A contents line: the heading ends with a page number or dot leaders.

    Args:
        rest: The text after the marker (``"总则 ........ 1"``).

    Returns:
        True when the text ends with leaders or a space and a page number.
    """
    tail = rest.rstrip()
    return tail[-1:].isdecimal() and _PAGE_NUMBER.fullmatch(tail) is not None


def has_inline_sequel(text: str, marker: Marker) -> bool:
    """Whether the next number of the marker's family follows inside the paragraph.

    ``1.加强领导；2.完善机制`` is an in-line enumeration, not a heading; a
    cross-reference such as ``比照(二)、(三)项`` does not follow a sentence
    boundary, so it does not count.

    Args:
        text: The block's text.
        marker: The marker the block opens with.

    Returns:
        True when the block enumerates in-line.
    """
    family = marker.family
    pattern = _SEQUEL.get(family)
    if pattern is None or marker.value is None:
        return False
    start = marker.end
    needs = _SEQUEL_NEEDS.get(family)
    if needs is not None:
        for char in needs:  # a loop, not all(...): a generator costs more than these finds
            if text.find(char, start) >= 0:
                break
        else:
            return False
    wanted = marker.value + 1
    bounded = family not in _UNBOUNDED
    search = pattern.search
    while (match := search(text, start)) is not None:
        at = match.start()
        if bounded and not (at and _is_boundary(text[at - 1])):
            start = at + 1  # where the lookbehind failed: the scan goes on at the next character
            continue
        if _ordinal(match[1]) == wanted:
            return True
        start = match.end()
    return False


def _is_boundary(char: str) -> bool:
    """A sentence or clause boundary before a sequel's number: the old lookbehind's class."""
    return char in _BOUNDARY_CHARS or char.isspace()


def _ordinal(token: str) -> int:
    if token.isdecimal():
        return int(token)
    if "\u2460" <= token <= "\u2473":
        return ord(token) - 0x2460 + 1
    if token.isascii() and token.isalpha():
        return ord(token.lower()) - ord("a") + 1
    return chinese_number(token)
