"""UN Member and observer States' short names, and splitting of printed sponsor lists."""

from __future__ import annotations

import re

MEMBER_STATES: tuple[str, ...] = (
    "Afghanistan", "Albania", "Algeria", "Andorra", "Angola", "Antigua and Barbuda",
    "Argentina", "Armenia", "Australia", "Austria", "Azerbaijan", "Bahamas", "Bahrain",
    "Bangladesh", "Barbados", "Belarus", "Belgium", "Belize", "Benin", "Bhutan",
    "Bolivia (Plurinational State of)", "Bosnia and Herzegovina", "Botswana", "Brazil",
    "Brunei Darussalam", "Bulgaria", "Burkina Faso", "Burundi", "Cabo Verde", "Cambodia",
    "Cameroon", "Canada", "Central African Republic", "Chad", "Chile", "China", "Colombia",
    "Comoros", "Congo", "Costa Rica", "Côte d'Ivoire", "Côte d’Ivoire", "Croatia", "Cuba",
    "Cyprus", "Czechia", "Czech Republic", "Democratic People's Republic of Korea",
    "Democratic People’s Republic of Korea", "Democratic Republic of the Congo", "Denmark",
    "Djibouti", "Dominica", "Dominican Republic", "Ecuador", "Egypt", "El Salvador",
    "Equatorial Guinea", "Eritrea", "Estonia", "Eswatini", "Swaziland", "Ethiopia", "Fiji",
    "Finland", "France", "Gabon", "Gambia", "Georgia", "Germany", "Ghana", "Greece", "Grenada",
    "Guatemala", "Guinea", "Guinea-Bissau", "Guyana", "Haiti", "Honduras", "Hungary",
    "Iceland", "India", "Indonesia", "Iran (Islamic Republic of)", "Iraq", "Ireland", "Israel",
    "Italy", "Jamaica", "Japan", "Jordan", "Kazakhstan", "Kenya", "Kiribati", "Kuwait",
    "Kyrgyzstan", "Lao People's Democratic Republic", "Lao People’s Democratic Republic",
    "Latvia", "Lebanon", "Lesotho", "Liberia", "Libya", "Libyan Arab Jamahiriya",
    "Liechtenstein", "Lithuania", "Luxembourg", "Madagascar", "Malawi", "Malaysia",
    "Maldives", "Mali", "Malta", "Marshall Islands", "Mauritania", "Mauritius", "Mexico",
    "Micronesia (Federated States of)", "Monaco", "Mongolia", "Montenegro", "Morocco",
    "Mozambique", "Myanmar", "Namibia", "Nauru", "Nepal", "Netherlands",
    "Netherlands (Kingdom of the)", "New Zealand", "Nicaragua", "Niger", "Nigeria",
    "North Macedonia", "The former Yugoslav Republic of Macedonia", "Norway", "Oman",
    "Pakistan", "Palau", "Panama", "Papua New Guinea", "Paraguay", "Peru", "Philippines",
    "Poland", "Portugal", "Qatar", "Republic of Korea", "Republic of Moldova", "Romania",
    "Russian Federation", "Rwanda", "Saint Kitts and Nevis", "Saint Lucia",
    "Saint Vincent and the Grenadines", "Samoa", "San Marino", "Sao Tome and Principe",
    "Saudi Arabia", "Senegal", "Serbia", "Serbia and Montenegro", "Seychelles",
    "Sierra Leone", "Singapore", "Slovakia", "Slovenia", "Solomon Islands", "Somalia",
    "South Africa", "South Sudan", "Spain", "Sri Lanka", "Sudan", "Suriname", "Sweden",
    "Switzerland", "Syrian Arab Republic", "Tajikistan", "Thailand", "Timor-Leste", "Togo",
    "Tonga", "Trinidad and Tobago", "Tunisia", "Türkiye", "Turkey", "Turkmenistan", "Tuvalu",
    "Uganda", "Ukraine", "United Arab Emirates",
    "United Kingdom of Great Britain and Northern Ireland", "United Republic of Tanzania",
    "United States of America", "Uruguay", "Uzbekistan", "Vanuatu",
    "Venezuela (Bolivarian Republic of)", "Viet Nam", "Yemen", "Zambia", "Zimbabwe",
)  # fmt: skip

OBSERVER_STATES: tuple[str, ...] = ("Holy See", "State of Palestine")

# Co-sponsors that are not States but appear in sponsor lines.
OTHER_SPONSORS: tuple[str, ...] = ("European Union", "Palestine")

KNOWN_SPONSORS = frozenset(MEMBER_STATES + OBSERVER_STATES + OTHER_SPONSORS)
_FOLDED = {name.casefold(): name for name in KNOWN_SPONSORS}


def split_sponsors(text: str) -> list[str]:
    """Split "A, B, Trinidad and Tobago and C" into names, keeping names that contain "and".

    Commas and "and" inside parentheses ("(on behalf of the Group of 77 and China)") never
    split. A chunk containing " and " is split where every piece is a known name; when no
    such split exists the chunk is cut at its last " and ", the usual final conjunction.
    """
    text = " ".join(text.split()).strip(" .,;:")
    if not text:
        return []
    names: list[str] = []
    for chunk in _split_outside_parens(text, ","):
        chunk = chunk.strip()
        if chunk.casefold().startswith("and "):
            chunk = chunk[4:].strip()
        if chunk:
            names.extend(_split_and(chunk))
    return names


def _split_and(chunk: str) -> list[str]:
    if _known(chunk) or " and " not in _mask_parens(chunk):
        return [_known(chunk) or chunk]
    parts = [p.strip() for p in _split_outside_parens(chunk, " and ")]
    names: list[str] = []
    i = 0
    while i < len(parts):
        # Longest run of pieces that forms a known name; an unknown piece stands alone.
        for end in range(len(parts), i, -1):
            name = _known(" and ".join(parts[i:end]))
            if name:
                names.append(name)
                i = end
                break
        else:
            names.append(parts[i])
            i += 1
    return [n for n in names if n]


def _known(name: str) -> str | None:
    return _FOLDED.get(name.strip().casefold())


def _mask_parens(text: str) -> str:
    return re.sub(r"\([^()]*\)", lambda m: "_" * len(m.group()), text)


def _split_outside_parens(text: str, sep: str) -> list[str]:
    masked = _mask_parens(text)
    pieces: list[str] = []
    start = 0
    pos = masked.find(sep)
    while pos != -1:
        pieces.append(text[start:pos])
        start = pos + len(sep)
        pos = masked.find(sep, start)
    pieces.append(text[start:])
    return pieces
