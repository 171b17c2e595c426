"""Select boxes write their options in Python: the same options, attributes and escaping as Django's templates."""

from html.parser import HTMLParser

from django import forms
from django.forms.renderers import DjangoTemplates

CHOICES = [
    ("", "Alla"),
    ("Norden", [("NO", "Norge"), ("DK", "Danmark & <Färöarna>")]),
    ('x"y', 'Citattecken "här"'),
    (3, "Tre"),
]


class _Options(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple] = []
        self.group: str | None = None
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "optgroup":
            self.group = dict(attrs)["label"]
        elif tag == "option":
            self._open = {"attrs": sorted(attrs), "group": self.group, "label": ""}

    def handle_data(self, data):
        if self._open is not None:
            self._open["label"] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._open is not None:
            self.found.append((self._open["group"], tuple(self._open["attrs"]), self._open["label"]))
            self._open = None
        elif tag == "optgroup":
            self.group = None


def _options(html: str) -> list[tuple]:
    parser = _Options()
    parser.feed(html)
    return parser.found


def test_a_select_box_lists_the_same_options_as_djangos_own_template():
    for widget, value in [
        (forms.Select(choices=CHOICES, attrs={"id": "land"}), "DK"),
        (forms.SelectMultiple(choices=CHOICES), ["NO", 'x"y']),
        (forms.Select(choices=CHOICES), None),
    ]:
        ours = widget.render("land", value)  # the project's renderer and select.html
        djangos = widget.render("land", value, renderer=DjangoTemplates())
        assert _options(ours) == _options(djangos)
        assert len(_options(ours)) == 5
    page = forms.Select(choices=CHOICES).render("land", "DK")
    assert "&lt;Färöarna&gt;" in page and "<Färöarna>" not in page
    assert '<option value="DK" selected>' in page
