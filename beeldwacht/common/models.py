from django.db import models


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class DailyRun(models.Model):
    """The day a daily job last ran. Claimed with a conditional update, so that with workers
    on several machines each job runs once a day, and a restart does not run it again."""

    job = models.CharField(max_length=64, unique=True)
    last_run_on = models.DateField(null=True)
    last_success_on = models.DateField(null=True)  # for the readiness check (common.health)

    def __str__(self) -> str:
        return f"{self.job}: {self.last_run_on}"
