"""Generate a synthetic archive shaped like the seed post, reproducibly.

Each post is a Jekyll post with the seed's front matter fields and an HTML
body of numbered plan structure (``一、`` > ``(一)`` > ``1。`` > ``——``), 5-8 KB
of random Chinese drawn from a fixed seed, with some English words, a few
folder categories, and the mirrored-post trailer. The same ``(count, seed)``
always gives the same bytes, so benchmark runs compare like with like. Each
post draws from its own generator (seeded by the seed and its number), so the
10^6 posts of the largest benchmark are written on every core, in any order,
and a smaller archive is the first posts of a larger one.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from newsreader.core.parallel import parallel_map

SEED = 20220111

# Common characters of news prose: enough variety for realistic index sizes.
_HANZI = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子"
    "说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当"
    "使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你"
    "明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果"
    "料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农"
    "指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济"
    "阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示"
    "议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装"
    "影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克"
    "何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适"
    "属圆包火住调满县局照参红细引听该铁价严州科协常创新服务发展规划纲要社区志愿应急防汛乡村振兴优化营商环境"
)
_ENGLISH = (
    "smart",
    "city",
    "Internet",
    "AI",
    "5G",
    "big",
    "data",
    "green",
    "Changzhou",
    "Jiangsu",
    "innovation",
    "startup",
    "cloud",
    "platform",
    "service",
)
_NUMERALS = "一二三四五六七八九十"
_SOURCES = (
    ("changzhouribao", "常州日报新闻"),
    ("wujinribao", "武进日报新闻"),
    ("changzhouwanbao", "常州晚报新闻"),
    ("jiangnanshibao", "江南时报新闻"),
)
_FOLDERS = ("", "", "", "", "city/", "city/district/", "economy/")
_START = datetime(2015, 1, 1)


def _phrase(rng: random.Random, low: int, high: int) -> str:
    """Random Chinese of ``low``-``high`` characters, now and then an English word."""
    text = "".join(rng.choices(_HANZI, k=rng.randint(low, high)))
    if rng.random() < 0.15:
        cut = rng.randint(0, len(text))
        text = f"{text[:cut]} {rng.choice(_ENGLISH)} {text[cut:]}"
    return text


def _sentences(rng: random.Random, count: int) -> str:
    """A paragraph of ``count`` sentences."""
    return "".join(
        _phrase(rng, 12, 40) + rng.choice("，。；") + _phrase(rng, 8, 30) + "。"
        for _ in range(count)
    )


def _section(rng: random.Random, number: int) -> list[str]:
    """One ``一、`` section with its ``(一)`` items, ``1。`` items and ``——`` leaves."""
    lines = [f"<p>{_NUMERALS[number]}、{_phrase(rng, 4, 8)}</p>"]
    for sub in range(rng.randint(2, 4)):
        lines.append(f"<p>({_NUMERALS[sub]}){_phrase(rng, 8, 16)}。{_sentences(rng, 2)}</p>")
        for item in range(rng.randint(0, 3)):
            lines.append(f"<p>{item + 1}。{_phrase(rng, 6, 12)}</p>")
            lines.extend(f"<p>——{_phrase(rng, 6, 14)}。</p>" for _ in range(rng.randint(1, 3)))
    return lines


def post_text(rng: random.Random, index: int) -> tuple[str, str]:
    """Return ``(relative path, file text)`` of post number ``index``."""
    date = _START + timedelta(minutes=rng.randint(0, 10 * 365 * 24 * 60))
    slug, tag = rng.choice(_SOURCES)
    title = _phrase(rng, 8, 24).replace('"', "")
    body = [f"<p>{_sentences(rng, 3)}</p>"]
    for number in range(rng.randint(3, 5)):
        body.extend(_section(rng, number))
    body.append('<p class="em_media">（文章来源：常州日报）</p>')
    front = (
        f'---\nlayout: post\ntitle: "{title}"\ndate: {date:%Y-%m-%d %H:%M:%S} +0800\n'
        f"categories: {slug}\ntags: {tag}\n---\n"
    )
    trailer = (
        f"\n\n<http://example.com/news/{index}.html>\n\n"
        f"[返回{tag}](/category/{slug}) ｜ [返回首页](/)\n"
    )
    name = f"{rng.choice(_FOLDERS)}_posts/{date:%Y-%m-%d}-NW{index:09d}.md"
    return name, front + "\n ".join(body) + trailer


_CHUNK = 2_000  # posts written by one task


def generate(root: Path, count: int, seed: int = SEED) -> Path:
    """Write an archive of ``count`` posts under ``root`` and return ``root``.

    Args:
        root: Folder to create (or fill) with ``_config.yml`` and ``_posts``.
        count: How many posts.
        seed: Random seed; the same seed gives the same archive.
    """
    root.mkdir(parents=True, exist_ok=True)
    for folder in set(_FOLDERS):
        (root / folder / "_posts").mkdir(parents=True, exist_ok=True)
    starts = list(range(0, count, _CHUNK))
    parallel_map(partial(_write_posts, root, count, seed), starts, min_items=2)
    # Written last: an archive with its config is complete (the benchmark reuses it).
    (root / "_config.yml").write_text("title: bench\ntimezone: Asia/Shanghai\n", encoding="utf-8")
    return root


def _write_posts(root: Path, count: int, seed: int, start: int) -> int:
    """Write posts ``start`` up to ``start + _CHUNK`` (fewer at the end); return how many."""
    stop = min(count, start + _CHUNK)
    for index in range(start, stop):
        rel, text = post_text(random.Random(seed * 1_000_003 + index), index)
        (root / rel).write_text(text, encoding="utf-8")
    return stop - start
