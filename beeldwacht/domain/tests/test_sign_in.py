import pytest

from beeldwacht.domain.sign_in import (
    Refusal,
    keeps_closed,
    may_sign_in,
    of_the_school,
    refusal,
    verified_address,
)

GOOGLE = {"email": "Juf.Anna@Noord.nl", "email_verified": True}
ENTRA = {"email": "juf.anna@noord.nl"}  # Entra ID's tokens do not say


@pytest.mark.parametrize(
    ("claims", "trusted", "address"),
    [
        (GOOGLE, (), "juf.anna@noord.nl"),
        ({**GOOGLE, "email_verified": "true"}, (), "juf.anna@noord.nl"),
        ({**GOOGLE, "email_verified": False}, (), None),
        ({**GOOGLE, "email_verified": "false"}, (), None),
        ({**GOOGLE, "email_verified": False}, ("noord.nl",), None),  # a no is a no
        (ENTRA, (), None),
        (ENTRA, ("noord.nl",), "juf.anna@noord.nl"),
        (ENTRA, ("zuid.nl",), None),
        ({"email": "juf.anna@sub.noord.nl"}, ("noord.nl",), None),  # the domain itself only
        ({"email": ""}, ("noord.nl",), None),
        ({"email": "geen-adres"}, ("geen-adres",), None),
        ({}, (), None),
    ],
)
def test_the_address_the_provider_vouches_for(claims, trusted, address):
    assert verified_address(claims, trusted) == address


@pytest.mark.parametrize(
    ("claims", "hosted", "school"),
    [
        ({**GOOGLE, "hd": "noord.nl"}, ("noord.nl",), True),
        (GOOGLE, ("noord.nl",), False),  # a private Google account on the school's address
        ({**GOOGLE, "hd": "zuid.nl"}, ("noord.nl",), False),
        (ENTRA, (), True),  # the tenant is in the issuer
    ],
)
def test_the_schools_own_account(claims, hosted, school):
    assert of_the_school(claims, hosted) is school


@pytest.mark.parametrize(
    ("claims", "staff", "linked", "connecting", "expected"),
    [
        (GOOGLE, 7, None, False, None),  # first sign-in: linked by the roster's address
        (GOOGLE, 7, 7, False, None),  # again
        (GOOGLE, None, None, False, Refusal.NOT_STAFF),  # unknown address, or left school
        (GOOGLE, 7, 8, False, Refusal.OTHER_PERSON),  # the address moved to someone else
        ({**GOOGLE, "email_verified": False}, 7, None, False, Refusal.UNVERIFIED),
        ({"email_verified": True}, 7, None, False, Refusal.NO_ADDRESS),
        (GOOGLE, 7, 7, True, Refusal.NOT_OFFERED),  # connecting by hand: the roster decides
        ({**GOOGLE, "hd": "gmail.com"}, 7, None, False, Refusal.NOT_THE_SCHOOLS),
    ],
)
def test_who_signs_in_with_a_school_account(claims, staff, linked, connecting, expected):
    assert (
        refusal(
            claims=claims,
            hosted_domains=("noord.nl",) if "hd" in claims else (),
            staff_user_id=staff,
            linked_user_id=linked,
            signing_in=not connecting,
        )
        == expected
    )


@pytest.mark.parametrize(
    ("strict", "has_provider", "served", "closed"),
    [
        (False, True, False, False),  # a school that takes a password or a code too
        (True, True, True, False),  # its own school account
        (True, True, False, True),  # a password, a code, or another board's account
        (True, False, False, False),  # its provider left the file: nobody could get in
    ],
)
def test_which_schools_a_sign_in_keeps_closed(strict, has_provider, served, closed):
    assert (
        keeps_closed(school_account_only=strict, has_provider=has_provider, served=served) is closed
    )


@pytest.mark.parametrize(
    ("opened", "portal", "allowed"),
    [
        ([], False, True),  # works nowhere (a parent, the admin)
        ([True], False, True),
        ([False], False, False),  # nothing it could open: told to use the school account
        ([False], True, True),  # a teacher whose child is at school: the portal by code
        ([False, True], False, True),  # interim at two boards: each opens its own school
    ],
)
def test_a_sign_in_goes_on_when_it_opens_something(opened, portal, allowed):
    assert may_sign_in(opened=opened, uses_portal=lambda: portal) is allowed
