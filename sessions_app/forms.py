from django import forms

from .models import Enrollment


class SharingForm(forms.ModelForm):
    class Meta:
        model = Enrollment
        fields = ["shares_answers"]
