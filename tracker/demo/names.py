"""Built-in first and last names for the sample organisation, by region.

A mix of the places a European insurer or bank hires from, so the sample looks like a real
roster (and exercises accents, apostrophes, hyphens and spaces in names and emails). Most
people get a first and last name from the same region; some get a mixed one, as in any
international workforce. The generator picks by position: changing these lists changes every
seed's people.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    name: str
    weight: int  # relative share of the workforce
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]


REGIONS: tuple[Region, ...] = (
    Region(
        "English, Irish, Scottish, Welsh", 30,
        (
            "Oliver", "Amelia", "Harry", "Isla", "George", "Emily", "James", "Grace", "Thomas",
            "Sophie", "William", "Charlotte", "Jack", "Hannah", "Daniel", "Lucy", "Samuel", "Chloe",
            "Matthew", "Rebecca", "Aoife", "Cian", "Siobhan", "Niamh", "Eoin", "Ciara", "Callum",
            "Eilidh", "Rhys", "Carys", "Michael", "Sarah", "David", "Laura", "Andrew", "Rachel",
            "Mark", "Helen", "Paul", "Claire",
        ),
        (
            "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
            "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
            "Hall", "Wood", "Jackson", "Clarke", "O'Brien", "Murphy", "Kelly", "O'Sullivan",
            "Walsh", "McCarthy", "Byrne", "MacDonald", "Campbell", "Stewart", "Fraser", "Morgan",
            "Hughes", "Price", "Lloyd-Jones",
        ),
    ),
    Region(
        "German, Dutch, Scandinavian", 12,
        (
            "Lukas", "Anna", "Jonas", "Lena", "Felix", "Marie", "Maximilian", "Katharina", "Jan",
            "Sanne", "Daan", "Femke", "Sven", "Ingrid", "Lars", "Astrid", "Erik", "Freja", "Mikkel",
            "Sigrid",
        ),
        (
            "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
            "Hoffmann", "de Vries", "van Dijk", "Bakker", "Jansen", "Visser", "Smit", "Johansson",
            "Andersson", "Nilsen", "Hansen", "Larsen", "Lindqvist", "Sørensen",
        ),
    ),
    Region(
        "French, Spanish, Portuguese, Italian", 14,
        (
            "Camille", "Louis", "Chloé", "Hugo", "Léa", "Mathieu", "Élodie", "Antoine", "Lucía",
            "Javier", "Carmen", "Alejandro", "Marta", "Pablo", "João", "Inês", "Tiago", "Beatriz",
            "Giulia", "Marco", "Francesca", "Luca", "Chiara", "Alessandro",
        ),
        (
            "Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Laurent", "Girard", "García",
            "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Silva", "Santos",
            "Ferreira", "Costa", "Oliveira", "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi",
            "Romano", "Ricci",
        ),
    ),
    Region(
        "Central and Eastern European, Greek, Turkish", 10,
        (
            "Agnieszka", "Piotr", "Katarzyna", "Tomasz", "Zuzana", "Martin", "Petra", "Andrei",
            "Ioana", "Olena", "Dmytro", "Natalia", "Nikos", "Eleni", "Dimitris", "Mehmet", "Elif",
            "Emre", "Zeynep",
        ),
        (
            "Nowak", "Kowalski", "Wiśniewska", "Kowalczyk", "Novák", "Dvořák", "Horváth", "Popescu",
            "Ionescu", "Shevchenko", "Kovalenko", "Petrov", "Ivanova", "Papadopoulos", "Georgiou",
            "Yılmaz", "Kaya", "Demir", "Şahin",
        ),
    ),
    Region(
        "South Asian", 12,
        (
            "Priya", "Arjun", "Ananya", "Rohan", "Divya", "Vikram", "Sanjay", "Kavya", "Rahul",
            "Meera", "Imran", "Ayesha", "Farhan", "Nadia", "Tariq", "Sana",
        ),
        (
            "Patel", "Sharma", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Nair", "Chatterjee",
            "Mehta", "Khan", "Ahmed", "Hussain", "Chaudhry", "Rahman", "Perera",
        ),
    ),
    Region(
        "East and South-East Asian", 8,
        (
            "Wei", "Mei", "Jun", "Xin", "Hao", "Yan", "Hiroshi", "Yuki", "Kenji", "Aiko", "Min-jun",
            "Ji-woo", "Seo-yeon", "Minh", "Linh", "Thanh", "Jose", "Maria", "Angelica",
            "Mark Anthony",
        ),
        (
            "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Tanaka", "Suzuki",
            "Sato", "Nakamura", "Kim", "Lee", "Park", "Choi", "Nguyen", "Tran", "Pham",
            "Santos Cruz", "Reyes", "Bautista",
        ),
    ),
    Region(
        "African", 7,
        (
            "Chinedu", "Ngozi", "Oluwaseun", "Adaeze", "Kwame", "Ama", "Kofi", "Abena", "Wanjiru",
            "Otieno", "Thabo", "Naledi", "Sipho", "Zanele", "Amara", "Tendai",
        ),
        (
            "Okafor", "Adeyemi", "Okonkwo", "Balogun", "Mensah", "Owusu", "Asante", "Boateng",
            "Mwangi", "Otieno", "Kamau", "Ndlovu", "Dlamini", "Nkosi", "Moyo", "Diallo",
        ),
    ),
    Region(
        "Middle Eastern, North African, Persian", 4,
        (
            "Omar", "Layla", "Youssef", "Fatima", "Karim", "Leila", "Hassan", "Yasmin", "Amir",
            "Dariush", "Shirin", "Reza",
        ),
        (
            "Haddad", "Khoury", "Mansour", "El-Amin", "Benali", "Saidi", "Farouk", "Hosseini",
            "Karimi", "Rostami",
        ),
    ),
    Region(
        "Latin American", 3,
        (
            "Mateo", "Valentina", "Santiago", "Camila", "Diego", "Gabriela", "Rafael", "Fernanda",
            "Thiago", "Larissa",
        ),
        (
            "Rodríguez", "Hernández", "González", "Ramírez", "Torres", "Flores", "Vargas",
            "Castillo", "Mendoza", "Rocha",
        ),
    ),
)

_WEIGHTS = [r.weight for r in REGIONS]

# Share of people whose last name comes from another region than their first name.
MIXED_SHARE = 0.15


def random_name(rng: random.Random) -> tuple[str, str]:
    """A (first, last) name pair."""
    region = rng.choices(REGIONS, _WEIGHTS)[0]
    first = rng.choice(region.first_names)
    if rng.random() < MIXED_SHARE:
        region = rng.choices(REGIONS, _WEIGHTS)[0]
    return first, rng.choice(region.last_names)


# Letters NFKD does not take apart into a base letter plus accents.
_SPELLED_OUT = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss", "ł": "l", "đ": "d", "ı": "i", "œ": "oe"})


def email_part(name: str) -> str:
    """`'Lloyd-Jones'` -> `'lloyd-jones'`, `'O'Brien'` -> `'obrien'`, `'Sørensen'` -> `'sorensen'`."""
    text = unicodedata.normalize("NFKD", name.lower().translate(_SPELLED_OUT))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace(" ", "-")
    return "".join(ch for ch in text if ch.isascii() and (ch.isalnum() or ch == "-"))
