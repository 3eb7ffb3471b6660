"""The VietQR payload: built, decoded back field by field, CRC checked."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.payments.vietqr import (
    REFERENCE_CHARS,
    Transfer,
    VietQRError,
    crc16_ccitt,
    decode,
    encode,
    parse_tlv,
    svg,
)

# a shared, loaded machine makes generation slow; the properties, not the timing, are under test
RELAXED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

SAMPLE = Transfer(bank_bin="970436", account_number="0011001234567", amount=1_500_000, reference="DXM 7K2Q9P")


def test_the_crc_is_crc16_ccitt_false():
    # the catalogued check value of CRC-16/CCITT-FALSE (a.k.a. CRC-16/IBM-3740) for "123456789"
    assert crc16_ccitt(b"123456789") == 0x29B1
    assert crc16_ccitt(b"") == 0xFFFF


def test_the_payload_carries_the_napas_fields_in_order():
    payload = encode(SAMPLE)
    fields = parse_tlv(payload)
    assert list(fields) == ["00", "01", "38", "53", "54", "58", "62", "63"]
    assert (fields["00"], fields["01"], fields["53"], fields["54"], fields["58"]) == (
        "01",
        "12",
        "704",
        "1500000",
        "VN",
    )
    merchant = parse_tlv(fields["38"])
    assert (merchant["00"], merchant["02"]) == ("A000000727", "QRIBFTTA")
    assert parse_tlv(merchant["01"]) == {"00": "970436", "01": "0011001234567"}
    assert parse_tlv(fields["62"]) == {"08": "DXM 7K2Q9P"}
    assert payload[-8:-4] == "6304"
    assert payload[-4:] == f"{crc16_ccitt(payload[:-4].encode()):04X}"


def test_the_payload_decodes_back():
    assert decode(encode(SAMPLE)) == SAMPLE


@RELAXED
@given(
    bank_bin=st.text(alphabet="0123456789", min_size=6, max_size=6),
    account=st.text(alphabet="0123456789", min_size=6, max_size=19),
    amount=st.integers(min_value=1, max_value=10**12),
    reference=st.text(alphabet=REFERENCE_CHARS, min_size=1, max_size=25),
)
def test_any_transfer_round_trips(bank_bin, account, amount, reference):
    transfer = Transfer(bank_bin=bank_bin, account_number=account, amount=amount, reference=reference)
    assert decode(encode(transfer)) == transfer


def test_a_wrong_crc_is_refused():
    payload = encode(SAMPLE)
    wrong = payload[:-4] + ("0000" if payload[-4:] != "0000" else "FFFF")
    with pytest.raises(VietQRError):
        decode(wrong)


def test_a_changed_amount_breaks_the_crc():
    payload = encode(SAMPLE)
    with pytest.raises(VietQRError):
        decode(payload.replace("54071500000", "54079500000"))


@pytest.mark.parametrize(
    "transfer",
    [
        Transfer("97043", "0011", 1, "A"),
        Transfer("970436", "0011", 0, "A"),
        Transfer("970436", "0011", 1.5, "A"),
        Transfer("970436", "0011", 1, "Thanh toán"),
        Transfer("970436", "0011", 1, ""),
        Transfer("970436", "0011", 1, "A" * 26),
    ],
)
def test_transfers_a_bank_app_would_garble_are_refused(transfer):
    with pytest.raises(VietQRError):
        encode(transfer)


def test_the_code_is_an_svg():
    drawing = svg(encode(SAMPLE))
    assert drawing.startswith("<svg") and "<title>VietQR</title>" in drawing
