"""The outline of an HTML page (headings, ids, images, scripts, title) for the report tests."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class Outline(HTMLParser):
    """Headings (levels), element ids, images and scripts (attributes), ``<html>`` attributes, title."""

    def __init__(self):
        super().__init__()
        self.headings, self.ids, self.imgs, self.scripts, self.html_attrs = [], [], [], [], {}
        self.title, self._in_title = "", False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "img":
            self.imgs.append(attrs)
        if tag == "script":
            self.scripts.append(attrs)
        if tag == "html":
            self.html_attrs = attrs
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def outline(page: str) -> Outline:
    parser = Outline()
    parser.feed(page)
    return parser
