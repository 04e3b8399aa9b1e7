from django import forms

from ..models import POST_MAX_LENGTH, Post


class PostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ["text", "is_anonymous"]
        labels = {"text": "Your post", "is_anonymous": "Post anonymously to the group"}
        help_texts = {
            "text": f"Up to {POST_MAX_LENGTH:,} characters.",
            "is_anonymous": "The other participants see “Anonymous”; your facilitators see your "
            "name.",
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "text": {
                "required": "Write something before you post.",
                "max_length": "Keep your post to %(limit_value)s characters: "
                "it has %(show_value)s.",
            }
        }
