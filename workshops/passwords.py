"""Django's password rules, refusing in plain words (settings.AUTH_PASSWORD_VALIDATORS)."""

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return f"Make your new password at least {self.min_length} characters long"


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return "Your new password is too like your %(verbose_name)s. Choose one that is not"


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return "That password is one of the most common ones. Choose one that is harder to guess"


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self):
        return "Your new password cannot be only numbers. Add some letters"
