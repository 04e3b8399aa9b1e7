from django import forms

from ..models import POST_MAX_LENGTH, Post


class PostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ["text", "is_anonymous"]
        labels = {"text": "Your post", "is_anonymous": "Post anonymously to the group"}
        help_texts = {
            "text": f"Up to {POST_MAX_LENGTH:,} characters.",
            "is_anonymous": "The other participants and the projector see “Anonymous”; only "
            "your facilitators' export of the board has your name.",
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "text": {
                "required": "Write something before you post.",
                "max_length": "Keep your post to %(limit_value)s characters: "
                "it has %(show_value)s.",
            }
        }


class PostEditForm(PostForm):
    """The author's edit of their own post, on the version they read."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)  # none: out of date

    def __init__(self, data=None, *, instance, **kwargs):
        super().__init__(data, instance=instance, prefix=f"post-{instance.pk}", **kwargs)
        self.fields["text"].label = "Edit your post"
        if data is None:
            self.initial["version"] = instance.version
