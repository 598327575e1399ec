from django.core.management.base import BaseCommand

from councils import demo


class Command(BaseCommand):
    help = "Print the demo accounts and what each one sees."

    def handle(self, *args, **options) -> None:
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD})")
        for username, _full_name, role, _key, note in demo.DEMO_USERS:
            self.stdout.write(f"  {username:<22} {role:<12} {note}")
        self.stdout.write("Open http://127.0.0.1:8000/ and sign in.\n")
