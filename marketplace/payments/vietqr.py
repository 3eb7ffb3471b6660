"""VietQR: the NAPAS 247 transfer QR code Vietnamese banking apps scan (EMVCo merchant-presented QR).

The payload is a string of TLV fields, `ID` (2 digits) `LEN` (2 digits) `VALUE`, ending with the
CRC field `63 04 XXXX`: CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF, no reflection) over
everything before the checksum *including* "6304", written as four upper-case hex digits.

Fields used (EMVCo QRCPS-MPM, NAPAS VietQR profile):
  00 "01"               payload format indicator
  01 "12"               point of initiation: dynamic (carries an amount; used once)
  38 NAPAS account      00 GUID "A000000727" · 01 beneficiary (00 bank BIN, 01 account number)
                        · 02 service "QRIBFTTA" (transfer to an account)
  53 "704"              currency (VND, ISO 4217)
  54 amount             whole đồng
  58 "VN"               country
  62 additional data    08 purpose of transaction: the transfer reference the payee matches on
  63 CRC
Pure: no Django, no database (segno draws the code); `decode` reads a payload back (the tests and the statement import use it).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"


class VietQRError(ValueError):
    pass


def crc16_ccitt(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final xor ("123456789" → 0x29B1)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise VietQRError(f"field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def _ascii(name: str, value: str, allowed: str | None = None) -> str:
    # banking apps show the reference as typed; keep it to unaccented letters, digits and a few signs
    if not value or not value.isascii() or (allowed is not None and any(c not in allowed for c in value)):
        raise VietQRError(f"{name} must be plain ASCII ({value!r})")
    return value


DIGITS = "0123456789"
REFERENCE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -"


@dataclass(frozen=True)
class Transfer:
    bank_bin: str  # the payee bank's 6-digit NAPAS BIN (e.g. 970436 Vietcombank)
    account_number: str
    amount: int  # whole đồng
    reference: str  # the unique transfer reference, in the transfer's content


def encode(transfer: Transfer) -> str:
    """The VietQR payload of `transfer`, CRC included."""
    bank_bin = _ascii("bank BIN", transfer.bank_bin, DIGITS)
    if len(bank_bin) != 6:
        raise VietQRError("the bank BIN has 6 digits")
    account = _ascii("account number", transfer.account_number, DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if isinstance(transfer.amount, bool) or not isinstance(transfer.amount, int) or transfer.amount <= 0:
        raise VietQRError("the amount is a whole number of đồng above 0")
    if len(str(transfer.amount)) > 13:
        raise VietQRError("the amount is too large for a transfer")
    reference = _ascii("reference", transfer.reference, REFERENCE_CHARS)
    if len(reference) > 25:
        raise VietQRError("the reference has at most 25 characters")
    beneficiary = _tlv("00", bank_bin) + _tlv("01", account)
    merchant = _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", SERVICE_TO_ACCOUNT)
    body = (
        _tlv("00", "01")
        + _tlv("01", "12")
        + _tlv("38", merchant)
        + _tlv("53", CURRENCY_VND)
        + _tlv("54", str(transfer.amount))
        + _tlv("58", "VN")
        + _tlv("62", _tlv("08", reference))
        + "6304"
    )
    return body + f"{crc16_ccitt(body.encode('ascii')):04X}"


def parse_tlv(text: str) -> dict[str, str]:
    """The TLV fields of one level, in order; a truncated or malformed field raises VietQRError."""
    fields: dict[str, str] = {}
    index = 0
    while index < len(text):
        if index + 4 > len(text) or not text[index : index + 4].isdigit():
            raise VietQRError(f"malformed field at {index}")
        tag, length = text[index : index + 2], int(text[index + 2 : index + 4])
        value = text[index + 4 : index + 4 + length]
        if len(value) != length:
            raise VietQRError(f"field {tag} is truncated")
        if tag in fields:
            raise VietQRError(f"field {tag} appears twice")
        fields[tag] = value
        index += 4 + length
    return fields


def decode(payload: str) -> Transfer:
    """Read a VietQR payload back; refuses a wrong CRC or anything this product does not issue."""
    if len(payload) < 8 or payload[-8:-4] != "6304":
        raise VietQRError("the payload does not end with a CRC field")
    expected = f"{crc16_ccitt(payload[:-4].encode('ascii')):04X}"
    if payload[-4:].upper() != expected:
        raise VietQRError("the CRC does not match")
    fields = parse_tlv(payload)
    if fields.get("00") != "01" or fields.get("53") != CURRENCY_VND or fields.get("58") != "VN":
        raise VietQRError("not a VND VietQR payload")
    merchant = parse_tlv(fields.get("38", ""))
    if merchant.get("00") != NAPAS_GUID:
        raise VietQRError("not a NAPAS account")
    beneficiary = parse_tlv(merchant.get("01", ""))
    additional = parse_tlv(fields.get("62", ""))
    return Transfer(
        bank_bin=beneficiary.get("00", ""),
        account_number=beneficiary.get("01", ""),
        amount=int(fields.get("54", "0")),
        reference=additional.get("08", ""),
    )


def svg(payload: str) -> str:
    """The QR code as an inline SVG document (segno, error correction M, as banks print them)."""
    buffer = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(
        buffer, kind="svg", scale=4, border=4, xmldecl=False, svgns=True, title="VietQR"
    )
    return buffer.getvalue().decode("utf-8")
