"""The limit of wrong sign-in tokens a minute holds for the whole firm's workbench, not per process:
two workbenches serving one store (as two workers do) refuse together after the stated number."""
from __future__ import annotations

from selenium.webdriver.common.by import By

from assembler.web import security
from tests.web.browser import chromium, served
from tests.web.test_browser import SHOTS, shot, wait


def sign_in(driver, url: str, token: str) -> str:
    """The sign-in page's answer to ``token``, as a visitor reads it."""
    driver.get(url + "/login")
    driver.find_element(By.ID, "user").send_keys("Eve")
    driver.find_element(By.ID, "token").send_keys(token)
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
    wait(driver, lambda: driver.find_elements(By.CSS_SELECTOR, "p.error") or driver.current_url.rstrip("/") == url,
         timeout=30)
    errors = driver.find_elements(By.CSS_SELECTOR, "p.error")
    return errors[0].text if errors else "signed in"


def test_two_workbenches_on_one_store_refuse_together_after_the_stated_number(store_url, tmp_path):
    SHOTS.mkdir(exist_ok=True)
    options = dict(token="s3cret", database_url=store_url)
    with served(tmp_path / "ws", **options) as first, served(tmp_path / "ws", **options) as second, \
            chromium(tmp_path / "downloads") as driver:
        driver.get(first + "/login")
        stated = driver.find_element(By.CSS_SELECTOR, "form[action='/login'] .help").text
        assert stated == "After 5 wrong tokens within a minute, sign-in from this computer is paused for a minute."
        # Three wrong tokens to one, two to the other: five in the minute between them.
        answers = [sign_in(driver, url, "guess") for url in (first, second, first, second, first)]
        assert answers == ["That token is not right."] * 5
        # The sixth, even the right token and to either, is refused: the pause counts both.
        for url in (second, first):
            paused = sign_in(driver, url, "s3cret")
            assert paused.startswith("Sign-in is paused: 5 wrong tokens were given from this computer"), paused
        shot(driver, "sign-in-paused")
        assert security.LOGIN_LIMIT == 5


def test_a_right_token_is_not_counted_against_the_address(store_url, tmp_path):
    with served(tmp_path / "ws", token="s3cret", database_url=store_url) as url, \
            chromium(tmp_path / "downloads") as driver:
        for _ in range(security.LOGIN_LIMIT + 1):
            driver.delete_all_cookies()
            assert sign_in(driver, url, "s3cret") == "signed in"


def test_guesses_sent_at_once_to_two_workbenches_pass_the_count_no_more_than_the_limit(store_url, tmp_path):
    """Counted before the token is checked: ten wrong guesses sent together, half to each
    workbench, get five answers that the token is wrong and five refusals, never more than five."""
    import re
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    with served(tmp_path / "ws", token="s3cret", database_url=store_url) as first, \
            served(tmp_path / "ws", token="s3cret", database_url=store_url) as second:
        with httpx.Client(base_url=first, timeout=60) as client:
            csrf = re.search(r'name="_csrf" value="([^"]+)"', client.get("/login").text).group(1)
            cookie = client.cookies.get("assembler_session")

        def guess(url: str) -> int:
            with httpx.Client(base_url=url, timeout=60, cookies={"assembler_session": cookie}) as each:
                return each.post("/login", data={"_csrf": csrf, "token": "guess", "user": "Eve"}).status_code
        with ThreadPoolExecutor(10) as pool:
            answers = list(pool.map(guess, [first, second] * 5))
    assert sorted(answers) == [403] * security.LOGIN_LIMIT + [429] * 5, answers
