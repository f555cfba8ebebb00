"""Episodes for the measures' tests, from short tuples."""

import pandas as pd


def make_episodes(rows):
    """(CHILD, DECOM, RNE, LS, PLACE, DEC, REC); '' = missing; dates dd/mm/YYYY."""
    frame = pd.DataFrame(rows, columns=["CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"])
    for col in ("DECOM", "DEC"):
        frame[col] = pd.to_datetime(frame[col].replace("", None), format="%d/%m/%Y")
    frame["REC"] = frame["REC"].replace("", None)
    frame["HOME_POST"] = None
    frame["PL_POST"] = None
    return frame
