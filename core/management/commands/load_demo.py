from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from councils import demo
from followups import demo as followup_demo
from oversight import demo_activities as oversight_demo
from sessions import demo as session_demo
from voters import demo as voter_demo


class Command(BaseCommand):
    help = "Load the demo data set from the seed articles; running it again changes nothing."

    def handle(self, *args, **options) -> None:
        user_model = get_user_model()
        with transaction.atomic():
            admin, created = user_model.objects.get_or_create(
                username="quantri",
                defaults={"full_name": "Quản trị hệ thống", "is_superuser": True, "is_staff": True},
            )
            if created:
                admin.set_password(demo.DEMO_PASSWORD)
                admin.save()
            demo.load(admin)
            session_demo.load(admin)
            followup_demo.load(admin)
            # After the follow-up stories, which take the first open obligations of a council.
            oversight_demo.load(admin)
            voter_demo.load(admin)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
