"""Issue 14 §7: the pages that print survey QR codes warn when the address under them is a
loopback or intranet name a respondent's phone cannot open."""

from __future__ import annotations

import pytest
from django.test import override_settings

from junheng.surveys.public_address import unreachable_host
from surveys.helpers import open_survey
from surveys.test_views import group


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/surveys/a/x/",
        "http://127.8.9.10/",
        "http://localhost:8000/",
        "http://[::1]:8000/",
        "http://10.2.3.4/",
        "http://172.16.0.1/",
        "http://172.31.255.254/",
        "http://192.168.1.20:8080/",
        "http://jiaoyuju.local/",
        "http://junheng/",
        "http://testserver/",
    ],
)
def test_loopback_and_intranet_addresses_are_named(url):
    assert unreachable_host(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://survey.example.gov.cn/surveys/a/x/",
        "http://172.32.0.1/",  # outside 172.16–31
        "http://172.15.0.1/",
        "https://8.8.8.8/",
        "http://jyj.hanzhong.gov.cn:8080/",
    ],
)
def test_public_addresses_pass(url):
    assert unreachable_host(url) is None


def issue(client, world) -> tuple[str, str]:
    survey = open_survey(world)
    client.force_login(world.county_admin)
    distribution = client.get(f"/surveys/{survey.pk}/distribution/").content.decode()
    sheet = client.post(
        f"/surveys/{survey.pk}/tokens/", {"group": group(survey, "人大代表").pk, "count": 1}
    ).content.decode()
    return distribution, sheet


def test_the_distribution_page_and_the_sheet_warn_before_printing_on_an_intranet_name(
    client, world
):
    distribution, sheet = issue(client, world)  # the test client's host: "testserver"
    for body in (distribution, sheet):
        assert 'id="address-warning"' in body
        assert "二维码指向的地址「testserver」是本机或内网地址" in body
        assert "JUNHENG_SURVEY_PUBLIC_URL" in body
    # on the sheet it sits with the print button, which the printout leaves out
    assert sheet.index('id="address-warning"') < sheet.index("data-print")


@override_settings(SURVEY_PUBLIC_URL="http://192.168.10.5:8000/")
def test_a_configured_intranet_address_is_named_too(client, world):
    _distribution, sheet = issue(client, world)
    assert "「192.168.10.5」" in sheet


@override_settings(SURVEY_PUBLIC_URL="https://survey.example.gov.cn/")
def test_a_public_address_prints_without_a_warning(client, world):
    distribution, sheet = issue(client, world)
    assert "address-warning" not in distribution and "address-warning" not in sheet
