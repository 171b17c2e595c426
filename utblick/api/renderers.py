from rest_framework import renderers


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """The API's answers as a page of the site: accessible, in the site's layout, no inline style or script.

    DRF's own template has inline styles (refused by the strict CSP) and fails axe; this one shows the
    request, the answer and its headers, and leaves writing to token clients and the docs' explorer.
    """

    template = "api/browsable.html"
