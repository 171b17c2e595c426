from django.contrib.auth import get_user_model
from django.http import HttpRequest

from .choices import Role
from .models import Membership, Organisation


def organisations(request: HttpRequest) -> dict:
    """The organisations for the header's switcher and the one the page is about.

    The reader's membership of that organisation and its coordinators are for the page that refuses
    an action (403.html: why, and whom to ask); they are read only when a template asks for them.
    """
    user = getattr(request, "user", None)
    current = getattr(request, "organisation", None)
    if user is None or not user.is_authenticated:
        return {"current_organisation": current}

    def choices():
        return list(Organisation.objects.member_of(user).only("name", "slug"))

    def membership():
        if current is None:
            return None
        return Membership.objects.filter(user=user, organisation=current).prefetch_related("units").first()

    def coordinators():
        if current is None:
            return []
        return list(
            get_user_model()
            .objects.filter(memberships__organisation=current, memberships__role=Role.COORDINATOR, is_active=True)
            .order_by("name", "email")
        )

    return {
        "current_organisation": current,
        "switchable_organisations": choices,
        "current_membership": membership,
        "organisation_coordinators": coordinators,
    }
