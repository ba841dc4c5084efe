from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from beeldwacht.consent.selectors import guardianships_of_user
from beeldwacht.schools.models import School


def home(request: HttpRequest) -> HttpResponse:
    """Send everyone where they work: their school, or the parent portal. Someone who is both
    (a teacher whose child attends) chooses."""
    if not request.user.is_authenticated:
        return redirect("account_login")
    schools = list(
        School.objects.filter(memberships__user=request.user, memberships__left_on__isnull=True)
        .distinct()
        .order_by("name")
    )
    is_guardian = guardianships_of_user(request.user).exists()
    if len(schools) == 1 and not is_guardian:
        return redirect("consent:dashboard", brin=schools[0].brin)
    if not schools and is_guardian:
        return redirect("portal:overview")
    return render(request, "home.html", {"schools": schools, "is_guardian": is_guardian})
