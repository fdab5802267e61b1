"""One Chromium walk through the console's 会员 pages, in 中文 and in English: the menu's Members group, a member level
added and edited (and its member discount started), a shopper's points granted and an over-large deduction refused
in words on their page, their profile (region picked by name) and a store card number linked, a top-up plan added
(yuan typed, shown with its bonus), a batch of gift cards issued (its codes shown once). No script error or CSP
violation on any page."""

from __future__ import annotations

import uuid

from tests.e2e.web.conftest import console_sign_in, watch_script_errors


def _register_shopper(browser, live_shop) -> str:  # type: ignore[no-untyped-def]
    """A shopper signs up on the storefront (the console has no way to add one): their email."""
    email = f"li.{uuid.uuid4().hex[:8]}@example.cn"
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_shop.url}/shop/{live_shop.slug}/login?mode=register")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", "shopper-pass-1")
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    context.close()
    return email


def _profile_and_doors(console, words: dict[str, str], suffix: str) -> None:  # type: ignore[no-untyped-def]
    """On the member's page: a region picked by name (the cities follow the province), gender and consent saved
    and shown; a store card number linked and listed, an email of the wrong shape refused next to its field."""
    console.select_option("#customer-form select[name=province_code]", label="广东省")
    console.wait_for_selector("#customer-form select[name=city_code] option[value='4403']", state="attached")
    console.select_option("#customer-form select[name=city_code]", label="深圳市")
    console.select_option("#customer-form select[name=gender]", value="female")
    console.check("#customer-form input[name=marketing_consent]")
    console.click("#customer-form button[type=submit]")
    console.wait_for_selector("[data-done=profile]")
    assert console.inner_text("[data-region]") == "广东省 深圳市"
    assert console.inner_text("[data-gender]") == words["female"]
    console.select_option("#door-form select[name=kind]", value="email")
    console.fill("#door-form input[name=value]", "not-an-email")
    console.click("#door-form button[type=submit]")
    console.wait_for_selector("#door-form [data-error-for=value]")
    console.select_option("#door-form select[name=kind]", value="card")
    console.fill("#door-form input[name=value]", f"vip-{suffix}")
    console.click("#door-form button[type=submit]")
    console.wait_for_selector("[data-done=linked]")
    assert f"VIP{suffix}" in console.inner_text("#door-list")


def _walk(console, live_shop, shot, locale: str, email: str, words: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    base = f"{live_shop.url}/console"
    suffix = uuid.uuid4().hex[:4].upper()
    console.goto(f"{base}/members/levels")
    assert words["levels"] in console.inner_text("nav")
    console.fill("#level-form input[name=code]", f"V{suffix}")
    console.fill("#level-form input[name=name]", words["level"])
    console.fill("#level-form input[name=threshold]", str(int(suffix, 16) + 1))
    console.fill("#level-form input[name=points_multiplier]", "1.5")
    console.check("#level-form input[name=free_shipping]")
    console.click("#level-form button[type=submit]")
    console.wait_for_selector("[data-done=created]")
    row = console.locator(f"tr[data-level=V{suffix}]")
    assert "1.5 ×" in row.inner_text()
    row.locator("a[data-edit]").click()
    console.fill("#level-form input[name=points_multiplier]", "abc")
    console.click("#level-form button[type=submit]")
    console.wait_for_selector("[data-error-for=points_multiplier]")
    console.fill("#level-form input[name=points_multiplier]", "2")
    console.click("#level-form button[type=submit]")
    console.wait_for_selector("[data-done=saved]")
    assert "2 ×" in console.locator(f"tr[data-level=V{suffix}]").inner_text()
    shot(console, f"console-member-levels-{locale}")
    console.locator(f"tr[data-level=V{suffix}] a[data-edit]").click()
    console.fill("#discount-form input[name=zhe]", "9.5")
    console.click("#discount-form button[type=submit]")
    console.wait_for_selector("[data-done=discount]")
    assert words["discount"] in console.inner_text("#level-discounts")
    shot(console, f"console-member-level-{locale}")

    console.goto(f"{base}/customers?q={email}")
    console.click("#customers tbody a >> nth=0")  # the search finds the one shopper
    console.fill("#points-form input[name=points]", "-99999")
    console.fill("#points-form input[name=reason]", words["reason"])
    console.click("#points-form button[type=submit]")
    console.wait_for_selector("#points-form [data-error-for=__form__]")
    assert words["insufficient"] in console.inner_text("#points-form")
    console.fill("#points-form input[name=points]", "120")
    console.click("#points-form button[type=submit]")
    console.wait_for_selector("[data-done=points]")
    assert console.inner_text("#points-balance") in ("120", "240")
    assert words["reason"] in console.inner_text("#points-ledger")
    shot(console, f"console-member-points-{locale}")
    _profile_and_doors(console, words, suffix)
    shot(console, f"console-member-profile-{locale}")
    console.set_viewport_size({"width": 768, "height": 900})  # a tablet: the two ledgers side by side still fit
    assert console.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    console.set_viewport_size({"width": 1280, "height": 900})

    console.goto(f"{base}/members/top-up-plans")
    console.fill("#plan-form input[name=name]", words["plan"])
    console.fill("#plan-form input[name=amount]", "500")
    console.fill("#plan-form input[name=bonus]", "50.50")
    console.click("#plan-form button[type=submit]")
    console.wait_for_selector("[data-done=created]")
    assert "¥550.50" in console.locator(f"tr[data-plan='{words['plan']}']").first.inner_text()
    shot(console, f"console-top-up-plans-{locale}")

    console.goto(f"{base}/members/gift-cards")
    console.fill("#gift-card-form input[name=batch]", words["plan"])
    console.fill("#gift-card-form input[name=value]", "100")
    console.fill("#gift-card-form input[name=count]", "3")
    console.click("#gift-card-form button[type=submit]")
    console.wait_for_selector("[data-issued='3']")
    assert len(console.input_value("#issued-codes").split()) == 3
    shot(console, f"console-gift-cards-{locale}")
    for page in ("cards", "points-mall", "points-rules"):
        console.goto(f"{base}/members/{page}")
        shot(console, f"console-members-{page}-{locale}")


def test_levels_points_and_a_top_up_plan_in_both_languages(browser, live_shop, shot) -> None:  # type: ignore[no-untyped-def]
    email = _register_shopper(browser, live_shop)
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    console = desk.new_page()
    errors = watch_script_errors(console)
    console_sign_in(console, live_shop, "zh-CN")
    _walk(console, live_shop, shot, "zh", email, {
        "levels": "会员等级", "level": "黄金会员", "reason": "物流延误补偿", "insufficient": "积分不足",
        "discount": "9.5折", "plan": "充500送50.5", "female": "女",
    })  # fmt: skip
    console_sign_in(console, live_shop, "en")
    _walk(console, live_shop, shot, "en", email, {
        "levels": "Member levels", "level": "Gold member", "reason": "Goodwill for a late parcel",
        "insufficient": "Not enough points", "discount": "5% off", "plan": "Pay 500, get 50.50", "female": "Female",
    })  # fmt: skip
    assert errors == []
    desk.close()
