"""A person's path through the app in Debian's chromium, driven by Playwright."""
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
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


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
        [str(datasette), "serve", "-i", str(folder / "kb.db"), "-m", str(ROOT / "metadata.yml"),
         "--plugins-dir", str(ROOT / "plugins"), "-h", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
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


def test_search_facet_and_source_view(server, tmp_path):
    assert os.path.exists(CHROMIUM), "install Debian's chromium (test.sh does)"
    screenshot = Path(os.environ.get("PERFKB_SCREENSHOT", tmp_path / "search.png"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server + "/kb/indicators")
        page.fill("#_search", "交通违法")
        page.press("#_search", "Enter")
        page.wait_for_url("**_search=*")
        expect(page.locator("h3").first).to_contain_text("3 rows")
        # typed into the page's form (which re-submits the default sort): best matches first
        expect(page.locator("h3").first).to_contain_text("sorted by _relevance")
        expect(page.locator("table.rows-and-columns mark", has_text="交通违法").first).to_be_visible()
        city_facet = page.locator(".facet-info[data-column=city] li a").first
        expect(city_facet).to_be_visible()
        page.evaluate("document.querySelector('form.filters').scrollIntoView()")
        page.screenshot(path=str(screenshot), full_page=False)
        city_facet.click()
        page.wait_for_url("**city=*")
        expect(page.locator("h3").first).to_contain_text("row")
        page.locator("td.col-source_line a").first.click()
        page.wait_for_url("**/-/source/**")
        hit = page.locator("tr.hit")
        expect(hit).to_contain_text("交通违法行为下降率")
        browser.close()
    assert screenshot.stat().st_size > 10_000


def test_indicator_page_shows_similar_indicators_from_other_cities(server):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(server + "/kb/indicators/1000028")  # 安阳: 群众满意度
        panel = page.locator("section.similar-indicators")
        expect(panel).to_contain_text("其他文件中的相似指标")
        expect(panel.locator("tbody tr").first).to_be_visible()
        expect(panel).not_to_contain_text("安阳市")
        panel.locator("tbody tr a").first.click()
        page.wait_for_url("**/kb/indicators/*")
        expect(page.locator("td.col-level3")).to_contain_text("满意")
        browser.close()
