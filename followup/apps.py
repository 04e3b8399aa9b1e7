from pathlib import Path

from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = "After the course"

    def ready(self):
        """followup sits above worksheets: it adds its part to the participant's download and
        its chapter to the PDF through their registries, so worksheets imports nothing of it."""
        from worksheets import charts, demo, personal_data
        from worksheets.pdf import context

        from . import charts as drawings
        from . import pdf
        from .demo import seed_follow_up
        from .personal_data import followup_data

        if seed_follow_up not in demo.EXTRAS:
            demo.EXTRAS.append(seed_follow_up)
        charts.register("four_way_rounds", drawings.four_way_rounds_svg)
        charts.register("goal_timeline", drawings.goal_timeline_svg)

        personal_data.ENROLLMENT_PARTS["after_the_course"] = followup_data
        here = Path(__file__).resolve().parent
        chapter = context.Chapter(
            pdf.since_the_course,
            "followup/pdf/since_the_course.html",
            (here / "pdf.py", here / "charts.py"),
        )
        if chapter not in context.CHAPTERS:
            context.CHAPTERS.append(chapter)
