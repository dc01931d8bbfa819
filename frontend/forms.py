"""Forms of the pages. Search parameters are validated by the API's own input
serializer (search.api.SearchInput), so a page and the API accept exactly the same."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm

from papers.bookmarks import MAX_NOTE_CHARS, parse_tags


class SignupForm(UserCreationForm):
    email = forms.EmailField(required=False, help_text="Optional; only for password resets.")

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")


class BookmarkForm(forms.Form):
    note = forms.CharField(
        required=False, max_length=MAX_NOTE_CHARS, widget=forms.Textarea(attrs={"rows": 3})
    )
    tags = forms.CharField(
        required=False, max_length=1200, help_text="Separated by commas or spaces."
    )

    def clean_tags(self) -> list[str]:
        try:
            return parse_tags(self.cleaned_data["tags"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class LibraryImportForm(forms.Form):
    text = forms.CharField(
        required=False,
        label="arXiv ids, URLs or a JSON export",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    file = forms.FileField(required=False, label="or a file")

    MAX_BYTES = 2_000_000

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > self.MAX_BYTES:
                raise forms.ValidationError(f"the file is over {self.MAX_BYTES:,} bytes")
            try:
                data["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError("the file is not UTF-8 text") from None
        if not data.get("text", "").strip():
            raise forms.ValidationError("paste some ids or choose a file")
        return data


class DeleteAccountForm(forms.Form):
    password = forms.CharField(widget=forms.PasswordInput, label="Your password, to confirm")

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password
