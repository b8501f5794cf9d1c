"""A person's path through the app in Debian's chromium, driven by Playwright, at desktop and
phone widths: the search page (type, marked results, facet, paging, export), the comparison
across cities with its chart, the source view, and Datasette's own table search."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT
from playwright.sync_api import expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# PERFKB_SCREENSHOTS=docs saves search.png, compare.png and search-phone.png there
SHOTS = os.environ.get("PERFKB_SCREENSHOTS")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(seed_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    shutil.copy(seed_db, folder / "kb.db")
    port = _free_port()
    datasette = Path(sys.executable).with_name("datasette")
    process = subprocess.Popen(
        [
            str(datasette),
            "serve",
            "-i",
            str(folder / "kb.db"),
            "-m",
            str(ROOT / "metadata.yml"),
            "--plugins-dir",
            str(ROOT / "plugins"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(url + "/-/versions.json", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("datasette did not start")
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    assert os.path.exists(CHROMIUM), "install Debian's chromium (test.sh does)"
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / name), full_page=False)


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"] + 1


def test_search_page_desktop(server, browser, tmp_path):
    page = browser.new_page(viewport=DESKTOP, accept_downloads=True)
    page.goto(server + "/")
    page.fill("#q", "电子警察 维护")
    page.press("#q", "Enter")
    page.wait_for_url("**/-/search?q=*")
    cards = page.locator("li.card")
    expect(cards.first).to_be_visible()
    expect(page.locator(".perfkb-summary .count")).to_contain_text("1–")
    expect(cards.first.locator("mark").first).to_be_visible()
    first_box = cards.first.bounding_box()
    assert first_box["y"] < 300  # results start on the first screen, under the search box
    expect(page.locator(".facet[data-column=city] li a").first).to_be_visible()
    _shot(page, "search.png")
    # a facet narrows the results and shows as a removable chip
    city = page.locator(".facet[data-column=city] li a").first
    city_name = city.locator(".v").inner_text()
    city.click()
    page.wait_for_url("**city=*")
    expect(page.locator(".chip")).to_contain_text(city_name)
    for place in page.locator("li.card .place").all_inner_texts():
        assert city_name in place
    # export exactly these results: the Excel CSV starts with a BOM
    with page.expect_download() as download:
        page.locator("a.export-excel").click()
    path = tmp_path / "export.csv"
    download.value.save_as(path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "三级指标" in data.decode("utf-8-sig").split("\r\n")[0]
    total = int(page.locator(".perfkb-summary .count").inner_text().split("/")[-1].replace(",", ""))
    assert len(data.decode("utf-8-sig").strip().split("\r\n")) - 1 == total
    # paging, both ways
    page.goto(server + "/-/search?q=满意度")
    total = page.locator(".perfkb-summary .count").inner_text()
    first_ids = [c.get_attribute("id") for c in page.locator("li.card").all()]
    page.locator("a.next").first.click()
    expect(page.locator(".perfkb-summary .count")).to_contain_text("21–40")
    assert not set(first_ids) & {c.get_attribute("id") for c in page.locator("li.card").all()}
    page.locator("a.prev").first.click()
    expect(page.locator(".perfkb-summary .count")).to_have_text(total)
    assert [c.get_attribute("id") for c in page.locator("li.card").all()] == first_ids
    # the source line of a result
    page.locator("li.card a.source").first.click()
    page.wait_for_url("**/-/source/**")
    expect(page.locator("tr.hit")).to_be_visible()
    page.close()


def test_compare_page_draws_the_chart(server, browser):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(server + "/-/search?q=群众满意度")
    page.locator("li.card a.compare").first.click()
    page.wait_for_url("**/-/compare?*")
    chart = page.locator("svg.compare-chart").first
    expect(chart).to_be_visible()
    assert chart.bounding_box()["height"] > 100
    assert page.locator("svg.compare-chart circle.dot").count() >= 10
    expect(chart).to_contain_text("中位数")
    expect(page.locator("table.compare-stats")).to_contain_text("%")
    _shot(page, "compare.png")
    # sortable: the value column, largest first
    page.locator("table.compare-table th.col-value_num a").click()
    page.locator("table.compare-table th.col-value_num a").click()
    page.wait_for_url("**desc=1*")
    numbers = [float(t) for t in page.locator("table.compare-table tbody td:nth-child(8)").all_inner_texts() if t]
    assert numbers and numbers == sorted(numbers, reverse=True)
    page.close()


def test_phone_width(server, browser):
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(server + "/")
    page.fill("#q", "吕梁 满意度")
    page.press("#q", "Enter")
    page.wait_for_url("**/-/search?q=*")
    cards = page.locator("li.card")
    expect(cards.first).to_be_visible()
    assert cards.first.bounding_box()["y"] < 844  # the first result is on the first screen
    assert cards.first.bounding_box()["height"] < 260  # a compact card, not 26 fields
    expect(cards.first.locator("mark").first).to_be_visible()
    _no_sideways_scroll(page)
    _shot(page, "search-phone.png")
    page.locator(".facets-toggle > summary").click()
    page.locator(".facet[data-column=value_kind] li a").first.click()
    page.wait_for_url("**value_kind=*")
    expect(page.locator(".chip")).to_be_visible()
    page.locator("li.card a.compare").first.click()
    page.wait_for_url("**/-/compare?*")
    expect(page.locator("svg.compare-chart").first).to_be_visible()
    page.close()


def test_table_search_still_datasette(server, browser):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(server + "/kb/indicators")
    page.fill("#_search", "交通违法")
    page.press("#_search", "Enter")
    page.wait_for_url("**_search=*")
    expect(page.locator("h3").first).to_contain_text("row")
    expect(page.locator("table.rows-and-columns mark", has_text="交通违法").first).to_be_visible()
    expect(page.locator(".export-links a.csv-excel")).to_be_visible()
    page.close()


def test_indicator_page_shows_similar_indicators_from_other_cities(server, browser):
    page = browser.new_page()
    page.goto(server + "/kb/indicators/1000028")  # 安阳: 群众满意度
    panel = page.locator("section.similar-indicators")
    expect(panel).to_contain_text("其他文件中的相似指标")
    expect(panel.locator("p").first).to_be_visible()
    expect(panel).not_to_contain_text("安阳")
    panel.locator("p a[href*='/kb/indicators/']").first.click()
    page.wait_for_url("**/kb/indicators/*")
    expect(page.locator("body")).to_contain_text("满意")
    page.close()
