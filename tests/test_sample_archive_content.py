"""The bundled sample archive says what its author meant it to say.

``sample_posts/`` is the first thing a new user sees and the input of the
golden-file tests, so each post is written to exercise one rule (a date form,
a category source, a numbering style). These tests read the front matter with
plain ``yaml.safe_load`` — not the project's loader — so a loader bug cannot
hide a content mistake, and a content mistake shows up here first.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from tests.conftest import SAMPLE, SEED

POST_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9-]+\.(md|markdown|html)$")
CST = timezone(timedelta(hours=8))

#: The tag every post of a category carries (the seed's convention).
SHARED_TAG = {
    "changzhouribao": "常州日报新闻",
    "economy": "经济",
    "culture": "文化",
    "tech": "科技",
    "asia": "亚洲",
}

#: Human titles given by the pages under ``category/``.
CATEGORY_TITLES = {
    "changzhouribao": "常州日报新闻",
    "economy": "经济",
    "culture": "文化",
    "tech": "科技",
    "world": "国际",
    "asia": "亚洲",
}


def front_matter(path: Path) -> dict[str, object]:
    """Parse the YAML between the first two ``---`` lines of ``path``.

    Args:
        path: A post or page of the sample archive.

    Returns:
        The front matter mapping.
    """
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "---", f"{path} does not open with a front matter fence"
    end = lines.index("---", 1)
    data = yaml.safe_load("\n".join(lines[1:end]))
    assert isinstance(data, dict), f"{path}: front matter is not a mapping"
    return data


def text(rel: str) -> str:
    """The whole text of the sample file at ``rel`` (relative to the archive root)."""
    return (SAMPLE / rel).read_text(encoding="utf-8")


def post_files() -> list[Path]:
    """Every file inside a ``_posts`` folder of the sample archive, sorted."""
    return sorted(p for p in SAMPLE.rglob("*") if p.is_file() and "_posts" in p.parts)


def words(value: object) -> list[str]:
    """Jekyll's reading of a list-or-string field (a string splits on whitespace)."""
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    assert isinstance(value, list)
    return [str(item) for item in value]


def categories_of(path: Path, data: dict[str, object]) -> list[str]:
    """Folder categories above ``_posts``, then ``categories``, then ``category``."""
    rel = path.relative_to(SAMPLE).parts
    found = list(rel[: rel.index("_posts")]) + words(data.get("categories"))
    single = data.get("category")
    if single is not None:
        found.append(str(single))
    return list(dict.fromkeys(found))


def test_archive_has_enough_posts_with_jekyll_names() -> None:
    names = [p.name for p in post_files()]
    assert len(names) >= 19  # the seed plus at least 18
    bad = [n for n in names if n != SEED.name and not POST_NAME.match(n)]
    assert bad == []


@pytest.mark.parametrize("path", post_files(), ids=lambda p: p.name)
def test_post_is_readable_sized_and_titled(path: Path) -> None:
    assert 1024 <= path.stat().st_size <= 8 * 1024
    title = front_matter(path).get("title")
    assert isinstance(title, str) and title.strip()
    assert "\x1b" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", post_files(), ids=lambda p: p.name)
def test_every_post_carries_its_categories_shared_tag(path: Path) -> None:
    data = front_matter(path)
    cats = categories_of(path, data)
    tags = words(data.get("tags"))
    assert cats, f"{path.name} has no category"
    missing = [SHARED_TAG[c] for c in cats if c in SHARED_TAG and SHARED_TAG[c] not in tags]
    assert missing == []


EXPECTED: list[tuple[str, dict[str, object]]] = [
    # Dates: PyYAML keeps "+0800" as text, resolves "+08:00" to an aware datetime,
    # an offset-less time to a naive one and a bare day to a date.
    ("_posts/2022-03-01-changzhengfa-2022-5.md", {"date": "2022-03-01 08:30:00 +0800"}),
    (
        "_posts/2022-03-02-xiangcun-zhenxing-shishi-fangan.md",
        {"date": datetime(2022, 3, 2, 10, 0, tzinfo=CST), "categories": ["changzhouribao"]},
    ),
    ("_posts/2022-03-03-2021-tongji-gongbao.md", {"date": datetime(2022, 3, 3, 7, 0)}),
    (
        "_posts/2022-03-04-youhua-yingshang-huanjing.md",
        {"date": date(2022, 3, 4), "category": "economy", "tags": "经济 营商环境 政务服务"},
    ),
    ("_posts/2022-02-15-shequ-zhiyuan-fuwu-tiaoli.md", {"date": None}),
    (
        "tech/_posts/2027-06-01-liangzi-tongxin-shifan-wang.md",
        {"date": "2027-06-01 09:00:00 +0800"},
    ),
    (
        "world/asia/_posts/2022-03-07-dongnanya-dianshang-guancha.md",
        {"date": "2022-03-07 12:00:00 +0700"},
    ),
    ("culture/_posts/2022-03-10-xiqu-jin-xiaoyuan.md", {"published": False}),
    (
        "culture/_posts/2022-03-08-guji-fangkuohao.md",
        {
            "title": "[bold]标签[/bold]不是样式：Rich 标记应原样显示",
            "slug": "rich-markup-literal",
            "tags": ["文化", "古籍整理", "[red]校勘[/red]"],
        },
    ),
    ("tech/_posts/2022-03-09-reading-news-archives-in-the-terminal.md", {"layout": None}),
    (
        "_posts/2022-01-11-NW202201112242932867.md",
        {"categories": "changzhouribao", "tags": "常州日报新闻"},
    ),
]


