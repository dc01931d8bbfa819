import datetime as dt

import factory
from django.contrib.auth import get_user_model

from papers.models import Paper, Source


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paper

    arxiv_id = factory.Sequence(lambda n: f"2501.{n:05d}")
    title = factory.Sequence(lambda n: f"Paper number {n} on learning")
    abstract = "We study how models learn from data and report what we find."
    authors = factory.List(["Ada Lovelace", "Alan Turing"])
    categories = factory.List(["cs.LG"])
    published = factory.Sequence(lambda n: dt.date(2025, 1, 1) + dt.timedelta(days=n))
    abs_url = factory.LazyAttribute(lambda p: f"https://arxiv.org/abs/{p.arxiv_id}")
    pdf_url = factory.LazyAttribute(lambda p: f"https://arxiv.org/pdf/{p.arxiv_id}")
    source = Source.ARXIV_JSONL


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True  # the hooks save what they change themselves

    username = "alice"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def email_verified(user, create: bool, extracted, **kwargs) -> None:
        """Named users have proved their address (digests go to it) unless a test says
        `email_verified=False`."""
        from search.following.models import VerifiedEmail

        if create and user.email and extracted is not False:
            VerifiedEmail.objects.update_or_create(user=user, defaults={"email": user.email})
