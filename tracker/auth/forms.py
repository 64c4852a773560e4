from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import Email, InputRequired, Length

from tracker.auth.passwords import PASSWORD_MAX, PASSWORD_MIN, password_problem
from tracker.forms import KeptPasswordInput, PageForm, strip_text


class LoginForm(PageForm):
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[
            InputRequired(message="Enter your email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message="Enter your password"),
            Length(max=200, message="Password must be 200 characters or fewer"),
        ],
    )
    next = HiddenField()
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class ResetRequestForm(PageForm):
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        filters=[strip_text],
        validators=[
            InputRequired(message="Enter your email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            Email(message="Enter an email address in the correct format, like name@council.gov.uk",
                  check_deliverability=False),
        ],
    )
    submit = SubmitField("Send me a link", widget=GovSubmitInput())


class NewPasswordForm(PageForm):
    """Setting a password: from an invitation or reset link, or on the profile."""

    password = PasswordField(
        "New password",
        widget=KeptPasswordInput(),
        description=f"At least {PASSWORD_MIN} characters. A few unrelated words make a good one.",
        validators=[InputRequired(message="Enter a new password")],
    )
    confirm = PasswordField(
        "Confirm the new password",
        widget=KeptPasswordInput(),
        validators=[InputRequired(message="Enter the new password again")],
    )
    submit = SubmitField("Set password", widget=GovSubmitInput())

    def check_new_password(self, user) -> bool:
        """The rules of a good password, after the fields' own checks: True when it can be set."""
        if self.password.errors:
            return False
        problem = password_problem(self.password.data, email=user.email, name=user.name)
        if problem:
            self.password.errors.append(problem)
        elif not self.confirm.errors and self.confirm.data != self.password.data:
            self.confirm.errors.append("The passwords do not match: type the same password in both fields")
        return not (self.password.errors or self.confirm.errors)


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField(
        "Current password",
        widget=KeptPasswordInput(),
        validators=[InputRequired(message="Enter your current password"),
                    Length(max=PASSWORD_MAX, message="Enter your current password")],
    )
    submit = SubmitField("Change password", widget=GovSubmitInput())
