from django.http import HttpRequest

from .models import Organisation


def organisations(request: HttpRequest) -> dict:
    """The organisations for the header's switcher and the one the page is about."""
    user = getattr(request, "user", None)
    current = getattr(request, "organisation", None)
    if user is None or not user.is_authenticated:
        return {"current_organisation": current}

    def choices():
        return list(Organisation.objects.member_of(user).only("name", "slug"))

    return {"current_organisation": current, "switchable_organisations": choices}
