"""Only trainers see the dashboard: a token, or a portal JWT with role trainer."""

import pytest
import requests

from tests.dashboard.conftest import SECRET, TOKEN, get, portal_token

PROTECTED = [
    "/trainer/api/reps",
    "/trainer/api/reps/alice",
    "/trainer/api/assignments",
    "/trainer/export.csv",
    "/trainer/",
    "/trainer/reps/alice",
]
REFUSED = {
    "no token": None,
    "a wrong token": "not-the-token",
    "a rep's portal token": portal_token(role="rep"),
    "a portal token without a role": portal_token(),
    "an expired trainer token": portal_token(role="trainer", expires_in=-120),
    "a trainer token signed with another secret": portal_token(role="trainer", secret=SECRET[::-1]),
}


@pytest.mark.parametrize("path", PROTECTED)
@pytest.mark.parametrize("who", REFUSED)
def test_without_a_trainers_token_401_and_no_data(dashboard, path, who):
    response = get(dashboard + path, REFUSED[who])
    assert response.status_code == 401
    assert "alice" not in response.text and "bob" not in response.text


@pytest.mark.parametrize("token", [TOKEN, portal_token(role="trainer")], ids=["TRAINER_TOKEN", "trainer JWT"])
def test_a_trainer_gets_the_data(dashboard, token):
    response = get(dashboard + "/trainer/api/reps", token)
    assert response.status_code == 200
    assert [r["rep"] for r in response.json()["reps"]] == ["alice", "bob"]


def test_the_sign_in_link_leaves_a_cookie_and_drops_the_token_from_the_address(dashboard):
    response = get(dashboard + "/trainer/?token=" + TOKEN)
    assert response.status_code == 302 and response.headers["location"] == "/trainer/"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/trainer" in cookie
    page = requests.get(dashboard + "/trainer/", cookies={"coach_trainer": TOKEN}, timeout=10)
    assert page.status_code == 200 and 'data-rep="alice"' in page.text


def test_the_sign_in_form_sets_the_cookie_without_putting_the_token_in_an_address(dashboard):
    response = requests.post(dashboard + "/trainer/signin", data={"token": TOKEN}, timeout=10, allow_redirects=False)
    assert response.status_code == 302 and response.headers["location"] == "/trainer/"
    assert f"coach_trainer={TOKEN}" in response.headers["set-cookie"]


def test_a_wrong_sign_in_shows_the_form_again(dashboard):
    response = requests.post(dashboard + "/trainer/signin", data={"token": "guess"}, timeout=10, allow_redirects=False)
    assert response.status_code == 401 and "令牌不对" in response.text


def test_a_post_without_a_token_is_refused(dashboard):
    response = requests.post(
        dashboard + "/trainer/api/assignments", json={"scenario": "cold_call", "objections": ["no_budget"]}, timeout=10
    )
    assert response.status_code == 401


def test_signing_out_expires_the_cookie_where_it_was_set(dashboard):
    response = get(dashboard + "/trainer/signout", TOKEN)
    cookie = response.headers["set-cookie"]
    assert response.status_code == 302 and "Path=/trainer" in cookie and "Max-Age=0" in cookie


def test_a_form_posted_from_another_site_is_refused_even_with_the_cookie(dashboard):
    response = requests.post(
        dashboard + "/trainer/assignments",
        data={"objection": "cold_call/no_budget"},
        cookies={"coach_trainer": TOKEN},
        headers={"Origin": "https://evil.example"},
        timeout=10,
        allow_redirects=False,
    )
    assert response.status_code == 403
    assert "no_budget" not in get(dashboard + "/trainer/api/assignments", TOKEN).text


def test_the_address_without_its_slash_is_the_dashboard_too(dashboard):
    assert 'data-rep="alice"' in get(dashboard + "/trainer", TOKEN).text
    assert get(dashboard + "/trainer").status_code == 401
