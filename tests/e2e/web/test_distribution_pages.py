"""One Chromium walk through distribution (分销): a shopper (English) registers, opens the promoter centre and
applies; the owner (中文) approves the application, sees the promoter, saves a commission rule, opens the
withdrawals to review and the report with its chart; the new promoter's centre shows their code and figures and
refuses a withdrawal beyond the balance in words. No script error or CSP violation on any page."""

from __future__ import annotations

import uuid

from tests.e2e.web.conftest import console_sign_in, watch_script_errors


def test_a_shopper_applies_staff_approve_and_the_promoter_centre_opens(browser, live_shop, shot) -> None:  # type: ignore[no-untyped-def]
    shop_url = f"{live_shop.url}/shop/{live_shop.slug}"
    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="en", is_mobile=True)
    shopper = phone.new_page()
    shopper_errors = watch_script_errors(shopper)
    shopper.goto(f"{shop_url}/login?mode=register&next=/shop/{live_shop.slug}/promoter")
    shopper.fill("input[name=email]", f"wang.{uuid.uuid4().hex[:6]}@example.cn")
    shopper.fill("input[name=password]", "shopper-pass-1")
    shopper.click("form button[type=submit]")
    shopper.wait_for_url(lambda url: "/login" not in url)
    assert "Become a promoter" in shopper.inner_text("h1")
    name = f"王小明{uuid.uuid4().hex[:4]}"
    shopper.fill("#apply-form input[name=name]", name)
    shopper.fill("#apply-form input[name=reason]", "社区团长，带邻居买茶")
    shopper.click("#apply-form button[type=submit]")
    shopper.wait_for_selector("[data-outcome=applied]")
    shot(shopper, "shop-promoter-apply-en")

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    console = desk.new_page()
    console_errors = watch_script_errors(console)
    console_sign_in(console, live_shop, "zh-CN")
    console.goto(f"{live_shop.url}/console/marketing/distribution/applications")
    row = console.locator(f"tr[data-applicant='{name}']")
    assert "等待审核" in row.inner_text() or "待审核" in row.inner_text()
    row.locator("[data-action=approve]").click()
    console.wait_for_selector(f"tr[data-applicant='{name}'] [data-state=approved]")
    console.click("#distribution-tabs a >> nth=0")
    console.wait_for_selector(f"tr[data-promoter='{name}']")
    shot(console, "console-distribution-promoters-zh")
    console.goto(f"{live_shop.url}/console/marketing/distribution/rules")
    console.fill("#rule-form input[name=tier1]", "10")
    console.fill("#rule-form input[name=tier2]", "3")
    console.click("#rule-form button[type=submit]")
    console.wait_for_selector("tr[data-rule=default]")
    assert "10%" in console.inner_text("#rules") and "全部商品" in console.inner_text("#rules")
    level = f"金牌{uuid.uuid4().hex[:4]}"
    console.fill("#level-form input[name=name]", level)
    console.click("#level-form button[type=submit]")
    console.wait_for_selector(f"#level-form >> text={level}")
    console.goto(f"{live_shop.url}/console/marketing/distribution/withdrawals")
    assert "微信支付" in console.inner_text("main")
    console.goto(f"{live_shop.url}/console/marketing/distribution/report")
    console.wait_for_selector("#distribution-chart canvas")
    assert "投入产出比" in console.inner_text("#distribution-totals")
    shot(console, "console-distribution-report-zh")

    shopper.goto(f"{shop_url}/promoter")
    assert shopper.inner_text("h1") == "Promoter centre"
    assert len(shopper.inner_text("#promoter-code strong")) == 8
    qr = shopper.get_attribute("#promoter-qr svg", "data-qr")
    assert qr.endswith(f"/promoter/bind?code={shopper.inner_text('#promoter-code strong')}")  # a clerk's in-store code
    shopper.click("[data-share=promoter]")  # the promoter's own link to the shop, with its poster
    shopper.wait_for_selector("#share-url")
    assert "/s/" in shopper.input_value("#share-url")
    shopper.fill("#withdraw-form input[name=amount]", "10")
    shopper.click("#withdraw-form button[type=submit]")
    shopper.wait_for_selector("#withdraw-message [data-code=insufficient_balance]")
    assert "withdrawable" in shopper.inner_text("#withdraw-message")
    shot(shopper, "shop-promoter-centre-en")
    assert shopper_errors == [] and console_errors == []
    phone.close()
    desk.close()
