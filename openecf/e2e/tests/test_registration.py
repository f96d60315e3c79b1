"""PACER registration in Chromium: with a card (active at once) and without (inactive, then activated)."""

from __future__ import annotations

from django.utils import timezone

from openecf.accounts.factories import UserFactory
from openecf.accounts.models import AccountStatus, User
from openecf.billing.models import PaymentCard
from openecf.e2e.tests.helpers import (
    activation_code_in_letter,
    check_box,
    log_in,
    staff_authenticator_give,
    submit_login_with_code,
)
from openecf.pacer.models import ActivationLetter

PASSWORD = "copper kettle harbor lights"
PSC_PASSWORD = "service center passphrase"


def fill_details(page, *, email: str) -> None:
    page.goto("/pacer/register/")
    page.select_option("#id_user_type", "individual")
    page.fill("#id_first_name", "Rosa")
    page.fill("#id_last_name", "Delgado")
    page.fill("#id_address_line1", "40 Foley Square")
    page.fill("#id_city", "New York")
    page.fill("#id_state", "NY")
    page.fill("#id_postal_code", "10007")
    page.fill("#id_date_of_birth", "1984-02-29")
    page.fill("#id_email", email)
    page.fill("#id_phone", "212-555-0147")
    page.click("#registration-next")


def fill_credentials(page, *, username: str) -> None:
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.fill("#id_password_confirm", PASSWORD)
    for number, (question, answer) in enumerate(
        (("first_pet", "Biscuit"), ("birth_city", "Tucson"), ("first_car", "Corolla")), start=1
    ):
        page.select_option(f"#id_question_{number}", question)
        page.fill(f"#id_answer_{number}", answer)
    page.click("#registration-next")


def fill_card(page, number: str) -> None:
    page.fill("#id_card_number", number)
    page.select_option("#id_exp_month", "11")
    page.select_option("#id_exp_year", str(timezone.localdate().year + 2))
    page.fill("#id_name_on_card", "Rosa Delgado")
    page.fill("#id_cvv", "737")
    page.click("#registration-add-card")


def test_registration_with_a_card_is_active_at_once(page):
    fill_details(page, email="rosa.delgado@example.org")
    fill_credentials(page, username="RDelgado2026")

    # The sandbox gateway's declining test number is refused, in the form, and nothing is kept.
    fill_card(page, "4000 0000 0000 0002")
    assert "The card was declined by its issuer" in page.inner_text("#registration-payment-form")
    assert page.input_value("#id_card_number") == ""
    fill_card(page, "4111 1111 1111 1111")

    assert "1111" in page.inner_text("#registration-card-summary")
    page.click("#registration-submit")
    assert "Check the box to acknowledge" in page.inner_text("#registration-policies-form")
    check_box(page, "id_acknowledge")
    page.click("#registration-submit")

    assert (
        page.inner_text("#registration-thanks") == "Thank you for registering with the PACER Service Center."
    )
    assert page.inner_text("#registration-username") == "rdelgado2026"
    assert page.locator("#registration-active").is_visible()
    user = User.objects.get(username="rdelgado2026")
    assert user.status == AccountStatus.ACTIVE
    assert user.check_password(PASSWORD)
    card = PaymentCard.objects.get(user=user)
    assert (card.brand, card.last4) == ("Visa", "1111")
    assert not ActivationLetter.objects.filter(user=user).exists()


def test_registration_without_a_card_then_activation_with_the_mailed_code(page, new_page):
    fill_details(page, email="sam.okafor@example.org")
    fill_credentials(page, username="sam.okafor")
    page.click("#registration-skip-card")
    assert "No credit card" in page.inner_text("#registration-card-summary")
    check_box(page, "id_acknowledge")
    page.click("#registration-submit")

    assert page.locator("#registration-inactive").is_visible()
    user = User.objects.get(username="sam.okafor")
    assert user.status == AccountStatus.INACTIVE
    assert not PaymentCard.objects.filter(user=user).exists()
    letter = ActivationLetter.objects.get(user=user)

    # The PACER Service Center prints the queued letter from its own page.
    psc_admin = UserFactory.create(username="psc.staff", password=PSC_PASSWORD, psc_admin=True)
    staff_authenticator_give(psc_admin)
    psc = new_page()
    psc.goto("/pacer/login/")
    submit_login_with_code(psc, psc_admin.username, PSC_PASSWORD)
    psc.goto("/pacer/psc/letters/")
    pdf_link = psc.locator(f"#psc-letter-{letter.pk}-pdf")
    response = psc.request.get(pdf_link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    code = activation_code_in_letter(response.body())
    psc.click(f"#psc-letter-{letter.pk}-mailed")

    # The applicant logs in and types the code from the letter; a wrong code first is refused and counted.
    page.click("#registration-login")
    log_in(page, "sam.okafor", PASSWORD)
    page.goto("/pacer/activate/")
    page.fill("#id_code", "AAAA-AAAA" if code != "AAAA-AAAA" else "BBBB-BBBB")
    page.click("#activation-submit")
    assert "That activation code is not correct" in page.inner_text("#activation-form")
    assert "4 more times" in page.inner_text("#activation-attempts")
    page.fill("#id_code", code.lower().replace("-", " "))
    page.click("#activation-submit")
    assert page.locator("#activation-done").is_visible()
    user.refresh_from_db()
    assert user.status == AccountStatus.ACTIVE
    letter.refresh_from_db()
    assert letter.used_at is not None and letter.status == "mailed"
