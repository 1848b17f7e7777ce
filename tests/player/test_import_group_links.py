"""The accounts page's import report links to the groups the file filled (found by the
coordinator's browser journey, tests/e2e/test_coordinator_journey.py: after importing a
team, naming its leader meant going back through the dashboard). Each group once, in the
file's order, whatever the case the file wrote it in; no links when nobody joined."""

from __future__ import annotations

import html
import re

from flask import Flask
from flask.testing import FlaskClient

from tests.helpers.groups import make_group
from tests.player.test_groups_import import upload


def group_links(page: str) -> tuple[str, list[tuple[str, str]]] | None:
    """The report's paragraph on groups: its sentence, then each link (address, text)."""
    found = re.search(r'<p id="import-groups">(.*?)</p>', page, flags=re.S)
    if found is None:
        return None
    sentence = found.group(1).split("<a ", 1)[0].strip()
    links = re.findall(r'<a href="([^"]+)">(.*?)</a>', found.group(1))
    return html.unescape(sentence), [(href, html.unescape(text)) for href, text in links]


def test_the_report_links_to_each_group_the_file_filled(app: Flask, admin: FlaskClient) -> None:
    lyon = make_group(app, "Atelier Lyon")
    lille = make_group(app, "Atelier ECSI Lille")
    make_group(app, "Salarié·es 2027")  # named by no line: not linked
    page = upload(
        admin,
        "email,nom,groupe\n"
        "awa@example.org,Awa Diallo,atelier ecsi lille\n"
        "bea@example.org,Béa Nguyen,Atelier Lyon\n"
        "kim@example.org,Kim Leroy,ATELIER ECSI LILLE\n"
        "lou@example.org,Lou Martin,\n",
    )
    assert group_links(page) == (
        "Attribuez des parcours et des cours et désignez qui anime chaque groupe sur sa page :",
        [
            (f"/admin/groups/{lille}", "Atelier ECSI Lille"),
            (f"/admin/groups/{lyon}", "Atelier Lyon"),
        ],
    )
    admin.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    again = upload(admin, "email,name,group\nzoe@example.org,Zoé Durand,Atelier Lyon\n")
    assert group_links(again) == (
        "Assign paths and courses and name who leads the group on its page:",
        [(f"/admin/groups/{lyon}", "Atelier Lyon")],
    )


def test_no_links_when_nobody_joined_a_group(app: Flask, admin: FlaskClient) -> None:
    make_group(app, "Atelier ECSI Lille", members=())
    without_groups = upload(admin, "awa@example.org,Awa Diallo\n")
    assert "1 compte(s) créé(s)." in without_groups and group_links(without_groups) is None
    refused = upload(
        admin,
        "email,nom,groupe\n"
        "bea@example.org,Béa Nguyen,Atelier ECSI Lille\n"
        "x@,X,Atelier ECSI Lille\n",
    )
    assert "Rien n'a été importé" in html.unescape(refused) and group_links(refused) is None
    # The same file again once right: the members already there did not join again.
    good = "email,nom,groupe\nawa@example.org,Awa Diallo,Atelier ECSI Lille\n"
    assert group_links(upload(admin, good)) is not None
    assert group_links(upload(admin, good)) is None
