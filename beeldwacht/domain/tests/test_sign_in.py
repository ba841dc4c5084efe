import pytest

from beeldwacht.domain.sign_in import Refusal, may_sign_in_otherwise, refusal, verified_address

GOOGLE = {"email": "Juf.Anna@Noord.nl", "email_verified": True}
ENTRA = {"email": "juf.anna@noord.nl"}  # Entra ID's tokens do not say


@pytest.mark.parametrize(
    ("claims", "trusted", "address"),
    [
        (GOOGLE, (), "juf.anna@noord.nl"),
        ({**GOOGLE, "email_verified": "true"}, (), "juf.anna@noord.nl"),
        ({**GOOGLE, "email_verified": False}, (), None),
        ({**GOOGLE, "email_verified": "false"}, (), None),
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
    ("claims", "staff", "linked", "connecting", "expected"),
    [
        (GOOGLE, 7, None, False, None),  # first sign-in: linked by the roster's address
        (GOOGLE, 7, 7, False, None),  # again
        (GOOGLE, None, None, False, Refusal.NOT_STAFF),  # unknown address, or left school
        (GOOGLE, 7, 8, False, Refusal.OTHER_PERSON),  # the address moved to someone else
        ({**GOOGLE, "email_verified": False}, 7, None, False, Refusal.UNVERIFIED),
        ({"email_verified": True}, 7, None, False, Refusal.NO_ADDRESS),
        (GOOGLE, 7, 7, True, Refusal.NOT_OFFERED),  # connecting by hand: the roster decides
    ],
)
def test_who_signs_in_with_a_school_account(claims, staff, linked, connecting, expected):
    assert (
        refusal(
            claims=claims,
            trusted_domains=(),
            staff_user_id=staff,
            linked_user_id=linked,
            connecting=connecting,
        )
        == expected
    )


@pytest.mark.parametrize(
    ("schools", "allowed"),
    [
        ([], True),  # not staff anywhere (a parent)
        ([False], True),
        ([True], False),
        ([False, True], False),  # the strictest school decides
    ],
)
def test_password_and_code_unless_a_school_asks_for_its_own_account(schools, allowed):
    assert may_sign_in_otherwise(school_account_only=schools) is allowed
