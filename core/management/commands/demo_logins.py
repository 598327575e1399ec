from django.core.management.base import BaseCommand, CommandParser

from councils import demo


class Command(BaseCommand):
    help = "Print the demo accounts and what each one sees."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000/",
            help="The address the server is reached at (`make run` passes its HOST and PORT).",
        )

    def handle(self, *args, **options) -> None:
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD})")
        for username, _full_name, role, _key, note in demo.DEMO_USERS:
            self.stdout.write(f"  {username:<22} {role:<12} {note}")
        self.stdout.write(f"Open {options['url']} and sign in.\n")
