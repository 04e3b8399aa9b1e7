import hashlib

from django import forms

from .models import MAX_ANSWER_LENGTH
from .services import AnswerSubmission


class ModuleAnswersForm(forms.Form):
    """One text box per prompt of a module, each with the answer version the page was built on."""

    def __init__(self, *args, prompts, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.prompts = list(prompts)
        self.answers = answers  # {prompt_id: Answer}
        for prompt in self.prompts:
            answer = answers.get(prompt.pk)
            self.fields[self.text_field(prompt)] = forms.CharField(
                label=prompt.text,
                required=False,
                strip=False,
                max_length=MAX_ANSWER_LENGTH,
                initial=answer.text if answer else "",
                widget=forms.Textarea(attrs={"rows": 2 if prompt.in_grid else 4}),
                error_messages={
                    "max_length": (
                        f"This answer is too long: keep it under {MAX_ANSWER_LENGTH:,} "
                        "characters (it has %(show_value)s)."
                    )
                },
            )
            self.fields[self.version_field(prompt)] = forms.IntegerField(
                min_value=0,
                required=False,
                initial=answer.version if answer else 0,
                widget=forms.HiddenInput,
            )
            self.fields[self.shown_field(prompt)] = forms.CharField(
                required=False,
                initial=text_digest(answer.text if answer else ""),
                widget=forms.HiddenInput,
            )

    @staticmethod
    def text_field(prompt) -> str:
        return f"answer-{prompt.pk}"

    @staticmethod
    def version_field(prompt) -> str:
        return f"version-{prompt.pk}"

    @staticmethod
    def shown_field(prompt) -> str:
        return f"shown-{prompt.pk}"

    def __getitem__(self, name):
        if hasattr(name, "pk"):  # allow form[prompt] in views and tests
            name = self.text_field(name)
        return super().__getitem__(name)

    def changed_submissions(self) -> list[AnswerSubmission]:
        submissions = []
        for prompt in self.prompts:
            text = self.cleaned_data.get(self.text_field(prompt), "")
            if text_digest(text) == self.cleaned_data.get(self.shown_field(prompt)):
                continue  # the person did not touch this box
            base_version = self.cleaned_data.get(self.version_field(prompt)) or 0
            submissions.append(AnswerSubmission(prompt, text, base_version))
        return submissions

    def show_conflict(self, conflict) -> None:
        """Keep the person's text in the box and move its version on, so a re-save is a choice."""
        self.data = self.data.copy()
        self.data[self.version_field(conflict.prompt)] = conflict.saved.version
        self.data[self.shown_field(conflict.prompt)] = text_digest(conflict.saved.text)
        self.add_error(
            self.text_field(conflict.prompt),
            "This answer was changed in another tab or window after you opened this page. "
            "Your text is kept below; the saved text is shown next to it. Save again to keep "
            "yours, or copy what you need from the saved one.",
        )


def text_digest(text: str) -> str:
    """A short fingerprint of the text a page showed, to tell untouched boxes from edited ones."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]