@pytest.mark.parametrize(("rel", "expected"), EXPECTED, ids=[rel for rel, _ in EXPECTED])
def test_front_matter_fields_are_as_intended(rel: str, expected: dict[str, object]) -> None:
    data = front_matter(SAMPLE / rel)
    assert {key: data.get(key) for key in expected} == expected


def test_exactly_one_draft_and_one_future_post() -> None:
    drafts = [p.name for p in post_files() if front_matter(p).get("published") is False]
    future = [p.name for p in post_files() if p.name[:4] > "2026"]
    assert drafts == ["2022-03-10-xiqu-jin-xiaoyuan.md"]
    assert future == ["2027-06-01-liangzi-tongxin-shifan-wang.md"]


@pytest.mark.parametrize(("slug", "title"), sorted(CATEGORY_TITLES.items()))
def test_category_page_gives_a_human_title(slug: str, title: str) -> None:
    data = front_matter(SAMPLE / "category" / f"{slug}.md")
    assert data == {"layout": "category", "title": title, "permalink": f"/category/{slug}.html"}


def test_every_category_used_by_a_post_has_a_page() -> None:
    used = {c for p in post_files() for c in categories_of(p, front_matter(p))}
    assert used == set(CATEGORY_TITLES)


def test_config_sets_timezone_and_a_defaults_sample() -> None:
    config = yaml.safe_load((SAMPLE / "_config.yml").read_text(encoding="utf-8"))
    assert config["timezone"] == "Asia/Shanghai"
    assert isinstance(config["title"], str)
    assert config["defaults"] == [
        {
            "scope": {"path": "tech", "type": "posts"},
            "values": {"layout": "post", "author": "科技部"},
        }
    ]


@pytest.mark.parametrize(
    ("rel", "needle"),
    [
        ("_posts/2022-03-01-changzhengfa-2022-5.md", "<p>常政发〔2022〕5号</p>"),
        ("_posts/2022-03-01-changzhengfa-2022-5.md", "<p>各辖市、区人民政府，市各委办局：</p>"),
        ("_posts/2022-03-01-changzhengfa-2022-5.md", "<p>2022年3月1日</p>"),
        ("_posts/2022-02-15-shequ-zhiyuan-fuwu-tiaoli.md", "<p>第一章　总  则</p>"),
        ("_posts/2022-02-15-shequ-zhiyuan-fuwu-tiaoli.md", "<p>第一节　志愿服务组织</p>"),
        ("_posts/2022-02-20-fangxun-yingji-yuan.html", "<p>1.2.1 法律法规</p>"),
        ("_posts/2022-02-25-yejian-qiangxiu-jizhe-shouji.md", "<p><strong>短评</strong></p>"),
        ("_posts/2022-01-20-shuzi-jingji-sannian-xingdong.md", "<p>①支持企业"),
        ("_posts/2022-01-20-shuzi-jingji-sannian-xingdong.md", "<p>a.负责统筹"),
        ("_posts/2022-01-20-shuzi-jingji-sannian-xingdong.md", "<p>1)车规级芯片；</p>"),
        ("_posts/2022-03-04-youhua-yingshang-huanjing.md", "比照(二)、(三)项"),
        ("_posts/2022-03-03-2021-tongji-gongbao.md", "\n\n27.32%，"),
        ("_posts/2022-03-05-chengshi-malasong-baoming.md", "[返回首页](//news.example.com/)"),
        (
            "world/asia/_posts/2022-02-08-rcep-shengxiao-yigeyue.md",
            "<p><strong>关税减让加速释放红利。</strong>",
        ),
    ],
)
def test_body_holds_the_case_it_was_written_for(rel: str, needle: str) -> None:
    assert needle in text(rel)


def test_emergency_plan_contents_repeat_the_body_headings() -> None:
    lines = text("_posts/2022-02-20-fangxun-yingji-yuan.html").splitlines()
    after = lines[lines.index("<p>目  录</p>") + 1 :]
    toc = [ln for ln in after if re.fullmatch(r"<p>[\d.]+ \S+</p>", ln)]
    first_body = toc.index("<p>1 总则</p>", 1)
    assert set(toc[:first_body]) <= set(toc[first_body:])


def test_statistics_bulletin_has_no_heading_markers() -> None:
    body = text("_posts/2022-03-03-2021-tongji-gongbao.md").split("---", 2)[2]
    paragraphs = [para.strip() for para in body.split("\n\n") if para.strip()]
    marker = re.compile(
        r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、。](?!\d)|[#*]"
    )
    assert [p for p in paragraphs if marker.match(p)] == []
    assert sum(p.startswith("2021年") for p in paragraphs) >= 2
