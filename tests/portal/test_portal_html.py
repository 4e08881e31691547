"""The public pages are well-formed HTML: every element closed in order, no duplicate ids, no
block inside a paragraph, every form control labelled, every image with alternative text.

A quick check without Java: test_portal_validity.py runs the Nu Html Checker itself (vnu.jar)
over every public page; this one catches the errors it would report most often, in a second.
"""

from html.parser import HTMLParser

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements whose end tag HTML lets the parser infer: the templates close them anyway.
BLOCKS = {"div", "section", "article", "ul", "ol", "form", "h1", "h2", "h3", "nav", "figure", "table", "dl"}


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: set[str] = set()
        self.labels: set[str] = set()
        self.controls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in BLOCKS and "p" in self.stack:
            self.errors.append(f"<{tag}> inside <p> at {self.getpos()}")
        if "id" in attributes:
            if attributes["id"] in self.ids:
                self.errors.append(f"duplicate id {attributes['id']}")
            self.ids.add(attributes["id"])
        if tag == "label" and attributes.get("for"):
            self.labels.add(attributes["for"])
        if tag in ("input", "select", "textarea") and attributes.get("type") != "hidden":
            self.controls.append(attributes.get("id") or "")
        if tag == "img" and "alt" not in attributes:
            self.errors.append(f"<img> without alt at {self.getpos()}")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            self.errors.append(f"end tag for void <{tag}>")
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(
                f"</{tag}> closes <{self.stack[-1] if self.stack else '-'}> at {self.getpos()}"
            )
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def check(self, html: str) -> list[str]:
        self.feed(html)
        self.close()
        errors = list(self.errors)
        if self.stack:
            errors.append(f"unclosed: {self.stack}")
        errors += [f"control #{c} without a label" for c in self.controls if c not in self.labels]
        if not html.lstrip().lower().startswith("<!doctype html>"):
            errors.append("no doctype")
        return errors


def test_public_pages_are_well_formed(published, lan, org_tree):
    client = Client()
    pages = [
        "/tin-tuc/",
        "/tin-tuc/nguoi-tot-viec-tot/",
        "/tin-tuc/nguoi-tot-viec-tot/?q=lan&year=2026",
        published.get_public_url(),
        f"/tin-tuc/don-vi/{org_tree.thanh_xuan.pk}/",
        f"/tin-tuc/don-vi/{org_tree.hanoi.pk}/",
        f"/tin-tuc/don-vi/{org_tree.thanh_xuan.pk}/nhung/",
        f"/tin-tuc/guong-sang/{lan.pk}/",
        "/tin-tuc/guong-sang/",
        "/tin-tuc/tim-kiem/?q=lan",
        "/tin-tuc/tim-kiem/?q=khong+co",
        "/tin-tuc/sach/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert Checker().check(response.content.decode()) == [], url


def test_checker_finds_what_it_should():
    assert Checker().check("<!DOCTYPE html><p><div></div></p>") != []
    assert Checker().check("<!DOCTYPE html><main><img src=x></main>") != []
    assert Checker().check("<!DOCTYPE html><span><b></span></b>") != []
    assert Checker().check("<!DOCTYPE html><input id=a>") != []
    assert Checker().check('<!DOCTYPE html><label for="a">A</label><input id="a">') == []
