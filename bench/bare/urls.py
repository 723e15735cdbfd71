from django.contrib.auth import get_user_model
from django.shortcuts import render
from django.urls import path


def page(request):
    """One query, one template."""
    return render(request, "bare.html", {"users": get_user_model().objects.count()})


urlpatterns = [path("", page)]
